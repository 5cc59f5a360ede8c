"""Platform sandbox cluster, written from the EKS getting-started guide."""

import json

import pulumi
import pulumi_aws as aws

cluster_role = aws.iam.Role("sandbox-cluster", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"},
                   "Action": ["sts:AssumeRole", "sts:TagSession"]}],
}))
attachment = aws.iam.RolePolicyAttachment("sandbox-cluster", role=cluster_role.name,
                                          policy_arn="arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")

vpc = aws.ec2.Vpc("sandbox", cidr_block="10.80.0.0/16")
subnets = [aws.ec2.Subnet(f"sandbox-{zone}", vpc_id=vpc.id, cidr_block=f"10.80.{n}.0/24",
                          availability_zone=f"eu-west-1{zone}") for n, zone in enumerate("abc")]

cluster = aws.eks.Cluster(
    "sandbox",
    role_arn=cluster_role.arn,
    version="1.33",
    access_config={"authentication_mode": "API"},
    vpc_config={"subnet_ids": [s.id for s in subnets]},
    opts=pulumi.ResourceOptions(depends_on=[attachment]),
)

pulumi.export("kubeconfig_endpoint", cluster.endpoint)
pulumi.export("ca", cluster.certificate_authority.data)
