"""No security group opened to the whole internet by several ranges together (a stack view no peer has).

A world range can be written as a split: ``0.0.0.0/1`` + ``128.0.0.0/1``, ``::/1`` + ``8000::/1``, or any set of
ranges that together cover ``0.0.0.0/0`` or ``2000::/3`` (all global unicast IPv6). Per security group, the
ingress of its inline ``ingress`` blocks, its ``ec2.SecurityGroupRule`` (type ingress) and
``vpc.SecurityGroupIngressRule`` resources (linked by the property dependencies of ``securityGroupId``, then by id;
a VPC's default group through ``defaultSecurityGroupId``) is merged: for every protocol and port, the union of the
CIDRs admitting it. A rule's ports start at one of the rules' ``fromPort``, so evaluating each of those points finds
every port range a union opens. Non-port protocols (ICMP and the like) are matched by protocol and exact
type/code, all traffic (``-1``) by everything.

A point where one CIDR is world-open by itself is left to ``aws-ec2-securitygroup-disallow-world-ingress``, which
reports that rule: each exposure is reported once, by one of the two. The violation is on the security group when
the stack declares it, else on each rule resource that takes part, and names the ranges and the rules (a minimal set
that still covers the world). Managed prefix lists and security-group sources are not CIDRs and do not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.core import Described, stack_policy, violation
from private_api_guard.network_rules import (
    ALL_PROTOCOLS,
    PORT_PROTOCOLS,
    IngressRule,
    arn_id,
    ingress_rules,
    ip_version,
    known_str,
    linked,
    mapped_network,
    port_number,
    world_cover,
    world_covers,
    world_open,
)

NAME = "aws-ec2-securitygroup-disallow-split-world-ingress"
FIX = ("admit only the client, load balancer or VPC ranges that need access (together narrower than the whole "
       "internet), or reference a security group")
GROUP_SOURCES = (types.SECURITY_GROUP, types.DEFAULT_SECURITY_GROUP, types.VPC)
_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
_RULE_KINDS = {types.SECURITY_GROUP_RULE: "ec2.SecurityGroupRule", types.SECURITY_GROUP_INGRESS_RULE:
               "vpc.SecurityGroupIngressRule"}


@dataclass(frozen=True)
class Source:
    """One CIDR admitted by one rule: ``label`` names the field (and the rule resource)."""

    cidr: str
    label: str
    protocol: str
    low: int
    high: int
    resource: PolicyResource
    icmp: tuple[int | None, int | None] = (None, None)
    version: int | None = field(init=False, default=None)
    world_open: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "version", ip_version(self.cidr))
        object.__setattr__(self, "world_open", world_open(self.cidr))

    def admits(self, protocol: str, port: int | tuple[int | None, int | None]) -> bool:
        if self.protocol in ALL_PROTOCOLS:
            return True
        if self.protocol != protocol:
            return False
        if isinstance(port, int):
            return self.low <= port <= self.high
        return self.icmp[0] in (None, -1) or self.icmp == port


@dataclass
class Group:
    """The merged ingress of one security group.

    ``pending`` holds the CIDRs of rules whose protocol or ports are unknown (``pending_unknown``);
    ``unknown`` is set when a rule's CIDRs themselves are unknown, which could be anything.
    """

    label: str
    subject: PolicyResource | None = None
    sources: list[Source] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    pending_unknown: UnknownValueError | None = None
    unknown: UnknownValueError | None = None

    def undecided(self) -> UnknownValueError | None:
        """Why the group cannot be decided when nothing known opens it, or None when the known part settles it."""
        if self.unknown is not None:
            return self.unknown
        # Only ranges that are not world-open alone could make a split; a world-open one is the resource rule's.
        cidrs = [c for c in (*self.pending, *(s.cidr for s in self.sources)) if not world_open(c)]
        if self.pending_unknown is not None and any(world_covers(cidrs, v) for v in (4, 6)):
            return self.pending_unknown
        return None


def _protocol(rule: IngressRule) -> str:
    name = rule.protocol() or ""
    return "-1" if name in ALL_PROTOCOLS else _NAMES.get(name, name)


def _sources(rule: IngressRule, resource: PolicyResource, where: str, group: Group) -> None:
    """Add the rule's CIDRs to ``group``; unknown values mark what they leave undecided instead."""
    try:
        cidrs = [(key, cidr) for key, cidr in rule.sources() if isinstance(cidr, str)]
    except UnknownValueError as exc:
        group.unknown = group.unknown or exc
        return
    try:
        protocol = _protocol(rule)
        low, high = rule.port_range() if protocol in PORT_PROTOCOLS else (0, 65535)
        icmp = (port_number(rule.rule.get("fromPort")), port_number(rule.rule.get("toPort")))
    except UnknownValueError as exc:
        group.pending_unknown = group.pending_unknown or exc
        group.pending.extend(cidr for _, cidr in cidrs)
        return
    for key, cidr in cidrs:
        group.sources.append(Source(cidr, f"{key} of {where}", protocol, low, high, resource, icmp))


class Groups:
    """Every security group's ingress, merged across its inline blocks and rule resources (one pass)."""

    def __init__(self, resources: list[PolicyResource]) -> None:
        self.groups: dict[str, Group] = {}
        self._ids: dict[str, str] = {}
        for resource in resources:
            if resource.resource_type == types.VPC:
                self._vpc(resource)
        for resource in resources:
            if resource.resource_type in (types.SECURITY_GROUP, types.DEFAULT_SECURITY_GROUP):
                self._declared(resource)
        for resource in resources:
            if resource.resource_type in _RULE_KINDS:
                self._rule(resource)

    def _vpc(self, vpc: PolicyResource) -> None:
        key = f"default-security-group:{vpc.urn}"
        self.groups[key] = Group(f"the default security group of VPC {vpc.name}")
        if (sg := known_str(vpc.props, "defaultSecurityGroupId")) is not None:
            self._ids[sg] = key

    def _key(self, group: PolicyResource) -> str:
        if group.resource_type == types.VPC:
            return f"default-security-group:{group.urn}"
        if group.resource_type == types.DEFAULT_SECURITY_GROUP:
            vpcs = linked(group, "vpcId", (types.VPC,))
            if vpcs:
                return f"default-security-group:{vpcs[0].urn}"
        return group.urn

    def _declared(self, resource: PolicyResource) -> None:
        key = self._key(resource)
        group = self.groups.setdefault(key, Group(""))
        group.label, group.subject = f"security group {resource.name}", resource
        if (sg := arn_id(resource)) is not None:
            self._ids[sg] = key
        try:
            rules = ingress_rules(resource.resource_type, resource.props)
        except UnknownValueError as exc:
            group.unknown = group.unknown or exc
            return
        for rule in rules:
            _sources(rule, resource, f"{resource.name}", group)

    def _rule(self, resource: PolicyResource) -> None:
        owners = linked(resource, "securityGroupId", GROUP_SOURCES)
        if owners:
            key = self._key(owners[0])
        else:
            sg = known_str(resource.props, "securityGroupId")
            if sg is None:
                return  # unknown and from outside the stack: nothing to merge it with
            key = self._ids.get(sg, f"id:{sg}")
            self.groups.setdefault(key, Group(f"security group {sg}"))
        group = self.groups.setdefault(key, Group(""))
        try:
            rules = ingress_rules(resource.resource_type, resource.props)
        except UnknownValueError as exc:
            group.unknown = group.unknown or exc
            return
        for rule in rules:
            _sources(rule, resource, f"{_RULE_KINDS[resource.resource_type]} {resource.name}", group)


def _points(sources: list[Source]) -> set[tuple[str, int | tuple[int | None, int | None]]]:
    """The protocol/port points worth evaluating: each rule's first port (or ICMP type/code)."""
    points: set[tuple[str, int | tuple[int | None, int | None]]] = set()
    protocols = {s.protocol for s in sources if s.protocol not in ALL_PROTOCOLS} or {"-1"}
    for source in sources:
        if source.protocol in ALL_PROTOCOLS:
            points.update((p, 0 if p in PORT_PROTOCOLS else (None, None)) for p in protocols)
        elif source.protocol in PORT_PROTOCOLS:
            points.add((source.protocol, source.low))
        else:
            points.add((source.protocol, source.icmp))
    return points


def _describe(protocol: str, admitting: list[Source]) -> str:
    specific = [s for s in admitting if s.protocol not in ALL_PROTOCOLS]
    if protocol in ALL_PROTOCOLS or not specific:
        return "all traffic"
    if protocol in PORT_PROTOCOLS:
        low, high = max(s.low for s in specific), min(s.high for s in specific)
        return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"
    return protocol or "unset protocol"


def findings(group: Group) -> list[tuple[str, list[Source]]]:
    """``(what is admitted, the sources that together admit it from the world)``, once per set of sources."""
    versions = [v for v in (4, 6) if world_covers((s.cidr for s in group.sources), v) is not None]
    found: dict[frozenset[int], tuple[str, list[Source]]] = {}
    # Not even every port together covering the world, the usual case, is decided by that one merge per version.
    for protocol, port in sorted(_points(group.sources) if versions else (), key=str):
        admitting = [s for s in group.sources if s.admits(protocol, port)]
        for version in versions:
            same = [s for s in admitting if s.version == version]
            if not same or any(s.world_open for s in same):
                continue  # one world-open CIDR: aws-ec2-securitygroup-disallow-world-ingress reports it
            for world, covering in world_cover([(s.cidr, s) for s in same]):
                what = f"{_describe(protocol, covering)} from {world}"
                covering.sort(key=lambda s: (mapped_network(s.cidr), s.label))  # type: ignore[arg-type,return-value]
                found.setdefault(frozenset(id(s) for s in covering), (what, covering))
    return list(found.values())


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    first_unknown: UnknownValueError | None = None
    for group in Groups(list(args.resources)).groups.values():
        results = findings(group)
        for what, covering in results:
            value = Described(", ".join(f"{s.cidr} ({s.label})" for s in covering))
            message = violation("ingress", value, f"together these ranges admit {what}, the whole internet, into "
                                f"{group.label}", FIX)
            subjects = [group.subject] if group.subject is not None else list(
                {s.resource.urn: s.resource for s in covering}.values())
            for subject in subjects:
                report(message, subject.urn)
        if not results and first_unknown is None:
            first_unknown = group.undecided()
    if first_unknown is not None:
        raise first_unknown


POLICY = stack_policy(
    name=NAME,
    description="Checks that no security group admits the whole internet on any port through several ingress "
                "ranges that together cover 0.0.0.0/0 or 2000::/3, across inline rules, ec2.SecurityGroupRule and "
                "vpc.SecurityGroupIngressRule resources.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Replace the ranges that together cover the internet with the narrowest CIDRs that need "
                      "access, or with source_security_group_id / referenced_security_group_id.",
)
