"""On-premises APIs: authorization is a per-stack choice, AWS_IAM by default, NONE an explicit opt-out the pack reports.

AWS_IAM methods need a SigV4 signature from a principal with an identity grant (API Gateway Developer Guide,
"Control access to a REST API with IAM permissions"); the simulated client gets exactly those grants, and callers in
the data centre sign with `python -m private_apis invoke --api onprem`. NONE leaves the network as the only control.
"""

from __future__ import annotations

import pytest

from private_apis.engine.preview import PreviewOptions, preview
from tests.engine.conftest import ROOT

METHOD = "aws:apigateway/method:Method"


def _preview(*config: str):
    return preview(PreviewOptions(cwd=str(ROOT), stack="native", config=list(config),
                                  policy_packs=[str(ROOT / "policies")], in_process=True))


@pytest.fixture(scope="module")
def opted_out():
    return _preview("onpremAuthorization=NONE")


def test_every_onprem_method_is_aws_iam_by_default(stack_preview):
    result = stack_preview("native")
    methods = [m for m in result.graph.of_type(METHOD) if m.name.startswith("onprem-")]
    assert methods and {m.inputs["authorization"] for m in methods} == {"AWS_IAM"}
    assert result.graph.outputs["onprem_authorization"] == "AWS_IAM"
    assert result.mandatory == []


def test_none_is_honoured_and_exported(opted_out):
    methods = [m for m in opted_out.graph.of_type(METHOD) if m.name.startswith("onprem-")]
    assert {m.inputs["authorization"] for m in methods} == {"NONE"}
    assert opted_out.graph.outputs["onprem_authorization"] == "NONE"


def test_the_pack_reports_the_opt_out_on_every_method(opted_out):
    methods = {m.urn for m in opted_out.graph.of_type(METHOD) if m.name.startswith("onprem-")}
    flagged = {v.urn for v in opted_out.mandatory if "authorization" in v.policy}
    assert methods <= flagged


def test_another_value_names_the_config_key():
    with pytest.raises(Exception) as caught:
        _preview("onpremAuthorization=COGNITO_USER_POOLS")
    assert "private-apis:onpremAuthorization" in str(caught.value)
