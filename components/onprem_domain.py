"""OnPremDomainApi: private REST APIs that on-premises callers reach by custom names such as ``api.example.internal``.

The bank scenario of the seed: a data centre, connected over Direct Connect or VPN, calls private APIs
by internal names with TLS. Two ways to build it:

* ``nlb`` (the seed's design; needed whenever on-premises reaches AWS by IP address): a REGIONAL
  custom domain per API, an **internal** NLB whose TLS:443 listener (same certificate, TLS 1.2+
  policy) forwards to an IP target group holding the execute-api VPC endpoint's network interface
  addresses, and a private hosted zone aliasing each name to the NLB. The REGIONAL domain's public
  regional endpoint cannot invoke a PRIVATE API, so the only working path is NLB -> endpoint;
* ``native`` (AWS's private custom domain, 2024): a PRIVATE ``DomainName`` with its own policy
  admitting only the endpoint, a ``DomainNameAccessAssociation`` to it, and private-zone aliases
  straight to the endpoint. No NLB, so no addresses to track.

An optional on-premises simulation adds a peered VPC with a client instance, so the whole path can be
tried from Session Manager before the real data centre is connected.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws

from components import validation
from components.api_stage import StageSettings, create_deployment_and_stage
from components.aws_context import aws_context
from components.config_fields import section, setting
from components.contract import OnPrem
from components.errors import ConfigError
from components.execute_api_endpoint import ExecuteApiEndpoint, ExecuteApiEndpointArgs, check_endpoint_subnets
from components.grants import invoke_policy_document
from components.lambda_routes import METHOD_AUTHORIZATIONS, FunctionSettings, create_lambda_routes
from components.managed_instance import (
    al2023_ami_id,
    hardened_instance,
    instance_profile,
    ssm_instance_role,
    ssm_session_command,
)
from components.network import NetworkPlacement, PrivateNetwork, PrivateNetworkArgs
from components.resource_policy import (
    account_apis_resource,
    check_vpc_id,
    network_principal_account,
    private_api_policy_json,
    private_domain_name_resource,
)
from components.routes import Route, check_handler_defined, parse_routes
from components.security_rules import cidr_peer, tcp_rule
from components.tags import merge_tags
from components.topology_spec import DeploymentTarget, TopologySpec
from components.type_tokens import with_former_type

MODES = ("nlb", "native")
HTTPS = 443
NLB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""TLS 1.3 with TLS 1.2 as the floor: the policy ELB recommends, in the pack's allow-list."""
DOMAIN_SECURITY_POLICY = "TLS_1_2"
DEFAULT_CODE_DIR = str(Path(__file__).resolve().parent.parent / "functions" / "onprem_hello")
DEFAULT_ZONE_NAME = "example.internal"
DEFAULT_API_SPECS = (
    "one|api.example.internal|GET /|GET /test-resource",
    "two|api2.example.internal|GET /",
)
"""The seed's two APIs: the first with ``/`` and ``/test-resource``, the second with ``/``."""
DEFAULT_SIMULATION_CIDR = "10.60.0.0/16"
CLIENT_CALLER = "onprem-client"
"""Caller name of the simulated client's invoke grants (its role's policy Sid)."""

_API_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
_CERTIFICATE_ARN = re.compile(
    r"arn:aws(?:-[a-z]+)*:acm:(?P<region>[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}):[0-9]{12}:certificate/[0-9a-f-]{36}",
    re.ASCII)
_HOSTED_ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,31}$")
_DATACENTRE_GATEWAY = re.compile(r"(?:tgw|vgw)-(?:[0-9a-f]{8}|[0-9a-f]{17})", re.ASCII)
DNS = 53


@dataclass(frozen=True)
class DomainApi:
    """One private API served under its own custom domain name."""

    name: str
    """Short name (lower case, digits, ``-``; up to 20), used in resource names."""
    domain_name: str
    """The name callers use, e.g. ``api.example.internal``; must lie in the private zone."""
    routes: tuple[str, ...]
    """Route table, ``"METHOD /path"`` or ``"METHOD /path module.function"`` (see components/routes.py)."""


DEFAULT_APIS = (
    DomainApi("one", "api.example.internal", ("GET /", "GET /test-resource")),
    DomainApi("two", "api2.example.internal", ("GET /",)),
)


def parse_api_spec(value: object, key: str) -> DomainApi:
    """``"name|domain|METHOD /path|..."`` (the config form) -> :class:`DomainApi`."""
    parts = [p.strip() for p in value.split("|")] if isinstance(value, str) else []
    if len(parts) < 3:
        raise ConfigError(key, f"{value!r} is not 'name|domain|METHOD /path[|METHOD /path...]'",
                          f"write each API as e.g. '{DEFAULT_API_SPECS[0]}'")
    return DomainApi(parts[0], parts[1], tuple(parts[2:]))


def check_certificate_arn(value: object, key: str) -> str:
    """An ACM certificate ARN."""
    if not isinstance(value, str) or not _CERTIFICATE_ARN.fullmatch(value):
        raise ConfigError(key, f"{value!r} is not an ACM certificate ARN",
                          "use arn:aws:acm:<region>:<account>:certificate/<uuid> of an issued or imported "
                          "certificate covering every domain name")
    return value


def certificate_region(arn: str) -> str | None:
    """The region of an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), or None."""
    match = _CERTIFICATE_ARN.fullmatch(arn)
    return match.group("region") if match else None


def certificate_account(arn: str) -> str | None:
    """The account of an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>), or None."""
    return arn.split(":")[4] if _CERTIFICATE_ARN.fullmatch(arn) else None


def _resolver_ips(addresses: Any) -> list[str]:
    """The addresses of an inbound endpoint's interfaces, whichever form the provider returns them in."""
    found = []
    for address in addresses or []:
        ip = address.get("ip") if isinstance(address, dict) else getattr(address, "ip", None)
        if ip:
            found.append(ip)
    return found


def api_url(domain_name: str) -> str:
    """The URL of an API through its domain: the mapping has no base path, so the stage is implied."""
    return f"https://{domain_name}/"


@dataclass(frozen=True)
class OnPremDomainApiArgs:
    """Arguments of :class:`OnPremDomainApi`; validated on construction (a ConfigError names the argument).

    The API VPC comes in ``placement`` (a shared ``PrivateNetwork.placement()``): its CIDR, one private subnet per
    AZ (the endpoint's interfaces and the NLB) and, for the simulation's peering routes, their route tables.
    """

    placement: NetworkPlacement | None = None
    """The API VPC (with DNS support and hostnames), two or more private subnets and their route tables. Required."""
    mode: str = setting("onpremMode", "nlb")
    """``nlb`` (default; REGIONAL domains behind an internal NLB) or ``native`` (PRIVATE domains)."""
    zone_name: str = setting("onpremZoneName", DEFAULT_ZONE_NAME)
    """The private hosted zone created for the names. Default ``example.internal``."""
    apis: Sequence[DomainApi] = setting("onpremApis", DEFAULT_APIS, kind="list", item=parse_api_spec)
    """The APIs, each with its own domain in ``zone_name`` (config: ``"name|domain|METHOD /path|..."``).
    Default: the seed's two APIs."""
    certificate_arn: str | None = setting("onpremCertificateArn", None, kind="str")
    """Issued or imported ACM certificate (same region) covering every domain. Default none: then
    ``validation_zone_id`` is required."""
    validation_zone_id: str | None = setting("onpremValidationZoneId", None, kind="str")
    """Public hosted zone to DNS-validate a requested certificate in (a private zone cannot validate).
    Used only without ``certificate_arn``. Default none."""
    onprem_cidrs: Sequence[str] = setting("onpremClientCidrs", ())
    """Data centre ranges admitted on 443 (world-open ranges rejected). Default none."""
    simulate_onprem: bool = setting("onpremSimulation", False)
    """Build a peered VPC standing in for the data centre, with a client instance. Default off."""
    simulation_cidr: str = setting("onpremSimulationCidr", DEFAULT_SIMULATION_CIDR)
    """CIDR of the simulated data centre VPC; must not overlap the API VPC. Default ``10.60.0.0/16``."""
    associated_vpc_ids: Sequence[pulumi.Input[str]] = setting("onpremAssociatedVpcIds", ())
    """Further VPCs the private zone is associated with (e.g. the hub VPC of a Resolver inbound endpoint
    that on-premises DNS forwards to). Default none."""
    private_dns_enabled: bool = setting("onpremPrivateDns", False)
    """Private DNS on the execute-api endpoint. Default **off**: neither mode needs it (the NLB targets the
    endpoint's addresses; native domains resolve through the private zone), and on, it makes every public API on
    API Gateway unreachable from the API VPC, the other topologies' invoke URLs included (see
    ``ExecuteApiEndpointArgs``)."""
    resolver_inbound: bool = setting("onpremResolverInbound", False)
    """A Route 53 Resolver inbound endpoint in the API VPC's private subnets, for the data centre's DNS servers to
    forward ``zone_name`` to (a private hosted zone answers only inside its associated VPCs); its security group
    admits DNS (TCP and UDP 53) from the data-centre ranges only. Default off."""
    datacentre_gateway_id: str | None = setting("onpremGatewayId", None, kind="str")
    """Transit gateway (``tgw-``) or virtual private gateway (``vgw-``) the data centre is reached through: every
    private route table of the API VPC routes each range of ``onprem_cidrs`` through it. Default none (routes are
    managed elsewhere, or the simulation's peering carries them)."""
    authorization: str = setting("onpremAuthorization", "AWS_IAM")
    """Method authorization: ``AWS_IAM`` (default; callers sign with SigV4 for the custom host, and need an
    identity grant) or ``NONE``, an explicit opt-out where the network is the only control, which the policy
    pack's method-authorization rule reports unless the API is exempted there."""
    stage: StageSettings = section(StageSettings, "onprem", only=("stage_name", "access_log_retention_days"))
    """Stage name, throttling and access-log retention of every API."""
    code_dir: str = DEFAULT_CODE_DIR
    """Directory packaged as every function's code. Default: the repo's ``functions/onprem_hello``."""
    client_instance_type: str = setting("onpremClientInstanceType", "t3.micro")
    """Instance type of the simulated client. Default ``t3.micro``."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        validation.check_choice(self.mode, "mode", MODES)
        self._check_apis()
        self._check_certificate()
        self._check_client_ranges()
        for vpc_id in self.associated_vpc_ids:
            if not isinstance(vpc_id, pulumi.Output):
                check_vpc_id(vpc_id, "associated_vpc_ids")
        validation.check_choice(self.authorization, "authorization", METHOD_AUTHORIZATIONS)
        self._check_datacentre_reach()
        validation.check_instance_type(self.client_instance_type, "client_instance_type")

    def _check_apis(self) -> None:
        zone = validation.check_domain_name(self.zone_name, "zone_name")
        if not self.apis:
            raise ConfigError("apis", "no API is defined", f"list at least one API, e.g. '{DEFAULT_API_SPECS[0]}'")
        names: set[str] = set()
        domains: set[str] = set()
        for api in self.apis:
            if not isinstance(api.name, str) or not _API_NAME.match(api.name):
                raise ConfigError("apis", f"API name {api.name!r} is not valid",
                                  "start with a letter; use lower-case letters, digits and '-', at most 20 characters")
            domain = validation.check_domain_name(api.domain_name, "apis")
            validation.check_domain_in_zone(domain, zone, "apis")
            if api.name in names:
                raise ConfigError("apis", f"API name '{api.name}' is used twice", "give each API its own name")
            if domain in domains:
                raise ConfigError("apis", f"domain '{domain}' is used by two APIs",
                                  "give each API its own domain name (one base path mapping per domain)")
            names.add(api.name)
            domains.add(domain)
            for route in self.parsed_routes(api):
                check_handler_defined(self.code_dir, route.handler or "app.handler", "apis")

    def _check_certificate(self) -> None:
        if self.certificate_arn:
            check_certificate_arn(self.certificate_arn, "certificate_arn")
            if self.validation_zone_id:
                raise ConfigError("validation_zone_id", "a validation zone is given but 'certificate_arn' is set, so "
                                  "no certificate is requested and the zone would be ignored",
                                  "remove 'validation_zone_id' to use the given certificate, or remove "
                                  "'certificate_arn' to request one validated in the zone")
        elif self.validation_zone_id:
            if not _HOSTED_ZONE_ID.match(self.validation_zone_id):
                raise ConfigError("validation_zone_id", f"{self.validation_zone_id!r} is not a hosted zone id",
                                  "use the id of the public zone holding the domain names, e.g. Z0123456789ABCDEFGHIJ")
        else:
            raise ConfigError("certificate_arn", "certificate required: neither a certificate ARN nor a public "
                              "zone to validate a new certificate in is given",
                              "set 'certificate_arn' to an issued or imported ACM certificate covering every "
                              "domain, or 'validation_zone_id' to a public zone to request one in")

    def _check_client_ranges(self) -> None:
        onprem = validation.parse_restricted_cidrs(self.onprem_cidrs, "onprem_cidrs")
        validation.check_no_overlap([("on-premises range", n) for n in onprem], "onprem_cidrs")
        # Checked even without the simulation: a malformed value is a mistake whether or not it is used yet.
        simulated = validation.parse_cidr(self.simulation_cidr, "simulation_cidr")
        if simulated.version != 4 or not 16 <= simulated.prefixlen <= 24:
            raise ConfigError("simulation_cidr", f"{simulated} must be an IPv4 block between /16 and /24",
                              f"set 'simulation_cidr' to e.g. {DEFAULT_SIMULATION_CIDR}")
        if self.simulate_onprem:
            validation.check_no_overlap([("the simulated data centre", simulated),
                                         *(("on-premises range", n) for n in onprem)], "simulation_cidr")
            # The simulated range is admitted alongside the listed ones (client_cidrs), so their union counts.
            validation.check_not_whole_internet([*onprem, simulated], "onprem_cidrs")
        elif not onprem:
            raise ConfigError("onprem_cidrs", "no on-premises network is given, so nobody could reach the APIs",
                              "list the data centre ranges in 'onprem_cidrs' or turn on 'simulate_onprem'")

    def _check_datacentre_reach(self) -> None:
        gateway = self.datacentre_gateway_id
        if gateway is not None and not _DATACENTRE_GATEWAY.fullmatch(str(gateway)):
            raise ConfigError("datacentre_gateway_id", f"{gateway!r} is not a transit gateway or virtual private "
                              "gateway id", "set 'datacentre_gateway_id' to e.g. tgw-0123456789abcdef0 or "
                              "vgw-0123456789abcdef0, or remove it")
        if gateway is not None and not self.onprem_cidrs:
            raise ConfigError("datacentre_gateway_id", "a gateway to the data centre is given but no data-centre "
                              "range is listed, so nothing would be routed through it",
                              "list the data centre ranges in 'onprem_cidrs', or remove 'datacentre_gateway_id'")

    def check_clear_of(self, vpc_cidr: str) -> None:
        """The on-premises ranges and the simulated data centre must not overlap the API VPC's ``vpc_cidr``."""
        api_vpc = ("the API VPC", validation.parse_cidr(vpc_cidr, "vpc_cidr"))
        for network in validation.parse_restricted_cidrs(self.onprem_cidrs, "onprem_cidrs"):
            validation.check_no_overlap([api_vpc, ("on-premises range", network)], "onprem_cidrs")
        if self.simulate_onprem:
            simulated = ("the simulated data centre", validation.parse_cidr(self.simulation_cidr, "simulation_cidr"))
            validation.check_no_overlap([api_vpc, simulated], "simulation_cidr")

    def check_deployment_target(self, target: Any) -> None:
        """A REGIONAL or PRIVATE custom domain name, like an NLB TLS listener, takes only a certificate of its own
        region (API Gateway Developer Guide, "Custom domain name for public REST APIs" and "Custom domain names for
        private APIs": the certificate must be in the same Region as the API; only edge-optimized names use
        us-east-1) and of its own account, the deploying one as the provider's caller identity answers: ACM
        certificates are not shared across accounts ("you must manually request and deploy individual certificates
        in each Region and account", AWS Security Blog, "How to deploy public ACM certificates across multiple AWS
        accounts and Regions using AWS CloudFormation StackSets"); a listener given another account's certificate
        fails at deploy time with CertificateNotFound (hashicorp/terraform-provider-aws#17505)."""
        if not self.certificate_arn:
            return
        region = certificate_region(self.certificate_arn)
        if region is not None and region != target.region:
            raise ConfigError("certificate_arn", f"the certificate is in {region} but {target.where}",
                              f"import or request the certificate in {target.region}, or deploy the stack to {region}")
        owner = certificate_account(self.certificate_arn)
        account = target.account_id() if owner is not None else None
        if owner is not None and owner != account:
            raise ConfigError("certificate_arn", f"the certificate is in account {owner} but the stack deploys to "
                              f"account {account}, and NLB listeners and custom domain names take only certificates "
                              "of their own account",
                              f"import or request the certificate in account {account}, or deploy the stack from "
                              f"account {owner}, which holds it")

    def parsed_routes(self, api: DomainApi) -> tuple[Route, ...]:
        """The validated route table of one API."""
        return parse_routes(api.routes, "apis")

    def client_cidrs(self) -> tuple[str, ...]:
        """Every on-premises range: the configured ones plus the simulated data centre."""
        return (*self.onprem_cidrs, *((self.simulation_cidr,) if self.simulate_onprem else ()))


def checked_placement(args: OnPremDomainApiArgs) -> NetworkPlacement:
    """The API VPC the component builds in: given, two or more subnets, route tables for the simulation's
    peering routes, and clear of the on-premises ranges."""
    placement = args.placement
    if placement is None:
        raise ConfigError("placement", "no API VPC is given", "pass placement=network.placement() of the shared "
                          "PrivateNetwork")
    check_endpoint_subnets(placement.private_subnet_ids, "placement.private_subnet_ids")
    if args.simulate_onprem and not placement.private_route_table_ids:
        raise ConfigError("placement.private_route_table_ids", "the simulation peers the VPCs but no API route "
                          "table is given", "pass the route tables of the API VPC's private subnets")
    validation.parse_cidr(placement.vpc_cidr, "placement.vpc_cidr")
    args.check_clear_of(placement.vpc_cidr)
    return placement


class OnPremDomainApi(pulumi.ComponentResource):
    """Private REST APIs reached from on-premises by custom domain names, in ``nlb`` or ``native`` mode.

    Default settings:

    * an execute-api interface endpoint in every given subnet, private DNS on, an endpoint policy
      limited to this account's APIs; its security group admits 443 from the NLB's group (``nlb``)
      or from the on-premises ranges (``native``) only;
    * per API: a PRIVATE REST API associated with that endpoint, a resource policy admitting only it
      (explicit Deny for every other source), every method ``AWS_IAM``, one Lambda function per route
      with a permission scoped to its API, stage, method and path, and a stage with access logs;
    * ``nlb``: per API a REGIONAL domain (``TLS_1_2``) mapped with no base path; an **internal** NLB in
      the same subnets whose security group admits 443 from the on-premises ranges only; a TLS:443
      listener with ``ELBSecurityPolicy-TLS13-1-2-2021-06`` and the domains' certificate; an IP target
      group (TLS:443, TCP:443 health checks) whose targets are the endpoint's interface addresses,
      one per subnet, read with ``get_network_interface``;
    * ``native``: per API a PRIVATE domain (``TLS_1_2``, ``certificate_arn``) with a policy admitting
      only the endpoint, an access association to it and a mapping by ``domain_name_id``;
    * a **private** hosted zone for ``zone_name``, associated with the API VPC, the simulated data
      centre and ``associated_vpc_ids``, with an A alias per domain (to the NLB, or to the endpoint);
    * certificate: the given ARN, or one requested with DNS validation in ``validation_zone_id``;
    * simulation: a ``PrivateNetwork`` (own CIDR, SSM endpoints, flow logs) peered with DNS resolution
      both ways and routes on every private route table of both VPCs, and a client instance (SSM only,
      IMDSv2, no public IP, encrypted root) allowed to invoke exactly the APIs' routes.
    """

    TYPE = "private-apis:onprem_domain:OnPremDomainApi"
    """The type token (see components/type_tokens.py)."""

    mode: pulumi.Output[str]
    """``nlb`` or ``native``."""
    domain_names: pulumi.Output[list[str]]
    """The custom domain names, in API order."""
    api_urls: pulumi.Output[list[str]]
    """``https://{domain}/`` per API: the URL on-premises callers use."""
    rest_api_ids: pulumi.Output[list[str]]
    """Ids of the REST APIs, in API order."""
    stage_name: pulumi.Output[str]
    """The stage every mapping targets."""
    authorization: pulumi.Output[str]
    """Method authorization of every API (``AWS_IAM`` or ``NONE``)."""
    nlb_dns_name: pulumi.Output[str | None]
    """DNS name of the internal NLB; None in ``native`` mode."""
    zone_id: pulumi.Output[str]
    """Id of the private hosted zone."""
    vpc_endpoint_id: pulumi.Output[str]
    """The execute-api endpoint every API is reached through."""
    eni_addresses: pulumi.Output[list[str]]
    """Private addresses of the endpoint's interfaces (the NLB targets), in interface order."""
    certificate_arn: pulumi.Output[str]
    """The certificate of the domains (and of the NLB listener)."""
    onprem_vpc_id: pulumi.Output[str | None]
    """The simulated data centre VPC; None without simulation."""
    client_instance_id: pulumi.Output[str | None]
    """The simulated on-premises client; None without simulation."""
    operator_access: pulumi.Output[str | None]
    """The Session Manager command opening a shell on the client; None without simulation."""

    def __init__(self, name: str, args: OnPremDomainApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.placement = checked_placement(args)
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        where = aws_context(self)
        region, partition = where.region, where.partition
        args.check_deployment_target(DeploymentTarget(region, f"the stack deploys to {region}"))
        onprem_ranges = [str(n) for n in validation.parse_restricted_cidrs(args.client_cidrs(), "onprem_cidrs")]

        # The simulated data centre comes first: the NLB and endpoint rules admit its range.
        self.onprem_network: PrivateNetwork | None = None
        if args.simulate_onprem:
            self.onprem_network = self._simulated_datacentre(name, args)
        self.nlb_security_group: aws.ec2.SecurityGroup | None = None
        if args.mode == "nlb":
            self.nlb_security_group = self._nlb_security_group(name, args, onprem_ranges)
        self.endpoint = self._execute_api_endpoint(name, args, onprem_ranges)
        domains = [validation.check_domain_name(api.domain_name, "apis") for api in args.apis]
        certificate_arn: pulumi.Output[str] = (pulumi.Output.from_input(args.certificate_arn)
                                               if args.certificate_arn else
                                               self._requested_certificate(name, args, domains))
        stages = self._apis(name, args, domains, certificate_arn, partition)
        addresses = self._endpoint_addresses(args)
        self.nlb: aws.lb.LoadBalancer | None = None
        if args.mode == "nlb":
            self.nlb = self._nlb(name, args, certificate_arn, addresses)
        self.zone = self._private_zone(name, args, domains)
        self.client: aws.ec2.Instance | None = None
        if self.onprem_network is not None:
            self.client = self._client(name, args, partition, stages)
        self._routes_to_datacentre(name, args)
        self.resolver: aws.route53.ResolverEndpoint | None = None
        if args.resolver_inbound:
            self.resolver = self._resolver_inbound(name, args, onprem_ranges)

        self.mode = pulumi.Output.from_input(args.mode)
        self.domain_names = pulumi.Output.from_input(domains)
        self.api_urls = pulumi.Output.from_input([api_url(d) for d in domains])
        self.rest_api_ids = pulumi.Output.all(*[a.id for a in self.rest_apis])
        self.stage_name = stages[0].stage_name
        self.authorization = pulumi.Output.from_input(args.authorization)
        self.nlb_dns_name = self.nlb.dns_name if self.nlb else pulumi.Output.from_input(None)
        self.zone_id = self.zone.zone_id
        self.vpc_endpoint_id = self.endpoint.endpoint_id
        self.eni_addresses = pulumi.Output.all(*addresses)
        self.certificate_arn = certificate_arn
        self.onprem_vpc_id = self.onprem_network.vpc_id if self.onprem_network else pulumi.Output.from_input(None)
        self.resolver_addresses = (self.resolver.ip_addresses.apply(_resolver_ips) if self.resolver
                                   else pulumi.Output.from_input(None))
        self.client_instance_id = self.client.id if self.client else pulumi.Output.from_input(None)
        self.operator_access = (self.client.id.apply(lambda instance_id: ssm_session_command(instance_id, region))
                                if self.client else pulumi.Output.from_input(None))
        # Registered outputs are what `pulumi stack` shows for the component.
        self.register_outputs({
            "mode": self.mode,
            "domain_names": self.domain_names,
            "api_urls": self.api_urls,
            "rest_api_ids": self.rest_api_ids,
            "stage_name": self.stage_name,
            "authorization": self.authorization,
            "nlb_dns_name": self.nlb_dns_name,
            "zone_id": self.zone_id,
            "vpc_endpoint_id": self.vpc_endpoint_id,
            "eni_addresses": self.eni_addresses,
            "certificate_arn": self.certificate_arn,
            "resolver_addresses": self.resolver_addresses,
            "onprem_vpc_id": self.onprem_vpc_id,
            "client_instance_id": self.client_instance_id,
            "operator_access": self.operator_access,
        })

    # --- security groups and the execute-api endpoint -------------------------------------------------

    def _routes_to_datacentre(self, name: str, args: OnPremDomainApiArgs) -> None:
        """A route per private route table and data-centre range through the configured gateway: replies to
        on-premises callers leave the VPC only by a route (VPC User Guide, "Route tables": a VPC routes only to
        its own CIDR until routes are added)."""
        gateway = args.datacentre_gateway_id
        if gateway is None:
            return
        target = {"transit_gateway_id": gateway} if gateway.startswith("tgw-") else {"gateway_id": gateway}
        # The parsed ranges, as the security group rules get them: a route takes only a network address.
        ranges = [str(n) for n in validation.parse_restricted_cidrs(args.onprem_cidrs, "onprem_cidrs")]
        for table_index, table in enumerate(self.placement.private_route_table_ids, start=1):
            for range_index, cidr in enumerate(ranges, start=1):
                ipv6 = ipaddress.ip_network(cidr).version == 6
                aws.ec2.Route(
                    f"{name}-datacentre-{table_index}-{range_index}",
                    route_table_id=table,
                    **({"destination_ipv6_cidr_block": cidr} if ipv6 else {"destination_cidr_block": cidr}),
                    **target,
                    opts=pulumi.ResourceOptions(parent=self),
                )

    def _resolver_inbound(self, name: str, args: OnPremDomainApiArgs,
                          onprem_ranges: list[str]) -> aws.route53.ResolverEndpoint:
        """Where the data centre's DNS forwards ``zone_name``: a private hosted zone answers only in its associated
        VPCs, and on-premises resolvers reach it through an inbound endpoint (Route 53 Developer Guide, "Resolving
        DNS queries between VPCs and your network"). DNS is admitted from the data-centre ranges only."""
        group = aws.ec2.SecurityGroup(
            f"{name}-resolver-sg",
            vpc_id=self.placement.vpc_id,
            description="Route 53 Resolver inbound endpoint: DNS from on-premises ranges only",
            tags=merge_tags(args.tags, f"{name}-resolver-sg"),
            opts=pulumi.ResourceOptions(parent=self),
        )
        for index, cidr in enumerate(onprem_ranges, start=1):
            for protocol in ("udp", "tcp"):
                tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-resolver-dns-{protocol}-{index}",
                         security_group_id=group.id, port=DNS, protocol=protocol,
                         description=f"DNS ({protocol.upper()}) from on-premises {cidr}", **cidr_peer(cidr),
                         tags=args.tags, parent=self)
        return aws.route53.ResolverEndpoint(
            f"{name}-resolver",
            direction="INBOUND",
            security_group_ids=[group.id],
            ip_addresses=[aws.route53.ResolverEndpointIpAddressArgs(subnet_id=subnet)
                          for subnet in self.placement.private_subnet_ids],
            tags=merge_tags(args.tags, f"{name}-resolver"),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _nlb_security_group(self, name: str, args: OnPremDomainApiArgs,
                            onprem_ranges: list[str]) -> aws.ec2.SecurityGroup:
        """The NLB's group (nlb mode): HTTPS from the on-premises ranges only."""
        child = pulumi.ResourceOptions(parent=self)
        group = aws.ec2.SecurityGroup(
            f"{name}-nlb-sg",
            vpc_id=self.placement.vpc_id,
            description="Internal NLB of the custom domains: HTTPS from on-premises ranges only",
            tags=merge_tags(args.tags, f"{name}-nlb-sg"),
            opts=child,
        )
        for index, cidr in enumerate(onprem_ranges, start=1):
            tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-nlb-https-onprem-{index}",
                     security_group_id=group.id, port=HTTPS, description=f"HTTPS from on-premises {cidr}",
                     **cidr_peer(cidr), tags=args.tags, parent=self)
        return group

    def _execute_api_endpoint(self, name: str, args: OnPremDomainApiArgs,
                              onprem_ranges: list[str]) -> ExecuteApiEndpoint:
        """The execute-api endpoint every API is reached through, and the NLB's way to it."""
        # In nlb mode on-premises traffic reaches the endpoint only through the NLB (IP targets do not
        # preserve the client address), so the endpoint admits the NLB's group and no range at all.
        endpoint = ExecuteApiEndpoint(f"{name}-vpce", ExecuteApiEndpointArgs(
            vpc_id=self.placement.vpc_id,
            subnet_ids=tuple(self.placement.private_subnet_ids),
            client_cidrs=tuple(onprem_ranges) if args.mode == "native" else (),
            client_security_group_ids=(self.nlb_security_group.id,) if self.nlb_security_group else (),
            private_dns_enabled=args.private_dns_enabled,
            tags=args.tags,
        ), pulumi.ResourceOptions(parent=self))
        if self.nlb_security_group is not None:
            tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-nlb-to-vpce",
                     security_group_id=self.nlb_security_group.id, port=HTTPS,
                     description="HTTPS (traffic and health checks) to the execute-api endpoint",
                     referenced_security_group_id=endpoint.security_group_id, tags=args.tags, parent=self)
        return endpoint

    # --- certificate ----------------------------------------------------------------------------------

    def _requested_certificate(self, name: str, args: OnPremDomainApiArgs, domains: list[str]) -> pulumi.Output[str]:
        child = pulumi.ResourceOptions(parent=self)
        certificate = aws.acm.Certificate(
            f"{name}-certificate",
            domain_name=domains[0],
            subject_alternative_names=domains[1:] or None,
            validation_method="DNS",
            tags=merge_tags(args.tags, f"{name}-certificate"),
            opts=child,
        )
        records = []
        for index, domain in enumerate(domains, start=1):
            # AWS does not keep the options in request order, so each record picks its own domain's.
            option = certificate.domain_validation_options.apply(
                lambda options, d=domain: next(o for o in options if o.domain_name == d))
            records.append(aws.route53.Record(
                f"{name}-certificate-validation-{index}",
                zone_id=args.validation_zone_id,
                name=option.resource_record_name,
                type=option.resource_record_type,
                records=[option.resource_record_value],
                ttl=300,
                allow_overwrite=True,
                opts=child,
            ))
        validated = aws.acm.CertificateValidation(
            f"{name}-certificate-validation",
            certificate_arn=certificate.arn,
            validation_record_fqdns=[r.fqdn for r in records],
            opts=child,
        )
        # Through the validation resource, so nothing uses the certificate before it is issued.
        return validated.certificate_arn

    # --- the APIs, their domains and mappings ---------------------------------------------------------

    def _apis(self, name: str, args: OnPremDomainApiArgs, domains: list[str], certificate_arn: pulumi.Output[str],
              partition: str) -> list[aws.apigateway.Stage]:
        """Per API: the PRIVATE REST API and its stage, then its custom domain; returns the stages.

        Every policy names its resource by ARN, as API Gateway stores it (the ``execute-api:/*`` shorthand reads
        back expanded and shows a diff on every ``up``, hashicorp/terraform-provider-aws#5549), inline, since the
        ids do not exist yet: an API's own policy by the account-scoped ARN (a separate policy resource would be
        cleared by the import of the API's body, components/openapi_body.py), a private domain name's by the
        domain's ARN pattern.
        """
        where = aws_context(self)
        region, account_id = where.region, where.account_id
        # With AWS_IAM methods the API's policy admits the endpoint's callers of this account by its root, so each
        # also needs an identity grant (the simulated client has one); with NONE the endpoint alone admits.
        principal_account = network_principal_account(args.authorization, account_id)
        self.rest_apis: list[aws.apigateway.RestApi] = []
        self.domains: list[aws.apigateway.DomainName] = []
        self.base_path_mappings: list[aws.apigateway.BasePathMapping] = []
        stages: list[aws.apigateway.Stage] = []
        for api, domain in zip(args.apis, domains, strict=True):
            rest_api, stage = self._private_api(name, api, args, partition, principal_account)
            self.rest_apis.append(rest_api)
            stages.append(stage)
            # The domain's policy is the network gate only (principal "*" from the endpoint): a request through the
            # domain must also pass the mapped API's own policy, which is where an AWS_IAM caller needs its grant.
            domain_policy = self.endpoint.endpoint_id.apply(lambda endpoint_id, d=domain: private_api_policy_json(
                vpc_endpoint_ids=[endpoint_id], partition=partition,
                resource=private_domain_name_resource(partition, region, account_id, d)))
            self._domain(name, api, domain, args, rest_api, stage, certificate_arn, domain_policy)
        return stages

    def _private_api(self, name: str, api: DomainApi, args: OnPremDomainApiArgs, partition: str,
                     principal_account: str | None) -> tuple[aws.apigateway.RestApi, aws.apigateway.Stage]:
        api_name = f"{name}-{api.name}"
        where = aws_context(self)
        routes = create_lambda_routes(
            api_name,
            parent=self,
            routes=args.parsed_routes(api),
            authorization=args.authorization,
            stage_name=args.stage.stage_name,
            settings=FunctionSettings(code_dir=args.code_dir, environment={"API_NAME": api.name}),
            tags=args.tags,
        )
        resource = account_apis_resource(partition, where.region, where.account_id)
        policy_json = self.endpoint.endpoint_id.apply(
            lambda endpoint_id: private_api_policy_json(vpc_endpoint_ids=[endpoint_id],
                                                        principal_account_id=principal_account,
                                                        partition=partition, resource=resource))
        body = routes.body(f"{pulumi.get_project()}-{pulumi.get_stack()}-{api_name}")
        rest_api = aws.apigateway.RestApi(
            f"{api_name}-api",
            description=f"Private API {api.name}, called on-premises as https://{api.domain_name}/",
            body=body,
            put_rest_api_mode="overwrite",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(
                types="PRIVATE", vpc_endpoint_ids=[self.endpoint.endpoint_id]),
            policy=policy_json,
            tags=merge_tags(args.tags, f"{api_name}-api"),
            opts=pulumi.ResourceOptions(parent=self, depends_on=routes.depends_on()),
        )
        routes.permit(rest_api)
        api_stage = create_deployment_and_stage(
            api_name,
            parent=self,
            rest_api=rest_api,
            settings=args.stage,
            redeploy_on={
                "policy": policy_json,
                "endpoint_configuration": {"types": "PRIVATE", "vpc_endpoint_ids": [self.endpoint.endpoint_id]},
                "body": body,
            },
            depends_on=routes.depends_on_permissions(),
            tags=dict(args.tags) if args.tags else None,
        )
        return rest_api, api_stage.stage

    def _domain(self, name: str, api: DomainApi, domain: str, args: OnPremDomainApiArgs,
                rest_api: aws.apigateway.RestApi, stage: aws.apigateway.Stage,
                certificate_arn: pulumi.Output[str], policy_json: pulumi.Output[str]) -> None:
        child = pulumi.ResourceOptions(parent=self)
        api_name = f"{name}-{api.name}"
        if args.mode == "nlb":
            domain_name = aws.apigateway.DomainName(
                f"{api_name}-domain",
                domain_name=domain,
                regional_certificate_arn=certificate_arn,
                endpoint_configuration=aws.apigateway.DomainNameEndpointConfigurationArgs(types="REGIONAL"),
                security_policy=DOMAIN_SECURITY_POLICY,
                tags=merge_tags(args.tags, f"{api_name}-domain"),
                opts=child,
            )
            mapping = aws.apigateway.BasePathMapping(
                f"{api_name}-mapping",
                domain_name=domain_name.domain_name,
                rest_api=rest_api.id,
                stage_name=stage.stage_name,
                opts=child,
            )
        else:
            # PRIVATE domains take certificate_arn; regional_certificate_arn is rejected (API Gateway Developer
            # Guide, "Custom domain names for private APIs in API Gateway"; aws/aws-cdk#32551).
            domain_name = aws.apigateway.DomainName(
                f"{api_name}-domain",
                domain_name=domain,
                certificate_arn=certificate_arn,
                endpoint_configuration=aws.apigateway.DomainNameEndpointConfigurationArgs(types="PRIVATE"),
                security_policy=DOMAIN_SECURITY_POLICY,
                policy=policy_json,
                tags=merge_tags(args.tags, f"{api_name}-domain"),
                opts=child,
            )
            aws.apigateway.DomainNameAccessAssociation(
                f"{api_name}-domain-access",
                access_association_source=self.endpoint.endpoint_id,
                access_association_source_type="VPCE",
                domain_name_arn=domain_name.arn,
                tags=merge_tags(args.tags, f"{api_name}-domain-access"),
                opts=child,
            )
            mapping = aws.apigateway.BasePathMapping(
                f"{api_name}-mapping",
                domain_name=domain_name.domain_name,
                domain_name_id=domain_name.domain_name_id,
                rest_api=rest_api.id,
                stage_name=stage.stage_name,
                opts=child,
            )
        self.domains.append(domain_name)
        self.base_path_mappings.append(mapping)

    # --- internal NLB -> endpoint interfaces (nlb mode) -----------------------------------------------

    def _endpoint_addresses(self, args: OnPremDomainApiArgs) -> list[pulumi.Output[str]]:
        """The private addresses of the endpoint's interfaces, in subnet order."""
        # One interface per subnet: the count is known in every preview, only the addresses are not.
        return [
            aws.ec2.get_network_interface_output(
                id=self.endpoint.network_interface_ids[index],
                opts=pulumi.InvokeOutputOptions(parent=self),
            ).private_ip
            for index in range(len(self.placement.private_subnet_ids))
        ]

    def _nlb(self, name: str, args: OnPremDomainApiArgs, certificate_arn: pulumi.Output[str],
             addresses: list[pulumi.Output[str]]) -> aws.lb.LoadBalancer:
        """The internal NLB: TLS:443 with the domains' certificate, to the endpoint's interface addresses."""
        child = pulumi.ResourceOptions(parent=self)
        assert self.nlb_security_group is not None
        nlb = aws.lb.LoadBalancer(
            f"{name}-nlb",
            load_balancer_type="network",
            internal=True,
            subnets=list(self.placement.private_subnet_ids),
            # An NLB created without security groups can never get one (ELB User Guide, "Security
            # groups for your Network Load Balancer").
            security_groups=[self.nlb_security_group.id],
            tags=merge_tags(args.tags, f"{name}-nlb"),
            opts=child,
        )
        target_group = aws.lb.TargetGroup(
            f"{name}-tg",
            vpc_id=self.placement.vpc_id,
            target_type="ip",
            protocol="TLS",
            port=HTTPS,
            deregistration_delay="30",
            # The endpoint answers no HTTP path without a Host it knows; a TCP handshake is the check
            # that works.
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True, protocol="TCP", port=str(HTTPS), interval=10, healthy_threshold=3,
                unhealthy_threshold=3),
            tags=merge_tags(args.tags, f"{name}-tg"),
            opts=child,
        )
        for index, address in enumerate(addresses, start=1):
            aws.lb.TargetGroupAttachment(
                f"{name}-tg-eni-{index}",
                target_group_arn=target_group.arn,
                target_id=address,
                port=HTTPS,
                opts=child,
            )
        aws.lb.Listener(
            f"{name}-listener",
            load_balancer_arn=nlb.arn,
            port=HTTPS,
            protocol="TLS",
            certificate_arn=certificate_arn,
            ssl_policy=NLB_SSL_POLICY,
            default_actions=[aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=target_group.arn)],
            tags=merge_tags(args.tags, f"{name}-listener"),
            opts=child,
        )
        return nlb

    # --- private hosted zone --------------------------------------------------------------------------

    def _private_zone(self, name: str, args: OnPremDomainApiArgs, domains: list[str]) -> aws.route53.Zone:
        """The zone of the names, in every VPC that resolves them, with an alias per domain."""
        child = pulumi.ResourceOptions(parent=self)
        zone_vpcs = [self.placement.vpc_id, *([self.onprem_network.vpc_id] if self.onprem_network else []),
                     *args.associated_vpc_ids]
        zone = aws.route53.Zone(
            f"{name}-zone",
            name=args.zone_name,
            comment=f"{name}: custom domain names of private APIs, resolvable only in the associated VPCs",
            vpcs=[aws.route53.ZoneVpcArgs(vpc_id=vpc) for vpc in zone_vpcs],
            tags=merge_tags(args.tags, f"{name}-zone"),
            opts=child,
        )
        for api, domain in zip(args.apis, domains, strict=True):
            aws.route53.Record(
                f"{name}-{api.name}-record",
                zone_id=zone.zone_id,
                name=domain,
                type="A",
                aliases=[self._alias_target()],
                opts=child,
            )
        return zone

    def _alias_target(self) -> aws.route53.RecordAliasArgs:
        if self.nlb is not None:
            return aws.route53.RecordAliasArgs(name=self.nlb.dns_name, zone_id=self.nlb.zone_id,
                                               evaluate_target_health=True)
        assert self.endpoint.endpoint is not None
        # The first entry is the endpoint's regional name, which spans every AZ.
        entry = self.endpoint.endpoint.dns_entries[0]
        return aws.route53.RecordAliasArgs(name=entry.dns_name, zone_id=entry.hosted_zone_id,
                                           evaluate_target_health=False)

    # --- simulated data centre ------------------------------------------------------------------------

    def _simulated_datacentre(self, name: str, args: OnPremDomainApiArgs) -> PrivateNetwork:
        child = pulumi.ResourceOptions(parent=self)
        tags = args.tags
        network = PrivateNetwork(f"{name}-onprem", PrivateNetworkArgs(
            vpc_cidr=args.simulation_cidr, az_count=2, egress="none",
            tags={**(tags or {}), "role": "simulated-onprem"}), child)
        peering = aws.ec2.VpcPeeringConnection(
            f"{name}-peering",
            vpc_id=self.placement.vpc_id,
            peer_vpc_id=network.vpc_id,
            auto_accept=True,
            tags=merge_tags(tags, f"{name}-peering"),
            opts=child,
        )
        aws.ec2.PeeringConnectionOptions(
            f"{name}-peering-dns",
            vpc_peering_connection_id=peering.id,
            requester=aws.ec2.PeeringConnectionOptionsRequesterArgs(allow_remote_vpc_dns_resolution=True),
            accepter=aws.ec2.PeeringConnectionOptionsAccepterArgs(allow_remote_vpc_dns_resolution=True),
            opts=child,
        )
        for index, route_table in enumerate(self.placement.private_route_table_ids, start=1):
            aws.ec2.Route(
                f"{name}-api-to-onprem-{index}",
                route_table_id=route_table,
                destination_cidr_block=args.simulation_cidr,
                vpc_peering_connection_id=peering.id,
                opts=child,
            )
        for index, route_table in enumerate(network.private_route_tables, start=1):
            aws.ec2.Route(
                f"{name}-onprem-to-api-{index}",
                route_table_id=route_table.id,
                destination_cidr_block=self.placement.vpc_cidr,
                vpc_peering_connection_id=peering.id,
                opts=child,
            )
        return network

    # --- the simulated client -------------------------------------------------------------------------

    def _client(self, name: str, args: OnPremDomainApiArgs, partition: str,
                stages: list[aws.apigateway.Stage]) -> aws.ec2.Instance:
        """The client in the simulated data centre: SSM only, allowed to invoke exactly the APIs' routes."""
        assert self.onprem_network is not None
        group = self._client_security_group(name, args)
        role = ssm_instance_role(f"{name}-client", description="Simulated on-premises client: SSM Session Manager "
                                 "and invoking the demo routes", partition=partition, tags=args.tags, parent=self)
        for api, rest_api, stage in zip(args.apis, self.rest_apis, stages, strict=True):
            grants = [(CLIENT_CALLER, r.method, r.path) for r in args.parsed_routes(api)]
            aws.iam.RolePolicy(
                f"{name}-client-invoke-{api.name}",
                role=role.id,
                policy=pulumi.Output.all(rest_api.execution_arn, stage.stage_name).apply(
                    lambda values, g=grants: invoke_policy_document(g, execution_arn=values[0], stage=values[1])),
                opts=pulumi.ResourceOptions(parent=self),
            )
        profile = instance_profile(f"{name}-client", role, tags=args.tags, parent=self)
        return hardened_instance(
            f"{name}-client",
            ami=al2023_ami_id(self),
            instance_type=args.client_instance_type,
            subnet_id=self.onprem_network.private_subnets[0].id,
            security_group_ids=[group.id],
            profile=profile,
            tags=args.tags,
            # A newer Amazon Linux must not replace the client on an unrelated update.
            ignore_ami_changes=True,
            parent=self,
        )

    def _client_security_group(self, name: str, args: OnPremDomainApiArgs) -> aws.ec2.SecurityGroup:
        """No inbound rule; HTTPS out to the API VPC and to the simulated data centre's SSM endpoints."""
        child = pulumi.ResourceOptions(parent=self)
        assert self.onprem_network is not None
        group = aws.ec2.SecurityGroup(
            f"{name}-client-sg",
            vpc_id=self.onprem_network.vpc_id,
            description="Simulated on-premises client: no inbound, HTTPS out to the APIs and SSM only",
            tags=merge_tags(args.tags, f"{name}-client-sg"),
            opts=child,
        )
        for role, cidr, description in (("api", self.placement.vpc_cidr, "HTTPS to the API VPC (NLB or endpoint)"),
                                        ("ssm", args.simulation_cidr, "HTTPS to the SSM endpoints")):
            tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-client-https-{role}",
                     security_group_id=group.id, port=HTTPS, description=description,
                     cidr_ipv4=cidr, tags=args.tags, parent=self)
        return group


def onprem_domain_outputs(api: OnPremDomainApi) -> dict[str, pulumi.Output[Any]]:
    """The topology's keys of the output contract (:class:`components.contract.OnPrem`)."""
    outputs = {
        OnPrem.MODE: api.mode,
        OnPrem.DOMAIN_NAMES: api.domain_names,
        OnPrem.API_URLS: api.api_urls,
        OnPrem.REST_API_IDS: api.rest_api_ids,
        OnPrem.STAGE_NAME: api.stage_name,
        OnPrem.AUTHORIZATION: api.authorization,
        OnPrem.ZONE_ID: api.zone_id,
        OnPrem.VPC_ENDPOINT_ID: api.vpc_endpoint_id,
        OnPrem.VPC_ENDPOINT_DNS_NAMES: api.endpoint.dns_names,
        OnPrem.ENI_ADDRESSES: api.eni_addresses,
        OnPrem.CERTIFICATE_ARN: api.certificate_arn,
    }
    if api.nlb is not None:
        outputs[OnPrem.NLB_DNS_NAME] = api.nlb_dns_name
    if api.onprem_network is not None:
        outputs[OnPrem.SIMULATION_VPC_ID] = api.onprem_vpc_id
    if api.client is not None:
        outputs[OnPrem.CLIENT_INSTANCE_ID] = api.client_instance_id
        outputs[OnPrem.OPERATOR_ACCESS] = api.operator_access
    if api.resolver is not None:
        outputs[OnPrem.RESOLVER_ADDRESSES] = api.resolver_addresses
    return outputs


TOPOLOGY = TopologySpec(name="onprem-domain", resource_name="onprem", args_class=OnPremDomainApiArgs,
                        component=OnPremDomainApi, outputs=onprem_domain_outputs)
