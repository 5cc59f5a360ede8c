"""Least-privilege ``execute-api:Invoke`` grants for IAM-authorised REST APIs.

Pure functions, no Pulumi resources: the IAM-only API component and its tests call them with
resolved strings (inside ``Output.apply`` for the execution ARN).

A grant is a (caller, method, path) triple. It becomes the resource
``{execution_arn}/{stage}/{METHOD}/{path}`` in the AWS "IAM policy examples for API execution"
format:

* ``execution_arn`` is the REST API's ``execution_arn`` (``arn:aws:execute-api:{region}:{account}:{api_id}``),
  not the stage's; the stage is its own argument so it can never be a wildcard.
* ``METHOD`` is upper-cased; ``ANY`` becomes ``*`` (API Gateway compares the request's own verb).
* ``path`` is the API Gateway resource path, with or without its leading slash (``/user/{id}`` and
  ``user/{id}`` are the same route; a trailing slash is dropped). The root resource ``/`` becomes
  the empty path, i.e. ``.../GET/``, exactly as API Gateway builds the method ARN for the root.
  Each path parameter segment (``{id}``, and a final greedy ``{proxy+}``) becomes ``*``; literal
  segments stay literal.

Methods and paths follow the one grammar of :mod:`components.route_grammar` (shared with the route
tables, in its lenient path form); here its errors are :class:`~components.errors.ConfigError`.

**One statement per caller**, with the caller's resources sorted and de-duplicated: an identity
policy is attached to one caller, so its document holds exactly one statement, which keeps the
document small (IAM inline-policy size limits) and its diff readable. The statement ``Sid`` is
derived from the caller's name.

IAM wildcard caveat: in an IAM ``Resource`` a ``*`` also matches ``/``. ``GET /user/{id}`` therefore
also admits ``GET /user/1/orders`` when the API has such a route; API Gateway only routes to
resources that exist, so the grant reaches no further than the API's real routes, but it can reach
a deeper route with the same method. :func:`overreaching_grants` reports those cases for a route
table so a caller can be told (or the route renamed) instead of silently over-granting.

Nothing here ever emits ``execute-api:*`` or a ``*`` API id, stage or Resource: every output is
checked by :func:`_assert_scoped` before it is returned.

**Reading the API key.** When the API's methods require an API key, a caller also reads the key from
its SSM ``SecureString`` parameter with its own IAM rights: :func:`api_key_read_statements` gives
``ssm:GetParameter`` on that one parameter (:func:`ssm_parameter_arn`) and, when a customer managed KMS
key encrypts it, ``kms:Decrypt`` on that key only through SSM and only for that parameter. They go into
the caller's one document (``extra_statements`` of :func:`invoke_policy_document`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from components import route_grammar as grammar
from components.errors import ConfigError
from components.route_grammar import ANY_METHOD, VERBS
from components.validation import check_stage_name

__all__ = ["ANY_METHOD", "HTTP_METHODS", "INVOKE_ACTION", "KMS_DECRYPT_ACTION", "SSM_GET_PARAMETER_ACTION", "Grant",
           "GrantLike", "api_key_read_statements", "execution_arn_parts", "grants_from_config",
           "invoke_policy_document", "invoke_policy_documents", "invoke_resource_arn", "invoke_statements",
           "normalize_method", "normalize_path", "overreaching_grants", "resources_by_caller", "ssm_parameter_arn",
           "statement_sid"]

INVOKE_ACTION = "execute-api:Invoke"
"""The only action a grant ever carries."""

HTTP_METHODS = VERBS
"""Verbs API Gateway REST APIs accept on a method, besides ``ANY`` (:data:`components.route_grammar.VERBS`)."""
SSM_GET_PARAMETER_ACTION = "ssm:GetParameter"
"""What reading the API key's parameter takes (``GetParameter`` with ``WithDecryption``), nothing wider."""
KMS_DECRYPT_ACTION = "kms:Decrypt"
"""What decrypting a ``SecureString`` under a customer managed key takes."""

_EXECUTION_ARN = re.compile(
    r"^arn:(?P<partition>aws(?:-[a-z]+)*):execute-api:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+):"
    r"(?P<account>\d{12}):(?P<api_id>[A-Za-z0-9_-]+)$"
)
_SSM_PARAMETER_ARN = re.compile(
    r"^arn:(?P<partition>aws(?:-[a-z]+)*):ssm:(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+):(?P<account>\d{12}):"
    r"parameter/(?P<name>[A-Za-z0-9_.\-/]+)$", re.ASCII)
_KMS_KEY_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-\d+:\d{12}:key/[A-Za-z0-9-]+$", re.ASCII)
_PARAMETER_NAME = re.compile(r"^/?[A-Za-z0-9_.\-/]{1,2048}$", re.ASCII)
_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
_PRINCIPAL_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:iam::\d{12}:(?:role|user)/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")


@dataclass(frozen=True)
class Grant:
    """Permission for one caller to invoke one route of the API."""

    caller: str
    """IAM role (or, only when explicitly requested, user) that receives the permission: a name or an ARN."""
    method: str
    """HTTP verb of the route (``GET``, ``POST``, ...) or ``ANY``; case-insensitive."""
    path: str
    """API Gateway resource path such as ``/user/{id}``; the leading slash is optional."""


GrantLike = Grant | tuple[str, str, str]


def normalize_method(method: object, key: str = "method") -> str:
    """The method part of the ARN: an upper-case verb, or ``*`` for ``ANY``."""
    with grammar.raising(ConfigError):
        return grammar.arn_method(grammar.parse_method(method, key))


def normalize_path(path: object, key: str = "path") -> str:
    """The path part of the ARN: no leading or trailing slash, parameter segments as ``*``."""
    with grammar.raising(ConfigError):
        return grammar.arn_path(grammar.resource_path_segments(path, key))


def execution_arn_parts(execution_arn: object, key: str = "execution_arn") -> dict[str, str]:
    """``partition``, ``region``, ``account`` and ``api_id`` of a REST API execution ARN; ConfigError otherwise."""
    match = _EXECUTION_ARN.match(execution_arn) if isinstance(execution_arn, str) else None
    if match is None:
        hint = ""
        if isinstance(execution_arn, str) and "/" in execution_arn:
            hint = " (it looks like a stage or method ARN)"
        raise ConfigError(key, f"{execution_arn!r} is not a REST API execution ARN{hint}",
                          "pass the RestApi's execution_arn, arn:aws:execute-api:{region}:{account}:{api_id}, "
                          "and give the stage separately")
    return match.groupdict()


def _parse_execution_arn(execution_arn: object, key: str = "execution_arn") -> str:
    execution_arn_parts(execution_arn, key)
    return str(execution_arn)


def _check_stage(stage: object, key: str = "stage") -> str:
    return check_stage_name(stage, key)


def _check_caller(caller: object, key: str = "caller") -> str:
    if isinstance(caller, str) and (_ROLE_NAME.match(caller) or _PRINCIPAL_ARN.match(caller)):
        return caller
    raise ConfigError(key, f"{caller!r} is not an IAM role name or role/user ARN",
                      "name the caller's role, e.g. orders-service or arn:aws:iam::123456789012:role/orders-service")


def _assert_scoped(resource: str, execution_arn: str, stage: str) -> str:
    """Last line of defence: the API id, stage and verb position are concrete, never ``*``."""
    prefix = f"{execution_arn}/{stage}/"
    rest = resource[len(prefix):] if resource.startswith(prefix) else ""
    verb = rest.split("/", 1)[0]
    if not rest or "/" not in rest or (verb != "*" and verb not in HTTP_METHODS) or "*" in execution_arn \
            or "*" in stage:
        raise AssertionError(f"refusing to emit an unscoped invoke resource {resource!r}")
    return resource


def invoke_resource_arn(execution_arn: str, stage: str, method: str, path: str) -> str:
    """The ``execute-api:Invoke`` resource for one route.

    >>> invoke_resource_arn("arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5", "v1", "get", "/user/{id}")
    'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/v1/GET/user/*'
    """
    arn = _parse_execution_arn(execution_arn)
    stage_name = _check_stage(stage)
    resource = f"{arn}/{stage_name}/{normalize_method(method)}/{normalize_path(path)}"
    return _assert_scoped(resource, arn, stage_name)


def _as_grant(item: GrantLike, index: int) -> Grant:
    if isinstance(item, Grant):
        grant = item
    elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 3:
        grant = Grant(*item)
    else:
        raise ConfigError(f"grants[{index}]", f"{item!r} is not a (caller, method, path) triple",
                          "give each grant as Grant(caller, method, path) or a 3-tuple")
    _check_caller(grant.caller, f"grants[{index}].caller")
    normalize_method(grant.method, f"grants[{index}].method")
    normalize_path(grant.path, f"grants[{index}].path")
    return grant


def statement_sid(caller: str) -> str:
    """An IAM ``Sid`` (letters and digits only) naming the caller, e.g. ``InvokeAsOrdersService``."""
    name = caller.rsplit("/", 1)[-1]
    words = [w for w in re.split(r"[^A-Za-z0-9]+", name) if w]
    return "InvokeAs" + "".join(w[:1].upper() + w[1:] for w in words)


def resources_by_caller(grants: Iterable[GrantLike], *, execution_arn: str, stage: str) -> dict[str, list[str]]:
    """Each caller's sorted, de-duplicated invoke resources, callers in sorted order."""
    arn = _parse_execution_arn(execution_arn)
    stage_name = _check_stage(stage)
    by_caller: dict[str, set[str]] = {}
    for index, item in enumerate(grants):
        grant = _as_grant(item, index)
        by_caller.setdefault(grant.caller, set()).add(
            invoke_resource_arn(arn, stage_name, grant.method, grant.path))
    return {caller: sorted(by_caller[caller]) for caller in sorted(by_caller)}


def invoke_statements(grants: Iterable[GrantLike], *, execution_arn: str, stage: str) -> list[dict[str, Any]]:
    """One ``Allow execute-api:Invoke`` statement per caller (sorted by caller).

    Each statement's ``Resource`` is the caller's sorted, de-duplicated route ARNs. Sids are unique
    across the list (a numeric suffix separates callers whose names sanitise alike).
    """
    statements: list[dict[str, Any]] = []
    seen: set[str] = set()
    for caller, resources in resources_by_caller(grants, execution_arn=execution_arn, stage=stage).items():
        sid = base = statement_sid(caller)
        suffix = 2
        while sid in seen:
            sid, suffix = f"{base}{suffix}", suffix + 1
        seen.add(sid)
        statements.append({"Sid": sid, "Effect": "Allow", "Action": INVOKE_ACTION, "Resource": resources})
    return statements


def ssm_parameter_arn(name: str, *, partition: str, region: str, account_id: str) -> str:
    """The ARN of the SSM parameter ``name`` in one region and account: ``parameter/`` and the name without its
    leading slash, the form the parameter's KMS encryption context carries (AWS KMS Developer Guide, "How AWS
    Systems Manager Parameter Store uses AWS KMS", Parameter Store encryption context).

    >>> ssm_parameter_arn("/private-apis/dev/iam/api-key", partition="aws", region="eu-west-1",
    ...                   account_id="123456789012")
    'arn:aws:ssm:eu-west-1:123456789012:parameter/private-apis/dev/iam/api-key'
    """
    if not isinstance(name, str) or not _PARAMETER_NAME.match(name) or "//" in name:
        raise ConfigError("api_key_parameter_name", f"{name!r} is not an SSM parameter name",
                          "use a path such as /private-apis/dev/iam/api-key")
    arn = f"arn:{partition}:ssm:{region}:{account_id}:parameter/{name.lstrip('/')}"
    if not _SSM_PARAMETER_ARN.match(arn):
        raise ConfigError("api_key_parameter_name", f"{arn!r} is not an SSM parameter ARN",
                          "pass the partition, region and 12-digit account of the parameter")
    return arn


def api_key_read_statements(parameter_arn: str, *, kms_key_arn: str | None = None) -> list[dict[str, Any]]:
    """What a caller needs to read an API key kept in the SSM ``SecureString`` parameter ``parameter_arn``.

    * ``ssm:GetParameter`` on that one parameter ARN;
    * with ``kms_key_arn`` (a customer managed key: a key ARN, never an alias, since a ``Resource`` naming an
      alias applies to the alias and not to its key, AWS KMS Developer Guide, "Using aliases to control access to
      KMS keys"), ``kms:Decrypt`` on that key, only when SSM of the parameter's region calls KMS for the caller
      (``kms:ViaService`` = ``ssm.{region}.amazonaws.com``, "AWS KMS condition keys") and only for this parameter
      (``kms:EncryptionContext:PARAMETER_ARN``, which Parameter Store sets on every encrypt and decrypt, "How AWS
      Systems Manager Parameter Store uses AWS KMS"). Without one the parameter is under the AWS managed key
      ``aws/ssm``, whose key policy already lets every principal of the account decrypt through SSM (AWS Systems
      Manager User Guide, "Restricting decryption of SecureString parameter values"), so no statement is needed.
    """
    match = _SSM_PARAMETER_ARN.match(parameter_arn) if isinstance(parameter_arn, str) else None
    if match is None:
        raise ConfigError("api_key_parameter_name", f"{parameter_arn!r} is not an SSM parameter ARN",
                          "build it with ssm_parameter_arn(name, partition=..., region=..., account_id=...)")
    statements: list[dict[str, Any]] = [
        {"Sid": "ReadApiKeyParameter", "Effect": "Allow", "Action": SSM_GET_PARAMETER_ACTION,
         "Resource": parameter_arn}]
    if kms_key_arn is not None:
        if not isinstance(kms_key_arn, str) or not _KMS_KEY_ARN.match(kms_key_arn):
            raise ConfigError("api_key_kms_key_id", f"{kms_key_arn!r} is not a KMS key ARN (an alias cannot be the "
                              "Resource of kms:Decrypt)", "resolve the alias to its key ARN first")
        statements.append({
            "Sid": "DecryptApiKeyParameter", "Effect": "Allow", "Action": KMS_DECRYPT_ACTION, "Resource": kms_key_arn,
            "Condition": {"StringEquals": {"kms:ViaService": f"ssm.{match.group('region')}.amazonaws.com",
                                           "kms:EncryptionContext:PARAMETER_ARN": parameter_arn}}})
    return statements


def invoke_policy_document(grants: Iterable[GrantLike], *, execution_arn: str, stage: str,
                           caller: str | None = None, extra_statements: Sequence[Mapping[str, Any]] = ()) -> str:
    """The identity-policy JSON (``json.dumps``) for one caller.

    With ``caller`` set, only that caller's grants are used; without it, every grant must name the
    same caller, because one document is attached to one role and must not carry another's routes.
    ``extra_statements`` (such as :func:`api_key_read_statements`) follow the invoke statement.
    """
    items = [_as_grant(item, index) for index, item in enumerate(grants)]
    if caller is not None:
        _check_caller(caller)
        items = [g for g in items if g.caller == caller]
        if not items:
            raise ConfigError("grants", f"no grant names the caller {caller!r}",
                              f"add at least one (caller, method, path) grant for {caller}")
    callers = sorted({g.caller for g in items})
    if not callers:
        raise ConfigError("grants", "no grants given", "add at least one (caller, method, path) grant")
    if len(callers) > 1:
        raise ConfigError("grants", f"the grants name several callers ({', '.join(callers)})",
                          "pass caller=... or use invoke_policy_documents() for one document per caller")
    statements = [*invoke_statements(items, execution_arn=execution_arn, stage=stage),
                  *(dict(statement) for statement in extra_statements)]
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


def invoke_policy_documents(grants: Iterable[GrantLike], *, execution_arn: str, stage: str) -> dict[str, str]:
    """One identity-policy JSON per caller, keyed by caller (sorted)."""
    items = [_as_grant(item, index) for index, item in enumerate(grants)]
    return {caller: invoke_policy_document(items, execution_arn=execution_arn, stage=stage, caller=caller)
            for caller in sorted({g.caller for g in items})}


def _glob(pattern: str) -> re.Pattern[str]:
    """IAM resource matching: ``*`` is any run of characters (``/`` included), ``?`` one character."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z")


def _sample_request_path(path: str) -> str:
    """A concrete request path that API Gateway would route to ``path`` (already validated)."""
    return "/".join("p/q" if grammar.is_greedy(s) else "p" if grammar.param_name(s) is not None else s
                    for s in grammar.resource_path_segments(path, "routes.path"))


def overreaching_grants(grants: Iterable[GrantLike], routes: Iterable[tuple[str, str]]) -> list[tuple[Grant, str, str]]:
    """Grants whose resource also admits a *different* route of ``routes`` (method, path).

    Because an IAM ``*`` crosses ``/``, ``GET /user/{id}`` also admits ``GET /user/{id}/orders``.
    ``ANY`` admitting another verb on the same path is intended and not reported, and so is a greedy
    ``{proxy+}`` grant admitting routes below its own prefix (that subtree is what it asks for). Returns
    ``(grant, method, path)`` for each unintended route, in input order.
    """
    route_list = [(normalize_method(m, "routes.method"), normalize_path(p, "routes.path"), m, p) for m, p in routes]
    found: list[tuple[Grant, str, str]] = []
    for index, item in enumerate(grants):
        grant = _as_grant(item, index)
        g_method, g_path = normalize_method(grant.method), normalize_path(grant.path)
        matcher = _glob(f"{g_method}/{g_path}")
        greedy_prefix = g_path[:-1] if grant.path.rstrip("/").endswith("+}") else None
        for r_method, r_path, raw_method, raw_path in route_list:
            if r_path == g_path or (greedy_prefix is not None and f"{r_path}/".startswith(greedy_prefix)):
                continue
            verb = "GET" if r_method == "*" else r_method
            if matcher.match(f"{verb}/{_sample_request_path(raw_path)}"):
                found.append((grant, raw_method, raw_path))
    return found


def grants_from_config(value: Mapping[str, Iterable[str]] | None, key: str = "invokeGrants") -> list[Grant]:
    """Grants from config shaped ``{caller: ["GET /user/{id}", "POST /orders"]}``."""
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise ConfigError(key, f"expected a map of caller to routes, got {type(value).__name__}",
                          f"set '{key}' to e.g. {{\"orders-service\": [\"GET /user/{{id}}\"]}}")
    grants: list[Grant] = []
    for caller, routes in value.items():
        _check_caller(caller, f"{key}.{caller}")
        if isinstance(routes, str) or not isinstance(routes, Iterable):
            raise ConfigError(f"{key}.{caller}", f"expected a list of 'METHOD /path' strings, got {routes!r}",
                              "list routes such as [\"GET /user/{id}\"]")
        for route in routes:
            with grammar.raising(ConfigError):
                method, path, _ = grammar.split_route(route, f"{key}.{caller}")
            normalize_method(method, f"{key}.{caller}")
            normalize_path(path, f"{key}.{caller}")
            grants.append(Grant(caller, method, path))
    return grants
