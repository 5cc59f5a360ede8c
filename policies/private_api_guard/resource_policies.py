"""Whether a statement of a resource-based policy admits the public (no policy of its own).

Shared by the S3 bucket rules (:mod:`private_api_guard.s3.bucket_view`) and the rule over the other resource
policies (:mod:`private_api_guard.iam.resourcepolicy_public_principal`). Pure functions over parsed documents
(:func:`private_api_guard.core.parse_json_document` copies proxied values, so unknowns raise before anything here
runs), plus :func:`declared` for policies the provider also computes.

The definition is S3's ("The meaning of public",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status),
which EFS ("Blocking public access to EFS file systems", "The meaning of public") and IAM Access Analyzer apply to
the other resource policies too: an Allow for everyone (``"*"``, ``{"AWS": "*"}``, a wildcard account such as
``arn:aws:iam::*:root``, or any ``NotPrincipal``) is public unless a condition limits it to fixed values of
``aws:SourceVpce``, ``aws:SourceVpc``, ``aws:SourceArn``, ``aws:SourceAccount``, ``aws:SourceOwner``,
``aws:SourceOrgID``/``OrgPaths``, ``aws:PrincipalOrgID``/``OrgPaths``, ``aws:PrincipalAccount``,
``aws:PrincipalArn`` (an ARN with a literal account), a service's own keys (:class:`Vocabulary`), or to a set of
``aws:SourceIp`` CIDRs none broader than /8 (IPv4) or /32 (IPv6) that together are not the whole internet. The
operator must restrict: a positive ``String``/``Arn`` test on an Allow, not ``...IfExists`` or ``ForAllValues:``
(both pass when the key is missing, as it is for an anonymous or cross-account request). A Deny for everyone over
the same actions and resources whose conditions are all "deny unless" tests of those keys (negated operators, not
``ForAnyValue:``) keeps the Allow private too. ``aws:Referer`` and ``aws:SecureTransport`` restrict nobody (IAM
condition keys reference: "aws:referer should not be used to prevent unauthorized parties from making direct AWS
requests").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard.core import as_ipv4_if_mapped, parse_network, world_covered
from private_api_guard.iam_documents import (
    conditions,
    is_allow,
    is_deny,
    is_literal,
    principal_is_everyone,
    strings,
)

RESTRICTING_KEYS = frozenset({"aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:sourceaccount",
                              "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths", "aws:principalorgid",
                              "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn"})
"""Condition keys (lower-cased) that limit an Allow for everyone to fixed sources or principals, on any resource."""
SERVICE_SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:sourceorgid",
                                 "aws:sourceorgpaths"})
"""The keys that tie a service principal to the resource or account it acts for (the confused-deputy guard)."""
SOURCE_IP = "aws:sourceip"
_POSITIVE = frozenset({"stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"})
_NEGATIVE = frozenset({"stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals",
                       "arnnotlike"})
# S3 calls a SourceIp condition public when a range is broader than these prefixes ("The meaning of public").
_NARROWEST_PUBLIC_PREFIX = {4: 8, 6: 32}


@dataclass(frozen=True)
class Vocabulary:
    """What restricts a public statement on one kind of resource, beyond :data:`RESTRICTING_KEYS`."""

    keys: frozenset[str] = RESTRICTING_KEYS
    """Condition keys that restrict with fixed values (lower-cased)."""
    true_keys: frozenset[str] = frozenset()
    """Boolean condition keys that restrict when ``Bool`` tests them ``true`` (lower-cased)."""
    every_action: tuple[str, ...] = ("*",)
    """Action patterns (lower-cased) that name every action the policy can grant, such as ``s3:*``."""
    implicit_resource: bool = False
    """Whether statements name no ``Resource`` and apply to the whole resource (ECR repository policies)."""


@dataclass(frozen=True)
class PublicStatement:
    """An Allow that admits the public: the principal element (``Principal``/``NotPrincipal``), its value, and
    whom it admits (``anyone``, ``any AWS account``, or None for a NotPrincipal)."""

    element: str
    value: Any
    who: str | None

    def problem(self, statement: Mapping[str, Any], label: str) -> str:
        """The violation's problem clause for ``statement`` on ``label`` (``bucket 'site'``)."""
        actions = describe_actions(statement)
        if self.who is None:
            return f"an Allow with NotPrincipal admits everyone but the principals listed to {actions} on {label}"
        return (f"it allows {actions} on {label} to {self.who}, and no condition limits the caller to your network "
                "or organisation")


def public_statement(statement: Mapping[str, Any], vocabulary: Vocabulary) -> PublicStatement | None:
    """The public principal of an Allow no condition restricts, or None (guards are :func:`unguarded_allows`)."""
    if not is_allow(statement):
        return None
    if "NotPrincipal" in statement:
        found = PublicStatement("NotPrincipal", statement.get("NotPrincipal"), None)
    elif principal_is_everyone(statement):
        found = PublicStatement("Principal", statement.get("Principal"), "anyone")
    elif wildcard_account(statement.get("Principal")):
        found = PublicStatement("Principal", statement.get("Principal"), "any AWS account")
    else:
        return None
    if restricts(statement, vocabulary.keys, source_ip=True, true_keys=vocabulary.true_keys):
        return None
    return found


def unguarded_allows(listed: list[dict[str, Any]], vocabulary: Vocabulary) -> list[tuple[int, dict[str, Any]]]:
    """``(index, statement)`` of each Allow that no Deny-unless guard of the same document covers."""
    denies = [s for s in listed if is_deny(s)]
    return [(index, statement) for index, statement in enumerate(listed)
            if is_allow(statement) and not any(guards(deny, statement, vocabulary) for deny in denies)]


def describe_actions(statement: Mapping[str, Any]) -> str:
    if "NotAction" in statement:
        return "every action but " + ", ".join(strings(statement.get("NotAction")))
    listed = strings(statement.get("Action"))
    return ", ".join(listed) if listed else "no action"


def wildcard_account(principal: Any) -> bool:
    """An AWS principal pattern other than ``*`` with a wildcard, such as ``arn:aws:iam::*:root``."""
    if not isinstance(principal, Mapping):
        return False
    return any(p != "*" and not is_literal(p) for p in strings(principal.get("AWS")))


def service_principals(principal: Any) -> list[str]:
    """The ``Service`` principals of a statement's principal, lower-cased."""
    if not isinstance(principal, Mapping):
        return []
    return [s.lower() for s in strings(principal.get("Service"))]


# -- conditions


def _split_operator(operator: str) -> tuple[str, str, bool]:
    """``ForAnyValue:StringEqualsIfExists`` -> (``foranyvalue``, ``stringequals``, True)."""
    qualifier, _, base = operator.lower().rpartition(":")
    if_exists = base.endswith("ifexists")
    return qualifier, base[: -len("ifexists")] if if_exists else base, if_exists


def _entry_restricts(allow: bool, operator: str, key: str, values: list[str], keys: frozenset[str],
                     source_ip: bool, true_keys: frozenset[str] = frozenset()) -> bool:
    """Whether one condition entry limits who the statement applies to (on an Allow) or spares (on a Deny)."""
    qualifier, base, if_exists = _split_operator(operator)
    if not values:
        return False
    if key == SOURCE_IP and source_ip:
        wanted = "ipaddress" if allow else "notipaddress"
        return base == wanted and _narrow_ranges(values) and _operator_holds(allow, qualifier, if_exists)
    if key in true_keys:
        # Only on an Allow: a "Deny unless true" test (Bool false) is false for a request without the key.
        return (allow and base == "bool" and _operator_holds(allow, qualifier, if_exists)
                and all(v.strip().lower() == "true" for v in values))
    if key not in keys:
        return False
    wanted_set = _POSITIVE if allow else _NEGATIVE
    return (base in wanted_set and _operator_holds(allow, qualifier, if_exists)
            and all(_fixed_value(key, v) for v in values))


def _operator_holds(allow: bool, qualifier: str, if_exists: bool) -> bool:
    # On an Allow, ...IfExists and ForAllValues: pass when the key is missing (an anonymous request); on a Deny,
    # a negated test is true for a missing key, unless ForAnyValue: makes it false.
    if allow:
        return not if_exists and qualifier != "forallvalues"
    return qualifier != "foranyvalue"


def _fixed_value(key: str, value: str) -> bool:
    """A value naming one endpoint, network, organisation, account or resource rather than a pattern of them."""
    if is_literal(value):
        return True
    if key in ("aws:principalorgpaths", "aws:sourceorgpaths"):
        return is_literal(value.split("/", 1)[0])
    if key.endswith("arn"):
        # An ARN pattern with a literal account (arn:aws:sns:*:123456789012:*) admits only that account's resources.
        parts = value.split(":")
        return len(parts) >= 6 and is_literal(parts[4])
    return False


def _narrow_ranges(values: list[str]) -> bool:
    networks = [parse_network(v) for v in values]
    if any(n is None for n in networks) or world_covered(values) is not None:
        return False
    return all(as_ipv4_if_mapped(n).prefixlen >= _NARROWEST_PUBLIC_PREFIX[as_ipv4_if_mapped(n).version]
               for n in networks if n is not None)


def restricts(statement: Mapping[str, Any], keys: frozenset[str], *, source_ip: bool,
              true_keys: frozenset[str] = frozenset()) -> bool:
    """Whether some condition of an Allow limits it to fixed values of ``keys`` (or narrow source ranges, or a
    ``true`` test of ``true_keys``)."""
    return any(_entry_restricts(True, operator, key, values, keys, source_ip, true_keys)
               for operator, key, values in conditions(statement))


def guards(deny: Mapping[str, Any], allow: Mapping[str, Any], vocabulary: Vocabulary) -> bool:
    """A Deny for everyone over the Allow's actions and resources, sparing only fixed sources or principals."""
    if "NotPrincipal" in deny or not principal_is_everyone(deny):
        return False
    if not _covers(deny, allow, "Action", "NotAction", vocabulary.every_action):
        return False
    if not (_implicit_whole(deny, allow, vocabulary) or _covers(deny, allow, "Resource", "NotResource", ("*",))):
        return False
    return all(_entry_restricts(False, operator, key, values, vocabulary.keys, True)
               for operator, key, values in conditions(deny))


def _implicit_whole(deny: Mapping[str, Any], allow: Mapping[str, Any], vocabulary: Vocabulary) -> bool:
    # Where statements carry no Resource, a Deny without one applies to the whole resource, as the Allow does.
    return vocabulary.implicit_resource and not any(k in s for s in (deny, allow) for k in ("Resource", "NotResource"))


def _covers(deny: Mapping[str, Any], allow: Mapping[str, Any], key: str, not_key: str,
            everything: tuple[str, ...]) -> bool:
    if not_key in deny:
        return False
    patterns = [p.lower() for p in strings(deny.get(key))]
    if any(p in everything for p in patterns):
        return True
    if not_key in allow or key not in allow:
        return False
    wanted = strings(allow.get(key))
    return bool(wanted) and all(any(fnmatchcase(w.lower(), p) for p in patterns) for w in wanted)


# -- reading policies the provider also computes


def declared(resource: PolicyResource, key: str) -> Any:
    """A property the provider also computes (a bucket's, queue's, topic's, key's or secret's inline ``policy``,
    an ACL resource's ``accessControlPolicy``, an object's ``acl``), as the program declared it.

    In a real preview the planned state has such a property unknown when the program leaves it unset; a value the
    program gives is unknown only when it comes from other resources' outputs, and then its property dependencies
    name them. So an unknown without property dependencies is read as unset, and any other unknown raises.
    """
    try:
        return resource.props.get(key)
    except UnknownValueError:
        if resource.property_dependencies.get(key):
            raise
        return None


def known_string(props: Mapping[str, Any], key: str) -> str | None:
    """A non-empty string property, or None when it is unset, unknown or not a string."""
    try:
        value = props.get(key)
    except UnknownValueError:
        return None
    return value if isinstance(value, str) and value else None


def first_dependency(resource: PolicyResource, props: Iterable[str]) -> PolicyResource | None:
    """The first resource the values of ``props`` came from, if any."""
    for prop in props:
        for dependency in resource.property_dependencies.get(prop) or []:
            return dependency
    return None
