"""migrate-state: a stack deployed with per-route API resources, moved onto the OpenAPI bodies in its state only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from private_apis.cli import main
from private_apis.state_migration import migrate

STACK = "urn:pulumi:dev::private-apis::pulumi:pulumi:Stack::private-apis-dev"
SVC = "urn:pulumi:dev::private-apis::private-apis:private_serverless:PrivateServerlessApi::serverless"
OLD_IAM = "urn:pulumi:dev::private-apis::private-apis:iam:IamInternalApi::iam"
BRIDGE = "urn:pulumi:dev::private-apis::private-apis:bridge_host:BridgeHostApi::bridge"


def child(component: str, type_: str, name: str, **extra) -> dict:
    chain = component.split("::")[2]
    return {"urn": f"urn:pulumi:dev::private-apis::{chain}${type_}::{name}", "type": type_, "custom": True,
            "parent": component, **extra}


API = child(SVC, "aws:apigateway/restApi:RestApi", "serverless-api")
POLICY = child(SVC, "aws:apigateway/restApiPolicy:RestApiPolicy", "serverless-policy")
RESOURCE = child(SVC, "aws:apigateway/resource:Resource", "serverless-resource-entities")
METHOD = child(SVC, "aws:apigateway/method:Method", "serverless-get-entities-method",
               dependencies=[API["urn"], RESOURCE["urn"]], propertyDependencies={"resourceId": [RESOURCE["urn"]]})
INTEGRATION = child(SVC, "aws:apigateway/integration:Integration", "serverless-get-entities-integration",
                    dependencies=[METHOD["urn"]])
DEPLOYMENT = child(SVC, "aws:apigateway/deployment:Deployment", "serverless-deployment",
                   dependencies=[API["urn"], POLICY["urn"], METHOD["urn"], INTEGRATION["urn"]],
                   propertyDependencies={"restApi": [API["urn"]], "triggers": [POLICY["urn"]]})
IAM_METHOD = child(OLD_IAM, "aws:apigateway/method:Method", "iam-get-user-id-method")  # the former type token
BRIDGE_METHOD = child(BRIDGE, "aws:apigateway/method:Method", "bridge-root-any")


def export() -> dict:
    resources = [{"urn": STACK, "type": "pulumi:pulumi:Stack", "custom": False},
                 {"urn": SVC, "type": "private-apis:private_serverless:PrivateServerlessApi", "parent": STACK},
                 {"urn": BRIDGE, "type": "private-apis:bridge_host:BridgeHostApi", "parent": STACK},
                 API, POLICY, RESOURCE, METHOD, INTEGRATION, DEPLOYMENT, IAM_METHOD, BRIDGE_METHOD]
    return {"version": 3, "deployment": {"manifest": {}, "resources": resources}}


def test_per_route_resources_and_separate_policies_leave_the_state_and_nothing_depends_on_them() -> None:
    original = export()
    migrated, dropped = migrate(original)
    assert dropped == sorted([POLICY["urn"], RESOURCE["urn"], METHOD["urn"], INTEGRATION["urn"], IAM_METHOD["urn"]])
    urns = [r["urn"] for r in migrated["deployment"]["resources"]]
    # The bridge's fixed ANY methods are still resources of the current program: kept.
    assert urns == [STACK, SVC, BRIDGE, API["urn"], DEPLOYMENT["urn"], BRIDGE_METHOD["urn"]]
    deployment = migrated["deployment"]["resources"][4]
    assert deployment["dependencies"] == [API["urn"]]
    assert deployment["propertyDependencies"] == {"restApi": [API["urn"]], "triggers": []}
    assert original == export()  # the input is left as it was


def test_the_command_writes_the_export_to_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = tmp_path / "before.json", tmp_path / "after.json"
    source.write_text(json.dumps(export()), encoding="utf-8")
    assert main(["migrate-state", "--stack-export", str(source), "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == migrate(export())[0]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"5 resource(s) dropped from the state (AWS is not touched); next: pulumi stack import "
                      f"--file {target} && pulumi up")
    assert out[1:] == [f"  {urn}" for urn in migrate(export())[1]]


@pytest.mark.parametrize(("content", "message"), [
    ("[1, 2]", "error: --stack-export: not a stack export (no deployment.resources with a urn each). Fix: write it "
               "with `pulumi stack export --file FILE`."),
    ("{not json", None),
])
def test_bad_input_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                message: str | None) -> None:
    source = tmp_path / "before.json"
    source.write_text(content, encoding="utf-8")
    assert main(["migrate-state", "--stack-export", str(source), "--output", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    if message is not None:
        assert err == [message]
    else:
        assert err[0].startswith(f"error: --stack-export {source} is not valid JSON (")
    assert not (tmp_path / "x.json").exists()


def test_the_original_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "before.json"
    source.write_text(json.dumps(export()), encoding="utf-8")
    assert main(["migrate-state", "--stack-export", str(source), "--output", str(source)]) == 2
    assert json.loads(source.read_text(encoding="utf-8")) == export()
