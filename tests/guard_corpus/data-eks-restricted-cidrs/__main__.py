"""CI cluster: public endpoint for the hosted CI runners, limited to their egress addresses and the office."""

import json

import pulumi
import pulumi_aws as aws

admin_cidrs = pulumi.Config().require_object("adminCidrs")

role = aws.iam.Role("ci-cluster", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}), managed_policy_arns=["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"])
vpc = aws.ec2.Vpc("ci", cidr_block="10.5.0.0/16")
aws.ec2.FlowLog("ci", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3",
                log_destination="arn:aws:s3:::org-flow-logs-123456789012/ci/")
subnets = [aws.ec2.Subnet(f"ci-{z}", vpc_id=vpc.id, cidr_block=f"10.5.{n * 16}.0/20", availability_zone=f"eu-west-1{z}")
           for n, z in enumerate("ab")]
cluster = aws.eks.Cluster("ci", role_arn=role.arn, vpc_config=aws.eks.ClusterVpcConfigArgs(
    subnet_ids=[s.id for s in subnets], endpoint_private_access=True, endpoint_public_access=True,
    public_access_cidrs=admin_cidrs))
pulumi.export("endpoint", cluster.endpoint)
