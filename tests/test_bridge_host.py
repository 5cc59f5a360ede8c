"""BridgeHostApi: the resource graph under the offline engine's mocks, its pure helpers and its validation."""

from __future__ import annotations

import base64
import dataclasses
import ipaddress
import json
import re
import threading
import urllib.request
from pathlib import Path

import pulumi
import pytest

from apps.bridge_demo import server as demo_server
from components.api_stage import redeployment_hash
from components.bridge_host import (
    DEMO_APP_PATH,
    BridgeHostApi,
    BridgeHostApiArgs,
    bridge_host_outputs,
    checked_placement,
    integration_uri,
    render_user_data,
    ssm_session_command,
)
from components.contract import SECTION_BY_NAME, Bridge
from components.errors import ConfigError
from components.network import NetworkPlacement, PrivateNetwork, PrivateNetworkArgs
from components.resource_policy import private_api_policy, private_api_policy_json
from private_apis.engine import analyzer
from private_apis.testing import Graph, run_program

VPCE_A = "vpce-0123456789abcdef0"
VPCE_B = "vpce-0fedcba9876543210"
ACCOUNT_APIS = "arn:aws:execute-api:eu-west-1:123456789012:*/*"
POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"
POLICIES = str(Path(__file__).resolve().parent.parent / "policies")

INSTANCE = "aws:ec2/instance:Instance"
SUBNET = "aws:ec2/subnet:Subnet"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
NLB = "aws:lb/loadBalancer:LoadBalancer"
TARGET_GROUP = "aws:lb/targetGroup:TargetGroup"
ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
LISTENER = "aws:lb/listener:Listener"
VPC_LINK = "aws:apigateway/vpcLink:VpcLink"
REST_API = "aws:apigateway/restApi:RestApi"
RESOURCE = "aws:apigateway/resource:Resource"
METHOD = "aws:apigateway/method:Method"
INTEGRATION = "aws:apigateway/integration:Integration"
AUTHORIZER = "aws:apigateway/authorizer:Authorizer"
DEPLOYMENT = "aws:apigateway/deployment:Deployment"
STAGE = "aws:apigateway/stage:Stage"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE = "aws:iam/role:Role"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile"


def build(network_args: PrivateNetworkArgs | None = None, **kwargs) -> Graph:
    """The network (``network_args``, by default with public subnets only for the bastion) and a BridgeHostApi
    named ``demo`` with ``kwargs`` placed in it, exporting the topology's outputs."""

    def program() -> None:
        network = PrivateNetwork("net", network_args or PrivateNetworkArgs(
            public_subnets=bool(kwargs.get("ssh_bastion"))))
        api = BridgeHostApi("demo", BridgeHostApiArgs(placement=network.placement(), **kwargs))
        for key, value in bridge_host_outputs(api).items():
            pulumi.export(key, value)

    return run_program(program, config={"aws:region": "eu-west-1"})


def private_subnet(graph: Graph, index: int):
    return graph.one(SUBNET, f"net-private-{index}")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build()


@pytest.fixture(scope="module")
def bastion_graph() -> Graph:
    return build(ssh_bastion=True, ssh_cidrs=["203.0.113.0/24", "2001:db8::/48"], ssh_key_name="ops")


# --- the load balancer path ------------------------------------------------------------------------------------


def test_nlb_is_internal_across_the_private_subnets(graph):
    nlb = graph.one(NLB)
    assert nlb.inputs["internal"] is True
    assert nlb.inputs["loadBalancerType"] == "network"
    assert nlb.inputs["subnets"] == [private_subnet(graph, 1).id, private_subnet(graph, 2).id]
    assert nlb.inputs["securityGroups"] == [graph.one(SG, "demo-nlb-sg").id]
    assert nlb.inputs["enforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] == "off"
    assert nlb.inputs["enableCrossZoneLoadBalancing"] is True
    assert nlb.inputs["enableDeletionProtection"] is False


def test_nlb_deletion_protection_option():
    assert build(nlb_deletion_protection=True).one(NLB).inputs["enableDeletionProtection"] is True


def test_target_group_listener_and_attachment(graph):
    target_group = graph.one(TARGET_GROUP)
    assert (target_group.inputs["protocol"], target_group.inputs["port"], target_group.inputs["targetType"]) == \
        ("TCP", 8080, "instance")
    assert target_group.inputs["vpcId"] == graph.one("aws:ec2/vpc:Vpc").id
    assert target_group.inputs["healthCheck"] == {
        "enabled": True, "protocol": "HTTP", "port": "traffic-port", "path": "/healthz", "matcher": "200-399",
        "interval": 10, "timeout": 5, "healthyThreshold": 3, "unhealthyThreshold": 3}
    attachment = graph.one(ATTACHMENT)
    assert attachment.inputs["targetGroupArn"] == target_group.id
    assert attachment.inputs["targetId"] == graph.one(INSTANCE, "demo-app").id
    assert attachment.inputs["port"] == 8080
    listener = graph.one(LISTENER)
    assert listener.inputs["loadBalancerArn"] == graph.one(NLB).id
    assert (listener.inputs["protocol"], listener.inputs["port"]) == ("TCP", 80)
    assert listener.inputs["defaultActions"] == [{"type": "forward", "targetGroupArn": target_group.id}]


def test_vpc_link_targets_the_nlb_after_its_listener(graph):
    link = graph.one(VPC_LINK)
    assert link.inputs["targetArn"] == graph.one(NLB).outputs["arn"]
    assert graph.one(NLB).urn in link.property_dependencies["targetArn"]
    assert graph.one(LISTENER).urn in link.dependencies
    assert link.options["customTimeouts"] == {"create": "20m", "update": "20m", "delete": "20m"}


# --- the instance ----------------------------------------------------------------------------------------------


def test_instance_in_a_private_subnet_without_public_ip(graph):
    instance = graph.one(INSTANCE)
    subnet = private_subnet(graph, 1)
    assert instance.name == "demo-app"
    assert instance.inputs["subnetId"] == subnet.id
    assert instance.property_dependencies["subnetId"] == [subnet.urn]
    assert instance.inputs["associatePublicIpAddress"] is False
    assert instance.outputs["publicIp"] == ""


def test_instance_hardening(graph):
    instance = graph.one(INSTANCE)
    assert instance.inputs["metadataOptions"] == {"httpEndpoint": "enabled", "httpTokens": "required",
                                                  "httpPutResponseHopLimit": 1}
    assert instance.inputs["rootBlockDevice"] == {"encrypted": True, "volumeType": "gp3", "deleteOnTermination": True}
    assert instance.inputs["vpcSecurityGroupIds"] == [graph.one(SG, "demo-app-sg").id]
    assert instance.inputs["iamInstanceProfile"] == graph.one(INSTANCE_PROFILE).id
    assert "keyName" not in instance.inputs
    assert instance.inputs["ami"].startswith("ami-")
    assert instance.options["ignoreChanges"] == ["ami"]


def test_pinned_ami_is_not_ignored():
    instance = build(ami_id="ami-0123456789abcdef0").one(INSTANCE)
    assert instance.inputs["ami"] == "ami-0123456789abcdef0"
    assert instance.options["ignoreChanges"] == []


def test_instance_user_data_delivers_the_demo_app(graph):
    instance = graph.one(INSTANCE)
    assert instance.inputs["userData"] == render_user_data(DEMO_APP_PATH.read_text(), 8080)
    assert instance.inputs["userDataReplaceOnChange"] is True


def test_instance_role_has_ssm_core_only(graph):
    role = graph.one(ROLE, "demo-instance-role")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    attachments = [a for a in graph.of_type(ROLE_POLICY_ATTACHMENT) if a.inputs["role"] == role.id]
    assert [a.inputs["policyArn"] for a in attachments] == ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
    assert [p for p in graph.of_type(ROLE_POLICY) if p.inputs["role"] == role.id] == []
    assert graph.one(INSTANCE_PROFILE).inputs["role"] == role.id


# --- security groups -------------------------------------------------------------------------------------------


def assert_no_world_ingress(graph: Graph) -> None:
    for rule in graph.of_type(INGRESS):
        for field in ("cidrIpv4", "cidrIpv6"):
            if field in rule.inputs:
                assert ipaddress.ip_network(rule.inputs[field]).prefixlen > 0, rule.urn
    for group in graph.of_type(SG):
        assert "ingress" not in group.inputs, group.urn


def test_no_world_open_ingress_anywhere(graph, bastion_graph):
    assert_no_world_ingress(graph)
    assert_no_world_ingress(bastion_graph)


def rules_of(graph: Graph, token: str, group_name: str) -> list[tuple]:
    group = graph.one(SG, group_name)
    return sorted(
        (r.inputs["ipProtocol"], r.inputs["fromPort"], r.inputs["toPort"],
         r.inputs.get("cidrIpv4") or r.inputs.get("cidrIpv6")
         or graph_name(graph, r.inputs["referencedSecurityGroupId"]))
        for r in graph.of_type(token) if r.inputs["securityGroupId"] == group.id
    )


def graph_name(graph: Graph, resource_id: str) -> str:
    return next(r.name for r in graph.resources if r.id == resource_id)


def test_app_security_group_admits_only_the_nlb(graph):
    assert rules_of(graph, INGRESS, "demo-app-sg") == [("tcp", 8080, 8080, "demo-nlb-sg")]
    assert rules_of(graph, EGRESS, "demo-app-sg") == [("tcp", 443, 443, "10.40.0.0/16")]


def test_nlb_security_group_has_no_inbound_rule_and_reaches_only_the_app(graph):
    assert rules_of(graph, INGRESS, "demo-nlb-sg") == []
    assert rules_of(graph, EGRESS, "demo-nlb-sg") == [("tcp", 8080, 8080, "demo-app-sg")]


def test_internet_egress_opens_https_out_only():
    # Internet egress is the network's: with NAT gateways, its placement says the private subnets reach out.
    graph = build(PrivateNetworkArgs(egress="nat"))
    assert rules_of(graph, EGRESS, "demo-app-sg") == [("tcp", 443, 443, "0.0.0.0/0")]
    assert rules_of(graph, INGRESS, "demo-app-sg") == [("tcp", 8080, 8080, "demo-nlb-sg")]


# --- operator access -------------------------------------------------------------------------------------------


def test_no_ssh_bastion_and_no_port_22_by_default(graph):
    assert [r.name for r in graph.resources if "bastion" in r.name] == []
    assert [r.name for r in graph.of_type(INGRESS) if r.inputs.get("fromPort") == 22] == []
    assert len(graph.of_type(INSTANCE)) == 1


def test_operator_access_is_an_ssm_command(graph):
    instance_id = graph.one(INSTANCE).id
    assert graph.outputs["bridge_operator_access"] == f"aws ssm start-session --target {instance_id} --region eu-west-1"


def test_bastion_in_a_public_subnet_with_ssh_from_the_allow_list_only(bastion_graph):
    bastion = bastion_graph.one(INSTANCE, "demo-bastion")
    assert bastion.inputs["subnetId"] == bastion_graph.one(SUBNET, "net-public-1").id
    assert bastion.inputs["associatePublicIpAddress"] is True
    assert bastion.inputs["metadataOptions"]["httpTokens"] == "required"
    assert bastion.inputs["rootBlockDevice"]["encrypted"] is True
    assert bastion.inputs["keyName"] == "ops"
    assert rules_of(bastion_graph, INGRESS, "demo-bastion-sg") == [
        ("tcp", 22, 22, "2001:db8::/48"), ("tcp", 22, 22, "203.0.113.0/24")]
    assert rules_of(bastion_graph, EGRESS, "demo-bastion-sg") == [
        ("tcp", 22, 22, "demo-app-sg"), ("tcp", 443, 443, "10.40.0.0/16")]


def test_with_a_bastion_the_app_admits_ssh_from_the_bastion_only(bastion_graph):
    assert rules_of(bastion_graph, INGRESS, "demo-app-sg") == [
        ("tcp", 22, 22, "demo-bastion-sg"), ("tcp", 8080, 8080, "demo-nlb-sg")]
    app = bastion_graph.one(INSTANCE, "demo-app")
    assert app.inputs["associatePublicIpAddress"] is False
    assert app.inputs["subnetId"] == private_subnet(bastion_graph, 1).id


# --- the REST API ----------------------------------------------------------------------------------------------


def test_rest_api_is_regional_without_policy_by_default(graph):
    api = graph.one(REST_API)
    assert api.inputs["endpointConfiguration"] == {"types": "REGIONAL"}
    assert "policy" not in api.inputs


def test_proxy_resource_and_methods_require_iam(graph):
    api = graph.one(REST_API)
    proxy = graph.one(RESOURCE)
    assert (proxy.inputs["parentId"], proxy.inputs["pathPart"]) == (api.outputs["rootResourceId"], "{proxy+}")
    root_method, proxy_method = graph.one(METHOD, "demo-root-any"), graph.one(METHOD, "demo-proxy-any")
    assert root_method.inputs["resourceId"] == api.outputs["rootResourceId"]
    assert proxy_method.inputs["resourceId"] == proxy.id
    assert proxy_method.inputs["requestParameters"] == {"method.request.path.proxy": True}
    for method in (root_method, proxy_method):
        assert (method.inputs["httpMethod"], method.inputs["authorization"]) == ("ANY", "AWS_IAM")
        assert "authorizerId" not in method.inputs


def test_integrations_wired_to_the_vpc_link_and_nlb(graph):
    link, nlb = graph.one(VPC_LINK), graph.one(NLB)
    dns = nlb.outputs["dnsName"]
    assert dns.startswith("internal-")
    proxy = graph.one(INTEGRATION, "demo-proxy-integration")
    root = graph.one(INTEGRATION, "demo-root-integration")
    assert proxy.inputs["uri"] == f"http://{dns}:80/{{proxy}}"
    assert root.inputs["uri"] == f"http://{dns}:80/"
    assert proxy.inputs["requestParameters"] == {"integration.request.path.proxy": "method.request.path.proxy"}
    assert proxy.inputs["resourceId"] == graph.one(RESOURCE).id
    for integration in (proxy, root):
        assert integration.inputs["connectionType"] == "VPC_LINK"
        assert integration.inputs["connectionId"] == link.id
        assert integration.property_dependencies["connectionId"] == [link.urn]
        assert integration.property_dependencies["uri"] == [nlb.urn]
        assert (integration.inputs["type"], integration.inputs["integrationHttpMethod"]) == ("HTTP_PROXY", "ANY")


def test_deployment_waits_for_every_method_and_integration(graph):
    deployment = graph.one(DEPLOYMENT)
    for resource in graph.of_type(METHOD) + graph.of_type(INTEGRATION):
        assert resource.urn in deployment.dependencies
    assert deployment.inputs["restApi"] == graph.one(REST_API).id


def test_stage_has_access_logs_and_throttling(graph):
    stage = graph.one(STAGE)
    assert stage.inputs["deployment"] == graph.one(DEPLOYMENT).id
    assert stage.inputs["stageName"] == "v1"
    access_logs = graph.one(LOG_GROUP, "demo-access-logs")
    assert stage.inputs["accessLogSettings"]["destinationArn"] == access_logs.outputs["arn"]
    settings = graph.one("aws:apigateway/methodSettings:MethodSettings").inputs["settings"]
    assert (settings["throttlingBurstLimit"], settings["throttlingRateLimit"]) == (100, 50)


def test_private_endpoint_gets_a_vpce_only_resource_policy():
    graph = build(endpoint_type="PRIVATE", execute_api_vpc_endpoint_ids=[VPCE_A])
    api = graph.one(REST_API)
    assert api.inputs["endpointConfiguration"] == {"types": "PRIVATE", "vpcEndpointIds": [VPCE_A]}
    # IAM callers: the account's root is the principal, so a caller also needs an identity policy here (a same-account
    # request passes when either the resource policy or the caller's IAM policy allows it, API Gateway Developer
    # Guide, "How API Gateway resource policies affect authorization workflow", table A).
    # The policy is inline on the RestApi, whose id does not exist yet, so it names the account-scoped ARN: API Gateway
    # stores the execute-api:/* shorthand expanded, which shows a diff on every `up` (hashicorp/terraform-provider-aws
    # #5549); a full ARN is stored as written.
    assert api.inputs["policy"] == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcEndpoints","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},'
        '"Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:eu-west-1:123456789012:*/*",'
        '"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0123456789abcdef0"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:123456789012:*/*",'
        '"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123456789abcdef0"}}}]}'
    )


def test_private_endpoints_are_sorted_in_the_policy():
    api = build(endpoint_type="PRIVATE", execute_api_vpc_endpoint_ids=[VPCE_B, VPCE_A]).one(REST_API)
    statements = json.loads(api.inputs["policy"])["Statement"]
    assert statements[0]["Condition"] == {"StringEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}
    assert statements[1]["Condition"] == {"StringNotEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}


def test_private_cognito_policy_admits_any_principal_through_the_endpoints():
    api = build(endpoint_type="PRIVATE", execute_api_vpc_endpoint_ids=[VPCE_A], authorization="COGNITO_USER_POOLS",
                cognito_user_pool_arns=[POOL]).one(REST_API)
    # Token callers carry no IAM principal: the endpoint alone admits them.
    assert api.inputs["policy"] == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcEndpoints","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:123456789012:*/*",'
        '"Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0123456789abcdef0"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"arn:aws:execute-api:eu-west-1:123456789012:*/*",'
        '"Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0123456789abcdef0"}}}]}'
    )


def test_cognito_authorizer_option():
    graph = build(authorization="COGNITO_USER_POOLS", cognito_user_pool_arns=[POOL])
    authorizer = graph.one(AUTHORIZER)
    assert authorizer.inputs["type"] == "COGNITO_USER_POOLS"
    assert authorizer.inputs["providerArns"] == [POOL]
    assert authorizer.inputs["identitySource"] == "method.request.header.Authorization"
    for method in graph.of_type(METHOD):
        assert method.inputs["authorization"] == "COGNITO_USER_POOLS"
        assert method.inputs["authorizerId"] == authorizer.id
    assert authorizer.urn in graph.one(DEPLOYMENT).dependencies


# --- redeployment triggers -------------------------------------------------------------------------------------


def triggers(graph: Graph) -> dict:
    return graph.one(DEPLOYMENT).inputs["triggers"]


def test_triggers_are_stable(graph):
    assert triggers(build()) == triggers(graph)


def test_triggers_change_when_a_method_changes(graph):
    assert triggers(build(authorization="COGNITO_USER_POOLS", cognito_user_pool_arns=[POOL])) != triggers(graph)


def test_triggers_change_when_the_policy_changes():
    first = build(endpoint_type="PRIVATE", execute_api_vpc_endpoint_ids=[VPCE_A])
    second = build(endpoint_type="PRIVATE", execute_api_vpc_endpoint_ids=[VPCE_A, VPCE_B])
    assert first.one(REST_API).inputs["policy"] != second.one(REST_API).inputs["policy"]
    assert triggers(first) != triggers(second)


def test_triggers_change_when_an_integration_changes(graph):
    assert triggers(build(listener_port=8000)) != triggers(graph)


def test_redeployment_hash_of_a_method_or_policy_change():
    method = {"http_method": "ANY", "authorization": "AWS_IAM", "request_parameters": None}
    policy = private_api_policy_json(vpc_endpoint_ids=[VPCE_A], resource=ACCOUNT_APIS)
    base = redeployment_hash({"methods": [method], "policy": policy})
    assert redeployment_hash({"policy": policy, "methods": [dict(method)]}) == base
    assert redeployment_hash({"methods": [{**method, "authorization": "NONE"}], "policy": policy}) != base
    other = private_api_policy_json(vpc_endpoint_ids=[VPCE_B], resource=ACCOUNT_APIS)
    assert redeployment_hash({"methods": [method], "policy": other}) != base


# --- outputs ---------------------------------------------------------------------------------------------------


def test_stack_outputs(graph):
    outputs = graph.outputs
    # Every key of the contract's section, less the bastion's (no bastion here).
    assert set(outputs) == set(SECTION_BY_NAME["bridge-host"].keys) - {Bridge.BASTION_INSTANCE_ID}
    api_id = graph.one(REST_API).id
    assert outputs["bridge_api_id"] == api_id
    assert outputs["bridge_stage_name"] == "v1"
    assert outputs["bridge_invoke_url"] == f"https://{api_id}.execute-api.eu-west-1.amazonaws.com/v1"
    assert outputs["bridge_execution_arn"] == f"arn:aws:execute-api:eu-west-1:123456789012:{api_id}"
    assert (outputs["bridge_authorization"], outputs["bridge_endpoint_type"]) == ("AWS_IAM", "REGIONAL")
    assert outputs["bridge_vpc_link_id"] == graph.one("aws:apigateway/vpcLink:VpcLink").id
    assert outputs["bridge_nlb_dns_name"] == graph.one(NLB).outputs["dnsName"]
    assert outputs["bridge_instance_id"] == graph.one(INSTANCE).id
    assert outputs["bridge_instance_subnet_id"] == private_subnet(graph, 1).id
    assert outputs["bridge_operator_access"] == (
        f"aws ssm start-session --target {graph.one(INSTANCE).id} --region eu-west-1")


def test_component_children_are_parented_and_named(graph):
    component = graph.one("private-apis:bridge_host:BridgeHostApi")
    children = graph.children_of(component.urn)
    assert children and all(c.name.startswith("demo-") for c in children)


# --- the policy pack -------------------------------------------------------------------------------------------


def mandatory_violations(graph: Graph) -> list[str]:
    """Run the real pack over the graph through the analyzer protocol, as a preview does."""
    with analyzer.PolicyPackProcess(POLICIES, project="private-apis", stack="test", config={}) as process:
        info = process.info()
        result = analyzer.PackResult(name=info.name, version=info.version, path=POLICIES)
        process.configure(analyzer.reconcile_config(info.name, info, None))
        analyzer.collect(result, process.analyze(graph.resources), {r.urn: r for r in graph.resources},
                         [r.urn for r in graph.resources])
        analyzer.collect(result, [process.analyze_stack(graph.resources)], {r.urn: r for r in graph.resources},
                         [None])
    return [f"{v.policy} {v.resource_name}: {v.message}" for v in result.violations if v.level == "mandatory"]


@pytest.mark.parametrize("kwargs", [
    {},
    {"endpoint_type": "PRIVATE", "execute_api_vpc_endpoint_ids": [VPCE_A]},
    {"endpoint_type": "PRIVATE", "execute_api_vpc_endpoint_ids": [VPCE_A], "authorization": "COGNITO_USER_POOLS",
     "cognito_user_pool_arns": [POOL]},
], ids=["regional-iam", "private-iam", "private-cognito"])
def test_zero_mandatory_policy_violations(kwargs):
    assert mandatory_violations(build(**kwargs)) == []


# --- validation ------------------------------------------------------------------------------------------------

NETWORK = {"vpc_id": "vpc-1", "vpc_cidr": "10.40.0.0/16", "private_subnet_ids": ["subnet-a", "subnet-b"]}
PLACEMENT_FIELDS = {f.name for f in dataclasses.fields(NetworkPlacement)}


def args_error(**kwargs) -> str:
    """The error of args built from ``kwargs``, the NetworkPlacement fields among them going into ``placement``
    (over NETWORK), and of the component's check of that placement."""
    network = {key: kwargs.pop(key) for key in list(kwargs) if key in PLACEMENT_FIELDS}
    with pytest.raises(ConfigError) as caught:
        checked_placement(BridgeHostApiArgs(placement=NetworkPlacement(**{**NETWORK, **network}), **kwargs))
    return str(caught.value)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"app_port": 0},
     "Invalid configuration 'app_port': 0 is not a TCP port. Fix: set 'app_port' to a whole number from 1 to 65535"),
    ({"app_port": 70000},
     "Invalid configuration 'app_port': 70000 is not a TCP port. Fix: set 'app_port' to a whole number from 1 to "
     "65535"),
    ({"listener_port": "80"},
     "Invalid configuration 'listener_port': '80' is not a TCP port. Fix: set 'listener_port' to a whole number "
     "from 1 to 65535"),
    ({"private_subnet_ids": ["subnet-a"]},
     "Invalid configuration 'placement.private_subnet_ids': 1 private subnet(s) given: the internal NLB needs "
     "subnets in at least two availability zones. Fix: pass one private subnet id per AZ, for two or more AZs"),
    ({"private_subnet_ids": "subnet-a"},
     "Invalid configuration 'placement.private_subnet_ids': expected a list of subnet ids, one per AZ. Fix: pass "
     "one private subnet id per AZ, for two or more AZs"),
    ({"vpc_cidr": "10.40.0.0/33"},
     "Invalid configuration 'placement.vpc_cidr': '10.40.0.0/33' is not a valid CIDR block: '10.40.0.0/33' does "
     "not appear to be an IPv4 or IPv6 network. Fix: set 'placement.vpc_cidr' to a network address with a prefix "
     "length, e.g. 10.0.0.0/16"),
    ({"ssh_bastion": True, "public_subnet_ids": ["subnet-p"], "ssh_cidrs": ["0.0.0.0/0"]},
     "Invalid configuration 'ssh_cidrs': '0.0.0.0/0' opens access to the whole internet. Fix: list only the "
     "operator or client networks in 'ssh_cidrs', e.g. 203.0.113.0/24"),
    ({"ssh_bastion": True, "public_subnet_ids": ["subnet-p"], "ssh_cidrs": ["203.0.113.0/24", "::/0"]},
     "Invalid configuration 'ssh_cidrs': '::/0' opens access to the whole internet. Fix: list only the operator or "
     "client networks in 'ssh_cidrs', e.g. 203.0.113.0/24"),
    ({"ssh_bastion": True, "public_subnet_ids": ["subnet-p"], "ssh_cidrs": ["203.0.113.7/24"]},
     "Invalid configuration 'ssh_cidrs': '203.0.113.7/24' is not a valid CIDR block: 203.0.113.7/24 has host bits "
     "set (did you mean 203.0.113.0/24?). Fix: set 'ssh_cidrs' to a network address with a prefix length, e.g. "
     "10.0.0.0/16"),
    ({"ssh_bastion": True, "public_subnet_ids": ["subnet-p"]},
     "Invalid configuration 'ssh_cidrs': the SSH bastion is enabled but no network is allowed to reach it. Fix: "
     "list the operator networks in 'ssh_cidrs', e.g. [203.0.113.0/24], or set 'ssh_bastion' to false and use SSM "
     "Session Manager"),
    ({"ssh_cidrs": ["203.0.113.0/24"]},
     "Invalid configuration 'ssh_cidrs': SSH CIDRs are listed but the SSH bastion is disabled. Fix: set "
     "'ssh_bastion' to true, or remove 'ssh_cidrs'"),
    ({"ssh_key_name": "ops"},
     "Invalid configuration 'ssh_key_name': an SSH key pair is set but the SSH bastion is disabled. Fix: set "
     "'ssh_bastion' to true, or remove 'ssh_key_name'"),
    ({"ssh_bastion": True, "ssh_cidrs": ["203.0.113.0/24"]},
     "Invalid configuration 'placement.public_subnet_ids': the SSH bastion needs a public subnet and none is "
     "given. Fix: create the network with public_subnets=True and pass its placement"),
    ({"endpoint_type": "EDGE"},
     "Invalid configuration 'endpoint_type': 'EDGE' is not one of REGIONAL, PRIVATE. Fix: set 'endpoint_type' to "
     "one of: REGIONAL, PRIVATE"),
    ({"endpoint_type": "PRIVATE"},
     "Invalid configuration 'execute_api_vpc_endpoint_ids': a PRIVATE API needs the execute-api VPC endpoint its "
     "clients come through. Fix: list the endpoint ids in 'execute_api_vpc_endpoint_ids', or set 'endpoint_type' "
     "to REGIONAL"),
    ({"execute_api_vpc_endpoint_ids": [VPCE_A]},
     "Invalid configuration 'execute_api_vpc_endpoint_ids': VPC endpoint ids apply only to a PRIVATE API. Fix: set "
     "'endpoint_type' to PRIVATE, or remove 'execute_api_vpc_endpoint_ids'"),
    ({"endpoint_type": "PRIVATE", "execute_api_vpc_endpoint_ids": ["vpc-123"]},
     "Invalid configuration 'execute_api_vpc_endpoint_ids': 'vpc-123' is not a VPC endpoint id. Fix: use the id of "
     "an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    ({"authorization": "NONE"},
     "Invalid configuration 'authorization': 'NONE' is not one of AWS_IAM, COGNITO_USER_POOLS. Fix: set "
     "'authorization' to one of: AWS_IAM, COGNITO_USER_POOLS"),
    ({"authorization": "COGNITO_USER_POOLS"},
     "Invalid configuration 'cognito_user_pool_arns': Cognito authorization needs at least one user pool. Fix: list "
     "the user pool ARNs in 'cognito_user_pool_arns', or set 'authorization' to AWS_IAM"),
    ({"cognito_user_pool_arns": [POOL]},
     "Invalid configuration 'cognito_user_pool_arns': user pools are listed but authorization is not "
     "COGNITO_USER_POOLS. Fix: set 'authorization' to COGNITO_USER_POOLS, or remove 'cognito_user_pool_arns'"),
    ({"health_check_path": "healthz"},
     "Invalid configuration 'health_check_path': 'healthz' is not an absolute URL path. Fix: set "
     "'health_check_path' to a path starting with /, e.g. /healthz"),
    ({"instance_type": "large"},
     "Invalid configuration 'instance_type': 'large' is not an EC2 instance type. Fix: set 'instance_type' to a "
     "type such as t3.micro"),
])
def test_args_validation_errors(kwargs, message):
    assert args_error(**kwargs) == message


def test_a_missing_placement_is_refused():
    with pytest.raises(ConfigError) as caught:
        checked_placement(BridgeHostApiArgs())
    assert str(caught.value) == (
        "Invalid configuration 'placement': no network is given. Fix: pass placement=network.placement() of a "
        "PrivateNetwork, or a NetworkPlacement of your own VPC")


def test_the_component_rejects_an_output_list_of_subnets():
    def program() -> None:
        BridgeHostApi("demo", BridgeHostApiArgs(placement=NetworkPlacement(
            vpc_id="vpc-1", vpc_cidr="10.40.0.0/16",
            private_subnet_ids=pulumi.Output.from_input(["subnet-a", "subnet-b"]))))

    # The count of NLB subnets must be known at preview; an Output of a list is not.
    with pytest.raises(ConfigError, match=r"^Invalid configuration 'placement.private_subnet_ids': expected a list "
                                          r"of subnet ids"):
        run_program(program)


def test_validation_happens_before_any_resource_is_registered():
    registered: list = []

    def program() -> None:
        registered.append("started")
        BridgeHostApiArgs(placement=NetworkPlacement(**NETWORK, public_subnet_ids=["subnet-p"]),
                          ssh_cidrs=["0.0.0.0/0"], ssh_bastion=True)
        registered.append("args built")

    with pytest.raises(ConfigError):
        run_program(program)
    assert registered == ["started"]


def test_the_placement_is_checked_before_the_component_registers(monkeypatch):
    registered: list[str] = []
    original = pulumi.Resource.__init__

    def spy(self, t, name, *rest, **kwargs) -> None:
        registered.append(name)
        original(self, t, name, *rest, **kwargs)

    monkeypatch.setattr(pulumi.Resource, "__init__", spy)

    def program() -> None:
        BridgeHostApi("demo", BridgeHostApiArgs(placement=NetworkPlacement(**NETWORK), ssh_bastion=True,
                                                ssh_cidrs=["203.0.113.0/24"]))

    with pytest.raises(ConfigError, match=r"^Invalid configuration 'placement.public_subnet_ids'"):
        run_program(program)
    assert registered == ["private-apis-test"]  # the stack itself, nothing of the topology


# --- pure helpers ----------------------------------------------------------------------------------------------


def test_integration_uri():
    assert integration_uri("internal-x.elb.eu-west-1.amazonaws.com", 80, proxy=True) == \
        "http://internal-x.elb.eu-west-1.amazonaws.com:80/{proxy}"
    assert integration_uri("internal-x.elb.eu-west-1.amazonaws.com", 8000, proxy=False) == \
        "http://internal-x.elb.eu-west-1.amazonaws.com:8000/"


def test_render_user_data_embeds_the_app_and_its_port():
    source = "print('hello')\nAPP\n'quotes' and $dollars\n"
    user_data = render_user_data(source, 8080)
    assert user_data.startswith("#!/bin/bash\nset -euo pipefail\n")
    encoded = re.search(r"<<'APP'\n(.*?)\nAPP\n", user_data, re.S).group(1)
    assert base64.b64decode(encoded.replace("\n", "")).decode() == source
    assert "Environment=PORT=8080\n" in user_data
    assert "DynamicUser=yes" in user_data and "CAP_NET_BIND_SERVICE" not in user_data
    assert "systemctl enable --now bridge-demo.service" in user_data
    assert "AmbientCapabilities=CAP_NET_BIND_SERVICE\n" in render_user_data(source, 80)


def test_demo_user_data_fits_the_ec2_limit():
    assert len(render_user_data(DEMO_APP_PATH.read_text(), 8080).encode()) < 16 * 1024


def test_principal_account_of_the_network_allows():
    """The generator's ``principal_account_id``, which the bridge's PRIVATE API uses for IAM callers."""
    document = private_api_policy(vpc_endpoint_ids=[VPCE_A], source_vpc_ids=["vpc-0123456789abcdef0"],
                                  principal_account_id="123456789012", partition="aws-us-gov",
                                  resource="arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:*/*")
    root = {"AWS": "arn:aws-us-gov:iam::123456789012:root"}
    assert [(s["Sid"], s["Principal"]) for s in document["Statement"]] == [
        ("AllowFromVpcEndpoints", root), ("AllowFromVpcs", root), ("DenyOutsideAllowedNetworks", "*")]
    with pytest.raises(ConfigError, match="'12345' is not an AWS account id"):
        private_api_policy(vpc_endpoint_ids=[VPCE_A], principal_account_id="12345", resource=ACCOUNT_APIS)


def test_ssm_session_command():
    assert ssm_session_command("i-0123", "eu-west-1") == "aws ssm start-session --target i-0123 --region eu-west-1"


# --- the demo app ----------------------------------------------------------------------------------------------


@pytest.fixture
def demo_url():
    server = demo_server.make_server(0, "127.0.0.1")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.loads(response.read())


def test_demo_app_health_check(demo_url):
    assert fetch(f"{demo_url}/healthz") == (200, {"status": "ok"})


def test_demo_app_echoes_requests(demo_url):
    status, body = fetch(f"{demo_url}/orders/42?expand=1", data=b"{}",
                         headers={"x-amzn-apigateway-api-id": "abc123", "Content-Type": "application/json"})
    assert status == 200
    assert body["method"] == "POST"
    assert (body["path"], body["query"], body["body_bytes"]) == ("/orders/42", "expand=1", 2)
    assert body["api_gateway"] == {"x-amzn-apigateway-api-id": "abc123"}
