"""OnPremDomainApi: the resource graph of both modes under the offline engine's mocks, the pure helpers,
and every validation error."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from private_api_guard.lb.listener_tls_policy import DEFAULT_ALLOWED_SSL_POLICIES

from components.errors import ConfigError
from components.lambda_routes import FUNCTION_NAME_LIMIT
from components.network import NetworkPlacement, PrivateNetwork, PrivateNetworkArgs
from components.onprem_domain import (
    DEFAULT_API_SPECS,
    DEFAULT_APIS,
    DEFAULT_CODE_DIR,
    DEFAULT_SIMULATION_CIDR,
    DEFAULT_ZONE_NAME,
    NLB_SSL_POLICY,
    DomainApi,
    OnPremDomainApi,
    OnPremDomainApiArgs,
    api_url,
    checked_placement,
    onprem_domain_outputs,
    parse_api_spec,
)
from components.openapi_body import lambda_invoke_uri
from components.topology_spec import DeploymentTarget
from private_apis.testing import UNKNOWN, Graph, run_program
from tests.rest_api_body import IAM, INTEGRATION_KEY, body_of, lambda_proxy, operations, route_resource_types

PROJECT_DIR = Path(__file__).resolve().parent.parent
CERT = "arn:aws:acm:eu-west-1:111122223333:certificate/0f3c1a52-7d4e-4b8a-9c61-2e5f8a9b7c10"
VPC = "aws:ec2/vpc:Vpc"
ZONE = "aws:route53/zone:Zone"
RECORD = "aws:route53/record:Record"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
LB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
TARGET_GROUP = "aws:lb/targetGroup:TargetGroup"
ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment"
REST_API = "aws:apigateway/restApi:RestApi"
DOMAIN = "aws:apigateway/domainName:DomainName"
MAPPING = "aws:apigateway/basePathMapping:BasePathMapping"
ACCESS = "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation"
STAGE = "aws:apigateway/stage:Stage"
SG = "aws:ec2/securityGroup:SecurityGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ROUTE = "aws:ec2/route:Route"
PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"
PEERING_OPTIONS = "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions"
INSTANCE = "aws:ec2/instance:Instance"
CERTIFICATE = "aws:acm/certificate:Certificate"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def build(mode: str = "nlb", *, first_preview: bool = False, az_count: int = 2, region: str = "eu-west-1",
          **overrides: Any) -> Graph:
    def program() -> None:
        network = PrivateNetwork("network", PrivateNetworkArgs(az_count=az_count))
        fields: dict[str, Any] = {
            "placement": network.placement(),
            "mode": mode,
            "certificate_arn": CERT,
            "simulate_onprem": True,
            **overrides,
        }
        api = OnPremDomainApi("onprem", OnPremDomainApiArgs(**fields))
        for key, value in onprem_domain_outputs(api).items():
            pulumi.export(key, value)
        pulumi.export("eni_list", api.eni_addresses)

    # The stack deploys to the account that holds CERT, pinned as a stack pins it (issue 15: a certificate of another
    # account is refused; the offline engine's caller identity answers with the first aws:allowedAccountIds).
    return run_program(program, config={"aws:region": region, "aws:allowedAccountIds": ["111122223333"]},
                       first_preview=first_preview)


@pytest.fixture(scope="module")
def nlb() -> Graph:
    return build("nlb")


@pytest.fixture(scope="module")
def native() -> Graph:
    return build("native")


@pytest.fixture(scope="module", params=["nlb", "native"])
def either(request: pytest.FixtureRequest, nlb: Graph, native: Graph) -> Graph:
    return nlb if request.param == "nlb" else native


def vpc_ids(graph: Graph) -> dict[str, str]:
    return {r.name: r.id for r in graph.of_type(VPC)}


def execute_api_endpoint(graph: Graph) -> Any:
    return graph.one(ENDPOINT, "onprem-vpce-endpoint")


def api_policies(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """Each API's resource policy statements, inline on its RestApi, by API resource name."""
    return {api.name: json.loads(api.inputs["policy"])["Statement"] for api in graph.of_type(REST_API)}


# --- shared by both modes -----------------------------------------------------------------------


def test_component_token_and_children(either: Graph) -> None:
    component = either.one("private-apis:onprem_domain:OnPremDomainApi")
    assert component.name == "onprem"
    children = either.children_of(component.urn)
    assert children and all(c.name.startswith("onprem-") for c in children)


def test_zone_is_private_and_associated_with_both_vpcs(either: Graph) -> None:
    zone = either.one(ZONE)
    assert zone.inputs["name"] == "example.internal"
    vpcs = vpc_ids(either)
    assert sorted(v["vpcId"] for v in zone.inputs["vpcs"]) == sorted([vpcs["network-vpc"], vpcs["onprem-onprem-vpc"]])


def test_each_policy_admits_only_the_endpoint(either: Graph) -> None:
    endpoint_id = execute_api_endpoint(either).id
    # Inline on each API: the import of the body would clear a separate RestApiPolicy.
    assert either.of_type("aws:apigateway/restApiPolicy:RestApiPolicy") == []
    policies = api_policies(either)
    assert sorted(policies) == ["onprem-one-api", "onprem-two-api"]
    for statements in policies.values():
        assert [s["Effect"] for s in statements] == ["Allow", "Deny"]
        assert statements[0]["Condition"] == {"StringEquals": {"aws:SourceVpce": endpoint_id}}
        assert statements[1]["Condition"] == {"StringNotEquals": {"aws:SourceVpce": endpoint_id}}
    for api in either.of_type(REST_API):
        assert api.inputs["endpointConfiguration"] == {"types": "PRIVATE", "vpcEndpointIds": [endpoint_id]}


def test_each_api_policy_names_the_account_apis_and_admits_the_endpoint_by_the_account_root(either: Graph) -> None:
    # Inline on the RestApi, whose id does not exist yet, so by the account-scoped ARN (attached to one API, it
    # applies to that API only), stored as written: the execute-api:/* shorthand reads back expanded and shows a diff
    # on every `up` (hashicorp/terraform-provider-aws#5549, #15602). The methods are AWS_IAM, so the endpoint's
    # callers are admitted by this account's root: for a same-account caller the resource policy OR its IAM policy
    # suffices (API Gateway Developer Guide, "How API Gateway resource policies affect authorization workflow",
    # table A), and "*" would admit every signed principal of the account whatever its grants.
    policies = api_policies(either)
    for api in DEFAULT_APIS:
        rest_api = either.named(f"onprem-{api.name}-api")
        statements = policies[rest_api.name]
        account = rest_api.outputs["executionArn"].split(":")[4]
        assert {s["Resource"] for s in statements} == {f"arn:aws:execute-api:eu-west-1:{account}:*/*"}
        assert [s["Principal"] for s in statements] == [{"AWS": f"arn:aws:iam::{account}:root"}, "*"]


def test_with_none_authorization_the_endpoint_alone_admits() -> None:
    graph = build("nlb", authorization="NONE")
    policies = api_policies(graph)
    assert sorted(policies) == ["onprem-one-api", "onprem-two-api"]
    for statements in policies.values():
        assert [s["Principal"] for s in statements] == ["*", "*"]


def test_every_same_account_caller_the_component_creates_has_its_grant(either: Graph) -> None:
    # With the account's root as the API policy's principal, the simulated client reaches an API only through an
    # identity grant naming it (the root delegates to the account's IAM policies, IAM User Guide, "AWS JSON policy
    # elements: Principal"): one grant per API.
    granted = {json.loads(p.inputs["policy"])["Statement"][0]["Resource"][0].rsplit("/", 3)[0]
               for p in either.of_type(ROLE_POLICY) if p.name.startswith("onprem-client-invoke-")}
    assert granted == {a.outputs["executionArn"] for a in either.of_type(REST_API)}


def test_endpoint_is_an_interface_in_every_subnet_without_private_dns(either: Graph) -> None:
    # Neither mode needs private DNS (the NLB targets the endpoint's addresses; native domains resolve through the
    # private zone), and it would capture every *.execute-api name of the shared VPC (tests/test_private_dns.py).
    endpoint = execute_api_endpoint(either)
    assert endpoint.inputs["privateDnsEnabled"] is False
    assert endpoint.inputs["vpcEndpointType"] == "Interface"
    assert len(endpoint.inputs["subnetIds"]) == 2


def test_every_method_is_iam_authorised_and_api_one_has_test_resource(either: Graph) -> None:
    found = {name: operations(body_of(either, f"onprem-{name}-api")) for name in ("one", "two")}
    assert {name: {key: op["security"] for key, op in ops.items()} for name, ops in found.items()} == {
        "one": {"GET /": IAM, "GET /test-resource": IAM}, "two": {"GET /": IAM}}
    for name, slug, key in (("one", "get-root", "GET /"), ("one", "get-test-resource", "GET /test-resource"),
                            ("two", "get-root", "GET /")):
        function = either.named(f"onprem-{name}-{slug}-function")
        account = function.outputs["arn"].split(":")[4]
        assert found[name][key][INTEGRATION_KEY] == lambda_proxy(
            lambda_invoke_uri("aws", "eu-west-1", account, function.inputs["name"]))
        assert "parameters" not in found[name][key]
    assert body_of(either, "onprem-one-api")["info"]["title"] == "private-apis-test-onprem-one"
    assert all(api.inputs["putRestApiMode"] == "overwrite" for api in either.of_type(REST_API))
    assert route_resource_types(either) == []


def test_base_path_mappings_point_at_their_api_and_stage(either: Graph) -> None:
    for api in DEFAULT_APIS:
        mapping = either.named(f"onprem-{api.name}-mapping")
        rest_api = either.named(f"onprem-{api.name}-api")
        stage = either.named(f"onprem-{api.name}-stage")
        assert mapping.inputs["restApi"] == rest_api.id
        assert mapping.inputs["stageName"] == stage.inputs["stageName"] == "v1"
        assert mapping.inputs["domainName"] == api.domain_name
        assert not mapping.inputs.get("basePath")
        assert stage.inputs["restApi"] == rest_api.id


def test_domains_use_tls_1_2(either: Graph) -> None:
    domains = either.of_type(DOMAIN)
    assert sorted(d.inputs["domainName"] for d in domains) == ["api.example.internal", "api2.example.internal"]
    assert {d.inputs["securityPolicy"] for d in domains} == {"TLS_1_2"}


def test_every_listener_is_tls_with_an_allowed_policy(either: Graph) -> None:
    for listener in either.of_type(LISTENER):
        assert listener.inputs["protocol"] == "TLS"
        assert listener.inputs["sslPolicy"] in DEFAULT_ALLOWED_SSL_POLICIES
        assert listener.inputs["certificateArn"] == CERT


def test_every_load_balancer_is_internal(either: Graph) -> None:
    assert all(lb.inputs["internal"] is True for lb in either.of_type(LB))


def test_peering_with_dns_and_routes_both_ways(either: Graph) -> None:
    vpcs = vpc_ids(either)
    peering = either.one(PEERING)
    assert peering.inputs["vpcId"] == vpcs["network-vpc"]
    assert peering.inputs["peerVpcId"] == vpcs["onprem-onprem-vpc"]
    assert peering.inputs["autoAccept"] is True
    options = either.one(PEERING_OPTIONS)
    assert options.inputs["requester"] == {"allowRemoteVpcDnsResolution": True}
    assert options.inputs["accepter"] == {"allowRemoteVpcDnsResolution": True}
    routes = [r for r in either.of_type(ROUTE) if r.inputs.get("vpcPeeringConnectionId") == peering.id]
    to_onprem = {r.inputs["routeTableId"] for r in routes if r.inputs["destinationCidrBlock"] == "10.60.0.0/16"}
    to_api = {r.inputs["routeTableId"] for r in routes if r.inputs["destinationCidrBlock"] == "10.40.0.0/16"}
    assert to_onprem == {either.named(f"network-private-rt-{i}").id for i in (1, 2)}
    assert to_api == {either.named(f"onprem-onprem-private-rt-{i}").id for i in (1, 2)}


def test_client_is_private_imdsv2_encrypted_with_ssm(either: Graph) -> None:
    client = either.one(INSTANCE)
    assert client.inputs["associatePublicIpAddress"] is False
    assert client.inputs["metadataOptions"]["httpTokens"] == "required"
    assert client.inputs["rootBlockDevice"]["encrypted"] is True
    assert client.inputs["subnetId"] == either.named("onprem-onprem-private-1").id
    assert either.outputs["onprem_operator_access"].startswith(f"aws ssm start-session --target {client.id}")


def test_client_identity_is_ssm_core_plus_the_invoke_grants(either: Graph) -> None:
    role = either.named("onprem-client-role")
    assert json.loads(role.inputs["assumeRolePolicy"])["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}}]
    attachment = either.named("onprem-client-ssm-core")
    assert (attachment.inputs["role"], attachment.inputs["policyArn"]) == (
        role.outputs["name"], "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
    assert sorted(p.name for p in either.of_type(ROLE_POLICY) if p.inputs["role"] == role.id) == [
        "onprem-client-invoke-one", "onprem-client-invoke-two"]
    profile = either.named("onprem-client-profile")
    assert profile.inputs["role"] == role.outputs["name"]
    client = either.one(INSTANCE)
    assert client.inputs["iamInstanceProfile"] == profile.outputs["name"]
    assert client.inputs["metadataOptions"]["httpPutResponseHopLimit"] == 1
    assert client.inputs["rootBlockDevice"] == {"encrypted": True, "volumeType": "gp3", "deleteOnTermination": True}
    assert "keyName" not in client.inputs
    assert client.options["ignoreChanges"] == ["ami"]


def test_client_may_invoke_exactly_the_routes(either: Graph) -> None:
    documents = {p.name: json.loads(p.inputs["policy"]) for p in either.of_type(ROLE_POLICY)
                 if p.name.startswith("onprem-client-invoke-")}
    one = either.named("onprem-one-api").outputs["executionArn"]
    assert documents["onprem-client-invoke-one"]["Statement"][0]["Resource"] == [
        f"{one}/v1/GET/", f"{one}/v1/GET/test-resource"]
    assert len(documents) == 2


def test_no_security_group_rule_is_world_open(either: Graph) -> None:
    for rule in either.of_type(INGRESS):
        assert rule.inputs.get("cidrIpv4") not in ("0.0.0.0/0",)
        assert rule.inputs.get("cidrIpv6") not in ("::/0",)


def test_outputs(either: Graph) -> None:
    outputs = either.outputs
    assert outputs["onprem_domain_names"] == ["api.example.internal", "api2.example.internal"]
    assert outputs["onprem_api_urls"] == ["https://api.example.internal/", "https://api2.example.internal/"]
    assert outputs["onprem_rest_api_ids"] == [either.named("onprem-one-api").id, either.named("onprem-two-api").id]
    assert outputs["onprem_zone_id"] == either.one(ZONE).id
    assert outputs["onprem_vpc_endpoint_id"] == execute_api_endpoint(either).id
    assert outputs["onprem_vpc_endpoint_dns_names"] == [
        e["dnsName"] for e in execute_api_endpoint(either).outputs["dnsEntries"]]
    assert outputs["onprem_simulation_vpc_id"] == vpc_ids(either)["onprem-onprem-vpc"]


# --- nlb mode -----------------------------------------------------------------------------------


def test_targets_are_the_endpoint_interface_addresses(nlb: Graph) -> None:
    endpoint = execute_api_endpoint(nlb)
    attachments = nlb.of_type(ATTACHMENT)
    assert len(attachments) == len(endpoint.inputs["subnetIds"]) == 2
    addresses = nlb.outputs["eni_list"]
    assert sorted(a.inputs["targetId"] for a in attachments) == sorted(addresses)
    assert all(a.inputs["port"] == 443 for a in attachments)
    assert {a.inputs["targetGroupArn"] for a in attachments} == {nlb.one(TARGET_GROUP).id}
    # One address in each of the endpoint's subnets.
    cidrs = [ipaddress.ip_network(nlb.named(f"network-private-{i}").inputs["cidrBlock"]) for i in (1, 2)]
    assert sorted(next(i for i, c in enumerate(cidrs) if ipaddress.ip_address(a) in c) for a in addresses) == [0, 1]


def test_target_count_follows_the_subnet_count() -> None:
    graph = build("nlb", az_count=3)
    assert len(graph.of_type(ATTACHMENT)) == 3
    assert len(graph.outputs["eni_list"]) == 3


def test_target_group_is_tls_ip_with_tcp_health_checks(nlb: Graph) -> None:
    group = nlb.one(TARGET_GROUP)
    assert (group.inputs["targetType"], group.inputs["protocol"], group.inputs["port"]) == ("ip", "TLS", 443)
    assert group.inputs["healthCheck"]["protocol"] == "TCP"
    assert group.inputs["healthCheck"]["port"] == "443"


def test_listener_forwards_tls_443_with_the_recommended_policy(nlb: Graph) -> None:
    listener = nlb.one(LISTENER)
    assert (listener.inputs["port"], listener.inputs["sslPolicy"]) == (443, NLB_SSL_POLICY)
    assert listener.inputs["loadBalancerArn"] == nlb.one(LB).id
    assert listener.inputs["defaultActions"][0]["targetGroupArn"] == nlb.one(TARGET_GROUP).id


def test_nlb_in_the_endpoint_subnets_with_its_security_group(nlb: Graph) -> None:
    lb = nlb.one(LB)
    assert lb.inputs["loadBalancerType"] == "network"
    assert lb.inputs["subnets"] == execute_api_endpoint(nlb).inputs["subnetIds"]
    assert lb.inputs["securityGroups"] == [nlb.named("onprem-nlb-sg").id]


def test_nlb_admits_onprem_only_and_endpoint_admits_the_nlb_only(nlb: Graph) -> None:
    nlb_sg = nlb.named("onprem-nlb-sg").id
    endpoint_sg = nlb.named("onprem-vpce-sg").id
    rules = [r for r in nlb.of_type(INGRESS) if r.inputs["securityGroupId"] in (nlb_sg, endpoint_sg)]
    assert {(r.inputs["securityGroupId"], r.inputs.get("cidrIpv4"), r.inputs.get("referencedSecurityGroupId"),
             r.inputs["fromPort"], r.inputs["toPort"]) for r in rules} == {
        (nlb_sg, "10.60.0.0/16", None, 443, 443), (endpoint_sg, None, nlb_sg, 443, 443)}
    egress = nlb.named("onprem-nlb-to-vpce")
    assert egress.inputs["referencedSecurityGroupId"] == endpoint_sg


def test_regional_domains_with_regional_certificate(nlb: Graph) -> None:
    for domain in nlb.of_type(DOMAIN):
        assert domain.inputs["endpointConfiguration"] == {"types": "REGIONAL"}
        assert domain.inputs["regionalCertificateArn"] == CERT
        assert "certificateArn" not in domain.inputs
    assert not nlb.of_type(ACCESS)


def test_records_alias_the_nlb(nlb: Graph) -> None:
    lb = nlb.one(LB)
    records = nlb.of_type(RECORD)
    assert sorted(r.inputs["name"] for r in records) == ["api.example.internal", "api2.example.internal"]
    for record in records:
        assert record.inputs["zoneId"] == nlb.one(ZONE).id
        assert record.inputs["type"] == "A"
        assert record.inputs["aliases"] == [{"name": lb.outputs["dnsName"], "zoneId": lb.outputs["zoneId"],
                                             "evaluateTargetHealth": True}]
    assert nlb.outputs["onprem_nlb_dns_name"] == lb.outputs["dnsName"]


# --- native mode --------------------------------------------------------------------------------


def test_native_has_no_load_balancer(native: Graph) -> None:
    assert not native.of_type(LB) and not native.of_type(LISTENER) and not native.of_type(ATTACHMENT)
    assert native.outputs.get("onprem_nlb_dns_name") is None


def test_native_private_domains_with_policy_and_access_association(native: Graph) -> None:
    endpoint_id = execute_api_endpoint(native).id
    domains = native.of_type(DOMAIN)
    for domain in domains:
        assert domain.inputs["endpointConfiguration"] == {"types": "PRIVATE"}
        assert domain.inputs["certificateArn"] == CERT
        assert "regionalCertificateArn" not in domain.inputs
        statements = json.loads(domain.inputs["policy"])["Statement"]
        assert statements[1]["Condition"] == {"StringNotEquals": {"aws:SourceVpce": endpoint_id}}
        # Inline on the domain, whose id API Gateway assigns on creation: the domain's ARN with a wildcard id
        # (/domainnames/{name}+{id}, API Gateway Developer Guide, "API provider: Share your private custom domain
        # name using the API Gateway AWS CLI"), not the execute-api:/* shorthand, stored expanded (a diff on every
        # `up`, hashicorp/terraform-provider-aws#5549). The domain's policy is the network gate ("*" from the
        # endpoint); the mapped API's own policy then requires the caller's identity grant.
        account = native.named("onprem-one-api").outputs["executionArn"].split(":")[4]
        resource = f"arn:aws:execute-api:eu-west-1:{account}:/domainnames/{domain.inputs['domainName']}+*"
        assert [(s["Principal"], s["Resource"]) for s in statements] == [("*", resource), ("*", resource)]
    associations = native.of_type(ACCESS)
    assert sorted(a.inputs["domainNameArn"] for a in associations) == sorted(d.outputs["arn"] for d in domains)
    assert {(a.inputs["accessAssociationSource"], a.inputs["accessAssociationSourceType"])
            for a in associations} == {(endpoint_id, "VPCE")}


def test_native_mappings_use_domain_name_id(native: Graph) -> None:
    for api in DEFAULT_APIS:
        mapping = native.named(f"onprem-{api.name}-mapping")
        domain = native.named(f"onprem-{api.name}-domain")
        assert mapping.inputs["domainNameId"] == domain.outputs["domainNameId"]


def test_native_records_alias_the_endpoint(native: Graph) -> None:
    entry = execute_api_endpoint(native).outputs["dnsEntries"][0]
    for record in native.of_type(RECORD):
        assert record.inputs["aliases"] == [{"name": entry["dnsName"], "zoneId": entry["hostedZoneId"],
                                             "evaluateTargetHealth": False}]


def test_native_endpoint_admits_onprem_ranges(native: Graph) -> None:
    endpoint_sg = native.named("onprem-vpce-sg").id
    rules = [r for r in native.of_type(INGRESS) if r.inputs["securityGroupId"] == endpoint_sg]
    assert [r.inputs["cidrIpv4"] for r in rules] == ["10.60.0.0/16"]


# --- variants -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["nlb", "native"])
def test_first_preview_does_not_crash(mode: str) -> None:
    graph = build(mode, first_preview=True)
    assert graph.outputs["onprem_domain_names"] == ["api.example.internal", "api2.example.internal"]
    # The methods are known before anything exists, so the pack judges them in a first preview.
    assert {key: op["security"] for key, op in operations(body_of(graph, "onprem-two-api")).items()} == {"GET /": IAM}
    assert graph.outputs["onprem_eni_addresses"] == UNKNOWN
    if mode == "nlb":
        assert len(graph.of_type(ATTACHMENT)) == 2


def test_requested_certificate_is_dns_validated_in_the_public_zone() -> None:
    graph = build("nlb", certificate_arn=None, validation_zone_id="Z0123456789ABCDEFGHIJ")
    certificate = graph.one(CERTIFICATE)
    assert certificate.inputs["domainName"] == "api.example.internal"
    assert certificate.inputs["subjectAlternativeNames"] == ["api2.example.internal"]
    assert certificate.inputs["validationMethod"] == "DNS"
    validation_records = [r for r in graph.of_type(RECORD) if r.inputs["zoneId"] == "Z0123456789ABCDEFGHIJ"]
    options = {o["resourceRecordName"]: o["resourceRecordValue"]
               for o in certificate.outputs["domainValidationOptions"]}
    assert {r.inputs["name"]: r.inputs["records"][0] for r in validation_records} == options
    validated = graph.one(VALIDATION)
    assert validated.inputs["certificateArn"] == certificate.id
    assert graph.one(LISTENER).inputs["certificateArn"] == certificate.id


def test_real_onprem_ranges_without_simulation() -> None:
    graph = build("nlb", simulate_onprem=False, onprem_cidrs=["172.16.0.0/12", "192.168.10.0/24"])
    assert not graph.of_type(PEERING) and not graph.of_type(INSTANCE)
    zone = graph.one(ZONE)
    assert [v["vpcId"] for v in zone.inputs["vpcs"]] == [vpc_ids(graph)["network-vpc"]]
    nlb_sg = graph.named("onprem-nlb-sg").id
    assert sorted(r.inputs["cidrIpv4"] for r in graph.of_type(INGRESS) if r.inputs["securityGroupId"] == nlb_sg) \
        == ["172.16.0.0/12", "192.168.10.0/24"]
    assert graph.outputs.get("onprem_client_instance_id") is None


# --- pure helpers -------------------------------------------------------------------------------


def test_parse_api_spec() -> None:
    assert parse_api_spec("one|api.example.internal|GET /|GET /test-resource", "k") == DomainApi(
        "one", "api.example.internal", ("GET /", "GET /test-resource"))
    with pytest.raises(ConfigError, match=r"is not 'name\|domain"):
        parse_api_spec("one|api.example.internal", "k")


def test_api_url() -> None:
    assert api_url("api.example.internal") == "https://api.example.internal/"


CERTIFICATE_IN_ANOTHER_REGION = (
    "Invalid configuration 'certificate_arn': the certificate is in eu-west-1 but the stack deploys to us-east-1. "
    "Fix: import or request the certificate in us-east-1, or deploy the stack to eu-west-1")


def test_certificate_must_be_in_the_stack_region() -> None:
    args = OnPremDomainApiArgs(**base_args())
    args.check_deployment_target(DeploymentTarget("eu-west-1", "the stack deploys to eu-west-1", "111122223333"))
    with pytest.raises(ConfigError) as error:
        args.check_deployment_target(DeploymentTarget("us-east-1", "the stack deploys to us-east-1"))
    assert str(error.value) == CERTIFICATE_IN_ANOTHER_REGION


def test_the_component_refuses_a_certificate_of_another_region() -> None:
    with pytest.raises(ConfigError) as error:
        build("nlb", region="us-east-1")
    assert str(error.value) == CERTIFICATE_IN_ANOTHER_REGION


def test_function_names_fit() -> None:
    assert len("private-apis-dev-onprem-one-get-test-resource") <= FUNCTION_NAME_LIMIT


# --- validation ---------------------------------------------------------------------------------


NETWORK = {"vpc_id": "vpc-0123456789abcdef0", "vpc_cidr": "10.40.0.0/16",
           "private_subnet_ids": ["subnet-a", "subnet-b"], "private_route_table_ids": ["rtb-a"]}
PLACEMENT_FIELDS = {f.name for f in dataclasses.fields(NetworkPlacement)}


def base_args(**overrides: Any) -> dict[str, Any]:
    """Args fields: the NetworkPlacement fields among ``overrides`` go into ``placement`` (over NETWORK)."""
    network = {key: overrides.pop(key) for key in list(overrides) if key in PLACEMENT_FIELDS}
    return {"placement": NetworkPlacement(**{**NETWORK, **network}), "certificate_arn": CERT,
            "simulate_onprem": True, **overrides}


INVALID = [
    ({"mode": "alb"}, "Invalid configuration 'mode': 'alb' is not one of nlb, native. Fix: set 'mode' to one of: "
                      "nlb, native"),
    ({"apis": ()}, "Invalid configuration 'apis': no API is defined. Fix: list at least one API, e.g. "
                   "'one|api.example.internal|GET /|GET /test-resource'"),
    ({"apis": (DomainApi("one", "api..example.internal", ("GET /",)),)},
     "Invalid configuration 'apis': 'api..example.internal' is not a valid domain name. Fix: set 'apis' to a name "
     "such as api.example.internal"),
    ({"apis": (DomainApi("one", "api.example.com", ("GET /",)),)},
     "Invalid configuration 'apis': 'api.example.com' is not inside the hosted zone 'example.internal'. Fix: use a "
     "name ending in .example.internal or change the zone"),
    ({"apis": (DomainApi("one", "a.example.internal", ("GET /",)), DomainApi("two", "a.example.internal", ("GET /",)))},
     "Invalid configuration 'apis': domain 'a.example.internal' is used by two APIs. Fix: give each API its own "
     "domain name (one base path mapping per domain)"),
    ({"zone_name": "internal"}, "Invalid configuration 'zone_name': 'internal' is not a valid domain name. Fix: set "
                                "'zone_name' to a name such as api.example.internal"),
    ({"certificate_arn": None},
     "Invalid configuration 'certificate_arn': certificate required: neither a certificate ARN nor a public zone to "
     "validate a new certificate in is given. Fix: set 'certificate_arn' to an issued or imported ACM certificate "
     "covering every domain, or 'validation_zone_id' to a public zone to request one in"),
    ({"certificate_arn": "arn:aws:iam::111122223333:server-certificate/x"},
     "Invalid configuration 'certificate_arn': 'arn:aws:iam::111122223333:server-certificate/x' is not an ACM "
     "certificate ARN. Fix: use arn:aws:acm:<region>:<account>:certificate/<uuid> of an issued or imported "
     "certificate covering every domain name"),
    ({"simulation_cidr": "10.40.128.0/17"},
     "Invalid configuration 'simulation_cidr': the API VPC 10.40.0.0/16 overlaps the simulated data centre "
     "10.40.128.0/17. Fix: choose non-overlapping ranges in 'simulation_cidr'"),
    ({"simulate_onprem": False, "onprem_cidrs": ["10.0.0.0/8"]},
     "Invalid configuration 'onprem_cidrs': the API VPC 10.40.0.0/16 overlaps on-premises range 10.0.0.0/8. Fix: "
     "choose non-overlapping ranges in 'onprem_cidrs'"),
    ({"onprem_cidrs": ["0.0.0.0/0"]},
     "Invalid configuration 'onprem_cidrs': '0.0.0.0/0' opens access to the whole internet. Fix: list only the "
     "operator or client networks in 'onprem_cidrs', e.g. 203.0.113.0/24"),
    ({"simulate_onprem": False},
     "Invalid configuration 'onprem_cidrs': no on-premises network is given, so nobody could reach the APIs. Fix: "
     "list the data centre ranges in 'onprem_cidrs' or turn on 'simulate_onprem'"),
    ({"private_subnet_ids": ["subnet-a"]},
     "Invalid configuration 'placement.private_subnet_ids': 1 subnet(s) given; an endpoint in a single AZ goes down "
     "with that AZ. Fix: pass one subnet per AZ in 'placement.private_subnet_ids', at least 2"),
    ({"private_route_table_ids": []},
     "Invalid configuration 'placement.private_route_table_ids': the simulation peers the VPCs but no API route "
     "table is given. Fix: pass the route tables of the API VPC's private subnets"),
]


@pytest.mark.parametrize(("overrides", "message"), INVALID)
def test_args_validation(overrides: dict[str, Any], message: str) -> None:
    """Each mistake is refused by the args or, for the network, by the component's check of the placement."""
    with pytest.raises(ConfigError) as error:
        checked_placement(OnPremDomainApiArgs(**base_args(**overrides)))
    assert str(error.value) == message


def test_a_missing_placement_is_refused() -> None:
    with pytest.raises(ConfigError) as error:
        checked_placement(OnPremDomainApiArgs(**{**base_args(), "placement": None}))
    assert str(error.value) == ("Invalid configuration 'placement': no API VPC is given. Fix: pass "
                                "placement=network.placement() of the shared PrivateNetwork")


def test_valid_args_pass() -> None:
    args = OnPremDomainApiArgs(**base_args())
    assert args.client_cidrs() == ("10.60.0.0/16",)
    assert checked_placement(args) == NetworkPlacement(**NETWORK)


# --- handler, config schema and stack files -----------------------------------------------------


def test_handler_names_api_path_and_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("onprem_hello_app", f"{DEFAULT_CODE_DIR}/app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setenv("API_NAME", "one")
    response = module.handler({"resource": "/test-resource", "path": "/test-resource",
                               "requestContext": {"identity": {"vpceId": "vpce-0123456789abcdef0"}}}, None)
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"api": "one", "resource": "/test-resource", "path": "/test-resource",
                                            "vpce": "vpce-0123456789abcdef0"}


def test_config_keys_declared_with_the_loader_defaults() -> None:
    declared = yaml.safe_load((PROJECT_DIR / "Pulumi.yaml").read_text(encoding="utf-8"))["config"]
    onprem = {k: v for k, v in declared.items() if k.startswith("onprem")}
    assert onprem["onpremMode"]["default"] == "nlb"
    assert onprem["onpremZoneName"]["default"] == DEFAULT_ZONE_NAME
    assert onprem["onpremApis"]["default"] == list(DEFAULT_API_SPECS)
    assert onprem["onpremSimulationCidr"]["default"] == DEFAULT_SIMULATION_CIDR
    assert onprem["onpremPrivateDns"]["default"] is False
    assert all(v["type"] in ("string", "integer", "boolean", "array") and v.get("description")
               for v in onprem.values())


@pytest.mark.parametrize(("stack", "mode"), [("dev", "nlb"), ("native", "native")])
def test_stack_files_deploy_the_topology(stack: str, mode: str) -> None:
    config = yaml.safe_load((PROJECT_DIR / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))["config"]
    assert "onprem-domain" in config["private-apis:topologies"]
    assert config["private-apis:onpremMode"] == mode
    assert config["private-apis:onpremSimulation"] is True
    assert config["aws:region"] == "eu-west-1"
