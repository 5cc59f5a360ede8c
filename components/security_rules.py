"""Single-port TCP rules of security groups, one ``aws.vpc`` rule resource each.

Every component declares its security group rules as separate ``SecurityGroupIngressRule`` /
``SecurityGroupEgressRule`` resources (never inline ``ingress``/``egress`` blocks, which fight with
separate rules), and nearly all of them admit or allow one TCP port from or to one peer: a CIDR
(IPv4 or IPv6) or another security group. :func:`tcp_rule` declares such a rule the one way they
are all written: ``ip_protocol="tcp"``, ``from_port == to_port``, a ``Name`` tag equal to the
resource name, and the caller's component as parent.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from components.tags import merge_tags

RuleClass = type[aws.vpc.SecurityGroupIngressRule] | type[aws.vpc.SecurityGroupEgressRule]
"""The two rule resources :func:`tcp_rule` can declare."""


def tcp_rule(
    rule_class: RuleClass,
    resource_name: str,
    *,
    security_group_id: pulumi.Input[str],
    port: int,
    description: str,
    tags: Mapping[str, str] | None,
    parent: pulumi.Resource,
    cidr_ipv4: pulumi.Input[str] | None = None,
    cidr_ipv6: pulumi.Input[str] | None = None,
    referenced_security_group_id: pulumi.Input[str] | None = None,
    protocol: str = "tcp",
) -> aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule:
    """Declare one rule of ``security_group_id`` for TCP ``port`` from or to one peer, and return it.

    ``rule_class`` is ``aws.vpc.SecurityGroupIngressRule`` (traffic from the peer) or
    ``aws.vpc.SecurityGroupEgressRule`` (traffic to it). The peer is the one of ``cidr_ipv4``,
    ``cidr_ipv6`` and ``referenced_security_group_id`` that is set; the others stay None, which is
    the same as leaving them out (AWS accepts exactly one). The rule is tagged ``tags`` plus
    ``Name=resource_name`` and is a child of ``parent``. ``protocol`` is ``udp`` for the one UDP rule kind
    (DNS) the components declare.
    """
    return rule_class(
        resource_name,
        security_group_id=security_group_id,
        description=description,
        ip_protocol=protocol,
        from_port=port,
        to_port=port,
        cidr_ipv4=cidr_ipv4,
        cidr_ipv6=cidr_ipv6,
        referenced_security_group_id=referenced_security_group_id,
        tags=merge_tags(tags, resource_name),
        opts=pulumi.ResourceOptions(parent=parent),
    )


def cidr_peer(cidr: str) -> dict[str, str]:
    """The rule argument for ``cidr``: ``cidr_ipv6`` for an IPv6 range, ``cidr_ipv4`` otherwise. The two are
    separate fields of ``aws.vpc.SecurityGroupIngressRule``/``EgressRule`` ("The source IPv4 CIDR range", "The
    source IPv6 CIDR range"; EC2 API Reference, AuthorizeSecurityGroupIngress, IpRange and Ipv6Range), and EC2
    refuses an IPv6 range given as IPv4."""
    return {"cidr_ipv6": cidr} if ipaddress.ip_network(cidr, strict=False).version == 6 else {"cidr_ipv4": cidr}
