"""Reading an API defined by an OpenAPI ``body`` (``apigateway.RestApi``, ``apigatewayv2.Api``); no policy here.

API Gateway creates one method (REST) or route (HTTP API) per operation of the document's ``paths``, so the rules
judge each operation as they judge a ``Method`` or ``Route`` resource. How an operation is authorised:

* its ``security`` list, or the document's top-level ``security`` when the operation has none (OpenAPI 2 and 3);
  ``security: []`` or an empty requirement ``{}`` admits anonymous callers;
* each named scheme (``securityDefinitions`` in OpenAPI 2, ``components.securitySchemes`` in OpenAPI 3) is
  ``AWS_IAM`` when its ``x-amazon-apigateway-authtype`` is ``awsSigv4``, ``COGNITO_USER_POOLS`` / ``CUSTOM`` /
  ``JWT`` for an ``x-amazon-apigateway-authorizer`` of type ``cognito_user_pools`` / ``token`` or ``request`` /
  ``jwt``, and an API key for a plain ``apiKey`` scheme (``x-api-key``), which authorises nobody;
  https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-authtype.html and
  .../api-gateway-swagger-extensions-authorizer.html. A scheme API Gateway has no authorizer for, or one the
  document does not define, enforces nothing, so it counts as ``NONE``;
* schemes named together in one requirement must all pass (the strongest decides); alternative requirements each
  admit a caller on their own (the weakest decides).

``x-amazon-apigateway-endpoint-configuration`` carries only ``disableExecuteApiEndpoint`` and ``vpcEndpointIds``
(top level in OpenAPI 2, on each ``servers`` entry in OpenAPI 3,
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-endpoint-configuration.html);
the endpoint type is not part of the document (ImportRestApi takes it as the ``endpointConfigurationTypes``
parameter, default EDGE), so the resource's ``endpointConfiguration`` still decides whether an API is PRIVATE.

``x-amazon-apigateway-policy`` is the API's resource policy (API Gateway Developer Guide, "x-amazon-apigateway-policy"):
the import sets it, and a ``policy`` set on the ``RestApi`` itself replaces it right after the import (the provider
applies an explicit ``policy`` again, terraform-provider-aws rest_api.go), so the body's policy is the API's when the
resource sets none (:func:`body_policy`).

A body is read once per distinct text per process (the rules of one run share it) and may be JSON or YAML, as
API Gateway accepts both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml  # a dependency of the pulumi SDK, which pulumi-policy requires

from private_api_guard.core import Described, EvaluationLimitError, plain, violation

MAX_BODY_CHARS = 6 * 1024 * 1024
"""Longest body read: the largest API definition API Gateway imports ("The maximum size of the API definition file
is 6MB", ImportRestApi in the API Gateway API reference)."""

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ANY_METHOD = "x-amazon-apigateway-any-method"
AUTHORIZER = "x-amazon-apigateway-authorizer"
AUTHTYPE = "x-amazon-apigateway-authtype"
ENDPOINT_CONFIGURATION = "x-amazon-apigateway-endpoint-configuration"
POLICY = "x-amazon-apigateway-policy"
POLICY_FIELD = f"body.{POLICY}"

NONE = "NONE"
AWS_IAM = "AWS_IAM"
_AUTHORIZER_TYPES = {"cognito_user_pools": "COGNITO_USER_POOLS", "token": "CUSTOM", "request": "CUSTOM",
                     "jwt": "JWT"}
_STRENGTH = {NONE: 0, "JWT": 1, "CUSTOM": 1, "COGNITO_USER_POOLS": 1, AWS_IAM: 2}
_LEADING = re.compile(r"^[ \t?-]*", re.MULTILINE)
_FAST_DEPTH = 2000
_API_KEY = "API_KEY"
"""What a plain apiKey scheme gives: a key for usage plans, not an authorization type."""


@dataclass(frozen=True)
class Operation:
    """One operation of ``paths``: a REST method or an HTTP API route."""

    path: str
    method: str
    """Upper case; ``ANY`` for ``x-amazon-apigateway-any-method``."""
    authorization: str
    """``NONE``, ``AWS_IAM``, ``COGNITO_USER_POOLS``, ``CUSTOM`` or ``JWT``: the weakest way in."""
    api_key_required: bool
    field: str
    """Where its security comes from, for messages: ``body.paths['/x'].get.security`` or ``body.security``."""
    security: Any
    """That security value (None when neither the operation nor the document sets one)."""

    @property
    def route_key(self) -> str:
        """The HTTP API route key API Gateway creates: ``GET /pets``, or ``$default`` for the ``$default`` path."""
        return self.path if self.path == "$default" else f"{self.method} {self.path}"

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Definition:
    """What the rules need from a body. ``readable`` is False for text that is no OpenAPI document."""

    operations: tuple[Operation, ...] = ()
    disables_execute_api_endpoint: bool = False
    readable: bool = True
    policy: Any = None
    """The document's ``x-amazon-apigateway-policy`` (an object or JSON text), or None."""


UNREADABLE = Definition(readable=False)


def read(value: Any) -> Definition | None:
    """The definition in a ``body`` value (a JSON or YAML string, or an object); None when the body is unset or blank.

    An unknown value raises ``UnknownValueError`` (through the proxy) before anything is read; a body longer than
    :data:`MAX_BODY_CHARS` or nested too deeply to parse raises :class:`EvaluationLimitError`.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        return _read_text(value)
    if isinstance(value, Mapping):
        try:
            document = plain(value, field="body", depth=10_000)
        except RecursionError:
            raise _too_deep() from None
        return definition(document)
    return UNREADABLE


@lru_cache(maxsize=32)
def _read_text(text: str) -> Definition:
    if len(text) > MAX_BODY_CHARS:
        raise EvaluationLimitError(violation("body", Described(f"a document of {len(text)} characters"),
                                             f"it is longer than the {MAX_BODY_CHARS} characters API Gateway "
                                             "imports, so the rule cannot prove its methods authorised",
                                             "keep the OpenAPI definition within 6 MB"))
    try:
        return definition(_parse(text))
    except RecursionError:
        raise _too_deep() from None


def _too_deep() -> EvaluationLimitError:
    return EvaluationLimitError(violation("body", Described("nested too deeply to read"),
                                          "the rule cannot prove its methods authorised",
                                          "flatten the OpenAPI definition (use $ref components)"))


def _nesting_bound(text: str) -> int:
    """An upper bound on how deeply a YAML text nests: every flow bracket, plus what indentation can express.

    A block level needs more indentation or one more ``-`` / ``?`` indicator at the start of a line (a sequence
    may sit at its mapping key's indentation, hence twice the longest such run).
    """
    flow = text.count("[") + text.count("{")
    block = max((len(m.group(0)) for m in _LEADING.finditer(text)), default=0)
    return flow + 2 * block + 2


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    # libyaml's loader parses a large definition in a tenth of the time, but it recurses on the C stack without a
    # limit and crashes the process on a document nested some 20,000 levels deep; only a text that provably
    # nests less goes to it, anything else to the pure-Python loader, which raises RecursionError.
    fast = getattr(yaml, "CSafeLoader", None)
    loader = fast if fast is not None and _nesting_bound(text) <= _FAST_DEPTH else yaml.SafeLoader
    try:
        return yaml.load(text, Loader=loader)  # both are safe loaders: plain data, no Python objects
    except RecursionError:
        raise
    except Exception:
        # Not YAML either (YAMLError), or a scalar YAML cannot construct (a date such as 2024-13-45 is a ValueError).
        return None


def definition(document: Any) -> Definition:
    """The operations and endpoint settings of a parsed document (plain dicts and lists)."""
    if not isinstance(document, Mapping):
        return UNREADABLE
    # Unreadable operations do not make the policy unreadable: the import still sets it.
    unreadable = Definition(readable=False, policy=document.get(POLICY))
    if not isinstance(document.get("paths"), Mapping):
        return unreadable
    schemes = _schemes(document)
    top = document.get("security")
    operations: list[Operation] = []
    for path, item in document["paths"].items():
        if not isinstance(item, Mapping):
            continue
        if "$ref" in item:
            # Operations defined elsewhere: whether the import resolves the reference is not documented, so the
            # rules cannot prove them authorised and judge the body as unreadable (they fail closed).
            return unreadable
        for key, operation in item.items():
            method = _method(key)
            if method is None or not isinstance(operation, Mapping):
                continue
            operations.append(_operation(str(path), method, key, operation, top, schemes))
    return Definition(tuple(operations), _disables_default_endpoint(document), policy=document.get(POLICY))


def _method(key: Any) -> str | None:
    if not isinstance(key, str):
        return None
    if key.lower() == ANY_METHOD:
        return "ANY"
    return key.upper() if key.lower() in HTTP_METHODS else None


def _schemes(document: Mapping[str, Any]) -> dict[str, str]:
    """Scheme name -> ``AWS_IAM``, ``COGNITO_USER_POOLS``, ``CUSTOM``, ``JWT``, ``API_KEY`` or ``NONE``."""
    found: dict[str, Any] = {}
    components = document.get("components")
    for container in (document.get("securityDefinitions"),
                      components.get("securitySchemes") if isinstance(components, Mapping) else None):
        if isinstance(container, Mapping):
            found.update({str(k): v for k, v in container.items()})
    return {name: _scheme_type(scheme) for name, scheme in found.items()}


def _scheme_type(scheme: Any) -> str:
    if not isinstance(scheme, Mapping):
        return NONE
    authorizer = scheme.get(AUTHORIZER)
    if isinstance(authorizer, Mapping):
        kind = authorizer.get("type")
        return _AUTHORIZER_TYPES.get(kind.lower(), NONE) if isinstance(kind, str) else NONE
    authtype = scheme.get(AUTHTYPE)
    if isinstance(authtype, str) and authtype.lower() == "awssigv4":
        return AWS_IAM
    kind = scheme.get("type")
    return _API_KEY if isinstance(kind, str) and kind.lower() == "apikey" else NONE


def _operation(path: str, method: str, key: str, operation: Mapping[str, Any], top: Any,
               schemes: Mapping[str, str]) -> Operation:
    if "security" in operation:
        field, security = f"body.paths[{path!r}].{key}.security", operation.get("security")
    elif top is not None:
        field, security = "body.security", top
    else:
        field, security = f"body.paths[{path!r}].{key}.security", None
    authorization, key_required = _authorization(security, schemes)
    return Operation(path, method, authorization, key_required, field, security)


def _authorization(security: Any, schemes: Mapping[str, str]) -> tuple[str, bool]:
    """(weakest authorization over the alternatives, whether every alternative requires an API key)."""
    requirements = security if isinstance(security, list) else []
    if not requirements:
        return NONE, False
    weakest, every_key = AWS_IAM, True
    for requirement in requirements:
        found = [schemes.get(str(name), NONE) for name in requirement] if isinstance(requirement, Mapping) else []
        kinds = [k for k in found if k != _API_KEY]
        strongest = max(kinds, key=_STRENGTH.__getitem__) if kinds else NONE
        every_key = every_key and _API_KEY in found
        if _STRENGTH[strongest] < _STRENGTH[weakest]:
            weakest = strongest
    return weakest, every_key


def _disables_default_endpoint(document: Mapping[str, Any]) -> bool:
    servers = document.get("servers")
    places = [document, *(s for s in servers if isinstance(s, Mapping))] if isinstance(servers, list) else [document]
    for place in places:
        configuration = place.get(ENDPOINT_CONFIGURATION)
        if isinstance(configuration, Mapping) and configuration.get("disableExecuteApiEndpoint") is True:
            return True
    return False


def body_policy(props: Mapping[str, Any]) -> Any:
    """The resource policy a RestApi's body gives it, when the resource sets no ``policy`` of its own; else None."""
    own = props.get("policy")
    if own is not None and not (isinstance(own, str) and not own.strip()):
        return None
    found = read(props.get("body"))
    return found.policy if found is not None else None
