"""Running programs in-process one after another: a failing program leaves nothing behind for the next run."""

from __future__ import annotations

import gc
import logging

import pulumi
import pulumi_aws as aws
import pytest

from private_apis.testing import run_program


def failing_program() -> None:
    group = aws.ec2.SecurityGroup("sg", description="x")
    # Several applies in flight when one fails, as with a consumer's contract check.
    for index in range(5):
        group.id.apply(lambda _id, index=index: aws.ec2.SecurityGroup(f"late-{index}", description="x"))

    def fail(_: str) -> None:
        raise pulumi.RunError("contract check failed")

    group.id.apply(fail)


def test_a_failed_run_does_not_break_the_next_and_is_reported_once(caplog):
    caplog.set_level(logging.DEBUG, logger="asyncio")
    for _ in range(3):
        with pytest.raises(pulumi.RunError, match="contract check failed"):
            run_program(failing_program)
        graph = run_program(lambda: aws.ec2.SecurityGroup("ok", description="y"))
        assert [r.name for r in graph.of_type("aws:ec2/securityGroup:SecurityGroup")] == ["ok"]
    gc.collect()
    assert "never retrieved" not in caplog.text


def test_stack_reference_secrets_arrive_as_secrets_whether_masked_or_shown():
    def program() -> None:
        ref = pulumi.StackReference("organization/platform/dev")
        for name in ("masked", "shown", "plain"):
            pulumi.export(name, ref.get_output(name))

    graph = run_program(program, stack_references={"organization/platform/dev": {
        "masked": "[secret]", "shown": {"secret": True, "value": "v"}, "plain": "x"}})
    assert sorted(graph.secret_output_names) == ["masked", "shown"]
    assert (graph.outputs["plain"], graph.outputs["shown"]) == ("x", "v")
