"""The pack's Analyzer servicer: pulumi-policy's own, with each request's properties converted once.

The SDK's servicer converts a request's properties (protobuf Struct -> dict -> unknown-checking proxy) again for
every resource policy, and every resource of the stack again for every stack policy, though most policies then
return at once because the resource is not of their type. Here :class:`FastServicer` converts once per request,
skips the resource policies whose declared types (``resource_policy(resource_types=...)``) cannot match, and builds
the stack's resources once for all stack policies, each one when a policy first reads it. Properties are converted
in one pass over the Struct into the very proxies the SDK's three steps make. Everything else, and every response
field, is the SDK's: the servicer subclasses the SDK's and reuses its helpers, and differential tests
(tests/policies/test_servicer.py) hold the two to the same responses and the same stack resources.

It relies on internals of pulumi-policy, so :func:`install` uses it only with a version it was proven against and
only when every internal it calls is there; otherwise the pack runs on the stock servicer, unchanged.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable, Iterable
from inspect import isawaitable
from typing import Any

from google.protobuf import json_format
from pulumi.runtime import proto
from pulumi_policy import policy as sdk
from pulumi_policy.proxy import UnknownValueError

from private_api_guard.core import TYPES_ATTRIBUTE

try:
    from pulumi_policy.deserialize import SPECIAL_SIG_KEY, _deserialize_property
    from pulumi_policy.proxy import _DictProxy, _ListProxy, _proxy_helper
except ImportError:  # another pulumi-policy: compatible() says no, and the stock servicer serves
    _DictProxy = None

PROVEN_VERSIONS = ("1.21.",)
"""pulumi-policy versions whose servicer internals this layer reproduces (see the differential test)."""


_METHODS = ("_configure_runtime_settings", "_get_enforcement_level", "_create_report_violation",
            "_get_resource_options", "_get_provider_resource", "_get_policy_config", "_map_enforcement_level")
_FIELDS = ("__policies", "__policy_pack_name", "__policy_pack_version", "__stack_tags")
"""The stock servicer's private fields this layer reads (name-mangled, set in its constructor)."""
_SDK_NAMES = ("ResourceValidationArgs", "ResourceValidationPolicy", "StackValidationPolicy", "StackValidationArgs",
              "PolicyResource", "EnforcementLevel", "_NotApplicableError")


def compatible(version: str | None = None) -> bool:
    """Whether the installed pulumi-policy is one this servicer was proven against, with the internals it uses."""
    from pulumi_policy.version import VERSION

    stock = getattr(sdk, "_PolicyAnalyzerServicer", None)
    if stock is None or _DictProxy is None or not (version or VERSION).startswith(PROVEN_VERSIONS):
        return False
    if not all(hasattr(stock, m) for m in _METHODS) or not all(hasattr(sdk, n) for n in _SDK_NAMES):
        return False
    try:
        probe = stock("probe", "0.0.1", [sdk.ResourceValidationPolicy("probe", "probe", lambda _args, _report: None)],
                      sdk.EnforcementLevel.ADVISORY)
    except Exception:  # a constructor of another shape: not the servicer this layer knows
        return False
    return all(hasattr(probe, f"_PolicyAnalyzerServicer{field}") for field in _FIELDS)


def install() -> bool:
    """Make ``PolicyPack(...)`` serve :class:`FastServicer` when :func:`compatible`; report whether it does."""
    if not compatible():
        return False
    sdk._PolicyAnalyzerServicer = FastServicer
    return True


def _declared_types(policy: Any) -> frozenset[str] | None:
    return getattr(policy, TYPES_ATTRIBUTE, None)


class FastServicer(sdk._PolicyAnalyzerServicer):  # type: ignore[misc, name-defined]
    """pulumi-policy's servicer with one property conversion per request (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_type: dict[str, list[Any]] = {}
        self._runtime = threading.local()

    def _configure_runtime_once(self) -> None:
        """The SDK configures the Pulumi runtime from the environment on every request (half its cost per resource,
        mostly ``inspect.signature``); the environment does not change, so once per worker thread does the same
        (the settings live in context variables, which each of gRPC's worker threads keeps)."""
        if not getattr(self._runtime, "configured", False):
            self._configure_runtime_settings()
            self._runtime.configured = True

    def _policies(self) -> list[Any]:
        return self._PolicyAnalyzerServicer__policies

    def _resource_policies(self, resource_type: str) -> list[Any]:
        """The resource policies that can report on ``resource_type``, in the pack's order (the SDK's order)."""
        found = self._by_type.get(resource_type)
        if found is None:
            found = [p for p in self._policies() if isinstance(p, sdk.ResourceValidationPolicy)
                     and (_declared_types(p) is None or resource_type in _declared_types(p))]
            self._by_type[resource_type] = found
        return found

    def _diagnostic_unknown(self, response: Any, policy: Any, error: UnknownValueError) -> None:
        name = self._PolicyAnalyzerServicer__policy_pack_name
        version = self._PolicyAnalyzerServicer__policy_pack_version
        response.diagnostics.append(proto.AnalyzeDiagnostic(
            policyName=policy.name,
            policyPackName=name,
            policyPackVersion=version,
            message=f"can't run policy '{policy.name}' from policy pack '{name}@v{version}' during preview: "
                    f"{error.message}",
            urn="",
            description=policy.description,
            enforcementLevel=self._map_enforcement_level(sdk.EnforcementLevel.ADVISORY),
        ))

    def _validate(self, response: Any, policy: Any, args: Any, report: Any) -> None:
        try:
            result = policy.validate(args, report)
            if isawaitable(result):
                _run_awaitable(result)
        except UnknownValueError as error:
            self._diagnostic_unknown(response, policy, error)
        except sdk._NotApplicableError as error:
            response.not_applicable.append(proto.PolicyNotApplicable(policy_name=policy.name,
                                                                     reason=error.reason or ""))

    def Analyze(self, request: Any, _context: Any) -> Any:
        self._configure_runtime_once()
        response = proto.AnalyzeResponse()
        converted: tuple[Any, Any, Any] | None = None
        for policy in self._resource_policies(request.type):
            level = self._get_enforcement_level(policy)
            if level == sdk.EnforcementLevel.DISABLED:
                continue
            if not policy.has_validation():
                response.not_applicable.append(proto.PolicyNotApplicable(
                    policy_name=policy.name, reason="Policy does not implement validate"))
                continue
            if level == sdk.EnforcementLevel.REMEDIATE:
                level = sdk.EnforcementLevel.MANDATORY
            report = self._create_report_violation(response, policy.name, policy.description, level, policy.severity)
            if converted is None:
                converted = (_proxy(request.properties), self._get_resource_options(request),
                             self._get_provider_resource(request))
            props, opts, provider = converted
            args = sdk.ResourceValidationArgs(request.type, props, request.urn, request.name, opts, provider,
                                              self._get_policy_config(policy.name),
                                              self._PolicyAnalyzerServicer__stack_tags)
            self._validate(response, policy, args, report)
        return response

    def _stack_resources(self, request: Any) -> list[Any]:
        """The stack's resources as the SDK builds them for a stack policy, each one's properties, options, provider,
        parent and dependencies built when a policy first reads them (see :class:`_StackResource`)."""
        stack = _Stack(self._get_resource_options, self._get_provider_resource)
        resources = [_StackResource(r, stack) for r in request.resources]
        stack.by_urn.update((resource.urn, resource) for resource in resources)
        return resources

    def AnalyzeStack(self, request: Any, _context: Any) -> Any:
        self._configure_runtime_once()
        response = proto.AnalyzeResponse()
        resources: list[Any] | None = None
        for policy in self._policies():
            level = self._get_enforcement_level(policy)
            if level == sdk.EnforcementLevel.DISABLED or not isinstance(policy, sdk.StackValidationPolicy):
                continue
            if level == sdk.EnforcementLevel.REMEDIATE:
                level = sdk.EnforcementLevel.MANDATORY
            report = self._create_report_violation(response, policy.name, policy.description, level, policy.severity)
            if resources is None:
                resources = self._stack_resources(request)
            args = sdk.StackValidationArgs(list(resources), self._get_policy_config(policy.name),
                                           self._PolicyAnalyzerServicer__stack_tags)
            self._validate(response, policy, args, report)
        return response


def _proxy(properties: Any) -> Any:
    """``unknown_checking_proxy(deserialize_properties(MessageToDict(properties)))``, as the SDK converts a request's
    properties, in one pass over the Struct: the three steps built three copies of every value, json_format's
    generic walk the slowest (half the cost of AnalyzeStack at 10,000 resources)."""
    return _Converter().proxy(properties)


class _Converter:
    """One request's conversion of Structs into the SDK's proxies, sharing what the SDK's steps would build again for
    every object: the strings of property names (one per name, not one per use) and the path lists the proxies name
    unknown values by (one per path, not one per object: the SDK never mutates a proxy's path, it copies it to extend
    it). At 10,000 resources they were a quarter of the converted stack."""

    def __init__(self) -> None:
        self._root: list[str] = []
        # Keyed by the parent path's id: every parent is the root or a path kept here, so no id is ever reused.
        self._paths: dict[tuple[int, str], list[str]] = {}

    def proxy(self, properties: Any) -> Any:
        return self._struct(properties.fields, self._root)

    def _path(self, parent: list[str], key: str) -> list[str]:
        path = self._paths.get((id(parent), key))
        if path is None:
            path = self._paths[(id(parent), key)] = [*parent, key]
        return path

    def _struct(self, fields: Any, path: list[str]) -> Any:
        return _DictProxy({(key := sys.intern(k)): self._value(v, self._path(path, key)) for k, v in fields.items()},
                          path)

    def _value(self, value: Any, path: list[str]) -> Any:
        kind = value.WhichOneof("kind")
        if kind == "string_value":
            return value.string_value
        if kind == "bool_value":
            return value.bool_value
        if kind == "number_value":
            number = value.number_value
            if math.isinf(number) or math.isnan(number):
                json_format.MessageToDict(value)  # json_format's own ValueError, as the SDK raises it
            return number
        if kind == "list_value":
            return _ListProxy([self._value(item, self._path(path, _index(i)))
                               for i, item in enumerate(value.list_value.values)], path)
        if kind == "struct_value":
            fields = value.struct_value.fields
            if SPECIAL_SIG_KEY in fields:
                # A secret, asset or archive: the SDK's own steps, which unwrap or rebuild it.
                return _proxy_helper(_deserialize_property(json_format.MessageToDict(value)), path)
            return self._struct(fields, path)
        return None


_INDICES = [str(i) for i in range(256)]


def _index(i: int) -> str:
    return _INDICES[i] if i < len(_INDICES) else str(i)


class _Stack:
    """What one AnalyzeStack request's resources share: the conversion, the resources by URN, and each provider
    converted once (the SDK converts a resource's provider with every resource, though thousands of resources name a
    handful of providers)."""

    def __init__(self, options: Callable[[Any], Any], provider: Callable[[Any], Any]) -> None:
        self.options, self._provider = options, provider
        self.converter = _Converter()
        self.by_urn: dict[str, Any] = {}
        self._providers: dict[str, tuple[Any, Any]] = {}

    def provider(self, request: Any) -> Any:
        if not request.HasField("provider"):
            return None
        seen = self._providers.get(request.provider.urn)
        if seen is not None and seen[0] == request.provider:
            return seen[1]
        provider = self._provider(request)
        self._providers[request.provider.urn] = (request.provider, provider)
        return provider

    def resources(self, urns: Iterable[str]) -> list[Any]:
        return [self.by_urn[urn] for urn in urns if urn in self.by_urn]


def _built_when_read(attribute: str, build: Callable[[Any], Any]) -> property:
    slot = f"_{attribute}"

    def get(self: Any) -> Any:
        try:
            return getattr(self, slot)
        except AttributeError:  # the slot is empty until the first read
            value = build(self)
            setattr(self, slot, value)
            return value

    return property(get, lambda self, value: setattr(self, slot, value))


class _StackResource(sdk.PolicyResource):  # type: ignore[misc, name-defined]
    """The SDK's PolicyResource of a stack policy, built from its request when a policy first reads an attribute:
    stack policies read the properties of the few resources of their types, and converting all 10,000 of a large
    stack up front was the pack's peak memory. Unlike the SDK's: a value the SDK cannot convert at all (a non-finite
    number, a malformed secret or asset) fails the request when a policy reads its resource, not before any policy
    runs; resources of one provider share its converted provider; ``vars()`` shows only the type, URN and name."""

    __slots__ = (
        "_dependencies",
        "_opts",
        "_parent",
        "_property_dependencies",
        "_props",
        "_provider",
        "_request",
        "_stack",
    )

    def __init__(self, request: Any, stack: _Stack) -> None:
        # The SDK's constructor would assign every attribute; the other six are built when read.
        self.resource_type, self.urn, self.name = request.type, request.urn, request.name
        self._request, self._stack = request, stack

    props = _built_when_read("props", lambda self: self._stack.converter.proxy(self._request.properties))
    opts = _built_when_read("opts", lambda self: self._stack.options(self._request))
    provider = _built_when_read("provider", lambda self: self._stack.provider(self._request))
    parent = _built_when_read("parent", lambda self: self._stack.by_urn.get(self._request.parent))
    dependencies = _built_when_read("dependencies", lambda self: self._stack.resources(self._request.dependencies))
    property_dependencies = _built_when_read("property_dependencies", lambda self: {
        key: self._stack.resources(urns.urns) for key, urns in self._request.propertyDependencies.items()})


def _run_awaitable(result: Any) -> None:
    import asyncio

    loop = asyncio.new_event_loop()
    task = asyncio.Task(result, loop=loop)
    loop.run_until_complete(task)
    loop.close()
