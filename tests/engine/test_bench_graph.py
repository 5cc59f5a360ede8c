"""The bench's graphs (private_apis/bench_graph.py): a replica keeps every edge inside its copy, every URN unique,
and gives each copy ids of its own, of the same shape."""

from __future__ import annotations

import pytest

from private_apis.bench_graph import copy_id, replicate, synthetic_stack
from private_apis.engine.recorder import RecordedResource

STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev"
VPC = "urn:pulumi:dev::p::c:net:Net$aws:ec2/vpc:Vpc::net-vpc"
NET = "urn:pulumi:dev::p::c:net:Net::net"
SG = "urn:pulumi:dev::p::c:net:Net$aws:ec2/securityGroup:SecurityGroup::net-sg"
PROVIDER = "urn:pulumi:dev::p::pulumi:providers:aws::eu"


def _resource(urn: str, type_: str, parent: str, *, id_: str | None, inputs: dict, dependencies=(),
              provider: str | None = None, property_dependencies: dict | None = None) -> RecordedResource:
    return RecordedResource(type=type_, name=urn.rpartition("::")[2], urn=urn, parent=parent, custom=id_ is not None,
                            provider=provider, dependencies=list(dependencies),
                            property_dependencies=property_dependencies or {}, inputs=inputs, id=id_,
                            outputs={**inputs, "arn": f"arn:aws:ec2:eu-west-1:111122223333:x/{id_}"} if id_ else {})


GRAPH = [
    _resource(PROVIDER, "pulumi:providers:aws", STACK, id_="04da6b54-80e4-46f7-96ec-b56ff0331ba9", inputs={}),
    _resource(NET, "c:net:Net", STACK, id_=None, inputs={}),
    _resource(VPC, "aws:ec2/vpc:Vpc", NET, id_="vpc-5d47f01129ab284c9", inputs={"cidrBlock": "10.0.0.0/16"},
              provider=f"{PROVIDER}::04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
    _resource(SG, "aws:ec2/securityGroup:SecurityGroup", NET, id_="sg-4d3b5a2fbd62499dc",
              inputs={"vpcId": "vpc-5d47f01129ab284c9", "name": "api.example.internal",
                      "policy": '{"Resource": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-5d47f01129ab284c9"}'},
              dependencies=[VPC], property_dependencies={"vpcId": [VPC]}),
]


def test_a_replica_has_the_size_asked_and_unique_urns_and_names():
    replica = replicate(GRAPH, 10)
    assert len(replica) == 10
    assert len({r.urn for r in replica}) == 10 and len({r.name for r in replica}) == 10
    assert [r.urn for r in replica[:4]] == [r.urn for r in GRAPH]
    assert replica[4].urn == f"{PROVIDER}-c1" and replica[6].urn == f"{VPC}-c1" and replica[6].name == "net-vpc-c1"


def test_edges_point_into_their_own_copy():
    sg, vpc = replicate(GRAPH, 8)[7], replicate(GRAPH, 8)[6]
    assert sg.parent == f"{NET}-c1" and sg.dependencies == [vpc.urn] == [f"{VPC}-c1"]
    assert sg.property_dependencies == {"vpcId": [f"{VPC}-c1"]}
    # The provider's id is unknown in this preview (the wire's sentinel): it stays unknown in every copy.
    assert vpc.provider == f"{PROVIDER}-c1::04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    # The stack is not in the graph: every copy keeps it as the parent of its top-level resources.
    assert replicate(GRAPH, 8)[5].parent == STACK


def test_each_copy_quotes_its_own_ids_wherever_they_appear():
    sg = replicate(GRAPH, 8)[7]
    assert sg.id == "sg-4d3b5a2fbd62499d1"
    assert sg.inputs["vpcId"] == "vpc-5d47f01129ab284c1"
    assert sg.inputs["policy"] == '{"Resource": "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-5d47f01129ab284c1"}'
    assert sg.outputs["arn"] == "arn:aws:ec2:eu-west-1:111122223333:x/sg-4d3b5a2fbd62499d1"
    # A name the program chose has no random part: it is the same in every copy, as the program would make it.
    assert sg.inputs["name"] == "api.example.internal"
    # The original copy is left as it is (the recorded graph is shared).
    assert GRAPH[3].inputs["vpcId"] == "vpc-5d47f01129ab284c9"


def test_a_cut_short_copy_keeps_only_edges_to_what_it_holds():
    replica = replicate(GRAPH, 7)
    urns = {r.urn for r in replica}
    assert all(d in urns for r in replica for d in r.dependencies)


@pytest.mark.parametrize(("value", "copy", "width", "expected"), [
    ("vpc-5d47f01129ab284c9", 7, 2, "vpc-5d47f01129ab28407"),
    ("libkyj3bj2", 12, 2, "libkyj3b12"),
    ("network-flow-logs-role-253d719", 3, 2, "network-flow-logs-role-253d703"),
    ("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg-f24aac8/f24aac8b807501ca", 5, 1,
     "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg-f24aac8/f24aac8b807501c5"),
    ("api.example.internal", 3, 1, None),
    ("/aws/lambda/private-apis-dev-serverless-get-entities", 3, 1, None),
    ("short-ab1", 3, 1, None),
])
def test_copy_ids_keep_length_and_alphabet(value, copy, width, expected):
    assert copy_id(value, copy, width) == expected
    if expected is not None:
        assert len(expected) == len(value)


def test_the_synthetic_stack_cycles_through_its_shapes_with_unique_urns():
    stack = synthetic_stack(30)
    assert len({r.urn for r in stack}) == 30
    assert stack[0].type == stack[12].type == "aws:ec2/securityGroup:SecurityGroup"
    assert stack[0].inputs == stack[12].inputs and stack[0].inputs is not stack[12].inputs


def test_replicating_nothing_is_refused():
    with pytest.raises(ValueError, match="at least one resource"):
        replicate([], 10)
