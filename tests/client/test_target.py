"""URL forms, region inference and the input checks that keep signed and sent requests identical."""

from __future__ import annotations

import json

import pytest

from private_apis.client import OutputKeys, SignedClient, Target, TargetError, load_outputs, target_from_outputs
from private_apis.client.target import region_from_host
from tests.client.conftest import ALIAS_HOST, API_HOST, API_ID, VPCE_HOST


@pytest.mark.parametrize(("host", "region"), [
    (API_HOST, "eu-west-1"),
    (ALIAS_HOST, "eu-west-1"),
    (VPCE_HOST, "eu-west-1"),
    ("vpce-0abc123def4567890-1a2b3c4d-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com", "us-east-1"),
    ("abc123.execute-api.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    ("api.example.internal", None),
    (None, None),
])
def test_region_from_host(host, region):
    assert region_from_host(host) == region


@pytest.mark.parametrize(("url", "kwargs", "message"), [
    (f"https://{VPCE_HOST}/v1", {}, "VPC endpoint DNS name"),
    (f"https://{VPCE_HOST}/v1", {"host_header": API_HOST, "api_id_header": API_ID}, "not both"),
    (f"http://{API_HOST}/v1", {}, "refusing plain http"),
    (f"https://{API_HOST}/v1?x=1", {}, "query or fragment"),
    (f"https://user:pw@{API_HOST}/v1", {}, "user info"),
    ("ftp://example.com/v1", {}, "not an http"),
    (f"https://{API_HOST}/v1", {"region": "us-east-1"}, "contradicts the URL"),
    (f"https://{VPCE_HOST}/v1", {"host_header": "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"},
     "contradicts the URL"),
    (f"https://{VPCE_HOST}/v1", {"api_id_header": "Not An Id"}, "not an API id"),
    (f"https://{API_HOST}/v1", {"api_key": "has space"}, "API key"),
    (f"https://{API_HOST}/v1", {"region": "mars"}, "not an AWS region"),
    (f"https://{API_HOST}/v1/../x", {}, "plain stage or base path"),
    (f"https://{API_HOST}/v1", {"connect_to": "http://example.com:8080"}, "refusing plain http"),
    (f"https://{API_HOST}/v1", {"connect_to": "http://127.0.0.1:8080/v1"}, "without a path"),
])
def test_bad_targets(url, kwargs, message):
    with pytest.raises(TargetError, match=message):
        Target.from_url(url, **kwargs)


def test_loopback_http_is_allowed_and_the_port_is_part_of_the_host():
    target = Target.from_url("http://127.0.0.1:8080/v1", host_header=API_HOST)
    assert (target.signed_host, target.region) == (API_HOST, "eu-west-1")
    assert Target.from_url("http://localhost:8080/v1", region="eu-west-1").signed_host == "localhost:8080"
    assert Target.from_url(f"https://{API_HOST}:443/v1").signed_host == API_HOST


@pytest.mark.parametrize(("path", "message"), [
    ("/a//b", "empty"), ("/a/../b", r"'\.\.'"), ("/a/./b", r"'\.'"), ("/a#frag", "'#'"), ("/a\nb", "control"),
])
def test_bad_paths(path, message):
    with pytest.raises(TargetError, match=message):
        Target.from_url(f"https://{API_HOST}/v1").request_urls(path)


def test_request_urls():
    target = Target.from_url(f"https://{API_HOST}/v1/", connect_to="http://127.0.0.1:9")
    assert target.request_urls("user/1/") == (f"https://{API_HOST}/v1/user/1/", "http://127.0.0.1:9/v1/user/1/")
    assert target.request_urls("") == (f"https://{API_HOST}/v1/", "http://127.0.0.1:9/v1/")


@pytest.mark.parametrize(("headers", "message"), [
    ({"Host": "x"}, "--host-header"),
    ({"x-api-key": "k"}, "--api-key"),
    ({"Authorization": "Bearer x"}, "signs every request"),
    ({"X-Amz-Security-Token": "t"}, "credential chain"),
    ({"bad name": "v"}, "not a valid HTTP header name"),
    ({"X-Ok": "a\r\nInjected: 1"}, "invalid value"),
])
def test_reserved_and_invalid_headers(headers, message):
    client = SignedClient(Target.from_url(f"https://{API_HOST}/v1"), credentials=object())
    with pytest.raises(TargetError, match=message):
        client.prepare("GET", "/", headers=headers)


def test_bad_method_and_body():
    client = SignedClient(Target.from_url(f"https://{API_HOST}/v1"), credentials=object())
    with pytest.raises(TargetError, match="not one of"):
        client.prepare("TRACE", "/")
    with pytest.raises(TargetError, match="either data or json"):
        client.prepare("POST", "/", data="a", json={})


def test_outputs_engine_and_flat_shapes(tmp_path):
    engine = tmp_path / "engine.json"
    engine.write_text(json.dumps({"outputs": {"iam_api_invoke_url": f"https://{API_HOST}/v1", "n": 1}}))
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"url": f"https://{VPCE_HOST}/v1", "api": API_ID, "region": "eu-west-1"}))
    assert target_from_outputs(load_outputs(engine), OutputKeys(url="iam_api_invoke_url")).url == \
        f"https://{API_HOST}/v1"
    target = target_from_outputs(load_outputs(flat), OutputKeys.parse(["url=url", "api-id-header=api",
                                                                       "region=region"]))
    assert (target.form, target.api_id_header, target.region) == ("vpce-api-id-header", API_ID, "eu-west-1")


@pytest.mark.parametrize(("outputs", "keys", "message"), [
    ({"other_url": f"https://{API_HOST}/v1"}, OutputKeys(), "'invoke_url' not found; outputs holding URLs: other_url"),
    ({"invoke_url": "[secret]"}, OutputKeys(), "is a secret"),
    ({"invoke_url": 3}, OutputKeys(), "not a non-empty string"),
    ({"invoke_url": "output<string>"}, OutputKeys(), "not known until the stack is deployed"),
    ({"invoke_url": {"secret": True, "value": "x"}}, OutputKeys(), "is a secret"),
])
def test_output_errors(outputs, keys, message):
    with pytest.raises(TargetError, match=message):
        target_from_outputs(outputs, keys)


def test_output_key_specs_and_files(tmp_path):
    with pytest.raises(TargetError, match="FIELD=KEY"):
        OutputKeys.parse(["colour=x"])
    with pytest.raises(TargetError, match="cannot read outputs file"):
        load_outputs(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(TargetError, match="not JSON"):
        load_outputs(tmp_path / "bad.json")
