"""Property-based: no policy of the pack may crash on any property bag, however malformed.

Every policy (resource and stack, found through ``all_policies()``, so rules added later are covered) is
fed random property bags for every resource type named in ``types.py``: random nesting of dicts, lists,
strings, numbers, booleans and None, unknown sentinels anywhere, wrong types for the keys the rules read,
endpoint types as a string, a list or garbage, policy documents as valid and broken JSON. The only
outcomes allowed are violations, a pass, "cannot decide" (``UnknownValueError``) and not-applicable
(exemptions); anything else escaping a policy fails the test, naming the policy and the resource type.

The vocabulary of keys and values is harvested from the pack's own source (every identifier-like string
literal), so the generator speaks the property names a new rule reads without being told. Stack policies
get every bag as every resource type, densely wired through the property names stack policies follow. Next
to the random search, a systematic sweep puts one wrong value (scalar, container, unknown, broken JSON, a value
nested thousands of levels deep or a document far over the size limit) under every key at once. Bounded to a few
seconds: 200 examples per random test, no deadline.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import private_api_guard
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from private_api_guard import all_policies, types
from pulumi_policy import (
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import PolicyCustomTimeouts, _NotApplicableError
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    unknown_checking_proxy,
)

from tests.policies.policy_harness import urn

POLICIES = all_policies()
RESOURCE_POLICIES = [p for p in POLICIES if isinstance(p, ResourceValidationPolicy)]
STACK_POLICIES = [p for p in POLICIES if isinstance(p, StackValidationPolicy)]
RESOURCE_TYPES = sorted({value for name, value in vars(types).items()
                         if name.isupper() and isinstance(value, str) and value.startswith("aws:")}
                        | {"aws:s3/bucket:Bucket"})

SENTINELS = [UNKNOWN_STRING_VALUE, UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE, UNKNOWN_ARRAY_VALUE,
             UNKNOWN_OBJECT_VALUE, UNKNOWN_ASSET_VALUE, UNKNOWN_ARCHIVE_VALUE]
_LITERAL = re.compile(r"""["']([A-Za-z*][A-Za-z0-9_:.\-*/]{0,60})["']""")
_SOURCES = [path.read_text(encoding="utf-8") for path in Path(private_api_guard.__file__).parent.rglob("*.py")]
WORDS = sorted({word for source in _SOURCES for word in _LITERAL.findall(source)})
"""Every identifier-like string literal of the pack: property names, enum values, policy-document keys."""
PROPS = [w for w in WORDS if re.fullmatch(r"[a-z][A-Za-z0-9]*", w)]
"""The camelCase ones: candidate property names."""
DEPENDENCY_PROPS = sorted({word for source in _SOURCES for line in source.splitlines()
                           if re.search(r"depend|referrer", line) for word in _LITERAL.findall(line)
                           if word in PROPS} | {"restApi", "restApiId", "targetArn", "loadBalancerArn", "subnetId",
                                                "vpcId", "securityGroupId", "functionName", "role"})
"""Property names that stack policies follow through property dependencies."""
SPECIAL = ["0.0.0.0/0", "::/0", "10.0.0.0/8", "10.40.0.0/16", "fd00::/8", "203.0.113.7/32", "not-a-cidr", "-1", "22",
           "3389", "true", "false", "", " ", "*", "*:*", "arn:aws:execute-api:eu-west-1:123456789012:abc/*",
           "{", "[]", "null", "1", '"PRIVATE"', "AKIAIOSFODNN7EXAMPLE", "H4sIAAAAAAAA", "=====", "aGVsbG8="]
OPTS = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)
SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-70000, 70000), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.sampled_from(WORDS), st.sampled_from(SPECIAL), st.sampled_from(SENTINELS),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.sampled_from(WORDS), children, max_size=4)),
    max_leaves=10,
)
# Policy documents and other JSON-in-a-string inputs, valid and otherwise.
documents = st.one_of(values, st.lists(st.dictionaries(st.sampled_from(
    ["Effect", "Principal", "Action", "NotAction", "Resource", "NotResource", "Condition"]), values, max_size=5),
    max_size=3)).map(lambda statement: json.dumps({"Version": "2012-10-17", "Statement": statement}))
endpoint_configuration = st.one_of(
    st.fixed_dictionaries({}, optional={
        "types": st.one_of(st.sampled_from(["PRIVATE", "REGIONAL", "EDGE", "private", UNKNOWN_STRING_VALUE]),
                           st.lists(st.sampled_from(["PRIVATE", "REGIONAL", "EDGE", 7, None]), max_size=3), values),
        "vpcEndpointIds": values,
    }),
    values,
)
property_bags = st.tuples(
    st.dictionaries(st.sampled_from(PROPS), st.one_of(values, values.map(json.dumps)), max_size=8),
    st.fixed_dictionaries({}, optional={"endpointConfiguration": endpoint_configuration, "policy": documents,
                                        "tags": st.one_of(values, st.dictionaries(st.text(max_size=4), scalars))}),
).map(lambda parts: {**parts[0], **parts[1]})
configs = st.one_of(st.none(), st.just({}), st.fixed_dictionaries({"exemptions": st.lists(st.fixed_dictionaries(
    {"reason": st.one_of(st.text(max_size=5), st.sampled_from([" ", None, 3]))},
    optional={"tag": st.sampled_from(["a=b", "env=", "x"]),
              "namePattern": st.sampled_from(["r0", ".*x", "subject", ".*", "*", "", "(", "[", ".+"]),
              "scope": st.sampled_from(["all", "none", None])},
), max_size=2)}))
wirings = st.integers(0, 2**32 - 1)
"""Seeds the dense random wiring of a stack (one number, so the example stays small)."""


def _crash(policy: Any, where: str, exc: Exception) -> str:
    return f"{policy.name} on {where}: {type(exc).__name__}: {exc}"


@SETTINGS
@given(props=property_bags, config=configs)
def test_no_resource_policy_crashes_on_any_property_bag(props: dict[str, Any], config: dict[str, Any] | None) -> None:
    proxy = unknown_checking_proxy(props)  # one proxy serves every run: policies only read it
    crashes = []
    for resource_type in RESOURCE_TYPES:
        args = ResourceValidationArgs(resource_type, proxy, urn(resource_type, "subject"), "subject", OPTS, None,
                                      config, {})
        for policy in RESOURCE_POLICIES:
            try:
                policy.validate(args, lambda message, urn=None: None)
            except (UnknownValueError, _NotApplicableError):
                pass
            except Exception as exc:
                crashes.append(_crash(policy, resource_type, exc))
    assert not crashes, "\n".join(crashes)


def _stack(bags: list[dict[str, Any]], wiring: int) -> list[PolicyResource]:
    """Every bag as every resource type; half the dependency properties of each point at random resources."""
    rnd = random.Random(wiring)
    proxies = [unknown_checking_proxy(bag) for bag in bags]  # shared by the resource types: policies only read
    resources = [PolicyResource(t, proxy, urn(t, f"r{i}-{j}"), f"r{i}-{j}", OPTS, None, None, [], {})
                 for i, proxy in enumerate(proxies) for j, t in enumerate(RESOURCE_TYPES)]
    for resource in resources:
        for prop in DEPENDENCY_PROPS:
            if rnd.random() < 0.5:
                found = rnd.sample(resources, rnd.randint(1, 2))
                resource.property_dependencies[prop] = found
                resource.dependencies.extend(found)
        resource.parent = rnd.choice([None, *resources])
    return resources


@SETTINGS
@given(bags=st.lists(property_bags, min_size=1, max_size=2), wiring=wirings, config=configs)
def test_no_stack_policy_crashes_on_any_stack(bags: list[dict[str, Any]], wiring: int,
                                              config: dict[str, Any] | None) -> None:
    resources = _stack(bags, wiring)  # shared by every policy: they only read it
    crashes = []
    for policy in STACK_POLICIES:
        try:
            policy.validate(StackValidationArgs(resources, config), lambda message, urn=None: None)
        except (UnknownValueError, _NotApplicableError):
            pass
        except Exception as exc:
            crashes.append(_crash(policy, f"a stack of {len(resources)} resources", exc))
    assert not crashes, "\n".join(crashes)


def _nested(levels: int, wrap: Any) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = wrap(value)
    return value


_SCALARS = [None, "", "x", "*", "0.0.0.0/0", 0, -1, 1.5, float("nan"), True, False, UNKNOWN_STRING_VALUE]
DEEP_AND_HUGE = [
    _nested(500, lambda inner: {"Statement": inner}),
    _nested(500, lambda inner: [inner]),
    # Three containers a level: as deep as the SDK's recursive proxy builder can still wrap.
    _nested(200, lambda inner: {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "x": inner}]}),
    "[" * 5000 + "]" * 5000,
    '{"Statement": ' * 5000 + "1" + "}" * 5000,
    json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}] * 3000}),
]
"""Values nested far deeper or longer than any policy document: every policy must still answer, not crash."""
WRONG_VALUES = [
    *_SCALARS,
    [], {}, ["x"], [None], [1], [[]], [{}], [UNKNOWN_STRING_VALUE], {"x": 1},
    "[]", "{}", "null", '{"Statement": "x"}', '{"Statement": [1, "x", {"Effect": 1}]}',
    *({word: scalar for word in WORDS} for scalar in _SCALARS),
    *([{word: scalar for word in WORDS}] for scalar in _SCALARS),
    *DEEP_AND_HUGE,
]
"""The same wrong value under every key a rule may read: a systematic sweep next to the random search."""


def _id(value: Any) -> str:
    text = "deep" if any(value is deep for deep in DEEP_AND_HUGE) else repr(value)
    return type(value).__name__ + ":" + text[:20]


@pytest.mark.parametrize("wrong", WRONG_VALUES, ids=_id)
def test_every_key_with_the_wrong_type(wrong: Any) -> None:
    # The SDK's proxy builder is quadratic in depth: wrap a container once and share it under every key.
    shared = unknown_checking_proxy(wrong) if isinstance(wrong, (dict, list)) else wrong
    props = {prop: shared for prop in PROPS}
    proxy = unknown_checking_proxy(props)
    crashes = []
    for resource_type in RESOURCE_TYPES:
        args = ResourceValidationArgs(resource_type, proxy, urn(resource_type, "subject"), "subject", OPTS, None,
                                      None, {})
        for policy in RESOURCE_POLICIES:
            try:
                policy.validate(args, lambda message, urn=None: None)
            except (UnknownValueError, _NotApplicableError):
                pass
            except Exception as exc:
                crashes.append(_crash(policy, resource_type, exc))
    # One resource per type, every dependency property of each pointing at every resource.
    resources = _stack([props], 0)
    for resource in resources:
        resource.property_dependencies = {prop: resources for prop in DEPENDENCY_PROPS}
    for policy in STACK_POLICIES:
        try:
            policy.validate(StackValidationArgs(resources, None), lambda message, urn=None: None)
        except (UnknownValueError, _NotApplicableError):
            pass
        except Exception as exc:
            crashes.append(_crash(policy, "a fully wired stack", exc))
    assert not crashes, "\n".join(crashes)


def test_the_generator_reaches_every_policy_and_type() -> None:
    assert len(RESOURCE_POLICIES) >= 20 and len(STACK_POLICIES) >= 5
    assert {types.SECURITY_GROUP, types.LISTENER, types.REST_API, types.ROUTE53_ZONE} <= set(RESOURCE_TYPES)
    assert {"ingress", "cidrBlocks", "protocol", "endpointConfiguration", "Statement"} <= set(WORDS)
    assert {"subnetId", "loadBalancerArn", "securityGroupId", "vpcId", "restApi"} <= set(DEPENDENCY_PROPS)
