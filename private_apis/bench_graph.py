"""Graphs for ``make bench``: a recorded graph replicated to any size, and a synthetic one of common shapes.

A replica is what a stack of that size would hold: every copy has its own names and URNs, its parents, dependencies,
property dependencies and provider references point into the same copy, and the ids it carries (and every value that
quotes one: ARNs, policies, references) are its own, so stack policies that join resources by id pair each resource
with its own copy's, as in a real stack, never with 50 look-alikes.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

from private_apis.engine.aws_mocks import UNKNOWN
from private_apis.engine.recorder import RecordedResource

_RANDOM_PART = re.compile(r"(?P<head>.*?)(?P<run>[A-Za-z0-9]{7,})$")
"""The random part of a provider id: the alphanumeric tail (``vpc-5d47f01129ab284c9``, ``role-name-c3e706b``, an API
id ``libkyj3bj2``, the last segment of a target group ARN). Ids without one (``api.example.internal``, log group
names) are names the program chose, and stay as they are."""


def copy_id(value: str, copy: int, width: int) -> str | None:
    """``value`` made distinct for ``copy`` with the same length and characters (an API id stays 10 alphanumerics),
    or None when it has no random part to vary."""
    if "/" in value or ":" in value:
        head, _, tail = value.rpartition("/") if "/" in value else value.rpartition(":")
        varied = copy_id(tail, copy, width)
        return None if varied is None else f"{head}{value[len(head)]}{varied}"
    match = _RANDOM_PART.fullmatch(value.rpartition("-")[2]) if "-" in value else _RANDOM_PART.fullmatch(value)
    if match is None or not any(c.isdigit() for c in match["run"]):
        return None
    run = match["run"]
    return value[: len(value) - len(run)] + run[: len(run) - width] + f"{copy:0{width}d}"


def _rewriter(ids: list[str], copy: int, width: int) -> Callable[[str], str]:
    renamed = {old: new for old in ids if (new := copy_id(old, copy, width)) is not None}
    if not renamed:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(old) for old in sorted(renamed, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda m: renamed[m.group(0)], text)


def _rewrite(value: Any, text: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {k: _rewrite(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, text) for v in value]
    return value


def _renamed_urn(urn: str, suffix: str) -> str:
    head, _, name = urn.rpartition("::")
    return f"{head}::{name}{suffix}"


def _copy(resources: list[RecordedResource], copy: int, width: int, ids: list[str]) -> list[RecordedResource]:
    if copy == 0:
        return list(resources)
    suffix = f"-c{copy}"
    urns = {r.urn: _renamed_urn(r.urn, suffix) for r in resources}
    text = _rewriter(ids, copy, width)

    def urn(value: str) -> str:
        return urns.get(value, value)

    def provider(reference: str | None) -> str | None:
        if not reference:
            return reference
        target, _, provider_id = reference.rpartition("::")
        return f"{urn(target)}::{text(provider_id)}" if target in urns else reference

    return [dataclasses.replace(
        r, name=f"{r.name}{suffix}", urn=urns[r.urn], parent=urn(r.parent) if r.parent else r.parent,
        provider=provider(r.provider), dependencies=[urn(d) for d in r.dependencies],
        property_dependencies={k: [urn(d) for d in v] for k, v in r.property_dependencies.items()},
        id=text(r.id) if r.id else r.id, inputs=_rewrite(r.inputs, text), outputs=_rewrite(r.outputs, text))
        for r in resources]


def replicate(resources: list[RecordedResource], size: int) -> list[RecordedResource]:
    """``size`` resources: copies of ``resources`` one after the other (the last one cut short), each self-contained.

    A resource is registered after what it depends on, so a copy cut short keeps every edge it has."""
    if not resources:
        raise ValueError("replicate needs at least one resource")
    copies = -(-size // len(resources))
    width = len(str(copies - 1))
    # An id unknown in this preview is the wire's unknown sentinel, which must reach the pack as it is.
    ids = [r.id for r in resources if r.id and r.id != UNKNOWN]
    graph: list[RecordedResource] = []
    for copy in range(copies):
        graph.extend(_copy(resources, copy, width, ids))
    return graph[:size]


_SHAPES: list[tuple[str, dict]] = [
    ("aws:ec2/securityGroup:SecurityGroup", {"vpcId": "vpc-0a1b2c3d4e5f60718", "description": "app", "ingress": [
        {"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": ["10.0.0.0/16"]}]}),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {"securityGroupId": "sg-0a1b2c3d4e5f60718",
                                                                  "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                                  "cidrIpv4": "0.0.0.0/0"}),
    ("aws:ec2/instance:Instance", {"ami": "ami-0a1b2c3d4e5f60718", "instanceType": "t3.micro",
                                   "subnetId": "subnet-0a1b2c3d4e5f60718", "associatePublicIpAddress": False,
                                   "metadataOptions": {"httpTokens": "optional"},
                                   "rootBlockDevice": {"encrypted": True}}),
    ("aws:ec2/subnet:Subnet", {"vpcId": "vpc-0a1b2c3d4e5f60718", "cidrBlock": "10.0.1.0/24",
                               "mapPublicIpOnLaunch": False}),
    ("aws:apigateway/restApi:RestApi", {"name": "api", "endpointConfiguration": {"types": "REGIONAL"}}),
    ("aws:apigateway/method:Method", {"restApi": "abc1234567", "resourceId": "r1", "httpMethod": "GET",
                                      "authorization": "NONE"}),
    ("aws:apigateway/stage:Stage", {"restApi": "abc1234567", "stageName": "v1", "deployment": "d1"}),
    ("aws:lb/loadBalancer:LoadBalancer", {"loadBalancerType": "network", "internal": False}),
    ("aws:lb/listener:Listener", {"loadBalancerArn": "arn:lb", "port": 443, "protocol": "TLS",
                                  "sslPolicy": "ELBSecurityPolicy-2016-08", "certificateArn": "arn:cert"}),
    ("aws:lambda/permission:Permission", {"action": "lambda:InvokeFunction", "function": "fn",
                                          "principal": "apigateway.amazonaws.com"}),
    ("aws:iam/policy:Policy", {"policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]})}),
    ("aws:route53/zone:Zone", {"name": "corp.internal"}),
]


def synthetic_stack(count: int) -> list[RecordedResource]:
    """``count`` resources cycling through common shapes, half of them with a violation or two; lighter than a real
    stack's (no parents, dependencies or provider-computed outputs)."""
    resources = []
    for i in range(count):
        token, props = _SHAPES[i % len(_SHAPES)]
        name = f"r{i}"
        urn = f"urn:pulumi:bench::bench::{token}::{name}"
        resources.append(RecordedResource(type=token, name=name, urn=urn, parent=None, custom=True, provider=None,
                                          dependencies=[], property_dependencies={}, inputs=dict(props),
                                          outputs=dict(props)))
    return resources
