"""Least-privilege invoke grants: exact statements, validation, and never a wildcard API, stage or action."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.errors import ConfigError
from components.grants import (
    HTTP_METHODS,
    Grant,
    api_key_read_statements,
    grants_from_config,
    invoke_policy_document,
    invoke_policy_documents,
    invoke_resource_arn,
    invoke_statements,
    overreaching_grants,
    ssm_parameter_arn,
    statement_sid,
)

API = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
ORDERS_ROLE = "arn:aws:iam::123456789012:role/orders-service"


@pytest.mark.parametrize(("method", "path", "resource"), [
    ("GET", "/user/{id}", f"{API}/v1/GET/user/*"),
    ("get", "user/{id}", f"{API}/v1/GET/user/*"),
    ("POST", "/orders/", f"{API}/v1/POST/orders"),
    ("ANY", "/", f"{API}/v1/*/"),
    ("GET", "/", f"{API}/v1/GET/"),
    ("DELETE", "/user/{id}/orders/{orderId}", f"{API}/v1/DELETE/user/*/orders/*"),
    ("PUT", "/files/{proxy+}", f"{API}/v1/PUT/files/*"),
    ("ANY", "/{proxy+}", f"{API}/v1/*/*"),
    ("OPTIONS", "/v2.health_check-x", f"{API}/v1/OPTIONS/v2.health_check-x"),
])
def test_invoke_resource_arn(method, path, resource):
    assert invoke_resource_arn(API, "v1", method, path) == resource


def test_statements_one_per_caller_sorted_and_deduplicated():
    grants = [
        Grant(ORDERS_ROLE, "GET", "/user/{id}"),
        ("billing-service", "POST", "/invoices"),
        (ORDERS_ROLE, "POST", "/orders"),
        (ORDERS_ROLE, "get", "user/{userId}"),  # same resource as the first grant
        ("billing-service", "GET", "/user/{id}"),
    ]
    assert invoke_statements(grants, execution_arn=API, stage="prod") == [
        {"Sid": "InvokeAsOrdersService", "Effect": "Allow", "Action": "execute-api:Invoke",
         "Resource": [f"{API}/prod/GET/user/*", f"{API}/prod/POST/orders"]},
        {"Sid": "InvokeAsBillingService", "Effect": "Allow", "Action": "execute-api:Invoke",
         "Resource": [f"{API}/prod/GET/user/*", f"{API}/prod/POST/invoices"]},
    ]


def test_colliding_sids_are_made_unique():
    statements = invoke_statements([("orders-service", "GET", "/a"), ("orders_service", "GET", "/b")],
                                   execution_arn=API, stage="v1")
    assert [s["Sid"] for s in statements] == ["InvokeAsOrdersService", "InvokeAsOrdersService2"]


def test_policy_document_is_exact_json():
    document = invoke_policy_document([("orders-service", "GET", "/user/{id}"), ("orders-service", "ANY", "/health")],
                                      execution_arn=API, stage="v1")
    assert json.loads(document) == {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "InvokeAsOrdersService", "Effect": "Allow", "Action": "execute-api:Invoke",
                       "Resource": [f"{API}/v1/*/health", f"{API}/v1/GET/user/*"]}],
    }
    assert document == invoke_policy_document(list(reversed([("orders-service", "GET", "/user/{id}"),
                                                             ("orders-service", "ANY", "/health")])),
                                               execution_arn=API, stage="v1")


def test_one_document_never_mixes_callers():
    grants = [("orders-service", "GET", "/user/{id}"), ("billing-service", "POST", "/invoices")]
    with pytest.raises(ConfigError, match="several callers"):
        invoke_policy_document(grants, execution_arn=API, stage="v1")
    only_billing = json.loads(invoke_policy_document(grants, execution_arn=API, stage="v1",
                                                     caller="billing-service"))
    assert only_billing["Statement"][0]["Resource"] == [f"{API}/v1/POST/invoices"]
    documents = invoke_policy_documents(grants, execution_arn=API, stage="v1")
    assert list(documents) == ["billing-service", "orders-service"]
    assert json.loads(documents["orders-service"])["Statement"][0]["Resource"] == [f"{API}/v1/GET/user/*"]
    with pytest.raises(ConfigError, match="no grant names the caller"):
        invoke_policy_document(grants, execution_arn=API, stage="v1", caller="other-service")
    with pytest.raises(ConfigError, match="no grants given"):
        invoke_policy_document([], execution_arn=API, stage="v1")


@pytest.mark.parametrize(("kwargs", "message"), [
    # The method, segment and greedy messages are the route tables' (one grammar, components/route_grammar.py).
    ({"method": "FETCH"}, "Invalid configuration 'method': 'FETCH' is not an HTTP method API Gateway accepts. Fix: "
                          "use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY"),
    ({"method": "*"}, "'*' is not an HTTP method API Gateway accepts"),
    ({"path": "/user/*"}, "Invalid configuration 'path': path '/user/*' has an invalid segment '*'. Fix: use letters, "
                          "digits, '.', '_' and '-', or a whole-segment {param} / {param+}"),
    ({"path": "/user//x"}, "Invalid configuration 'path': path '/user//x' has an empty segment. Fix: remove the "
                           "doubled '/'"),
    ({"path": "/user/{id}x"}, "invalid segment '{id}x'"),
    ({"path": "/search?q=1"}, "invalid segment 'search?q=1'"),
    ({"path": "/{proxy+}/x"}, "Invalid configuration 'path': path '/{proxy+}/x' has the greedy parameter '{proxy+}' "
                              "before its end. Fix: put a {param+} segment only at the end of the path"),
    ({"path": ""}, "expected a resource path"),
    ({"path": None}, "expected a resource path"),
    ({"stage": "*"}, "Invalid configuration 'stage': '*' is not a valid stage name"),
    ({"stage": "v1/GET"}, "not a valid stage name"),
    ({"execution_arn": "*"}, "not a REST API execution ARN"),
    ({"execution_arn": "arn:aws:execute-api:eu-west-1:123456789012:*"}, "not a REST API execution ARN"),
    ({"execution_arn": f"{API}/v1"}, "looks like a stage or method ARN"),
    ({"execution_arn": "arn:aws:execute-api:eu-west-1:*:a1b2c3d4e5"}, "not a REST API execution ARN"),
])
def test_validation_errors(kwargs, message):
    args = {"execution_arn": API, "stage": "v1", "method": "GET", "path": "/user/{id}", **kwargs}
    with pytest.raises(ConfigError) as info:
        invoke_resource_arn(**args)
    assert message in str(info.value)


@pytest.mark.parametrize(("grant", "message"), [
    (("", "GET", "/"), "is not an IAM role name or role/user ARN"),
    (("arn:aws:iam::123456789012:role/*", "GET", "/"), "is not an IAM role name"),
    (("*", "GET", "/"), "is not an IAM role name"),
    (("orders-service", "GET"), "is not a (caller, method, path) triple"),
    (("orders-service", "GET", "/x/*"), "grants[0].path"),
])
def test_grant_validation(grant, message):
    with pytest.raises(ConfigError) as info:
        invoke_statements([grant], execution_arn=API, stage="v1")
    assert message in str(info.value)


def test_grants_from_config():
    grants = grants_from_config({"orders-service": ["GET /user/{id}", "POST /orders"]})
    assert grants == [Grant("orders-service", "GET", "/user/{id}"), Grant("orders-service", "POST", "/orders")]
    assert grants_from_config(None) == []
    with pytest.raises(ConfigError) as info:
        grants_from_config({"orders-service": ["GET"]})
    assert str(info.value) == ("Invalid configuration 'invokeGrants.orders-service': route 'GET' is not "
                               "'METHOD /path'. Fix: write each route as a method, a space and a path, e.g. "
                               "'GET /entities/{id}'")
    with pytest.raises(ConfigError, match=r"route 'GET /a app\.x' is not 'METHOD /path'\."):
        grants_from_config({"orders-service": ["GET /a app.x"]})
    with pytest.raises(ConfigError, match="expected a list"):
        grants_from_config({"orders-service": "GET /x"})
    with pytest.raises(ConfigError, match=r"'invokeGrants\.orders-service': 'BREW'"):
        grants_from_config({"orders-service": ["BREW /pot"]})


def test_overreaching_grants_reports_routes_an_iam_wildcard_also_admits():
    routes = [("GET", "/user/{id}"), ("GET", "/user/{id}/secrets"), ("POST", "/user/{id}"),
              ("GET", "/files/{proxy+}"), ("GET", "/files/{proxy+}"), ("ANY", "/health")]
    grants = [("orders-service", "GET", "/user/{id}"), ("orders-service", "ANY", "/files/{proxy+}"),
              ("orders-service", "ANY", "/health")]
    assert overreaching_grants(grants, routes) == [
        (Grant("orders-service", "GET", "/user/{id}"), "GET", "/user/{id}/secrets"),
    ]


def test_sid():
    assert statement_sid("arn:aws:iam::123456789012:role/team/orders-service") == "InvokeAsOrdersService"


# Property: whatever the input, the result is a ConfigError or a resource scoped to one API, one stage,
# one verb (or ANY) and the action execute-api:Invoke.

_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_segment = st.one_of(st.text(_ALNUM + "ABCXYZ._-", min_size=1, max_size=8),
                     st.text(_ALNUM + "_", min_size=1, max_size=6).map(lambda name: f"{{{name}}}"))
_paths = st.builds(lambda segs, greedy, lead: ("/" if lead or not segs else "")
                   + "/".join(segs + (["{proxy+}"] if greedy else [])),
                   st.lists(_segment, max_size=5), st.booleans(), st.booleans())
_api_ids = st.text(_ALNUM, min_size=10, max_size=10)
_stages = st.text(_ALNUM + "ABC_", min_size=1, max_size=12)
_methods = st.sampled_from([*HTTP_METHODS, "ANY", "any", "get", "Post"])
_callers = st.sampled_from(["orders-service", "billing-service", "arn:aws:iam::123456789012:role/team/reports",
                            "a", "svc.v2@team"])
_SCOPED = re.compile(r"^arn:aws:execute-api:eu-west-1:123456789012:(?P<api>[a-z0-9]{10})/(?P<stage>[A-Za-z0-9_]+)/"
                     r"(?P<verb>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*)/(?P<path>[^*]*(?:\*[^*]*)*)$")


@settings(max_examples=100, deadline=None)
@given(api=_api_ids, stage=_stages, grants=st.lists(st.tuples(_callers, _methods, _paths), min_size=1, max_size=8))
def test_generated_statements_are_never_wildcard_on_api_stage_or_action(api, stage, grants):
    arn = f"arn:aws:execute-api:eu-west-1:123456789012:{api}"
    statements = invoke_statements(grants, execution_arn=arn, stage=stage)
    assert len(statements) == len({g[0] for g in grants})
    for statement in statements:
        assert statement["Action"] == "execute-api:Invoke"
        assert statement["Effect"] == "Allow"
        assert statement["Resource"] == sorted(set(statement["Resource"]))
        for resource in statement["Resource"]:
            match = _SCOPED.match(resource)
            assert match, resource
            assert (match["api"], match["stage"]) == (api, stage)
            assert resource != "*" and "execute-api:*" not in resource


@settings(max_examples=150, deadline=None)
@given(execution_arn=st.one_of(st.just(API), st.text(max_size=60)), stage=st.one_of(_stages, st.text(max_size=10)),
       method=st.one_of(_methods, st.text(max_size=8)), path=st.one_of(_paths, st.text(max_size=30)))
def test_arbitrary_input_is_rejected_or_scoped(execution_arn, stage, method, path):
    try:
        resource = invoke_resource_arn(execution_arn, stage, method, path)
    except ConfigError:
        return
    prefix = f"{execution_arn}/{stage}/"
    assert resource.startswith(prefix) and "*" not in execution_arn + stage
    verb, _, rest = resource[len(prefix):].partition("/")
    assert verb in (*HTTP_METHODS, "*")
    assert all(segment == "*" or "*" not in segment for segment in rest.split("/"))


# --- reading the API key (issue 15) -----------------------------------------------------------------
# A method with apiKeyRequired answers 403 to a signed caller without the key, so a caller reads it from its SSM
# SecureString parameter. The rules encoded below:
# * the parameter ARN is arn:{partition}:ssm:{region}:{account}:parameter/{name without its leading slash}, the value
#   Parameter Store puts in the KMS encryption context under PARAMETER_ARN (AWS KMS Developer Guide, "How AWS
#   Systems Manager Parameter Store uses AWS KMS", Parameter Store encryption context);
# * kms:Decrypt is granted on a key ARN (a Resource naming an alias applies to the alias, not to its key: "Using
#   aliases to control access to KMS keys"), only via SSM of the parameter's region (kms:ViaService, "AWS KMS
#   condition keys") and only for this parameter (kms:EncryptionContext:PARAMETER_ARN, the example policy of the
#   same Parameter Store page).

PARAMETER = "arn:aws:ssm:eu-west-1:123456789012:parameter/private-apis/dev/iam/api-key"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_ssm_parameter_arn_drops_the_leading_slash():
    for name in ("/private-apis/dev/iam/api-key", "private-apis/dev/iam/api-key"):
        assert ssm_parameter_arn(name, partition="aws", region="eu-west-1", account_id="123456789012") == PARAMETER
    assert ssm_parameter_arn("/k", partition="aws-us-gov", region="us-gov-west-1", account_id="123456789012") == (
        "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/k")
    for bad in ("", "//k", "/k with space"):
        with pytest.raises(ConfigError, match="is not an SSM parameter name"):
            ssm_parameter_arn(bad, partition="aws", region="eu-west-1", account_id="123456789012")
    with pytest.raises(ConfigError, match="is not an SSM parameter ARN"):
        ssm_parameter_arn("/k", partition="aws", region="eu-west-1", account_id="12345")


def test_api_key_read_statements_under_the_aws_managed_key():
    # aws/ssm's key policy already lets the account's principals decrypt through SSM (AWS Systems Manager User
    # Guide, "Restricting decryption of SecureString parameter values"): GetParameter on the one parameter only.
    assert api_key_read_statements(PARAMETER) == [
        {"Sid": "ReadApiKeyParameter", "Effect": "Allow", "Action": "ssm:GetParameter", "Resource": PARAMETER}]


def test_api_key_read_statements_under_a_customer_managed_key():
    assert api_key_read_statements(PARAMETER, kms_key_arn=KEY)[1] == {
        "Sid": "DecryptApiKeyParameter", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY,
        "Condition": {"StringEquals": {"kms:ViaService": "ssm.eu-west-1.amazonaws.com",
                                       "kms:EncryptionContext:PARAMETER_ARN": PARAMETER}}}
    for alias in ("alias/team", "arn:aws:kms:eu-west-1:123456789012:alias/team", "*"):
        with pytest.raises(ConfigError, match="is not a KMS key ARN"):
            api_key_read_statements(PARAMETER, kms_key_arn=alias)
    with pytest.raises(ConfigError, match="is not an SSM parameter ARN"):
        api_key_read_statements("arn:aws:ssm:eu-west-1:123456789012:parameter/*")


def test_the_read_statements_follow_the_invoke_statement_in_the_one_document():
    document = json.loads(invoke_policy_document([("orders-service", "GET", "/user/{id}")], execution_arn=API,
                                                 stage="v1", extra_statements=api_key_read_statements(PARAMETER)))
    assert [s["Sid"] for s in document["Statement"]] == ["InvokeAsOrdersService", "ReadApiKeyParameter"]
    assert invoke_policy_document([("a", "GET", "/")], execution_arn=API, stage="v1", extra_statements=()) == \
        invoke_policy_document([("a", "GET", "/")], execution_arn=API, stage="v1")
