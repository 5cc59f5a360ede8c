import json

from private_api_guard import types
from private_api_guard.apigateway.api_default_endpoint import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

PROBLEM = ("fronts the API, but its default execute-api endpoint stays reachable from the internet and bypasses what "
           "the domain adds (its TLS policy, mutual TLS, the one stage and path it maps). Fix: set "
           "disable_execute_api_endpoint=True on the API, so callers can only use the custom domain.")


def http_api(**props):
    return Res(types.APIGATEWAYV2_API, "api", {"protocolType": "HTTP", **props})


def v2_domain():
    return Res(types.APIGATEWAYV2_DOMAIN_NAME, "domain", {"domainName": "api.example.com"})


def api_mapping(api="api"):
    return Res(types.APIGATEWAYV2_API_MAPPING, "mapping", {"apiId": UNKNOWN, "domainName": UNKNOWN, "stage": "v1"},
               deps={"apiId": [api], "domainName": ["domain"]})


def test_metadata():
    assert POLICY.name == "aws-apigateway-api-disallow-default-endpoint"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_an_http_api_behind_a_domain_with_its_default_endpoint_fails():
    result = run_stack(POLICY, [http_api(), v2_domain(), api_mapping()])
    assert result.violations == [
        f"disableExecuteApiEndpoint is unset: custom domain domain (mapping mapping) {PROBLEM}"]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigatewayv2/api:Api::api"]
    false = run_stack(POLICY, [http_api(disableExecuteApiEndpoint=False), v2_domain(), api_mapping()])
    assert false.violations[0].startswith("disableExecuteApiEndpoint is false: custom domain domain")


def test_disabled_endpoints_and_apis_without_domains_pass():
    assert run_stack(POLICY, [http_api(disableExecuteApiEndpoint=True), v2_domain(), api_mapping()]).violations == []
    assert run_stack(POLICY, [http_api()]).violations == []


def test_the_body_extension_disables_the_endpoint():
    body = json.dumps({"openapi": "3.0.1", "paths": {}, "servers": [
        {"url": "https://api.example.com", "x-amazon-apigateway-endpoint-configuration":
         {"disableExecuteApiEndpoint": True}}]})
    assert run_stack(POLICY, [http_api(body=body), v2_domain(), api_mapping()]).violations == []


def test_rest_apis_behind_base_path_mappings():
    mapping = Res(types.BASE_PATH_MAPPING, "bpm", {"domainName": "api.example.com"}, deps={"restApi": ["rest"]})
    regional = Res(types.REST_API, "rest", {"endpointConfiguration": {"types": "REGIONAL"}})
    assert run_stack(POLICY, [regional, mapping]).violations == [
        f"disableExecuteApiEndpoint is unset: a custom domain (mapping bpm) {PROBLEM}"]
    private = Res(types.REST_API, "rest", {"endpointConfiguration": {"types": "PRIVATE"}})
    assert run_stack(POLICY, [private, mapping]).violations == []


def test_a_rest_api_behind_a_v2_api_mapping_and_two_domains():
    rest = Res(types.REST_API, "rest", {})
    other = Res(types.APIGATEWAYV2_API_MAPPING, "other", {"stage": "v2"}, deps={"apiId": ["rest"]})
    result = run_stack(POLICY, [rest, v2_domain(), api_mapping("rest"), other])
    assert result.violations == [f"disableExecuteApiEndpoint is unset: custom domain domain (mapping mapping) and a "
                                 f"custom domain (mapping other) {PROBLEM}"]


def test_unknown_flag_cannot_be_decided():
    result = run_stack(POLICY, [http_api(disableExecuteApiEndpoint=UNKNOWN), v2_domain(), api_mapping()])
    assert result.violations == []
    assert result.unknown == "string value at .disableExecuteApiEndpoint can't be known during preview"
