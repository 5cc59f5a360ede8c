"""Load balancers and listeners, Lambda permissions and function URLs, Route 53 zones and HTTP/WebSocket routes,
live, as pulumi-aws property bags."""

from __future__ import annotations

import json
from typing import Any

from private_apis.audit.aws import Gone, Unavailable
from private_apis.audit.normalize import plain
from private_apis.audit.reading import Context, Drift, Extra, Live, identifier
from private_apis.engine.recorder import RecordedResource

PERMISSION = "aws:lambda/permission:Permission"


def read_load_balancer(ctx: Context, record: RecordedResource) -> Live:
    arn = identifier(record, "arn")
    found = ctx.aws.call("elbv2", "describe_load_balancers", LoadBalancerArns=[arn]).get("LoadBalancers") or []
    if not found:
        raise Gone(f"load balancer {arn} does not exist")
    lb = found[0]
    return Live(bag={"internal": lb.get("Scheme") == "internal", "loadBalancerType": lb.get("Type"),
                     "securityGroups": list(lb.get("SecurityGroups") or []) or None,
                     "subnets": [z["SubnetId"] for z in lb.get("AvailabilityZones") or [] if z.get("SubnetId")]
                     or None})


def read_listener(ctx: Context, record: RecordedResource) -> Live:
    arn = identifier(record, "arn")
    found = ctx.aws.call("elbv2", "describe_listeners", ListenerArns=[arn]).get("Listeners") or []
    if not found:
        raise Gone(f"listener {arn} does not exist")
    listener = found[0]
    certificates = [c["CertificateArn"] for c in listener.get("Certificates") or [] if c.get("CertificateArn")]
    # A TLS policy means something only on a TLS or HTTPS listener (moto reports its default on TCP ones too).
    tls = listener.get("Protocol") in ("TLS", "HTTPS")
    return Live(bag={"loadBalancerArn": listener.get("LoadBalancerArn"), "port": listener.get("Port"),
                     "protocol": listener.get("Protocol"), "sslPolicy": listener.get("SslPolicy") if tls else None,
                     "certificateArn": certificates[0] if certificates else None})


def _function_statements(ctx: Context, function: str) -> list[dict[str, Any]]:
    def read() -> list[dict[str, Any]]:
        try:
            policy = ctx.aws.call("lambda", "get_policy", FunctionName=function).get("Policy") or "{}"
        except Gone:
            # A function without any permission has no policy: ResourceNotFoundException, not a missing function.
            return []
        try:
            document = json.loads(policy) if isinstance(policy, str) else policy
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise Unavailable(f"lambda.get_policy of {function} returned a policy that is not a JSON object")
        statements = document.get("Statement") or []
        statements = statements if isinstance(statements, list) else [statements]
        return [s for s in statements if isinstance(s, dict)]
    return ctx.cached(("lambda-policy", function), read)


def _permission_bag(function: str, statement: dict[str, Any]) -> dict[str, Any]:
    principal = statement.get("Principal")
    if isinstance(principal, dict):
        principal = principal.get("Service") or principal.get("AWS") or principal.get("Federated")
    condition = statement.get("Condition") or {}
    like, equals = condition.get("ArnLike") or {}, condition.get("StringEquals") or {}
    return {"function": function, "statementId": statement.get("Sid"), "action": statement.get("Action"),
            "principal": principal, "sourceArn": like.get("AWS:SourceArn"),
            "sourceAccount": equals.get("AWS:SourceAccount"), "principalOrgId": equals.get("aws:PrincipalOrgID"),
            "functionUrlAuthType": equals.get("lambda:FunctionUrlAuthType")}


def read_permission(ctx: Context, record: RecordedResource) -> Live:
    function = str(record.inputs.get("function") or "").rsplit(":function:", 1)[-1]
    sid = identifier(record, "statementId")
    statements = _function_statements(ctx, function)
    match = next((s for s in statements if s.get("Sid") == sid), None)
    if match is None:
        raise Gone(f"function {function} has no permission statement {sid}")
    declared = {identifier(p, "statementId") for p in ctx.of_type(PERMISSION)}
    first = next(p for p in ctx.of_type(PERMISSION) if p.inputs.get("function") == record.inputs.get("function"))
    extras = [] if first is not record else [
        Extra(type=PERMISSION, name=f"{function}-live-{s.get('Sid')}", owner=record,
              bag=_permission_bag(function, s), links={"function": record.property_dependencies.get("function", [])},
              property="policy")
        for s in statements if s.get("Sid") not in declared]
    return Live(bag=_permission_bag(function, match), extras=extras)


def read_function_url(ctx: Context, record: RecordedResource) -> Live:
    params = {"FunctionName": record.inputs.get("functionName")}
    if record.inputs.get("qualifier"):
        params["Qualifier"] = record.inputs["qualifier"]
    config = ctx.aws.call("lambda", "get_function_url_config", **params)
    return Live(bag={"authorizationType": config.get("AuthType")})


def read_zone(ctx: Context, record: RecordedResource) -> Live:
    zone_id = identifier(record, "zoneId")
    zone = ctx.aws.call("route53", "get_hosted_zone", Id=zone_id)
    vpcs = [{"vpcId": v.get("VPCId"), "vpcRegion": v.get("VPCRegion")} for v in zone.get("VPCs") or []]
    private = bool(((zone.get("HostedZone") or {}).get("Config") or {}).get("PrivateZone"))
    return Live(bag={"vpcs": vpcs if private else None})


def read_v2_route(ctx: Context, record: RecordedResource) -> Live:
    route = ctx.aws.call("apigatewayv2", "get_route", ApiId=record.inputs.get("apiId"), RouteId=identifier(record))
    return Live(bag={"routeKey": route.get("RouteKey"), "authorizationType": route.get("AuthorizationType") or "NONE",
                     "authorizerId": route.get("AuthorizerId"), "apiKeyRequired": bool(route.get("ApiKeyRequired"))})


def _vpc_ids(value: Any, record: RecordedResource, ctx: Context) -> Any:
    return sorted(v.get("vpcId") for v in value or [] if isinstance(v, dict))


def _plain(value: Any, record: RecordedResource, ctx: Context) -> Any:
    return plain(value)


READERS = {
    "aws:lb/loadBalancer:LoadBalancer": read_load_balancer, "aws:lb/listener:Listener": read_listener,
    PERMISSION: read_permission, "aws:lambda/functionUrl:FunctionUrl": read_function_url,
    "aws:route53/zone:Zone": read_zone, "aws:apigatewayv2/route:Route": read_v2_route,
}

DRIFT = {
    "aws:lb/loadBalancer:LoadBalancer": {"internal": Drift(default=False)},
    "aws:lb/listener:Listener": {"protocol": Drift(), "port": Drift(), "sslPolicy": Drift(),
                                 "certificateArn": Drift()},
    PERMISSION: {"principal": Drift(), "sourceArn": Drift(), "principalOrgId": Drift(),
                 "action": Drift(normalise=_plain)},
    "aws:lambda/functionUrl:FunctionUrl": {"authorizationType": Drift()},
    "aws:route53/zone:Zone": {"vpcs": Drift(normalise=_vpc_ids)},
    "aws:apigatewayv2/route:Route": {"authorizationType": Drift(default="NONE"), "authorizerId": Drift()},
}
