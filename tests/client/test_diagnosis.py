"""403s told apart: resource policy, IAM identity policy, SigV4/credentials, private-endpoint routing."""

from __future__ import annotations

import pytest

from private_apis.client import FailureKind, HttpError, SignedClient, Target, diagnose
from tests.client.conftest import API_HOST, API_ID, VPCE_HOST

RESOURCE = "arn:aws:execute-api:eu-west-1:********0123:a1b2c3d4e5/v1/GET/user/1"
ROLE = "arn:aws:sts::123456789012:assumed-role/orders-service/i-0abc"


def kind(status, body, error_type=None, **context):
    headers = {"x-amzn-ErrorType": f"{error_type}:http://internal.amazon.com/coral/"} if error_type else {}
    return diagnose(status, headers, body, **context)


@pytest.mark.parametrize(("body", "error_type", "expected"), [
    ('{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: '
     f'{RESOURCE} with an explicit deny"}}', "AccessDeniedException", FailureKind.RESOURCE_POLICY),
    (f'{{"Message":"User: {ROLE} is not authorized to perform: execute-api:Invoke on resource: {RESOURCE} '
     'because no resource-based policy allows the execute-api:Invoke action"}', None, FailureKind.RESOURCE_POLICY),
    (f'{{"Message":"User: {ROLE} is not authorized to perform: execute-api:Invoke on resource: {RESOURCE}"}}',
     "AccessDeniedException", FailureKind.IDENTITY_POLICY),
    (f'{{"Message":"User: {ROLE} is not authorized to perform: execute-api:Invoke on resource: {RESOURCE} '
     'because no identity-based policy allows the execute-api:Invoke action"}', None, FailureKind.IDENTITY_POLICY),
    ('{"message":"The request signature we calculated does not match the signature you provided. Check your AWS '
     'Secret Access Key and signing method."}', "InvalidSignatureException", FailureKind.SIGNATURE),
    ('{"message":"Credential should be scoped to a valid region. "}', "InvalidSignatureException",
     FailureKind.SIGNATURE),
    ('{"message":"The security token included in the request is invalid."}', "UnrecognizedClientException",
     FailureKind.CREDENTIALS),
    ('{"message":"The security token included in the request is expired"}', None, FailureKind.CREDENTIALS),
    ('{"message":"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z"}',
     "InvalidSignatureException", FailureKind.CLOCK_SKEW),
    ('{"message":"Missing Authentication Token"}', "MissingAuthenticationTokenException",
     FailureKind.MISSING_AUTHENTICATION),
    ('{"message":"Forbidden"}', "ForbiddenException", FailureKind.PRIVATE_ENDPOINT),
])
def test_403_kinds(body, error_type, expected):
    assert kind(403, body, error_type).kind is expected


def test_resource_policy_explanation_names_the_caller_and_anonymous_hint():
    diagnosis = kind(403, '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on '
                          f'resource: {RESOURCE} with an explicit deny"}}')
    assert diagnosis.explanation.startswith(f"the API's resource policy rejected the request for anonymous on "
                                            f"{RESOURCE}: an explicit Deny matched.")
    assert "aws:SourceVpce" in diagnosis.explanation
    assert "does not use AWS_IAM" in diagnosis.explanation
    assert str(diagnosis).startswith("403 resource-policy: ")


def test_identity_policy_explanation_points_at_the_grant():
    diagnosis = kind(403, f'{{"Message":"User: {ROLE} is not authorized to perform: execute-api:Invoke on '
                          f'resource: {RESOURCE}"}}')
    assert diagnosis.explanation == (
        f"IAM denied execute-api:Invoke for {ROLE} on {RESOURCE}: the caller's identity policy has no Allow for "
        "this stage, method and path. Grant it (components/grants.py builds the statement) or call with a role "
        "that has it.")


def test_signature_explanation_names_the_signed_host():
    diagnosis = kind(403, '{"message":"The request signature we calculated does not match"}',
                     signed_host=API_HOST, region="eu-west-1")
    assert f"signed Host: {API_HOST}, region eu-west-1" in diagnosis.explanation


def test_forbidden_explanation_depends_on_the_url_form_and_api_key():
    via_header = kind(403, '{"message":"Forbidden"}', "ForbiddenException", form="vpce-host-header")
    assert "Host / x-apigw-api-id header does not name a private API" in via_header.explanation
    assert "requires an API key and none was sent" in via_header.explanation
    alias = kind(403, '{"message":"Forbidden"}', "ForbiddenException", form="vpce-alias", api_key_sent=True)
    assert "not associated with the API" in alias.explanation
    assert "x-api-key sent is unknown" in alias.explanation
    plain = kind(403, '{"message":"Forbidden"}', None, form="invoke-url")
    assert plain.kind is FailureKind.PRIVATE_ENDPOINT and "private DNS on" in plain.explanation
    domain = kind(403, '{"message":"Forbidden"}', "ForbiddenException", form="custom-domain")
    assert "domain name access association" in domain.explanation and "private DNS on" not in domain.explanation


@pytest.mark.parametrize(("status", "body", "expected"), [
    (429, '{"message":"Too Many Requests"}', FailureKind.THROTTLED),
    (429, '{"message":"Limit Exceeded"}', FailureKind.QUOTA),
    (404, "not here", FailureKind.NOT_FOUND),
    (502, '{"message": "Internal server error"}', FailureKind.SERVER_ERROR),
    (504, '{"message": "Endpoint request timed out"}', FailureKind.SERVER_ERROR),
    (400, "bad", FailureKind.HTTP_ERROR),
])
def test_other_statuses(status, body, expected):
    assert kind(status, body).kind is expected


def test_success_has_no_diagnosis():
    assert diagnose(200, {}, b"{}") is None


def test_http_error_from_the_server_carries_the_diagnosis(api_server):
    api_server.reply(403, {"message": "Forbidden"}, headers={"x-amzn-ErrorType": "ForbiddenException"})
    target = Target.from_url(f"https://{VPCE_HOST}/v1", api_id_header=API_ID, connect_to=api_server.origin)
    with SignedClient(target) as client, pytest.raises(HttpError) as info:
        client.get("/user/1")
    assert info.value.diagnosis.kind is FailureKind.PRIVATE_ENDPOINT
    assert info.value.diagnosis.error_type == "ForbiddenException"
    assert "Host / x-apigw-api-id header" in str(info.value)


def test_a_signature_the_server_rejects_is_diagnosed_as_signature(api_server):
    api_server.region = "us-east-1"  # the verifier expects another scope
    with SignedClient(Target.from_url(f"https://{API_HOST}/v1", connect_to=api_server.origin)) as client:
        response = client.get("/x", check=False)
    assert response.diagnosis.kind is FailureKind.SIGNATURE
