"""The output contract: the key catalogue itself, and the real program's outputs against it for every topology."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from components import contract
from components.contract import (
    CONTRACT_VERSION,
    SECTION_BY_NAME,
    SECTIONS,
    ContractError,
    Iam,
    Key,
    Network,
    OnPrem,
    Serverless,
    Stack,
    check_compatible,
    check_outputs,
    checked_outputs,
)
from components.topologies import SPECS, TOPOLOGIES
from private_apis.engine.preview import PreviewOptions, preview
from private_apis.engine.render import to_json

PROJECT_DIR = Path(__file__).resolve().parent.parent
PREFIX = {"stack": ("contract_", "stack_", "aws_"), "network": ("network_",), "bridge-host": ("bridge_",),
          "private-serverless": ("serverless_",), "iam-internal": ("iam_",), "onprem-domain": ("onprem_",)}


# --- the catalogue -----------------------------------------------------------------------------------------------


def test_every_topology_has_a_section_and_every_key_is_unique_prefixed_and_documented():
    assert {s.name for s in SECTIONS} == {"stack", "network", *TOPOLOGIES}
    names = [str(key) for key in contract.all_keys()]
    assert len(names) == len(set(names))
    for section in SECTIONS:
        assert section.keys, section.name
        for key in section.keys:
            assert key.startswith(PREFIX[section.name]), key
            assert key.kind in contract.KINDS
            assert key.description.endswith((".", ")")), key


def test_the_contract_knows_which_topologies_bring_the_network():
    assert contract.VPC_TOPOLOGIES == ("bridge-host", "private-serverless", "onprem-domain")
    assert {spec.name for spec in SPECS if spec.needs_network} == set(contract.VPC_TOPOLOGIES)


def test_keys_are_plain_strings_to_every_api_that_takes_a_key_name():
    assert Iam.INVOKE_URL == "iam_invoke_url"
    assert {Iam.INVOKE_URL: 1}["iam_invoke_url"] == 1
    assert isinstance(Iam.INVOKE_URL, str) and Iam.INVOKE_URL.kind == contract.STRING
    with pytest.raises(ValueError, match="kind"):
        Key("x", "dict", "no")


def test_only_credentials_are_secret_and_every_secret_key_is_optional():
    secret = sorted(key for key in contract.all_keys() if key.secret)
    assert secret == [Iam.API_KEY_VALUE, Iam.INVOKE_USER_SECRET_ACCESS_KEY]
    assert all(key.when for key in secret)


def test_checked_outputs_rejects_missing_and_foreign_keys():
    full = {key: "x" for key in SECTION_BY_NAME["stack"].required}
    assert checked_outputs("stack", full) == full
    with pytest.raises(ContractError, match=r"missing \['aws_region'\]"):
        checked_outputs("stack", {k: v for k, v in full.items() if k != Stack.REGION})
    with pytest.raises(ContractError, match=r"unknown \['iam_api_id'\]"):
        checked_outputs("stack", {**full, Iam.API_ID: "x"})
    # Optional keys may be left out; required ones may not.
    assert Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID not in SECTION_BY_NAME["private-serverless"].required


@pytest.mark.parametrize(("found", "required", "error"), [
    ("1.0", "1.0", None),
    ("1.3", "1.1", None),
    ("1.0", "1.1", "1.1 or later"),
    ("2.0", "1.0", "major versions differ"),
    ("0.9", "1.0", "major versions differ"),
    (None, "1.0", "no contract_version output"),
    ("1", "1.0", "not MAJOR.MINOR"),
    (1.0, "1.0", "not MAJOR.MINOR"),
    ("output<string>", "1.0", "not MAJOR.MINOR"),
])
def test_check_compatible(found: Any, required: str, error: str | None):
    if error is None:
        assert check_compatible(found, required) == tuple(int(p) for p in found.split("."))
    else:
        with pytest.raises(ContractError, match=error):
            check_compatible(found, required)


def test_check_outputs_reports_missing_unexpected_and_mistyped_keys():
    outputs = {Stack.CONTRACT_VERSION: CONTRACT_VERSION, Stack.TOPOLOGIES: ["iam-internal"], Stack.REGION: "eu-west-1",
               **{key: "x" for key in SECTION_BY_NAME["iam-internal"].required}}
    outputs[Iam.FUNCTION_NAMES] = ["f"]
    outputs[Iam.CALLER_POLICY_NAMES] = []
    assert check_outputs(outputs) == []
    assert check_outputs({**outputs, Iam.FUNCTION_NAMES: "f"}) == ["iam_function_names should be a list[string], "
                                                                   "got 'f'"]
    assert check_outputs({**outputs, Iam.STAGE_NAME: "output<string>"}) == []
    assert check_outputs({**outputs, "bridge_api_id": "a"}) == ["unexpected bridge_api_id"]
    assert check_outputs({k: v for k, v in outputs.items() if k != Iam.STAGE_NAME}) == ["missing iam_stage_name"]
    assert check_outputs(outputs, ["private-serverless"])[:2] == ["missing network_vpc_id", "missing network_vpc_cidr"]
    assert "missing serverless_api_id" in check_outputs(outputs, ["private-serverless"])


def test_docs_outputs_md_is_the_rendering_of_the_contract():
    # `make docs` rewrites it; this keeps a changed key from shipping with stale documentation.
    assert (PROJECT_DIR / "docs" / "outputs.md").read_text(encoding="utf-8") == contract.render_markdown()
    text = contract.render_markdown()
    for key in contract.all_keys():
        assert f"| `{key}` |" in text


# --- the program against the contract ------------------------------------------------------------------------------


def run_stack(stack: str = "dev", *config: str, first_preview: bool = False) -> dict[str, Any]:
    """The `--json` document of an offline preview with config overrides: what `pulumi stack output --json` shows."""
    result = preview(PreviewOptions(cwd=str(PROJECT_DIR), stack=stack, config=list(config),
                                    first_preview=first_preview))
    return to_json(result)


@pytest.fixture
def dev(stack_preview) -> dict[str, Any]:
    return to_json(stack_preview("dev"))


def test_dev_exports_exactly_the_contract_of_its_four_topologies(dev):
    outputs = dev["outputs"]
    assert outputs[Stack.TOPOLOGIES] == ["bridge-host", "private-serverless", "onprem-domain", "iam-internal"]
    assert outputs[Stack.CONTRACT_VERSION] == CONTRACT_VERSION
    assert outputs[Stack.REGION] == "eu-west-1"
    assert check_outputs(outputs) == []
    # Options the dev stack turns on bring their optional keys; the ones it leaves off do not.
    present = {key for key in contract.all_keys() if key.when and key in outputs}
    assert present == {Iam.API_KEY_ID, Iam.API_KEY_PARAMETER_NAME, Iam.API_KEY_VALUE,
                       Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID, OnPrem.NLB_DNS_NAME, OnPrem.SIMULATION_VPC_ID,
                       OnPrem.CLIENT_INSTANCE_ID, OnPrem.OPERATOR_ACCESS}


def test_values_are_wired_to_the_resources_they_describe(dev):
    outputs = dev["outputs"]
    by_name = {r["name"]: r for r in dev["resources"]}
    assert outputs[Network.VPC_ID] == by_name["network-vpc"]["id"]
    assert outputs[Network.VPC_CIDR] == "10.40.0.0/16"
    assert outputs[Network.PRIVATE_SUBNET_IDS] == [by_name[f"network-private-{i}"]["id"] for i in (1, 2)]
    assert outputs[Serverless.VPC_ENDPOINT_SECURITY_GROUP_ID] == by_name["serverless-vpce-sg"]["id"]
    api_id = by_name["iam-api"]["id"]
    # The dev stack pins its account (aws:allowedAccountIds), and the offline engine answers in it.
    assert outputs[Iam.EXECUTION_ARN] == f"arn:aws:execute-api:eu-west-1:111122223333:{api_id}"
    assert outputs[Iam.API_KEY_PARAMETER_NAME] == "/private-apis/dev/iam/api-key"
    assert outputs[Serverless.HOST_HEADER] == f"{outputs[Serverless.API_ID]}.execute-api.eu-west-1.amazonaws.com"


def test_secrets_are_exported_only_as_secrets(dev, stack_preview):
    assert dev["secretOutputs"] == [Iam.API_KEY_VALUE]
    assert dev["outputs"][Iam.API_KEY_VALUE] == "[secret]"
    shown = to_json(stack_preview("dev"), show_secrets=True)
    assert shown["outputs"][Iam.API_KEY_VALUE]["secret"] is True
    assert shown["outputs"][Iam.API_KEY_VALUE]["value"]


def test_invoke_user_keys_appear_with_the_option_and_its_secret_key_stays_secret():
    document = run_stack("dev", "topologies=[\"iam-internal\"]", "iamInvokeUserRoutes=[\"GET /user/{id}\"]")
    outputs = document["outputs"]
    assert check_outputs(outputs) == []
    assert Network.VPC_ID not in outputs  # no VPC topology, no network keys
    assert sorted(document["secretOutputs"]) == [Iam.API_KEY_VALUE, Iam.INVOKE_USER_SECRET_ACCESS_KEY]
    assert outputs[Iam.INVOKE_USER_ACCESS_KEY_ID].startswith("AKIA")


def test_native_stack_matches_the_contract_without_nlb_keys(stack_preview):
    outputs = to_json(stack_preview("native"))["outputs"]
    assert check_outputs(outputs) == []
    assert outputs[OnPrem.MODE] == "native"
    assert OnPrem.NLB_DNS_NAME not in outputs


def test_a_first_preview_exports_every_key_with_unknown_values_where_aws_decides():
    outputs = run_stack("dev", first_preview=True)["outputs"]
    assert check_outputs(outputs) == []
    assert outputs[Iam.API_ID] == "output<string>"
    # Config-derived values are known before anything exists.
    assert outputs[Stack.CONTRACT_VERSION] == CONTRACT_VERSION
    assert outputs[OnPrem.DOMAIN_NAMES] == ["api.example.internal", "api2.example.internal"]
