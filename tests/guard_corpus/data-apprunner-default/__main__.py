"""Back-office admin tool: container image from ECR, App Runner defaults, VPC connector for the database."""

import pulumi
import pulumi_aws as aws

access_role = aws.iam.Role("admin-tool-ecr", assume_role_policy=aws.iam.get_policy_document(statements=[{
    "actions": ["sts:AssumeRole"],
    "principals": [{"type": "Service", "identifiers": ["build.apprunner.amazonaws.com"]}],
}]).json)
aws.iam.RolePolicyAttachment("admin-tool-ecr", role=access_role.name,
                             policy_arn="arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess")
connector = aws.apprunner.VpcConnector("admin-tool", vpc_connector_name="admin-tool",
                                       subnets=["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
                                       security_groups=["sg-0123456789abcdef0"])

service = aws.apprunner.Service(
    "admin-tool",
    service_name="admin-tool",
    source_configuration=aws.apprunner.ServiceSourceConfigurationArgs(
        authentication_configuration=aws.apprunner.ServiceSourceConfigurationAuthenticationConfigurationArgs(
            access_role_arn=access_role.arn),
        image_repository=aws.apprunner.ServiceSourceConfigurationImageRepositoryArgs(
            image_identifier="123456789012.dkr.ecr.eu-west-1.amazonaws.com/admin-tool:1.4.2",
            image_repository_type="ECR",
            image_configuration=aws.apprunner.ServiceSourceConfigurationImageRepositoryImageConfigurationArgs(
                port="8000"),
        ),
        auto_deployments_enabled=False,
    ),
    network_configuration=aws.apprunner.ServiceNetworkConfigurationArgs(
        egress_configuration=aws.apprunner.ServiceNetworkConfigurationEgressConfigurationArgs(
            egress_type="VPC", vpc_connector_arn=connector.arn),
    ),
)
pulumi.export("url", service.service_url)
