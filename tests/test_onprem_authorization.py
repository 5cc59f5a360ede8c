"""On-premises APIs: authorization is a per-stack choice, AWS_IAM by default, NONE an explicit opt-out the pack reports.

AWS_IAM methods need a SigV4 signature from a principal with an identity grant (API Gateway Developer Guide,
"Control access to a REST API with IAM permissions"); the simulated client gets exactly those grants, and callers in
the data centre sign with `python -m private_apis invoke --api onprem`. NONE leaves the network as the only control.

The methods are the OpenAPI ``body`` of each API (components/openapi_body.py), so they are read from the bodies.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from private_apis.engine.preview import PreviewOptions, preview
from tests.engine.conftest import ROOT
from tests.rest_api_body import IAM, REST_API, ROUTE_RESOURCES, operations

ONPREM_OPERATIONS = [("onprem-one-api", "GET /"), ("onprem-one-api", "GET /test-resource"),
                     ("onprem-two-api", "GET /")]


def onprem_operations(graph: Any) -> dict[tuple[str, str], tuple[str, dict[str, Any]]]:
    """Every operation of the on-premises APIs' bodies by (RestApi name, route key), with the API's URN."""
    found: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    for api in graph.of_type(REST_API):
        if api.name.startswith("onprem-"):
            for key, operation in operations(json.loads(api.inputs["body"])).items():
                found[api.name, key] = (api.urn, operation)
    return found


def onprem_route_resources(graph: Any) -> list[str]:
    """Method, Integration, Resource or RestApiPolicy resources of the topology: none, the body holds the methods."""
    return [r.name for r in graph.resources if r.type in ROUTE_RESOURCES and r.name.startswith("onprem-")]


def _preview(*config: str):
    return preview(PreviewOptions(cwd=str(ROOT), stack="native", config=list(config),
                                  policy_packs=[str(ROOT / "policies")], in_process=True))


@pytest.fixture(scope="module")
def opted_out():
    return _preview("onpremAuthorization=NONE")


def test_every_onprem_method_is_aws_iam_by_default(stack_preview):
    result = stack_preview("native")
    found = onprem_operations(result.graph)
    assert sorted(found) == ONPREM_OPERATIONS
    assert {key: operation["security"] for key, (_, operation) in found.items()} == dict.fromkeys(
        ONPREM_OPERATIONS, IAM)
    assert onprem_route_resources(result.graph) == []
    assert result.graph.outputs["onprem_authorization"] == "AWS_IAM"
    assert result.mandatory == []


def test_none_is_honoured_and_exported(opted_out):
    found = onprem_operations(opted_out.graph)
    assert sorted(found) == ONPREM_OPERATIONS
    # NONE is an operation without a security requirement.
    assert [key for key, (_, operation) in found.items() if "security" in operation] == []
    assert onprem_route_resources(opted_out.graph) == []
    assert opted_out.graph.outputs["onprem_authorization"] == "NONE"


def test_the_pack_reports_the_opt_out_on_every_method(opted_out):
    # Reported on the RestApi, one violation per operation of its body.
    found = onprem_operations(opted_out.graph)
    assert sorted(found) == ONPREM_OPERATIONS
    flagged = [v for v in opted_out.mandatory if "authorization" in v.policy]
    for (api, key), (urn, _) in found.items():
        message = f"the {key} method declared in the OpenAPI body can be called without any authorization"
        assert [v for v in flagged if v.urn == urn and message in v.message], (api, key)
    assert len(flagged) == len(found)


def test_another_value_names_the_config_key():
    with pytest.raises(Exception) as caught:
        _preview("onpremAuthorization=COGNITO_USER_POOLS")
    assert "private-apis:onpremAuthorization" in str(caught.value)
