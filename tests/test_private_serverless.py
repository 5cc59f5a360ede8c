"""PrivateServerlessApi, ExecuteApiEndpoint and the Lambda route builder under the offline engine's mocks.

Also the pure helpers of lambda_routes and execute_api_endpoint, every argument validation error,
a first preview, and the whole dev stack (this topology only) through the policy pack.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest

from components.api_stage import ACCESS_LOG_FORMAT, StageSettings, redeployment_hash
from components.errors import ConfigError
from components.execute_api_endpoint import (
    ExecuteApiEndpoint,
    ExecuteApiEndpointArgs,
    own_account_endpoint_policy,
    regional_dns_name,
)
from components.lambda_routes import (
    FunctionSettings,
    code_files,
    function_log_policy,
    function_name,
    lambda_trust_policy,
)
from components.network import NetworkPlacement, PrivateNetwork, PrivateNetworkArgs
from components.openapi_body import lambda_invoke_uri
from components.private_serverless import (
    PrivateServerlessApi,
    PrivateServerlessApiArgs,
    private_serverless_outputs,
)
from components.resource_policy import account_apis_resource
from components.routes import Route
from private_apis.engine import recorder
from private_apis.testing import UNKNOWN, Graph, run_program
from tests.rest_api_body import (
    ANY_METHOD,
    IAM,
    INTEGRATION_KEY,
    SIGV4_SCHEME,
    body_of,
    lambda_proxy,
    operations,
    path_parameters,
    route_resource_types,
)

REPO = Path(__file__).resolve().parent.parent
COMPONENT = "private-apis:private_serverless:PrivateServerlessApi"
FORMER_COMPONENT = "private-apis:serverless:PrivateServerlessApi"
ENDPOINT_COMPONENT = "private-apis:execute_api_endpoint:ExecuteApiEndpoint"
FORMER_ENDPOINT_COMPONENT = "private-apis:endpoints:ExecuteApiEndpoint"
REST_API = "aws:apigateway/restApi:RestApi"
DEPLOYMENT = "aws:apigateway/deployment:Deployment"
STAGE = "aws:apigateway/stage:Stage"
METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
FUNCTION = "aws:lambda/function:Function"
PERMISSION = "aws:lambda/permission:Permission"
ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"

VPC_ID = "vpc-0123456789abcdef0"
SUBNETS = ("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")
OTHER_VPCE = "vpce-0fedcba9876543210"
EXISTING_VPCE = "vpce-0aaaabbbbccccdddd"
ACCOUNT = "123456789012"
VPC_CIDR = "10.40.0.0/16"
ACCOUNT_APIS = f"arn:aws:execute-api:eu-west-1:{ACCOUNT}:*/*"
"""The resource of a policy inline on a RestApi, whose id does not exist yet: every API of the account, and, attached
to one API, that API only (components/resource_policy.account_apis_resource)."""


def placement(**overrides: Any) -> NetworkPlacement:
    return NetworkPlacement(**{"vpc_id": VPC_ID, "vpc_cidr": VPC_CIDR, "private_subnet_ids": SUBNETS, **overrides})


def args(**overrides: Any) -> PrivateServerlessApiArgs:
    return PrivateServerlessApiArgs(**{"placement": placement(), **overrides})


def build(api_args: PrivateServerlessApiArgs, *, first_preview: bool = False, mocks: dict | None = None) -> Graph:
    def program() -> None:
        api = PrivateServerlessApi("svc", api_args)
        for key, value in private_serverless_outputs(api).items():
            pulumi.export(key, value)

    return run_program(program, config={"aws:region": "eu-west-1"}, first_preview=first_preview, mocks=mocks)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build(args())


def by_name(graph: Graph, token: str) -> dict[str, Any]:
    return {r.name: r for r in graph.of_type(token)}


def policy_of(graph: Graph) -> str:
    """The API's resource policy, inline on the RestApi."""
    return graph.one(REST_API).inputs["policy"]


# --------------------------------------------------------------------------- the component tree


def test_component_token_and_every_child_under_it(graph: Graph) -> None:
    component = graph.one(COMPONENT)
    endpoint = graph.one(ENDPOINT_COMPONENT)
    assert component.name == "svc"
    assert endpoint.parent == component.urn
    for resource in graph.resources:
        if resource is component:
            continue
        assert resource.parent in (component.urn, endpoint.urn), resource.urn
        assert resource.name.startswith("svc-"), resource.urn


def test_component_registers_an_alias_to_its_former_type(monkeypatch: pytest.MonkeyPatch) -> None:
    """The token changed; the alias keeps `pulumi up` from replacing the component and (through the engine's
    inheritance of a parent's aliases) everything below it. The recorded graph has no aliases, so this reads the
    registrations the monitor receives."""
    registered: dict[str, tuple[str, list[Any]]] = {}
    original = recorder.RecordingMonitor.RegisterResource

    def spy(self: recorder.RecordingMonitor, request: Any) -> Any:
        registered[request.name] = (request.type, list(request.aliases))
        return original(self, request)

    monkeypatch.setattr(recorder.RecordingMonitor, "RegisterResource", spy)

    def program() -> None:
        api = PrivateServerlessApi("svc", args())
        pulumi.export("aliases", pulumi.Output.all(*api._aliases))

    g = run_program(program, config={"aws:region": "eu-west-1"})
    for name, current, former in (("svc", COMPONENT, FORMER_COMPONENT),
                                  ("svc-vpce", ENDPOINT_COMPONENT, FORMER_ENDPOINT_COMPONENT)):
        token, aliases = registered[name]
        assert token == current
        assert [(a.WhichOneof("alias"), a.spec.type, a.spec.name) for a in aliases] == [("spec", former, "")]
    # The SDK's own view: the component's former URN, the same name under the former type.
    assert g.outputs["aliases"] == [f"urn:pulumi:test::private-apis::{FORMER_COMPONENT}::svc"]
    # Children carry no alias of their own: they inherit the component's.
    assert registered["svc-api"] == (REST_API, [])


def test_rest_api_is_private_bound_to_the_endpoint_and_defined_by_its_body(graph: Graph) -> None:
    api = graph.one(REST_API)
    endpoint = graph.one(ENDPOINT)
    assert endpoint.id.startswith("vpce-")
    assert api.inputs["endpointConfiguration"] == {"types": "PRIVATE", "vpcEndpointIds": [endpoint.id]}
    # The methods are the API's OpenAPI body, imported in overwrite mode (a removed route is gone from the API in
    # the same `up`); compact JSON with sorted keys, titled {project}-{stack}-{name}.
    assert api.inputs["putRestApiMode"] == "overwrite"
    body = body_of(graph)
    assert api.inputs["body"] == json.dumps(body, sort_keys=True, separators=(",", ":"))
    assert (body["openapi"], body["info"]) == ("3.0.1", {"title": "private-apis-test-svc", "version": "1"})
    assert isinstance(api.inputs["policy"], str)
    assert route_resource_types(graph) == []


def test_resource_policy_admits_only_the_endpoint(graph: Graph) -> None:
    vpce = graph.one(ENDPOINT).id
    # Inline on the RestApi (the body's import would clear a separate RestApiPolicy), so named by the account-scoped
    # ARN, stored as written: the execute-api:/* shorthand reads back expanded and shows a diff on every `up`
    # (hashicorp/terraform-provider-aws#5549, #15602). And, the methods being AWS_IAM, the endpoint's callers by this
    # account's root: for a same-account caller either the resource policy or its IAM policy suffices (API Gateway
    # Developer Guide, "How API Gateway resource policies affect authorization workflow", table A), so "*" would
    # admit every signed principal of the account whatever its grants.
    assert graph.of_type("aws:apigateway/restApiPolicy:RestApiPolicy") == []
    resource = ACCOUNT_APIS
    assert policy_of(graph) == (
        '{"Version":"2012-10-17","Statement":['
        f'{{"Sid":"AllowFromVpcEndpoints","Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},'
        f'"Action":"execute-api:Invoke","Resource":"{resource}",'
        f'"Condition":{{"StringEquals":{{"aws:SourceVpce":"{vpce}"}}}}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        f'"Resource":"{resource}","Condition":{{"StringNotEquals":{{"aws:SourceVpce":"{vpce}"}}}}}}]}}'
    )
    assert resource == account_apis_resource("aws", "eu-west-1", ACCOUNT)


def test_with_none_authorization_the_endpoint_alone_admits() -> None:
    # Unsigned requests carry no principal: only "*" from the endpoint can admit them; the network is the control.
    g = build(args(authorization="NONE"))
    statements = json.loads(policy_of(g))["Statement"]
    assert [(s["Sid"], s["Principal"]) for s in statements] == [("AllowFromVpcEndpoints", "*"),
                                                                 ("DenyOutsideAllowedNetworks", "*")]
    assert {s["Resource"] for s in statements} == {ACCOUNT_APIS}


def test_allowed_sources_reach_policy_and_endpoint_configuration() -> None:
    g = build(args(allowed_vpc_endpoint_ids=[OTHER_VPCE], allowed_source_vpc_ids=[VPC_ID],
                   allowed_account_ids=[ACCOUNT]))
    vpce = g.one(ENDPOINT).id
    assert g.one(REST_API).inputs["endpointConfiguration"]["vpcEndpointIds"] == [vpce, OTHER_VPCE]
    document = json.loads(policy_of(g))
    assert [s["Sid"] for s in document["Statement"]] == [
        "AllowFromVpcEndpoints", "AllowFromVpcs", "AllowFromAccounts", "DenyOutsideAllowedNetworks",
        "DenyOtherAccounts"]
    assert document["Statement"][3]["Condition"] == {
        "StringNotEquals": {"aws:SourceVpce": sorted([vpce, OTHER_VPCE]), "aws:SourceVpc": VPC_ID}}
    # Other accounts are admitted by their roots, this one's network callers by its root: nothing by "*".
    root = {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert [s["Principal"] for s in document["Statement"][:3]] == [root, root, root]
    assert document["Statement"][4]["Condition"] == {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}


# --------------------------------------------------------------------------- deployment and stage


def test_deployment_waits_for_the_api_which_waits_for_the_functions(graph: Graph) -> None:
    # The methods and the policy are inputs of the RestApi, so the deployment snapshots them by waiting for the API;
    # the API waits for the functions its integrations invoke.
    deployment = graph.one(DEPLOYMENT)
    api = graph.one(REST_API)
    assert deployment.inputs["restApi"] == api.id
    assert api.urn in deployment.property_dependencies["restApi"]
    assert api.urn in deployment.dependencies
    functions = {f.urn for f in graph.of_type(FUNCTION)}
    assert len(functions) == 2 and functions <= set(api.dependencies)
    assert route_resource_types(graph) == []
    assert deployment.options["deleteBeforeReplace"] in (None, False)


def test_triggers_hash_the_policy_endpoint_configuration_and_body(graph: Graph) -> None:
    api = graph.one(REST_API)
    assert graph.one(DEPLOYMENT).inputs["triggers"] == {"redeployment": redeployment_hash({
        "policy": api.inputs["policy"],
        "endpoint_configuration": {"types": "PRIVATE", "vpc_endpoint_ids": [graph.one(ENDPOINT).id]},
        "body": api.inputs["body"],
    })}
    # A route more is a new body, so a new deployment.
    routes = build(args(routes=["GET /entities app.list_entities", "GET /entities/{id} app.get_entity",
                                "POST /entities app.handler"]))
    assert routes.one(DEPLOYMENT).inputs["triggers"] != graph.one(DEPLOYMENT).inputs["triggers"]


def test_triggers_change_when_only_the_policy_changes(graph: Graph) -> None:
    before = graph.one(DEPLOYMENT).inputs["triggers"]
    again = build(args()).one(DEPLOYMENT).inputs["triggers"]
    after = build(args(allowed_account_ids=[ACCOUNT])).one(DEPLOYMENT).inputs["triggers"]
    assert isinstance(before, dict) and set(before) == {"redeployment"}
    assert before == again
    assert after != before


def test_triggers_change_with_endpoint_configuration_and_authorization(graph: Graph) -> None:
    before = graph.one(DEPLOYMENT).inputs["triggers"]
    assert build(args(allowed_vpc_endpoint_ids=[OTHER_VPCE])).one(DEPLOYMENT).inputs["triggers"] != before
    assert build(args(authorization="NONE")).one(DEPLOYMENT).inputs["triggers"] != before


def test_stage_logs_throttles_and_optionally_traces(graph: Graph) -> None:
    stage = graph.one(STAGE)
    assert stage.inputs["stageName"] == "v1"
    assert stage.inputs["xrayTracingEnabled"] is False
    access_logs = graph.one(LOG_GROUP, "svc-access-logs")
    assert stage.inputs["accessLogSettings"] == {"destinationArn": access_logs.outputs["arn"],
                                                 "format": ACCESS_LOG_FORMAT}
    settings = graph.one(METHOD_SETTINGS).inputs["settings"]
    assert (settings["throttlingBurstLimit"], settings["throttlingRateLimit"]) == (100, 50)
    traced = build(args(stage=StageSettings(stage_name="prod", xray_tracing=True)))
    assert traced.one(STAGE).inputs["xrayTracingEnabled"] is True
    assert all(f.inputs["tracingConfig"] == {"mode": "Active"} for f in traced.of_type(FUNCTION))


# --------------------------------------------------------------------------- routes


def test_body_paths_are_the_route_paths_with_no_resource_tree(graph: Graph) -> None:
    # API Gateway builds the resource tree from the paths on import (/entities once, serving /entities/{id}).
    assert {path: sorted(item) for path, item in body_of(graph)["paths"].items()} == {
        "/entities": ["get"], "/entities/{id}": ["get"]}
    assert graph.of_type("aws:apigateway/resource:Resource") == []


def test_methods_are_iam_authorised_with_path_parameters(graph: Graph) -> None:
    body = body_of(graph)
    found = operations(body)
    assert sorted(found) == ["GET /entities", "GET /entities/{id}"]
    assert {key: op["security"] for key, op in found.items()} == {"GET /entities": IAM, "GET /entities/{id}": IAM}
    assert body["components"] == {"securitySchemes": {"sigv4": SIGV4_SCHEME}}
    assert "parameters" not in found["GET /entities"]
    assert found["GET /entities/{id}"]["parameters"] == path_parameters("id")
    assert graph.of_type("aws:apigateway/method:Method") == []


def test_integrations_are_lambda_proxy_to_their_own_function(graph: Graph) -> None:
    functions = by_name(graph, FUNCTION)
    found = operations(body_of(graph))
    for key, slug in (("GET /entities", "get-entities"), ("GET /entities/{id}", "get-entities-id")):
        function = functions[f"svc-{slug}-function"]
        uri = lambda_invoke_uri("aws", "eu-west-1", ACCOUNT, function.inputs["name"])
        assert found[key][INTEGRATION_KEY] == lambda_proxy(uri)
        # Derived from the name, it is what the function reads back as its invoke ARN.
        assert uri == function.outputs["invokeArn"]
    assert graph.of_type("aws:apigateway/integration:Integration") == []


def test_permissions_are_scoped_to_api_stage_method_and_path(graph: Graph) -> None:
    execution_arn = graph.one(REST_API).outputs["executionArn"]
    functions = by_name(graph, FUNCTION)
    expected = {
        "svc-get-entities-permission": ("get-entities", f"{execution_arn}/v1/GET/entities"),
        "svc-get-entities-id-permission": ("get-entities-id", f"{execution_arn}/v1/GET/entities/*"),
    }
    permissions = by_name(graph, PERMISSION)
    assert sorted(permissions) == sorted(expected)
    for name, (slug, source_arn) in expected.items():
        inputs = permissions[name].inputs
        assert inputs == {"action": "lambda:InvokeFunction", "principal": "apigateway.amazonaws.com",
                          "function": functions[f"svc-{slug}-function"].outputs["name"], "sourceArn": source_arn}


def test_any_root_and_proxy_permissions() -> None:
    g = build(args(routes=["ANY / app.handler", "ANY /files/{proxy+} app.handler"]))
    execution_arn = g.one(REST_API).outputs["executionArn"]
    arns = sorted(p.inputs["sourceArn"] for p in g.of_type(PERMISSION))
    assert arns == [f"{execution_arn}/v1/*/", f"{execution_arn}/v1/*/files/*"]
    paths = body_of(g)["paths"]
    assert {path: sorted(item) for path, item in paths.items()} == {"/": [ANY_METHOD], "/files/{proxy+}": [ANY_METHOD]}
    root, proxy = paths["/"][ANY_METHOD], paths["/files/{proxy+}"][ANY_METHOD]
    assert "parameters" not in root
    assert proxy["parameters"] == path_parameters("proxy")
    for operation, slug in ((root, "any-root"), (proxy, "any-files-proxy")):
        assert operation[INTEGRATION_KEY] == lambda_proxy(
            lambda_invoke_uri("aws", "eu-west-1", ACCOUNT, g.one(FUNCTION, f"svc-{slug}-function").inputs["name"]))
    assert route_resource_types(g) == []


def test_authorization_none_is_an_explicit_opt_out() -> None:
    g = build(args(authorization="NONE"))
    body = body_of(g)
    found = operations(body)
    assert sorted(found) == ["GET /entities", "GET /entities/{id}"]
    # No security requirement is NONE, and no scheme is declared.
    assert all("security" not in op for op in found.values())
    assert "components" not in body
    assert g.of_type("aws:apigateway/method:Method") == []


# --------------------------------------------------------------------------- functions


def test_function_names_log_groups_and_code(graph: Graph) -> None:
    function = graph.one(FUNCTION, "svc-get-entities-id-function")
    name = "private-apis-test-svc-get-entities-id"
    assert function.inputs["name"] == name
    assert function.inputs["handler"] == "app.get_entity"
    assert function.inputs["runtime"] == "python3.13"
    assert function.inputs["architectures"] == ["arm64"]
    assert function.inputs["loggingConfig"]["logGroup"] == f"/aws/lambda/{name}"
    assert sorted(function.inputs["code"]["assets"]) == ["app.py", "entities.json"]
    log_group = graph.one(LOG_GROUP, "svc-get-entities-id-logs")
    assert (log_group.inputs["name"], log_group.inputs["retentionInDays"]) == (f"/aws/lambda/{name}", 30)
    assert log_group.urn in function.property_dependencies["loggingConfig"]
    assert graph.one(FUNCTION, "svc-get-entities-function").inputs["handler"] == "app.list_entities"


def test_one_least_privilege_role_per_function(graph: Graph) -> None:
    assert graph.of_type(ROLE_POLICY_ATTACHMENT) == []
    roles = by_name(graph, ROLE)
    assert sorted(roles) == ["svc-get-entities-id-role", "svc-get-entities-role"]
    for slug in ("get-entities", "get-entities-id"):
        role = roles[f"svc-{slug}-role"]
        assert role.inputs["assumeRolePolicy"] == lambda_trust_policy()
        assert "managedPolicyArns" not in role.inputs and "inlinePolicies" not in role.inputs
        policy = graph.one(ROLE_POLICY, f"svc-{slug}-role-policy")
        assert policy.inputs["role"] == role.id
        assert policy.inputs["policy"] == (
            '{"Version":"2012-10-17","Statement":[{"Sid":"WriteOwnLogGroup","Effect":"Allow",'
            '"Action":["logs:CreateLogStream","logs:PutLogEvents"],'
            f'"Resource":"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/private-apis-test-svc-{slug}'
            ':log-stream:*"}]}')
        function = graph.one(FUNCTION, f"svc-{slug}-function")
        assert function.inputs["role"] == role.outputs["arn"]
        assert policy.urn in function.dependencies


# --------------------------------------------------------------------------- the VPC endpoint


def test_endpoint_is_an_interface_in_every_subnet_with_private_dns_off(graph: Graph) -> None:
    endpoint = graph.one(ENDPOINT)
    assert endpoint.inputs["serviceName"] == "com.amazonaws.eu-west-1.execute-api"
    assert endpoint.inputs["vpcEndpointType"] == "Interface"
    assert endpoint.inputs["vpcId"] == VPC_ID
    assert endpoint.inputs["subnetIds"] == list(SUBNETS)
    assert endpoint.inputs["privateDnsEnabled"] is False
    assert endpoint.inputs["securityGroupIds"] == [graph.one(SG).id]
    assert len(endpoint.outputs["networkInterfaceIds"]) == len(SUBNETS)
    assert endpoint.inputs["policy"] == own_account_endpoint_policy("aws", "eu-west-1", ACCOUNT)


def test_endpoint_security_group_admits_443_from_the_vpc_only(graph: Graph) -> None:
    group = graph.one(SG)
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    assert graph.of_type(EGRESS) == []
    [rule] = graph.of_type(INGRESS)
    assert rule.inputs == {"securityGroupId": group.id, "description": "HTTPS from client network 10.40.0.0/16",
                           "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "10.40.0.0/16",
                           "tags": {"Name": "svc-vpce-https-cidr-1"}}


def test_endpoint_admits_listed_cidrs_and_security_groups_never_the_world() -> None:
    g = build(args(client_cidrs=["10.50.0.0/16", "fd00:1::/64"], client_security_group_ids=["sg-0123456789abcdef0"]))
    rules = sorted(g.of_type(INGRESS), key=lambda r: r.name)
    assert [(r.name, r.inputs.get("cidrIpv4"), r.inputs.get("cidrIpv6"), r.inputs.get("referencedSecurityGroupId"))
            for r in rules] == [
        ("svc-vpce-https-cidr-1", "10.50.0.0/16", None, None),
        ("svc-vpce-https-cidr-2", None, "fd00:1::/64", None),
        ("svc-vpce-https-sg-1", None, None, "sg-0123456789abcdef0"),
    ]
    for rule in rules:
        assert (rule.inputs["fromPort"], rule.inputs["toPort"], rule.inputs["ipProtocol"]) == (443, 443, "tcp")
        assert rule.inputs.get("cidrIpv4") != "0.0.0.0/0" and rule.inputs.get("cidrIpv6") != "::/0"


def test_private_dns_can_be_turned_on() -> None:
    g = build(args(private_dns_enabled=True))
    assert g.one(ENDPOINT).inputs["privateDnsEnabled"] is True


def test_existing_endpoint_is_adopted_not_created() -> None:
    lookup = {"id": EXISTING_VPCE, "vpcId": VPC_ID, "privateDnsEnabled": False,
              "networkInterfaceIds": ["eni-0123456789abcdef0", "eni-0123456789abcdef1"],
              "dnsEntries": [
                  {"dnsName": f"{EXISTING_VPCE}-abcd1234-eu-west-1a.execute-api.eu-west-1.vpce.amazonaws.com",
                   "hostedZoneId": "Z7HUB22UULQXV"},
                  {"dnsName": f"{EXISTING_VPCE}-abcd1234.execute-api.eu-west-1.vpce.amazonaws.com",
                   "hostedZoneId": "Z7HUB22UULQXV"}]}
    g = build(PrivateServerlessApiArgs(existing_vpc_endpoint_id=EXISTING_VPCE),
              mocks={"calls": {"aws:ec2/getVpcEndpoint:getVpcEndpoint": lookup}})
    assert g.of_type(ENDPOINT) == [] and g.of_type(SG) == [] and g.of_type(INGRESS) == []
    assert g.one(REST_API).inputs["endpointConfiguration"]["vpcEndpointIds"] == [EXISTING_VPCE]
    statements = json.loads(policy_of(g))["Statement"]
    assert [s["Condition"] for s in statements] == [{"StringEquals": {"aws:SourceVpce": EXISTING_VPCE}},
                                                    {"StringNotEquals": {"aws:SourceVpce": EXISTING_VPCE}}]
    api_id = g.one(REST_API).id
    assert g.outputs["serverless_vpc_endpoint_url"] == (
        f"https://{EXISTING_VPCE}-abcd1234.execute-api.eu-west-1.vpce.amazonaws.com/v1")
    assert g.outputs["serverless_alias_url"] == (
        f"https://{api_id}-{EXISTING_VPCE}.execute-api.eu-west-1.amazonaws.com/v1")
    # No security group of ours to admit consumers into: the contract leaves the key out.
    assert "serverless_vpc_endpoint_security_group_id" not in g.outputs


def test_endpoint_component_alone_in_a_private_network() -> None:
    def program() -> None:
        network = PrivateNetwork("net", PrivateNetworkArgs(az_count=3))
        endpoint = ExecuteApiEndpoint("api-vpce", ExecuteApiEndpointArgs(
            vpc_id=network.vpc_id, subnet_ids=[s.id for s in network.private_subnets],
            client_security_group_ids=[network.vpc.default_security_group_id], private_dns_enabled=True))
        pulumi.export("dns", endpoint.dns_names)
        pulumi.export("enis", endpoint.network_interface_ids)

    g = run_program(program, config={"aws:region": "eu-west-1"})
    endpoint = next(r for r in g.of_type(ENDPOINT) if r.name == "api-vpce-endpoint")
    subnets = sorted(r.id for r in g.of_type("aws:ec2/subnet:Subnet") if r.name.startswith("net-private-"))
    assert sorted(endpoint.inputs["subnetIds"]) == subnets
    assert len(g.outputs["enis"]) == 3
    assert "*.execute-api.eu-west-1.amazonaws.com" in g.outputs["dns"]


# --------------------------------------------------------------------------- outputs


def test_every_invoke_form_is_exported(graph: Graph) -> None:
    api_id = graph.one(REST_API).id
    vpce = graph.one(ENDPOINT)
    regional = vpce.outputs["dnsEntries"][0]["dnsName"]
    assert graph.outputs == {
        "serverless_api_id": api_id,
        "serverless_stage_name": "v1",
        "serverless_execution_arn": f"arn:aws:execute-api:eu-west-1:123456789012:{api_id}",
        "serverless_authorization": "AWS_IAM",
        "serverless_vpc_endpoint_id": vpce.id,
        "serverless_vpc_endpoint_dns_names": [e["dnsName"] for e in vpce.outputs["dnsEntries"]],
        "serverless_vpc_endpoint_security_group_id": graph.one(SG).id,
        "serverless_private_dns_url": f"https://{api_id}.execute-api.eu-west-1.amazonaws.com/v1",
        "serverless_vpc_endpoint_url": f"https://{regional}/v1",
        "serverless_host_header": f"{api_id}.execute-api.eu-west-1.amazonaws.com",
        "serverless_api_id_header": api_id,
        "serverless_alias_url": f"https://{api_id}-{vpce.id}.execute-api.eu-west-1.amazonaws.com/v1",
        "serverless_function_names": ["private-apis-test-svc-get-entities", "private-apis-test-svc-get-entities-id"],
    }


def test_first_preview_does_not_crash() -> None:
    g = build(args(), first_preview=True)
    assert g.one(REST_API).inputs["endpointConfiguration"]["types"] == "PRIVATE"
    assert g.one(ENDPOINT).inputs["serviceName"] == "com.amazonaws.eu-west-1.execute-api"
    # Known before anything exists, so the policy pack can check them in a first preview.
    assert all(p.inputs["policy"] != UNKNOWN for p in g.of_type(ROLE_POLICY))
    found = operations(body_of(g))
    assert {key: op["security"] for key, op in found.items()} == {"GET /entities": IAM, "GET /entities/{id}": IAM}
    assert {op[INTEGRATION_KEY]["uri"] for op in found.values()} == {
        lambda_invoke_uri("aws", "eu-west-1", ACCOUNT, f.inputs["name"]) for f in g.of_type(FUNCTION)}
    assert g.outputs["serverless_api_id"] == UNKNOWN


# --------------------------------------------------------------------------- pure helpers


def test_function_name_is_shortened_stably() -> None:
    route = Route("GET", "/entities/{id}")
    assert function_name("private-apis-dev-serverless", route) == "private-apis-dev-serverless-get-entities-id"
    long = function_name("x" * 70, route)
    assert len(long) == 64 and long == function_name("x" * 70, route)
    assert long != function_name("x" * 70, Route("GET", "/entities"))


def test_function_log_policy_with_tracing() -> None:
    assert json.loads(function_log_policy("arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f", tracing=True)) == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "WriteOwnLogGroup", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
             "Resource": "arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f:log-stream:*"},
            {"Sid": "WriteTraces", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
             "Resource": "*"},
        ],
    }


def test_code_files_skip_caches(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "util.py").write_text("y = 2\n")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "app.cpython-312.pyc").write_bytes(b"\0")
    (tmp_path / "lib" / "util.pyc").write_bytes(b"\0")
    assert list(code_files(tmp_path)) == ["app.py", "lib/util.py"]


def test_regional_dns_name_is_the_shortest_vpce_label() -> None:
    names = ["vpce-0abc-xyz-eu-west-1b.execute-api.eu-west-1.vpce.amazonaws.com",
             "execute-api.eu-west-1.amazonaws.com",
             "vpce-0abc-xyz.execute-api.eu-west-1.vpce.amazonaws.com",
             "vpce-0abc-xyz-eu-west-1a.execute-api.eu-west-1.vpce.amazonaws.com"]
    assert regional_dns_name(names) == "vpce-0abc-xyz.execute-api.eu-west-1.vpce.amazonaws.com"
    assert regional_dns_name([]) == ""


def test_own_account_endpoint_policy() -> None:
    assert own_account_endpoint_policy("aws", "eu-west-1", ACCOUNT) == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"InvokeOwnAccountApis","Effect":"Allow","Principal":"*",'
        '"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:*/*"}]}')


# --------------------------------------------------------------------------- validation: one message each


def invalid(factory: Any, **kwargs: Any) -> str:
    with pytest.raises(ConfigError) as exc:
        factory(**kwargs)
    return str(exc.value)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"routes": ["GET /entities", "GET /entities"]},
     "Invalid configuration 'routes': route 'GET /entities' is defined twice. Fix: list each method and path once"),
    ({"routes": ["FETCH /entities"]},
     "Invalid configuration 'routes': 'FETCH' is not an HTTP method API Gateway accepts. Fix: use one of GET, POST, "
     "PUT, PATCH, DELETE, HEAD, OPTIONS, ANY"),
    ({"routes": ["GET entities"]},
     "Invalid configuration 'routes': path 'entities' does not start with '/'. Fix: write the path from the API "
     "root, e.g. 'GET /entities/{id}'"),
    ({"routes": []},
     "Invalid configuration 'routes': no routes are defined. Fix: list at least one route, e.g. 'GET /entities/{id}'"),
    ({"routes": ["GET /entities app.missing"]},
     "Invalid configuration 'routes': handler 'app.missing': app.py defines no function 'missing'. Fix: define "
     "missing(event, context) in app.py or fix the handler"),
    ({"authorization": "COGNITO_USER_POOLS"},
     "Invalid configuration 'authorization': 'COGNITO_USER_POOLS' is not one of AWS_IAM, NONE. Fix: set "
     "'authorization' to one of: AWS_IAM, NONE"),
    ({"client_cidrs": ()},
     "Invalid configuration 'client_cidrs': no caller source is given, so no client could reach the VPC endpoint. "
     "Fix: list client networks in 'client_cidrs' or security groups in 'client_security_group_ids', or set "
     "'client_cidrs' to [vpc] to admit the VPC CIDR"),
    ({"client_cidrs": ["0.0.0.0/0"]},
     "Invalid configuration 'client_cidrs': '0.0.0.0/0' opens access to the whole internet. Fix: list only the "
     "operator or client networks in 'client_cidrs', e.g. 203.0.113.0/24"),
    ({"client_cidrs": ["::/0"]},
     "Invalid configuration 'client_cidrs': '::/0' opens access to the whole internet. Fix: list only the operator "
     "or client networks in 'client_cidrs', e.g. 203.0.113.0/24"),
    ({"client_security_group_ids": ["sg-nothex"]},
     "Invalid configuration 'client_security_group_ids': 'sg-nothex' is not a security group id. Fix: list security "
     "group ids in 'client_security_group_ids', sg- and 8 or 17 hex digits, e.g. sg-0123456789abcdef0"),
    ({"existing_vpc_endpoint_id": "vpce-123"},
     "Invalid configuration 'existing_vpc_endpoint_id': 'vpce-123' is not a VPC endpoint id. Fix: use the id of an "
     "execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    ({"existing_vpc_endpoint_id": EXISTING_VPCE, "client_cidrs": ["10.50.0.0/16"], "private_dns_enabled": True},
     "Invalid configuration 'existing_vpc_endpoint_id': an existing endpoint is adopted, so 'client_cidrs', "
     "'private_dns_enabled' would be ignored. Fix: configure clients and private DNS on the existing endpoint, or "
     "remove 'existing_vpc_endpoint_id' to create one"),
    ({"allowed_vpc_endpoint_ids": ["vpce-XYZ"]},
     "Invalid configuration 'allowed_vpc_endpoint_ids': 'vpce-XYZ' is not a VPC endpoint id. Fix: use the id of an "
     "execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    ({"allowed_source_vpc_ids": ["vpc-1"]},
     "Invalid configuration 'allowed_source_vpc_ids': 'vpc-1' is not a VPC id. Fix: use vpc- and 8 or 17 hex "
     "digits, e.g. vpc-0123456789abcdef0"),
    ({"allowed_account_ids": ["1234"]},
     "Invalid configuration 'allowed_account_ids': '1234' is not an AWS account id. Fix: use the 12-digit account "
     "id as a quoted string, e.g. '123456789012'"),
    ({"timeout_seconds": 30},
     "Invalid configuration 'timeout_seconds': 30 is out of range. Fix: set 'timeout_seconds' to a whole number "
     "from 1 to 29"),
    ({"runtime": "python3.9"},
     "Invalid configuration 'runtime': 'python3.9' is not one of python3.12, python3.13. Fix: set 'runtime' to one "
     "of: python3.12, python3.13"),
    ({"code_dir": "/nonexistent/code"},
     "Invalid configuration 'routes': handler 'app.list_entities' names a module that is not in /nonexistent/code. "
     "Fix: add app.py to the code directory or fix the handler"),
])
def test_args_validation(overrides: dict[str, Any], message: str) -> None:
    assert invalid(args, **overrides) == message


def test_stage_settings_validation() -> None:
    assert invalid(StageSettings, stage_name="v-1") == (
        "Invalid configuration 'stage_name': 'v-1' is not a valid stage name. Fix: set 'stage_name' to letters, "
        "digits and underscores only, e.g. v1 or dev")


def endpoint_args_of(**overrides: Any) -> ExecuteApiEndpointArgs:
    return args(**overrides).endpoint_args()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"placement": placement(private_subnet_ids=SUBNETS[:1])},
     "Invalid configuration 'placement.private_subnet_ids': 1 subnet(s) given; an endpoint in a single AZ goes down "
     "with that AZ. Fix: pass one subnet per AZ in 'placement.private_subnet_ids', at least 2"),
    ({"placement": placement(private_subnet_ids=(SUBNETS[0], SUBNETS[0]))},
     "Invalid configuration 'placement.private_subnet_ids': a subnet is listed twice. Fix: list each subnet once in "
     "'placement.private_subnet_ids'"),
    ({"placement": None},
     "Invalid configuration 'placement': no network is given for the execute-api endpoint. Fix: pass "
     "placement=network.placement(), or existing_vpc_endpoint_id to adopt an endpoint"),
])
def test_placement_validation(overrides: dict[str, Any], message: str) -> None:
    assert invalid(endpoint_args_of, **overrides) == message


def test_the_component_refuses_a_missing_placement() -> None:
    with pytest.raises(ConfigError) as exc:
        build(args(placement=None))
    assert str(exc.value) == (
        "Invalid configuration 'placement': no network is given for the execute-api endpoint. Fix: pass "
        "placement=network.placement(), or existing_vpc_endpoint_id to adopt an endpoint")


def test_client_cidrs_default_to_the_placement_vpc_cidr() -> None:
    endpoint_args = endpoint_args_of()
    assert endpoint_args.client_cidrs == (VPC_CIDR,)
    assert (endpoint_args.vpc_id, endpoint_args.subnet_ids) == (VPC_ID, SUBNETS)
    assert endpoint_args_of(placement=placement(vpc_cidr="10.41.0.0/16")).client_cidrs == ("10.41.0.0/16",)
    assert endpoint_args_of(client_cidrs=["10.50.0.0/16"]).client_cidrs == ("10.50.0.0/16",)


def test_security_groups_alone_are_a_caller_source() -> None:
    assert endpoint_args_of(client_cidrs=(), client_security_group_ids=["sg-12345678"]).client_cidrs == ()


def test_an_existing_endpoint_ignores_the_placement() -> None:
    adopted = ExecuteApiEndpointArgs(existing_endpoint_id=EXISTING_VPCE)
    assert endpoint_args_of(existing_vpc_endpoint_id=EXISTING_VPCE) == adopted
    assert endpoint_args_of(existing_vpc_endpoint_id=EXISTING_VPCE, placement=None) == adopted


def test_validation_happens_before_any_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[str] = []
    original = pulumi.Resource.__init__

    def spy(self: pulumi.Resource, t: str, name: str, *rest: Any, **kwargs: Any) -> None:
        registered.append(name)
        original(self, t, name, *rest, **kwargs)

    monkeypatch.setattr(pulumi.Resource, "__init__", spy)

    def program() -> None:
        PrivateServerlessApi("svc", args(routes=["GET /a", "GET /a"]))

    with pytest.raises(ConfigError):
        run_program(program)
    assert registered == ["private-apis-test"]  # the stack itself, nothing of the topology


def test_endpoint_args_validation() -> None:
    assert invalid(ExecuteApiEndpointArgs, existing_endpoint_id=EXISTING_VPCE, private_dns_enabled=True) == (
        "Invalid configuration 'existing_endpoint_id': an existing endpoint is adopted, so private_dns_enabled would "
        "be ignored. Fix: change those settings on the existing endpoint, or drop existing_endpoint_id to create one")
    assert invalid(ExecuteApiEndpointArgs, vpc_id=VPC_ID, subnet_ids=SUBNETS, client_cidrs=["10.0.0.0/8"],
                   endpoint_policy="{}") == (
        "Invalid configuration 'endpoint_policy': it is not a JSON policy document with a Statement. Fix: pass "
        "'endpoint_policy' as JSON text, e.g. from json.dumps(...)")


def test_function_settings_validation() -> None:
    assert invalid(FunctionSettings, code_dir=str(REPO / "functions" / "entities"), log_retention_days=31) == (
        "Invalid configuration 'log_retention_days': 31 is not a retention period CloudWatch Logs accepts. Fix: set "
        "'log_retention_days' to one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, "
        "2192, 2557, 2922, 3288, 3653")
    assert invalid(FunctionSettings, code_dir=str(REPO / "nowhere")) == (
        f"Invalid configuration 'code_dir': '{REPO / 'nowhere'}' is not a directory. Fix: point code_dir at the "
        "directory holding the handler modules")


def test_args_are_frozen() -> None:
    api_args = args()
    with pytest.raises(dataclasses.FrozenInstanceError):
        api_args.authorization = "NONE"  # type: ignore[misc]


# --------------------------------------------------------------------------- the dev stack through the pack


@pytest.mark.parametrize("first_preview", [False, True])
def test_dev_stack_topology_has_no_mandatory_violation(first_preview: bool) -> None:
    from private_apis.engine.preview import PreviewOptions, preview

    result = preview(PreviewOptions(cwd=str(REPO), stack="dev", policy_packs=[str(REPO / "policies")],
                                    config=['topologies=["private-serverless"]'], first_preview=first_preview))
    assert any(r.type == COMPONENT for r in result.graph.resources)
    assert [(v.policy, v.resource_name, v.message) for v in result.mandatory] == []
