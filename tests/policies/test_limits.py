"""Deep or huge policy documents are a violation ("too deep to evaluate"), never a pack crash and never a pass.

Every policy that reads a policy document (found by the test below: the modules calling
``parse_json_document``) is fed a document nested 500 and 5000 levels deep, as a JSON string and as an object,
and a document longer than ``MAX_DOCUMENT_CHARS``, through the harness and through the SDK's real Analyzer
servicer (protobuf request, ``deserialize_properties``, the unknown-checking proxy). The servicer takes the JSON
string forms at any depth; an *object* nested 500 levels already fails in the SDK's own ``MessageToDict`` before
the pack runs (and deeper ones in protobuf's parser), so objects go through it at 100 levels, still far past the
pack's limit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import private_api_guard
import pytest
from private_api_guard import types
from private_api_guard.apigateway.restapipolicy_source_restriction import POLICY as SOURCE_RESTRICTION
from private_api_guard.core import (
    LIMIT_FIX,
    MAX_DEPTH,
    MAX_DOCUMENT_CHARS,
    TOO_DEEP,
    resource_policy,
    stack_policy,
    violation,
)
from private_api_guard.ec2.vpcendpoint_scoped_policy import POLICY as ENDPOINT_POLICY
from private_api_guard.iam.policy_admin_wildcard import POLICY as ADMIN_WILDCARD
from private_api_guard.iam.policy_execute_api_invoke import POLICY as EXECUTE_API_INVOKE
from private_api_guard.iam_documents import IDENTITY_POLICY_TYPES
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, Severity
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import unknown_checking_proxy

from tests.policies.policy_harness import Res, run_resource, run_stack

DEPTHS = (500, 5000)
ENDPOINT = {"serviceName": "com.amazonaws.eu-west-1.execute-api", "vpcEndpointType": "Interface"}


def _in_policy(document: Any) -> dict[str, Any]:
    return {"policy": document}


def _in_role(document: Any) -> dict[str, Any]:
    return {"inlinePolicies": [{"name": "ok", "policy": '{"Statement": []}'}, {"name": "deep", "policy": document}]}


def _in_endpoint(document: Any) -> dict[str, Any]:
    return ENDPOINT | {"policy": document}


Case = tuple[ResourceValidationPolicy, str, Callable[[Any], dict[str, Any]], str]
CASES: list[Case] = [
    *((SOURCE_RESTRICTION, t, _in_policy, "policy") for t in (types.REST_API_POLICY, types.REST_API,
                                                              types.DOMAIN_NAME)),
    (ENDPOINT_POLICY, types.VPC_ENDPOINT, _in_endpoint, "policy"),
    *((p, t, _in_policy, "policy") for p in (ADMIN_WILDCARD, EXECUTE_API_INVOKE) for t in IDENTITY_POLICY_TYPES),
    *((p, types.IAM_ROLE, _in_role, "inlinePolicies[1].policy") for p in (ADMIN_WILDCARD, EXECUTE_API_INVOKE)),
]
IDS = [f"{policy.name}:{resource_type.rsplit(':', 1)[-1]}" for policy, resource_type, _, _ in CASES]

_OPEN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", ' \
        '"Resource": "*", "Condition": {"StringEquals": '
_CLOSE = "}}]}"


def deep_json(levels: int) -> str:
    """A public admin Allow whose condition nests ``levels`` objects deep, written without json.dumps (which
    would itself hit the recursion limit)."""
    return _OPEN + '{"aws:SourceVpce": ' * levels + '"vpce-1"' + "}" * levels + _CLOSE


def deep_object(levels: int) -> dict[str, Any]:
    nested: Any = "vpce-1"
    for _ in range(levels):
        nested = {"aws:SourceVpce": nested}
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
                                                    "Resource": "*", "Condition": {"StringEquals": nested}}]}


def huge_document() -> dict[str, Any]:
    statement = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}
    return {"Version": "2012-10-17", "Statement": [statement] * 2000}


def proxied(props: dict[str, Any]) -> Any:
    """The SDK's unknown-checking proxy, built past the recursion limit (its builder recurses; the pack must not)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 4 * max(DEPTHS))
    try:
        return unknown_checking_proxy(props)
    finally:
        sys.setrecursionlimit(limit)


def too_deep(field: str) -> str:
    return (f"{field} is nested more than 32 levels deep: it is too deep to evaluate, so the rule cannot prove it "
            "safe. Fix: keep policy documents within 32 levels of nesting and 131072 characters (AWS accepts at most "
            "20,480 characters per policy); split a large policy into several.")


def too_large(field: str, size: int) -> str:
    return (f"{field} is a document of {size} characters: it is longer than the 131072 characters the pack evaluates, "
            f"so the rule cannot prove it safe. Fix: {LIMIT_FIX}.")


def test_every_policy_reading_a_document_is_covered() -> None:
    root = Path(private_api_guard.__file__).parent
    readers = {path.stem for path in root.rglob("*.py") if path.name != "core.py"
               and "parse_json_document(" in path.read_text(encoding="utf-8")}
    assert readers == {"restapipolicy_source_restriction", "vpcendpoint_scoped_policy", "policy_admin_wildcard",
                       "policy_execute_api_invoke", *STACK_READERS}
    assert {policy.name for policy, _, _, _ in CASES} == {SOURCE_RESTRICTION.name, ENDPOINT_POLICY.name,
                                                          ADMIN_WILDCARD.name, EXECUTE_API_INVOKE.name}


def test_the_limits_leave_room_for_every_real_document() -> None:
    assert MAX_DEPTH >= 6 * 4 and MAX_DOCUMENT_CHARS >= 20_480 * 4
    assert LIMIT_FIX.startswith("keep policy documents within 32 levels")


@pytest.mark.parametrize("levels", DEPTHS)
@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_a_deep_json_string_is_a_violation(policy: ResourceValidationPolicy, resource_type: str,
                                           place: Callable[[Any], dict[str, Any]], field: str, levels: int) -> None:
    result = run_resource(policy, resource_type, place(deep_json(levels)))
    assert result.violations == [too_deep(field)]
    assert result.unknown is None and result.not_applicable is None


@pytest.mark.parametrize("levels", DEPTHS)
@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_a_deep_object_is_a_violation(policy: ResourceValidationPolicy, resource_type: str,
                                      place: Callable[[Any], dict[str, Any]], field: str, levels: int) -> None:
    result = run_resource(policy, resource_type, proxied(place(deep_object(levels))))
    assert result.violations == [too_deep(field)]


@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_a_huge_document_is_a_violation(policy: ResourceValidationPolicy, resource_type: str,
                                        place: Callable[[Any], dict[str, Any]], field: str) -> None:
    text = json.dumps(huge_document())
    assert len(text) > MAX_DOCUMENT_CHARS
    assert run_resource(policy, resource_type, place(text)).violations == [too_large(field, len(text))]
    assert run_resource(policy, resource_type, place(huge_document())).violations == [too_large(field, len(text))]


@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_a_document_at_the_limit_is_still_evaluated(policy: ResourceValidationPolicy, resource_type: str,
                                                    place: Callable[[Any], dict[str, Any]], field: str) -> None:
    # The document, its Statement list, the statement and its Condition are 4 levels; the operator's value and
    # everything in it are the other ``levels``.
    result = run_resource(policy, resource_type, place(deep_json(MAX_DEPTH - 4)))
    assert too_deep(field) not in result.violations
    assert run_resource(policy, resource_type, place(deep_json(MAX_DEPTH - 3))).violations == [too_deep(field)]


def test_an_exemption_still_applies_to_a_deep_document() -> None:
    config = {"exemptions": [{"namePattern": "legacy-admin", "reason": "generated by the old tool, OPS-3"}]}
    result = run_resource(ADMIN_WILDCARD, types.IAM_POLICY, _in_policy(deep_json(5000)), name="legacy-admin",
                          config=config)
    assert result.violations == []
    assert result.not_applicable == "exempted by name pattern 'legacy-admin': generated by the old tool, OPS-3"


def test_a_deep_value_in_a_message_is_described_not_printed() -> None:
    assert violation("Statement[0]", proxied(deep_object(5000)), "it is wrong", "fix it") == (
        "Statement[0] is a value nested more than 32 levels deep: it is wrong. Fix: fix it.")


# -- the safety net: a recursion limit hit anywhere in a rule fails closed


def _recurse(depth: int = 0) -> int:
    return _recurse(depth + 1) + 1


def test_a_recursion_error_in_a_resource_rule_is_a_violation() -> None:
    def validate(args: Any, report: Any) -> None:
        report("first finding")
        _recurse()

    policy = resource_policy(name="test-recursion", description="Checks that nothing recurses.",
                             resource_types=[types.IAM_POLICY], validate=validate,
                             enforcement_level=EnforcementLevel.MANDATORY, severity=Severity.LOW, remediation_steps="-")
    assert run_resource(policy, types.IAM_POLICY, {}).violations == ["first finding", (
        f"a property is nested too deeply to evaluate: the rule cannot prove the resource safe. Fix: {LIMIT_FIX}.")]


def test_a_recursion_error_in_a_stack_rule_is_a_violation() -> None:
    def validate(args: Any, report: Any) -> None:
        report("on the api", args.resources[0].urn)
        _recurse()

    policy = stack_policy(name="test-recursion", description="Checks that nothing recurses.", validate=validate,
                          enforcement_level=EnforcementLevel.MANDATORY, severity=Severity.LOW, remediation_steps="-")
    result = run_stack(policy, [Res(types.REST_API, "api", {})])
    assert result.violations == ["on the api", TOO_DEEP]
    assert result.urns == [f"urn:pulumi:test::private-apis::{types.REST_API}::api", None]


# -- through the SDK's real Analyzer servicer


def _analyze(resource_type: str, props: dict[str, Any]) -> list[tuple[str, str]]:
    policies = [SOURCE_RESTRICTION, ENDPOINT_POLICY, ADMIN_WILDCARD, EXECUTE_API_INVOKE]
    servicer = _PolicyAnalyzerServicer("private-api-guard", "0.0.1", policies, EnforcementLevel.ADVISORY)
    request = analyzer_pb2.AnalyzeRequest(type=resource_type, name="subject",
                                          urn=f"urn:pulumi:dev::p::{resource_type}::subject")
    request.properties.update(props)
    wire = analyzer_pb2.AnalyzeRequest.FromString(request.SerializeToString())
    response = servicer.Analyze(wire, None)
    return [(d.policyName, d.message.split("\n", 1)[1]) for d in response.diagnostics]


@pytest.mark.parametrize("document", [deep_json(500), deep_json(5000), deep_object(100)],
                         ids=["string-500", "string-5000", "object-100"])
@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_servicer_reports_a_deep_document(policy: ResourceValidationPolicy, resource_type: str,
                                          place: Callable[[Any], dict[str, Any]], field: str, document: Any) -> None:
    assert (policy.name, too_deep(field)) in _analyze(resource_type, place(document))


@pytest.mark.parametrize(("policy", "resource_type", "place", "field"), CASES, ids=IDS)
def test_servicer_reports_a_huge_document(policy: ResourceValidationPolicy, resource_type: str,
                                          place: Callable[[Any], dict[str, Any]], field: str) -> None:
    text = json.dumps(huge_document())
    assert (policy.name, too_large(field, len(text))) in _analyze(resource_type, place(text))


# Stack policies that read documents through a shared view (module stem: the policies that use it, their stack).
STACK_READERS = {
    "bucket_view": [("aws-s3-bucket-disallow-public-policy", lambda doc: [
        Res(types.S3_BUCKET_V2, "site", {"bucket": "site"}),
        Res(types.S3_BUCKET_POLICY, "site-policy", {"bucket": "site", "policy": doc}, deps={"bucket": ["site"]})])],
    "access": [("aws-opensearch-domain-disallow-public-access", lambda doc: [
        Res("aws:opensearch/domain:Domain", "search", {"domainName": "search", "accessPolicies": doc})])],
    "restapipolicy_reachable_source": [("aws-apigateway-restapipolicy-configure-reachable-source", lambda doc: [
        Res(types.REST_API, "api", {"endpointConfiguration": {"types": "PRIVATE"}}),
        Res(types.REST_API_POLICY, "api-policy", {"restApiId": "api", "policy": doc}, deps={"restApiId": ["api"]})])],
    "restapipolicy_iam_wildcard_principal": [("aws-apigateway-restapipolicy-disallow-iam-wildcard-principal",
                                              lambda doc: [
        Res(types.REST_API, "api", {"endpointConfiguration": {"types": "PRIVATE"}}),
        Res(types.METHOD, "get", {"httpMethod": "GET", "authorization": "AWS_IAM"}, deps={"restApi": ["api"]}),
        Res(types.REST_API_POLICY, "api-policy", {"restApiId": "api", "policy": doc}, deps={"restApiId": ["api"]})])],
    "resourcepolicy_public_principal": [
        ("aws-iam-resourcepolicy-disallow-public-principal", lambda doc: [
            Res(types.ECR_REPOSITORY, "repo", {"name": "repo"}),
            Res(types.ECR_REPOSITORY_POLICY, "repo-policy", {"repository": "repo", "policy": doc},
                deps={"repository": ["repo"]})]),
        ("aws-iam-resourcepolicy-disallow-public-principal", lambda doc: [
            Res(types.SQS_QUEUE, "jobs", {"name": "jobs", "policy": doc})]),
        ("aws-iam-resourcepolicy-disallow-public-principal", lambda doc: [
            Res(types.CLOUDWATCH_LOG_RESOURCE_POLICY, "logs", {"policyName": "logs", "policyDocument": doc})]),
    ],
}
STACK_CASES = [(name, build) for cases in STACK_READERS.values() for name, build in cases]


@pytest.mark.parametrize("levels", DEPTHS)
@pytest.mark.parametrize(("name", "build"), STACK_CASES, ids=[name for name, _ in STACK_CASES])
def test_a_deep_document_in_a_stack_rule_is_a_violation(name: str, build: Callable[[Any], list[Res]],
                                                        levels: int) -> None:
    policy = next(p for p in private_api_guard.all_policies() if p.name == name)
    result = run_stack(policy, build(deep_json(levels)))
    assert result.violations and all("too deep to evaluate" in v for v in result.violations), result.violations
