"""Drift is judged on normalised values: what AWS stores for an unchanged stack is no drift."""

from __future__ import annotations

import json

from private_apis.audit.aws import Aws
from private_apis.audit.live import drift_of
from private_apis.audit.normalize import canonical_policy, parse_policy
from private_apis.audit.reading import Context, Live
from private_apis.engine.recorder import RecordedResource

ARN = "arn:aws:execute-api:eu-west-1:111122223333:a1b2c3d4e5"
WRITTEN = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": ["execute-api:Invoke"], "Resource": "execute-api:/*",
    "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}}]}
# As API Gateway returns it: expanded, its own key order, single values unwrapped, quotes escaped.
STORED = ('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Condition\\":{\\"StringEquals\\":{\\"aws:SourceVpce'
          '\\":\\"vpce-0123456789abcdef0\\"}},\\"Resource\\":\\"' + ARN + '/*\\",\\"Action\\":\\"execute-api:Invoke'
          '\\",\\"Principal\\":\\"*\\",\\"Effect\\":\\"Allow\\"}]}')


def _records(policy: str) -> tuple[RecordedResource, list[RecordedResource]]:
    api = RecordedResource(type="aws:apigateway/restApi:RestApi", name="api", urn="urn:pulumi:s::p::t::api",
                           parent=None, custom=True, provider=None, dependencies=[], property_dependencies={},
                           inputs={}, outputs={"executionArn": ARN}, id="a1b2c3d4e5")
    attached = RecordedResource(type="aws:apigateway/restApiPolicy:RestApiPolicy", name="policy",
                                urn="urn:pulumi:s::p::t::policy", parent=None, custom=True, provider=None,
                                dependencies=[], property_dependencies={},
                                inputs={"restApiId": "a1b2c3d4e5", "policy": policy}, id="a1b2c3d4e5")
    return attached, [api, attached]


def _drift(recorded: str, live: str) -> list:
    record, records = _records(recorded)
    context = Context(aws=Aws("eu-west-1", "http://127.0.0.1:9"), records=records, region="eu-west-1")
    return drift_of(record, Live(bag={"restApiId": "a1b2c3d4e5", "policy": live}), context)


def test_escaped_policy_text_parses():
    assert parse_policy(STORED)["Statement"][0]["Resource"] == ARN + "/*"


def test_the_shorthand_and_key_order_are_no_drift():
    assert canonical_policy(WRITTEN, api_arn=ARN) == canonical_policy(STORED, api_arn=ARN)
    assert _drift(json.dumps(WRITTEN), STORED) == []


def test_a_widened_policy_is_drift_with_both_values():
    widened = STORED.replace('\\"Condition\\":{\\"StringEquals\\":{\\"aws:SourceVpce\\":\\"vpce-0123456789abcdef0'
                             '\\"}},', "")
    [finding] = _drift(json.dumps(WRITTEN), widened)
    assert (finding.kind, finding.name, finding.property) == ("drift", "policy", "policy")
    assert (finding.recorded, finding.live) == (json.dumps(WRITTEN), widened)
