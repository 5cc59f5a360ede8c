"""The pack servicer's one-pass conversion of a request's properties (policies/private_api_guard/servicer.py, the
bench's pack throughput) builds exactly what the SDK's three steps build: the same proxy classes with the same
property paths (which the unknown-value messages quote), secrets unwrapped, assets rebuilt, the same errors."""

from __future__ import annotations

import pytest
from google.protobuf import json_format, struct_pb2
from private_api_guard import servicer
from pulumi_policy.deserialize import deserialize_properties
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

SIG = "4dabf18193072939515e22adb298388d"
PROPERTIES = {
    "name": "api", "port": 443, "ratio": 0.5, "internal": True, "nothing": None, "arn": UNKNOWN_STRING_VALUE,
    "tags": {"Name": "x", "empty": {}}, "ingress": [{"cidrBlocks": ["10.0.0.0/8", UNKNOWN_STRING_VALUE]}, [], 3],
    "value": {SIG: "1b47061264138c4ac30d75fd1eb44270", "value": {"inner": [1, {"deep": UNKNOWN_STRING_VALUE}]}},
    "code": {SIG: "c44067f5952c0a294b673a41bacd8c17", "text": "print(1)"},
}


def _struct(values: dict) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(values)
    return struct


def _stock(struct: struct_pb2.Struct):
    return unknown_checking_proxy(deserialize_properties(json_format.MessageToDict(struct)))


def _shape(value, path="$"):
    """Every node as (path, class, the property path its proxy holds, plain value)."""
    name = type(value).__name__
    if name in ("_DictProxy", "_ListProxy"):
        acc = value._DictProxy__props_acc if name == "_DictProxy" else value._ListProxy__props_acc
        target = value["__target"]
        items = target.items() if name == "_DictProxy" else enumerate(target)
        return [(path, name, list(acc)), *[n for k, v in items for n in _shape(v, f"{path}.{k}")]]
    return [(path, name, getattr(value, "text", value))]


def test_the_one_pass_conversion_builds_the_sdks_proxies():
    struct = _struct(PROPERTIES)
    assert _shape(servicer._proxy(struct)) == _shape(_stock(struct))


@pytest.mark.parametrize("path", [("arn",), ("ingress", 0, "cidrBlocks", 1), ("value", "inner", 1, "deep")])
def test_unknowns_raise_the_same_message_at_the_same_path(path):
    messages = []
    for props in (servicer._proxy(_struct(PROPERTIES)), _stock(_struct(PROPERTIES))):
        with pytest.raises(UnknownValueError) as raised:
            value = props
            for key in path:
                value = value[key]
        messages.append((raised.value.message, raised.value.props))
    assert messages[0] == messages[1]
    assert messages[0][1] == [str(k) for k in path]


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan")])
def test_a_number_json_cannot_hold_fails_as_in_the_sdk(number):
    struct = _struct({"a": {"b": [number]}})
    with pytest.raises(ValueError) as stock:
        _stock(struct)
    with pytest.raises(ValueError) as ours:
        servicer._proxy(struct)
    assert str(ours.value) == str(stock.value)
