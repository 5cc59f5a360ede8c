"""ML platform: Studio in VpcOnly mode, a notebook instance without direct internet access, VPC endpoints."""

import json

import pulumi_aws as aws

REGION = "eu-west-1"
vpc = aws.ec2.Vpc("ml", cidr_block="10.77.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
aws.ec2.FlowLog("ml", vpc_id=vpc.id, traffic_type="ALL", log_destination_type="s3",
                log_destination="arn:aws:s3:::org-flow-logs-123456789012/ml/")
subnets = [aws.ec2.Subnet(f"ml-{z}", vpc_id=vpc.id, cidr_block=f"10.77.{i}.0/24", availability_zone=f"{REGION}{z}")
           for i, z in enumerate("ab", start=1)]
studio_sg = aws.ec2.SecurityGroup("ml-studio", vpc_id=vpc.id, description="Studio apps and notebooks")
endpoint_sg = aws.ec2.SecurityGroup("ml-endpoints", vpc_id=vpc.id, description="SageMaker interface endpoints",
                                    ingress=[{"protocol": "tcp", "from_port": 443, "to_port": 443,
                                              "security_groups": [studio_sg.id]}])
for service in ("sagemaker.api", "sagemaker.runtime", "sts"):
    aws.ec2.VpcEndpoint(f"ml-{service.replace('.', '-')}", vpc_id=vpc.id,
                        service_name=f"com.amazonaws.{REGION}.{service}", vpc_endpoint_type="Interface",
                        subnet_ids=[s.id for s in subnets], security_group_ids=[endpoint_sg.id],
                        private_dns_enabled=True)

role = aws.iam.Role("ml-execution", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))

aws.sagemaker.Domain(
    "ml",
    domain_name="ml-platform",
    auth_mode="IAM",
    vpc_id=vpc.id,
    subnet_ids=[s.id for s in subnets],
    app_network_access_type="VpcOnly",
    default_user_settings={"execution_role": role.arn, "security_groups": [studio_sg.id]},
)
aws.sagemaker.NotebookInstance(
    "ml-scratch",
    role_arn=role.arn,
    instance_type="ml.t3.medium",
    subnet_id=subnets[0].id,
    security_groups=[studio_sg.id],
    direct_internet_access="Disabled",
    root_access="Disabled",
)
