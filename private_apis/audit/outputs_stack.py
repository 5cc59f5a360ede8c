"""The resources a stack owns, as far as its output contract names them (``pulumi stack output --json``).

Outputs carry ids, not inputs: the audit reads these resources live and judges them, and everything reachable
from them (an API's methods and stages), but it cannot tell drift, for which ``--stack-export`` is needed.
"""

from __future__ import annotations

import os
from typing import Any

from components.contract import Bridge, Iam, Network, OnPrem, Serverless, Stack
from private_apis.engine.recorder import RecordedResource
from private_apis.stack_state import StackState, load_outputs

PROJECT = "stack-outputs"

OWNED_BY_KEY = {
    Bridge.API_ID: "aws:apigateway/restApi:RestApi", Serverless.API_ID: "aws:apigateway/restApi:RestApi",
    Iam.API_ID: "aws:apigateway/restApi:RestApi", OnPrem.REST_API_IDS: "aws:apigateway/restApi:RestApi",
    Serverless.VPC_ENDPOINT_ID: "aws:ec2/vpcEndpoint:VpcEndpoint",
    OnPrem.VPC_ENDPOINT_ID: "aws:ec2/vpcEndpoint:VpcEndpoint",
    Bridge.INSTANCE_ID: "aws:ec2/instance:Instance", Bridge.BASTION_INSTANCE_ID: "aws:ec2/instance:Instance",
    OnPrem.CLIENT_INSTANCE_ID: "aws:ec2/instance:Instance",
    Network.PRIVATE_SUBNET_IDS: "aws:ec2/subnet:Subnet", Bridge.VPC_LINK_ID: "aws:apigateway/vpcLink:VpcLink",
    OnPrem.ZONE_ID: "aws:route53/zone:Zone",
}
"""Contract keys (components/contract.py) that hold the id of a resource the stack owns, and its type."""


def _record(stack: str, key: str, index: int | None, token: str, resource_id: str) -> RecordedResource:
    name = key if index is None else f"{key}-{index}"
    return RecordedResource(type=token, name=name, urn=f"urn:pulumi:{stack}::{PROJECT}::{token}::{name}",
                            parent=None, custom=True, provider=None, dependencies=[], property_dependencies={},
                            inputs={}, id=resource_id)


def state_from_outputs(path: str) -> StackState:
    outputs = load_outputs(path)
    stack = os.path.splitext(os.path.basename(path))[0]
    resources = []
    for key, token in OWNED_BY_KEY.items():
        value: Any = outputs.get(key)
        if isinstance(value, str) and value:
            resources.append(_record(stack, key, None, token, value))
        elif isinstance(value, list):
            resources.extend(_record(stack, key, i, token, v) for i, v in enumerate(value) if isinstance(v, str))
    region = outputs.get(Stack.REGION)
    return StackState(project=PROJECT, stack=stack, resources=resources, stack_outputs=outputs,
                      region=region if isinstance(region, str) and region else None, source=path)
