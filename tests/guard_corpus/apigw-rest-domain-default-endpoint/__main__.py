"""Partner reports API: IAM-only REST API on a REGIONAL custom domain with mutual TLS. The execute-api endpoint is
left on, so partners' calls can skip the domain's mTLS check."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
domain_name = config.get("domain") or "reports.partners.example.com"
truststore = config.get("truststoreUri") or "s3://partners-truststore-eu/truststore.pem"

api = aws.apigateway.RestApi("reports-api", endpoint_configuration={"types": "REGIONAL"})
reports = aws.apigateway.Resource("reports", rest_api=api.id, parent_id=api.root_resource_id, path_part="reports")
method = aws.apigateway.Method("get-reports", rest_api=api.id, resource_id=reports.id, http_method="GET",
                               authorization="AWS_IAM")
integration = aws.apigateway.Integration("get-reports-backend", rest_api=api.id, resource_id=reports.id,
                                         http_method=method.http_method, type="HTTP_PROXY",
                                         integration_http_method="GET",
                                         uri="https://reports.backend.example.com/reports")
deployment = aws.apigateway.Deployment("reports-deployment", rest_api=api.id,
                                       opts=pulumi.ResourceOptions(depends_on=[integration]))
logs = aws.cloudwatch.LogGroup("reports-access-logs", retention_in_days=90)
stage = aws.apigateway.Stage("reports-stage", rest_api=api.id, deployment=deployment.id, stage_name="v1",
                             xray_tracing_enabled=True,
                             access_log_settings={"destination_arn": logs.arn,
                                                  "format": '{"requestId":"$context.requestId"}'})

certificate = aws.acm.Certificate("reports-cert", domain_name=domain_name, validation_method="DNS")
domain = aws.apigateway.DomainName(
    "reports-domain",
    domain_name=domain_name,
    regional_certificate_arn=certificate.arn,
    endpoint_configuration={"types": "REGIONAL"},
    security_policy="TLS_1_2",
    mutual_tls_authentication={"truststore_uri": truststore},
)
aws.apigateway.BasePathMapping("reports-mapping", domain_name=domain.domain_name, rest_api=api.id,
                               stage_name=stage.stage_name)
