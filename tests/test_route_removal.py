"""A route removed from the config leaves the stage in the same `up`.

Pulumi runs every create and update of an `up` first and deletes what the program no longer declares at the end
(pulumi/pulumi#9979: "pulumi first creates all new resources and schedules the deletion of resources at the very
end"). Were a route a ``Method`` resource, the new ``Deployment`` (a create) would snapshot the API while the removed
method still existed, and the stage would keep serving it. So the methods are the ``RestApi``'s OpenAPI ``body``,
which API Gateway replaces as a whole on ``PutRestApi`` in ``overwrite`` mode (API Gateway API reference,
PutRestApi; pulumi-aws ``RestApi.putRestApiMode``): an update of the API itself, which the deployment depends on, so
it happens before the deployment is created. These tests hold the graph to that shape for every Lambda-backed
topology.
"""

from __future__ import annotations

import json

import pytest

from components.iam_internal import IamInternalApi, IamInternalApiArgs
from components.openapi_body import lambda_invoke_uri
from private_apis.testing import Graph, run_program

REGION = "eu-west-1"
REST_API = "aws:apigateway/restApi:RestApi"
DEPLOYMENT = "aws:apigateway/deployment:Deployment"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
ROUTE_RESOURCES = ("aws:apigateway/method:Method", "aws:apigateway/integration:Integration",
                   "aws:apigateway/resource:Resource", "aws:apigateway/restApiPolicy:RestApiPolicy")


def iam_api(routes: list[str]) -> Graph:
    def program() -> None:
        IamInternalApi("iam", IamInternalApiArgs(routes=routes))
    return run_program(program, config={"aws:region": REGION})


def operations(graph: Graph) -> dict[str, list[str]]:
    body = json.loads(graph.one(REST_API).inputs["body"])
    return {path: sorted(item) for path, item in body["paths"].items()}


def test_a_removed_route_is_gone_from_the_api_definition_and_redeploys() -> None:
    before = iam_api(["GET /users", "GET /users/{id}", "POST /users"])
    after = iam_api(["GET /users", "POST /users"])
    assert operations(before) == {"/users": ["get", "post"], "/users/{id}": ["get"]}
    assert operations(after) == {"/users": ["get", "post"]}
    # A new trigger replaces the deployment: created after the API's update, it snapshots the new definition.
    assert before.one(DEPLOYMENT).inputs["triggers"] != after.one(DEPLOYMENT).inputs["triggers"]
    # The removed route's function and permission are deleted at the end, when no deployment names them any more.
    assert sorted(f.name for f in after.of_type(FUNCTION)) == ["iam-get-users-function", "iam-post-users-function"]
    assert sorted(p.name for p in after.of_type(PERMISSION)) == ["iam-get-users-permission",
                                                                  "iam-post-users-permission"]


def test_nothing_of_a_route_is_a_resource_pulumi_would_delete_after_the_new_deployment() -> None:
    graph = iam_api(["GET /users", "GET /users/{id}"])
    assert [r.type for r in graph.resources if r.type in ROUTE_RESOURCES] == []
    api = graph.one(REST_API)
    assert api.inputs["putRestApiMode"] == "overwrite"
    deployment = graph.one(DEPLOYMENT)
    assert api.urn in deployment.dependencies
    # The API waits for its functions: the body's integrations name them.
    assert {f.urn for f in graph.of_type(FUNCTION)} <= set(api.dependencies)
    # The stage serves a route only once API Gateway may invoke its function.
    assert {p.urn for p in graph.of_type(PERMISSION)} <= set(deployment.dependencies)


def test_the_body_is_known_in_a_first_preview() -> None:
    # The pack judges every method from the body, so it must not wait for any provider output: invoke URIs are
    # derived from the functions' names, the resource policy and endpoint ids stay outside the body.
    graph = run_program(lambda: IamInternalApi("iam", IamInternalApiArgs(routes=["GET /users/{id}"])),
                        config={"aws:region": REGION}, first_preview=True)
    body = json.loads(graph.one(REST_API).inputs["body"])
    operation = body["paths"]["/users/{id}"]["get"]
    function = graph.one(FUNCTION).inputs["name"]
    account = graph.one(REST_API).inputs["policy"].split(":execute-api:")[1].split(":")[1]
    assert operation["x-amazon-apigateway-integration"]["uri"] == lambda_invoke_uri("aws", REGION, account, function)
    assert operation["security"] == [{"sigv4": []}]


@pytest.mark.parametrize("stack", ["dev", "native", "prod"])
def test_no_shipped_stack_declares_a_lambda_route_as_a_method(stack_preview, stack: str) -> None:
    graph = stack_preview(stack).graph
    lambda_apis = [api for api in graph.of_type(REST_API) if "body" in api.inputs]
    assert lambda_apis, "every shipped stack has a Lambda-backed API"
    method_apis = {dep for r in graph.resources if r.type in ROUTE_RESOURCES for dep in r.dependencies}
    assert not method_apis & {api.urn for api in lambda_apis}
