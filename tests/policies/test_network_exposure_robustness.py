"""The network exposure stack policies on odd stacks, wired through the properties they follow.

``test_robustness`` wires stacks through the dependency properties it finds next to ``dependencies(`` calls;
these policies follow theirs through ``network_rules.linked``, so this sweep wires every one of them densely, with
the same random and systematic property bags, as every resource type.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from private_api_guard.ec2 import (
    eip_unattached,
    eip_workload_association,
    routetable_igw_private_workloads,
    routetable_igw_public_hosts,
    securitygroup_split_world_ingress,
)
from pulumi_policy import PolicyResource, StackValidationArgs
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from tests.policies.policy_harness import urn
from tests.policies.test_robustness import (
    OPTS,
    PROPS,
    RESOURCE_TYPES,
    SETTINGS,
    WRONG_VALUES,
    _id,
    configs,
    property_bags,
    wirings,
)

POLICIES = [m.POLICY for m in (eip_unattached, eip_workload_association, routetable_igw_private_workloads,
                               routetable_igw_public_hosts, securitygroup_split_world_ingress)]
FOLLOWED = ["routes", "gatewayId", "routeTableId", "defaultRouteTableId", "vpcId", "subnetId", "subnetIds",
            "networkInterfaces", "networkConfiguration", "vpcConfig", "subnets", "subnetMappings",
            "vpcZoneIdentifiers", "launchTemplate", "mixedInstancesPolicy", "allocationId", "instance",
            "networkInterface", "instanceId", "networkInterfaceId", "securityGroupId"]


def _stack(bags: list[dict[str, Any]], wiring: int | None) -> list[PolicyResource]:
    proxies = [unknown_checking_proxy(bag) for bag in bags]
    resources = [PolicyResource(t, proxy, urn(t, f"r{i}-{j}"), f"r{i}-{j}", OPTS, None, None, [], {})
                 for i, proxy in enumerate(proxies) for j, t in enumerate(RESOURCE_TYPES)]
    rnd = random.Random(wiring)
    for resource in resources:
        for prop in FOLLOWED:
            if wiring is None:
                resource.property_dependencies[prop] = resources
            elif rnd.random() < 0.5:
                resource.property_dependencies[prop] = rnd.sample(resources, rnd.randint(1, 3))
    return resources


def _crashes(resources: list[PolicyResource], config: dict[str, Any] | None) -> list[str]:
    crashes = []
    for policy in POLICIES:
        try:
            policy.validate(StackValidationArgs(resources, config), lambda message, urn=None: None)
        except (UnknownValueError, _NotApplicableError):
            pass
        except Exception as exc:
            crashes.append(f"{policy.name}: {type(exc).__name__}: {exc}")
    return crashes


@SETTINGS
@given(bags=st.lists(property_bags, min_size=1, max_size=2), wiring=wirings, config=configs)
def test_no_network_stack_policy_crashes_on_any_wired_stack(bags, wiring, config) -> None:
    crashes = _crashes(_stack(bags, wiring), config)
    assert not crashes, "\n".join(crashes)


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=_id)
def test_every_followed_key_with_the_wrong_type(wrong: Any) -> None:
    shared = unknown_checking_proxy(wrong) if isinstance(wrong, (dict, list)) else wrong
    crashes = _crashes(_stack([{prop: shared for prop in {*PROPS, *FOLLOWED}}], None), None)
    assert not crashes, "\n".join(crashes)
