"""Realistic outputs for the apigatewayv2 resources the pack's exposure rules reason about (registered on import).

Formats as AWS returns them: an HTTP or WebSocket API id is 10 lowercase letters and digits, its ``arn`` is
``arn:aws:apigateway:<region>::/apis/<id>``, its ``executionArn`` ``arn:aws:execute-api:<region>:<account>:<id>`` (what
a ``lambda.Permission`` source ARN is built from) and its ``apiEndpoint`` ``https://<id>.execute-api.<region>.amazonaws.com``
(``wss://`` for WebSocket). Sub-resources (routes, integrations, authorizers, mappings, VPC links) have 6-7
character ids. AppSync GraphQL APIs have 26-character ids and ``uris`` for GRAPHQL and REALTIME on their own host.

Only what AWS computes is returned. Defaults the provider knows when it plans (a route's ``authorizationType``
``NONE``, an API's ``disableExecuteApiEndpoint`` false, a GraphQL API's ``visibility`` GLOBAL) are left out: every
computed output is unknown in a first preview, and those are known there in a real one.
"""

from __future__ import annotations

from typing import Any

from private_apis.engine.aws_mocks import _APIGW_ZONE_IDS, AwsMocks, _alnum, _builder

_PROTOCOLS = "_apigatewayv2_protocols"
"""Attribute of the mocks instance that remembers each API id's protocol (for stage URLs)."""


def _protocols(m: AwsMocks) -> dict[str, str]:
    found = getattr(m, _PROTOCOLS, None)
    if found is None:
        found = {}
        setattr(m, _PROTOCOLS, found)
    return found


def _host(m: AwsMocks, api_id: Any) -> str:
    return f"{api_id}.execute-api.{m.region}.amazonaws.com"


@_builder("aws:apigatewayv2/api:Api")
def _api(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 10)
    protocol = str(inputs.get("protocolType") or "HTTP").upper()
    _protocols(m)[rid] = protocol
    scheme = "wss" if protocol == "WEBSOCKET" else "https"
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/apis/{rid}",
            "executionArn": f"arn:aws:execute-api:{m.region}:{m.account}:{rid}",
            "apiEndpoint": f"{scheme}://{_host(m, rid)}"}


@_builder("aws:apigatewayv2/route:Route")
def _route(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _alnum(seed, 7)}


@_builder("aws:apigatewayv2/integration:Integration")
def _integration(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    websocket = _protocols(m).get(inputs.get("apiId")) == "WEBSOCKET"
    computed: dict[str, Any] = {"id": _alnum(seed, 7)}
    if websocket:
        computed["integrationResponseSelectionExpression"] = "${integration.response.statuscode}"
    return computed


@_builder("aws:apigatewayv2/authorizer:Authorizer")
def _authorizer(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _alnum(seed, 6)}


@_builder("aws:apigatewayv2/deployment:Deployment")
def _deployment(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _alnum(seed, 6), "autoDeployed": False}


@_builder("aws:apigatewayv2/stage:Stage")
def _stage(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    api, stage = inputs.get("apiId"), inputs.get("name") or name
    scheme = "wss" if _protocols(m).get(api) == "WEBSOCKET" else "https"
    # The $default stage is served at the root of the API's endpoint, every other one under its name.
    path = "" if stage == "$default" else stage
    return {"id": stage, "arn": f"arn:aws:apigateway:{m.region}::/apis/{api}/stages/{stage}",
            "executionArn": f"arn:aws:execute-api:{m.region}:{m.account}:{api}/{stage}",
            "invokeUrl": f"{scheme}://{_host(m, api)}/{path}"}


@_builder("aws:apigatewayv2/domainName:DomainName")
def _domain_name(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    domain = inputs.get("domainName") or f"{name}.example.com"
    given = inputs.get("domainNameConfiguration") or {}
    configuration = {**given, "targetDomainName": f"d-{_alnum(seed, 10)}.execute-api.{m.region}.amazonaws.com",
                     "hostedZoneId": _APIGW_ZONE_IDS.get(m.region, f"Z{_alnum(seed, 13).upper()}"),
                     "endpointType": given.get("endpointType") or "REGIONAL",
                     "securityPolicy": given.get("securityPolicy") or "TLS_1_2"}
    return {"id": domain, "arn": f"arn:aws:apigateway:{m.region}::/domainnames/{domain}",
            "apiMappingSelectionExpression": "$request.basepath", "domainNameConfiguration": configuration}


@_builder("aws:apigatewayv2/apiMapping:ApiMapping")
def _api_mapping(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _alnum(seed, 6)}


@_builder("aws:apigatewayv2/vpcLink:VpcLink")
def _vpc_link(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 6)
    return {"id": rid, "arn": f"arn:aws:apigateway:{m.region}::/vpclinks/{rid}"}


@_builder("aws:appsync/graphQLApi:GraphQLApi")
def _graphql_api(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _alnum(seed, 26)
    host = _alnum(seed + "host", 26)
    return {"id": rid, "arn": f"arn:aws:appsync:{m.region}:{m.account}:apis/{rid}",
            "uris": {"GRAPHQL": f"https://{host}.appsync-api.{m.region}.amazonaws.com/graphql",
                     "REALTIME": f"wss://{host}.appsync-realtime-api.{m.region}.amazonaws.com/graphql"}}


@_builder("aws:appsync/apiKey:ApiKey")
def _graphql_api_key(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    # The key is its own id ("da2-" and 26 characters); the provider's id joins it to the API id.
    key = f"da2-{_alnum(seed, 26)}"
    return {"id": f"{inputs.get('apiId')}:{key}", "apiKeyId": key, "key": key,
            "expires": inputs.get("expires") or "2026-01-08T00:00:00Z"}
