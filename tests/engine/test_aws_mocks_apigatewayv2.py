"""The apigatewayv2 and AppSync mocks answer in AWS's formats, deterministically."""

import re

import pulumi
import pulumi_aws as aws

from private_apis.testing import UNKNOWN, run_program

REGION = "eu-west-1"
ACCOUNT = "123456789012"


def program():
    http = aws.apigatewayv2.Api("http", protocol_type="HTTP")
    ws = aws.apigatewayv2.Api("ws", protocol_type="WEBSOCKET", route_selection_expression="$request.body.action")
    route = aws.apigatewayv2.Route("route", api_id=http.id, route_key="GET /items", authorization_type="AWS_IAM")
    integration = aws.apigatewayv2.Integration("integration", api_id=http.id, integration_type="HTTP_PROXY",
                                               integration_method="GET", integration_uri="https://example.com")
    ws_integration = aws.apigatewayv2.Integration("ws-integration", api_id=ws.id, integration_type="MOCK")
    authorizer = aws.apigatewayv2.Authorizer("authorizer", api_id=http.id, authorizer_type="JWT",
                                             identity_sources=["$request.header.Authorization"],
                                             jwt_configuration={"audiences": ["a"], "issuer": "https://issuer"})
    stage = aws.apigatewayv2.Stage("stage", api_id=http.id, name="v1")
    default_stage = aws.apigatewayv2.Stage("default-stage", api_id=http.id, name="$default")
    ws_stage = aws.apigatewayv2.Stage("ws-stage", api_id=ws.id, name="live")
    domain = aws.apigatewayv2.DomainName("domain", domain_name="api.example.com", domain_name_configuration={
        "certificate_arn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc", "endpoint_type": "REGIONAL",
        "security_policy": "TLS_1_2"})
    mapping = aws.apigatewayv2.ApiMapping("mapping", api_id=http.id, domain_name=domain.id, stage=stage.id)
    link = aws.apigatewayv2.VpcLink("link", subnet_ids=["subnet-1"], security_group_ids=["sg-1"])
    graphql = aws.appsync.GraphQLApi("graphql", authentication_type="AWS_IAM", name="g")
    key = aws.appsync.ApiKey("key", api_id=graphql.id)
    permission = aws.lambda_.Permission("permission", action="lambda:InvokeFunction", function="fn",
                                        principal="apigateway.amazonaws.com",
                                        source_arn=http.execution_arn.apply(lambda arn: f"{arn}/*/*/items"))
    for name, value in {
        "http_id": http.id, "http_arn": http.arn, "http_exec": http.execution_arn, "http_endpoint": http.api_endpoint,
        "ws_id": ws.id, "ws_endpoint": ws.api_endpoint, "route": route.id, "integration": integration.id,
        "ws_selection": ws_integration.integration_response_selection_expression, "authorizer": authorizer.id,
        "stage_id": stage.id, "stage_arn": stage.arn, "stage_exec": stage.execution_arn, "stage_url": stage.invoke_url,
        "default_url": default_stage.invoke_url, "ws_url": ws_stage.invoke_url, "domain_id": domain.id,
        "domain_arn": domain.arn, "domain_config": domain.domain_name_configuration, "mapping": mapping.id,
        "link_id": link.id, "link_arn": link.arn, "graphql_id": graphql.id, "graphql_arn": graphql.arn,
        "graphql_uris": graphql.uris, "key_id": key.id, "key": key.key, "source_arn": permission.source_arn,
    }.items():
        pulumi.export(name, value)


def test_apis_have_aws_formats():
    out = run_program(program).outputs
    api = out["http_id"]
    assert re.fullmatch(r"[a-z0-9]{10}", api)
    assert out["http_arn"] == f"arn:aws:apigateway:{REGION}::/apis/{api}"
    assert out["http_exec"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}"
    assert out["http_endpoint"] == f"https://{api}.execute-api.{REGION}.amazonaws.com"
    assert out["ws_endpoint"] == f"wss://{out['ws_id']}.execute-api.{REGION}.amazonaws.com"


def test_a_permission_built_from_the_execution_arn_is_known():
    out = run_program(program).outputs
    assert out["source_arn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{out['http_id']}/*/*/items"


def test_sub_resources_have_short_ids():
    out = run_program(program).outputs
    for key in ("route", "integration"):
        assert re.fullmatch(r"[a-z0-9]{7}", out[key])
    for key in ("authorizer", "mapping", "link_id"):
        assert re.fullmatch(r"[a-z0-9]{6}", out[key])
    assert out["link_arn"] == f"arn:aws:apigateway:{REGION}::/vpclinks/{out['link_id']}"
    assert out["ws_selection"] == "${integration.response.statuscode}"


def test_stages_have_urls_and_arns():
    out = run_program(program).outputs
    api = out["http_id"]
    assert out["stage_id"] == "v1"
    assert out["stage_arn"] == f"arn:aws:apigateway:{REGION}::/apis/{api}/stages/v1"
    assert out["stage_exec"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/v1"
    assert out["stage_url"] == f"https://{api}.execute-api.{REGION}.amazonaws.com/v1"
    assert out["default_url"] == f"https://{api}.execute-api.{REGION}.amazonaws.com/"
    assert out["ws_url"] == f"wss://{out['ws_id']}.execute-api.{REGION}.amazonaws.com/live"


def test_domain_names_have_a_regional_target():
    out = run_program(program).outputs
    assert out["domain_id"] == "api.example.com"
    assert out["domain_arn"] == f"arn:aws:apigateway:{REGION}::/domainnames/api.example.com"
    config = out["domain_config"]
    assert re.fullmatch(rf"d-[a-z0-9]{{10}}\.execute-api\.{REGION}\.amazonaws\.com", config["targetDomainName"])
    assert config["hostedZoneId"] == "ZLY8HYME6SFDD"
    assert config["endpointType"] == "REGIONAL" and config["securityPolicy"] == "TLS_1_2"


def test_appsync_has_aws_formats():
    out = run_program(program).outputs
    api = out["graphql_id"]
    assert re.fullmatch(r"[a-z0-9]{26}", api)
    assert out["graphql_arn"] == f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/{api}"
    assert re.fullmatch(rf"https://[a-z0-9]{{26}}\.appsync-api\.{REGION}\.amazonaws\.com/graphql",
                        out["graphql_uris"]["GRAPHQL"])
    assert re.fullmatch(rf"wss://[a-z0-9]{{26}}\.appsync-realtime-api\.{REGION}\.amazonaws\.com/graphql",
                        out["graphql_uris"]["REALTIME"])
    assert re.fullmatch(rf"{api}:da2-[a-z0-9]{{26}}", out["key_id"])
    assert out["key"] == out["key_id"].split(":", 1)[1]


def test_values_are_deterministic():
    assert run_program(program).outputs == run_program(program).outputs


def test_first_preview_leaves_computed_outputs_unknown_and_planned_defaults_out():
    graph = run_program(program, first_preview=True)
    assert graph.outputs["http_exec"] == UNKNOWN and graph.outputs["graphql_uris"] == UNKNOWN
    route = graph.one("aws:apigatewayv2/route:Route", "route")
    assert route.inputs["authorizationType"] == "AWS_IAM"
    api = graph.one("aws:apigatewayv2/api:Api", "http")
    assert "disableExecuteApiEndpoint" not in (api.outputs or {})
