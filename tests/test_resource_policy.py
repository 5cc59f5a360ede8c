"""The resource-policy generator (components/resource_policy.py): exact JSON and what it admits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.errors import ConfigError
from components.resource_policy import (
    account_apis_resource,
    api_resource,
    check_account_id,
    check_vpc_endpoint_id,
    check_vpc_id,
    network_principal_account,
    private_api_policy,
    private_api_policy_json,
    private_domain_name_resource,
)

VPCE_A = "vpce-0a1b2c3d4e5f60718"
VPCE_B = "vpce-1234abcd"
VPC_A = "vpc-0123456789abcdef0"
ACCOUNT_A = "111122223333"
ACCOUNT_B = "444455556666"
API_ARN = f"arn:aws:execute-api:eu-west-1:{ACCOUNT_A}:a1b2c3d4e5"
RESOURCE = f"{API_ARN}/*"


def policy(**kwargs: Any) -> dict[str, Any]:
    return private_api_policy(resource=RESOURCE, **kwargs)


def policy_json(**kwargs: Any) -> str:
    return private_api_policy_json(resource=RESOURCE, **kwargs)


# --------------------------------------------------------------------------- exact JSON per source kind


def test_vpc_endpoint_source_exact_json() -> None:
    assert policy_json(vpc_endpoint_ids=[VPCE_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcEndpoints","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f60718"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f60718"}}}]}'
    )


def test_several_vpc_endpoints_are_sorted_and_deduplicated() -> None:
    document = policy(vpc_endpoint_ids=[VPCE_B, VPCE_A, VPCE_B])
    assert document["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}
    assert document["Statement"][1]["Condition"] == {"StringNotEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}


def test_source_vpc_exact_json() -> None:
    assert policy_json(source_vpc_ids=[VPC_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcs","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-0123456789abcdef0"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-0123456789abcdef0"}}}]}'
    )


def test_accounts_exact_json() -> None:
    assert policy_json(account_ids=[ACCOUNT_B, ACCOUNT_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromAccounts","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root",'
        '"arn:aws:iam::444455556666:root"]},"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*"},'
        '{"Sid":"DenyOtherAccounts","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":["111122223333",'
        '"444455556666"]}}}]}'
    )


def test_all_source_kinds_together() -> None:
    assert policy(vpc_endpoint_ids=[VPCE_A], source_vpc_ids=[VPC_A], account_ids=[ACCOUNT_A],
                  partition="aws-cn") == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AllowFromVpcEndpoints", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": RESOURCE, "Condition": {"StringEquals": {"aws:SourceVpce": VPCE_A}}},
            {"Sid": "AllowFromVpcs", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": RESOURCE, "Condition": {"StringEquals": {"aws:SourceVpc": VPC_A}}},
            {"Sid": "AllowFromAccounts", "Effect": "Allow", "Principal": {"AWS": "arn:aws-cn:iam::111122223333:root"},
             "Action": "execute-api:Invoke", "Resource": RESOURCE},
            # One condition block with both keys: IAM ANDs them, so only a request from neither is denied.
            {"Sid": "DenyOutsideAllowedNetworks", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": RESOURCE,
             "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE_A, "aws:SourceVpc": VPC_A}}},
            {"Sid": "DenyOtherAccounts", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": RESOURCE, "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT_A}}},
        ],
    }


def test_json_is_the_dict_serialised() -> None:
    kwargs = {"vpc_endpoint_ids": [VPCE_A], "account_ids": [ACCOUNT_A], "resource": RESOURCE}
    assert json.loads(private_api_policy_json(**kwargs)) == private_api_policy(**kwargs)


# --------------------------------------------------------------------------- errors


def test_no_source_at_all() -> None:
    with pytest.raises(ConfigError) as exc:
        policy()
    assert str(exc.value) == ("Invalid configuration 'resource_policy': no caller source is given, so the policy "
                              "would admit nobody. Fix: list at least one VPC endpoint id, source VPC id or account id")


@pytest.mark.parametrize(("check", "value", "message"), [
    (check_vpc_endpoint_id, "vpce-123", "Invalid configuration 'k': 'vpce-123' is not a VPC endpoint id. Fix: use the "
     "id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    (check_vpc_endpoint_id, "vpc-0123456789abcdef0", "Invalid configuration 'k': 'vpc-0123456789abcdef0' is not a VPC "
     "endpoint id. Fix: use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. "
     "vpce-0123456789abcdef0"),
    (check_vpc_endpoint_id, "VPCE-0123456789ABCDEF0", "Invalid configuration 'k': 'VPCE-0123456789ABCDEF0' is not a "
     "VPC endpoint id. Fix: use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. "
     "vpce-0123456789abcdef0"),
    (check_vpc_id, "vpc-xyz", "Invalid configuration 'k': 'vpc-xyz' is not a VPC id. Fix: use vpc- and 8 or 17 hex "
     "digits, e.g. vpc-0123456789abcdef0"),
    (check_account_id, 123456789012, "Invalid configuration 'k': 123456789012 is not an AWS account id. Fix: use the "
     "12-digit account id as a quoted string, e.g. '123456789012'"),
    (check_account_id, "12345", "Invalid configuration 'k': '12345' is not an AWS account id. Fix: use the 12-digit "
     "account id as a quoted string, e.g. '123456789012'"),
])
def test_malformed_ids(check: Any, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        check(value, "k")
    assert str(exc.value) == message


def test_malformed_id_inside_the_generator_names_the_key() -> None:
    with pytest.raises(ConfigError) as exc:
        policy(vpc_endpoint_ids=["vpce-nothex00"], key="allowed_vpc_endpoint_ids")
    assert str(exc.value).startswith("Invalid configuration 'allowed_vpc_endpoint_ids': 'vpce-nothex00' is not")


def test_a_single_string_is_not_a_list() -> None:
    with pytest.raises(ConfigError) as exc:
        policy(vpc_endpoint_ids=VPCE_A)
    assert str(exc.value) == ("Invalid configuration 'resource_policy': expected a list, got the single string "
                              "'vpce-0a1b2c3d4e5f60718'. Fix: write 'resource_policy' as a list")


def test_bad_partition() -> None:
    with pytest.raises(ConfigError) as exc:
        policy(vpc_endpoint_ids=[VPCE_A], partition="azure")
    assert str(exc.value) == ("Invalid configuration 'resource_policy': 'azure' is not an AWS partition. "
                              "Fix: use aws, aws-cn or aws-us-gov")


# --------------------------------------------------------------------------- what the policy admits (properties)

Request = Mapping[str, str | None]


def _matches(condition: Mapping[str, Mapping[str, Any]] | None, request: Request) -> bool:
    """IAM condition evaluation for the two operators the generator emits (keys ANDed, values ORed)."""
    for operator, tests in (condition or {}).items():
        for context_key, expected in tests.items():
            values = expected if isinstance(expected, list) else [expected]
            actual = request.get(context_key)
            if operator == "StringEquals" and actual not in values:
                return False
            # A missing key is "not equal" to every value, so the negated test holds.
            if operator == "StringNotEquals" and actual in values:
                return False
    return True


def _principal_matches(principal: Any, request: Request) -> bool:
    if principal == "*":
        return True
    arns = principal["AWS"] if isinstance(principal["AWS"], list) else [principal["AWS"]]
    return request.get("aws:PrincipalAccount") in {arn.split(":")[4] for arn in arns}


def admits(document: Mapping[str, Any], request: Request) -> bool:
    """An explicit Deny wins; otherwise any matching Allow admits."""
    matching = [s for s in document["Statement"]
                if _principal_matches(s["Principal"], request) and _matches(s.get("Condition"), request)]
    return any(s["Effect"] == "Allow" for s in matching) and not any(s["Effect"] == "Deny" for s in matching)


_hex17 = st.text("0123456789abcdef", min_size=17, max_size=17)
VPCES = st.lists(_hex17.map(lambda h: f"vpce-{h}"), max_size=3)
VPCS = st.lists(_hex17.map(lambda h: f"vpc-{h}"), max_size=3)
ACCOUNTS = st.lists(st.text("0123456789", min_size=12, max_size=12), max_size=3)


@settings(max_examples=200, deadline=None)
@given(vpces=VPCES, vpcs=VPCS, accounts=ACCOUNTS, data=st.data())
def test_admits_exactly_the_listed_sources(vpces: list[str], vpcs: list[str], accounts: list[str],
                                           data: st.DataObject) -> None:
    if not (vpces or vpcs or accounts):
        return
    document = policy(vpc_endpoint_ids=vpces, source_vpc_ids=vpcs, account_ids=accounts)
    # Requests from listed and unlisted sources, and with keys missing (unsigned, or not through a VPC).
    request = {
        "aws:SourceVpce": data.draw(st.sampled_from([None, "vpce-ffffffffffffffff0", *vpces])),
        "aws:SourceVpc": data.draw(st.sampled_from([None, "vpc-ffffffffffffffff0", *vpcs])),
        "aws:PrincipalAccount": data.draw(st.sampled_from([None, "999999999999", *accounts])),
    }
    network_ok = not (vpces or vpcs) or request["aws:SourceVpce"] in vpces or request["aws:SourceVpc"] in vpcs
    account_ok = not accounts or request["aws:PrincipalAccount"] in accounts
    assert admits(document, request) == (network_ok and account_ok)


@settings(max_examples=100, deadline=None)
@given(vpces=VPCES, vpcs=VPCS, accounts=ACCOUNTS)
def test_every_public_allow_is_guarded_by_a_deny(vpces: list[str], vpcs: list[str], accounts: list[str]) -> None:
    if not (vpces or vpcs or accounts):
        return
    statements = policy(vpc_endpoint_ids=vpces, source_vpc_ids=vpcs, account_ids=accounts)["Statement"]
    for statement in statements:
        if statement["Effect"] == "Allow" and statement["Principal"] == "*":
            assert set(statement["Condition"]["StringEquals"]) <= {"aws:SourceVpce", "aws:SourceVpc"}
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert denies and all(s["Principal"] == "*" and s["Resource"] == RESOURCE for s in denies)


@settings(max_examples=100, deadline=None)
@given(vpces=VPCES.filter(bool), data=st.data())
def test_order_and_repetition_do_not_change_the_document(vpces: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(vpces + vpces[:1]))
    assert policy_json(vpc_endpoint_ids=shuffled) == policy_json(vpc_endpoint_ids=vpces)


# --------------------------------------------------------------------------- the resource: full ARNs (issue 15)

# API Gateway stores the execute-api:/* shorthand expanded to arn:aws:execute-api:{region}:{account}:{api-id}/*, so a
# policy written with it never equals what the provider reads back and shows "~ update" on every `up`
# (hashicorp/terraform-provider-aws#5549 "Terraform constantly updates resource policy on API Gateway", and #15602,
# whose fix is the full ARN from a separate policy resource). The generator writes full ARNs only.


def test_the_shorthand_resource_is_refused() -> None:
    for shorthand in ("execute-api:/*", "execute-api:/v1/GET/*"):
        with pytest.raises(ConfigError) as exc:
            private_api_policy(vpc_endpoint_ids=[VPCE_A], resource=shorthand)
        assert str(exc.value) == (
            f"Invalid configuration 'resource_policy': '{shorthand}' is the execute-api shorthand, which API Gateway "
            "stores expanded, so every update would show a diff. Fix: name the API by its ARN: "
            "api_resource(execution_arn), or account_apis_resource(...) for a policy inline on the RestApi")
    with pytest.raises(ConfigError, match="is not an execute-api ARN"):
        private_api_policy(vpc_endpoint_ids=[VPCE_A], resource="*")


def test_every_statement_names_the_given_resource() -> None:
    document = policy(vpc_endpoint_ids=[VPCE_A], source_vpc_ids=[VPC_A], account_ids=[ACCOUNT_A])
    assert {s["Resource"] for s in document["Statement"]} == {RESOURCE}


def test_resource_forms() -> None:
    assert api_resource(API_ARN) == "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5/*"
    # A policy inline on the RestApi cannot know the API id; attached to the API it applies to that API only.
    assert account_apis_resource("aws-cn", "cn-north-1", ACCOUNT_B) == (
        "arn:aws-cn:execute-api:cn-north-1:444455556666:*/*")
    # A private custom domain name's ARN is /domainnames/{name}+{domainNameId} (API Gateway Developer Guide, "API
    # provider: Share your private custom domain name using the API Gateway AWS CLI"); the id is not known yet.
    assert private_domain_name_resource("aws", "eu-west-1", ACCOUNT_A, "API.example.internal") == (
        "arn:aws:execute-api:eu-west-1:111122223333:/domainnames/api.example.internal+*")
    for bad in ("execute-api:/*", f"{API_ARN}/v1", "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5"):
        with pytest.raises(ConfigError, match="is not a REST API execution ARN"):
            api_resource(bad)
    with pytest.raises(ConfigError, match="is not an AWS region"):
        account_apis_resource("aws", "europe", ACCOUNT_A)


# --------------------------------------------------------------------------- the network principal (issue 15)

# For a same-account caller API Gateway allows a request when EITHER the resource policy OR the caller's IAM policy
# allows it (API Gateway Developer Guide, "How API Gateway resource policies affect authorization workflow", table
# A), so on an AWS_IAM API an Allow for "*" from the endpoint admits every signed principal of the account. The
# account's root as principal delegates to the account's IAM policies instead (IAM User Guide, "AWS JSON policy
# elements: Principal", AWS account principals): a caller then needs its identity grant.


def test_aws_iam_apis_admit_the_network_by_the_account_root() -> None:
    assert network_principal_account("AWS_IAM", ACCOUNT_A) == ACCOUNT_A
    assert network_principal_account("NONE", ACCOUNT_A) is None
    assert network_principal_account("COGNITO_USER_POOLS", ACCOUNT_A) is None
    document = policy(vpc_endpoint_ids=[VPCE_A], source_vpc_ids=[VPC_A],
                      principal_account_id=network_principal_account("AWS_IAM", ACCOUNT_A))
    allows = [s for s in document["Statement"] if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in allows] == [{"AWS": "arn:aws:iam::111122223333:root"}] * 2
    # The explicit Deny stays, for everyone.
    assert [s for s in document["Statement"] if s["Effect"] == "Deny"] == [
        {"Sid": "DenyOutsideAllowedNetworks", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
         "Resource": RESOURCE, "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE_A, "aws:SourceVpc": VPC_A}}}]


@settings(max_examples=100, deadline=None)
@given(vpces=VPCES.filter(bool), data=st.data())
def test_with_the_account_root_the_resource_policy_alone_admits_no_principal_of_another_account(
        vpces: list[str], data: st.DataObject) -> None:
    document = policy(vpc_endpoint_ids=vpces, principal_account_id=ACCOUNT_A)
    request = {"aws:SourceVpce": data.draw(st.sampled_from(vpces)), "aws:SourceVpc": None,
               "aws:PrincipalAccount": data.draw(st.sampled_from([None, ACCOUNT_B, ACCOUNT_A]))}
    # The root admits its own account (whose IAM policies then decide) and nobody else, unsigned calls included.
    assert admits(document, request) == (request["aws:PrincipalAccount"] == ACCOUNT_A)


# --------------------------------------------------------------------------- every stack (issue 15)

STACKS = ("dev", "native", "prod")
REST_API, REST_API_POLICY, DOMAIN_NAME, METHOD = ("aws:apigateway/restApi:RestApi",
                                                 "aws:apigateway/restApiPolicy:RestApiPolicy",
                                                 "aws:apigateway/domainName:DomainName", "aws:apigateway/method:Method")


def _policies(graph: Any) -> list[tuple[Any, dict[str, Any]]]:
    """Every resource policy a stack attaches: inline on RestApi and DomainName resources (no stack has a
    RestApiPolicy: the import of an API's OpenAPI body would clear it, components/openapi_body.py)."""
    assert graph.of_type(REST_API_POLICY) == []
    found = []
    for resource in [*graph.of_type(REST_API), *graph.of_type(DOMAIN_NAME)]:
        text = resource.plain_inputs.get("policy")
        if text:
            found.append((resource, json.loads(text)))
    return found


def _is_aws_iam(operation: dict[str, Any], sigv4_schemes: set[str]) -> bool:
    """An OpenAPI operation is AWS_IAM when every security requirement (alternatives) names a SigV4 scheme."""
    security = operation.get("security", [])
    return bool(security) and all(sigv4_schemes & set(requirement) for requirement in security)


def _authorizations(graph: Any) -> dict[str, list[str]]:
    """Each REST API's method authorizations, by the API's URN: of its Method resources (the bridge host) and of the
    operations of its OpenAPI body (the Lambda-backed topologies), where a scheme of x-amazon-apigateway-authtype
    awsSigv4 is AWS_IAM and no requirement is NONE."""
    found: dict[str, list[str]] = {}
    for method in graph.of_type(METHOD):
        for urn in method.property_dependencies["restApi"]:
            found.setdefault(urn, []).append(method.inputs["authorization"])
    for api in graph.of_type(REST_API):
        if "body" not in api.inputs:
            continue
        body = json.loads(api.inputs["body"])
        schemes = body.get("components", {}).get("securitySchemes", {})
        sigv4 = {name for name, scheme in schemes.items() if scheme.get("x-amazon-apigateway-authtype") == "awsSigv4"}
        for item in body["paths"].values():
            for operation in item.values():
                found.setdefault(api.urn, []).append("AWS_IAM" if _is_aws_iam(operation, sigv4) else "NONE")
    return found


@pytest.mark.parametrize("stack", STACKS)
def test_no_stack_names_an_api_by_the_shorthand(stack: str, stack_preview: Any) -> None:
    # hashicorp/terraform-provider-aws#5549, #15602: the shorthand is stored expanded, a diff on every `up`.
    graph = stack_preview(stack).graph
    policies = _policies(graph)
    assert policies
    for resource, document in policies:
        for statement in document["Statement"]:
            resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            assert all(r.startswith("arn:aws:execute-api:") for r in resources), (resource.name, statement)
        if resource.type == REST_API:
            # Inline, before the API's id exists: every API of its region and account, so attached, this API.
            scope = resource.outputs["executionArn"].rsplit(":", 1)[0]
            assert scope.startswith("arn:aws:execute-api:") and len(scope.split(":")) == 5, resource.name
            assert {s["Resource"] for s in document["Statement"]} == {f"{scope}:*/*"}, resource.name


@pytest.mark.parametrize("stack", STACKS)
def test_aws_iam_apis_admit_only_named_accounts(stack: str, stack_preview: Any) -> None:
    # "How API Gateway resource policies affect authorization workflow", table A: on an AWS_IAM API an Allow for "*"
    # would make every signed principal of the account a caller, whatever its grants.
    graph = stack_preview(stack).graph
    iam_apis = {urn for urn, found in _authorizations(graph).items() if set(found) == {"AWS_IAM"}}
    judged = 0
    for resource, document in _policies(graph):
        api_urns = resource.property_dependencies.get("restApiId", [resource.urn])
        if not iam_apis.intersection(api_urns):
            continue
        judged += 1
        account = next(r.outputs["executionArn"].split(":")[4] for r in graph.of_type(REST_API) if r.urn in api_urns)
        assert any(s["Effect"] == "Deny" and s["Principal"] == "*" for s in document["Statement"]), resource.name
        for statement in document["Statement"]:
            if statement["Effect"] != "Allow":
                continue
            principal = statement["Principal"]
            if principal == "*":
                # Only the organisation form, which leaves this account to its root statement.
                condition = statement.get("Condition", {})
                assert condition.get("StringNotEquals") == {"aws:PrincipalAccount": account}, (resource.name, statement)
                assert "aws:PrincipalOrgID" in condition.get("StringEquals", {}), (resource.name, statement)
            else:
                roots = principal["AWS"] if isinstance(principal["AWS"], list) else [principal["AWS"]]
                assert all(r.startswith("arn:aws:iam::") and r.endswith(":root") for r in roots), resource.name
    assert judged, "no AWS_IAM API policy in the stack"
