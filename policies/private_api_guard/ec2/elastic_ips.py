"""Elastic IPs and what they are bound to, as one view for the stack policies (no policy of its own).

An Elastic IP reaches a workload in two ways: the ``ec2.Eip``'s own ``instance`` / ``networkInterface``, or an
``ec2.EipAssociation`` (``allocationId`` with ``instanceId`` / ``networkInterfaceId``). A NAT gateway takes one
through ``allocationId`` (``secondaryAllocationIds``, a regional NAT gateway's ``availabilityZoneAddresses``), a
network load balancer through ``subnetMappings[].allocationId``. Links are followed through property dependencies
first, which a first preview knows while the ids are unknown, then through literal ids: an instance or network
interface id written into the program names a resource the stack may not declare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.network_rules import linked

NAT = frozenset({types.NAT_GATEWAY})
TARGETS = {"instance": frozenset({types.INSTANCE, types.NAT_GATEWAY}),
           "networkInterface": frozenset({types.NETWORK_INTERFACE, types.NAT_GATEWAY}),
           "instanceId": frozenset({types.INSTANCE, types.NAT_GATEWAY}),
           "networkInterfaceId": frozenset({types.NETWORK_INTERFACE, types.NAT_GATEWAY})}
"""What each binding property names; a NAT gateway's network interface id (``nat.network_interface_id``) is the NAT's
own address, never a workload's."""
EIP_FIELDS = ("instance", "networkInterface")
ASSOCIATION_FIELDS = ("instanceId", "networkInterfaceId")
_KINDS = {types.INSTANCE: "instance", types.NETWORK_INTERFACE: "network interface", types.NAT_GATEWAY: "NAT gateway"}


@dataclass(frozen=True)
class Binding:
    """One Elastic IP bound to a workload.

    ``via`` binds it (the Eip itself or an EipAssociation) through ``field``; ``target`` is the instance or network
    interface when the stack declares it, else ``target_id`` is the literal id; ``eip`` is the Elastic IP when the
    stack declares it.
    """

    via: PolicyResource
    field: str
    eip: PolicyResource | None
    target: PolicyResource | None
    target_id: str | None = None

    def target_label(self) -> str:
        if self.target is not None:
            return f"{_KINDS.get(self.target.resource_type, 'resource')} {self.target.name}"
        kind = "instance" if self.field.startswith("instance") else "network interface"
        return f"{kind} {self.target_id}"

    def eip_label(self) -> str:
        return f"Elastic IP {self.eip.name}" if self.eip is not None else "the Elastic IP"

    @property
    def to_nat(self) -> bool:
        return self.target is not None and self.target.resource_type in NAT


def binding(via: PolicyResource, field: str, eip: PolicyResource | None) -> Binding | None:
    """How ``via`` binds an Elastic IP through ``field``, or None when it does not.

    Property dependencies decide first (so an unknown id still binds); otherwise the value is read, and an unknown
    one raises ``UnknownValueError``.
    """
    targets = linked(via, field, TARGETS[field])
    if targets:
        return Binding(via, field, eip, targets[0])
    value = via.props.get(field)
    if isinstance(value, str) and value.strip():
        return Binding(via, field, eip, None, value)
    return None


def association_eip(association: PolicyResource) -> PolicyResource | None:
    """The Elastic IP an EipAssociation's ``allocationId`` came from, when the stack declares it."""
    found = linked(association, "allocationId", (types.EIP,))
    return found[0] if found else None


class ElasticIpView:
    """The stack's Elastic IPs, EipAssociations and the resources that refer to each Elastic IP."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.eips: list[PolicyResource] = []
        self.associations: list[PolicyResource] = []
        self.referrers: dict[str, list[PolicyResource]] = defaultdict(list)
        resources = list(resources)
        for resource in resources:
            if resource.resource_type == types.EIP:
                self.eips.append(resource)
            elif resource.resource_type == types.EIP_ASSOCIATION:
                self.associations.append(resource)
        if not self.eips:
            # Only a resource of the stack can be a dependency, so none refers to an Elastic IP; and the stack's
            # thousands of resources are not read for nothing (the pack builds each one when first read).
            return
        for resource in resources:
            for dependencies in (resource.property_dependencies or {}).values():
                for dependency in dependencies or ():
                    if dependency.resource_type == types.EIP and dependency.urn != resource.urn:
                        self.referrers[dependency.urn].append(resource)

    def bindings(self, eip: PolicyResource) -> list[Binding]:
        """The Eip's own ``instance`` / ``networkInterface`` bindings (reads raise on unknown values)."""
        return [b for b in (binding(eip, field, eip) for field in EIP_FIELDS) if b is not None]

    def association_binding(self, association: PolicyResource) -> Binding | None:
        """The instance or network interface an EipAssociation binds, ``instanceId`` first."""
        eip = association_eip(association)
        for field in ASSOCIATION_FIELDS:
            found = binding(association, field, eip)
            if found is not None:
                return found
        return None

    def by_target(self) -> tuple[dict[str, list[Binding]], list[UnknownValueError]]:
        """Declared instance or network interface URN -> the Elastic IPs bound to it, and the unknowns met."""
        found: dict[str, list[Binding]] = defaultdict(list)
        unknown: list[UnknownValueError] = []
        for resource, read in [*((e, self.bindings) for e in self.eips),
                               *((a, self._one) for a in self.associations)]:
            try:
                for bound in read(resource):
                    if bound.target is not None and not bound.to_nat:
                        found[bound.target.urn].append(bound)
            except UnknownValueError as exc:
                unknown.append(exc)
        return found, unknown

    def _one(self, association: PolicyResource) -> list[Binding]:
        found = self.association_binding(association)
        return [found] if found is not None else []
