"""SSH and RDP only from the admin ranges or from a security group
(policies/README.md#aws-ec2-securitygroup-configure-admin-port-sources).

Any ingress rule that admits an admin port - an exact port, a range that includes it, or protocol -1 -
may take its sources only from security-group references or from CIDRs inside the configured
``adminCidrs`` (default none, so SSM Session Manager is the only way in until someone names the
operators' ranges). A managed prefix list is opaque at preview time; it is accepted only when its id is
listed in ``adminPrefixListIds``. All three rule shapes, IPv4 and IPv6. AWS Config restricted-ssh and
vpc-sg-port-restriction-check test only 0.0.0.0/0; this is the allow-list form of the same concern.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard.core import as_list, config_of, resource_policy, violation
from private_api_guard.network_rules import SECURITY_GROUP_TYPES, ingress_rules, networks, port_number, within

NAME = "aws-ec2-securitygroup-configure-admin-port-sources"
DEFAULT_ADMIN_PORTS = [22, 3389]
DEFAULT_ADMIN_CIDRS: list[str] = []
FIX = ("admit it only from a range within the policy's adminCidrs or from a bastion security group, "
       "or drop the rule and use SSM Session Manager")


def _admin_ports(ports: list[int]) -> str:
    return ("admin port " if len(ports) == 1 else "admin ports ") + ", ".join(str(p) for p in ports)


def _cidr_list(cidrs: object) -> str:
    shown = [c for c in as_list(cidrs) if isinstance(c, str)]
    return ", ".join(shown) if shown else "(none configured)"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    rules = ingress_rules(args.resource_type, args.props)
    if not rules:
        return
    admin_ports = [p for p in map(port_number, as_list(config_of(args, "adminPorts", DEFAULT_ADMIN_PORTS)))
                   if p is not None]
    admin_cidrs = config_of(args, "adminCidrs", DEFAULT_ADMIN_CIDRS)
    allowed = networks(admin_cidrs)
    allowed_lists = {p for p in as_list(config_of(args, "adminPrefixListIds", [])) if isinstance(p, str)}
    for rule in rules:
        ports = rule.covered(admin_ports)
        if not ports:
            continue
        problem = f"it admits {_admin_ports(ports)} ({rule.describe()})"
        for field, cidr in rule.sources():
            if not within(cidr, allowed):
                report(violation(field, cidr, f"{problem} from outside adminCidrs {_cidr_list(admin_cidrs)}", FIX))
        for field, prefix_list in rule.prefix_lists():
            if prefix_list not in allowed_lists:
                report(violation(field, prefix_list, f"{problem} from a prefix list that is not in "
                                 "adminPrefixListIds", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that ingress to admin ports (default 22 and 3389, including ranges and protocol -1) "
                "comes only from CIDRs within the configured adminCidrs or from security-group references, in "
                "all three security-group rule shapes, IPv4 and IPv6.",
    resource_types=SECURITY_GROUP_TYPES,
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Use SSM Session Manager instead of an inbound admin port; where SSH/RDP is required, "
                      "admit it from the bastion's security group or list the operators' ranges in this "
                      "policy's adminCidrs config.",
    config_properties={
        "adminCidrs": {
            "type": "array", "items": {"type": "string"}, "default": DEFAULT_ADMIN_CIDRS,
            "description": "CIDRs (IPv4 or IPv6) admin ports may be opened to; a source must lie within one.",
        },
        "adminPorts": {
            "type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 65535},
            "default": DEFAULT_ADMIN_PORTS, "description": "Ports treated as admin ports.",
        },
        "adminPrefixListIds": {
            "type": "array", "items": {"type": "string"}, "default": [],
            "description": "Managed prefix list ids (pl-...) trusted as admin sources.",
        },
    },
)
