"""The shared network helpers: rule shapes, port coverage, CIDR containment (plain functions, no engine)."""

import pytest
from private_api_guard import types
from private_api_guard.network_rules import count, ingress_rules, is_true, networks, port_number, within
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from tests.policies.policy_harness import UNKNOWN


def rules(resource_type, props):
    return ingress_rules(resource_type, unknown_checking_proxy(props))


def test_three_shapes_give_the_same_view():
    inline = rules(types.SECURITY_GROUP, {"ingress": [
        {"protocol": "tcp", "fromPort": 20, "toPort": 30, "cidrBlocks": ["10.0.0.0/8"],
         "ipv6CidrBlocks": ["fd00::/8"]}]})
    rule = rules(types.SECURITY_GROUP_RULE, {"type": "ingress", "protocol": "6", "fromPort": 20.0, "toPort": 30.0,
                                             "cidrBlocks": ["10.0.0.0/8"], "ipv6CidrBlocks": ["fd00::/8"]})
    vpc = rules(types.SECURITY_GROUP_INGRESS_RULE, {"ipProtocol": "TCP", "fromPort": 20, "toPort": 30,
                                                    "cidrIpv4": "10.0.0.0/8", "cidrIpv6": "fd00::/8"})
    assert [list(r.sources()) for r in inline] == [[("ingress[0].cidrBlocks", "10.0.0.0/8"),
                                                    ("ingress[0].ipv6CidrBlocks", "fd00::/8")]]
    assert [list(r.sources()) for r in rule] == [[("cidrBlocks", "10.0.0.0/8"), ("ipv6CidrBlocks", "fd00::/8")]]
    assert [list(r.sources()) for r in vpc] == [[("cidrIpv4", "10.0.0.0/8"), ("cidrIpv6", "fd00::/8")]]
    assert [r.covered([22, 3389]) for r in inline + rule + vpc] == [[22], [22], [22]]
    assert [r.describe() for r in inline + rule + vpc] == ["tcp 20-30", "tcp 20-30", "tcp 20-30"]


def test_egress_other_types_and_malformed_blocks_give_no_rules():
    assert rules(types.SECURITY_GROUP_RULE, {"type": "egress", "cidrBlocks": ["0.0.0.0/0"]}) == []
    assert rules(types.INSTANCE, {"ingress": [{}]}) == []
    assert rules(types.SECURITY_GROUP, {"ingress": ["garbage", 3, None]}) == []


@pytest.mark.parametrize(("protocol", "ports", "expected", "shown"), [
    ("-1", (0, 0), [22, 3389], "all traffic"),
    ("all", (None, None), [22, 3389], "all traffic"),
    ("udp", (3389, 3389), [3389], "udp 3389"),
    ("icmp", (-1, -1), [], "icmp"),
    ("tcp", (1024, 65535), [3389], "tcp 1024-65535"),
    ("tcp", (None, None), [22, 3389], "tcp 0-65535"),
    (None, (22, 22), [], "unset protocol"),
])
def test_port_coverage(protocol, ports, expected, shown):
    [rule] = rules(types.SECURITY_GROUP_INGRESS_RULE,
                   {"ipProtocol": protocol, "fromPort": ports[0], "toPort": ports[1]})
    assert rule.covered([22, 3389]) == expected
    assert rule.describe() == shown


def test_unknown_port_raises_only_when_read():
    [rule] = rules(types.SECURITY_GROUP_INGRESS_RULE,
                   {"ipProtocol": "tcp", "fromPort": UNKNOWN, "cidrIpv4": "1.2.3.4/32"})
    assert list(rule.sources()) == [("cidrIpv4", "1.2.3.4/32")]
    with pytest.raises(UnknownValueError):
        rule.covered([22])


def test_cidr_containment():
    allowed = networks(["10.0.0.0/8", "fc00::/7", "not-a-cidr", 7])
    assert within("10.1.2.0/24", allowed)
    assert within("10.1.2.3", allowed)
    assert within("fd12::/64", allowed)
    assert not within("11.0.0.0/8", allowed)
    assert not within("0.0.0.0/0", allowed)
    assert not within("::/0", allowed)
    assert not within(None, allowed)
    assert not within("garbage", allowed)


def test_small_readers():
    assert [port_number(v) for v in (22, 22.0, "22", True, 22.5, "x", None)] == [22, 22, 22, None, None, None, None]
    assert [count(v) for v in (None, [], [1, 2], "x", {"a": 1})] == [0, 0, 2, 1, 1]
    assert [is_true(v) for v in (True, "true", "TRUE", False, "false", 1, None)] == [True, True, True, False, False,
                                                                                     False, False]
