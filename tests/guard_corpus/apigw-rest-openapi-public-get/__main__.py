"""Status page API, imported from the team's OpenAPI file: a REGIONAL REST API whose GET needs no credentials."""

import hashlib
import textwrap

import pulumi_aws as aws

OPENAPI = textwrap.dedent("""\
    openapi: 3.0.1
    info:
      title: status
      version: "2024-05-01"
    paths:
      /status:
        get:
          responses:
            "200":
              description: current status
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: GET
            uri: https://status.internal.example.com/status
      /status/incidents:
        post:
          security:
            - sigv4: []
          responses:
            "201":
              description: incident recorded
          x-amazon-apigateway-integration:
            type: http_proxy
            httpMethod: POST
            uri: https://status.internal.example.com/incidents
    components:
      securitySchemes:
        sigv4:
          type: apiKey
          name: Authorization
          in: header
          x-amazon-apigateway-authtype: awsSigv4
    """)

api = aws.apigateway.RestApi(
    "status-api",
    body=OPENAPI,
    endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
    put_rest_api_mode="merge",
)

deployment = aws.apigateway.Deployment(
    "status-deployment",
    rest_api=api.id,
    triggers={"body": api.body.apply(lambda b: hashlib.sha256(b.encode()).hexdigest())},
)

logs = aws.cloudwatch.LogGroup("status-access-logs", retention_in_days=30)

aws.apigateway.Stage(
    "status-stage",
    rest_api=api.id,
    deployment=deployment.id,
    stage_name="prod",
    access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
        destination_arn=logs.arn, format='{"requestId":"$context.requestId","ip":"$context.identity.sourceIp"}'),
)
