"""A REST API's methods and Lambda integrations as one OpenAPI 3.0 document (the ``RestApi``'s ``body``); pure.

Why a body and not ``Method``/``Integration`` resources: Pulumi deletes resources only after every create and
update of an ``up``, so a removed route's method still exists when the new ``Deployment`` snapshots the API and
the stage keeps serving it. A body is imported with ``PutRestApi`` in ``overwrite`` mode as an update of the
``RestApi`` itself, which replaces the whole definition (a removed operation is gone) before the deployment that
depends on the API is created (API Gateway API reference, PutRestApi: "overwrite" replaces the existing API
definition; pulumi-aws ``RestApi.body``).

The document holds only what a first preview knows (methods, paths, parameters, security, the Lambda invoke URIs
derived from the functions' names), so the policy pack can judge every method before anything exists. The
endpoint configuration and the resource policy stay on the ``RestApi`` resource: the provider applies them again
after each import (terraform-provider-aws internal/service/apigateway/rest_api.go,
resourceRestAPIWithBodyUpdateOperations), which a separate ``RestApiPolicy`` would not survive
(pulumi/pulumi-aws#4296, hashicorp/terraform-provider-aws#49672). The one cost: between the import and the
provider's patch the API is briefly not associated with its VPC endpoints (aws/aws-sam-cli#2353), so during a route
change the ``{api-id}-{vpce-id}`` alias names may fail for a moment; the ``Host`` and ``x-apigw-api-id`` forms
through the endpoint's own DNS name do not need the association. Writing the endpoint ids into the body would avoid
it, but would make the whole body unknown in a first preview, where the endpoint does not exist yet.

Extensions used (API Gateway Developer Guide, "OpenAPI extensions for API Gateway"): ``x-amazon-apigateway-
integration`` (``aws_proxy``, always ``POST`` to Lambda), ``x-amazon-apigateway-any-method`` for ``ANY``, and
``x-amazon-apigateway-authtype: awsSigv4`` on an ``apiKey`` scheme named ``Authorization`` for ``AWS_IAM``; an API
key is the ``x-api-key`` header scheme, required together with the authorization (one security requirement).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from components.routes import Route

OPENAPI_VERSION = "3.0.1"
ANY_METHOD = "x-amazon-apigateway-any-method"
SIGV4 = "sigv4"
API_KEY = "api_key"
LAMBDA_API_VERSION = "2015-03-31"

_SCHEMES: dict[str, dict[str, Any]] = {
    SIGV4: {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
    API_KEY: {"type": "apiKey", "name": "x-api-key", "in": "header"},
}


def lambda_invoke_uri(partition: str, region: str, account_id: str, function_name: str) -> str:
    """The integration URI that invokes a function by name: what ``aws.lambda_.Function.invoke_arn`` reads back.

    Derived rather than read from the function, so the body is a plain string in a first preview
    (Lambda API reference, "Invoke": ``/2015-03-31/functions/{FunctionName}/invocations``).
    """
    function_arn = f"arn:{partition}:lambda:{region}:{account_id}:function:{function_name}"
    return (f"arn:{partition}:apigateway:{region}:lambda:path/{LAMBDA_API_VERSION}/functions/"
            f"{function_arn}/invocations")


def _operation(route: Route, uri: str, authorization: str, api_key_required: bool) -> dict[str, Any]:
    requirement = {**({SIGV4: []} if authorization == "AWS_IAM" else {}),
                   **({API_KEY: []} if api_key_required else {})}
    operation: dict[str, Any] = {
        "operationId": route.slug,
        "summary": route.key,
        "responses": {"default": {"description": "The function's response, passed through"}},
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy",
            # Lambda is always invoked with POST, whatever the client's method.
            "httpMethod": "POST",
            "uri": uri,
            "passthroughBehavior": "when_no_match",
        },
    }
    if route.path_parameters:
        operation["parameters"] = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                                   for name in route.path_parameters]
    if requirement:
        operation["security"] = [requirement]
    return operation


def rest_api_document(title: str, routes: Sequence[tuple[Route, str]], *, authorization: str,
                      api_key_required: bool = False) -> dict[str, Any]:
    """The OpenAPI document of ``routes`` (each with its integration URI), every method with ``authorization``
    (``AWS_IAM`` or ``NONE``) and, when ``api_key_required``, an API key as well."""
    paths: dict[str, dict[str, Any]] = {}
    for route, uri in routes:
        method = ANY_METHOD if route.method == "ANY" else route.method.lower()
        paths.setdefault(route.path, {})[method] = _operation(route, uri, authorization, api_key_required)
    used = {name for item in paths.values() for op in item.values()
            for requirement in op.get("security", []) for name in requirement}
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": "1"},
        "paths": {path: paths[path] for path in sorted(paths)},
    }
    if used:
        document["components"] = {"securitySchemes": {name: _SCHEMES[name] for name in sorted(used)}}
    return document


def rest_api_body(title: str, routes: Sequence[tuple[Route, str]], *, authorization: str,
                  api_key_required: bool = False) -> str:
    """:func:`rest_api_document` as compact JSON with sorted keys: the same routes always give the same text."""
    return json.dumps(rest_api_document(title, routes, authorization=authorization,
                                        api_key_required=api_key_required),
                      sort_keys=True, separators=(",", ":"))
