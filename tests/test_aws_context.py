"""components.aws_context: region, partition, account and zones asked once per run and provider."""

from __future__ import annotations

from collections import Counter

import pulumi
import pulumi_aws as aws

from components.aws_context import AwsContext, available_zone_names, aws_context
from components.topology_spec import DeploymentTarget
from private_apis.engine.aws_mocks import AwsMocks
from private_apis.engine.recorder import run

LOOKUPS = ("aws:index/getRegion:getRegion", "aws:index/getPartition:getPartition",
           "aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getAvailabilityZones:getAvailabilityZones")


class CountingMocks(AwsMocks):
    """The engine's mocks, counting every data-source call by token."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.calls: Counter[str] = Counter()

    def call(self, args):
        self.calls[args.token] += 1
        return super().call(args)


class Part(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("test:index:Part", name, None, opts)
        self.where = aws_context(self)
        self.zones = available_zone_names(self)
        self.register_outputs({})


def counted(program, region: str = "eu-west-1") -> tuple[CountingMocks, dict]:
    mocks = CountingMocks(region=region)
    seen: dict = {}
    run(lambda: seen.update(program()), project="p", stack="s", config={"aws:region": region}, mocks=mocks)
    return mocks, seen


def test_many_components_share_one_answer_per_lookup() -> None:
    # Each synchronous lookup pumps the SDK's event loop over every pending registration
    # (pulumi/runtime/sync_await.py), so one per component would make a program's cost quadratic.
    mocks, seen = counted(lambda: {"parts": [Part(f"part-{i}") for i in range(12)]})
    assert {token: mocks.calls[token] for token in LOOKUPS} == dict.fromkeys(LOOKUPS, 1)
    wheres = {part.where for part in seen["parts"]}
    assert wheres == {AwsContext(region="eu-west-1", partition="aws", dns_suffix="amazonaws.com",
                                 account_id=mocks.account)}
    assert all(part.zones == ["eu-west-1a", "eu-west-1b", "eu-west-1c"] for part in seen["parts"])


def test_an_explicit_provider_is_asked_on_its_own() -> None:
    def program() -> dict:
        other = aws.Provider("other", region="us-east-2")
        return {"default": Part("a"), "again": Part("b"),
                "other": Part("c", pulumi.ResourceOptions(providers={"aws": other}))}

    mocks, _ = counted(program)
    assert mocks.calls["aws:index/getRegion:getRegion"] == 2
    assert mocks.calls["aws:index/getAvailabilityZones:getAvailabilityZones"] == 2


def test_each_run_asks_again() -> None:
    # Answers are scoped to a run's root stack: a second program in the same process (tests, the engine's
    # in-process recorder) deploying elsewhere must not see the first one's region.
    first, one = counted(lambda: {"part": Part("a")}, region="eu-west-1")
    second, two = counted(lambda: {"part": Part("a")}, region="us-east-2")
    assert (one["part"].where.region, two["part"].where.region) == ("eu-west-1", "us-east-2")
    assert two["part"].zones[0] == "us-east-2a"
    assert first.calls["aws:index/getRegion:getRegion"] == second.calls["aws:index/getRegion:getRegion"] == 1



def test_the_deployment_targets_account_is_the_same_one_answer() -> None:
    # Every topology's check_deployment_target asks for the account (certificates, caller roles): once per run.
    mocks, seen = counted(lambda: {"accounts": [DeploymentTarget("eu-west-1", "x").account_id() for _ in range(5)],
                                   "part": Part("a")})
    assert seen["accounts"] == [mocks.account] * 5
    assert mocks.calls["aws:index/getCallerIdentity:getCallerIdentity"] == 1
