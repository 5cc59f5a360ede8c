"""Ledger API for back-office jobs: an HTTP API imported from an OpenAPI document in which every route is SigV4
(AWS_IAM); the CORS preflight route stays open, as browsers send no credentials on it."""

import json

import pulumi
import pulumi_aws as aws

BACKEND = "https://ledger.backend.example.com"

sigv4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}


def proxied(method: str, path: str, secured: bool = True) -> dict:
    operation = {"x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": method,
                                                     "uri": f"{BACKEND}{path}", "payloadFormatVersion": "1.0"}}
    if secured:
        operation["security"] = [{"sigv4": []}]
    return operation


document = {
    "openapi": "3.0.1",
    "info": {"title": "ledger", "version": "3"},
    "paths": {
        "/entries": {"get": proxied("GET", "/entries"), "post": proxied("POST", "/entries"),
                     "options": proxied("OPTIONS", "/entries", secured=False)},
        "/entries/{id}": {"get": proxied("GET", "/entries/{id}")},
    },
    "components": {"securitySchemes": {"sigv4": sigv4}},
}

api = aws.apigatewayv2.Api("ledger-api", protocol_type="HTTP", body=json.dumps(document), fail_on_warnings=True)
logs = aws.cloudwatch.LogGroup("ledger-logs", retention_in_days=400)
stage = aws.apigatewayv2.Stage("ledger-stage", api_id=api.id, name="$default", auto_deploy=True,
                               access_log_settings={"destination_arn": logs.arn,
                                                    "format": '{"caller":"$context.identity.caller"}'})
pulumi.export("url", stage.invoke_url)
