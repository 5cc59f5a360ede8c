"""Every stack file really shapes the graph: the real program, run per stack by the offline engine with the pack.

Expectations come from each Pulumi.<stack>.yaml (with Pulumi.yaml's defaults), so a new stack file is checked as
soon as it exists; the prod stack's design choices are also pinned explicitly. Stack outputs are deliberately not
asserted on: only resources, their types, parents and input properties.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from private_apis.engine.preview import PreviewOptions, PreviewResult, preview
from private_apis.engine.recorder import Graph, RecordedResource

ROOT = Path(__file__).resolve().parent.parent
POLICIES = str(ROOT / "policies")
PROJECT = "private-apis"
STACKS = sorted(p.name[len("Pulumi."):-len(".yaml")] for p in ROOT.glob("Pulumi.*.yaml"))

NETWORK = "private-apis:network:PrivateNetwork"
TOPOLOGY_COMPONENTS = {
    "bridge-host": "private-apis:bridge_host:BridgeHostApi",
    "private-serverless": "private-apis:private_serverless:PrivateServerlessApi",
    "onprem-domain": "private-apis:onprem_domain:OnPremDomainApi",
    "iam-internal": "private-apis:iam_internal:IamInternalApi",
}
VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
INSTANCE = "aws:ec2/instance:Instance"
NAT_GATEWAY = "aws:ec2/natGateway:NatGateway"
INTERNET_GATEWAY = "aws:ec2/internetGateway:InternetGateway"
PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"
VPC_LINK = "aws:apigateway/vpcLink:VpcLink"
VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
# Names AWS requires to be unique per account and region (or per role): two stacks in one account must not share one.
ACCOUNT_UNIQUE_NAMES = ("aws:lambda/function:Function", LOG_GROUP, "aws:ssm/parameter:Parameter",
                        "aws:iam/rolePolicy:RolePolicy")


def stack_setting(stack: str, name: str) -> Any:
    """A project config value as the program sees it: the stack file's, else Pulumi.yaml's default."""
    config = yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))["config"]
    if f"{PROJECT}:{name}" in config:
        return config[f"{PROJECT}:{name}"]
    return yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["config"][name]["default"]


def region(stack: str) -> str:
    return yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8"))["config"]["aws:region"]


@pytest.fixture
def previews(stack_preview: Callable[[str], PreviewResult]) -> Callable[[str], PreviewResult]:
    """One offline preview per stack with the policy pack (tests/conftest.py runs each once per session)."""
    return stack_preview


def api_network(graph: Graph) -> RecordedResource:
    """The shared API network: the PrivateNetwork at the top of the stack (the simulated data centre's is nested)."""
    networks = [r for r in graph.of_type(NETWORK) if r.name == "network"]
    assert len(networks) == 1, [r.urn for r in graph.of_type(NETWORK)]
    return networks[0]


def children(graph: Graph, parent: RecordedResource, token: str) -> list[RecordedResource]:
    return [r for r in graph.of_type(token) if r.parent == parent.urn]


def under(graph: Graph, component: str) -> list[RecordedResource]:
    """Every resource of the component type or with one among its ancestors (children, grandchildren, ...)."""
    by_urn = {r.urn: r for r in graph.resources}

    def lineage(resource: RecordedResource | None) -> Iterator[RecordedResource]:
        while resource is not None:
            yield resource
            resource = by_urn.get(resource.parent) if resource.parent else None

    return [r for r in graph.resources if any(a.type == component for a in lineage(r))]


def test_the_stacks_under_test_are_the_stack_files() -> None:
    assert {"dev", "prod", "native"} <= set(STACKS)


# --- the network follows vpcCidr, azCount, egress and flowLogRetentionDays ------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_vpc_cidr_is_the_stacks_vpc_cidr(previews, stack: str) -> None:
    graph = previews(stack).graph
    vpcs = children(graph, api_network(graph), VPC)
    assert [v.inputs["cidrBlock"] for v in vpcs] == [stack_setting(stack, "vpcCidr")]


@pytest.mark.parametrize("stack", STACKS)
def test_one_private_subnet_per_az_inside_the_vpc(previews, stack: str) -> None:
    graph = previews(stack).graph
    network = api_network(graph)
    vpc = ipaddress.ip_network(stack_setting(stack, "vpcCidr"))
    subnets = [s for s in children(graph, network, SUBNET) if s.inputs["tags"].get("tier") == "private"]
    zones = [s.inputs["availabilityZone"] for s in subnets]
    cidrs = [ipaddress.ip_network(s.inputs["cidrBlock"]) for s in subnets]
    assert len(subnets) == stack_setting(stack, "azCount")
    assert len(set(zones)) == len(zones), zones
    assert all(zone.startswith(region(stack)) for zone in zones), zones
    assert all(cidr.subnet_of(vpc) for cidr in cidrs), (vpc, cidrs)
    assert not any(a.overlaps(b) for i, a in enumerate(cidrs) for b in cidrs[i + 1:]), cidrs
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in subnets)


@pytest.mark.parametrize("stack", STACKS)
def test_execute_api_endpoints_span_every_az(previews, stack: str) -> None:
    """The execute-api endpoints sit in every private subnet, so an AZ outage leaves the APIs reachable."""
    graph = previews(stack).graph
    subnet_ids = {s.id for s in children(graph, api_network(graph), SUBNET)
                  if s.inputs["tags"].get("tier") == "private"}
    execute_api = [e for e in graph.of_type(VPC_ENDPOINT) if e.inputs["serviceName"].endswith(".execute-api")
                   and e.inputs.get("vpcId") == children(graph, api_network(graph), VPC)[0].id]
    assert execute_api, "every stack file deploys a topology with an execute-api endpoint in the API VPC"
    assert all(set(e.inputs["subnetIds"]) == subnet_ids for e in execute_api), \
        [(e.name, e.inputs["subnetIds"]) for e in execute_api]


@pytest.mark.parametrize("stack", STACKS)
def test_egress_and_flow_log_retention_follow_the_stack(previews, stack: str) -> None:
    graph = previews(stack).graph
    network = api_network(graph)
    nat_gateways = children(graph, network, NAT_GATEWAY)
    if stack_setting(stack, "egress") == "none":
        assert nat_gateways == [] and children(graph, network, INTERNET_GATEWAY) == []
        services = {e.inputs["serviceName"].rsplit(".", 1)[1] for e in children(graph, network, VPC_ENDPOINT)}
        assert {"ssm", "ssmmessages", "ec2messages", "logs"} <= services
    else:
        per_az = stack_setting(stack, "natGateways") == "per-az"
        assert len(nat_gateways) == (stack_setting(stack, "azCount") if per_az else 1)
    flow_logs = [g for g in children(graph, network, LOG_GROUP) if g.name == "network-flow-logs"]
    assert [g.inputs["retentionInDays"] for g in flow_logs] == [stack_setting(stack, "flowLogRetentionDays")]


# --- the topologies follow `topologies` ---------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_topology_components_are_the_selected_topologies(previews, stack: str) -> None:
    graph = previews(stack).graph
    selected = stack_setting(stack, "topologies")
    deployed = Counter(r.type for r in graph.resources if r.type in TOPOLOGY_COMPONENTS.values())
    assert deployed == Counter(TOPOLOGY_COMPONENTS[t] for t in selected)


@pytest.mark.parametrize("stack", STACKS)
def test_unselected_topologies_leave_no_resource(previews, stack: str) -> None:
    graph = previews(stack).graph
    selected = set(stack_setting(stack, "topologies"))
    for topology, component in TOPOLOGY_COMPONENTS.items():
        owned = under(graph, component)
        tagged = [r.name for r in graph.resources if (r.inputs.get("tags") or {}).get("topology") == topology]
        if topology in selected:
            assert len(owned) > 1, f"{topology} is selected but its component has no children"
        else:
            assert owned == [] and tagged == [], (topology, [r.urn for r in owned], tagged)


@pytest.mark.parametrize("stack", STACKS)
def test_the_simulated_data_centre_exists_only_when_asked_for(previews, stack: str) -> None:
    graph = previews(stack).graph
    simulated = "onprem-domain" in stack_setting(stack, "topologies") and stack_setting(stack, "onpremSimulation")
    assert len(graph.of_type(VPC)) == (2 if simulated else 1)
    assert len(graph.of_type(PEERING)) == (1 if simulated else 0)


# --- no collisions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_no_urn_or_name_collides_within_a_stack(previews, stack: str) -> None:
    resources = previews(stack).graph.resources
    urns = Counter(r.urn for r in resources)
    assert [u for u, n in urns.items() if n > 1] == []
    names = Counter((r.type, r.name) for r in resources)
    assert [k for k, n in names.items() if n > 1] == []
    physical = Counter((r.type, r.inputs["name"]) for r in resources
                       if r.type in ACCOUNT_UNIQUE_NAMES and isinstance(r.inputs.get("name"), str))
    assert [k for k, n in physical.items() if n > 1] == []


def test_stacks_can_share_an_account_without_name_clashes(previews) -> None:
    """Function, log group, parameter and role-policy names carry the stack, so dev and prod never clash."""
    owners: dict[tuple[str, str], str] = {}
    clashes = []
    for stack in STACKS:
        for r in previews(stack).graph.resources:
            if r.type in ACCOUNT_UNIQUE_NAMES and isinstance(r.inputs.get("name"), str):
                key = (r.type, r.inputs["name"])
                if key in owners and owners[key] != stack:
                    clashes.append((key, owners[key], stack))
                owners.setdefault(key, stack)
    assert clashes == []
    assert [(name, stack) for (_, name), stack in owners.items() if stack not in re.split(r"[-/]", name)] == []


# --- prod: the design choices of Pulumi.prod.yaml, pinned ------------------------------------------------------


def test_prod_differs_from_dev_in_network_az_count_and_topologies(previews) -> None:
    dev, prod = previews("dev").graph, previews("prod").graph
    dev_vpcs = [ipaddress.ip_network(v.inputs["cidrBlock"]) for v in dev.of_type(VPC)]  # API VPC + simulated DC
    prod_vpc = ipaddress.ip_network(children(prod, api_network(prod), VPC)[0].inputs["cidrBlock"])
    assert not any(prod_vpc.overlaps(v) for v in dev_vpcs), (prod_vpc, dev_vpcs)
    prod_subnets = [s for s in children(prod, api_network(prod), SUBNET) if s.inputs["tags"].get("tier") == "private"]
    dev_subnets = [s for s in children(dev, api_network(dev), SUBNET) if s.inputs["tags"].get("tier") == "private"]
    assert (len(prod_subnets), len(dev_subnets)) == (3, 2)
    assert {r.type for r in prod.resources if r.type in TOPOLOGY_COMPONENTS.values()} == {
        TOPOLOGY_COMPONENTS["private-serverless"], TOPOLOGY_COMPONENTS["iam-internal"],
        TOPOLOGY_COMPONENTS["onprem-domain"]}


def test_prod_has_no_bridge_host_no_simulation_and_no_internet_path(previews) -> None:
    graph = previews("prod").graph
    for token in (INSTANCE, VPC_LINK, PEERING, NAT_GATEWAY, INTERNET_GATEWAY, "aws:ec2/eip:Eip"):
        assert graph.of_type(token) == [], token
    assert graph.of_type(VPC) == children(graph, api_network(graph), VPC)
    assert [g.inputs["retentionInDays"] for g in graph.of_type(LOG_GROUP) if g.name == "network-flow-logs"] == [365]


def test_prod_admits_exactly_its_data_centre_and_vpc_clients(previews) -> None:
    """The on-premises ranges reach only the NLB, on 443; the VPC CIDR reaches only the serverless endpoint."""
    graph = previews("prod").graph

    def ingress_cidrs(group_name: str) -> set[tuple[str, float]]:
        group = next(g for g in graph.of_type(SECURITY_GROUP) if g.name == group_name)
        return {(r.inputs["cidrIpv4"], r.inputs["fromPort"]) for r in graph.of_type(INGRESS_RULE)
                if r.inputs.get("securityGroupId") == group.id and "cidrIpv4" in r.inputs}

    assert ingress_cidrs("onprem-nlb-sg") == {(c, 443) for c in stack_setting("prod", "onpremClientCidrs")}
    assert ingress_cidrs("serverless-vpce-sg") == {("10.72.0.0/16", 443)}
    data_centre = [ipaddress.ip_network(c) for c in stack_setting("prod", "onpremClientCidrs")]
    assert not any(n.overlaps(ipaddress.ip_network("10.72.0.0/16")) for n in data_centre)


# --- the policy pack -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", STACKS)
def test_every_stack_passes_the_policy_pack(previews, stack: str) -> None:
    result = previews(stack)
    assert [p.name for p in result.packs] == ["private-api-guard"]
    assert [(v.policy, v.resource_name, v.message) for v in result.mandatory] == []


def test_prod_first_preview_has_no_mandatory_violation() -> None:
    """With every provider-computed value unknown, as in the stack's first `pulumi preview`."""
    result = preview(PreviewOptions(cwd=str(ROOT), stack="prod", policy_packs=[POLICIES], first_preview=True))
    assert len(under(result.graph, TOPOLOGY_COMPONENTS["onprem-domain"])) > 1
    assert [(v.policy, v.resource_name, v.message) for v in result.mandatory] == []
