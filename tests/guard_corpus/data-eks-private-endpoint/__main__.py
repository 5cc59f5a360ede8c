"""Payments cluster: private API endpoint only; operators come in through the VPN attached to the VPC."""

import pulumi
import pulumi_aws as aws
from pulumi_aws import eks, iam

assume = iam.get_policy_document_output(statements=[iam.GetPolicyDocumentStatementArgs(
    actions=["sts:AssumeRole", "sts:TagSession"],
    principals=[iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=["eks.amazonaws.com"])],
)])
role = iam.Role("payments-eks", assume_role_policy=assume.json)
iam.RolePolicyAttachment("payments-eks", role=role.name, policy_arn="arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")

vpc = aws.ec2.Vpc("payments", cidr_block="10.90.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
log_bucket = aws.s3.Bucket("payments-flow-logs")
aws.ec2.FlowLog("payments", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3",
                log_destination=log_bucket.arn)
private = [aws.ec2.Subnet(f"payments-private-{zone}", vpc_id=vpc.id, cidr_block=f"10.90.{16 * n}.0/20",
                          availability_zone=f"eu-west-1{zone}") for n, zone in enumerate("abc")]
control_plane = aws.ec2.SecurityGroup("payments-control-plane", vpc_id=vpc.id,
                                      description="EKS API from the VPN range")
aws.vpc.SecurityGroupIngressRule("vpn-to-api", security_group_id=control_plane.id, cidr_ipv4="10.255.0.0/16",
                                 ip_protocol="tcp", from_port=443, to_port=443)

cluster = eks.Cluster(
    "payments",
    eks.ClusterArgs(
        role_arn=role.arn,
        version="1.33",
        vpc_config=eks.ClusterVpcConfigArgs(
            subnet_ids=[s.id for s in private],
            security_group_ids=[control_plane.id],
            endpoint_private_access=True,
            endpoint_public_access=False,
        ),
        access_config=eks.ClusterAccessConfigArgs(authentication_mode="API"),
        enabled_cluster_log_types=["api", "audit", "authenticator"],
    ),
)
pulumi.export("endpoint", cluster.endpoint)
