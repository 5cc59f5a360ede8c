"""The mocks answer in the account the stack's provider is pinned to, as the real provider would.

Issue 15: certificates and caller roles are checked against the deploying account, which a program learns from the
provider (``aws.get_caller_identity()``). The AWS provider's ``aws:allowedAccountIds`` is the "List of allowed AWS
account IDs to prevent you from mistakenly using an incorrect one" (its config reference, also in @pulumi/aws's
config/vars); with credentials of another account it stops before any change ("AWS account ID not allowed: <id>",
the upstream Terraform provider's error for allowed_account_ids), so a stack that pins its account is only ever
deployed in one of them. The offline engine
therefore answers the caller identity, and every ARN and owner id it derives from the account, with the first
``aws:allowedAccountIds``; unpinned stacks keep AWS's documentation account 123456789012. The program cannot tell.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pytest

from private_apis.engine.aws_mocks import DEFAULT_ACCOUNT, AwsMocks, stack_account
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewOptions, preview
from private_apis.testing import run_program
from tests.engine.conftest import run_cli

PINNED = "111122223333"


def program() -> None:
    identity = aws.get_caller_identity()
    pulumi.export("account", identity.account_id)
    pulumi.export("caller_arn", identity.arn)
    pulumi.export("vpc_owner", aws.ec2.Vpc("vpc", cidr_block="10.9.0.0/16").owner_id)
    pulumi.export("role_arn", aws.iam.Role("role", assume_role_policy="{}").arn)
    pulumi.export("exec_arn", aws.apigateway.RestApi("api").execution_arn)
    pulumi.export("cert_arn", aws.acm.Certificate("cert", domain_name="api.example.internal").arn)


def test_the_caller_identity_and_every_derived_arn_carry_the_pinned_account() -> None:
    out = run_program(program, config={"aws:allowedAccountIds": [PINNED, "444455556666"]}).outputs
    assert out["account"] == out["vpc_owner"] == PINNED
    assert out["caller_arn"].startswith(f"arn:aws:sts::{PINNED}:assumed-role/")
    assert out["role_arn"].startswith(f"arn:aws:iam::{PINNED}:role/role-")
    assert out["exec_arn"].startswith(f"arn:aws:execute-api:eu-west-1:{PINNED}:")
    assert out["cert_arn"].startswith(f"arn:aws:acm:eu-west-1:{PINNED}:certificate/")
    assert DEFAULT_ACCOUNT not in json.dumps(out)


@pytest.mark.parametrize("config", [{}, {"aws:allowedAccountIds": []}])
def test_an_unpinned_stack_keeps_the_documentation_account(config) -> None:
    assert run_program(program, config=config).outputs["account"] == DEFAULT_ACCOUNT


def test_an_account_given_to_the_mocks_wins() -> None:
    mocks = AwsMocks(account="210987654321")
    mocks.use_stack_config({"aws:allowedAccountIds": json.dumps([PINNED])})
    assert mocks.account == "210987654321"


@pytest.mark.parametrize("value", ['["1111"]', '"111122223333"', "111122223333", '[true]', "not json", '[{"a": 1}]'])
def test_a_malformed_allowed_account_list_is_refused(value) -> None:
    with pytest.raises(EngineError, match=r"^Config 'aws:allowedAccountIds' is .* list of 12-digit account ids\. "
                                          r"Fix: write e\.g\. aws:allowedAccountIds: \[\"111122223333\"\]"):
        stack_account({"aws:allowedAccountIds": value})


def test_a_secret_allowed_account_list_cannot_be_read_offline() -> None:
    assert stack_account({"aws:allowedAccountIds": "[secret: not decryptable offline]"}) is None


def test_preview_answers_in_the_pinned_account(tmp_path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text(f'config:\n  aws:region: eu-west-1\n'
                                              f'  aws:allowedAccountIds: ["{PINNED}"]\n')
    (tmp_path / "__main__.py").write_text("import pulumi, pulumi_aws as aws\n"
                                          "pulumi.export('account', aws.get_caller_identity().account_id)\n")
    for in_process in (False, True):
        result = preview(PreviewOptions(cwd=str(tmp_path), in_process=in_process))
        assert result.graph.stack_outputs["account"] == PINNED
    proc = run_cli("preview", "-C", str(tmp_path), "-c", 'aws:allowedAccountIds=["12"]')
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: Config 'aws:allowedAccountIds' is '[\"12\"]'; the AWS provider takes a list")
