"""The pack's servicer (private_api_guard/servicer.py) answers exactly as pulumi-policy's own.

Both servicers get the same Configure and the same requests, built by the offline engine from recorded graphs (the
shipped stacks in a normal and a first preview, the guard corpus, a fuzzed graph); every response, each diagnostic
with its policy, URN, message and level, and each not-applicable report (how exemptions surface), must be equal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from google.protobuf import json_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from private_api_guard import PACK_NAME, all_policies, servicer
from private_api_guard.core import TYPES_ATTRIBUTE
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from pulumi_policy import policy as sdk
from pulumi_policy.proxy import UnknownValueError

from private_apis.engine import analyzer
from private_apis.engine.preview import PreviewOptions, preview
from private_apis.engine.recorder import RecordedResource

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "guard_corpus"
POLICIES = all_policies()
STOCK = sdk._PolicyAnalyzerServicer


def configured(cls: type, pack_config: dict | None = None):
    """A servicer of ``cls`` for the whole pack, configured as the engine configures a pack process."""
    instance = cls(PACK_NAME, "0.0.1", POLICIES, EnforcementLevel.ADVISORY)
    info = instance.GetAnalyzerInfo(None, None)
    instance.Configure(analyzer.configure_request(analyzer.reconcile_config(PACK_NAME, info, pack_config)), None)
    instance.ConfigureStack(analyzer_pb2.AnalyzerStackConfigureRequest(stack="dev", project="p"), None)
    return instance


def responses(instance, resources: list[RecordedResource], config: dict[str, str] | None = None) -> list[dict]:
    # Each resource with its provider, as the engine and the CLI send it: explicit provider resources and the
    # default provider configured from the stack's aws:* keys.
    providers = analyzer.Providers(resources, config or {}, project="p", stack="dev")
    found = [instance.Analyze(analyzer.analyze_request(r, providers), None) for r in resources]
    found.append(instance.AnalyzeStack(analyzer.stack_request(resources, providers), None))
    return [json.loads(ADDRESS.sub(r"<\1 object>", json_format.MessageToJson(r))) for r in found]


ADDRESS = re.compile(r"<([\w.]+) object at 0x[0-9a-f]+>", re.IGNORECASE)
"""A message that quotes an odd value by its repr carries a memory address, which differs between any two runs."""


def assert_same(resources: list[RecordedResource], pack_config: dict | None = None,
                config: dict[str, str] | None = None) -> list[dict]:
    fast = responses(configured(servicer.FastServicer, pack_config), resources, config)
    stock = responses(configured(STOCK, pack_config), resources, config)
    assert fast == stock
    return fast


def test_the_pinned_sdk_is_one_the_servicer_was_proven_against():
    assert servicer.compatible()
    assert not servicer.compatible("1.22.0") and not servicer.compatible("2.0.0")


def test_every_resource_policy_declares_its_types():
    resource_policies = [p for p in POLICIES if isinstance(p, sdk.ResourceValidationPolicy)]
    assert resource_policies and all(getattr(p, TYPES_ATTRIBUTE, None) for p in resource_policies)


@pytest.mark.parametrize("stack", ["dev", "native", "prod"])
@pytest.mark.parametrize("first_preview", [False, True])
def test_same_responses_on_the_shipped_stacks(stack, first_preview):
    result = preview(PreviewOptions(cwd=str(ROOT), stack=stack, first_preview=first_preview))
    found = assert_same(result.graph.resources, config=dict(result.config.values))
    assert any(r.get("diagnostics") for r in found)


def test_same_responses_with_exemptions_and_levels():
    result = preview(PreviewOptions(cwd=str(ROOT), stack="dev"))
    config = {"all": "mandatory", "aws-ec2-vpc-enable-flow-logs": "disabled",
              "aws-apigateway-stage-enable-xray-tracing": {"exemptions": [{"namePattern": "onprem-one-.*",
                                                                           "reason": "sampled elsewhere"}]},
              "aws-lb-loadbalancer-enable-access-logs": {"exemptions": [{"namePattern": ".*", "reason": "x"}]}}
    found = assert_same(result.graph.resources, config)
    assert any(r.get("notApplicable") for r in found)


CORPUS_PROGRAMS = sorted(p.name for p in CORPUS.iterdir() if (p / "Pulumi.yaml").exists()) if CORPUS.exists() else []


@pytest.mark.parametrize("program", CORPUS_PROGRAMS)
def test_same_responses_on_the_guard_corpus(program, corpus_preview):
    assert_same(corpus_preview(program).graph.resources)


TYPES = [*sorted({t for p in POLICIES for t in getattr(p, TYPES_ATTRIBUTE, None) or ()}), "aws:foo/bar:Baz"]
values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.sampled_from(
    ["0.0.0.0/0", "::/0", "10.0.0.0/8", "NONE", "AWS_IAM", "PRIVATE", "*", '{"Statement": [{"Effect": "Allow"}]}',
     "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "tcp", "-1"])), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["cidrBlocks", "ingress", "fromPort", "toPort", "protocol", "types", "policy", "authorization", "tags",
         "internal", "Statement", "Effect", "Principal"]), inner, max_size=3)), max_leaves=8)
resource = st.builds(
    lambda index, typ, props: RecordedResource(
        type=typ, name=f"r{index}", urn=f"urn:pulumi:dev::p::{typ}::r{index}", parent=None, custom=True,
        provider=None, dependencies=[], property_dependencies={}, inputs=props),
    st.integers(0, 10**6), st.sampled_from(TYPES),
    st.dictionaries(st.sampled_from(["ingress", "cidrBlocks", "endpointConfiguration", "policy", "authorization",
                                     "httpMethod", "restApi", "associatePublicIpAddress", "internal", "tags",
                                     "vpcId", "publiclyAccessible", "routes"]), values, max_size=5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(resource, max_size=12, unique_by=lambda r: r.urn))
def test_same_responses_on_fuzzed_graphs(resources):
    assert_same(resources)


def captured_stack(cls: type, resources: list[RecordedResource], config: dict[str, str]) -> list:
    """The resources ``cls`` hands a stack policy, for a stack request the engine builds."""
    seen: list = []
    capture = sdk.StackValidationPolicy("capture", "Checks that nothing.",
                                        lambda args, _report: seen.extend(args.resources))
    instance = cls("capture", "0.0.1", [capture], EnforcementLevel.ADVISORY)
    providers = analyzer.Providers(resources, config, project="p", stack="dev")
    instance.AnalyzeStack(analyzer.stack_request(resources, providers), None)
    return seen


def plain(value):
    """A converted value with every proxy's path, read past the unknown checks (``["__target"]``)."""
    if isinstance(value, Mapping) and hasattr(value, "_DictProxy__props_acc"):
        target = value["__target"]
        return {"path": list(value._DictProxy__props_acc), "items": {k: plain(target[k]) for k in target}}
    if isinstance(value, Sequence) and hasattr(value, "_ListProxy__props_acc"):
        return {"path": list(value._ListProxy__props_acc), "list": [plain(v) for v in value["__target"]]}
    if isinstance(value, dict):  # an asset archive's assets
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "__dict__"):
        return {"class": type(value).__name__, **{k: plain(v) for k, v in vars(value).items()}}
    if isinstance(value, Sequence) and not isinstance(value, str):  # the request's repeated fields
        return [plain(v) for v in value]
    return value


def described(resource, resources: list) -> dict:
    """Every attribute of a stack policy's resource; the resources it links to by their place in the stack."""
    def place(linked):
        return next(i for i, r in enumerate(resources) if r is linked)

    provider = resource.provider
    return {
        "type": resource.resource_type, "urn": resource.urn, "name": resource.name, "props": plain(resource.props),
        "opts": plain(resource.opts),
        "provider": None if provider is None else (provider.resource_type, provider.urn, provider.name,
                                                   plain(provider.props)),
        "parent": None if resource.parent is None else place(resource.parent),
        "dependencies": [place(d) for d in resource.dependencies],
        "property_dependencies": {k: [place(d) for d in v] for k, v in resource.property_dependencies.items()},
    }


@pytest.mark.parametrize("first_preview", [False, True])
def test_stack_resources_are_the_sdks_attribute_for_attribute(first_preview):
    # The servicer builds a stack policy's resources when first read and shares the providers, property names and
    # paths; whatever a policy reads of them (the pack's own policies read only some) is what the SDK would build.
    result = preview(PreviewOptions(cwd=str(ROOT), stack="dev", first_preview=first_preview))
    resources, config = result.graph.resources, dict(result.config.values)
    fast = captured_stack(servicer.FastServicer, resources, config)
    stock = captured_stack(STOCK, resources, config)
    assert len(fast) == len(stock) == len(resources)
    assert all(isinstance(r, sdk.PolicyResource) for r in fast)
    assert [described(r, fast) for r in fast] == [described(r, stock) for r in stock]
    assert any(r.parent for r in fast) and any(r.property_dependencies for r in fast)
    assert len({id(r.provider) for r in fast if r.provider}) < len({id(r.provider) for r in stock if r.provider})


def test_a_stack_resource_reads_unknowns_and_takes_assignments_as_the_sdks():
    unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    resource = RecordedResource(type="aws:ec2/vpc:Vpc", name="v", urn="urn:pulumi:dev::p::aws:ec2/vpc:Vpc::v",
                                parent=None, custom=True, provider=None, dependencies=[], property_dependencies={},
                                inputs={"tags": {"Name": unknown}, "cidrBlocks": ["10.0.0.0/16", unknown]})
    errors = []
    for cls in (servicer.FastServicer, STOCK):
        found = captured_stack(cls, [resource], {})[0]
        for read in (lambda r: r.props["tags"]["Name"], lambda r: r.props["cidrBlocks"][1]):
            with pytest.raises(UnknownValueError) as error:
                read(found)
            errors.append((error.value.props, error.value.message))
        found.props, found.parent = {"replaced": True}, found
        assert found.props == {"replaced": True} and found.parent is found
    assert errors[:2] == errors[2:]
