"""Who an OpenSearch or Elasticsearch domain lets in, seen across the stack (no policy of its own).

Three things decide it, all on resources of the stack:

* the network: a domain with ``vpcOptions`` (subnets) has only a VPC endpoint; without, "requests from any
  internet-connected client can reach the domain endpoint" (Amazon OpenSearch Service Developer Guide,
  "Fine-grained access control", "The bigger picture"), and a public domain cannot later be placed in a VPC
  ("Launching your Amazon OpenSearch Service domains within a VPC");
* fine-grained access control (``advancedSecurityOptions.enabled``): every request must then sign in (internal
  user database, SAML, Cognito or IAM); ``anonymousAuthEnabled`` lets unauthenticated requests through again;
* the resource-based access policy: the domain's own ``accessPolicies``, or an ``opensearch.DomainPolicy`` /
  ``elasticsearch.DomainPolicy`` whose ``domainName`` comes from the domain (its property dependencies, known in a
  first preview) or names it literally.

A statement is an **open grant** when it allows everyone (``"*"``, ``{"AWS": "*"}``, ``NotPrincipal``) an
``es:ESHttp*`` data-plane action (``es:*`` "is equivalent to es:ESHttp*" in resource-based policies, same guide,
"Identity and Access Management") with no restricting condition and no guarding Deny. Restricting: ``aws:SourceIp``
with ``IpAddress`` and literal ranges that together do not cover the internet (merged, so ``0.0.0.0/1`` +
``128.0.0.0/1`` is the world); ``aws:SourceVpc`` / ``aws:SourceVpce`` or an ``aws:Principal*`` key with a positive
operator and literal values (:mod:`private_api_guard.iam_documents`). Operators that pass when the key is missing
(``...IfExists``, ``ForAllValues:``) do not restrict. A guard is a Deny for everyone on every data-plane action of
the whole domain whose conditions are all negated restrictions (``NotIpAddress`` of non-world ranges,
``StringNotEquals``-style tests of the keys above), or none at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.core import parse_json_document, parse_network, statements, world_covered
from private_api_guard.iam_documents import (
    PRINCIPAL_KEYS,
    SOURCE_KEYS,
    conditions,
    grants_action,
    has_public_principal,
    is_allow,
    is_deny,
    is_literal,
    principal_is_everyone,
    restrictions,
    strings,
)
from private_api_guard.network_rules import count, is_true

DOMAIN_TYPES = frozenset({types.OPENSEARCH_DOMAIN, types.ELASTICSEARCH_DOMAIN})
POLICY_TYPES = frozenset({types.OPENSEARCH_DOMAIN_POLICY, types.ELASTICSEARCH_DOMAIN_POLICY})
DATA_ACTIONS = ("es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpPatch",
                "es:ESHttpDelete")
FIELD = "accessPolicies"
_KEYS = SOURCE_KEYS | PRINCIPAL_KEYS
_NEGATED = frozenset({"stringnotequals", "stringnotequalsignorecase", "stringnotlike", "arnnotequals",
                      "arnnotlike"})
# A request path inside every domain: a Resource pattern matching it covers the domain's whole data plane.
_PROBE = "zzprobe-index/_search"


@dataclass(frozen=True)
class OpenGrant:
    """One open statement and the resource whose ``accessPolicies`` carries it (the domain or a DomainPolicy)."""

    carrier: PolicyResource
    index: int
    statement: dict[str, Any]

    @property
    def field(self) -> str:
        return f"{FIELD}.Statement[{self.index}]"


def in_vpc(props: Mapping[str, Any]) -> bool:
    """True when ``vpcOptions`` names subnets (entries are counted, not read, so unknown subnet ids still count)."""
    options = props.get("vpcOptions")
    return isinstance(options, Mapping) and count(options.get("subnetIds")) > 0


def fine_grained(props: Mapping[str, Any]) -> bool:
    """Fine-grained access control on and anonymous access off: every request must authenticate."""
    options = props.get("advancedSecurityOptions")
    if not isinstance(options, Mapping) or not is_true(options.get("enabled")):
        return False
    return not is_true(options.get("anonymousAuthEnabled"))


def _operator(operator: str) -> tuple[str, str, bool]:
    """``ForAnyValue:NotIpAddressIfExists`` -> (``foranyvalue``, ``notipaddress``, True)."""
    qualifier, _, base = operator.lower().rpartition(":")
    if_exists = base.endswith("ifexists")
    return qualifier, base[: -len("ifexists")] if if_exists else base, if_exists


def _ranges_restrict(values: list[str]) -> bool:
    """Literal address ranges that together leave most of the internet out."""
    return bool(values) and all(parse_network(v) is not None for v in values) and world_covered(values) is None


def _source_ip_restricts(statement: Mapping[str, Any]) -> bool:
    for operator, key, values in conditions(statement):
        qualifier, base, if_exists = _operator(operator)
        if (key == "aws:sourceip" and base == "ipaddress" and not if_exists and qualifier != "forallvalues"
                and _ranges_restrict(values)):
            return True
    return False


def _negated_restriction(operator: str, key: str, values: list[str]) -> bool:
    """One condition entry of a Deny that denies every request not from the listed sources or principals."""
    qualifier, base, _ = _operator(operator)
    if qualifier == "foranyvalue":
        return False
    if key == "aws:sourceip":
        return base == "notipaddress" and _ranges_restrict(values)
    return key in _KEYS and base in _NEGATED and bool(values) and all(is_literal(v) for v in values)


def _covers_domain(statement: Mapping[str, Any]) -> bool:
    for resource in strings(statement.get("Resource")):
        if resource == "*":
            return True
        parts = resource.split(":", 5)
        if len(parts) < 6:
            if resource.startswith("arn:") and resource.endswith("*"):
                return True
            continue
        segments = parts[5].split("/", 2)
        if len(segments) >= 2 and fnmatchcase(f"{segments[0]}/{segments[1]}/{_PROBE}", parts[5]):
            return True
    return False


def _is_guard(statement: Mapping[str, Any]) -> bool:
    if not (is_deny(statement) and principal_is_everyone(statement) and _covers_domain(statement)
            and all(grants_action(statement, action) for action in DATA_ACTIONS)):
        return False
    return all(_negated_restriction(operator, key, values) for operator, key, values in conditions(statement))


def _is_open(statement: Mapping[str, Any]) -> bool:
    if not (is_allow(statement) and has_public_principal(statement)):
        return False
    if not any(grants_action(statement, action) for action in DATA_ACTIONS):
        return False
    return not (restrictions(statement, _KEYS) or _source_ip_restricts(statement))


def open_grants(carrier: PolicyResource) -> list[OpenGrant]:
    """The open statements of ``carrier``'s ``accessPolicies`` (none when it has no policy or a guard covers it).

    A policy that is not a JSON document admits nobody: AWS refuses it when the domain is created or updated.
    """
    document = parse_json_document(carrier.props.get(FIELD), FIELD)
    listed = statements(document)
    if any(_is_guard(s) for s in listed):
        return []
    return [OpenGrant(carrier, i, s) for i, s in enumerate(listed) if _is_open(s)]


class DomainView:
    """The stack's domains and the domain policies that belong to each, indexed once per policy run."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.domains: list[PolicyResource] = []
        policies: list[PolicyResource] = []
        for resource in resources:
            if resource.resource_type in DOMAIN_TYPES:
                self.domains.append(resource)
            elif resource.resource_type in POLICY_TYPES:
                policies.append(resource)
        self.policies_of: dict[str, list[PolicyResource]] = defaultdict(list)
        self.orphans: list[PolicyResource] = []
        by_name = self._by_name() if policies else {}
        for policy in policies:
            owners = self._owners(policy, by_name)
            for owner in owners:
                self.policies_of[owner.urn].append(policy)
            if not owners:
                self.orphans.append(policy)

    def _by_name(self) -> dict[str, PolicyResource]:
        found: dict[str, PolicyResource] = {}
        for domain in self.domains:
            name = _known(domain.props, "domainName")
            if isinstance(name, str):
                found.setdefault(name, domain)
        return found

    def _owners(self, policy: PolicyResource, by_name: Mapping[str, PolicyResource]) -> list[PolicyResource]:
        owners = [d for d in (policy.property_dependencies or {}).get("domainName") or ()
                  if d.resource_type in DOMAIN_TYPES]
        if owners:
            return list({d.urn: d for d in owners}.values())
        name = _known(policy.props, "domainName")
        return [by_name[name]] if isinstance(name, str) and name in by_name else []

    def grants(self, domain: PolicyResource) -> list[OpenGrant]:
        """The open grants of the domain's own policy and of every DomainPolicy of it; unknowns raise.

        Read only when the placement makes them matter, so an unknown policy does not hide a decided domain.
        """
        found = open_grants(domain)
        for policy in self.policies_of.get(domain.urn, ()):
            found.extend(open_grants(policy))
        return found


def _known(props: Mapping[str, Any], key: str) -> Any:
    """A value used only to link resources by name: an unknown one links nothing."""
    try:
        return props.get(key)
    except UnknownValueError:
        return None
