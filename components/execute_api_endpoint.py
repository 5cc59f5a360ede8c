"""ExecuteApiEndpoint: the ``execute-api`` interface VPC endpoint private REST APIs are reached through.

Either creates the endpoint (one network interface per subnet, so one per AZ, behind its own
security group) or adopts an existing one by id, for the common setup where a platform team owns
one endpoint per VPC and every API stack imports it (the SAM seed does exactly that).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.aws_context import aws_context
from components.errors import ConfigError
from components.resource_policy import INVOKE, check_vpc_endpoint_id
from components.security_rules import cidr_peer, tcp_rule
from components.tags import merge_tags
from components.type_tokens import with_former_type

HTTPS = 443


@dataclass(frozen=True)
class ExecuteApiEndpointArgs:
    """Arguments of :class:`ExecuteApiEndpoint`; validated on construction (a ConfigError names the argument).

    Give either ``vpc_id`` + ``subnet_ids`` (create) or ``existing_endpoint_id`` (reuse), not both.
    """

    vpc_id: pulumi.Input[str] | None = None
    """VPC to create the endpoint in. Required unless ``existing_endpoint_id`` is set."""
    subnet_ids: Sequence[pulumi.Input[str]] = ()
    """One subnet per AZ (at least 2); the endpoint gets one network interface in each. Default none."""
    existing_endpoint_id: str | None = None
    """Adopt this endpoint (``vpce-`` + 8 or 17 hex) instead of creating one. Default: create."""
    client_cidrs: Sequence[str] = ()
    """IPv4/IPv6 ranges admitted on 443; world-open ranges are rejected. Default none."""
    client_security_group_ids: Sequence[pulumi.Input[str]] = ()
    """Security groups whose members are admitted on 443. Default none."""
    private_dns_enabled: bool = False
    """Resolve ``*.execute-api.{region}.amazonaws.com`` to this endpoint inside the VPC. Default **off**.

    Turning it on makes **every public (EDGE and REGIONAL) API unreachable from this VPC**, our own
    IAM-only API and any third-party API on API Gateway included: the private zone answers for the
    whole ``execute-api`` domain and the endpoint only serves private APIs. Leave it off and call
    private APIs by the endpoint DNS name with a ``Host`` or ``x-apigw-api-id`` header, or by the
    ``{api-id}-{vpce-id}`` alias. Turn it on only in a VPC that calls private APIs exclusively (the
    on-premises topology's API VPC). It also needs DNS support and DNS hostnames on the VPC.
    """
    endpoint_policy: str | None = None
    """VPC endpoint policy JSON. Default: invoke only APIs owned by this account (a data perimeter)."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        if self.existing_endpoint_id is not None:
            check_vpc_endpoint_id(self.existing_endpoint_id, "existing_endpoint_id")
            created_only = [name for name, value in (
                ("vpc_id", self.vpc_id), ("subnet_ids", self.subnet_ids), ("client_cidrs", self.client_cidrs),
                ("client_security_group_ids", self.client_security_group_ids),
                ("private_dns_enabled", self.private_dns_enabled), ("endpoint_policy", self.endpoint_policy),
            ) if value]
            if created_only:
                raise ConfigError("existing_endpoint_id", f"an existing endpoint is adopted, so "
                                  f"{', '.join(created_only)} would be ignored",
                                  "change those settings on the existing endpoint, or drop existing_endpoint_id "
                                  "to create one")
            return
        if self.vpc_id is None:
            raise ConfigError("vpc_id", "no VPC is given for the new endpoint",
                              "pass vpc_id and subnet_ids, or existing_endpoint_id to adopt an endpoint")
        check_endpoint_subnets(self.subnet_ids, "subnet_ids")
        check_client_sources(self.client_cidrs, self.client_security_group_ids,
                             "client_cidrs", "client_security_group_ids")
        if self.endpoint_policy is not None:
            check_json_policy(self.endpoint_policy, "endpoint_policy")


def check_endpoint_subnets(subnet_ids: Sequence[Any], key: str) -> None:
    """At least two subnets, no plain-string duplicates: an endpoint in one AZ fails with that AZ."""
    if isinstance(subnet_ids, (str, bytes)) or len(subnet_ids) < 2:
        raise ConfigError(key, f"{len(subnet_ids) if not isinstance(subnet_ids, str) else 1} subnet(s) given; "
                          "an endpoint in a single AZ goes down with that AZ",
                          f"pass one subnet per AZ in '{key}', at least 2")
    plain = [s for s in subnet_ids if isinstance(s, str)]
    if len(set(plain)) != len(plain):
        raise ConfigError(key, "a subnet is listed twice", f"list each subnet once in '{key}'")


def check_client_sources(client_cidrs: Sequence[object], client_security_group_ids: Sequence[object],
                         cidr_key: str, sg_key: str) -> None:
    """At least one source, no world-open or duplicate CIDR, well-formed literal security group ids."""
    validation.parse_restricted_cidrs(client_cidrs, cidr_key)
    for group in client_security_group_ids:
        if isinstance(group, str):
            validation.check_security_group_id(group, sg_key)
    if not client_cidrs and not client_security_group_ids:
        raise ConfigError(cidr_key, "no caller source is given, so no client could reach the VPC endpoint",
                          f"list the client networks in '{cidr_key}' or their security groups in '{sg_key}'")


def check_json_policy(value: object, key: str) -> str:
    """A JSON object with a Statement."""
    try:
        document = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        document = None
    if not isinstance(document, dict) or "Statement" not in document:
        raise ConfigError(key, "it is not a JSON policy document with a Statement",
                          f"pass '{key}' as JSON text, e.g. from json.dumps(...)")
    return str(value)


def own_account_endpoint_policy(partition: str, region: str, account_id: str) -> str:
    """Endpoint policy admitting calls to this account's APIs in this region only.

    Without it, anyone inside the VPC could use the endpoint to reach any other account's private
    API whose resource policy admits it: a path for data to leave the VPC.
    """
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "InvokeOwnAccountApis",
            "Effect": "Allow",
            "Principal": "*",
            "Action": INVOKE,
            "Resource": f"arn:{partition}:execute-api:{region}:{account_id}:*/*",
        }],
    }, separators=(",", ":"))


def regional_dns_name(dns_names: Sequence[str]) -> str:
    """The endpoint's regional name among its DNS entries.

    AWS lists a regional name (``vpce-…-abcd.execute-api.{region}.vpce.amazonaws.com``), one per AZ
    (the same with ``-{az}`` appended to the first label) and, with private DNS, the service names.
    The regional one has the shortest first label of the ``vpce.amazonaws.com`` names.
    """
    candidates = [n for n in dns_names if n.endswith(".vpce.amazonaws.com")]
    if not candidates:
        return dns_names[0] if dns_names else ""
    return min(candidates, key=lambda n: (len(n.split(".", 1)[0]), n))


class ExecuteApiEndpoint(pulumi.ComponentResource):
    """The execute-api interface endpoint, created or adopted.

    Default settings when creating:

    * an Interface endpoint for ``com.amazonaws.{region}.execute-api`` in every given subnet;
    * its own security group admitting TCP 443 only from ``client_cidrs`` and
      ``client_security_group_ids`` (world-open ranges are rejected) and with no egress rule: the
      interfaces only answer connections;
    * private DNS off (see ``ExecuteApiEndpointArgs.private_dns_enabled``);
    * an endpoint policy admitting only APIs of this account.
    """

    TYPE = "private-apis:execute_api_endpoint:ExecuteApiEndpoint"
    """The type token (see components/type_tokens.py)."""

    endpoint_id: pulumi.Output[str]
    """Id of the endpoint (``vpce-…``), for ``endpoint_configuration`` and resource policies."""
    dns_names: pulumi.Output[list[str]]
    """All DNS names of the endpoint: regional, per AZ, and the private names when private DNS is on."""
    regional_dns_name: pulumi.Output[str]
    """The regional DNS name, the host of the ``Host``/``x-apigw-api-id`` header invoke forms."""
    network_interface_ids: pulumi.Output[list[str]]
    """The endpoint's network interfaces, one per subnet (their IPs are NLB targets in the on-prem topology)."""
    security_group_id: pulumi.Output[str | None]
    """The endpoint's security group; None when an existing endpoint is adopted."""
    private_dns_enabled: pulumi.Output[bool]
    """Whether the endpoint answers for ``*.execute-api.{region}.amazonaws.com`` in its VPC."""

    def __init__(self, name: str, args: ExecuteApiEndpointArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        self.endpoint: aws.ec2.VpcEndpoint | None = None
        self.security_group: aws.ec2.SecurityGroup | None = None
        if args.existing_endpoint_id is not None:
            self._adopt(args.existing_endpoint_id)
        else:
            self._create(name, args)
        self.regional_dns_name = self.dns_names.apply(regional_dns_name)
        # Registered outputs are what `pulumi stack` shows for the component.
        self.register_outputs({
            "endpoint_id": self.endpoint_id,
            "dns_names": self.dns_names,
            "regional_dns_name": self.regional_dns_name,
            "network_interface_ids": self.network_interface_ids,
            "security_group_id": self.security_group_id,
            "private_dns_enabled": self.private_dns_enabled,
        })

    def _adopt(self, endpoint_id: str) -> None:
        # The lookup fails the preview early when the id is wrong, and yields the DNS names callers need.
        found = aws.ec2.get_vpc_endpoint_output(id=endpoint_id, opts=pulumi.InvokeOutputOptions(parent=self))
        self.endpoint_id = pulumi.Output.from_input(endpoint_id)
        self.dns_names = found.dns_entries.apply(lambda entries: [e.dns_name for e in entries or []])
        self.network_interface_ids = found.network_interface_ids.apply(lambda ids: list(ids or []))
        self.security_group_id = pulumi.Output.from_input(None)
        self.private_dns_enabled = found.private_dns_enabled.apply(bool)

    def _create(self, name: str, args: ExecuteApiEndpointArgs) -> None:
        child = pulumi.ResourceOptions(parent=self)
        # Plain strings, not Outputs: the service name must be known in a first preview, where
        # the policy pack checks that the endpoint is for execute-api.
        where = aws_context(self)
        region = where.region
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg",
            vpc_id=args.vpc_id,
            description="execute-api VPC endpoint: HTTPS from listed clients only",
            tags=merge_tags(args.tags, f"{name}-sg"),
            opts=child,
        )
        for index, cidr in enumerate(validation.parse_restricted_cidrs(args.client_cidrs, "client_cidrs"), start=1):
            tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-https-cidr-{index}",
                     security_group_id=self.security_group.id, port=HTTPS,
                     description=f"HTTPS from client network {cidr}",
                     **cidr_peer(str(cidr)), tags=args.tags, parent=self)
        for index, group in enumerate(args.client_security_group_ids, start=1):
            tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-https-sg-{index}",
                     security_group_id=self.security_group.id, port=HTTPS,
                     description="HTTPS from a client security group",
                     referenced_security_group_id=group, tags=args.tags, parent=self)
        policy = args.endpoint_policy or own_account_endpoint_policy(where.partition, region, where.account_id)
        self.endpoint = aws.ec2.VpcEndpoint(
            f"{name}-endpoint",
            vpc_id=args.vpc_id,
            service_name=f"com.amazonaws.{region}.execute-api",
            vpc_endpoint_type="Interface",
            subnet_ids=list(args.subnet_ids),
            security_group_ids=[self.security_group.id],
            private_dns_enabled=args.private_dns_enabled,
            policy=policy,
            tags=merge_tags(args.tags, f"{name}-endpoint"),
            opts=child,
        )
        self.endpoint_id = self.endpoint.id
        self.dns_names = self.endpoint.dns_entries.apply(lambda entries: [e.dns_name for e in entries or []])
        self.network_interface_ids = self.endpoint.network_interface_ids.apply(lambda ids: list(ids or []))
        self.security_group_id = self.security_group.id
        self.private_dns_enabled = pulumi.Output.from_input(args.private_dns_enabled)
