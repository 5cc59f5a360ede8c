"""Where a stack deploys (region, partition, account, zones), looked up once per run and AWS provider.

A synchronous data-source call (``aws.get_region()``, ``get_partition``, ``get_caller_identity``,
``get_availability_zones``) returns by pumping the SDK's event loop until its answer arrives
(pulumi/runtime/sync_await.py), and every registration still pending at that moment is stepped again. A lookup in
each component therefore costs in proportion to everything registered so far, and a program that repeats
components grows quadratically. The answers cannot change within a run for a given provider, so each is asked once
per run (the run's root stack resource) and provider, and every component after the first reads the stored answer.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

import pulumi
import pulumi_aws as aws

T = TypeVar("T")

_ANSWERS: weakref.WeakKeyDictionary[pulumi.Resource, dict[tuple[object, Hashable], object]] = (
    weakref.WeakKeyDictionary())
"""Per run (keyed by the run's root stack resource), the answers by (provider, question)."""


@dataclass(frozen=True)
class AwsContext:
    """The deploying region, its partition and DNS suffix, and the credentials' account."""

    region: str
    partition: str
    dns_suffix: str
    account_id: str


def once(resource: pulumi.Resource | None, question: Hashable, ask: Callable[[pulumi.InvokeOptions], T]) -> T:
    """``ask`` with invoke options parented to ``resource`` (none: the default provider), answered once per run and
    AWS provider."""
    invoke = pulumi.InvokeOptions(parent=resource)
    root = pulumi.runtime.get_root_resource()
    if root is None:  # outside a stack (no run to scope the answer to): ask every time
        return ask(invoke)
    # The provider the invoke resolves through its parent: an explicit one, or None for the default provider.
    provider = resource.get_provider("aws::lookup") if resource is not None else None
    answers = _ANSWERS.setdefault(root, {})
    key = (provider, question)
    if key not in answers:
        answers[key] = ask(invoke)
    return answers[key]  # type: ignore[return-value]


def aws_context(resource: pulumi.Resource | None = None) -> AwsContext:
    """Region, partition and account the AWS provider of ``resource`` deploys to."""
    def ask(invoke: pulumi.InvokeOptions) -> AwsContext:
        partition = aws.get_partition(opts=invoke)
        return AwsContext(
            region=aws.get_region(opts=invoke).region,
            partition=partition.partition,
            dns_suffix=partition.dns_suffix,
            account_id=aws.get_caller_identity(opts=invoke).account_id,
        )
    return once(resource, "context", ask)


def available_zone_names(resource: pulumi.Resource | None = None) -> list[str]:
    """The region's available AZs that need no opt-in, sorted: the zones subnets are spread over, in order."""
    # Opt-in zones (Local and Wavelength Zones) lack most services, the NLB among them.
    def ask(invoke: pulumi.InvokeOptions) -> list[str]:
        return sorted(aws.get_availability_zones(
            state="available",
            filters=[aws.GetAvailabilityZonesFilterArgs(name="opt-in-status", values=["opt-in-not-required"])],
            opts=invoke,
        ).names)
    return list(once(resource, "zones", ask))
