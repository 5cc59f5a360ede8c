"""BridgeHostApi: an app on EC2 in a private subnet, reachable only through API Gateway.

The path a request takes: REST API (AWS_IAM by default) -> VPC link -> internal NLB -> the app
instance in a private subnet. Nothing on that path accepts traffic from the internet: the NLB is
internal and its security group has no inbound rule at all (VPC-link traffic arrives through
PrivateLink, whose inbound-rule enforcement is switched off), and the app's security group
admits the app port from the NLB's security group only. Operators use SSM Session Manager; an
SSH bastion in a public subnet is opt-in and admits port 22 from an explicit CIDR allow-list.

The app ships in the instance's user data (apps/bridge_demo by default), so deploying it needs
neither SSH nor scp.
"""

from __future__ import annotations

import base64
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
from components.contract import Bridge
from components.errors import ConfigError
from components.managed_instance import (
    al2023_ami_id,
    hardened_instance,
    instance_profile,
    ssm_instance_role,
    ssm_session_command,
)
from components.network import NetworkPlacement
from components.resource_policy import (
    account_apis_resource,
    check_vpc_endpoint_id,
    network_principal_account,
    private_api_policy_json,
)
from components.security_rules import tcp_rule
from components.tags import merge_tags
from components.topology_spec import TopologySpec
from components.type_tokens import with_former_type

ENDPOINT_TYPES = ("REGIONAL", "PRIVATE")
BRIDGE_AUTHORIZATIONS = ("AWS_IAM", "COGNITO_USER_POOLS")
DEMO_APP_PATH = Path(__file__).resolve().parent.parent / "apps" / "bridge_demo" / "server.py"
VPC_LINK_TIMEOUT = "20m"
"""CreateVpcLink is asynchronous ("typically 2-4 minutes", API Gateway API Reference) and often takes over ten."""
_AMI_ID = re.compile(r"ami-(?:[0-9a-f]{8}|[0-9a-f]{17})", re.ASCII)
_KEY_PAIR_NAME = re.compile(r"[ -~]{1,255}", re.ASCII)
"""EC2 key pair names are up to 255 ASCII characters (EC2 API Reference, CreateKeyPair, KeyName)."""
_USER_POOL_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[a-z0-9-]+_[A-Za-z0-9]+",
                            re.ASCII)

@dataclass(frozen=True)
class BridgeHostApiArgs:
    """Arguments of :class:`BridgeHostApi`; validated on construction (a ConfigError names the argument).

    The network comes in ``placement``, usually ``PrivateNetwork.placement()``; the component checks it.
    """

    placement: NetworkPlacement | None = None
    """Where the NLB, the instances and their security groups go: private subnets in two or more AZs (the NLB
    spans them all, the app runs in the first), a public subnet for the SSH bastion, and whether the VPC has NAT
    egress (then instances may make HTTPS calls to the internet; otherwise to the VPC CIDR only). Required."""
    app_port: int = setting("bridgeAppPort", 8080)
    """Port the app listens on; the target group and health check use it. Default 8080."""
    listener_port: int = setting("bridgeListenerPort", 80)
    """TCP port of the NLB listener the VPC link calls. Default 80."""
    health_check_path: str = setting("bridgeHealthCheckPath", "/healthz")
    """HTTP path of the target group health check (on the app port). Default ``/healthz``."""
    nlb_deletion_protection: bool = setting("bridgeNlbDeletionProtection", False)
    """Refuse to delete the NLB (and so the VPC link's target) until switched off. Default False (dev stacks)."""
    instance_type: str = setting("bridgeInstanceType", "t3.micro")
    """EC2 instance type of the app (and the bastion); x86_64 for the default AMI. Default ``t3.micro``."""
    ami_id: str | None = setting("bridgeAmiId", None, kind="str")
    """AMI of the instances. Default: the newest Amazon Linux 2023 x86_64 AMI owned by Amazon."""
    app_user_data: str | None = None
    """User data that installs and starts the app. Default: apps/bridge_demo as a systemd service."""
    ssh_bastion: bool = setting("bridgeSshBastion", False)
    """Create the SSH bastion ("bridge" host) in a public subnet. Default False: SSM Session Manager only."""
    ssh_cidrs: Sequence[str] = setting("bridgeSshCidrs", ())
    """Networks allowed to reach the bastion on port 22; required with the bastion, world-open rejected."""
    ssh_key_name: str | None = setting("bridgeSshKeyName", None, kind="str")
    """EC2 key pair for the bastion and the app instance. Default none (EC2 Instance Connect still works)."""
    endpoint_type: str = setting("bridgeEndpointType", "REGIONAL")
    """``REGIONAL`` (default, every method IAM-authorised) or ``PRIVATE`` (through execute-api VPC endpoints)."""
    execute_api_vpc_endpoint_ids: Sequence[pulumi.Input[str]] = setting("bridgeExecuteApiVpcEndpointIds", ())
    """execute-api interface endpoints of a PRIVATE API; the resource policy admits only them."""
    authorization: str = setting("bridgeAuthorization", "AWS_IAM")
    """Method authorization: ``AWS_IAM`` (default, SigV4) or ``COGNITO_USER_POOLS`` (JWT from a user pool)."""
    cognito_user_pool_arns: Sequence[pulumi.Input[str]] = setting("bridgeCognitoUserPoolArns", ())
    """User pools of the Cognito authorizer; required with ``COGNITO_USER_POOLS``."""
    stage: StageSettings = section(StageSettings, "bridge")
    """Stage name, throttling, access-log retention, tracing. Default :class:`StageSettings` defaults."""
    tags: Mapping[str, str] | None = None
    """Tags for every taggable child. Default none."""

    def __post_init__(self) -> None:
        validation.check_port(self.app_port, "app_port")
        validation.check_port(self.listener_port, "listener_port")
        if not isinstance(self.health_check_path, str) or not self.health_check_path.startswith("/"):
            raise ConfigError("health_check_path", f"{self.health_check_path!r} is not an absolute URL path",
                              "set 'health_check_path' to a path starting with /, e.g. /healthz")
        validation.check_instance_type(self.instance_type, "instance_type")
        if self.ami_id is not None and not _AMI_ID.fullmatch(str(self.ami_id)):
            raise ConfigError("ami_id", f"'{self.ami_id}' is not an AMI id", "set 'ami_id' to an id such as "
                              "ami-0123456789abcdef0, or remove it to use the newest Amazon Linux 2023")
        self._check_operator_access()
        self._check_endpoint_type()
        self._check_authorization()

    def _check_operator_access(self) -> None:
        validation.parse_restricted_cidrs(self.ssh_cidrs, "ssh_cidrs")
        if self.ssh_bastion and not self.ssh_cidrs:
            raise ConfigError("ssh_cidrs", "the SSH bastion is enabled but no network is allowed to reach it",
                              "list the operator networks in 'ssh_cidrs', e.g. [203.0.113.0/24], or set "
                              "'ssh_bastion' to false and use SSM Session Manager")
        if not self.ssh_bastion and self.ssh_cidrs:
            raise ConfigError("ssh_cidrs", "SSH CIDRs are listed but the SSH bastion is disabled",
                              "set 'ssh_bastion' to true, or remove 'ssh_cidrs'")
        if not self.ssh_bastion and self.ssh_key_name:
            raise ConfigError("ssh_key_name", "an SSH key pair is set but the SSH bastion is disabled",
                              "set 'ssh_bastion' to true, or remove 'ssh_key_name'")
        if self.ssh_key_name is not None and not _KEY_PAIR_NAME.fullmatch(str(self.ssh_key_name)):
            raise ConfigError("ssh_key_name", f"'{self.ssh_key_name}' is not an EC2 key pair name",
                              "set 'ssh_key_name' to the name of an existing key pair (up to 255 ASCII characters)")

    def _check_endpoint_type(self) -> None:
        validation.check_choice(self.endpoint_type, "endpoint_type", ENDPOINT_TYPES)
        if self.endpoint_type == "PRIVATE" and not self.execute_api_vpc_endpoint_ids:
            raise ConfigError("execute_api_vpc_endpoint_ids", "a PRIVATE API needs the execute-api VPC endpoint "
                              "its clients come through", "list the endpoint ids in 'execute_api_vpc_endpoint_ids', "
                              "or set 'endpoint_type' to REGIONAL")
        if self.endpoint_type != "PRIVATE" and self.execute_api_vpc_endpoint_ids:
            raise ConfigError("execute_api_vpc_endpoint_ids", "VPC endpoint ids apply only to a PRIVATE API",
                              "set 'endpoint_type' to PRIVATE, or remove 'execute_api_vpc_endpoint_ids'")
        for endpoint_id in self.execute_api_vpc_endpoint_ids:
            # Plain values come from config and must be ids; Outputs (an endpoint created alongside) are checked by AWS.
            if not isinstance(endpoint_id, pulumi.Output):
                check_vpc_endpoint_id(endpoint_id, "execute_api_vpc_endpoint_ids")

    def _check_authorization(self) -> None:
        validation.check_choice(self.authorization, "authorization", BRIDGE_AUTHORIZATIONS)
        if self.authorization == "COGNITO_USER_POOLS" and not self.cognito_user_pool_arns:
            raise ConfigError("cognito_user_pool_arns", "Cognito authorization needs at least one user pool",
                              "list the user pool ARNs in 'cognito_user_pool_arns', or set 'authorization' to "
                              "AWS_IAM")
        if self.authorization != "COGNITO_USER_POOLS" and self.cognito_user_pool_arns:
            raise ConfigError("cognito_user_pool_arns", "user pools are listed but authorization is not "
                              "COGNITO_USER_POOLS", "set 'authorization' to COGNITO_USER_POOLS, or remove "
                              "'cognito_user_pool_arns'")
        for pool_arn in self.cognito_user_pool_arns:
            if not isinstance(pool_arn, pulumi.Output) and not (isinstance(pool_arn, str)
                                                                 and _USER_POOL_ARN.fullmatch(pool_arn)):
                raise ConfigError("cognito_user_pool_arns", f"{pool_arn!r} is not a Cognito user pool ARN",
                                  "list ARNs such as arn:aws:cognito-idp:eu-west-1:123456789012:userpool/"
                                  "eu-west-1_AbCdEfGhI in 'cognito_user_pool_arns'")


def checked_placement(args: BridgeHostApiArgs) -> NetworkPlacement:
    """The placement the component builds in: given, two or more private subnets, a public one for the bastion."""
    placement = args.placement
    if placement is None:
        raise ConfigError("placement", "no network is given", "pass placement=network.placement() of a "
                          "PrivateNetwork, or a NetworkPlacement of your own VPC")
    subnets = placement.private_subnet_ids
    if isinstance(subnets, (str, pulumi.Output)) or not isinstance(subnets, Sequence):
        raise ConfigError("placement.private_subnet_ids", "expected a list of subnet ids, one per AZ",
                          "pass one private subnet id per AZ, for two or more AZs")
    if len(subnets) < 2:
        raise ConfigError("placement.private_subnet_ids", f"{len(subnets)} private subnet(s) given: the internal "
                          "NLB needs subnets in at least two availability zones",
                          "pass one private subnet id per AZ, for two or more AZs")
    validation.parse_cidr(placement.vpc_cidr, "placement.vpc_cidr")
    if args.ssh_bastion and not placement.public_subnet_ids:
        raise ConfigError("placement.public_subnet_ids", "the SSH bastion needs a public subnet and none is given",
                          "create the network with public_subnets=True and pass its placement")
    return placement


def integration_uri(nlb_dns_name: str, listener_port: int, proxy: bool) -> str:
    """The VPC-link integration URI; the host only sets the Host header, the link decides where traffic goes."""
    return f"http://{nlb_dns_name}:{listener_port}/{{proxy}}" if proxy else f"http://{nlb_dns_name}:{listener_port}/"


def render_user_data(app_source: str, app_port: int) -> str:
    """A cloud-init shell script installing ``app_source`` as a hardened systemd service on ``app_port``.

    The source travels base64-encoded, so no character in it can end the heredoc early.
    """
    encoded = base64.b64encode(app_source.encode()).decode()
    wrapped = "\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))
    # Ports below 1024 need the one capability; above it the service runs with none.
    capability = "AmbientCapabilities=CAP_NET_BIND_SERVICE\n" if app_port < 1024 else ""
    return f"""#!/bin/bash
set -euo pipefail
install -d -m 0755 /opt/bridge-demo
base64 -d > /opt/bridge-demo/server.py <<'APP'
{wrapped}
APP
cat > /etc/systemd/system/bridge-demo.service <<'UNIT'
[Unit]
Description=bridge-demo HTTP service
After=network-online.target
Wants=network-online.target

[Service]
Environment=PORT={app_port}
ExecStart=/usr/bin/python3 /opt/bridge-demo/server.py
DynamicUser=yes
{capability}NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now bridge-demo.service
"""


def demo_user_data(app_port: int) -> str:
    """User data for the bundled demo service (apps/bridge_demo/server.py)."""
    return render_user_data(DEMO_APP_PATH.read_text(), app_port)


class BridgeHostApi(pulumi.ComponentResource):
    """REST API -> VPC link -> internal NLB -> app instance in a private subnet.

    Default settings:

    * app instance: private subnet, ``associate_public_ip_address=False``, IMDSv2 required (hop limit 1),
      encrypted gp3 root volume, an instance profile with AmazonSSMManagedInstanceCore only, the demo
      app in user data (a change replaces the instance); AMI changes are ignored once launched;
    * security groups: the NLB's has no inbound rule and reaches the app port only; the app's admits
      the app port from the NLB's group only (plus port 22 from the bastion's, when there is one);
      HTTPS egress to the VPC CIDR (the SSM endpoints) unless ``internet_egress``;
    * operator access: SSM Session Manager (``operator_access``); no SSH unless ``ssh_bastion``;
    * internal NLB across every private subnet, cross-zone on (the single target lives in one AZ),
      TCP target group with an HTTP health check, TCP listener;
    * REST API, REGIONAL, ``ANY /`` and ``ANY /{proxy+}`` with ``AWS_IAM``, ``HTTP_PROXY`` over the
      VPC link; PRIVATE adds a resource policy admitting only the given execute-api endpoints;
    * a deployment redeployed whenever a method, integration, authorizer, the policy or the endpoint
      configuration changes, and a stage with JSON access logs and throttling.
    """

    TYPE = "private-apis:bridge_host:BridgeHostApi"
    """The type token (see components/type_tokens.py)."""

    api_id: pulumi.Output[str]
    """Id of the REST API."""
    stage_name: pulumi.Output[str]
    """Name of the stage."""
    invoke_url: pulumi.Output[str]
    """Invoke URL of the stage (needs SigV4 with AWS_IAM; resolvable only inside the VPC when PRIVATE)."""
    execution_arn: pulumi.Output[str]
    """Execution ARN of the API (no stage), the base of ``execute-api:Invoke`` grants."""
    stage_execution_arn: pulumi.Output[str]
    """Execution ARN of the stage."""
    authorization: pulumi.Output[str]
    """Method authorization of every route (``AWS_IAM`` or ``COGNITO_USER_POOLS``)."""
    endpoint_type: pulumi.Output[str]
    """``REGIONAL`` or ``PRIVATE``."""
    nlb_dns_name: pulumi.Output[str]
    """DNS name of the internal NLB (resolves to private addresses only)."""
    vpc_link_id: pulumi.Output[str]
    """Id of the VPC link."""
    instance_id: pulumi.Output[str]
    """Id of the app instance."""
    vpc_id: pulumi.Output[str]
    """Id of the VPC."""
    subnet_ids: pulumi.Output[list[str]]
    """Private subnets of the NLB."""
    instance_subnet_id: pulumi.Output[str]
    """Private subnet of the app instance."""
    bastion_instance_id: pulumi.Output[str | None]
    """Id of the SSH bastion, or None without one."""
    operator_access: pulumi.Output[str]
    """The SSM Session Manager command that opens a shell on the app instance."""

    def __init__(self, name: str, args: BridgeHostApiArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.placement = checked_placement(args)
        super().__init__(self.TYPE, name, None, with_former_type(self.TYPE, opts))
        where = aws_context(self)
        region, partition = where.region, where.partition
        https_egress = "0.0.0.0/0" if self.placement.internet_egress else self.placement.vpc_cidr

        self._security_groups(name, args, https_egress)
        profile = self._instance_profile(name, args, partition)
        # A looked-up AMI changes with every Amazon Linux release; replacing the instances on an unrelated
        # `up` would be a surprise, so they keep the launched AMI (ignore_ami_changes) until ami_id pins one.
        ami_id: pulumi.Input[str] = args.ami_id or al2023_ami_id(self)
        self.bastion: aws.ec2.Instance | None = None
        if args.ssh_bastion:
            self.bastion = self._bastion(name, args, profile, ami_id, https_egress)
        self.instance = self._app_instance(name, args, profile, ami_id)
        listener = self._load_balancer(name, args)
        self.vpc_link = self._vpc_link(name, args, listener)
        policy = self._private_api_policy(args, partition, region)
        self.rest_api = self._rest_api(name, args, policy)
        route_resources, route_inputs = self._routes(name, args)
        self.stage = self._deployment_and_stage(name, args, policy, route_resources, route_inputs)

        self.api_id = self.rest_api.id
        self.stage_name = self.stage.stage_name
        self.invoke_url = self.stage.invoke_url
        self.execution_arn = self.rest_api.execution_arn
        self.stage_execution_arn = self.stage.execution_arn
        self.authorization = pulumi.Output.from_input(args.authorization)
        self.endpoint_type = pulumi.Output.from_input(args.endpoint_type)
        self.nlb_dns_name = self.nlb.dns_name
        self.vpc_link_id = self.vpc_link.id
        self.instance_id = self.instance.id
        self.vpc_id = pulumi.Output.from_input(self.placement.vpc_id)
        self.subnet_ids = pulumi.Output.all(*self.placement.private_subnet_ids)
        self.instance_subnet_id = pulumi.Output.from_input(self.placement.private_subnet_ids[0])
        self.bastion_instance_id = self.bastion.id if self.bastion else pulumi.Output.from_input(None)
        self.operator_access = self.instance.id.apply(lambda instance_id: ssm_session_command(instance_id, region))
        # Registered outputs are what `pulumi stack` shows for the component and what a
        # multi-language consumer would read.
        self.register_outputs({
            "api_id": self.api_id,
            "stage_name": self.stage_name,
            "invoke_url": self.invoke_url,
            "execution_arn": self.execution_arn,
            "stage_execution_arn": self.stage_execution_arn,
            "authorization": self.authorization,
            "endpoint_type": self.endpoint_type,
            "nlb_dns_name": self.nlb_dns_name,
            "vpc_link_id": self.vpc_link_id,
            "instance_id": self.instance_id,
            "vpc_id": self.vpc_id,
            "subnet_ids": self.subnet_ids,
            "instance_subnet_id": self.instance_subnet_id,
            "bastion_instance_id": self.bastion_instance_id,
            "operator_access": self.operator_access,
        })

    # --- security groups ------------------------------------------------------------------------------

    def _security_groups(self, name: str, args: BridgeHostApiArgs, https_egress: pulumi.Input[str]) -> None:
        """The NLB's group (no inbound rule) and the app's (the app port from the NLB's group only)."""
        child = pulumi.ResourceOptions(parent=self)
        tags = args.tags
        self.nlb_security_group = aws.ec2.SecurityGroup(
            f"{name}-nlb-sg",
            vpc_id=self.placement.vpc_id,
            description="Internal NLB: reached only through the API Gateway VPC link, no inbound rule",
            tags=merge_tags(tags, f"{name}-nlb-sg"),
            opts=child,
        )
        self.app_security_group = aws.ec2.SecurityGroup(
            f"{name}-app-sg",
            vpc_id=self.placement.vpc_id,
            description="App instance: app port from the NLB only",
            tags=merge_tags(tags, f"{name}-app-sg"),
            opts=child,
        )
        tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-app-from-nlb",
                 security_group_id=self.app_security_group.id, port=args.app_port,
                 description="App port (traffic and health checks) from the NLB",
                 referenced_security_group_id=self.nlb_security_group.id, tags=tags, parent=self)
        tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-nlb-to-app",
                 security_group_id=self.nlb_security_group.id, port=args.app_port,
                 description="App port to the app instance",
                 referenced_security_group_id=self.app_security_group.id, tags=tags, parent=self)
        tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-app-https-out",
                 security_group_id=self.app_security_group.id, port=443,
                 description="HTTPS to the SSM and CloudWatch Logs endpoints" if not self.placement.internet_egress
                 else "HTTPS to the internet through NAT",
                 cidr_ipv4=https_egress, tags=tags, parent=self)

    # --- operator access and the instances ------------------------------------------------------------

    def _instance_profile(self, name: str, args: BridgeHostApiArgs, partition: str) -> aws.iam.InstanceProfile:
        """The profile of both instances: SSM Session Manager and nothing else."""
        role = ssm_instance_role(f"{name}-instance", description="Bridge host instances: SSM Session Manager and "
                                 "nothing else", partition=partition, tags=args.tags, parent=self)
        return instance_profile(f"{name}-instance", role, tags=args.tags, parent=self)

    def _bastion(self, name: str, args: BridgeHostApiArgs, profile: aws.iam.InstanceProfile,
                 ami_id: pulumi.Input[str], https_egress: pulumi.Input[str]) -> aws.ec2.Instance:
        """The opt-in SSH bastion in a public subnet: port 22 from the allow-list, and to the app only."""
        tags = args.tags
        bastion_sg = aws.ec2.SecurityGroup(
            f"{name}-bastion-sg",
            vpc_id=self.placement.vpc_id,
            description="SSH bastion: port 22 from the operator allow-list only",
            tags=merge_tags(tags, f"{name}-bastion-sg"),
            opts=pulumi.ResourceOptions(parent=self),
        )
        for index, network in enumerate(validation.parse_restricted_cidrs(args.ssh_cidrs, "ssh_cidrs"), start=1):
            tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-bastion-ssh-{index}",
                     security_group_id=bastion_sg.id, port=22, description=f"SSH from operator network {network}",
                     cidr_ipv4=str(network) if network.version == 4 else None,
                     cidr_ipv6=str(network) if network.version == 6 else None, tags=tags, parent=self)
        tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-bastion-ssh-to-app",
                 security_group_id=bastion_sg.id, port=22, description="SSH to the app instance",
                 referenced_security_group_id=self.app_security_group.id, tags=tags, parent=self)
        tcp_rule(aws.vpc.SecurityGroupEgressRule, f"{name}-bastion-https-out",
                 security_group_id=bastion_sg.id, port=443,
                 description="HTTPS to the SSM endpoints (or the internet with NAT egress)",
                 cidr_ipv4=https_egress, tags=tags, parent=self)
        tcp_rule(aws.vpc.SecurityGroupIngressRule, f"{name}-app-ssh-from-bastion",
                 security_group_id=self.app_security_group.id, port=22, description="SSH from the bastion only",
                 referenced_security_group_id=bastion_sg.id, tags=tags, parent=self)
        return hardened_instance(
            f"{name}-bastion",
            ami=ami_id,
            instance_type=args.instance_type,
            subnet_id=self.placement.public_subnet_ids[0],
            security_group_ids=[bastion_sg.id],
            # The one instance that gets a public address: the subnets never hand one out.
            associate_public_ip_address=True,
            profile=profile,
            key_name=args.ssh_key_name,
            tags=tags,
            extra_tags={"role": "ssh-bastion"},
            ignore_ami_changes=not args.ami_id,
            parent=self,
        )

    def _app_instance(self, name: str, args: BridgeHostApiArgs, profile: aws.iam.InstanceProfile,
                      ami_id: pulumi.Input[str]) -> aws.ec2.Instance:
        """The app, in the first private subnet, installed and started by its user data."""
        return hardened_instance(
            f"{name}-app",
            ami=ami_id,
            instance_type=args.instance_type,
            subnet_id=self.placement.private_subnet_ids[0],
            security_group_ids=[self.app_security_group.id],
            profile=profile,
            key_name=args.ssh_key_name,
            user_data=args.app_user_data if args.app_user_data is not None else demo_user_data(args.app_port),
            # User data runs only at first boot: a new app version needs a new instance.
            user_data_replace_on_change=True,
            tags=args.tags,
            ignore_ami_changes=not args.ami_id,
            parent=self,
        )

    # --- internal NLB and VPC link --------------------------------------------------------------------

    def _load_balancer(self, name: str, args: BridgeHostApiArgs) -> aws.lb.Listener:
        """The internal NLB forwarding its TCP listener to the app instance; returns the listener."""
        child = pulumi.ResourceOptions(parent=self)
        tags = args.tags
        self.nlb = aws.lb.LoadBalancer(
            f"{name}-nlb",
            load_balancer_type="network",
            internal=True,
            subnets=list(self.placement.private_subnet_ids),
            # An NLB created without security groups can never get one (ELB User Guide, "Security
            # groups for your Network Load Balancer").
            security_groups=[self.nlb_security_group.id],
            # VPC-link traffic arrives over PrivateLink; with enforcement on, it would be dropped
            # unless an inbound rule admitted it, and no inbound rule is exactly what we want.
            enforce_security_group_inbound_rules_on_private_link_traffic="off",
            # The one target lives in one AZ; without cross-zone, NLB nodes in other AZs have no target.
            enable_cross_zone_load_balancing=True,
            enable_deletion_protection=args.nlb_deletion_protection,
            tags=merge_tags(tags, f"{name}-nlb"),
            opts=child,
        )
        target_group = aws.lb.TargetGroup(
            f"{name}-tg",
            vpc_id=self.placement.vpc_id,
            target_type="instance",
            protocol="TCP",
            port=args.app_port,
            deregistration_delay="30",
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True, protocol="HTTP", port="traffic-port", path=args.health_check_path,
                matcher="200-399", interval=10, timeout=5, healthy_threshold=3, unhealthy_threshold=3),
            tags=merge_tags(tags, f"{name}-tg"),
            opts=child,
        )
        aws.lb.TargetGroupAttachment(
            f"{name}-tg-app",
            target_group_arn=target_group.arn,
            target_id=self.instance.id,
            port=args.app_port,
            opts=child,
        )
        return aws.lb.Listener(
            f"{name}-listener",
            load_balancer_arn=self.nlb.arn,
            port=args.listener_port,
            protocol="TCP",
            default_actions=[aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=target_group.arn)],
            tags=merge_tags(tags, f"{name}-listener"),
            opts=child,
        )

    def _vpc_link(self, name: str, args: BridgeHostApiArgs, listener: aws.lb.Listener) -> aws.apigateway.VpcLink:
        return aws.apigateway.VpcLink(
            f"{name}-vpc-link",
            target_arn=self.nlb.arn,
            description=f"{name}: API Gateway to the internal NLB",
            tags=merge_tags(args.tags, f"{name}-vpc-link"),
            # The link goes AVAILABLE only once the NLB is active and listening.
            opts=pulumi.ResourceOptions(
                parent=self, depends_on=[listener],
                custom_timeouts=pulumi.CustomTimeouts(
                    create=VPC_LINK_TIMEOUT, update=VPC_LINK_TIMEOUT, delete=VPC_LINK_TIMEOUT)),
        )

    # --- the REST API, its routes and stage -----------------------------------------------------------

    def _private_api_policy(self, args: BridgeHostApiArgs, partition: str, region: str) -> pulumi.Output[str] | None:
        """A PRIVATE API's resource policy: invoke only through the given execute-api endpoints."""
        if args.endpoint_type != "PRIVATE":
            return None
        account_id = aws_context(self).account_id
        # Cognito callers carry a token, not an IAM identity, so the endpoints alone admit them; IAM
        # callers must also be granted execute-api:Invoke by an identity policy in this account.
        principal_account = network_principal_account(args.authorization, account_id)
        # Inline on the RestApi, whose id does not exist yet: the account-scoped ARN, stored as written (the
        # execute-api:/* shorthand reads back expanded and shows a diff on every up,
        # hashicorp/terraform-provider-aws#5549). Attached to this API, it applies to this API only.
        resource = account_apis_resource(partition, region, account_id, key="execute_api_vpc_endpoint_ids")
        return pulumi.Output.all(*args.execute_api_vpc_endpoint_ids).apply(
            lambda ids: private_api_policy_json(vpc_endpoint_ids=ids, principal_account_id=principal_account,
                                                partition=partition, resource=resource,
                                                key="execute_api_vpc_endpoint_ids"))

    def _rest_api(self, name: str, args: BridgeHostApiArgs,
                  policy: pulumi.Output[str] | None) -> aws.apigateway.RestApi:
        return aws.apigateway.RestApi(
            f"{name}-api",
            description=f"{name}: the app behind the internal NLB, through a VPC link",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(
                types=args.endpoint_type,
                vpc_endpoint_ids=list(args.execute_api_vpc_endpoint_ids) or None,
            ),
            # Inline: a PRIVATE API cannot be deployed without a resource policy (API Gateway
            # Developer Guide, "Create and attach an API Gateway resource policy to an API").
            policy=policy,
            tags=merge_tags(args.tags, f"{name}-api"),
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _routes(self, name: str, args: BridgeHostApiArgs) -> tuple[list[pulumi.Resource], dict[str, Any]]:
        """``ANY /`` and ``ANY /{proxy+}`` over the VPC link, with the Cognito authorizer when chosen.

        Returns what the deployment waits for, and what it hashes: the inputs of every authorizer,
        method and integration (plus their ids), not their outputs, because a preview knows the
        inputs of a changed resource, never its outputs.
        """
        authorizer: aws.apigateway.Authorizer | None = None
        authorizer_spec: dict[str, Any] | None = None
        if args.authorization == "COGNITO_USER_POOLS":
            authorizer_spec = {
                "type": "COGNITO_USER_POOLS",
                "provider_arns": list(args.cognito_user_pool_arns),
                "identity_source": "method.request.header.Authorization",
            }
            authorizer = aws.apigateway.Authorizer(f"{name}-cognito", rest_api=self.rest_api.id, **authorizer_spec,
                                                   opts=pulumi.ResourceOptions(parent=self))
            authorizer_spec = {"id": authorizer.id, **authorizer_spec}
        proxy_resource = aws.apigateway.Resource(
            f"{name}-proxy",
            rest_api=self.rest_api.id,
            parent_id=self.rest_api.root_resource_id,
            path_part="{proxy+}",
            opts=pulumi.ResourceOptions(parent=self),
        )
        methods: list[aws.apigateway.Method] = []
        integrations: list[aws.apigateway.Integration] = []
        method_specs: list[dict[str, Any]] = []
        integration_specs: list[dict[str, Any]] = []
        for role_name, resource_id, proxy in (("root", self.rest_api.root_resource_id, False),
                                              ("proxy", proxy_resource.id, True)):
            method, method_spec, integration, integration_spec = self._proxy_route(
                name, args, role_name, resource_id, proxy, authorizer)
            methods.append(method)
            integrations.append(integration)
            method_specs.append({"id": method.id, **method_spec})
            integration_specs.append({"id": integration.id, "http_method": "ANY", **integration_spec})
        return ([*methods, *integrations, *([authorizer] if authorizer else [])],
                {"authorizer": authorizer_spec, "methods": method_specs, "integrations": integration_specs})

    def _proxy_route(
        self, name: str, args: BridgeHostApiArgs, role_name: str, resource_id: pulumi.Input[str], proxy: bool,
        authorizer: aws.apigateway.Authorizer | None,
    ) -> tuple[aws.apigateway.Method, dict[str, Any], aws.apigateway.Integration, dict[str, Any]]:
        """``ANY`` on one resource and its HTTP_PROXY integration, each with the spec it was built from."""
        child = pulumi.ResourceOptions(parent=self)
        method_spec: dict[str, Any] = {
            "resource_id": resource_id,
            "http_method": "ANY",
            "authorization": args.authorization,
            "authorizer_id": authorizer.id if authorizer else None,
            "request_parameters": {"method.request.path.proxy": True} if proxy else None,
        }
        method = aws.apigateway.Method(f"{name}-{role_name}-any", rest_api=self.rest_api.id, **method_spec,
                                       opts=child)
        integration_spec: dict[str, Any] = {
            "resource_id": resource_id,
            "type": "HTTP_PROXY",
            "integration_http_method": "ANY",
            "connection_type": "VPC_LINK",
            "connection_id": self.vpc_link.id,
            "uri": self.nlb.dns_name.apply(lambda dns: integration_uri(dns, args.listener_port, proxy)),
            "request_parameters": {"integration.request.path.proxy": "method.request.path.proxy"} if proxy
            else None,
            "timeout_milliseconds": 29000,
        }
        integration = aws.apigateway.Integration(
            f"{name}-{role_name}-integration",
            rest_api=self.rest_api.id,
            http_method=method.http_method,
            **integration_spec,
            opts=child,
        )
        return method, method_spec, integration, integration_spec

    def _deployment_and_stage(self, name: str, args: BridgeHostApiArgs, policy: pulumi.Output[str] | None,
                              route_resources: list[pulumi.Resource],
                              route_inputs: dict[str, Any]) -> aws.apigateway.Stage:
        """A deployment redeployed when the routes, the policy or the endpoint change, and its stage."""
        redeploy_on = {
            "endpoint": {"types": args.endpoint_type, "vpc_endpoint_ids": list(args.execute_api_vpc_endpoint_ids)},
            "policy": policy,
            **route_inputs,
        }
        return create_deployment_and_stage(
            name,
            parent=self,
            rest_api=self.rest_api,
            settings=args.stage,
            redeploy_on=redeploy_on,
            depends_on=route_resources,
            tags=args.tags,
        ).stage


def bridge_host_outputs(api: BridgeHostApi) -> dict[str, pulumi.Output[Any]]:
    """The topology's keys of the output contract (:class:`components.contract.Bridge`)."""
    outputs = {
        Bridge.API_ID: api.api_id,
        Bridge.STAGE_NAME: api.stage_name,
        Bridge.INVOKE_URL: api.invoke_url,
        Bridge.EXECUTION_ARN: api.execution_arn,
        Bridge.AUTHORIZATION: api.authorization,
        Bridge.ENDPOINT_TYPE: api.endpoint_type,
        Bridge.NLB_DNS_NAME: api.nlb_dns_name,
        Bridge.VPC_LINK_ID: api.vpc_link_id,
        Bridge.INSTANCE_ID: api.instance_id,
        Bridge.INSTANCE_SUBNET_ID: api.instance_subnet_id,
        Bridge.OPERATOR_ACCESS: api.operator_access,
    }
    if api.bastion is not None:
        outputs[Bridge.BASTION_INSTANCE_ID] = api.bastion_instance_id
    return outputs


TOPOLOGY = TopologySpec(name="bridge-host", resource_name="bridge", args_class=BridgeHostApiArgs,
                        component=BridgeHostApi, outputs=bridge_host_outputs,
                        public_subnets=lambda args: args.ssh_bastion)
