"""The AnalyzeStack request the engine writes in place or streams as bytes (analyzer.stack_request,
stack_request_bytes: for its memory, bench_memory.py) is the message the protobuf constructors build from the same
resources, field for field."""

from __future__ import annotations

from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2

from private_apis.engine import analyzer
from private_apis.engine.aws_mocks import UNKNOWN
from private_apis.engine.recorder import RecordedResource, secret

STACK = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev"
NET = "urn:pulumi:dev::p::c:net:Net::net"
VPC = "urn:pulumi:dev::p::c:net:Net$aws:ec2/vpc:Vpc::vpc"
PROVIDER = "urn:pulumi:dev::p::pulumi:providers:aws::eu"
RESOURCES = [
    RecordedResource(type="pulumi:providers:aws", name="eu", urn=PROVIDER, parent=STACK, custom=True, provider=None,
                     dependencies=[], property_dependencies={}, inputs={"region": "eu-west-1"}, id="p1"),
    RecordedResource(type="c:net:Net", name="net", urn=NET, parent=STACK, custom=False, provider=None,
                     dependencies=[], property_dependencies={}, inputs={}),
    RecordedResource(type="aws:ec2/vpc:Vpc", name="vpc", urn=VPC, parent=NET, custom=True, provider=f"{PROVIDER}::p1",
                     dependencies=[NET], property_dependencies={"tags": [NET], "cidrBlock": []},
                     inputs={"cidrBlock": "10.0.0.0/16"},
                     outputs={"cidrBlock": "10.0.0.0/16", "arn": UNKNOWN, "tags": {"a": secret("b")}},
                     options={"protect": True, "ignoreChanges": ["tags"], "deleteBeforeReplace": False,
                              "customTimeouts": {"create": "1h30m"}}),
    RecordedResource(type="aws:s3/bucket:Bucket", name="b", urn="urn:pulumi:dev::p::aws:s3/bucket:Bucket::b",
                     parent=STACK, custom=True, provider=None, dependencies=[], property_dependencies={},
                     inputs={"bucket": "b", "n": 3, "on": None}),
]


def _built_apart(resource: RecordedResource, providers: analyzer.Providers) -> analyzer_pb2.AnalyzerResource:
    properties = struct_pb2.Struct()
    properties.update(resource.outputs or resource.inputs)
    return analyzer_pb2.AnalyzerResource(
        type=resource.type, properties=properties, urn=resource.urn, name=resource.name,
        options=analyzer._options(resource), parent=resource.parent or "", dependencies=resource.dependencies,
        propertyDependencies={k: analyzer_pb2.AnalyzerPropertyDependencies(urns=v)
                              for k, v in resource.property_dependencies.items()},
        provider=providers.of(resource))


def test_the_request_written_in_place_equals_the_one_built_apart():
    providers = analyzer.Providers(RESOURCES, {"aws:region": "eu-west-1"}, project="p", stack="dev")
    request = analyzer.stack_request(RESOURCES, providers)
    assert request == analyzer_pb2.AnalyzeStackRequest(resources=[_built_apart(r, providers) for r in RESOURCES])
    component = request.resources[1]
    assert component.HasField("properties") and component.HasField("options") and not component.HasField("provider")
    assert request.resources[2].provider.urn == PROVIDER
    assert request.resources[3].provider.type == "pulumi:providers:aws"
    assert list(request.resources[2].propertyDependencies["cidrBlock"].urns) == []


def test_one_resource_is_the_same_message_as_in_the_request():
    assert analyzer.stack_resource(RESOURCES[2]) == analyzer.stack_request(RESOURCES).resources[2]


def test_the_streamed_request_is_the_bytes_the_message_serializes_to():
    providers = analyzer.Providers(RESOURCES, {"aws:region": "eu-west-1"}, project="p", stack="dev")
    large = RecordedResource(type="aws:s3/bucket:Bucket", name="l", urn="urn:pulumi:dev::p::aws:s3/bucket:Bucket::l",
                             parent=STACK, custom=True, provider=None, dependencies=[], property_dependencies={},
                             inputs={"policy": "x" * 70000})  # a length of three varint bytes
    resources = [*RESOURCES, large]
    streamed = analyzer.stack_request_bytes(resources, providers)
    assert streamed == analyzer.stack_request(resources, providers).SerializeToString()
    assert analyzer_pb2.AnalyzeStackRequest.FromString(streamed) == analyzer.stack_request(resources, providers)
    assert analyzer.stack_request_bytes([]) == b""
