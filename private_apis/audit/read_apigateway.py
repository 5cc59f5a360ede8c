"""REST APIs live, as pulumi-aws property bags: the API, its methods (``get_resources`` + ``get_method``), stages,
resource policy, API keys and VPC links.

pulumi-aws ids: a Method is ``agm-<api>-<resource>-<verb>``, a Stage ``ags-<api>-<stage>``, a RestApiPolicy the
API's id (hashicorp/terraform-provider-aws, internal/service/apigateway); they are matched by their inputs
(``restApi``, ``resourceId``, ``httpMethod``, ``stageName``), which hold in every provider version.
"""

from __future__ import annotations

from typing import Any

from private_apis.audit.aws import Gone
from private_apis.audit.normalize import canonical_policy, plain, policy_text
from private_apis.audit.reading import Context, Drift, Extra, Live, identifier
from private_apis.engine.recorder import RecordedResource

REST_API = "aws:apigateway/restApi:RestApi"
METHOD = "aws:apigateway/method:Method"
STAGE = "aws:apigateway/stage:Stage"
REST_API_POLICY = "aws:apigateway/restApiPolicy:RestApiPolicy"
ACCESS_ASSOCIATION = "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation"


def _api(ctx: Context, api_id: str) -> dict[str, Any]:
    return ctx.cached(("rest_api", api_id), lambda: ctx.aws.call("apigateway", "get_rest_api", restApiId=api_id))


def _methods(ctx: Context, api_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every method of the API, by (resource id, verb), with the path it serves."""
    def read() -> dict[tuple[str, str], dict[str, Any]]:
        found = {}
        for resource in ctx.aws.pages("apigateway", "get_resources", "items", restApiId=api_id, limit=500):
            for verb in sorted(resource.get("resourceMethods") or {}):
                method = ctx.aws.call("apigateway", "get_method", restApiId=api_id, resourceId=resource["id"],
                                      httpMethod=verb)
                found[(resource["id"], verb)] = {**method, "path": resource.get("path", "")}
        return found
    return ctx.cached(("methods", api_id), read)


def _stages(ctx: Context, api_id: str) -> dict[str, dict[str, Any]]:
    def read() -> dict[str, dict[str, Any]]:
        items = ctx.aws.call("apigateway", "get_stages", restApiId=api_id).get("item") or []
        return {s["stageName"]: s for s in items}
    return ctx.cached(("stages", api_id), read)


def api_arn(record: RecordedResource) -> str | None:
    """The execute-api ARN a policy names the API by (``execute-api:/*`` expands to it): the RestApi's
    ``executionArn`` output, which every state records."""
    arn = record.outputs.get("executionArn")
    return arn if isinstance(arn, str) and arn else None


def _owns_policy_resource(ctx: Context, api_id: str) -> bool:
    return any(p.inputs.get("restApiId") == api_id for p in ctx.of_type(REST_API_POLICY))


def read_rest_api(ctx: Context, record: RecordedResource) -> Live:
    api_id = identifier(record)
    api = _api(ctx, api_id)
    endpoint = api.get("endpointConfiguration") or {}
    types = endpoint.get("types") or ["EDGE"]
    configuration: dict[str, Any] = {"types": types[0]}
    if endpoint.get("vpcEndpointIds"):
        configuration["vpcEndpointIds"] = list(endpoint["vpcEndpointIds"])
    bag: dict[str, Any] = {"name": api.get("name"), "endpointConfiguration": configuration,
                           "disableExecuteApiEndpoint": bool(api.get("disableExecuteApiEndpoint"))}
    # A RestApiPolicy resource owns the policy where the stack has one: the API's own `policy` is then its echo.
    if not _owns_policy_resource(ctx, api_id):
        bag["policy"] = policy_text(api.get("policy"))
    return Live(bag=bag, extras=_undeclared_methods(ctx, record, api_id) + _undeclared_stages(ctx, record, api_id))


def _method_bag(api_id: str, resource_id: str, verb: str, method: dict[str, Any]) -> dict[str, Any]:
    return {"restApi": api_id, "resourceId": resource_id, "httpMethod": verb,
            "authorization": method.get("authorizationType") or "NONE",
            "apiKeyRequired": bool(method.get("apiKeyRequired")), "authorizerId": method.get("authorizerId"),
            "authorizationScopes": method.get("authorizationScopes")}


def _undeclared_methods(ctx: Context, api: RecordedResource, api_id: str) -> list[Extra]:
    declared = {(m.inputs.get("resourceId"), m.inputs.get("httpMethod")) for m in ctx.of_type(METHOD)
                if m.inputs.get("restApi") == api_id}
    extras = []
    for (resource_id, verb), method in _methods(ctx, api_id).items():
        if (resource_id, verb) in declared:
            continue
        extras.append(Extra(type=METHOD, name=f"{api.name}-live-{verb}-{method['path']}", owner=api,
                            bag=_method_bag(api_id, resource_id, verb, method),
                            links={"restApi": [api.urn], "resourceId": [api.urn]}, property="methods",
                            declared_elsewhere="body" in api.inputs))
    return extras


def _stage_bag(api_id: str, stage: dict[str, Any]) -> dict[str, Any]:
    logs = stage.get("accessLogSettings") or {}
    return {"restApi": api_id, "stageName": stage.get("stageName"), "deployment": stage.get("deploymentId"),
            "accessLogSettings": {k: v for k, v in {"destinationArn": logs.get("destinationArn"),
                                                    "format": logs.get("format")}.items() if v} or None,
            "xrayTracingEnabled": bool(stage.get("tracingEnabled")),
            "cacheClusterEnabled": bool(stage.get("cacheClusterEnabled"))}


def _undeclared_stages(ctx: Context, api: RecordedResource, api_id: str) -> list[Extra]:
    declared = {s.inputs.get("stageName") for s in ctx.of_type(STAGE) if s.inputs.get("restApi") == api_id}
    return [Extra(type=STAGE, name=f"{api.name}-live-stage-{name}", owner=api, bag=_stage_bag(api_id, stage),
                  links={"restApi": [api.urn]}, property="stages")
            for name, stage in _stages(ctx, api_id).items() if name not in declared]


def read_method(ctx: Context, record: RecordedResource) -> Live:
    api_id, resource_id, verb = (record.inputs.get(k) for k in ("restApi", "resourceId", "httpMethod"))
    method = _methods(ctx, api_id).get((resource_id, verb))
    if method is None:
        raise Gone(f"method {verb} of resource {resource_id} is not on API {api_id}")
    return Live(bag=_method_bag(api_id, resource_id, verb, method))


def read_stage(ctx: Context, record: RecordedResource) -> Live:
    api_id, name = record.inputs.get("restApi"), record.inputs.get("stageName")
    stage = _stages(ctx, api_id).get(name)
    if stage is None:
        raise Gone(f"stage {name} is not on API {api_id}")
    return Live(bag=_stage_bag(api_id, stage))


def read_rest_api_policy(ctx: Context, record: RecordedResource) -> Live:
    api_id = record.inputs.get("restApiId") or identifier(record)
    text = policy_text(_api(ctx, api_id).get("policy"))
    if text is None:
        raise Gone(f"API {api_id} has no resource policy")
    return Live(bag={"restApiId": api_id, "policy": text})


def read_api_key(ctx: Context, record: RecordedResource) -> Live:
    key = ctx.aws.call("apigateway", "get_api_key", apiKey=identifier(record), includeValue=False)
    return Live(bag={"name": key.get("name"), "enabled": bool(key.get("enabled"))})


def read_vpc_link(ctx: Context, record: RecordedResource) -> Live:
    link = ctx.aws.call("apigateway", "get_vpc_link", vpcLinkId=identifier(record))
    targets = link.get("targetArns") or []
    return Live(bag={"targetArn": targets[0] if len(targets) == 1 else targets or None})


def read_access_association(ctx: Context, record: RecordedResource) -> Live:
    """Which VPC endpoint may reach a private custom domain name (its ARN is the resource's id)."""
    arn = identifier(record, "arn")
    items = ctx.cached("access-associations", lambda: ctx.aws.pages(
        "apigateway", "get_domain_name_access_associations", "items", resourceOwner="SELF"))
    match = next((i for i in items if i.get("domainNameAccessAssociationArn") == arn), None)
    if match is None:
        raise Gone(f"domain name access association {arn} does not exist")
    return Live(bag={"domainNameArn": match.get("domainNameArn"),
                     "accessAssociationSource": match.get("accessAssociationSource"),
                     "accessAssociationSourceType": match.get("accessAssociationSourceType")})


def _policy_of_api(value: Any, record: RecordedResource, ctx: Context) -> Any:
    api_id = record.inputs.get("restApiId") or identifier(record)
    owner = next((r for r in ctx.of_type(REST_API) if identifier(r) == api_id), record)
    return canonical_policy(value, api_arn=api_arn(owner))


def _endpoint_configuration(value: Any, record: RecordedResource, ctx: Context) -> Any:
    value = dict(value or {})
    types = value.get("types") or "EDGE"
    return plain({**value, "types": types if isinstance(types, list) else [types]})


def _plain(value: Any, record: RecordedResource, ctx: Context) -> Any:
    return plain(value)


READERS = {
    REST_API: read_rest_api, METHOD: read_method, STAGE: read_stage, REST_API_POLICY: read_rest_api_policy,
    "aws:apigateway/apiKey:ApiKey": read_api_key, "aws:apigateway/vpcLink:VpcLink": read_vpc_link,
    ACCESS_ASSOCIATION: read_access_association,
}

DRIFT = {
    REST_API: {"endpointConfiguration": Drift(normalise=_endpoint_configuration),
               "disableExecuteApiEndpoint": Drift(default=False), "policy": Drift(normalise=_policy_of_api)},
    METHOD: {"authorization": Drift(), "apiKeyRequired": Drift(default=False), "authorizerId": Drift(),
             "authorizationScopes": Drift(normalise=_plain)},
    STAGE: {"accessLogSettings": Drift(normalise=_plain), "xrayTracingEnabled": Drift(default=False)},
    REST_API_POLICY: {"policy": Drift(normalise=_policy_of_api)},
    "aws:apigateway/apiKey:ApiKey": {"enabled": Drift(default=True)},
    "aws:apigateway/vpcLink:VpcLink": {"targetArn": Drift()},
    ACCESS_ASSOCIATION: {"accessAssociationSource": Drift(), "domainNameArn": Drift()},
}
