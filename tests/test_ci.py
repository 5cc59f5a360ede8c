"""CI enforcement: every Pulumi.<stack>.yaml goes through the policy pack, locally (`make preview-stacks`, run by
.ci/run) and on GitHub (.github/workflows/policy.yml), so a new stack file cannot escape it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "policy.yml"
STACKS = sorted(p.name[len("Pulumi."):-len(".yaml")] for p in ROOT.glob("Pulumi.*.yaml"))
STACKS_MATRIX = "${{ fromJSON(needs.stacks.outputs.stacks) }}"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step(job: dict[str, Any], *, uses: str | None = None, runs: str | None = None) -> dict[str, Any]:
    """The one step of the job that uses the action (any version) or whose script contains ``runs``."""
    found = [s for s in job["steps"] if (uses and s.get("uses", "").split("@")[0] == uses)
             or (runs and runs in s.get("run", ""))]
    assert len(found) == 1, (uses, runs, found)
    return found[0]


# --- GitHub workflow ----------------------------------------------------------------------------------------------


def test_workflow_runs_on_pull_requests_and_pushes_to_main(workflow) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_discovery_step_lists_exactly_the_stack_files(workflow, tmp_path) -> None:
    """The matrix comes from the repository's files: run the workflow's own discovery script here."""
    discover = next(s for s in workflow["jobs"]["stacks"]["steps"] if s.get("id") == "discover")
    output = tmp_path / "github_output"
    subprocess.run(["bash", "-euo", "pipefail", "-c", discover["run"]], cwd=ROOT, check=True, timeout=60,
                   env={**os.environ, "GITHUB_OUTPUT": str(output)})
    key, _, value = output.read_text(encoding="utf-8").strip().partition("=")
    assert key == "stacks" and json.loads(value) == STACKS
    assert workflow["jobs"]["stacks"]["outputs"]["stacks"] == "${{ steps.discover.outputs.stacks }}"


@pytest.mark.parametrize("job_name", ["offline-preview", "pulumi-preview"])
def test_both_preview_jobs_run_every_discovered_stack(workflow, job_name: str) -> None:
    job = workflow["jobs"][job_name]
    assert job["needs"] == "stacks"
    assert job["strategy"]["matrix"] == {"stack": STACKS_MATRIX}
    assert job["strategy"]["fail-fast"] is False


def test_offline_preview_enforces_the_pack_and_uploads_sarif_even_on_failure(workflow) -> None:
    job = workflow["jobs"]["offline-preview"]
    preview = step(job, runs="private_apis preview")
    command = " ".join(preview["run"].split())
    assert command.startswith(".venv/bin/python -m private_apis preview ")
    assert "--stack ${{ matrix.stack }}" in command
    assert "--policy-pack policies" in command
    assert "--sarif policy-${{ matrix.stack }}.sarif" in command
    assert "continue-on-error" not in preview  # exit 1 (mandatory violations) must fail the job
    assert step(job, runs="make .venv/.installed")
    upload = step(job, uses="github/codeql-action/upload-sarif")
    assert "!cancelled()" in upload["if"] or "always()" in upload["if"]
    assert upload["with"] == {"sarif_file": "policy-${{ matrix.stack }}.sarif",
                              "category": "policy-${{ matrix.stack }}"}


def test_permissions_are_minimal(workflow) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["offline-preview"]["permissions"] == {"contents": "read", "security-events": "write",
                                                      "actions": "read"}
    assert jobs["pulumi-preview"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert "permissions" not in jobs["stacks"]


def test_pulumi_preview_is_gated_on_configuration_not_on_secrets_in_if(workflow) -> None:
    """Job-level `if:` cannot read secrets or env; the stacks job decides and passes an output."""
    jobs = workflow["jobs"]
    assert jobs["pulumi-preview"]["if"] == "${{ needs.stacks.outputs.pulumi == 'true' }}"
    gate = next(s for s in jobs["stacks"]["steps"] if s.get("id") == "gate")
    assert set(gate["env"]) == {"HAS_ROLE", "HAS_BACKEND", "SAME_REPO"}
    assert "vars.AWS_ROLE_ARN" in gate["env"]["HAS_ROLE"]
    assert "secrets.PULUMI_ACCESS_TOKEN != ''" in gate["env"]["HAS_BACKEND"]  # a boolean, never the token itself
    assert "vars.PULUMI_BACKEND_URL" in gate["env"]["HAS_BACKEND"]
    assert jobs["stacks"]["outputs"]["pulumi"] == "${{ steps.gate.outputs.pulumi }}"


def test_pulumi_preview_installs_both_virtualenvs_and_runs_the_pack(workflow) -> None:
    job = workflow["jobs"]["pulumi-preview"]
    runtime = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["runtime"]["options"]
    pack = yaml.safe_load((ROOT / "policies" / "PulumiPolicy.yaml").read_text(encoding="utf-8"))["runtime"]["options"]
    assert step(job, runs=f"make {runtime['virtualenv']}/.installed")
    pack_venv = step(job, runs="policies/requirements.txt")["run"]
    assert f"-m venv policies/{pack['virtualenv']}" in pack_venv
    assert f"policies/{pack['virtualenv']}/bin/python -m pip install" in pack_venv
    aws = step(job, uses="aws-actions/configure-aws-credentials")
    assert aws["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    pulumi = step(job, uses="pulumi/actions")
    assert pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["policyPacks"] == "policies"
    assert "matrix.stack" in pulumi["with"]["stack-name"]
    assert pulumi["with"]["cloud-url"] == "${{ vars.PULUMI_BACKEND_URL }}"
    # The backend's secrets reach the Pulumi step only, not the installs before it.
    assert pulumi["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"
    assert "env" not in job and all("env" not in s for s in job["steps"] if s is not pulumi)


# --- Makefile and .ci/run ------------------------------------------------------------------------------------------


def test_ci_runs_preview_stacks_after_the_tests() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "set -euo pipefail" in lines
    assert lines.index("make preview-stacks") > lines.index("make test")


PROGRAM = """\
import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("vpc", cidr_block="10.1.0.0/16")
if pulumi.Config().get_bool("open"):
    aws.ec2.SecurityGroup("web-sg", vpc_id=vpc.id, ingress=[
        {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}])
"""


def make_preview_stacks(directory: Path) -> subprocess.CompletedProcess:
    """The real target on another project; STAMP= skips the virtualenv step (this interpreter already has it all)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    return subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "preview-stacks", "STAMP=",
                           f"PY={sys.executable}"], cwd=directory, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def project(tmp_path) -> Path:
    """A tiny project whose stacks pass or fail the pack by config: `open: true` opens 443 to the world."""
    (tmp_path / "Pulumi.yaml").write_text(textwrap.dedent("""\
        name: stacks-fixture
        runtime: python
        config:
          open:
            type: boolean
            default: false
            description: Open 443 to the internet.
        """), encoding="utf-8")
    (tmp_path / "__main__.py").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "policies").symlink_to(ROOT / "policies")
    return tmp_path


def stack_file(project: Path, name: str, open_to_world: bool) -> None:
    (project / f"Pulumi.{name}.yaml").write_text(
        f"config:\n  aws:region: eu-west-1\n  stacks-fixture:open: {str(open_to_world).lower()}\n", encoding="utf-8")


def test_preview_stacks_previews_every_stack_file(project) -> None:
    for name in ("alpha", "beta", "gamma"):
        stack_file(project, name, open_to_world=False)
    proc = make_preview_stacks(project)
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stdout.splitlines() if line.startswith("==> ")] == [
        f"==> preview --stack {name} --policy-pack policies" for name in ("alpha", "beta", "gamma")]
    assert proc.stdout.count("Policy violations: 0 mandatory") == 3


def test_preview_stacks_stops_at_the_first_failing_stack_and_names_it(project) -> None:
    stack_file(project, "alpha", open_to_world=False)
    stack_file(project, "beta", open_to_world=True)
    stack_file(project, "gamma", open_to_world=False)
    proc = make_preview_stacks(project)
    assert proc.returncode != 0
    assert "preview-stacks: stack 'beta' FAILED (exit 1: mandatory policy violations)" in proc.stderr
    assert "aws-ec2-securitygroup-disallow-world-ingress" in proc.stdout
    assert "--stack gamma" not in proc.stdout


def test_preview_stacks_without_stack_files_fails(project) -> None:
    proc = make_preview_stacks(project)
    assert proc.returncode != 0
    assert "preview-stacks: no Pulumi.<stack>.yaml" in proc.stderr
