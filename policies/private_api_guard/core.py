"""Shared machinery of the pack: metadata defaults, per-resource exemptions, messages, value readers.

Conventions every policy follows:

* one module per policy, defining ``POLICY`` through :func:`resource_policy` or :func:`stack_policy`;
* names ``aws-<service>-<resource>-<verb>-<object>`` (verbs: disallow, enable, configure);
* descriptions start "Checks that"; messages come from :func:`violation` and name the field,
  the offending value and the fix;
* properties are read from ``args.props`` (engine camelCase keys) with ``.get``: a missing property
  is ``None``, and an unknown one raises ``UnknownValueError``, which the SDK reports as
  "can't run policy ... during preview" - a rule never passes silently on a value it cannot see;
* a value too deep or too large to evaluate (see :data:`MAX_DEPTH`, :data:`MAX_DOCUMENT_CHARS`) raises
  :class:`EvaluationLimitError`, which the wrappers report as a violation: a rule never passes what it
  could not read, and never crashes the pack on it;
* thresholds and allow-lists live in the policy's config schema, never in module constants.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

README = "policies/README.md"
TYPES_ATTRIBUTE = "_guard_resource_types"
"""The attribute naming the resource types a resource policy can report on (read by servicer.py)."""

EXEMPTIONS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "Resources this policy does not apply to. Each entry names the resource by a regular "
                   "expression on its logical name (namePattern) or by an approval tag (tag, as key=value), "
                   "and must give the reason, which is printed with the result. An entry matching every "
                   "resource (a pattern such as '.*', or a stack-wide default tag) is refused unless it says "
                   "\"scope\": \"all\".",
    "items": {
        "type": "object",
        "properties": {
            "namePattern": {"type": "string", "pattern": r"\S"},
            "tag": {"type": "string", "pattern": "^[^=]+=.*$"},
            "reason": {"type": "string", "pattern": r"\S"},
            "scope": {"enum": ["all"]},
        },
        "required": ["reason"],
        "anyOf": [{"required": ["namePattern"]}, {"required": ["tag"]}],
        "additionalProperties": False,
    },
    "default": [],
}

MAX_DEPTH = 32
"""Deepest nesting (objects and lists) of a policy document the pack evaluates. IAM and resource policies use
at most 6 levels: document, Statement, statement, Condition, operator, values."""
MAX_DOCUMENT_CHARS = 131_072
"""Longest policy document (its JSON text) the pack evaluates: six times the largest policy AWS accepts
(20,480 characters, a VPC endpoint policy), so only a document AWS would refuse anyway is turned away."""
LIMIT_FIX = (f"keep policy documents within {MAX_DEPTH} levels of nesting and {MAX_DOCUMENT_CHARS} characters "
             "(AWS accepts at most 20,480 characters per policy); split a large policy into several")

AWS_PROVIDER = "pulumi:providers:aws"
_PROBE_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."


def _mixed_name(length: int) -> str:
    """A fixed name of ``length`` letters, digits and ``-_.``, starting with a letter (a stride walk, not random,
    so a verdict never varies between runs)."""
    return "".join(_PROBE_ALPHABET[(7 + 37 * i) % len(_PROBE_ALPHABET)] for i in range(length))


MATCH_ALL_PROBES = tuple(sorted((
    "a", "7", "Zz_9.-", "network-vpc", "ORDERSQUEUE", "20240611",
    "größe-Straße", "сервис-шлюз", "東京-サーバ", "ñandú_Ω9",
    "q7R-k2_vW.9zX", "Hk3.vQ-9_pZm", "t0W_xN-4b.Ls8", "J2-mc9.Yq_f7E", "r8V.Tz_u1-Kd3",
    "x" * 200, _mixed_name(300), _mixed_name(1000),
), key=len))
"""Names a ``namePattern`` is tried on: one that fully matches more than half of them is taken to match every name.

More than half, not all: a pattern that dodges a few known probes (``(?!q7R).*``) or caps the length
(``.{1,199}``) still matches nearly every name a stack has. The probes mix case, digits, ``-_.``, other scripts and
lengths up to 1,000 characters, so a narrow pattern (``web-.*``, ``[a-z]+-db``) matches none of them. Short probes
come first and the count stops as soon as the verdict is settled, so a narrow pattern never meets the long ones.
There is no empty probe: a logical name is never empty, so ``.+`` matches every name there is.
"""
_MATCH_ALL_QUORUM = len(MATCH_ALL_PROBES) // 2 + 1
_EVERYTHING = frozenset({"", "*"})
"""``namePattern`` spellings that mean "everything" to a person though not (usefully) to ``re``."""

ResourceValidator = Callable[[ResourceValidationArgs, ReportViolation], None]
StackValidator = Callable[[StackValidationArgs, ReportViolation], None]
Found = list[tuple[str, str | None]]


class EvaluationLimitError(Exception):
    """A property too deep or too large to evaluate; the policy wrappers report ``message`` as a violation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Described:
    """A value a message shows by this description instead of its content (one too deep or large to print)."""

    text: str


def violation(field: str, value: Any, problem: str, fix: str) -> str:
    """The one message format: ``<field> is <value>: <problem>. Fix: <fix>.``"""
    return f"{field} is {_show(value)}: {problem}. Fix: {fix}."


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    if isinstance(value, Described):
        return value.text
    if isinstance(value, str):
        return repr(value)
    try:
        return json.dumps(plain(value), sort_keys=True)
    except EvaluationLimitError:
        return f"a value nested more than {MAX_DEPTH} levels deep"
    except (TypeError, ValueError):
        return repr(value)


def _too_deep(field: str) -> EvaluationLimitError:
    return EvaluationLimitError(violation(field, Described(f"nested more than {MAX_DEPTH} levels deep"),
                                          "it is too deep to evaluate, so the rule cannot prove it safe", LIMIT_FIX))


def _too_large(field: str, size: int) -> EvaluationLimitError:
    return EvaluationLimitError(violation(field, Described(f"a document of {size} characters"),
                                          f"it is longer than the {MAX_DOCUMENT_CHARS} characters the pack evaluates, "
                                          "so the rule cannot prove it safe", LIMIT_FIX))


TOO_DEEP = violation("a property", Described("nested too deeply to evaluate"),
                     "the rule cannot prove the resource safe", LIMIT_FIX)
"""The violation for a recursion limit hit anywhere in a rule (the pack's own limits are met first)."""


def plain(value: Any, *, field: str = "a property", depth: int = MAX_DEPTH) -> Any:
    """Copy a (proxied) property value into plain dicts and lists; unknowns raise as on access.

    A value nested deeper than ``depth`` levels raises :class:`EvaluationLimitError` naming ``field``.
    """
    is_mapping = isinstance(value, Mapping)
    is_sequence = not is_mapping and (isinstance(value, (list, tuple)) or (
        hasattr(value, "__getitem__") and hasattr(value, "__len__") and not isinstance(value, (str, bytes))))
    if (is_mapping or is_sequence) and depth <= 0:
        raise _too_deep(field)
    if is_mapping:
        return {k: plain(value[k], field=field, depth=depth - 1) for k in value}
    if is_sequence:
        return [plain(value[i], field=field, depth=depth - 1) for i in range(len(value))]
    return value


def as_list(value: Any) -> list[Any]:
    """``None`` -> [], a scalar -> [scalar], a sequence -> its elements (each checked for unknowns)."""
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__len__"):
        return [value]
    return [value[i] for i in range(len(value))]


def endpoint_types(endpoint_configuration: Any) -> list[str]:
    """Endpoint types of a RestApi or DomainName, from the v7 string or the older list form.

    Unset means EDGE, AWS's default and a public endpoint.
    """
    if endpoint_configuration is None:
        return ["EDGE"]
    if not isinstance(endpoint_configuration, Mapping):
        # Not a shape AWS accepts; judged as the default, a public endpoint, so it can never pass as PRIVATE.
        return ["EDGE"]
    types = as_list(endpoint_configuration.get("types"))
    return [str(t).upper() for t in types] or ["EDGE"]


def parse_network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A CIDR string as a network (host bits allowed), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


WORLD_RANGES = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("2000::/3"))
"""The whole internet, per IP version: every IPv4 address, and IPv6's global unicast space (2000::/3, where every
public IPv6 address lives), so a rule admitting 2000::/3 is as open as one admitting ::/0."""
_IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")


def as_ipv4_if_mapped(network: ipaddress.IPv4Network | ipaddress.IPv6Network
                      ) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """An IPv4-mapped IPv6 range (``::ffff:0.0.0.0/96`` and below) as the IPv4 range it stands for."""
    if isinstance(network, ipaddress.IPv6Network) and network.subnet_of(_IPV4_MAPPED):
        mapped = network.network_address.ipv4_mapped
        return ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}")
    return network


def world_covered(values: Iterable[Any]) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """The world range (:data:`WORLD_RANGES`) that the CIDRs in ``values`` cover together, or None.

    Ranges are merged per IP version, so ``0.0.0.0/1`` + ``128.0.0.0/1``, ``::/1`` + ``8000::/1`` or ``2000::/3``
    count as world-open like ``0.0.0.0/0``; values that are not CIDRs are skipped.
    """
    networks = [as_ipv4_if_mapped(n) for n in map(parse_network, values) if n is not None]
    for world in WORLD_RANGES:
        same = [n for n in networks if n.version == world.version]
        if any(n.supernet_of(world) for n in ipaddress.collapse_addresses(same)):
            return world
    return None


def is_world_open(value: Any) -> bool:
    """True for one range that admits the whole internet: 0.0.0.0/0, ::/0, 2000::/3 or any spelling of them."""
    return world_covered([value]) is not None


def parse_json_document(value: Any, field: str = "policy") -> dict[str, Any] | None:
    """A policy document given as a JSON string or an object; None when absent or not JSON.

    A document nested deeper than :data:`MAX_DEPTH` or longer than :data:`MAX_DOCUMENT_CHARS` as JSON raises
    :class:`EvaluationLimitError` naming ``field``, which the policy wrappers report as a violation.
    """
    if value is None:
        return None
    if isinstance(value, str):
        document = _load_json(value, field)
    elif isinstance(value, Mapping):
        document = plain(value, field=field)
        size = len(json.dumps(document, default=str))
        if size > MAX_DOCUMENT_CHARS:
            raise _too_large(field, size)
    else:
        return None
    return document if isinstance(document, dict) else None


def _load_json(text: str, field: str) -> Any:
    if len(text) > MAX_DOCUMENT_CHARS:
        raise _too_large(field, len(text))
    try:
        loaded = json.loads(text)
    except RecursionError:
        raise _too_deep(field) from None
    except ValueError:
        return None
    return plain(loaded, field=field)


def statements(document: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The statements of a policy document, always as a list of objects."""
    if not document:
        return []
    found = document.get("Statement")
    if isinstance(found, dict):
        return [found]
    if isinstance(found, list):
        return [s for s in found if isinstance(s, dict)]
    return []


# -- the stack's dependency index, for stack policies
#
# Resources are linked through ``property_dependencies`` (the resources an input property's value came
# from), which the engine knows in a first preview even when the ids themselves are unknown. An index is
# built once per policy run, so a stack policy stays linear in the size of the stack.


def dependencies(resource: PolicyResource, *props: str) -> list[PolicyResource]:
    """The resources the values of ``props`` came from, in property order."""
    links = resource.property_dependencies or {}
    found: list[PolicyResource] = []
    for prop in props:
        found.extend(links.get(prop) or ())
    return found


class StackIndex:
    """The resources of one stack by type, with reverse property-dependency lookups."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self._resources = list(resources)
        self._by_type: dict[str, list[PolicyResource]] = defaultdict(list)
        for resource in self._resources:
            self._by_type[resource.resource_type].append(resource)

    def of(self, *resource_types: str) -> list[PolicyResource]:
        """Resources of any of ``resource_types``, in stack order per type."""
        found: list[PolicyResource] = []
        for resource_type in resource_types:
            found.extend(self._by_type.get(resource_type, ()))
        return found

    def referrers(self, resource_types: Collection[str], *props: str) -> dict[str, list[PolicyResource]]:
        """URN of a resource -> the resources of ``resource_types`` whose ``props`` came from it.

        Referrers are in stack order (across the types too), each listed once per URN it refers to.
        """
        wanted = frozenset(resource_types)
        index: dict[str, list[PolicyResource]] = defaultdict(list)
        for resource in self._resources:
            if resource.resource_type not in wanted:
                continue
            seen: set[str] = set()
            for dependency in dependencies(resource, *props):
                if dependency.urn not in seen:
                    seen.add(dependency.urn)
                    index[dependency.urn].append(resource)
        return index


# -- stack-wide default tags


@dataclass(frozen=True)
class DefaultTags:
    """Tags the AWS provider puts on every resource, ``(key, value)`` -> where it is set.

    ``unknown`` names a provider whose ``defaultTags`` cannot be known yet (first preview).
    """

    sources: Mapping[tuple[str, str], str]
    unknown: str | None = None


def default_tags(providers: Iterable[Any]) -> DefaultTags:
    """The stack-wide default tags: ``aws:defaultTags`` of the stack config and ``defaultTags`` of ``providers``.

    ``providers`` are the provider resources the SDK exposes (``args.provider``, the stack's
    ``pulumi:providers:aws`` resources); others and ``None`` are skipped.
    """
    sources = {pair: "aws:defaultTags in the stack config"
               for pair in _config_default_tags(os.environ.get("PULUMI_CONFIG"))}
    unknown = None
    for provider in providers:
        if getattr(provider, "resource_type", None) != AWS_PROVIDER:
            continue
        where = f"defaultTags of provider {provider.name}"
        try:
            pairs = _tag_pairs(provider.props.get("defaultTags"))
        except UnknownValueError:
            unknown = unknown or where
            continue
        for pair in pairs:
            sources.setdefault(pair, where)
    return DefaultTags(sources, unknown)


@lru_cache(maxsize=8)
def _config_default_tags(raw: str | None) -> tuple[tuple[str, str], ...]:
    # The CLI gives a pack the stack config only as PULUMI_CONFIG ({"ns:key": string}, structured values as JSON
    # strings). pulumi.Config reads the same variable but raises on a malformed one and caches values
    # process-wide; parsed here once per distinct value, anything malformed counts as no default tags.
    try:
        config = json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return ()
    return _tag_pairs(config.get("aws:defaultTags")) if isinstance(config, dict) else ()


def _tag_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """The ``(key, value)`` pairs of a ``defaultTags`` value (``{"tags": {...}}``), as an object or a JSON string."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if len(value) <= MAX_DOCUMENT_CHARS else None
        except (ValueError, RecursionError):
            return ()
    tags = value.get("tags") if isinstance(value, Mapping) else None
    if not isinstance(tags, Mapping):
        return ()
    return tuple((key, str(tags[key])) for key in tags if isinstance(key, str))


# -- exemptions


@dataclass(frozen=True)
class ExemptionOutcome:
    """What a policy's exemptions do to one resource.

    ``reason``: the not-applicable reason of the exemption that applies, if one does; otherwise ``refused`` holds a
    violation message for each exemption that selects the resource but was refused.
    """

    reason: str | None = None
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Selection:
    """How one exemption selects a resource: its label in reasons, whether it covers the whole stack, and why it
    is unsound (with the fix), if it is."""

    label: str
    stack_wide: bool = False
    problem: tuple[str, str] | None = None


UNKNOWN_DEFAULTS_FIX = ('exempt the resource by namePattern instead, or add "scope": "all" to the exemption if it '
                        "really means every resource")
NARROW_FIX = ("narrow it to the resources meant (a namePattern such as '^bastion-.*$', or a tag only they carry), "
              "or add \"scope\": \"all\" to the exemption if it really means every resource")


def exemption_outcome(name: str, props: Mapping[str, Any] | None, config: Mapping[str, Any] | None,
                      defaults: DefaultTags) -> ExemptionOutcome:
    """The first sound exemption in ``config`` that selects this resource, or every one refused if none applies.

    An exemption is refused (exempts nothing) when its reason is blank, its namePattern is not a regular
    expression, or it selects every resource (see :data:`MATCH_ALL_PROBES`, a default tag) without
    ``"scope": "all"``.
    """
    refused: list[str] = []
    for index, entry in enumerate(_entries(config)):
        selection = _selection(entry, name or "", props, defaults)
        if selection is None:
            continue
        problem = _refusal(entry, selection)
        if problem is None:
            wide = "stack-wide (scope all) " if selection.stack_wide else ""
            return ExemptionOutcome(f"exempted {wide}by {selection.label}: {entry.get('reason')}")
        why, fix = problem
        refused.append(violation(f"exemptions[{index}]", entry, f"the exemption was refused and exempts nothing, "
                                 f"because {why}", fix))
    return ExemptionOutcome(None, tuple(refused))


def _entries(config: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    found = (config or {}).get("exemptions")
    return [e for e in found if isinstance(e, Mapping)] if isinstance(found, (list, tuple)) else []


def _refusal(entry: Mapping[str, Any], selection: _Selection) -> tuple[str, str] | None:
    """Why (and the fix) a selecting exemption is refused, or None when it applies."""
    if not _says_something(entry.get("reason")):
        return ("its reason is missing or blank, and an exemption must say why the rule does not apply",
                "give the reason, such as the ticket that approved it")
    if selection.problem and not (selection.stack_wide and entry.get("scope") == "all"):
        return selection.problem
    return None


def _selection(entry: Mapping[str, Any], name: str, props: Mapping[str, Any] | None,
               defaults: DefaultTags) -> _Selection | None:
    """How ``entry`` selects the resource, or None when it does not (namePattern first, then tag)."""
    pattern = entry.get("namePattern")
    if isinstance(pattern, str):
        found = _by_pattern(pattern, name)
        if found is not None:
            return found
    tag = entry.get("tag")
    if isinstance(tag, str) and "=" in tag:
        return _by_tag(tag, props, defaults)
    return None


_FILLER_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
"""Hangul fillers: Unicode counts them letters (Lo), yet they render as nothing. The other invisible characters
(zero-width space, word joiner, BOM, Mongolian vowel separator, braille blank...) are format or symbol characters,
outside L*/N* already."""


def _says_something(reason: Any) -> bool:
    """Whether ``reason`` has a letter or digit someone can read (the schema's ``\\S`` lets invisible ones by)."""
    return isinstance(reason, str) and any(
        unicodedata.category(char)[0] in "LN" and char not in _FILLER_LETTERS for char in reason)


def _by_pattern(pattern: str, name: str) -> _Selection | None:
    label = f"name pattern '{pattern}'"
    compiled, error = _compiled(pattern)
    if error is not None:
        # It cannot be told which names were meant, so it is shown on every resource the rule fails.
        return _Selection(label, problem=(f"namePattern is not a valid regular expression ({error})",
                                          "correct the expression; it must match the whole logical name"))
    if compiled is None:
        return _Selection(label, True, ("namePattern matches every resource name, which would switch the rule off "
                                        "for the whole stack", NARROW_FIX))
    return _Selection(label) if compiled.fullmatch(name) else None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> tuple[re.Pattern[str] | None, str | None]:
    """``(expression, None)``; ``(None, None)`` for a pattern matching every name; ``(None, error)`` if invalid."""
    if pattern.strip() in _EVERYTHING:
        return None, None
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return None, str(exc) or type(exc).__name__
    return (None, None) if _matches_most_probes(compiled) else (compiled, None)


def _matches_most_probes(compiled: re.Pattern[str]) -> bool:
    """Whether ``compiled`` fully matches at least :data:`_MATCH_ALL_QUORUM` probes, trying as few as it takes."""
    matched = missed = 0
    for probe in MATCH_ALL_PROBES:
        if compiled.fullmatch(probe):
            matched += 1
        else:
            missed += 1
        if matched >= _MATCH_ALL_QUORUM:
            return True
        if missed > len(MATCH_ALL_PROBES) - _MATCH_ALL_QUORUM:
            return False
    return False


def _by_tag(tag: str, props: Mapping[str, Any] | None, defaults: DefaultTags) -> _Selection | None:
    key, value = tag.split("=", 1)
    label = f"tag '{tag}'"
    source = defaults.sources.get((key, value))
    if source is not None:
        return _Selection(label, True, (f"the tag is a stack-wide default tag ({source}), which every resource "
                                        "carries, so it would switch the rule off for the whole stack", NARROW_FIX))
    if not _has_tag(props, key, value):
        return None
    if defaults.unknown is not None:
        return _Selection(label, True, (f"{defaults.unknown} cannot be known during preview, so the tag cannot be "
                                        "shown not to be on every resource", UNKNOWN_DEFAULTS_FIX))
    return _Selection(label)


def _has_tag(props: Mapping[str, Any] | None, key: str, value: str) -> bool:
    try:
        tags = props.get("tags") if props is not None else None
        return isinstance(tags, Mapping) and tags.get(key) == value
    except UnknownValueError:
        # An unknown tag cannot be shown to carry the approval.
        return False


@dataclass(frozen=True)
class _Subject:
    """A resource violations are about: what exemptions match on, and the URN its messages are reported with."""

    name: str
    props: Mapping[str, Any] | None
    urn: str | None


def _settle(found: Found, subject_of: Callable[[str | None], _Subject | None], config: Mapping[str, Any] | None,
            providers: Callable[[], Iterable[Any]], report: ReportViolation) -> list[tuple[str, str]]:
    """Report ``found`` except the violations of exempted resources, then each refused exemption once per resource.

    Returns ``(resource name, reason)`` for every exemption that applied. The one implementation of exemptions
    for resource and stack policies.
    """
    if not found:
        return []
    defaults = default_tags(providers())
    outcomes: dict[str | None, tuple[_Subject, ExemptionOutcome]] = {}
    for message, urn in found:
        subject = subject_of(urn)
        if subject is None:
            report(message, urn)
            continue
        if subject.urn not in outcomes:
            outcomes[subject.urn] = (subject, exemption_outcome(subject.name, subject.props, config, defaults))
        if outcomes[subject.urn][1].reason is None:
            report(message, urn)
    applied: list[tuple[str, str]] = []
    for subject, outcome in outcomes.values():
        if outcome.reason is not None:
            applied.append((subject.name, outcome.reason))
            continue
        for message in outcome.refused:
            report(message, subject.urn)
    return applied


def _collect(validate: Callable[[Any, ReportViolation], None], args: Any, found: Found) -> None:
    """Run the rule, keeping what it reports; a value too deep or large to evaluate is itself a violation."""
    try:
        validate(args, lambda message, urn=None: found.append((message, urn)))
    except EvaluationLimitError as exc:
        found.append((exc.message, None))
    except RecursionError:
        found.append((TOO_DEEP, None))


def _schema(config_properties: Mapping[str, Any] | None) -> PolicyConfigSchema:
    return PolicyConfigSchema(properties={**(config_properties or {}), "exemptions": EXEMPTIONS_SCHEMA})


def config_of(args: ResourceValidationArgs | StackValidationArgs, name: str, default: Any) -> Any:
    """A config property with its schema default as fallback (the CLI fills defaults, tests may not)."""
    value = (args.get_config() or {}).get(name)
    return default if value is None else value


def resource_policy(
    *,
    name: str,
    description: str,
    resource_types: Iterable[str],
    validate: ResourceValidator,
    enforcement_level: EnforcementLevel,
    severity: Severity,
    remediation_steps: str,
    config_properties: Mapping[str, Any] | None = None,
) -> ResourceValidationPolicy:
    """A resource policy restricted to ``resource_types``, with exemptions applied."""
    types = frozenset(resource_types)
    if not description.startswith("Checks that"):
        raise ValueError(f"{name}: descriptions start with 'Checks that'")

    def run(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type not in types:
            return
        found: Found = []
        try:
            _collect(validate, args, found)
        finally:
            # Violations found before an unknown value stopped the rule are still reported.
            subject = _Subject(args.name, args.props, None)
            applied = _settle(found, lambda _urn: subject, args.get_config(), lambda: [args.provider], report)
            if applied:
                args.not_applicable(applied[0][1])

    policy = ResourceValidationPolicy(
        name=name,
        description=description,
        validate=run,
        enforcement_level=enforcement_level,
        config_schema=_schema(config_properties),
        severity=severity,
        remediation_steps=remediation_steps,
        url=f"{README}#{name}",
    )
    # The pack's servicer (servicer.py) skips a policy for resources it cannot report on; `run` checks the same.
    setattr(policy, TYPES_ATTRIBUTE, types)
    return policy


def stack_policy(
    *,
    name: str,
    description: str,
    validate: StackValidator,
    enforcement_level: EnforcementLevel,
    severity: Severity,
    remediation_steps: str,
    config_properties: Mapping[str, Any] | None = None,
) -> StackValidationPolicy:
    """A stack policy whose per-resource violations (reported with a URN) honour exemptions."""
    if not description.startswith("Checks that"):
        raise ValueError(f"{name}: descriptions start with 'Checks that'")

    def run(args: StackValidationArgs, report: ReportViolation) -> None:
        by_urn: dict[str, Any] = {}

        def subject(urn: str | None) -> _Subject | None:
            # Indexed on the first violation only, and only the reported resources' properties read: most stack
            # policies report none, and the stack can be large (the pack converts properties when first read).
            if not by_urn:
                by_urn.update({r.urn: r for r in args.resources})
            resource = by_urn.get(urn or "")
            return None if resource is None else _Subject(resource.name, resource.props, resource.urn)

        found: Found = []
        try:
            _collect(validate, args, found)
        finally:
            applied = _settle(found, subject, args.get_config(), lambda: _stack_providers(args), report)
            if applied:
                args.not_applicable("; ".join(f"{resource}: {reason}" for resource, reason in applied))

    return StackValidationPolicy(
        name=name,
        description=description,
        validate=run,
        enforcement_level=enforcement_level,
        config_schema=_schema(config_properties),
        severity=severity,
        remediation_steps=remediation_steps,
        url=f"{README}#{name}",
    )


def _stack_providers(args: StackValidationArgs) -> list[Any]:
    """The stack's AWS provider resources and the providers its resources name, each once."""
    found = {r.urn: r for r in args.resources if r.resource_type == AWS_PROVIDER}
    for resource in args.resources:
        if resource.provider is not None:
            found.setdefault(resource.provider.urn, resource.provider)
    return list(found.values())
