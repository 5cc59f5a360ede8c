"""The consumer project against the platform's dev stack, offline: `--stack-reference` points the stack reference
at the `--json` output of the platform's own preview, as a user's CI would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from components.contract import CONTRACT_VERSION, Iam, Network, Serverless, Stack
from components.grants import invoke_policy_document
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewOptions, preview
from private_apis.engine.render import to_json

CONSUMER = Path(__file__).resolve().parent.parent
ROOT = CONSUMER.parent.parent
REFERENCE = "organization/private-apis/dev"


def engine(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "private_apis", *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def platform_outputs(tmp_path_factory) -> Path:
    """The platform dev stack's `--json` preview, exactly what the flag is documented to accept."""
    done = engine("preview", "--stack", "dev", "--json")
    assert done.returncode == 0, done.stderr
    path = tmp_path_factory.mktemp("platform") / "dev.json"
    path.write_text(done.stdout)
    return path


@pytest.fixture(scope="module")
def platform(platform_outputs: Path) -> dict[str, Any]:
    return json.loads(platform_outputs.read_text())["outputs"]


def consumer_preview(reference_file: Path, *config: str) -> dict[str, Any]:
    result = preview(PreviewOptions(cwd=str(CONSUMER), stack="dev", config=list(config),
                                    stack_references=[f"{REFERENCE}={reference_file}"]))
    return to_json(result)


@pytest.fixture(scope="module")
def graph(platform_outputs: Path) -> dict[str, Any]:
    return consumer_preview(platform_outputs)


def resource(graph: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in graph["resources"] if r["name"] == name)


def with_outputs(tmp_path: Path, platform: dict[str, Any], **changes: Any) -> Path:
    outputs = {k: v for k, v in {**platform, **changes}.items() if v is not None}
    path = tmp_path / "platform.json"
    path.write_text(json.dumps(outputs))
    return path


# --- the whole path, as CI runs it ------------------------------------------------------------------------------


def test_consumer_previews_offline_with_the_pack_and_no_violation(platform_outputs):
    done = engine("preview", "-C", str(CONSUMER), "--stack", "dev", "--policy-pack", str(ROOT / "policies"),
                  "--stack-reference", f"{REFERENCE}={platform_outputs}", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["summary"] == {"advisory": 0, "create": 18, "mandatory": 0, "notApplicable": 0}
    assert document["policyPacks"][0]["name"] == "private-api-guard"


def test_without_the_flag_the_engine_says_which_reference_is_missing():
    done = engine("preview", "-C", str(CONSUMER), "--stack", "dev")
    assert done.returncode == 2
    assert f"--stack-reference {REFERENCE}=FILE" in done.stderr


# --- what the program builds from the contract ------------------------------------------------------------------


def test_invoke_grants_are_exactly_the_configured_routes_built_by_the_grant_helper(graph, platform):
    iam = resource(graph, "iam-caller-invoke-policy")["inputs"]["policy"]
    assert iam == invoke_policy_document([("iam-caller", "GET", "/user/{id}")],
                                         execution_arn=platform[Iam.EXECUTION_ARN], stage=platform[Iam.STAGE_NAME])
    assert json.loads(iam)["Statement"][0]["Resource"] == [f"{platform[Iam.EXECUTION_ARN]}/v1/GET/user/*"]
    private = json.loads(resource(graph, "private-caller-invoke-policy")["inputs"]["policy"])
    base = f"{platform[Serverless.EXECUTION_ARN]}/{platform[Serverless.STAGE_NAME]}"
    assert private["Statement"] == [{"Sid": "InvokeAsPrivateCaller", "Effect": "Allow", "Action": "execute-api:Invoke",
                                     "Resource": [f"{base}/GET/entities", f"{base}/GET/entities/*"]}]


def test_the_private_caller_is_admitted_to_the_platform_endpoint_on_443_only(graph, platform):
    sg = resource(graph, "private-caller-sg")
    assert sg["inputs"]["vpcId"] == platform[Network.VPC_ID]
    ingress = resource(graph, "endpoint-from-private-caller")["inputs"]
    assert ingress["securityGroupId"] == platform[Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID]
    assert (ingress["referencedSecurityGroupId"], ingress["ipProtocol"], ingress["fromPort"], ingress["toPort"]) == \
        (sg["id"], "tcp", 443, 443)
    assert "cidrIpv4" not in ingress and "cidrIpv6" not in ingress
    egress = resource(graph, "private-caller-to-endpoint")["inputs"]
    assert (egress["securityGroupId"], egress["referencedSecurityGroupId"], egress["fromPort"]) == \
        (sg["id"], platform[Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID], 443)


def test_functions_are_wired_to_the_contract_outputs(graph, platform):
    private = resource(graph, "private-caller-function")["inputs"]
    assert private["vpcConfig"]["subnetIds"] == platform[Network.PRIVATE_SUBNET_IDS]
    assert private["vpcConfig"]["securityGroupIds"] == [resource(graph, "private-caller-sg")["id"]]
    assert private["environment"]["variables"] == {
        "API_URL": platform[Serverless.VPC_ENDPOINT_URL], "API_ID_HEADER": platform[Serverless.API_ID_HEADER],
        "ALLOWED_ROUTES": '["GET /entities", "GET /entities/{id}"]'}
    iam = resource(graph, "iam-caller-function")["inputs"]
    assert "vpcConfig" not in iam  # a REGIONAL API needs no VPC
    assert iam["environment"]["variables"] == {
        "API_URL": platform[Iam.INVOKE_URL], "API_KEY_PARAMETER": platform[Iam.API_KEY_PARAMETER_NAME],
        "ALLOWED_ROUTES": '["GET /user/{id}"]'}
    assert (iam["handler"], iam["runtime"]) == ("app.handler", "python3.13")


def test_the_iam_caller_may_read_only_the_platform_api_key_parameter(graph, platform):
    document = json.loads(resource(graph, "iam-caller-api-key-policy")["inputs"]["policy"])
    assert document["Statement"] == [{
        "Effect": "Allow", "Action": "ssm:GetParameter",
        # In the platform's account (its dev stack pins 111122223333), not the consumer's own (123456789012 offline).
        "Resource": f"arn:aws:ssm:eu-west-1:111122223333:parameter{platform[Iam.API_KEY_PARAMETER_NAME]}"}]
    assert not any(r["name"] == "private-caller-api-key-policy" for r in graph["resources"])


def test_config_changes_the_grants(platform_outputs):
    graph = consumer_preview(platform_outputs, 'iamRoutes=["GET /user/{id}","POST /user"]')
    statement = json.loads(resource(graph, "iam-caller-invoke-policy")["inputs"]["policy"])["Statement"][0]
    assert [arn.split("/v1/")[1] for arn in statement["Resource"]] == ["GET/user/*", "POST/user"]


# --- a platform stack the consumer cannot use fails before anything is created -------------------------------------


@pytest.mark.parametrize(("changes", "message"), [
    ({Stack.CONTRACT_VERSION: "2.0"}, "exports contract 2.0, this consumer needs 1.0: major versions differ"),
    ({Stack.CONTRACT_VERSION: None}, "has no contract_version output"),
    ({Stack.TOPOLOGIES: ["iam-internal"]}, "does not deploy private-serverless"),
    ({Iam.API_KEY_PARAMETER_NAME: None}, "orders-consumer:iamApiKey is true, but the platform stack exports no "
                                         "iam_api_key_parameter_name"),
    # Adopted endpoint: no security group of the platform's to admit this project to.
    ({Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID: None},
     "exports no serverless_vpc_endpoint_security_group_id (it is exported when the endpoint is created"),
    ({Network.VPC_ID: None}, "exports no network_vpc_id"),
])
def test_incompatible_platform_stacks_fail_with_the_config_key_and_the_fix(tmp_path, platform, changes, message):
    with pytest.raises(EngineError) as caught:
        consumer_preview(with_outputs(tmp_path, platform, **changes))
    assert message in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_a_newer_minor_contract_is_accepted(tmp_path, platform):
    major = CONTRACT_VERSION.split(".")[0]
    graph = consumer_preview(with_outputs(tmp_path, platform, **{Stack.CONTRACT_VERSION: f"{major}.9"}))
    assert resource(graph, "iam-caller-function")


def test_a_bad_route_names_the_config_key(platform_outputs):
    with pytest.raises(EngineError) as caught:
        consumer_preview(platform_outputs, 'iamRoutes=["GET"]')
    assert "orders-consumer:iamRoutes" in str(caught.value)


def test_pins_match_the_platform_project():
    def pins(path: Path) -> dict[str, str]:
        lines = [line.split("#")[0].strip() for line in path.read_text().splitlines()]
        return dict(line.split("==") for line in lines if "==" in line)

    consumer, platform = pins(CONSUMER / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert consumer and all(platform[name] == version for name, version in consumer.items())
