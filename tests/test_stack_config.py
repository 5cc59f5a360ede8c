"""Stack config loading: each section's values, args and every error naming the config key.

Sections are tested with ``topologies`` narrowed to the topology under test, so one section's
required keys never leak into another's tests.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.api_stage import StageSettings
from components.errors import ConfigError
from components.iam_internal import DEFAULT_ROUTES as IAM_DEFAULT_ROUTES
from components.iam_internal import IamInternalApiArgs
from components.network import PrivateNetwork
from components.stack_config import StackSettings, load_stack_config
from private_apis.engine.recorder import program_from_directory
from private_apis.testing import run_program

PROJECT_DIR = Path(__file__).resolve().parent.parent


def load(**config: object) -> StackSettings:
    """load_stack_config() under the given project config (bare key names)."""
    holder: dict[str, StackSettings] = {}
    run_program(lambda: holder.update(settings=load_stack_config()),
                config={f"private-apis:{name}": value for name, value in config.items()})
    return holder["settings"]


def load_error(**config: object) -> str:
    with pytest.raises(ConfigError) as caught:
        load(**config)
    return str(caught.value)


# --- network + bridge-host -------------------------------------------------------------------------------------

BRIDGE = {"topologies": ["bridge-host"]}
BASTION = {**BRIDGE, "bridgeSshBastion": True}


def test_bridge_host_defaults():
    settings = load(**BRIDGE)
    bridge = settings.args.get("bridge-host")
    assert bridge is not None
    assert (bridge.app_port, bridge.listener_port, bridge.health_check_path, bridge.instance_type) == \
        (8080, 80, "/healthz", "t3.micro")
    assert (bridge.ami_id, bridge.ssh_bastion, bridge.ssh_cidrs, bridge.ssh_key_name) == (None, False, (), None)
    assert (bridge.endpoint_type, bridge.execute_api_vpc_endpoint_ids) == ("REGIONAL", ())
    assert (bridge.authorization, bridge.cognito_user_pool_arns) == ("AWS_IAM", ())
    assert (bridge.stage.stage_name, bridge.stage.throttling_burst_limit, bridge.stage.throttling_rate_limit,
            bridge.stage.access_log_retention_days, bridge.stage.xray_tracing) == ("v1", 100, 50.0, 90, False)
    assert settings.network is not None and not settings.network.public_subnets


def test_bridge_host_section_only_when_deployed():
    assert load(topologies=["iam-internal"]).args.get("bridge-host") is None


def test_network_args_from_config():
    args = load(**BRIDGE, vpcCidr="10.50.0.0/20", azCount=3, flowLogRetentionDays=30).network
    assert (args.vpc_cidr, args.az_count, args.egress, args.nat_gateways, args.public_subnets,
            args.flow_log_retention_days) == ("10.50.0.0/20", 3, "none", "single", False, 30)
    assert args.subnet_plan().private == ("10.50.0.0/24", "10.50.1.0/24", "10.50.2.0/24")


def test_bastion_and_nat_imply_public_subnets():
    assert load(**BASTION, bridgeSshCidrs=["203.0.113.0/24"]).network.public_subnets is True
    assert load(**BRIDGE, egress="nat").network.has_public_subnets is True


def test_explicit_subnet_cidrs():
    args = load(**BRIDGE, privateSubnetCidrs=["10.40.1.0/24", "10.40.2.0/24"]).network
    assert args.subnet_plan().private == ("10.40.1.0/24", "10.40.2.0/24")


def test_bridge_host_args_from_config():
    holder: dict = {}

    def program() -> None:
        settings = load_stack_config()
        network = PrivateNetwork("network", settings.network)
        holder["args"] = dataclasses.replace(settings.args["bridge-host"], placement=network.placement())

    run_program(program, config={
        "private-apis:topologies": ["bridge-host"], "private-apis:egress": "nat",
        "private-apis:bridgeSshBastion": True, "private-apis:bridgeSshCidrs": ["203.0.113.0/24"],
        "private-apis:bridgeSshKeyName": "ops", "private-apis:bridgeAppPort": 9000,
        "private-apis:bridgeEndpointType": "PRIVATE",
        "private-apis:bridgeExecuteApiVpcEndpointIds": ["vpce-0123456789abcdef0"],
        "private-apis:bridgeStageName": "dev", "private-apis:bridgeXrayTracing": True,
        "private-apis:bridgeNlbDeletionProtection": True,
    })
    args = holder["args"]
    assert (args.app_port, args.ssh_bastion, tuple(args.ssh_cidrs), args.ssh_key_name) == \
        (9000, True, ("203.0.113.0/24",), "ops")
    assert (args.endpoint_type, tuple(args.execute_api_vpc_endpoint_ids)) == ("PRIVATE", ("vpce-0123456789abcdef0",))
    assert args.placement.internet_egress is True
    assert (args.stage.stage_name, args.stage.xray_tracing) == ("dev", True)
    assert args.nlb_deletion_protection is True
    assert len(args.placement.private_subnet_ids) == 2 and len(args.placement.public_subnet_ids) == 2


def test_main_wires_the_bridge_host_topology():
    graph = run_program(program_from_directory(str(PROJECT_DIR / "__main__.py")),
                        config={"private-apis:topologies": ["bridge-host"]})
    bridge = graph.one("private-apis:bridge_host:BridgeHostApi")
    assert bridge.name == "bridge"
    assert graph.one("private-apis:network:PrivateNetwork").name == "network"
    assert graph.outputs["bridge_operator_access"].startswith("aws ssm start-session --target i-")
    assert graph.one("aws:ec2/instance:Instance", "bridge-app").inputs["associatePublicIpAddress"] is False


@pytest.mark.parametrize(("config", "message"), [
    ({"vpcCidr": "10.40.0.0/33"},
     "Invalid configuration 'private-apis:vpcCidr': '10.40.0.0/33' is not a valid CIDR block: '10.40.0.0/33' does "
     "not appear to be an IPv4 or IPv6 network. Fix: set 'private-apis:vpcCidr' to a network address with a prefix "
     "length, e.g. 10.0.0.0/16"),
    ({"azCount": 1},
     "Invalid configuration 'private-apis:azCount': 1 availability zone(s) is too few: the internal NLB and the VPC "
     "endpoint need subnets in at least 2. Fix: set 'private-apis:azCount' to 2 or more"),
    ({"flowLogRetentionDays": 100},
     "Invalid configuration 'private-apis:flowLogRetentionDays': 100 is not a retention period CloudWatch Logs "
     "accepts. Fix: set 'private-apis:flowLogRetentionDays' to one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, "
     "365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
    ({"privateSubnetCidrs": ["10.40.0.0/20", "10.40.8.0/24"]},
     "Invalid configuration 'private-apis:privateSubnetCidrs': private subnet 1 10.40.0.0/20 overlaps private "
     "subnet 2 10.40.8.0/24. Fix: choose non-overlapping ranges in 'private-apis:privateSubnetCidrs'"),
    ({"privateSubnetCidrs": ["10.40.0.0/24", "10.41.0.0/24"]},
     "Invalid configuration 'private-apis:privateSubnetCidrs': 10.41.0.0/24 is not inside the VPC CIDR "
     "10.40.0.0/16. Fix: choose subnets of 10.40.0.0/16 in 'private-apis:privateSubnetCidrs'"),
    ({"egress": "nat", "publicSubnetCidrs": ["10.40.0.0/24", "10.40.200.0/24"]},
     "Invalid configuration 'private-apis:publicSubnetCidrs': private subnet 1 10.40.0.0/20 overlaps public subnet "
     "1 10.40.0.0/24. Fix: choose non-overlapping ranges in 'private-apis:publicSubnetCidrs'"),
    ({"publicSubnetCidrs": ["10.40.128.0/24", "10.40.129.0/24"]},
     "Invalid configuration 'private-apis:publicSubnetCidrs': public subnet CIDRs are given but no public subnets "
     "are created. Fix: remove 'private-apis:publicSubnetCidrs', or enable what needs public subnets (NAT "
     "egress or the SSH bastion)"),
    ({"bridgeAppPort": 70000},
     "Invalid configuration 'private-apis:bridgeAppPort': 70000 is not a TCP port. Fix: set "
     "'private-apis:bridgeAppPort' to a whole number from 1 to 65535"),
    ({"bridgeAppPort": "http"},
     "Invalid configuration 'private-apis:bridgeAppPort': 'http' is not a whole number. Fix: set "
     "'private-apis:bridgeAppPort' to a number, e.g. 8080"),
    ({"bridgeListenerPort": 0},
     "Invalid configuration 'private-apis:bridgeListenerPort': 0 is not a TCP port. Fix: set "
     "'private-apis:bridgeListenerPort' to a whole number from 1 to 65535"),
    ({"bridgeSshBastion": True},
     "Invalid configuration 'private-apis:bridgeSshCidrs': the SSH bastion is enabled but no network is allowed to "
     "reach it. Fix: list the operator networks in 'private-apis:bridgeSshCidrs', e.g. [203.0.113.0/24], or set "
     "'private-apis:bridgeSshBastion' to false and use SSM Session Manager"),
    ({"bridgeSshBastion": True, "bridgeSshCidrs": ["198.51.100.0/24", "0.0.0.0/0"]},
     "Invalid configuration 'private-apis:bridgeSshCidrs': '0.0.0.0/0' opens access to the whole internet. Fix: "
     "list only the operator or client networks in 'private-apis:bridgeSshCidrs', e.g. 203.0.113.0/24"),
    ({"bridgeSshBastion": True, "bridgeSshCidrs": ["::/0"]},
     "Invalid configuration 'private-apis:bridgeSshCidrs': '::/0' opens access to the whole internet. Fix: list "
     "only the operator or client networks in 'private-apis:bridgeSshCidrs', e.g. 203.0.113.0/24"),
    ({"bridgeSshBastion": True, "bridgeSshCidrs": ["my-office"]},
     "Invalid configuration 'private-apis:bridgeSshCidrs': 'my-office' is not a valid CIDR block: 'my-office' does "
     "not appear to be an IPv4 or IPv6 network. Fix: set 'private-apis:bridgeSshCidrs' to a network address with a "
     "prefix length, e.g. 10.0.0.0/16"),
    ({"bridgeSshCidrs": ["203.0.113.0/24"]},
     "Invalid configuration 'private-apis:bridgeSshCidrs': SSH CIDRs are listed but the SSH bastion is disabled. "
     "Fix: set 'private-apis:bridgeSshBastion' to true, or remove 'private-apis:bridgeSshCidrs'"),
    ({"bridgeSshKeyName": "ops"},
     "Invalid configuration 'private-apis:bridgeSshKeyName': an SSH key pair is set but the SSH bastion is "
     "disabled. Fix: set 'private-apis:bridgeSshBastion' to true, or remove 'private-apis:bridgeSshKeyName'"),
    ({"bridgeSshBastion": "yes"},
     "Invalid configuration 'private-apis:bridgeSshBastion': 'yes' is not true or false. Fix: set "
     "'private-apis:bridgeSshBastion' to true or false"),
    ({"bridgeEndpointType": "PRIVATE"},
     "Invalid configuration 'private-apis:bridgeExecuteApiVpcEndpointIds': a PRIVATE API needs the execute-api VPC "
     "endpoint its clients come through. Fix: list the endpoint ids in "
     "'private-apis:bridgeExecuteApiVpcEndpointIds', or set 'private-apis:bridgeEndpointType' to REGIONAL"),
    ({"bridgeEndpointType": "EDGE"},
     "Invalid configuration 'private-apis:bridgeEndpointType': 'EDGE' is not one of REGIONAL, PRIVATE. Fix: set "
     "'private-apis:bridgeEndpointType' to one of: REGIONAL, PRIVATE"),
    ({"bridgeAuthorization": "NONE"},
     "Invalid configuration 'private-apis:bridgeAuthorization': 'NONE' is not one of AWS_IAM, COGNITO_USER_POOLS. "
     "Fix: set 'private-apis:bridgeAuthorization' to one of: AWS_IAM, COGNITO_USER_POOLS"),
    ({"bridgeAuthorization": "COGNITO_USER_POOLS"},
     "Invalid configuration 'private-apis:bridgeCognitoUserPoolArns': Cognito authorization needs at least one user "
     "pool. Fix: list the user pool ARNs in 'private-apis:bridgeCognitoUserPoolArns', or set "
     "'private-apis:bridgeAuthorization' to AWS_IAM"),
    ({"bridgeHealthCheckPath": "healthz"},
     "Invalid configuration 'private-apis:bridgeHealthCheckPath': 'healthz' is not an absolute URL path. Fix: set "
     "'private-apis:bridgeHealthCheckPath' to a path starting with /, e.g. /healthz"),
    ({"bridgeInstanceType": "big"},
     "Invalid configuration 'private-apis:bridgeInstanceType': 'big' is not an EC2 instance type. Fix: set "
     "'private-apis:bridgeInstanceType' to a type such as t3.micro"),
    ({"bridgeAmiId": "al2023"},
     "Invalid configuration 'private-apis:bridgeAmiId': 'al2023' is not an AMI id. Fix: set "
     "'private-apis:bridgeAmiId' to an id such as ami-0123456789abcdef0, or remove it to use the newest Amazon "
     "Linux 2023"),
    ({"bridgeStageName": "v-1"},
     "Invalid configuration 'private-apis:bridgeStageName': 'v-1' is not a valid stage name. Fix: set "
     "'private-apis:bridgeStageName' to letters, digits and underscores only, e.g. v1 or dev"),
    ({"bridgeAccessLogRetentionDays": 10},
     "Invalid configuration 'private-apis:bridgeAccessLogRetentionDays': 10 is not a retention period CloudWatch "
     "Logs accepts. Fix: set 'private-apis:bridgeAccessLogRetentionDays' to one of 1, 3, 5, 7, 14, 30, 60, 90, 120, "
     "150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
])
def test_network_and_bridge_host_errors(config, message):
    assert load_error(**BRIDGE, **config) == message


def test_config_errors_stop_the_program_before_any_resource():
    with pytest.raises(ConfigError):
        graph = run_program(program_from_directory(str(PROJECT_DIR / "__main__.py")), config={
            "private-apis:topologies": ["bridge-host"], "private-apis:bridgeSshBastion": True,
            "private-apis:bridgeSshCidrs": ["0.0.0.0/0"]})
        assert graph.resources == []


# --- onprem-domain ---------------------------------------------------------------------------------------------

# In the account these loads deploy to: without aws:allowedAccountIds the offline engine answers as 123456789012, and a
# certificate of another account is refused (issue 15).
ONPREM_CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a52-7d4e-4b8a-9c61-2e5f8a9b7c10"
ONPREM = {"topologies": ["onprem-domain"], "onpremCertificateArn": ONPREM_CERT, "onpremSimulation": True}


def test_onprem_domain_defaults():
    onprem = load(**ONPREM).args.get("onprem-domain")
    assert onprem is not None
    assert (onprem.mode, onprem.zone_name, onprem.certificate_arn, onprem.validation_zone_id) == \
        ("nlb", "example.internal", ONPREM_CERT, None)
    assert [(a.name, a.domain_name, a.routes) for a in onprem.apis] == [
        ("one", "api.example.internal", ("GET /", "GET /test-resource")),
        ("two", "api2.example.internal", ("GET /",))]
    assert (onprem.onprem_cidrs, onprem.simulate_onprem, onprem.simulation_cidr, onprem.associated_vpc_ids) == \
        ((), True, "10.60.0.0/16", ())
    assert (onprem.private_dns_enabled, onprem.client_instance_type, onprem.stage.stage_name) == \
        (False, "t3.micro", "v1")


def test_onprem_domain_section_only_when_deployed():
    assert load(**BRIDGE).args.get("onprem-domain") is None


def test_onprem_domain_args_from_config():
    holder: dict[str, object] = {}

    def program() -> None:
        settings = load_stack_config()
        network = PrivateNetwork("network", settings.network)
        holder["args"] = dataclasses.replace(settings.args["onprem-domain"], placement=network.placement())

    run_program(program, config={f"private-apis:{k}": v for k, v in {
        **ONPREM, "onpremMode": "native", "onpremZoneName": "corp.example.internal",
        "onpremApis": ["pay|pay.corp.example.internal|POST /payments"], "onpremSimulation": False,
        "onpremClientCidrs": ["172.16.0.0/12"], "onpremAssociatedVpcIds": ["vpc-0123456789abcdef0"],
        "onpremPrivateDns": False, "onpremStageName": "prod"}.items()})
    args = holder["args"]
    placement = args.placement
    assert (args.mode, args.zone_name, placement.vpc_cidr, len(placement.private_subnet_ids),
            len(placement.private_route_table_ids)) == \
        ("native", "corp.example.internal", "10.40.0.0/16", 2, 2)
    assert [(a.name, a.domain_name, a.routes) for a in args.apis] == [
        ("pay", "pay.corp.example.internal", ("POST /payments",))]
    assert (tuple(args.onprem_cidrs), args.simulate_onprem, tuple(args.associated_vpc_ids)) == \
        (("172.16.0.0/12",), False, ("vpc-0123456789abcdef0",))
    assert (args.private_dns_enabled, args.stage.stage_name, args.tags) == \
        (False, "prod", {"topology": "onprem-domain"})


def test_main_wires_the_onprem_domain_topology():
    graph = run_program(program_from_directory(str(PROJECT_DIR / "__main__.py")),
                        config={f"private-apis:{k}": v for k, v in ONPREM.items()})
    assert graph.one("private-apis:onprem_domain:OnPremDomainApi").name == "onprem"
    # One shared API VPC, plus the simulated data centre's.
    assert [n.name for n in graph.of_type("private-apis:network:PrivateNetwork")] == ["network", "onprem-onprem"]
    assert graph.outputs["onprem_api_urls"] == ["https://api.example.internal/", "https://api2.example.internal/"]


@pytest.mark.parametrize(("config", "message"), [
    ({"onpremMode": "alb"},
     "Invalid configuration 'private-apis:onpremMode': 'alb' is not one of nlb, native. Fix: set "
     "'private-apis:onpremMode' to one of: nlb, native"),
    ({"onpremApis": []},
     "Invalid configuration 'private-apis:onpremApis': no API is defined. Fix: list at least one API, e.g. "
     "'one|api.example.internal|GET /|GET /test-resource'"),
    ({"onpremApis": ["one|api.example.internal"]},
     "Invalid configuration 'private-apis:onpremApis': 'one|api.example.internal' is not "
     "'name|domain|METHOD /path[|METHOD /path...]'. Fix: write each API as e.g. "
     "'one|api.example.internal|GET /|GET /test-resource'"),
    ({"onpremApis": ["one|api_1.example.internal|GET /"]},
     "Invalid configuration 'private-apis:onpremApis': 'api_1.example.internal' is not a valid domain name. Fix: set "
     "'private-apis:onpremApis' to a name such as api.example.internal"),
    ({"onpremApis": ["one|api.example.com|GET /"]},
     "Invalid configuration 'private-apis:onpremApis': 'api.example.com' is not inside the hosted zone "
     "'example.internal'. Fix: use a name ending in .example.internal or change the zone"),
    ({"onpremCertificateArn": ""},
     "Invalid configuration 'private-apis:onpremCertificateArn': certificate required: neither a certificate ARN "
     "nor a public zone to validate a new certificate in is given. Fix: set 'private-apis:onpremCertificateArn' to "
     "an issued or imported ACM certificate covering every domain, or 'private-apis:onpremValidationZoneId' to a "
     "public zone to request one in"),
    ({"onpremSimulationCidr": "10.40.0.0/16"},
     "Invalid configuration 'private-apis:onpremSimulationCidr': the API VPC 10.40.0.0/16 overlaps the simulated "
     "data centre 10.40.0.0/16. Fix: choose non-overlapping ranges in 'private-apis:onpremSimulationCidr'"),
    ({"onpremClientCidrs": ["10.40.8.0/24"]},
     "Invalid configuration 'private-apis:onpremClientCidrs': the API VPC 10.40.0.0/16 overlaps on-premises range "
     "10.40.8.0/24. Fix: choose non-overlapping ranges in 'private-apis:onpremClientCidrs'"),
    ({"onpremSimulation": False},
     "Invalid configuration 'private-apis:onpremClientCidrs': no on-premises network is given, so nobody could "
     "reach the APIs. Fix: list the data centre ranges in 'private-apis:onpremClientCidrs' or turn on "
     "'private-apis:onpremSimulation'"),
    ({"onpremStageName": "v-1"},
     "Invalid configuration 'private-apis:onpremStageName': 'v-1' is not a valid stage name. Fix: set "
     "'private-apis:onpremStageName' to letters, digits and underscores only, e.g. v1 or dev"),
])
def test_onprem_domain_errors(config, message):
    assert load_error(**{**ONPREM, **config}) == message


REPO = PROJECT_DIR


def yaml_stack(name: str) -> dict[str, Any]:
    """The config of Pulumi.<name>.yaml."""
    return yaml.safe_load((REPO / f"Pulumi.{name}.yaml").read_text())["config"]


# --- private-serverless ------------------------------------------------------------------------

SERVERLESS = {"private-apis:topologies": ["private-serverless"]}


def load_serverless(**values: Any) -> Any:
    """The private-serverless section read from config (keys without the project prefix)."""
    found: list[Any] = []
    run_program(lambda: found.append(load_stack_config()),
                config={**SERVERLESS, **{f"private-apis:{k}": v for k, v in values.items()}})
    return found[0].args.get("private-serverless")


def serverless_error(**values: Any) -> str:
    with pytest.raises(ConfigError) as exc:
        load_serverless(**values)
    return str(exc.value)


def test_serverless_defaults() -> None:
    from components.private_serverless import DEFAULT_ROUTES

    section = load_serverless()
    assert section.routes == DEFAULT_ROUTES
    assert section.authorization == "AWS_IAM"
    assert section.existing_vpc_endpoint_id is None
    assert section.client_cidrs == ("vpc",)
    assert section.client_security_group_ids == ()
    assert section.private_dns_enabled is False
    assert (section.allowed_vpc_endpoint_ids, section.allowed_source_vpc_ids, section.allowed_account_ids) == \
        ((), (), ())
    assert (section.runtime, section.memory_size, section.timeout_seconds, section.log_retention_days) == \
        ("python3.13", 128, 10, 30)
    assert section.stage.stage_name == "v1"
    assert (section.stage.throttling_burst_limit, section.stage.throttling_rate_limit) == (100, 50.0)
    assert (section.stage.access_log_retention_days, section.stage.xray_tracing) == (90, False)


def test_serverless_section_only_when_deployed() -> None:
    found: list[Any] = []
    run_program(lambda: found.append(load_stack_config()), config={"private-apis:topologies": ["iam-internal"]})
    assert found[0].args.get("private-serverless") is None


def test_serverless_values() -> None:
    section = load_serverless(
        serverlessRoutes=["get /entities", "POST /entities/{id}/notes app.handler"],
        serverlessAuthorization="NONE", serverlessClientCidrs=["10.50.0.0/16"],
        serverlessClientSecurityGroupIds=["sg-0123456789abcdef0"], serverlessPrivateDns=True,
        serverlessAllowedVpcEndpointIds=["vpce-0123456789abcdef0"], serverlessAllowedVpcIds=["vpc-12345678"],
        serverlessStageName="prod", serverlessXrayTracing=True,
        serverlessThrottlingRateLimit=10, serverlessThrottlingBurstLimit=20, serverlessRuntime="python3.12",
        serverlessMemorySize=256, serverlessTimeoutSeconds=29, serverlessFunctionLogRetentionDays=14,
        serverlessAccessLogRetentionDays=365)
    assert [(r.key, r.handler) for r in section.parsed_routes()] == [
        ("GET /entities", None), ("POST /entities/{id}/notes", "app.handler")]
    assert section.authorization == "NONE"
    assert section.client_cidrs == ("10.50.0.0/16",)
    assert section.client_security_group_ids == ("sg-0123456789abcdef0",)
    assert section.private_dns_enabled is True
    assert section.allowed_vpc_endpoint_ids == ("vpce-0123456789abcdef0",)
    assert section.allowed_source_vpc_ids == ("vpc-12345678",)
    assert section.allowed_account_ids == ()
    # An account restriction needs signed requests (NONE with accounts is refused, see test_config_errors.py).
    assert load_serverless(serverlessAllowedAccountIds=["111122223333"]).allowed_account_ids == ("111122223333",)
    assert (section.runtime, section.memory_size, section.timeout_seconds, section.log_retention_days) == \
        ("python3.12", 256, 29, 14)
    assert section.stage == StageSettings(stage_name="prod", throttling_burst_limit=20, throttling_rate_limit=10.0,
                                          access_log_retention_days=365, xray_tracing=True)


def test_serverless_adopts_an_existing_endpoint() -> None:
    assert load_serverless(serverlessVpcEndpointId="vpce-0123456789abcdef0").existing_vpc_endpoint_id == \
        "vpce-0123456789abcdef0"


_ROUTE_FIX = "Fix: write each route as a method, a space and a path, e.g. 'GET /entities/{id}'"


@pytest.mark.parametrize(("values", "message"), [
    ({"serverlessRoutes": ["GET /entities", "GET /entities"]},
     "Invalid configuration 'private-apis:serverlessRoutes': route 'GET /entities' is defined twice. Fix: list each "
     "method and path once"),
    ({"serverlessRoutes": ["FETCH /entities"]},
     "Invalid configuration 'private-apis:serverlessRoutes': 'FETCH' is not an HTTP method API Gateway accepts. "
     "Fix: use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY"),
    ({"serverlessRoutes": ["GET /entities/{id"]},
     "Invalid configuration 'private-apis:serverlessRoutes': path '/entities/{id' has an invalid segment '{id'. "
     "Fix: use letters, digits, '.', '_' and '-', or a whole-segment {param} / {param+}"),
    ({"serverlessRoutes": ["/entities"]},
     f"Invalid configuration 'private-apis:serverlessRoutes': route '/entities' is not 'METHOD /path' or "
     f"'METHOD /path module.function'. {_ROUTE_FIX}"),
    ({"serverlessRoutes": []},
     "Invalid configuration 'private-apis:serverlessRoutes': no routes are defined. Fix: list at least one route, "
     "e.g. 'GET /entities/{id}'"),
    ({"serverlessRoutes": "GET /entities"},
     "Invalid configuration 'private-apis:serverlessRoutes': 'GET /entities' is not a list. Fix: set "
     "'private-apis:serverlessRoutes' to a YAML list"),
    ({"serverlessRoutes": ["GET /entities app.nothing"]},
     "Invalid configuration 'private-apis:serverlessRoutes': handler 'app.nothing': app.py defines no function "
     "'nothing'. Fix: define nothing(event, context) in app.py or fix the handler"),
    ({"serverlessStageName": "dev-1"},
     "Invalid configuration 'private-apis:serverlessStageName': 'dev-1' is not a valid stage name. Fix: set "
     "'private-apis:serverlessStageName' to letters, digits and underscores only, e.g. v1 or dev"),
    ({"serverlessAuthorization": "CUSTOM"},
     "Invalid configuration 'private-apis:serverlessAuthorization': 'CUSTOM' is not one of AWS_IAM, NONE. Fix: set "
     "'private-apis:serverlessAuthorization' to one of: AWS_IAM, NONE"),
    ({"serverlessVpcEndpointId": "vpce-0123"},
     "Invalid configuration 'private-apis:serverlessVpcEndpointId': 'vpce-0123' is not a VPC endpoint id. Fix: use "
     "the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    ({"serverlessVpcEndpointId": "vpce-0123456789abcdef0", "serverlessClientCidrs": ["10.0.0.0/8"],
      "serverlessPrivateDns": True},
     "Invalid configuration 'private-apis:serverlessVpcEndpointId': an existing endpoint is adopted, so "
     "'private-apis:serverlessClientCidrs', 'private-apis:serverlessPrivateDns' would be ignored. Fix: configure "
     "clients and private DNS on the existing endpoint, or remove 'private-apis:serverlessVpcEndpointId' to create "
     "one"),
    ({"serverlessClientCidrs": []},
     "Invalid configuration 'private-apis:serverlessClientCidrs': no caller source is given, so no client could "
     "reach the VPC endpoint. Fix: list client networks in 'private-apis:serverlessClientCidrs' or security groups "
     "in 'private-apis:serverlessClientSecurityGroupIds', or set 'private-apis:serverlessClientCidrs' to [vpc] to "
     "admit the VPC CIDR"),
    ({"serverlessClientCidrs": ["0.0.0.0/0"]},
     "Invalid configuration 'private-apis:serverlessClientCidrs': '0.0.0.0/0' opens access to the whole internet. "
     "Fix: list only the operator or client networks in 'private-apis:serverlessClientCidrs', e.g. 203.0.113.0/24"),
    ({"serverlessClientCidrs": ["10.0.0.1/8"]},
     "Invalid configuration 'private-apis:serverlessClientCidrs': '10.0.0.1/8' is not a valid CIDR block: "
     "10.0.0.1/8 has host bits set (did you mean 10.0.0.0/8?). Fix: set 'private-apis:serverlessClientCidrs' to a "
     "network address with a prefix length, e.g. 10.0.0.0/16"),
    ({"serverlessClientSecurityGroupIds": ["sg-zz"]},
     "Invalid configuration 'private-apis:serverlessClientSecurityGroupIds': 'sg-zz' is not a security group id. "
     "Fix: list security group ids in 'private-apis:serverlessClientSecurityGroupIds', sg- and 8 or 17 hex digits, "
     "e.g. sg-0123456789abcdef0"),
    ({"serverlessPrivateDns": "maybe"},
     "Invalid configuration 'private-apis:serverlessPrivateDns': 'maybe' is not true or false. Fix: set "
     "'private-apis:serverlessPrivateDns' to true or false"),
    ({"serverlessAllowedVpcEndpointIds": ["vpce-nothexnothexnothe"]},
     "Invalid configuration 'private-apis:serverlessAllowedVpcEndpointIds': 'vpce-nothexnothexnothe' is not a VPC "
     "endpoint id. Fix: use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. "
     "vpce-0123456789abcdef0"),
    ({"serverlessAllowedVpcIds": ["vpce-12345678"]},
     "Invalid configuration 'private-apis:serverlessAllowedVpcIds': 'vpce-12345678' is not a VPC id. Fix: use vpc- "
     "and 8 or 17 hex digits, e.g. vpc-0123456789abcdef0"),
    ({"serverlessAllowedAccountIds": [123456789012]},
     "Invalid configuration 'private-apis:serverlessAllowedAccountIds': 123456789012 is not an AWS account id. Fix: "
     "use the 12-digit account id as a quoted string, e.g. '123456789012'"),
    ({"serverlessRuntime": "nodejs20.x"},
     "Invalid configuration 'private-apis:serverlessRuntime': 'nodejs20.x' is not one of python3.12, python3.13. "
     "Fix: set 'private-apis:serverlessRuntime' to one of: python3.12, python3.13"),
    ({"serverlessTimeoutSeconds": 60},
     "Invalid configuration 'private-apis:serverlessTimeoutSeconds': 60 is out of range. Fix: set "
     "'private-apis:serverlessTimeoutSeconds' to a whole number from 1 to 29"),
    ({"serverlessMemorySize": "big"},
     "Invalid configuration 'private-apis:serverlessMemorySize': 'big' is not a whole number. Fix: set "
     "'private-apis:serverlessMemorySize' to a number, e.g. 128"),
    ({"serverlessFunctionLogRetentionDays": 10},
     "Invalid configuration 'private-apis:serverlessFunctionLogRetentionDays': 10 is not a retention period "
     "CloudWatch Logs accepts. Fix: set 'private-apis:serverlessFunctionLogRetentionDays' to one of 1, 3, 5, 7, 14, "
     "30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"),
])
def test_serverless_config_errors_name_the_key(values: dict[str, Any], message: str) -> None:
    assert serverless_error(**values) == message


def test_dev_stack_deploys_private_serverless_with_the_shared_network() -> None:
    from components.network import PrivateNetwork
    from components.private_serverless import PrivateServerlessApi

    dev = yaml_stack("dev")
    assert "private-serverless" in dev["private-apis:topologies"]

    def program() -> None:
        settings = load_stack_config()
        network = PrivateNetwork("network", settings.network)
        PrivateServerlessApi("serverless", dataclasses.replace(settings.args["private-serverless"],
                                                               placement=network.placement()))

    graph = run_program(program, config={**dev, "private-apis:topologies": ["private-serverless"]})
    endpoint = graph.one("aws:ec2/vpcEndpoint:VpcEndpoint", "serverless-vpce-endpoint")
    private_subnets = sorted(r.id for r in graph.of_type("aws:ec2/subnet:Subnet") if "-private-" in r.name)
    assert sorted(endpoint.inputs["subnetIds"]) == private_subnets
    assert endpoint.inputs["vpcId"] == graph.one("aws:ec2/vpc:Vpc").id
    assert endpoint.inputs["privateDnsEnabled"] is False
    [rule] = [r for r in graph.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
              if r.name.startswith("serverless-")]
    assert rule.inputs["cidrIpv4"] == dev["private-apis:vpcCidr"]
    assert graph.one("private-apis:private_serverless:PrivateServerlessApi").parent != graph.one(
        "private-apis:network:PrivateNetwork").urn


def test_adopted_endpoint_needs_no_network_inputs() -> None:
    from components.private_serverless import PrivateServerlessApiArgs

    found: list[Any] = []

    def program() -> None:
        settings = load_stack_config()
        found.append(settings.args["private-serverless"])

    run_program(program, config={**SERVERLESS, "private-apis:serverlessVpcEndpointId": "vpce-0123456789abcdef0"})
    [api_args] = found
    assert isinstance(api_args, PrivateServerlessApiArgs)
    assert (api_args.existing_vpc_endpoint_id, api_args.placement) == ("vpce-0123456789abcdef0", None)
    assert api_args.endpoint_args().existing_endpoint_id == "vpce-0123456789abcdef0"


# --- iam-internal ----------------------------------------------------------------------------------

_IAM_ONLY = {"private-apis:topologies": ["iam-internal"]}


def _iam_settings(config: dict) -> StackSettings:
    found: list[StackSettings] = []
    run_program(lambda: found.append(load_stack_config()), config={**_IAM_ONLY, **config})
    return found[0]


def test_iam_internal_defaults_need_no_vpc() -> None:
    settings = _iam_settings({})
    assert settings.network is None
    assert settings.args.get("iam-internal") == IamInternalApiArgs(tags={"topology": "iam-internal"})
    assert settings.args.get("iam-internal").routes == IAM_DEFAULT_ROUTES
    assert settings.args.get("iam-internal").caller_restriction == "account"
    assert settings.args.get("iam-internal").api_key is False
    assert settings.args.get("iam-internal").invoke_user_routes == ()


def test_iam_internal_config_becomes_args() -> None:
    settings = _iam_settings({
        "private-apis:iamRoutes": ["GET /user/{id} app.get_user", "ANY /{proxy+}"],
        "private-apis:iamCallerGrants": ["arn:aws:iam::123456789012:role/orders-service GET /user/{id}"],
        "private-apis:iamApiKey": "true",
        "private-apis:iamUsagePlanQuotaPeriod": "MONTH",
        "private-apis:iamCallerRestriction": "organization",
        "private-apis:iamOrganizationId": "o-a1b2c3d4e5",
        "private-apis:iamStageName": "internal",
    })
    args = settings.args.get("iam-internal")
    assert args is not None
    assert args.routes == ("GET /user/{id} app.get_user", "ANY /{proxy+}")
    assert args.caller_grants == ("arn:aws:iam::123456789012:role/orders-service GET /user/{id}",)
    assert (args.api_key, args.usage_plan.quota_period, args.stage.stage_name) == (True, "MONTH", "internal")
    assert (args.caller_restriction, args.organization_id) == ("organization", "o-a1b2c3d4e5")


def test_dev_stack_deploys_iam_internal_with_a_caller_and_an_api_key() -> None:
    dev = yaml.safe_load(Path("Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    assert "iam-internal" in dev["private-apis:topologies"]
    assert dev["private-apis:iamApiKey"] is True
    assert len(dev["private-apis:iamCallerGrants"]) == 1


@pytest.mark.parametrize(("config", "message"), [
    ({"private-apis:iamCallerGrants": ["orders-service GET /users/{id}"]},
     "Invalid configuration 'private-apis:iamCallerGrants[0]': 'GET /users/{id}' is not a route of the API. "
     "Fix: grant one of: GET /user/{id}"),
    ({"private-apis:iamCallerRestriction": "public"},
     "Invalid configuration 'private-apis:iamCallerRestriction': 'public' is not one of account, organization, "
     "none. Fix: set 'private-apis:iamCallerRestriction' to one of: account, organization, none"),
    ({"private-apis:iamUsagePlanQuotaPeriod": "YEAR"},
     "Invalid configuration 'private-apis:iamUsagePlanQuotaPeriod': 'YEAR' is not one of DAY, WEEK, MONTH. "
     "Fix: set 'private-apis:iamUsagePlanQuotaPeriod' to one of: DAY, WEEK, MONTH"),
    ({"private-apis:iamApiKey": "yes"},
     "Invalid configuration 'private-apis:iamApiKey': 'yes' is not true or false. "
     "Fix: set 'private-apis:iamApiKey' to true or false"),
    ({"private-apis:iamStageName": "v-1"},
     "Invalid configuration 'private-apis:iamStageName': 'v-1' is not a valid stage name. "
     "Fix: set 'private-apis:iamStageName' to letters, digits and underscores only, e.g. v1 or dev"),
])
def test_iam_internal_config_errors_name_the_config_key(config: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _iam_settings(config)
    assert str(caught.value) == message


# --- across topologies ---------------------------------------------------------------------------------------------

BOTH_ENDPOINTS = {**ONPREM, "topologies": ["private-serverless", "onprem-domain"]}


def test_two_private_dns_execute_api_endpoints_in_the_shared_vpc_are_refused():
    assert load_error(**BOTH_ENDPOINTS, serverlessPrivateDns=True, onpremPrivateDns=True) == (
        "Invalid configuration 'private-apis:serverlessPrivateDns': private-serverless and onprem-domain would both "
        "create an execute-api endpoint with private DNS in the shared VPC, and AWS allows only one. Fix: set "
        "'private-apis:serverlessPrivateDns' to false (callers use the Host or x-apigw-api-id header, or the alias "
        "URL) or 'private-apis:onpremPrivateDns' to false")


@pytest.mark.parametrize("config", [
    {"serverlessPrivateDns": True},
    {"onpremPrivateDns": True},
    {"serverlessVpcEndpointId": "vpce-0123456789abcdef0", "onpremPrivateDns": True},  # adopted: not ours to check
])
def test_one_private_dns_endpoint_per_vpc_is_accepted(config):
    settings = load(**BOTH_ENDPOINTS, **config)
    assert settings.args.get("private-serverless") is not None and settings.args.get("onprem-domain") is not None


def placed_client_cidrs(client_cidrs: list[str]) -> tuple[str, ...]:
    """The ranges the serverless endpoint admits for ``serverlessClientCidrs`` in a VPC of 10.40.0.0/16."""
    from components.network import NetworkPlacement

    args = load(topologies=["private-serverless"], serverlessClientCidrs=client_cidrs).args["private-serverless"]
    placed = dataclasses.replace(args, placement=NetworkPlacement(vpc_id="vpc-1", vpc_cidr="10.40.0.0/16",
                                                                  private_subnet_ids=["subnet-a", "subnet-b"]))
    return placed.endpoint_args().client_cidrs


@pytest.mark.parametrize(("client_cidrs", "admitted"), [
    (["vpc", "10.50.0.0/16"], ("10.40.0.0/16", "10.50.0.0/16")),
    # The VPC's CIDR written out next to the word, even loosely, is one range, admitted once.
    (["vpc", "10.40.0.0/16"], ("10.40.0.0/16",)),
    (["vpc", " 10.40.0.0/16"], ("10.40.0.0/16",)),
])
def test_the_vpc_word_in_client_cidrs_is_the_placement_cidr(client_cidrs, admitted):
    assert placed_client_cidrs(client_cidrs) == admitted


def test_the_vpc_word_twice_is_refused():
    assert load_error(topologies=["private-serverless"], serverlessClientCidrs=["vpc", "vpc"]) == (
        "Invalid configuration 'private-apis:serverlessClientCidrs': 'vpc' is listed twice. Fix: remove the duplicate "
        "from 'private-apis:serverlessClientCidrs'")


@pytest.mark.parametrize("value", [[{"a": 1}], [1], [None], [["x"]]])
def test_security_group_ids_that_are_not_text_are_refused_before_any_resource(value):
    # They used to pass the check (only strings were checked) and fail deep in the SDK once resources existed.
    assert load_error(topologies=["private-serverless"], serverlessClientSecurityGroupIds=value).startswith(
        "Invalid configuration 'private-apis:serverlessClientSecurityGroupIds': ")
