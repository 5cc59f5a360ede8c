"""The CI job summary of a stack (policy results next to the picture's link) and the workflow steps that make it."""

from __future__ import annotations

import json

import yaml

from private_apis.diagram.summary import job_summary, main
from private_apis.engine.sarif import to_sarif
from tests.diagram.conftest import ROOT

URL = "https://github.com/org/repo/actions/runs/1/artifacts/7"


def test_summary_lists_mandatory_violations_and_links_the_picture(insecure_preview, tmp_path):
    sarif = tmp_path / "policy-dev.sarif"
    sarif.write_text(json.dumps(to_sarif(insecure_preview, root=ROOT)))
    assert job_summary("dev", sarif, URL) == (
        "### Stack `dev`\n\n"
        "Policy results: **3 mandatory**, 6 advisory (all of them in code scanning and in the preview step's log).\n\n"
        "| Mandatory policy | Resource |\n|---|---|\n"
        "| `aws-ec2-instance-disallow-public-ip` | `shop-app` |\n"
        "| `aws-ec2-securitygroup-configure-admin-port-sources` | `shop-ssh-from-anywhere` |\n"
        "| `aws-ec2-securitygroup-disallow-world-ingress` | `shop-ssh-from-anywhere` |\n\n"
        f"Architecture picture, with the violations marked (mandatory red): [diagram-dev.svg]({URL}) "
        "(artifact `diagram-dev`).\n")


def test_summary_without_sarif_or_picture_says_where_to_look(tmp_path, capsys):
    assert main(["--stack", "prod", "--sarif", str(tmp_path / "missing.sarif"), "--picture-url", ""]) == 0
    assert capsys.readouterr().out == (
        "### Stack `prod`\n\n"
        "Policy results: none, the preview did not finish (bad config, a failing program or pack): see the log of "
        "the preview step.\n\n"
        "Architecture picture: not drawn or not uploaded, see the log of the picture step.\n")


def test_workflow_draws_uploads_and_links_each_stack_picture():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "policy.yml").read_text())
    steps = workflow["jobs"]["offline-preview"]["steps"]
    names = [s.get("name") for s in steps]
    draw, upload, summary = (steps[names.index(n)] for n in (
        "Architecture picture", "Upload the architecture picture", "Job summary (policy results and picture)"))
    assert names.index("Offline preview with the policy pack") < names.index("Architecture picture")
    assert " ".join(draw["run"].split()) == (
        ".venv/bin/python -m private_apis diagram --stack ${{ matrix.stack }} --policy-pack policies "
        "--output diagram-${{ matrix.stack }}.svg")
    assert all("!cancelled()" in s["if"] for s in (draw, upload, summary))
    assert upload["uses"].split("@")[0] == "actions/upload-artifact" and upload["id"] == "picture"
    assert upload["with"] == {"name": "diagram-${{ matrix.stack }}", "path": "diagram-${{ matrix.stack }}.svg",
                              "if-no-files-found": "error"}
    assert summary["env"] == {"PICTURE_URL": "${{ steps.picture.outputs.artifact-url }}"}
    assert " ".join(summary["run"].split()) == (
        ".venv/bin/python -m private_apis.diagram.summary --stack ${{ matrix.stack }} "
        '--sarif policy-${{ matrix.stack }}.sarif --picture-url "$PICTURE_URL" >> "$GITHUB_STEP_SUMMARY"')
