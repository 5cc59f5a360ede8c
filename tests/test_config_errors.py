"""Every config mistake fails before the first resource, with one message naming the key as the user wrote it.

The real program (__main__.py) runs under the offline engine on the dev stack's config plus Pulumi.yaml's defaults
(what the CLI passes), with one key changed. A spy on the SDK's resource registration proves that nothing was
registered when the error surfaced.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path
from typing import Any

import pulumi_aws
import pytest
import yaml

from components.api_stage import StageSettings
from components.bridge_host import BridgeHostApiArgs
from components.config_reader import (
    aws_provider_keys,
    check_unknown_keys,
    declared_keys,
    given_config_keys,
    load_region,
)
from components.errors import ConfigError
from components.execute_api_endpoint import ExecuteApiEndpointArgs
from components.iam_internal import IamInternalApiArgs, UsagePlanSettings
from components.lambda_routes import FunctionSettings
from components.network import PrivateNetworkArgs
from components.onprem_domain import OnPremDomainApiArgs
from components.private_serverless import PrivateServerlessApiArgs
from components.stack_config import load_stack_config
from private_apis.engine.recorder import program_from_directory
from private_apis.testing import run_program

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["config"]
DEV: dict[str, Any] = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
BASE = {**{f"private-apis:{name}": spec["default"] for name, spec in SCHEMA.items() if "default" in spec}, **DEV}
MAIN = program_from_directory(str(ROOT / "__main__.py"))
OTHER_REGION_CERT = "arn:aws:acm:us-east-1:111122223333:certificate/0f3c1a52-7d4e-4b8a-9c61-2e5f8a9b7c10"


def _argument_names() -> set[str]:
    """Every snake_case or dotted argument name of the components: what an error must never show a config user."""
    names: set[str] = set()
    for cls in (BridgeHostApiArgs, PrivateServerlessApiArgs, IamInternalApiArgs, OnPremDomainApiArgs,
                PrivateNetworkArgs, ExecuteApiEndpointArgs, FunctionSettings, StageSettings, UsagePlanSettings):
        names.update(f.name for f in dataclasses.fields(cls) if "_" in f.name)
    names.update(f"stage.{f.name}" for f in dataclasses.fields(StageSettings))
    names.update(f"usage_plan.{f.name}" for f in dataclasses.fields(UsagePlanSettings))
    return names


ARGUMENT_NAMES = _argument_names()


def leaked_names(message: str) -> set[str]:
    return ARGUMENT_NAMES & set(re.findall(r"[a-z][a-z0-9]*(?:[._][a-z0-9]+)+", message))


@pytest.fixture
def registrations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Resources the program asks the SDK to register (the stack itself aside), seen when they are constructed."""
    module = importlib.import_module("pulumi.resource")
    original = module.register_resource
    seen: list[str] = []

    def spy(resource: Any, type_: str, name: str, *args: Any, **kwargs: Any) -> Any:
        if type_ != "pulumi:pulumi:Stack":
            seen.append(f"{type_}::{name}")
        return original(resource, type_, name, *args, **kwargs)

    monkeypatch.setattr(module, "register_resource", spy)
    return seen


def main_error(overrides: dict[str, Any], registrations: list[str]) -> ConfigError:
    """The ConfigError the real program raises on the dev stack with ``overrides`` (bare project keys or full keys)."""
    config = {**BASE, **{k if ":" in k else f"private-apis:{k}": v for k, v in overrides.items()}}
    with pytest.raises(ConfigError) as caught:
        run_program(MAIN, config=config)
    assert registrations == [], f"registered before the error: {registrations[:5]}"
    return caught.value


def test_the_dev_stack_is_valid_and_the_spy_sees_its_resources(registrations: list[str]) -> None:
    run_program(MAIN, config=BASE)
    assert len(registrations) > 50
    assert "private-apis:network:PrivateNetwork::network" in registrations


# --- one wrong value per declared key -------------------------------------------------------------------------------

BASTION: dict[str, Any] = {"bridgeSshBastion": True, "bridgeSshCidrs": ["203.0.113.0/24"]}

BAD_VALUES: dict[str, dict[str, Any]] = {
    "topologies": {"topologies": ["bridge-host", "bridge"]},
    "vpcCidr": {"vpcCidr": "2001:db8::/56"},
    "azCount": {"azCount": "٣"},
    "egress": {"egress": "all"},
    "natGateways": {"natGateways": "both"},
    "flowLogRetentionDays": {"flowLogRetentionDays": 100},
    "privateSubnetCidrs": {"privateSubnetCidrs": ["10.40.0.0/20", "10.40.16.0/33"]},
    "publicSubnetCidrs": {"egress": "nat", "publicSubnetCidrs": ["10.40.128.0/20", "public"]},
    "bridgeAppPort": {"bridgeAppPort": 70000},
    "bridgeListenerPort": {"bridgeListenerPort": "http"},
    "bridgeHealthCheckPath": {"bridgeHealthCheckPath": "healthz"},
    "bridgeNlbDeletionProtection": {"bridgeNlbDeletionProtection": "yes"},
    "bridgeInstanceType": {"bridgeInstanceType": "big"},
    "bridgeAmiId": {"bridgeAmiId": "ami-"},
    "bridgeSshBastion": {"bridgeSshBastion": "True"},
    "bridgeSshCidrs": {**BASTION, "bridgeSshCidrs": ["203.0.113.0/24", "office"]},
    "bridgeSshKeyName": {**BASTION, "bridgeSshKeyName": "clé"},
    "bridgeEndpointType": {"bridgeEndpointType": "EDGE"},
    "bridgeExecuteApiVpcEndpointIds": {"bridgeEndpointType": "PRIVATE",
                                       "bridgeExecuteApiVpcEndpointIds": ["vpce-0123456789abcdef0", 7]},
    "bridgeAuthorization": {"bridgeAuthorization": "NONE"},
    "bridgeCognitoUserPoolArns": {"bridgeAuthorization": "COGNITO_USER_POOLS", "bridgeCognitoUserPoolArns": ["pool"]},
    "bridgeStageName": {"bridgeStageName": "v-1"},
    "bridgeThrottlingBurstLimit": {"bridgeThrottlingBurstLimit": -1},
    "bridgeThrottlingRateLimit": {"bridgeThrottlingRateLimit": "\uff11\uff10"},  # fullwidth 10
    "bridgeAccessLogRetentionDays": {"bridgeAccessLogRetentionDays": 10},
    "bridgeXrayTracing": {"bridgeXrayTracing": "yes"},
    "serverlessRoutes": {"serverlessRoutes": ["GET /entities", "GET"]},
    "serverlessAuthorization": {"serverlessAuthorization": "CUSTOM"},
    "serverlessStageName": {"serverlessStageName": "dev-1"},
    "serverlessVpcEndpointId": {"serverlessVpcEndpointId": "vpce-0123"},
    "serverlessClientCidrs": {"serverlessClientCidrs": ["0.0.0.0/1", "128.0.0.0/1"]},
    "serverlessClientSecurityGroupIds": {"serverlessClientSecurityGroupIds": ["sg-zz"]},
    "serverlessPrivateDns": {"serverlessPrivateDns": "maybe"},
    "serverlessAllowedVpcEndpointIds": {"serverlessAllowedVpcEndpointIds": ["vpce-nothex"]},
    "serverlessAllowedVpcIds": {"serverlessAllowedVpcIds": ["vpc-1"]},
    "serverlessAllowedAccountIds": {"serverlessAllowedAccountIds": ["١٢٣٤٥٦٧٨٩٠١٢"]},
    "serverlessRuntime": {"serverlessRuntime": "python2.7"},
    "serverlessMemorySize": {"serverlessMemorySize": 64},
    "serverlessTimeoutSeconds": {"serverlessTimeoutSeconds": 30},
    "serverlessFunctionLogRetentionDays": {"serverlessFunctionLogRetentionDays": 2},
    "serverlessThrottlingBurstLimit": {"serverlessThrottlingBurstLimit": 10001},
    "serverlessThrottlingRateLimit": {"serverlessThrottlingRateLimit": "5O"},
    "serverlessAccessLogRetentionDays": {"serverlessAccessLogRetentionDays": 0},
    "serverlessXrayTracing": {"serverlessXrayTracing": "1"},
    "iamRoutes": {"iamRoutes": ["GET /user/{id} app.nothing"]},
    "iamStageName": {"iamStageName": "v 1"},
    "iamCallerGrants": {"iamCallerGrants": ["orders-service"]},
    "iamCallerRestriction": {"iamCallerRestriction": "public"},
    "iamAllowedAccountIds": {"iamAllowedAccountIds": ["1234"]},
    "iamOrganizationId": {"iamCallerRestriction": "organization", "iamOrganizationId": "org-1"},
    "iamApiKey": {"iamApiKey": "yes"},
    "iamApiKeyParameterName": {"iamApiKeyParameterName": "/aws/keys/api"},
    "iamApiKeyKmsKeyId": {"iamApiKeyKmsKeyId": "alias with spaces"},
    "apiGatewayCloudWatchRole": {"apiGatewayCloudWatchRole": "the-logs-role"},
    "onpremResolverInbound": {"onpremResolverInbound": "on"},
    "onpremGatewayId": {"onpremGatewayId": "nat-0123456789abcdef0"},
    "onpremAuthorization": {"onpremAuthorization": "IAM"},
    "iamUsagePlanRateLimit": {"iamUsagePlanRateLimit": 0},
    "iamUsagePlanBurstLimit": {"iamUsagePlanBurstLimit": 0},
    "iamUsagePlanQuotaLimit": {"iamUsagePlanQuotaLimit": -5},
    "iamUsagePlanQuotaPeriod": {"iamUsagePlanQuotaPeriod": "YEAR"},
    "iamInvokeUserRoutes": {"iamInvokeUserRoutes": ["GET /nope"]},
    "iamThrottlingBurstLimit": {"iamThrottlingBurstLimit": -1},
    "iamThrottlingRateLimit": {"iamThrottlingRateLimit": 10001},
    "iamAccessLogRetentionDays": {"iamAccessLogRetentionDays": 10},
    "iamXrayTracing": {"iamXrayTracing": "no"},
    "iamRuntime": {"iamRuntime": "nodejs20.x"},
    "iamMemorySize": {"iamMemorySize": 99999},
    "iamTimeoutSeconds": {"iamTimeoutSeconds": 0},
    "iamFunctionLogRetentionDays": {"iamFunctionLogRetentionDays": 4},
    "onpremMode": {"onpremMode": "alb"},
    "onpremZoneName": {"onpremZoneName": "example"},
    "onpremApis": {"onpremApis": ["one|api.example.internal"]},
    "onpremCertificateArn": {"onpremCertificateArn": "arn:aws:acm:eu-west-1:111122223333:certificate/nope"},
    "onpremValidationZoneId": {"onpremCertificateArn": "", "onpremValidationZoneId": "zone-1"},
    "onpremClientCidrs": {"onpremClientCidrs": ["::/1", "8000::/1"]},
    "onpremSimulation": {"onpremSimulation": "yes"},
    "onpremSimulationCidr": {"onpremSimulationCidr": "10.60.0.0/8"},
    "onpremAssociatedVpcIds": {"onpremAssociatedVpcIds": ["vpc-1"]},
    "onpremPrivateDns": {"onpremPrivateDns": "off"},
    "onpremClientInstanceType": {"onpremClientInstanceType": "large"},
    "onpremStageName": {"onpremStageName": "-"},
    "onpremAccessLogRetentionDays": {"onpremAccessLogRetentionDays": 8},
}
"""A wrong-typed, out-of-range or malformed value of each key (with what it needs to be read at all)."""


def test_every_declared_key_has_a_wrong_value_case() -> None:
    assert set(BAD_VALUES) == set(SCHEMA)


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_a_wrong_value_of_any_key_fails_before_any_resource_naming_that_key(name: str,
                                                                            registrations: list[str]) -> None:
    error = main_error(BAD_VALUES[name], registrations)
    assert re.fullmatch(rf"private-apis:{name}(\[[0-9]+\])?", error.key), str(error)
    assert str(error).startswith(f"Invalid configuration 'private-apis:{name}")
    assert not leaked_names(str(error)), str(error)


# --- unknown keys ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typo", "message"), [
    ("vpcCidrr",
     "Invalid configuration 'private-apis:vpcCidrr': no such key is declared in Pulumi.yaml (did you mean "
     "'private-apis:vpcCidr'?). Fix: rename it to 'private-apis:vpcCidr' in the stack file or -c, or remove it"),
    ("azcount",
     "Invalid configuration 'private-apis:azcount': no such key is declared in Pulumi.yaml (did you mean "
     "'private-apis:azCount'?). Fix: rename it to 'private-apis:azCount' in the stack file or -c, or remove it"),
    ("frobnicate",
     "Invalid configuration 'private-apis:frobnicate': no such key is declared in Pulumi.yaml, so it would be "
     "ignored. Fix: remove it, or use one of the keys declared in the config section of Pulumi.yaml"),
])
def test_an_unknown_project_key_fails_with_the_nearest_declared_one(typo: str, message: str,
                                                                    registrations: list[str]) -> None:
    assert str(main_error({typo: "3"}, registrations)) == message


def test_keys_of_other_namespaces_are_not_ours_to_check() -> None:
    run_program(MAIN, config={**BASE, "aws:profile": "ops", "pulumi:tags": "{}", "other:vpcCidrr": "x"})


def test_declared_keys_come_from_pulumi_yaml() -> None:
    assert declared_keys() == frozenset(SCHEMA)


def test_given_keys_are_read_where_the_sdk_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI's language host passes config as PULUMI_CONFIG; run_program fills the SDK's map (set_all_config).
    monkeypatch.setenv("PULUMI_CONFIG", '{"private-apis:fromEnv": "1"}')
    found: list[set[str]] = []
    run_program(lambda: found.append(given_config_keys()), config={"private-apis:vpcCidr": "10.40.0.0/16"})
    assert {"private-apis:fromEnv", "private-apis:vpcCidr", "aws:region"} <= found[0]


def test_a_typo_passed_like_the_cli_does_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", '{"private-apis:vpcCidrr": "10.0.0.0/16"}')
    with pytest.raises(ConfigError, match="did you mean 'private-apis:vpcCidr'"):
        run_program(load_stack_config, config={"private-apis:topologies": ["iam-internal"]})


def test_a_broken_pulumi_config_variable_does_not_hide_the_other_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", "not json")
    found: list[set[str]] = []
    run_program(lambda: found.append(given_config_keys()), config={"private-apis:vpcCidr": "10.40.0.0/16"})
    assert "private-apis:vpcCidr" in found[0]


def test_check_unknown_keys_is_pure() -> None:
    check_unknown_keys(["private-apis:azCount", "aws:region"], ["azCount"])
    with pytest.raises(ConfigError, match="did you mean 'private-apis:azCount'"):
        check_unknown_keys(["private-apis:AZCount"], ["azCount", "vpcCidr"])


@pytest.mark.parametrize(("typo", "message"), [
    ("aws:regoin",
     "Invalid configuration 'aws:regoin': no such key is read by the AWS provider (did you mean 'aws:region'?). "
     "Fix: rename it to 'aws:region' in the stack file or -c, or remove it"),
    ("aws:defaulttags",
     "Invalid configuration 'aws:defaulttags': no such key is read by the AWS provider (did you mean "
     "'aws:defaultTags'?). Fix: rename it to 'aws:defaultTags' in the stack file or -c, or remove it"),
    ("aws:frobnicate",
     "Invalid configuration 'aws:frobnicate': no such key is read by the AWS provider, so it would be ignored. Fix: "
     "remove it, or use one of the AWS provider's configuration keys, such as aws:region or aws:profile"),
])
def test_an_unknown_aws_key_fails_with_the_nearest_provider_key(typo: str, message: str,
                                                                registrations: list[str]) -> None:
    assert str(main_error({typo: "eu-west-1"}, registrations)) == message


def test_aws_provider_keys_are_what_pulumi_aws_config_reads() -> None:
    # Every key the generated pulumi_aws/config/vars.py reads with __config__.get*('<key>'), and nothing else.
    source = (Path(pulumi_aws.__file__).parent / "config" / "vars.py").read_text(encoding="utf-8")
    read = set(re.findall(r"__config__\.get\w*\('(\w+)'\)", source))
    assert aws_provider_keys() == read
    assert {"region", "defaultTags", "profile", "skipRegionValidation", "assumeRoles", "s3UsEast1RegionalEndpoint",
            "ec2MetadataServiceEndpointMode"} <= read


def test_every_aws_key_the_provider_reads_is_accepted() -> None:
    given = [f"aws:{name}" for name in aws_provider_keys()]
    check_unknown_keys(given, declared_keys() or ())


# --- region, certificate, availability zones ---------------------------------------------------------------------

REGION_FIX = "Fix: set 'aws:region' to the region to deploy to, e.g. eu-west-1, us-gov-west-1 or cn-north-1"


@pytest.mark.parametrize(("region", "message"), [
    ("EU-WEST-1",
     f"Invalid configuration 'aws:region': 'EU-WEST-1' is not an AWS region name (did you mean 'eu-west-1'?). "
     f"{REGION_FIX}"),
    ("eu-west1",
     f"Invalid configuration 'aws:region': 'eu-west1' is not an AWS region name (did you mean 'eu-west-1'?). "
     f"{REGION_FIX}"),
    ("ireland", f"Invalid configuration 'aws:region': 'ireland' is not an AWS region name. {REGION_FIX}"),
    ("", f"Invalid configuration 'aws:region': the region is empty. {REGION_FIX}"),
])
def test_an_invalid_region_fails_before_any_resource(region: str, message: str, registrations: list[str]) -> None:
    assert str(main_error({"aws:region": region}, registrations)) == message


UNKNOWN_REGION_FIX = ("Fix: set 'aws:region' to a region such as eu-west-1, or set 'aws:skipRegionValidation' to true "
                      "if it is a region newer than the provider or an AWS-compatible endpoint")


@pytest.mark.parametrize(("region", "message"), [
    ("eu-west-9", "Invalid configuration 'aws:region': 'eu-west-9' is not a region the AWS provider knows (did you "
                  f"mean 'eu-west-3'?). {UNKNOWN_REGION_FIX}"),
    ("xx-fake-9", f"Invalid configuration 'aws:region': 'xx-fake-9' is not a region the AWS provider knows. "
                  f"{UNKNOWN_REGION_FIX}"),
])
def test_an_unknown_region_fails_before_any_resource(region: str, message: str, registrations: list[str]) -> None:
    assert str(main_error({"aws:region": region}, registrations)) == message
    explicit = main_error({"aws:region": region, "aws:skipRegionValidation": "false"}, registrations)
    assert str(explicit) == message


def _region_of(config: dict[str, str]) -> str | None:
    found: list[str | None] = []
    run_program(lambda: found.append(load_region()), config=config)
    return found[0]


def test_skip_region_validation_lets_an_unknown_region_through() -> None:
    assert _region_of({"aws:region": "eu-west-9", "aws:skipRegionValidation": "true"}) == "eu-west-9"
    assert _region_of({"aws:region": "mx-central-1"}) == "mx-central-1"


def test_skip_region_validation_still_checks_the_spelling() -> None:
    with pytest.raises(ConfigError) as caught:
        _region_of({"aws:region": "EU-WEST-9", "aws:skipRegionValidation": "true"})
    assert caught.value.problem == "'EU-WEST-9' is not an AWS region name (did you mean 'eu-west-9'?)"


def test_an_iam_only_stack_checks_the_region_too(registrations: list[str]) -> None:
    error = main_error({"topologies": ["iam-internal"], "aws:region": "Eu-West-1"}, registrations)
    assert error.key == "aws:region"


def test_a_certificate_of_another_region_fails_before_any_resource(registrations: list[str]) -> None:
    assert str(main_error({"onpremCertificateArn": OTHER_REGION_CERT}, registrations)) == (
        "Invalid configuration 'private-apis:onpremCertificateArn': the certificate is in us-east-1 but 'aws:region' "
        "is eu-west-1. Fix: import or request the certificate in eu-west-1, or deploy the stack to us-east-1")


@pytest.mark.parametrize("mode", ["nlb", "native"])
def test_the_certificate_region_rule_holds_in_both_modes(mode: str, registrations: list[str]) -> None:
    error = main_error({"onpremMode": mode, "aws:region": "eu-west-2"}, registrations)
    assert error.key == "private-apis:onpremCertificateArn"
    assert error.problem == "the certificate is in eu-west-1 but 'aws:region' is eu-west-2"


def test_a_certificate_of_the_stack_region_is_accepted() -> None:
    cert = OTHER_REGION_CERT.replace("us-east-1", "us-west-2")
    run_program(MAIN, config={**BASE, "aws:region": "us-west-2", "private-apis:onpremCertificateArn": cert})


def test_more_zones_than_the_region_has_fail_before_any_resource(registrations: list[str]) -> None:
    # The offline engine answers get_availability_zones with three zones, as eu-west-1 has.
    assert str(main_error({"azCount": 4}, registrations)) == (
        "Invalid configuration 'private-apis:azCount': 4 availability zones requested but eu-west-1 has only 3 "
        "available. Fix: set 'private-apis:azCount' to 3 or fewer")


def test_the_zone_count_comes_from_the_provider(registrations: list[str]) -> None:
    two_zones = {"calls": {"aws:index/getAvailabilityZones:getAvailabilityZones": {
        "id": "us-west-1", "names": ["us-west-1b", "us-west-1c"], "zoneIds": ["usw1-az1", "usw1-az3"]}}}
    config = {**BASE, "aws:region": "us-west-1", "private-apis:azCount": "3",
              "private-apis:onpremCertificateArn": OTHER_REGION_CERT.replace("us-east-1", "us-west-1")}
    with pytest.raises(ConfigError) as caught:
        run_program(MAIN, config=config, mocks=two_zones)
    assert caught.value.problem == "3 availability zones requested but us-west-1 has only 2 available"
    assert registrations == []


@pytest.mark.parametrize(("count", "problem"), [
    (7, "7 is out of range"),
    (1, "1 availability zone(s) is too few: the internal NLB and the VPC endpoint need subnets in at least 2"),
])
def test_zone_counts_no_vpc_can_hold(count: int, problem: str, registrations: list[str]) -> None:
    error = main_error({"azCount": count}, registrations)
    assert (error.key, error.problem) == ("private-apis:azCount", problem)


def test_a_caller_role_of_another_account_fails_before_any_resource(registrations: list[str]) -> None:
    error = main_error({"iamCallerGrants": ["arn:aws:iam::999999999999:role/orders-service GET /user/{id}"]},
                       registrations)
    assert str(error) == (
        "Invalid configuration 'private-apis:iamCallerGrants[0]': role 'arn:aws:iam::999999999999:role/orders-service' "
        "is in account 999999999999, not the deploying account 111122223333. Fix: grant it from a stack in that "
        "account with this API's execution ARN, and admit that account in 'private-apis:iamAllowedAccountIds'")


# Issue 15: certificates and caller roles from config are checked against the deploying account, as the provider's
# caller identity answers, not only the region. An NLB listener and an API Gateway custom domain name take only a
# certificate of their own account: ACM certificates are not shared across accounts ("you must manually request and
# deploy individual certificates in each Region and account", AWS Security Blog, "How to deploy public ACM
# certificates across multiple AWS accounts and Regions using AWS CloudFormation StackSets"), and a listener given
# another account's certificate fails only at deploy time, with CertificateNotFound (hashicorp/terraform-provider-aws
# #17505). The dev stack pins its account with aws:allowedAccountIds (111122223333, the provider refuses any other),
# and the offline engine's caller identity answers with it.
OTHER_ACCOUNT_CERT = "arn:aws:acm:eu-west-1:999999999999:certificate/0f3c1a52-7d4e-4b8a-9c61-2e5f8a9b7c10"


def test_a_certificate_of_another_account_fails_before_any_resource(registrations: list[str]) -> None:
    assert str(main_error({"onpremCertificateArn": OTHER_ACCOUNT_CERT}, registrations)) == (
        "Invalid configuration 'private-apis:onpremCertificateArn': the certificate is in account 999999999999 but the "
        "stack deploys to account 111122223333, and NLB listeners and custom domain names take only certificates of "
        "their own account. Fix: import or request the certificate in account 111122223333, or deploy the stack from "
        "account 999999999999, which holds it")


@pytest.mark.parametrize("mode", ["nlb", "native"])
def test_the_certificate_account_rule_holds_in_both_modes(mode: str, registrations: list[str]) -> None:
    error = main_error({"onpremMode": mode, "aws:allowedAccountIds": ["444455556666"]}, registrations)
    assert error.key == "private-apis:onpremCertificateArn"
    assert error.problem.startswith("the certificate is in account 111122223333 but the stack deploys to account "
                                    "444455556666")


def test_the_deploying_account_is_the_one_the_provider_is_pinned_to() -> None:
    # The dev stack's certificate and a caller role ARN of its pinned account are accepted: the account compared is
    # the caller identity's, which the provider can only ever be under aws:allowedAccountIds.
    grant = "arn:aws:iam::111122223333:role/orders-service GET /user/{id}"
    run_program(MAIN, config={**BASE, "private-apis:iamCallerGrants": [grant]})


def test_a_caller_role_of_the_unpinned_mock_account_is_another_account(registrations: list[str]) -> None:
    error = main_error({"iamCallerGrants": ["arn:aws:iam::123456789012:role/orders-service GET /user/{id}"]},
                       registrations)
    assert error.problem == ("role 'arn:aws:iam::123456789012:role/orders-service' is in account 123456789012, not the "
                             "deploying account 111122223333")


# --- contradictions ----------------------------------------------------------------------------------------------

CONTRADICTIONS: list[tuple[dict[str, Any], str]] = [
    ({"topologies": []},
     "Invalid configuration 'private-apis:topologies': no topology is listed, so the stack would deploy nothing. "
     "Fix: list at least one of bridge-host, private-serverless, onprem-domain, iam-internal in "
     "'private-apis:topologies', or remove it to deploy all four"),
    ({"natGateways": "per-az"},
     "Invalid configuration 'private-apis:natGateways': per-az NAT gateways are asked for but 'private-apis:egress' "
     "is none, so no NAT gateway is created. Fix: set 'private-apis:egress' to nat, or remove "
     "'private-apis:natGateways'"),
    ({"serverlessAuthorization": "NONE", "serverlessAllowedAccountIds": ["111122223333"]},
     "Invalid configuration 'private-apis:serverlessAllowedAccountIds': callers are restricted to accounts but "
     "'private-apis:serverlessAuthorization' is NONE: unsigned requests carry no account, so the resource policy "
     "would refuse every call. Fix: set 'private-apis:serverlessAuthorization' to AWS_IAM, or remove "
     "'private-apis:serverlessAllowedAccountIds'"),
    ({"iamOrganizationId": "o-a1b2c3d4e5"},
     "Invalid configuration 'private-apis:iamOrganizationId': an organization id is given but "
     "'private-apis:iamCallerRestriction' is account, so it would be ignored. Fix: set "
     "'private-apis:iamCallerRestriction' to organization, or remove 'private-apis:iamOrganizationId'"),
    ({"iamCallerRestriction": "none", "iamOrganizationId": "o-a1b2c3d4e5"},
     "Invalid configuration 'private-apis:iamOrganizationId': an organization id is given but "
     "'private-apis:iamCallerRestriction' is none, so it would be ignored. Fix: set "
     "'private-apis:iamCallerRestriction' to organization, or remove 'private-apis:iamOrganizationId'"),
    ({"iamCallerRestriction": "organization", "iamOrganizationId": "o-a1b2c3d4e5",
      "iamAllowedAccountIds": ["111122223333"]},
     "Invalid configuration 'private-apis:iamAllowedAccountIds': 'private-apis:iamCallerRestriction' is "
     "organization, so the account list would be ignored. Fix: set 'private-apis:iamCallerRestriction' to account "
     "or remove 'private-apis:iamAllowedAccountIds'"),
    ({"iamCallerRestriction": "organization"},
     "Invalid configuration 'private-apis:iamOrganizationId': 'private-apis:iamCallerRestriction' is organization "
     "but no organization id is given. Fix: set 'private-apis:iamOrganizationId' to your AWS Organizations id, e.g. "
     "o-a1b2c3d4e5"),
    ({"iamApiKey": False, "iamApiKeyParameterName": "/team/iam/api-key"},
     "Invalid configuration 'private-apis:iamApiKeyParameterName': a parameter name is given but "
     "'private-apis:iamApiKey' is false, so no API key is stored in it. Fix: set 'private-apis:iamApiKey' to true, "
     "or remove 'private-apis:iamApiKeyParameterName'"),
    ({"onpremValidationZoneId": "Z0123456789ABCDEFGHIJ"},
     "Invalid configuration 'private-apis:onpremValidationZoneId': a validation zone is given but "
     "'private-apis:onpremCertificateArn' is set, so no certificate is requested and the zone would be ignored. "
     "Fix: remove 'private-apis:onpremValidationZoneId' to use the given certificate, or remove "
     "'private-apis:onpremCertificateArn' to request one validated in the zone"),
    ({"onpremSimulation": False, "onpremClientCidrs": ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"]},
     "Invalid configuration 'private-apis:onpremClientCidrs': together the ranges 0.0.0.0/1, 128.0.0.0/2, "
     "192.0.0.0/2 admit the whole internet (they cover 0.0.0.0/0). Fix: list only the operator or client networks "
     "in 'private-apis:onpremClientCidrs', e.g. 203.0.113.0/24"),
]


@pytest.mark.parametrize(("overrides", "message"), CONTRADICTIONS)
def test_contradictions_fail_before_any_resource(overrides: dict[str, Any], message: str,
                                                 registrations: list[str]) -> None:
    assert str(main_error(overrides, registrations)) == message


SSM_FIX = "Fix: choose a path that does not begin with aws or ssm, e.g. /private-apis/dev/iam/api-key"


@pytest.mark.parametrize("name", ["/aws/api-key", "/AWS-keys/api", "/ssm/key", "/SsmKeys", "awskey", "SSM-key"])
def test_ssm_parameter_names_aws_reserves_are_refused(name: str, registrations: list[str]) -> None:
    error = main_error({"iamApiKeyParameterName": name}, registrations)
    assert error.key == "private-apis:iamApiKeyParameterName"
    assert str(error).endswith(f"a prefix AWS reserves for its own parameters. {SSM_FIX}")


def test_the_exact_reserved_prefix_message(registrations: list[str]) -> None:
    assert str(main_error({"iamApiKeyParameterName": "/aws/api-key"}, registrations)) == (
        "Invalid configuration 'private-apis:iamApiKeyParameterName': '/aws/api-key' begins with 'aws', a prefix "
        f"AWS reserves for its own parameters. {SSM_FIX}")


@pytest.mark.parametrize("name", ["/team/aws/key", "/ssl/key", "/private-apis/dev/iam/api-key"])
def test_names_reserved_only_at_the_start_are_accepted_elsewhere(name: str) -> None:
    run_program(MAIN, config={**BASE, "private-apis:iamApiKeyParameterName": name})


def test_an_ssm_path_deeper_than_aws_allows(registrations: list[str]) -> None:
    error = main_error({"iamApiKeyParameterName": "/a" * 16}, registrations)
    assert error.problem == f"'{'/a' * 16}' has more than 15 levels"


# --- what the reader accepts as numbers and booleans -------------------------------------------------------------


@pytest.mark.parametrize(("raw", "problem"), [
    ("٣", "'٣' is not a whole number in the digits 0-9"),
    ("\uff13", "'\uff13' is not a whole number in the digits 0-9"),  # fullwidth 3
    ("+3", "'+3' is not a whole number"),
    (" 3", "' 3' is not a whole number"),
    ("3_0", "'3_0' is not a whole number"),
    ("3.0", "'3.0' is not a whole number"),
])
def test_integers_are_ascii_digits_only(raw: str, problem: str, registrations: list[str]) -> None:
    error = main_error({"azCount": raw}, registrations)
    assert (error.key, error.problem) == ("private-apis:azCount", problem)


@pytest.mark.parametrize("raw", ["True", "False", "yes", "1", "TRUE"])
def test_booleans_are_true_or_false_only(raw: str, registrations: list[str]) -> None:
    error = main_error({"onpremSimulation": raw}, registrations)
    assert str(error) == (f"Invalid configuration 'private-apis:onpremSimulation': '{raw}' is not true or false. "
                          "Fix: set 'private-apis:onpremSimulation' to true or false")


def test_plain_numbers_and_booleans_still_read() -> None:
    config = {**BASE, "private-apis:azCount": "3", "private-apis:onpremSimulation": "false",
              "private-apis:onpremClientCidrs": ["10.128.0.0/16"], "private-apis:iamUsagePlanQuotaLimit": "0042"}
    found: list[Any] = []
    run_program(lambda: found.append(load_stack_config()), config=config)
    settings = found[0]
    assert (settings.network.az_count, settings.args["onprem-domain"].simulate_onprem) == (3, False)
    assert settings.args["iam-internal"].usage_plan.quota_limit == 42
