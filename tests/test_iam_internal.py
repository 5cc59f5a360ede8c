"""IamInternalApi under the offline engine's mocks, plus its pure helpers."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.api_stage import redeployment_hash
from components.errors import ConfigError
from components.iam_internal import (
    IamInternalApi,
    IamInternalApiArgs,
    UsagePlanSettings,
    caller_restriction_policy,
    check_granted_routes,
    iam_internal_outputs,
    is_aws_managed_ssm_key,
    kms_key_arn_of,
    organization_policy,
    parse_caller_grant,
    role_name_of,
)
from components.openapi_body import lambda_invoke_uri
from components.resource_policy import private_api_policy_json
from components.routes import parse_routes
from private_apis.engine.recorder import is_secret
from private_apis.testing import UNKNOWN, Graph, run_program
from tests.rest_api_body import (
    API_KEY_SCHEME,
    IAM,
    IAM_AND_API_KEY,
    INTEGRATION_KEY,
    SIGV4_SCHEME,
    body_of,
    lambda_proxy,
    operations,
    path_parameters,
    route_resource_types,
)

ACCOUNT = "123456789012"
REGION = "eu-west-1"
REST_API = "aws:apigateway/restApi:RestApi"
DEPLOYMENT = "aws:apigateway/deployment:Deployment"
REST_API_POLICY = "aws:apigateway/restApiPolicy:RestApiPolicy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ACCOUNT_APIS = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:*/*"
"""The resource of the policy inline on the RestApi, whose id does not exist yet; attached to one API it applies to
that API only (components/resource_policy.account_apis_resource)."""


def build(args: IamInternalApiArgs | None = None, *, first_preview: bool = False,
          extra: Callable[[IamInternalApi], None] | None = None, mocks: dict[str, Any] | None = None) -> Graph:
    def program() -> None:
        api = IamInternalApi("iam", args or IamInternalApiArgs())
        for name, value in iam_internal_outputs(api).items():
            pulumi.export(name, value)
        if extra is not None:
            extra(api)

    return run_program(program, config={"aws:region": REGION}, first_preview=first_preview, mocks=mocks)


def api_id(graph: Graph) -> str:
    return graph.one("aws:apigateway/restApi:RestApi").id


def route_key(route: str) -> str:
    """``GET /user/{id}`` of ``GET /user/{id} app.get_user``."""
    return " ".join(route.split()[:2])


def invoke_policies(graph: Graph) -> dict[str, dict[str, Any]]:
    """Caller RolePolicies (not the functions' log policies), by role."""
    return {r.plain_inputs["role"]: r.plain_inputs for r in graph.of_type(ROLE_POLICY) if "-invoke-" in r.name}


# --- the API ---------------------------------------------------------------------------------------


def test_default_api_is_regional_iam_only_and_restricted_to_the_deploying_account() -> None:
    graph = build()
    api = graph.one(REST_API)
    assert api.inputs["endpointConfiguration"]["types"] == "REGIONAL"
    assert api.inputs["putRestApiMode"] == "overwrite"
    body = body_of(graph)
    assert body["info"] == {"title": "private-apis-test-iam", "version": "1"}
    # One AWS_IAM method, no API key: the sigv4 scheme alone.
    found = operations(body)
    assert {key: op["security"] for key, op in found.items()} == {"GET /user/{id}": IAM}
    assert found["GET /user/{id}"]["parameters"] == path_parameters("id")
    assert found["GET /user/{id}"][INTEGRATION_KEY] == lambda_proxy(lambda_invoke_uri(
        "aws", REGION, ACCOUNT, graph.one("aws:lambda/function:Function").inputs["name"]))
    assert body["components"] == {"securitySchemes": {"sigv4": SIGV4_SCHEME}}
    assert route_resource_types(graph) == []
    policy = json.loads(api.inputs["policy"])
    # Inline on the RestApi (the body's import would clear a separate RestApiPolicy), so named by the account-scoped
    # ARN, stored as written: the execute-api:/* shorthand reads back expanded, a diff on every `up`
    # (hashicorp/terraform-provider-aws#5549, #15602).
    resource = ACCOUNT_APIS
    assert policy["Statement"] == [
        {"Sid": "AllowFromAccounts", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "execute-api:Invoke", "Resource": resource},
        {"Sid": "DenyOtherAccounts", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": resource, "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}},
    ]
    for token in ("aws:apigateway/apiKey:ApiKey", "aws:ssm/parameter:Parameter", "aws:iam/user:User",
                  "aws:iam/accessKey:AccessKey", "aws:vpc/vpc:Vpc", "aws:ec2/vpc:Vpc"):
        assert graph.of_type(token) == []
    assert graph.secret_output_names == []


def test_children_follow_the_component_conventions() -> None:
    graph = build(IamInternalApiArgs(api_key=True, caller_grants=["orders-service GET /user/{id}"]))
    component = graph.one("private-apis:iam_internal:IamInternalApi")
    assert component.name == "iam"
    custom = [r for r in graph.resources if r.custom]
    assert custom
    assert {r.urn for r in graph.children_of(component.urn)} == {r.urn for r in custom}
    for resource in custom:
        assert resource.name.startswith("iam-"), resource.name
        assert resource.parent == component.urn, resource.name


def test_stage_has_access_logging_throttling_and_outputs() -> None:
    graph = build()
    stage = graph.one("aws:apigateway/stage:Stage")
    assert stage.inputs["stageName"] == "v1"
    assert stage.inputs["accessLogSettings"]["destinationArn"].startswith("arn:aws:logs:")
    settings_ = graph.one("aws:apigateway/methodSettings:MethodSettings").inputs["settings"]
    assert (settings_["throttlingBurstLimit"], settings_["throttlingRateLimit"]) == (100, 50.0)
    rid = api_id(graph)
    assert graph.outputs["iam_invoke_url"] == f"https://{rid}.execute-api.{REGION}.amazonaws.com/v1"
    assert graph.outputs["iam_execution_arn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{rid}"
    assert graph.outputs["iam_stage_execution_arn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{rid}/v1"


def test_lambda_permission_is_scoped_to_the_route() -> None:
    graph = build()
    permission = graph.one("aws:lambda/permission:Permission")
    assert permission.inputs["sourceArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id(graph)}/v1/GET/user/*"


def _trigger(graph: Graph) -> str:
    return graph.one("aws:apigateway/deployment:Deployment").inputs["triggers"]["redeployment"]


def test_deployment_is_redeployed_when_the_policy_the_body_or_the_key_requirement_changes() -> None:
    graph = build()
    base = _trigger(graph)
    api = graph.one(REST_API)
    assert base == redeployment_hash({"policy": api.inputs["policy"], "endpoint_configuration": {"types": "REGIONAL"},
                                      "api_key_required": False, "body": api.inputs["body"]})
    assert _trigger(build()) == base
    assert _trigger(build(IamInternalApiArgs(allowed_account_ids=[ACCOUNT, "210987654321"]))) != base
    assert _trigger(build(IamInternalApiArgs(api_key=True))) != base
    assert _trigger(build(IamInternalApiArgs(routes=("GET /user/{id} app.get_user", "POST /user")))) != base
    # The policy and the methods are the API's inputs: the deployment waits for the API, the API for its functions.
    deployment = graph.one(DEPLOYMENT)
    assert api.urn in deployment.dependencies
    assert {f.urn for f in graph.of_type("aws:lambda/function:Function")} <= set(api.dependencies)
    assert graph.of_type(REST_API_POLICY) == []


def test_organization_restriction_and_no_restriction() -> None:
    graph = build(IamInternalApiArgs(caller_restriction="organization", organization_id="o-a1b2c3d4e5"))
    policy = json.loads(graph.one(REST_API).inputs["policy"])
    resource = ACCOUNT_APIS
    assert policy == organization_policy("o-a1b2c3d4e5", account_id=ACCOUNT, resource=resource)
    # For a same-account caller either the resource policy or its IAM policy suffices (API Gateway Developer Guide,
    # "How API Gateway resource policies affect authorization workflow", table A): an Allow for every principal of
    # the organisation would also admit every signed principal of this account whatever its grants. So this
    # account is admitted by its root (delegating to its IAM policies) and left out of the organisation's Allow.
    assert policy["Statement"] == [
        {"Sid": "AllowFromAccounts", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "execute-api:Invoke", "Resource": resource},
        {"Sid": "AllowFromOrganization", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": resource, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                                             "StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}},
        {"Sid": "DenyOutsideOrganization", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": resource, "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}},
    ]
    assert graph.of_type(REST_API_POLICY) == []
    unrestricted = build(IamInternalApiArgs(caller_restriction="none"))
    assert "policy" not in unrestricted.one(REST_API).inputs
    assert unrestricted.of_type(REST_API_POLICY) == []


# --- every method AWS_IAM, also for routes added later ---------------------------------------------

LATER_ROUTES = [
    ("GET /user/{id} app.get_user", "POST /user", "ANY /{proxy+}"),
    ("GET /user/{id} app.get_user", "OPTIONS /user/{id}", "ANY /"),
    ("ANY /user/{id}", "DELETE /user/{id}/sessions", "HEAD /user"),
]


@pytest.mark.parametrize("routes", LATER_ROUTES)
def test_every_method_is_aws_iam_for_routes_added_later(routes: tuple[str, ...]) -> None:
    graph = build(IamInternalApiArgs(routes=routes, api_key=True))
    found = operations(body_of(graph))
    assert sorted(found) == sorted(route_key(r) for r in routes)
    # AWS_IAM and the API key together: one requirement naming both schemes.
    assert {key: op["security"] for key, op in found.items()} == {route_key(r): IAM_AND_API_KEY for r in routes}
    assert route_resource_types(graph) == []


_POOL = ["GET /user/{id}", "POST /user", "ANY /{proxy+}", "OPTIONS /user/{id}", "ANY /", "PUT /user/{id}",
         "PATCH /user/{id}", "DELETE /user/{id}", "HEAD /user", "GET /user/{id}/orders"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=6, unique=True))
def test_any_route_table_yields_only_aws_iam_methods(routes: list[str]) -> None:
    graph = build(IamInternalApiArgs(routes=tuple(routes)))
    found = operations(body_of(graph))
    assert sorted(found) == sorted(routes)
    assert {key: op["security"] for key, op in found.items()} == dict.fromkeys(routes, IAM)
    assert route_resource_types(graph) == []


def test_the_component_accepts_no_other_authorization() -> None:
    assert "authorization" not in {f.name for f in dataclasses.fields(IamInternalApiArgs)}
    with pytest.raises(TypeError):
        IamInternalApiArgs(authorization="NONE")  # type: ignore[call-arg]


# --- grants ----------------------------------------------------------------------------------------

GRANT_ROUTES = ("GET /user/{id} app.get_user", "POST /user", "ANY /{proxy+}", "GET /")


def test_grant_invoke_puts_the_exact_policy_on_the_role() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("billing-grant", "arn:aws:iam::123456789012:role/service/billing-service",
                         ["GET /user/{id}", "POST /user", "ANY /{proxy+}", "GET /", "GET /user/{id}"])

    graph = build(IamInternalApiArgs(routes=GRANT_ROUTES), extra=grant)
    policy = graph.named("billing-grant")
    assert policy.type == ROLE_POLICY
    assert policy.parent == graph.one("private-apis:iam_internal:IamInternalApi").urn
    assert policy.inputs["role"] == "billing-service"
    assert policy.inputs["name"] == "private-apis-test-billing-grant"
    base = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id(graph)}/v1"
    assert policy.inputs["policy"] == json.dumps({"Statement": [{
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": [f"{base}/*/*", f"{base}/GET/", f"{base}/GET/user/*", f"{base}/POST/user"],
        "Sid": "InvokeAsBillingService",
    }], "Version": "2012-10-17"}, sort_keys=True)


def test_configured_callers_each_get_their_own_policy() -> None:
    graph = build(IamInternalApiArgs(routes=GRANT_ROUTES, caller_grants=[
        "arn:aws:iam::123456789012:role/orders-service GET /user/{id}",
        "orders-service post /user",
        "reporting GET /",
    ]))
    policies = invoke_policies(graph)
    base = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id(graph)}/v1"
    assert sorted(policies) == ["orders-service", "reporting"]
    assert json.loads(policies["reporting"]["policy"])["Statement"] == [
        {"Sid": "InvokeAsReporting", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": [f"{base}/GET/"]}]
    # One role written as an ARN and as a name gets one policy with both routes.
    assert json.loads(policies["orders-service"]["policy"])["Statement"] == [
        {"Sid": "InvokeAsOrdersService", "Effect": "Allow", "Action": "execute-api:Invoke",
         "Resource": [f"{base}/GET/user/*", f"{base}/POST/user"]}]
    assert [name.split(":")[0] for name in graph.outputs["iam_caller_policy_names"]] == ["orders-service", "reporting"]
    assert graph.outputs["iam_caller_policy_names"][0].startswith("orders-service:private-apis-test-iam-invoke-")


def test_configured_callers_and_grant_invoke_create_the_same_policy() -> None:
    configured = build(IamInternalApiArgs(routes=GRANT_ROUTES,
                                          caller_grants=["reporting GET /", "reporting POST /user"]))

    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("iam-invoke-reporting", "reporting", ["GET /", "POST /user"])

    later = build(IamInternalApiArgs(routes=GRANT_ROUTES), extra=grant)
    policy, later_policy = configured.named("iam-invoke-reporting"), later.named("iam-invoke-reporting")
    assert (later_policy.type, later_policy.parent) == (policy.type, policy.parent)
    assert later_policy.inputs == policy.inputs


def test_grant_invoke_after_construction_is_a_child_outside_the_registered_outputs() -> None:
    seen: dict[str, list[str]] = {}

    def grant(api: IamInternalApi) -> None:
        policy = api.grant_invoke("late-grant", "reporting", ["GET /user/{id}"])
        assert isinstance(policy, aws.iam.RolePolicy)
        seen["caller_policies"] = sorted(api.caller_policies)

    graph = build(IamInternalApiArgs(caller_grants=["orders-service GET /user/{id}"]), extra=grant)
    component = graph.one("private-apis:iam_internal:IamInternalApi")
    assert graph.named("late-grant").parent == component.urn
    assert seen["caller_policies"] == ["orders-service"]
    assert [name.split(":")[0] for name in graph.outputs["iam_caller_policy_names"]] == ["orders-service"]


def test_grant_invoke_warns_when_a_wildcard_admits_another_route() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("late-grant", "reporting", ["GET /user/{id}"])

    graph = build(IamInternalApiArgs(routes=("GET /user/{id} app.get_user", "GET /user/{id}/orders")), extra=grant)
    assert graph.warnings == ["the grant of GET /user/{id} to reporting also admits GET /user/{id}/orders: IAM "
                              "wildcards cross '/'. Rename the route or accept the wider grant."]


def test_no_identity_policy_grants_a_wildcard() -> None:
    graph = build(IamInternalApiArgs(routes=GRANT_ROUTES, caller_grants=["orders-service ANY /{proxy+}"],
                                     invoke_user_routes=["GET /user/{id}"]))
    documents = [r.plain_inputs["policy"] for r in graph.of_type(ROLE_POLICY) if "-invoke-" in r.name]
    documents += [r.plain_inputs["policy"] for r in graph.of_type("aws:iam/userPolicy:UserPolicy")]
    assert len(documents) == 2
    for document in documents:
        for statement in json.loads(document)["Statement"]:
            assert statement["Action"] == "execute-api:Invoke"
            for resource in statement["Resource"]:
                assert resource != "*"
                assert resource.startswith(f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id(graph)}/v1/")
    text = json.dumps([r.plain_inputs for r in graph.resources])
    assert "AmazonAPIGatewayInvokeFullAccess" not in text
    assert '"execute-api:*"' not in text
    assert graph.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment") == []


def test_invoke_user_is_opt_in_and_its_secret_is_exported_only_as_a_secret() -> None:
    graph = build(IamInternalApiArgs(invoke_user_routes=["GET /user/{id}"]))
    assert graph.one("aws:iam/user:User").inputs["path"] == "/private-apis/"
    assert graph.of_type("aws:iam/accessKey:AccessKey")
    assert "iam_invoke_user_secret_access_key" in graph.secret_output_names
    assert "iam_invoke_user_access_key_id" not in graph.secret_output_names


# --- API key ---------------------------------------------------------------------------------------


def test_api_key_is_metering_on_top_of_iam_with_a_bound_usage_plan() -> None:
    graph = build(IamInternalApiArgs(api_key=True, usage_plan=UsagePlanSettings(
        rate_limit=5, burst_limit=10, quota_limit=1000, quota_period="WEEK")))
    body = body_of(graph)
    assert {key: op["security"] for key, op in operations(body).items()} == {"GET /user/{id}": IAM_AND_API_KEY}
    assert body["components"] == {"securitySchemes": {"api_key": API_KEY_SCHEME, "sigv4": SIGV4_SCHEME}}
    plan = graph.one("aws:apigateway/usagePlan:UsagePlan")
    assert plan.inputs["apiStages"] == [{"apiId": api_id(graph), "stage": "v1"}]
    stage_urn = graph.one("aws:apigateway/stage:Stage").urn
    assert stage_urn in plan.property_dependencies["apiStages"]
    assert plan.inputs["throttleSettings"] == {"rateLimit": 5.0, "burstLimit": 10}
    assert plan.inputs["quotaSettings"] == {"limit": 1000, "period": "WEEK"}
    key = graph.one("aws:apigateway/apiKey:ApiKey")
    plan_key = graph.one("aws:apigateway/usagePlanKey:UsagePlanKey").inputs
    assert plan_key == {"keyId": key.id, "keyType": "API_KEY", "usagePlanId": plan.id}


def test_api_key_is_stored_as_a_secure_string_and_exported_only_as_a_secret() -> None:
    graph = build(IamInternalApiArgs(api_key=True))
    parameter = graph.one("aws:ssm/parameter:Parameter")
    assert parameter.inputs["type"] == "SecureString"
    assert parameter.inputs["name"] == "/private-apis/test/iam/api-key"
    assert is_secret(parameter.inputs["value"])
    key = graph.one("aws:apigateway/apiKey:ApiKey")
    # pulumi-aws marks the key's value a secret output (additionalSecretOutputs), so the engine holds it as one.
    assert is_secret(key.outputs["value"])
    assert parameter.plain_inputs["value"] == key.plain_outputs["value"]
    assert graph.secret_output_names == ["iam_api_key_value"]
    assert graph.outputs["iam_api_key_parameter_name"] == "/private-apis/test/iam/api-key"
    assert graph.outputs["iam_api_key_id"] == graph.one("aws:apigateway/apiKey:ApiKey").id


def test_api_key_parameter_name_and_kms_key_can_be_chosen() -> None:
    graph = build(IamInternalApiArgs(api_key=True, api_key_parameter_name="/team/users/key",
                                     api_key_kms_key_id="alias/team"), mocks=TEAM_KEY_MOCKS)
    parameter = graph.one("aws:ssm/parameter:Parameter").inputs
    assert (parameter["name"], parameter["keyId"]) == ("/team/users/key", "alias/team")


# --- callers read the API key (issue 15) -----------------------------------------------------------
# With iamApiKey every method has apiKeyRequired, so API Gateway answers 403 to a signed caller that sends no key
# (API Gateway Developer Guide, "Choose an API key source": the key must be in the x-api-key header); callers read it
# from the SSM SecureString parameter with their own rights. The rules encoded here:
# * ssm:GetParameter on arn:{partition}:ssm:{region}:{account}:parameter/{name without the leading slash}, the
#   parameter's ARN as Parameter Store puts it in the KMS encryption context (AWS KMS Developer Guide, "How AWS
#   Systems Manager Parameter Store uses AWS KMS", Parameter Store encryption context);
# * under the default AWS managed key aws/ssm nothing more: its key policy lets every principal of the account decrypt
#   through SSM (AWS Systems Manager User Guide, "Restricting decryption of SecureString parameter values");
# * under a customer managed key, kms:Decrypt on the key ARN (never an alias: a Resource naming an alias applies to
#   the alias, not to its key, AWS KMS Developer Guide, "Using aliases to control access to KMS keys"), conditioned
#   on kms:ViaService ssm.{region}.amazonaws.com ("AWS KMS condition keys") and on
#   kms:EncryptionContext:PARAMETER_ARN (the Parameter Store page's own example policy).

PARAMETER_ARN = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/private-apis/test/iam/api-key"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"
TEAM_KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321"
# An alias is resolved with DescribeKey (aws.kms.get_key); the offline engine answers it from --mocks.
TEAM_KEY_MOCKS = {"calls": {"aws:kms/getKey:getKey": {"arn": TEAM_KEY_ARN, "id": TEAM_KEY_ARN,
                                                       "keyId": "0987dcba-09fe-87dc-65ba-ab0987654321"}}}
READ = {"Sid": "ReadApiKeyParameter", "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": PARAMETER_ARN}


def decrypt(key_arn: str, parameter_arn: str = PARAMETER_ARN) -> dict[str, Any]:
    return {"Sid": "DecryptApiKeyParameter", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn,
            "Condition": {"StringEquals": {"kms:ViaService": f"ssm.{REGION}.amazonaws.com",
                                           "kms:EncryptionContext:PARAMETER_ARN": parameter_arn}}}


def statements_of(resource: Any) -> list[dict[str, Any]]:
    return json.loads(resource.plain_inputs["policy"])["Statement"]


def test_with_the_api_key_every_configured_caller_may_read_exactly_its_parameter() -> None:
    graph = build(IamInternalApiArgs(api_key=True, caller_grants=["orders-service GET /user/{id}",
                                                                  "reporting GET /user/{id}"]))
    base = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id(graph)}/v1"
    parameter = graph.one("aws:ssm/parameter:Parameter")
    assert f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter{parameter.inputs['name']}" == PARAMETER_ARN
    for role, policy in invoke_policies(graph).items():
        sid = "InvokeAsOrdersService" if role == "orders-service" else "InvokeAsReporting"
        assert json.loads(policy["policy"])["Statement"] == [
            {"Sid": sid, "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": [f"{base}/GET/user/*"]},
            READ], role


def test_without_the_api_key_callers_get_invoke_only() -> None:
    graph = build(IamInternalApiArgs(caller_grants=["orders-service GET /user/{id}"],
                                     invoke_user_routes=["GET /user/{id}"]))
    documents = [*invoke_policies(graph).values(), graph.one("aws:iam/userPolicy:UserPolicy").plain_inputs]
    for document in documents:
        assert [s["Action"] for s in json.loads(document["policy"])["Statement"]] == ["execute-api:Invoke"]


@pytest.mark.parametrize(("key_id", "key_arn"), [
    (KEY_ID, KEY_ARN),
    (KEY_ARN, KEY_ARN),
    ("alias/team", TEAM_KEY_ARN),
    (f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/team", TEAM_KEY_ARN),
])
def test_a_customer_managed_key_is_granted_for_decrypt_through_ssm_of_this_parameter(key_id: str,
                                                                                     key_arn: str) -> None:
    graph = build(IamInternalApiArgs(api_key=True, api_key_kms_key_id=key_id, api_key_parameter_name="/team/key",
                                     caller_grants=["orders-service GET /user/{id}"]), mocks=TEAM_KEY_MOCKS)
    team_parameter = f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/team/key"
    assert graph.one("aws:ssm/parameter:Parameter").inputs["keyId"] == key_id
    assert statements_of(graph.named("iam-invoke-orders-service"))[1:] == [
        READ | {"Resource": team_parameter}, decrypt(key_arn, team_parameter)]


def test_the_aws_managed_key_named_explicitly_needs_no_decrypt_grant() -> None:
    graph = build(IamInternalApiArgs(api_key=True, api_key_kms_key_id="alias/aws/ssm",
                                     caller_grants=["orders-service GET /user/{id}"]))
    assert statements_of(graph.named("iam-invoke-orders-service"))[1:] == [READ]


def test_grant_invoke_after_construction_and_the_invoke_user_read_the_key_too() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("late-grant", "reporting", ["GET /user/{id}"])

    graph = build(IamInternalApiArgs(api_key=True, api_key_kms_key_id=KEY_ARN, invoke_user_routes=["GET /user/{id}"]),
                  extra=grant)
    for resource in (graph.named("late-grant"), graph.one("aws:iam/userPolicy:UserPolicy")):
        assert statements_of(resource)[1:] == [READ, decrypt(KEY_ARN)], resource.name


def test_the_dev_stack_callers_can_read_the_key(stack_preview: Any) -> None:
    graph = stack_preview("dev").graph
    parameter = graph.one("aws:ssm/parameter:Parameter")
    api = graph.one("aws:apigateway/restApi:RestApi", "iam-api")
    arn = api.outputs["executionArn"]
    region, account = arn.split(":")[3], arn.split(":")[4]
    read = READ | {"Resource": f"arn:aws:ssm:{region}:{account}:parameter{parameter.inputs['name']}"}
    callers = [r for r in graph.of_type(ROLE_POLICY) if r.name.startswith("iam-invoke-")]
    assert [r.inputs["role"] for r in callers] == ["orders-service"]
    for caller in callers:
        assert statements_of(caller)[1:] == [read]


# --- first preview ---------------------------------------------------------------------------------


def test_first_preview_does_not_crash() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("extra-grant", "reporting", ["GET /user/{id}"])

    graph = build(IamInternalApiArgs(api_key=True, caller_grants=["orders-service GET /user/{id}"],
                                     invoke_user_routes=["GET /user/{id}"]), first_preview=True, extra=grant)
    # The body is known before anything exists, so the pack judges every method in a first preview.
    assert {key: op["security"] for key, op in operations(body_of(graph)).items()} == {
        "GET /user/{id}": IAM_AND_API_KEY}
    assert graph.named("extra-grant").inputs["policy"] == UNKNOWN
    assert graph.one("aws:ssm/parameter:Parameter").inputs["type"] == "SecureString"


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"caller_grants": ["orders-service GET /users/{id}"]},
     "Invalid configuration 'caller_grants[0]': 'GET /users/{id}' is not a route of the API. "
     "Fix: grant one of: GET /user/{id}"),
    ({"caller_grants": ["orders-service GET"]},
     "Invalid configuration 'caller_grants[0]': 'orders-service GET' is not 'CALLER METHOD /path'. Fix: write the "
     "caller role (name or ARN), the method and the path, e.g. "
     "'arn:aws:iam::123456789012:role/orders-service GET /user/{id}'"),
    ({"caller_grants": ["arn:aws:iam::123456789012:user/alice GET /user/{id}"]},
     "Invalid configuration 'caller_grants[0]': 'arn:aws:iam::123456789012:user/alice' is not an IAM role name or "
     "role ARN. Fix: name an existing caller role, e.g. orders-service or "
     "arn:aws:iam::123456789012:role/orders-service"),
    ({"caller_restriction": "organization"},
     "Invalid configuration 'organization_id': 'caller_restriction' is organization but no organization id is "
     "given. Fix: set 'organization_id' to your AWS Organizations id, e.g. o-a1b2c3d4e5"),
    ({"caller_restriction": "organization", "organization_id": "org-1"},
     "Invalid configuration 'organization_id': 'org-1' is not an AWS Organizations id. Fix: use the id from the "
     "Organizations console, o- and 10 to 32 lower-case letters or digits, e.g. o-a1b2c3d4e5"),
    ({"caller_restriction": "public"},
     "Invalid configuration 'caller_restriction': 'public' is not one of account, organization, none. "
     "Fix: set 'caller_restriction' to one of: account, organization, none"),
    ({"caller_restriction": "none", "allowed_account_ids": ["123456789012"]},
     "Invalid configuration 'allowed_account_ids': 'caller_restriction' is none, so the account list would be "
     "ignored. Fix: set 'caller_restriction' to account or remove 'allowed_account_ids'"),
    ({"organization_id": "o-a1b2c3d4e5"},
     "Invalid configuration 'organization_id': an organization id is given but 'caller_restriction' is account, so "
     "it would be ignored. Fix: set 'caller_restriction' to organization, or remove 'organization_id'"),
    ({"api_key_parameter_name": "/team/users/key"},
     "Invalid configuration 'api_key_parameter_name': a parameter name is given but 'api_key' is false, so no API "
     "key is stored in it. Fix: set 'api_key' to true, or remove 'api_key_parameter_name'"),
    ({"api_key": True, "api_key_parameter_name": "/ssm/users/key"},
     "Invalid configuration 'api_key_parameter_name': '/ssm/users/key' begins with 'ssm', a prefix AWS reserves for "
     "its own parameters. Fix: choose a path that does not begin with aws or ssm, e.g. "
     "/private-apis/dev/iam/api-key"),
    ({"caller_grants": ["rôle GET /user/{id}"]},
     "Invalid configuration 'caller_grants[0]': 'rôle' is not an IAM role name or role ARN. Fix: name an existing "
     "caller role, e.g. orders-service or arn:aws:iam::123456789012:role/orders-service"),
    ({"allowed_account_ids": ["12345"]},
     "Invalid configuration 'allowed_account_ids': '12345' is not an AWS account id. Fix: use the 12-digit account "
     "id as a quoted string, e.g. '123456789012'"),
    ({"invoke_user_routes": ["DELETE /user/{id}"]},
     "Invalid configuration 'invoke_user_routes': 'DELETE /user/{id}' is not a route of the API. "
     "Fix: grant one of: GET /user/{id}"),
    ({"api_key": True, "api_key_parameter_name": "api-key"},
     "Invalid configuration 'api_key_parameter_name': 'api-key' is not an SSM parameter path. Fix: use a path from "
     "the root such as /private-apis/dev/iam/api-key"),
    ({"routes": ("GET /user/{id} app.missing",)},
     "Invalid configuration 'routes': handler 'app.missing': app.py defines no function 'missing'. "
     "Fix: define missing(event, context) in app.py or fix the handler"),
])
def test_invalid_args_fail_with_one_exact_message(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        IamInternalApiArgs(**kwargs)
    assert str(caught.value) == message


def test_usage_plan_settings_are_validated() -> None:
    with pytest.raises(ConfigError) as caught:
        UsagePlanSettings(quota_period="YEAR")
    assert str(caught.value) == ("Invalid configuration 'quota_period': 'YEAR' is not one of DAY, WEEK, MONTH. "
                                 "Fix: set 'quota_period' to one of: DAY, WEEK, MONTH")
    with pytest.raises(ConfigError) as caught:
        UsagePlanSettings(rate_limit=0)
    assert str(caught.value) == ("Invalid configuration 'rate_limit': 0 is out of range. Fix: set 'rate_limit' to a "
                                 "number above 0 and at most 10000")


def test_a_caller_role_of_another_account_is_refused_at_construction() -> None:
    with pytest.raises(ConfigError) as caught:
        build(IamInternalApiArgs(caller_grants=["arn:aws:iam::210987654321:role/orders-service GET /user/{id}"]))
    assert str(caught.value) == (
        "Invalid configuration 'caller_grants': role 'arn:aws:iam::210987654321:role/orders-service' is in account "
        "210987654321, not the deploying account 123456789012. Fix: grant it from a stack in that account with this "
        "API's execution ARN, and admit that account in allowed_account_ids")


def test_grant_invoke_refuses_routes_the_api_does_not_have() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("typo", "orders-service", ["GET /user"])

    with pytest.raises(ConfigError, match=r"^Invalid configuration 'routes': 'GET /user' is not a route of the API"):
        build(extra=grant)


def test_grant_invoke_refuses_a_role_of_another_account() -> None:
    def grant(api: IamInternalApi) -> None:
        api.grant_invoke("foreign", "arn:aws:iam::210987654321:role/orders-service", ["GET /user/{id}"])

    with pytest.raises(ConfigError, match=r"^Invalid configuration 'role_name_or_arn': role .* is in account "
                                          r"210987654321, not the deploying account 123456789012"):
        build(extra=grant)


# --- pure helpers ----------------------------------------------------------------------------------


def test_pure_helpers() -> None:
    assert role_name_of("arn:aws:iam::123456789012:role/team/a/orders", "k") == "orders"
    assert role_name_of("orders", "k", ACCOUNT) == "orders"
    assert parse_caller_grant("orders get /user/{id}", "k") == ("orders", "GET /user/{id}")
    table = parse_routes(["GET /user/{id}", "ANY /{proxy+}"], "routes")
    assert check_granted_routes(["any /{proxy+}", "GET /user/{id}", "GET /user/{id}"], table, "k") == [
        ("ANY", "/{proxy+}"), ("GET", "/user/{id}")]
    assert caller_restriction_policy("none", account_ids=[ACCOUNT], organization_id=None, account_id=ACCOUNT,
                                     region=REGION) is None
    with pytest.raises(ConfigError, match="organization_id"):
        caller_restriction_policy("organization", account_ids=[], organization_id=None, account_id=ACCOUNT,
                                  region=REGION)
    # Inline on the RestApi: the account-scoped ARN of the region and partition.
    assert caller_restriction_policy("account", account_ids=[ACCOUNT], organization_id=None, account_id=ACCOUNT,
                                     region=REGION) == private_api_policy_json(account_ids=[ACCOUNT],
                                                                               resource=ACCOUNT_APIS)
    assert json.loads(caller_restriction_policy(
        "organization", account_ids=[], organization_id="o-a1b2c3d4e5", account_id=ACCOUNT, region="cn-north-1",
        partition="aws-cn")) == organization_policy("o-a1b2c3d4e5", account_id=ACCOUNT, partition="aws-cn",
                                                    resource=f"arn:aws-cn:execute-api:cn-north-1:{ACCOUNT}:*/*")
    assert kms_key_arn_of(KEY_ID, partition="aws", region=REGION, account_id=ACCOUNT) == KEY_ARN
    assert kms_key_arn_of(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/mrk-1", partition="aws", region=REGION,
                          account_id=ACCOUNT) == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/mrk-1"
    for alias in ("alias/team", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/team"):
        assert kms_key_arn_of(alias, partition="aws", region=REGION, account_id=ACCOUNT) is None
    assert [is_aws_managed_ssm_key(k) for k in (None, "alias/aws/ssm", f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/ssm",
                                                "alias/team")] == [True, True, True, False]
