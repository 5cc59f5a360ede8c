"""policies/README.md documents every policy of the pack: one table row with the peers' columns, at the level the
policy ships with, and a section of its own that the policy's url points at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from private_api_guard import all_policies
from pulumi_policy import StackValidationPolicy

README = (Path(__file__).resolve().parents[2] / "policies" / "README.md").read_text()
ROWS = {m.group(1): m.group(0) for m in re.finditer(r"^\| \[`([a-z0-9-]+)`\]\(#\1\) \|.*\|$", README, re.MULTILINE)}
POLICIES = all_policies()


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_every_policy_has_a_row_with_its_level_and_the_peer_columns(policy):
    row = ROWS.get(policy.name)
    assert row is not None, f"no README row for {policy.name}"
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert len(cells) == 8, cells  # policy, level, what, config, checkov, AWS Config, Prowler, compliance-policies
    level = policy.enforcement_level.value if policy.enforcement_level else "advisory"
    assert cells[1].split(" ")[0] == level
    assert ("(stack)" in cells[1]) == isinstance(policy, StackValidationPolicy)


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_every_policy_has_a_section(policy):
    assert f"\n### {policy.name}\n" in README
    assert policy.url == f"policies/README.md#{policy.name}"


def test_no_row_for_a_policy_that_does_not_exist():
    assert set(ROWS) <= {p.name for p in POLICIES}
