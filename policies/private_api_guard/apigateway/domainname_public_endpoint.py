"""Custom domain names are private, or provably reachable only privately
(policies/README.md#aws-apigateway-domainname-disallow-public-endpoint).

A stack policy. ``PRIVATE`` domains (AWS's native private custom domain, 2024) pass. ``EDGE``
(also an unset type) fails: it is served through CloudFront and always public.

``REGIONAL`` is how the on-premises topology works (the pre-2024 workaround: a REGIONAL custom
domain for PRIVATE APIs, reached through an internal NLB whose TLS listener forwards to the
execute-api VPC endpoint's addresses). Rather than a switch that would let every REGIONAL domain
through, the rule accepts a REGIONAL domain only when the stack itself proves it is reachable only
privately:

1. at least one Route 53 record in a **private** hosted zone resolves the domain name (a record
   whose name is the domain name, absolute or relative to its zone, or whose alias comes from the
   DomainName), the zone being a ``route53.Zone`` of this stack with ``vpcs`` or a zone id listed in
   the config key ``privateZoneIds``;
2. **no** record of the stack resolving the name lives in any other zone (public, or unknown to the
   stack, which cannot be proven private); and
3. every base path mapping on the domain targets a **PRIVATE** REST API of this stack. API Gateway
   refuses calls to a private API through the domain's public regional endpoint, so what is mapped
   can only be invoked through the VPC endpoint; a REGIONAL or EDGE API behind it would be public.

Anything else needs an exemption with a reason. Records and mappings are linked by property
dependencies (``zoneId``, ``aliases``, ``domainName``, ``restApi``); literal names are compared
case-insensitively without the trailing dot.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sized
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each, endpoint_types_of, is_private
from private_api_guard.core import StackIndex, config_of, dependencies, stack_policy, violation
from private_api_guard.iam_documents import strings

NAME = "aws-apigateway-domainname-disallow-public-endpoint"
FIELD = "endpointConfiguration.types"
FIX = ("set endpoint_configuration types to PRIVATE with a DomainNameAccessAssociation, or keep REGIONAL only "
       "behind an internal NLB with the name in private hosted zones and every base path mapping on a PRIVATE API")

CONFIG = {
    "privateZoneIds": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Ids of private hosted zones managed outside this stack whose records count as private.",
        "default": [],
    },
}


def _dns_name(value: Any) -> str | None:
    return value.strip().rstrip(".").lower() if isinstance(value, str) and value.strip() else None


def _is_private_zone(zone: PolicyResource) -> bool:
    vpcs = zone.props.get("vpcs")
    return isinstance(vpcs, Sized) and not isinstance(vpcs, (str, Mapping)) and len(vpcs) > 0


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    private_zone_ids = set(strings(config_of(args, "privateZoneIds", [])))
    # Indexes built once: records by the names they publish and by the domain they alias, mappings by
    # domain. A record or mapping whose name is unknown may concern any domain; it is kept as
    # ``pending`` and decides nothing, so a domain that would otherwise pass cannot be decided.
    pending: list[UnknownValueError] = []
    records_by_name: dict[str, list[PolicyResource]] = defaultdict(list)
    records_by_alias = index.referrers((types.ROUTE53_RECORD,), "aliases")
    mappings_by_domain = index.referrers((types.BASE_PATH_MAPPING,), "domainName")
    mappings_by_name: dict[str, list[PolicyResource]] = defaultdict(list)

    def zone(record: PolicyResource) -> PolicyResource | None:
        return next((z for z in dependencies(record, "zoneId") if z.resource_type == types.ROUTE53_ZONE), None)

    def index_record(record: PolicyResource) -> None:
        name = _dns_name(record.props.get("name"))
        if name is None:
            return
        records_by_name[name].append(record)
        hosted = zone(record)
        zone_name = _dns_name(hosted.props.get("name")) if hosted is not None else None
        if zone_name and name != zone_name and not name.endswith(f".{zone_name}"):
            records_by_name[f"{name}.{zone_name}"].append(record)  # a name relative to its zone

    def index_mapping(mapping: PolicyResource) -> None:
        if not dependencies(mapping, "domainName"):
            name = _dns_name(mapping.props.get("domainName"))
            if name is not None:
                mappings_by_name[name].append(mapping)

    for resource, indexer in [*((r, index_record) for r in index.of(types.ROUTE53_RECORD)),
                              *((m, index_mapping) for m in index.of(types.BASE_PATH_MAPPING))]:
        try:
            indexer(resource)
        except UnknownValueError as exc:
            pending.append(exc)

    def zone_of(record: PolicyResource) -> tuple[str, bool]:
        """(label, is private) of the record's hosted zone."""
        hosted = zone(record)
        if hosted is not None:
            return hosted.name, _is_private_zone(hosted)
        zone_id = record.props.get("zoneId")
        return repr(zone_id), isinstance(zone_id, str) and zone_id in private_zone_ids

    def check(domain: PolicyResource) -> None:
        found = endpoint_types_of(domain.props)
        if found == ["PRIVATE"]:
            return
        if found != ["REGIONAL"]:
            problem = ("an edge-optimized custom domain is served through CloudFront and is always public"
                       if "EDGE" in found else "the domain is neither PRIVATE nor a single REGIONAL endpoint")
            report(violation(FIELD, found, problem, FIX), domain.urn)
            return
        domain_name = _dns_name(domain.props.get("domainName"))
        resolving = {r.urn: r for r in [*records_by_name.get(domain_name or "", []),
                                        *records_by_alias.get(domain.urn, [])]}
        problems: list[str] = []
        private_records = 0
        for record in resolving.values():
            label, private = zone_of(record)
            if private:
                private_records += 1
            else:
                problems.append(f"record {record.name} resolves the name in zone {label}, which is not a private "
                                "hosted zone")
        for mapping in [*mappings_by_domain.get(domain.urn, []), *mappings_by_name.get(domain_name or "", [])]:
            apis = [d for d in dependencies(mapping, "restApi") if d.resource_type == types.REST_API]
            if not apis:
                problems.append(f"base path mapping {mapping.name} maps an API that is not in this stack")
            problems.extend(f"base path mapping {mapping.name} maps API {api.name}, which is not PRIVATE"
                            for api in apis if not is_private(api.props))
        if not private_records and not pending:
            problems.insert(0, "no Route 53 record in a private hosted zone of this stack resolves the name")
        if problems:
            report(violation(FIELD, found, "a REGIONAL domain has a public regional endpoint and passes only when "
                             f"the stack proves it private, but {'; '.join(problems)}", FIX), domain.urn)
        elif pending:
            raise pending[0]

    decide_each(index.of(types.DOMAIN_NAME), check)

POLICY = stack_policy(
    name=NAME,
    description="Checks that every API Gateway custom domain name is PRIVATE, or REGIONAL and provably private: "
                "resolved only in private hosted zones and mapped only to PRIVATE APIs.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Use endpoint_configuration={'types': 'PRIVATE'} with a DomainNameAccessAssociation to your "
                      "execute-api VPC endpoint, or, behind an internal NLB, publish the name only in a "
                      "route53.Zone with vpcs=[...] and map only PRIVATE APIs; otherwise add an exemption "
                      "with a reason.",
    config_properties=CONFIG,
)
