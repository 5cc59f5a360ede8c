"""Reading back the OpenAPI ``body`` of a Lambda-backed ``RestApi`` from a recorded graph (issue 15, point 6).

The Lambda-backed topologies (private_serverless, iam_internal, onprem_domain) declare their methods and
integrations in the API's body (components/openapi_body.py), not as ``Method``/``Integration``/``Resource``
resources. These helpers give the tests that body as data. The extension and scheme names are written out here
rather than imported from the component, so a test fails if the component's document changes shape.
"""

from __future__ import annotations

import json
from typing import Any

from private_apis.testing import Graph

REST_API = "aws:apigateway/restApi:RestApi"
ANY_METHOD = "x-amazon-apigateway-any-method"
INTEGRATION_KEY = "x-amazon-apigateway-integration"
ROUTE_RESOURCES = ("aws:apigateway/resource:Resource", "aws:apigateway/method:Method",
                   "aws:apigateway/integration:Integration", "aws:apigateway/restApiPolicy:RestApiPolicy")
"""What a body-defined API must not have as resources: Pulumi would delete a removed one only after the new
deployment snapshots the API, and the body's import would clear a separate policy."""

SIGV4_SCHEME = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
"""How an OpenAPI document asks for AWS_IAM (API Gateway Developer Guide, "x-amazon-apigateway-authtype")."""
API_KEY_SCHEME = {"type": "apiKey", "name": "x-api-key", "in": "header"}
"""An API key in the ``x-api-key`` header (the method's ``apiKeyRequired``)."""
IAM = [{"sigv4": []}]
"""The security of an AWS_IAM operation."""
IAM_AND_API_KEY = [{"sigv4": [], "api_key": []}]
"""The security of an AWS_IAM operation that also requires an API key: one requirement, both schemes."""


def body_of(graph: Graph, api_name: str | None = None) -> dict[str, Any]:
    """The parsed ``body`` of the graph's RestApi (the one named ``api_name`` when there are several)."""
    return json.loads(graph.one(REST_API, api_name).inputs["body"])


def operations(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every operation of ``body`` by route key (``GET /users/{id}``; ``ANY /`` for the any-method extension)."""
    return {f"{'ANY' if method == ANY_METHOD else method.upper()} {path}": operation
            for path, item in body["paths"].items() for method, operation in item.items()}


def lambda_proxy(uri: str) -> dict[str, Any]:
    """The integration of a Lambda-backed operation: proxy, always POST to Lambda, to ``uri``."""
    return {"type": "aws_proxy", "httpMethod": "POST", "uri": uri, "passthroughBehavior": "when_no_match"}


def path_parameters(*names: str) -> list[dict[str, Any]]:
    """An operation's ``parameters``: each name a required string path parameter."""
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}} for name in names]


def route_resource_types(graph: Graph) -> list[str]:
    """The types of every Method, Integration, Resource and RestApiPolicy the graph registered."""
    return [r.type for r in graph.resources if r.type in ROUTE_RESOURCES]
