"""The client against the verifying server: every URL form signs the Host it actually sends."""

from __future__ import annotations

import json

import pytest
import requests

from private_apis.client import CredentialsError, SignedClient, Target, TargetError
from private_apis.client.signing import configured_region
from tests.client.conftest import ALIAS_HOST, API_HOST, API_ID, REGION, SECRET_KEY, VPCE_HOST


def client_for(server, url: str, **target_kwargs) -> SignedClient:
    return SignedClient(Target.from_url(url, connect_to=server.origin, **target_kwargs), retry=None)


def only(server):
    assert len(server.received) == 1
    request = server.received[0]
    assert request.verification.ok, request.verification.reason
    return request


def test_get_with_encoded_path_and_query(api_server):
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        response = client.get("/user/John Smith/ü+~",
                              params=[("q", "a b&c=d/e+f"), ("empty", ""), ("q", "ä"), ("tilde", "~x*y")])
    assert response.status_code == 200
    request = only(api_server)
    assert request.header("host") == API_HOST
    assert request.target == ("/v1/user/John%20Smith/%C3%BC%2B~"
                              "?q=a%20b%26c%3Dd%2Fe%2Bf&empty=&q=%C3%A4&tilde=~x%2Ay")
    assert set(request.verification.signed_headers) >= {"host", "x-amz-date", "x-amz-security-token"}
    assert response.json()["host"] == API_HOST


def test_query_in_path_is_form_decoded_then_strictly_encoded(api_server):
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        client.get("/search?q=a+b&tag=x%2By", params={"page": 2, "ids": ["1", "2"]})
    assert only(api_server).target == "/v1/search?q=a%20b&tag=x%2By&page=2&ids=1&ids=2"


def test_post_json_body_and_query(api_server):
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        response = client.post("/orders", params={"dry run": "yes"}, json={"item": "book", "qty": 2, "note": "ü"})
    request = only(api_server)
    assert request.method == "POST"
    assert json.loads(request.body) == {"item": "book", "qty": 2, "note": "ü"}
    assert request.header("content-type") == "application/json"
    assert "content-type" in request.verification.signed_headers
    assert request.target == "/v1/orders?dry%20run=yes"
    assert response.attempts == 1


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_methods_with_binary_body(api_server, method):
    body = bytes(range(256))
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        client.request(method, "/blob/1", data=body, headers={"Content-Type": "application/octet-stream"})
    request = only(api_server)
    assert (request.method, request.body) == (method, body)


def test_vpce_dns_with_host_header_signs_the_api_host(api_server):
    target = Target.from_url(f"https://{VPCE_HOST}/v1", host_header=API_HOST, connect_to=api_server.origin)
    assert (target.form, target.region, target.signed_host) == ("vpce-host-header", REGION, API_HOST)
    with SignedClient(target) as client:
        client.get("/user/1")
    request = only(api_server)
    assert request.header("host") == API_HOST
    assert request.header("x-apigw-api-id") is None


def test_vpce_dns_with_api_id_header_signs_the_endpoint_host_and_the_header(api_server):
    target = Target.from_url(f"https://{VPCE_HOST}/v1", api_id_header=API_ID, connect_to=api_server.origin)
    assert (target.form, target.signed_host, target.api_id) == ("vpce-api-id-header", VPCE_HOST, API_ID)
    with SignedClient(target) as client:
        client.get("/user/1")
    request = only(api_server)
    assert request.header("host") == VPCE_HOST
    assert request.header("x-apigw-api-id") == API_ID
    assert "x-apigw-api-id" in request.verification.signed_headers


def test_alias_url(api_server):
    target = Target.from_url(f"https://{ALIAS_HOST}/v1", connect_to=api_server.origin)
    assert (target.form, target.region, target.api_id) == ("vpce-alias", REGION, API_ID)
    with SignedClient(target) as client:
        client.get("/")
    request = only(api_server)
    assert (request.header("host"), request.target) == (ALIAS_HOST, "/v1/")


def test_custom_domain_with_base_path_needs_and_uses_the_given_region(api_server):
    with pytest.raises(TargetError, match="--region"):
        Target.from_url("https://api.example.internal/orders")
    target = Target.from_url("https://api.example.internal/orders", region=REGION, connect_to=api_server.origin)
    assert target.form == "custom-domain"
    with SignedClient(target) as client:
        client.get("/42")
    request = only(api_server)
    assert (request.header("host"), request.target) == ("api.example.internal", "/orders/42")


@pytest.mark.parametrize("variable", ["AWS_DEFAULT_REGION", "AWS_REGION"])
def test_custom_domain_region_can_come_from_the_aws_config(monkeypatch, variable):
    monkeypatch.setenv(variable, REGION)
    assert Target.from_url("https://api.example.internal", default_region=configured_region()).region == REGION


def test_api_key_is_sent_and_signed_alongside_sigv4(api_server):
    target = Target.from_url(f"https://{API_HOST}/v1", api_key="k3y-VALUE", connect_to=api_server.origin)
    assert "k3y" not in repr(target) and "k3y" not in target.describe()
    with SignedClient(target) as client:
        prepared = client.prepare("GET", "/user/1")
        client.get("/user/1")
    request = only(api_server)
    assert request.header("x-api-key") == "k3y-VALUE"
    assert request.header("authorization").startswith("AWS4-HMAC-SHA256 ")
    assert "x-api-key" in request.verification.signed_headers
    assert prepared.redacted_headers()["x-api-key"] == "<redacted>"
    assert prepared.redacted_headers()["Authorization"].endswith("Signature=<redacted>")


def send_raw(prepared, **changes):
    """Send a prepared request with fields changed after signing, bypassing the client."""
    headers = {**prepared.headers, **changes.get("headers", {})}
    return requests.request(prepared.method, changes.get("url", prepared.url), headers=headers,
                            data=changes.get("body", prepared.body), timeout=5)


@pytest.mark.parametrize("change", [
    {"body": b'{"qty": 200}'},
    {"headers": {"x-api-key": "stolen"}},
    {"headers": {"Host": VPCE_HOST}},
    {"headers": {"Content-Type": "text/plain"}},
    {"query": "?qty=3"},
    {"path": "/v1/orders/2"},
    {"headers": {"X-Amz-Date": "20200101T000000Z"}},
], ids=["body", "api-key", "host", "content-type", "query", "path", "date"])
def test_tampered_requests_fail_verification(api_server, change):
    target = Target.from_url(f"https://{API_HOST}/v1", api_key="key", connect_to=api_server.origin)
    with SignedClient(target) as client:
        prepared = client.prepare("POST", "/orders/1", params={"qty": "2"}, json={"qty": 2})
    assert send_raw(prepared).status_code == 200  # control: untouched, it verifies
    url = prepared.url
    if "query" in change:
        url = url.split("?")[0] + change.pop("query")
    if "path" in change:
        url = url.replace("/v1/orders/1", change.pop("path"))
    response = send_raw(prepared, url=url, **change)
    assert response.status_code == 403
    assert not api_server.received[-1].verification.ok
    assert api_server.received[0].verification.ok


def test_each_attempt_is_signed_for_the_logical_host_not_the_connection(api_server):
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        prepared = client.prepare("GET", "/x")
    assert prepared.url.startswith(api_server.origin + "/v1/x")
    assert prepared.signed_url == f"https://{API_HOST}/v1/x"
    assert prepared.headers["Host"] == API_HOST


def test_credentials_from_a_profile(api_server, aws_env, monkeypatch, tmp_path):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    with open(aws_env["AWS_SHARED_CREDENTIALS_FILE"], "w") as handle:
        handle.write(f"[svc]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {SECRET_KEY}\n"
                     "aws_session_token = IQoJb3JpZ2luX2VjEXAMPLE//TOKEN+value==\n")
    target = Target.from_url(f"https://{API_HOST}/v1", connect_to=api_server.origin)
    with SignedClient(target, profile="svc") as client:
        client.get("/user/1")
    only(api_server)


def test_no_credentials_is_a_clear_error(api_server, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    with SignedClient(Target.from_url(f"https://{API_HOST}/v1", connect_to=api_server.origin)) as client, \
            pytest.raises(CredentialsError, match="no AWS credentials found"):
        client.get("/user/1")
    assert api_server.received == []


def test_wrong_signing_region_is_rejected_by_the_server(api_server):
    api_server.region = "us-east-1"
    with client_for(api_server, f"https://{API_HOST}/v1") as client:
        response = client.get("/x", check=False)
    assert response.status_code == 403
    assert "credential scope" in api_server.received[0].verification.reason
