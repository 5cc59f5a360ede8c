"""No execute-api endpoint of the shared VPC turns private DNS on, so every invoke URL works from where it says.

AWS rule encoded here: with private DNS on, an execute-api endpoint answers for every
``*.execute-api.<region>.amazonaws.com`` name in its VPC and "you can't access the default endpoint for public
APIs" from there (API Gateway Developer Guide, "Private REST APIs in API Gateway", best practices). The bridge-host
and iam-internal invoke URLs are such public default endpoints, and the dev stack puts the bridge-host and every
execute-api endpoint in one VPC; the NLB of onprem-domain reaches its endpoint by the endpoint's addresses and the
native mode resolves through the private zone, so neither needs private DNS.
"""

from __future__ import annotations

import pytest

ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"


@pytest.mark.parametrize("stack", ["dev", "native", "prod"])
def test_no_execute_api_endpoint_of_a_shipped_stack_has_private_dns(stack_preview, stack):
    graph = stack_preview(stack).graph
    execute_api = [r for r in graph.of_type(ENDPOINT) if r.inputs["serviceName"].endswith(".execute-api")]
    assert execute_api
    assert {r.name: r.inputs["privateDnsEnabled"] for r in execute_api} == {r.name: False for r in execute_api}


def test_the_dev_invoke_urls_of_public_default_endpoints_are_usable_in_the_shared_vpc(stack_preview):
    result = stack_preview("dev")
    outputs = result.graph.outputs
    # Reached by their default execute-api names, which only an endpoint with private DNS would capture.
    for key in ("bridge_invoke_url", "iam_invoke_url"):
        assert ".execute-api." in outputs[key] and ".vpce." not in outputs[key], key
    # The serverless API is reached through the endpoint's own name, or the alias, neither of which needs it.
    assert ".vpce.amazonaws.com/" in outputs["serverless_vpc_endpoint_url"]
