import json

from private_api_guard import types
from private_api_guard.apigateway.restapipolicy_reachable_source import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

PRIVATE = {"endpointConfiguration": {"types": "PRIVATE"}}
ARN = "arn:aws:ec2:eu-west-1:123456789012"
FIX = ("Fix: add an aws.ec2.VpcEndpoint for com.amazonaws.<region>.execute-api (Interface) in that VPC, or admit the "
       "execute-api endpoint or VPC your callers really use.")


def vpc(name="vpc", vpc_id="vpc-0aaa"):
    return Res(types.VPC, name, {"cidrBlock": "10.0.0.0/16", "arn": f"{ARN}:vpc/{vpc_id}"})


def endpoint(name, service, vpc_name="vpc", vpce_id="vpce-0bbb"):
    return Res(types.VPC_ENDPOINT, name, {"serviceName": f"com.amazonaws.eu-west-1.{service}",
                                          "vpcEndpointType": "Interface", "vpcId": UNKNOWN,
                                          "arn": f"{ARN}:vpc-endpoint/{vpce_id}"}, deps={"vpcId": [vpc_name]})


def document(key, value):
    return json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                                      "Resource": "execute-api:/*", "Condition": {"StringEquals": {key: value}}}]})


def policy(deps=(), text=UNKNOWN):
    return Res(types.REST_API_POLICY, "policy", {"restApiId": UNKNOWN, "policy": text},
               deps={"restApiId": ["api"], "policy": list(deps)})


def api(props=PRIVATE):
    return Res(types.REST_API, "api", dict(props))


def test_metadata():
    assert POLICY.name == "aws-apigateway-restapipolicy-configure-reachable-source"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_a_vpc_of_the_stack_without_an_execute_api_endpoint_is_reported_in_a_first_preview():
    result = run_stack(POLICY, [vpc(), api(), policy(["vpc"])])
    assert result.violations == [
        "policy is a document admitting VPC vpc of this stack: the VPC has no execute-api VPC endpoint in this stack, "
        "so no call from it can reach the PRIVATE API api (a private API is invoked only through one); the policy "
        f"fails closed, a mistake rather than an exposure. {FIX}"]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/restApiPolicy:RestApiPolicy::policy"]
    assert run_stack(POLICY, [vpc(), endpoint("vpce", "execute-api"), api(), policy(["vpc"])]).violations == []


def test_an_endpoint_for_another_service_is_reported():
    result = run_stack(POLICY, [vpc(), endpoint("s3", "s3"), api(), policy(["s3"])])
    assert result.violations == [
        "policy is a document admitting VPC endpoint s3 of this stack: the endpoint serves com.amazonaws.eu-west-1.s3, "
        "not execute-api, so no call through it can reach the PRIVATE API api; the policy fails closed, a mistake "
        f"rather than an exposure. {FIX}"]


def test_literal_ids_of_the_stack_are_matched_and_foreign_ids_are_left_alone():
    stack = [vpc(), endpoint("s3", "s3"), api()]
    found = run_stack(POLICY, [*stack, policy(text=document("aws:SourceVpce", "vpce-0bbb"))]).violations
    assert len(found) == 1 and "VPC endpoint s3 of this stack" in found[0]
    found = run_stack(POLICY, [*stack, policy(text=document("aws:SourceVpc", ["vpc-0aaa", "vpc-0ther"]))]).violations
    assert len(found) == 1 and "VPC vpc of this stack" in found[0]
    assert run_stack(POLICY, [*stack, policy(text=document("aws:SourceVpce", "vpce-0ther"))]).violations == []


def test_an_inline_policy_is_checked_and_public_apis_are_not():
    inline = Res(types.REST_API, "api", {**PRIVATE, "policy": document("aws:SourceVpc", "vpc-0aaa")})
    assert len(run_stack(POLICY, [vpc(), inline]).violations) == 1
    regional = Res(types.REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"},
                                           "policy": document("aws:SourceVpc", "vpc-0aaa")})
    assert run_stack(POLICY, [vpc(), regional]).violations == []


def test_an_endpoint_with_an_unknown_service_cannot_be_decided():
    unknown = Res(types.VPC_ENDPOINT, "vpce", {"serviceName": UNKNOWN}, deps={"vpcId": ["vpc"]})
    result = run_stack(POLICY, [vpc(), unknown, api(), policy(["vpc"])])
    assert result.violations == []
    assert result.unknown == "string value at .serviceName can't be known during preview"
