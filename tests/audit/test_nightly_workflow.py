"""The nightly audit job (.github/workflows/audit.yml): scheduled, read-only OIDC role, one audit per stack, SARIF."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "audit.yml").read_text())


def _steps(workflow: dict) -> dict[str, dict]:
    return {step.get("name") or step.get("uses"): step for step in workflow["jobs"]["audit"]["steps"]}


def test_runs_nightly_and_by_hand(workflow):
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["17 3 * * *"]
    assert "workflow_dispatch" in triggers and "pull_request" not in triggers


def test_audits_every_discovered_stack_with_the_read_only_role(workflow):
    job = workflow["jobs"]["audit"]
    assert job["strategy"]["matrix"]["stack"] == "${{ fromJSON(needs.stacks.outputs.stacks) }}"
    assert job["if"] == "${{ needs.stacks.outputs.configured == 'true' }}"
    assert workflow["permissions"] == {"contents": "read"}
    assert job["permissions"] == {"contents": "read", "id-token": "write", "security-events": "write",
                                  "actions": "read"}
    credentials = _steps(workflow)["aws-actions/configure-aws-credentials@v6"]["with"]
    assert credentials["role-to-assume"] == "${{ vars.AUDIT_ROLE_ARN }}"
    assert not any(k.startswith("aws-access-key") for k in credentials)


def test_exports_the_state_then_audits_it_with_the_pack_and_uploads_sarif_even_on_failure(workflow):
    steps = _steps(workflow)
    names = list(steps)
    export, audit, upload = (steps[n] for n in ("Export the stack's state", "Audit the live configuration",
                                                "Upload findings to code scanning"))
    assert names.index("Export the stack's state") < names.index("Audit the live configuration")
    assert export["run"] == 'pulumi stack export --stack "$STACK" --file "state-${{ matrix.stack }}.json"'
    assert audit["run"] == (".venv/bin/python -m private_apis audit --stack-export state-${{ matrix.stack }}.json "
                            "--policy-pack policies --sarif audit-${{ matrix.stack }}.sarif")
    assert upload["uses"] == "github/codeql-action/upload-sarif@v4"
    assert upload["if"].startswith("${{ !cancelled() && hashFiles(")
    assert upload["with"] == {"sarif_file": "audit-${{ matrix.stack }}.sarif", "category": "audit-${{ matrix.stack }}"}
    # Secrets of the backend reach the export only.
    assert set(export["env"]) == {"PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL"}
    assert "env" not in audit
