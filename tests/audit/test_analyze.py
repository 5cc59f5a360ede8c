"""``analyze``: the pack over a stack's recorded state gives the verdicts of the preview of the same stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from private_apis.cli import main
from private_apis.engine.preview import PreviewOptions, preview
from tests.audit.state_exports import export_from_graph

ROOT = Path(__file__).resolve().parents[2]
PACK = str(ROOT / "policies")


def _verdicts(document: dict) -> tuple[list, list]:
    violations = sorted((v["policy"], v["urn"], v["enforcementLevel"], v["message"]) for v in document["violations"])
    exempted = sorted((n["policy"], n["urn"], n["reason"]) for n in document["notApplicable"])
    return violations, exempted


@pytest.fixture(scope="module")
def dev_export(tmp_path_factory, stack_preview) -> tuple[Path, object]:
    result = stack_preview("dev")
    path = tmp_path_factory.mktemp("state") / "dev.json"
    path.write_text(json.dumps(export_from_graph(result.graph, result.config.values, str(ROOT))))
    return path, result


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_same_verdicts_as_the_preview_of_the_dev_stack(dev_export, capsys, monkeypatch):
    from private_apis.engine.render import to_json

    monkeypatch.chdir(ROOT)
    path, result = dev_export
    code, out, _ = _run(capsys, "analyze", "--stack-export", str(path), "--policy-pack", PACK, "--json")
    analyzed = json.loads(out)
    previewed = to_json(result)
    assert code == 0
    assert _verdicts(analyzed) == _verdicts(previewed)
    assert len(analyzed["violations"]) == len(previewed["violations"]) > 0
    assert {r["urn"] for r in analyzed["resources"]} == {r["urn"] for r in previewed["resources"]}


def test_pack_config_applies_and_mandatory_is_exit_1_with_sarif(dev_export, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    path, _ = dev_export
    config = tmp_path / "all-mandatory.json"
    config.write_text(json.dumps({"all": "mandatory"}))
    sarif = tmp_path / "out.sarif"
    code, out, _ = _run(capsys, "analyze", "--stack-export", str(path), "--policy-pack", PACK,
                        "--policy-pack-config", str(config), "--sarif", str(sarif))
    previewed = preview(PreviewOptions(cwd=str(ROOT), stack="dev", policy_packs=[PACK],
                                       policy_pack_configs=[str(config)], in_process=True))
    assert code == 1
    assert out.startswith(f"Analyzing the recorded state of stack dev (dev.json): {len(previewed.graph.resources)} "
                          "resources\n\nPolicies:\n    ❌ private-api-guard@v")
    assert f"Policy violations: {len(previewed.mandatory)} mandatory, 0 advisory" in out
    from private_apis.engine.sarif import to_sarif

    def places(run: dict) -> list:
        return sorted((r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                       r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"])

    analyzed = json.loads(sarif.read_text())["runs"][0]
    # Results point at the program lines the state's sourcePosition records, exactly where the preview's do.
    assert places(analyzed) == places(to_sarif(previewed, root=ROOT)["runs"][0])
    assert len(analyzed["results"]) == len(previewed.mandatory)
    assert any(uri.startswith("components/") for _, _, uri, _ in places(analyzed))


def test_a_drifted_state_is_judged_on_what_it_records(dev_export, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    path, _ = dev_export
    document = json.loads(path.read_text())
    method = next(r for r in document["deployment"]["resources"] if r["type"] == "aws:apigateway/method:Method")
    method["inputs"]["authorization"] = method["outputs"]["authorization"] = "NONE"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    code, out, _ = _run(capsys, "analyze", "--stack-export", str(changed), "--policy-pack", PACK, "--json")
    mandatory = [(v["policy"], v["resourceName"]) for v in json.loads(out)["violations"]
                 if v["enforcementLevel"] == "mandatory"]
    assert code == 1
    assert ("aws-apigateway-method-enable-authorization", method["urn"].rsplit("::", 1)[1]) in mandatory


def test_secrets_reach_the_pack_as_secret_text(dev_export):
    from private_apis.stack_state import load_stack_export

    path, _ = dev_export
    state = load_stack_export(str(path))
    key = next(r for r in state.resources if r.type == "aws:apigateway/apiKey:ApiKey")
    assert key.outputs["value"] == "[secret]"
    assert state.stack_outputs["iam_api_key_value"] == "[secret]"
    assert state.region == "eu-west-1" and state.project == "private-apis" and state.stack == "dev"


@pytest.mark.parametrize(("content", "message"), [
    ("{", "--stack-export {path} is not valid JSON"),
    ('{"version": 3}', "--stack-export {path} has no 'deployment.resources' list. Fix: pass the file `pulumi stack "
                       "export --file FILE` writes."),
    ('{"deployment": {"resources": []}}', "--stack-export {path} holds no resources"),
    ('{"deployment": {"resources": [{"urn": "x", "type": "t"}]}}', "--stack-export {path} has a resource with URN "
                                                                   "'x', which is not a Pulumi URN"),
])
def test_bad_export_is_one_error_and_exit_2(content, message, tmp_path, capsys):
    path = tmp_path / "state.json"
    path.write_text(content)
    code, out, err = _run(capsys, "analyze", "--stack-export", str(path), "--policy-pack", PACK)
    assert code == 2 and out == ""
    assert err.startswith("error: " + message.format(path=path))
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_analyze_without_a_pack_names_the_flag(tmp_path, capsys, dev_export):
    path, _ = dev_export
    code, _, err = _run(capsys, "analyze", "--stack-export", str(path))
    assert code == 2
    assert err == "error: analyze needs a policy pack to run. Fix: pass --policy-pack DIR (e.g. --policy-pack " \
                  "policies).\n"
