"""The resource-policy generator (components/resource_policy.py): exact JSON and what it admits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.errors import ConfigError
from components.resource_policy import (
    check_account_id,
    check_vpc_endpoint_id,
    check_vpc_id,
    private_api_policy,
    private_api_policy_json,
)

VPCE_A = "vpce-0a1b2c3d4e5f60718"
VPCE_B = "vpce-1234abcd"
VPC_A = "vpc-0123456789abcdef0"
ACCOUNT_A = "111122223333"
ACCOUNT_B = "444455556666"


# --------------------------------------------------------------------------- exact JSON per source kind


def test_vpc_endpoint_source_exact_json() -> None:
    assert private_api_policy_json(vpc_endpoint_ids=[VPCE_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcEndpoints","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f60718"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-0a1b2c3d4e5f60718"}}}]}'
    )


def test_several_vpc_endpoints_are_sorted_and_deduplicated() -> None:
    document = private_api_policy(vpc_endpoint_ids=[VPCE_B, VPCE_A, VPCE_B])
    assert document["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}
    assert document["Statement"][1]["Condition"] == {"StringNotEquals": {"aws:SourceVpce": [VPCE_A, VPCE_B]}}


def test_source_vpc_exact_json() -> None:
    assert private_api_policy_json(source_vpc_ids=[VPC_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromVpcs","Effect":"Allow","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-0123456789abcdef0"}}},'
        '{"Sid":"DenyOutsideAllowedNetworks","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:SourceVpc":"vpc-0123456789abcdef0"}}}]}'
    )


def test_accounts_exact_json() -> None:
    assert private_api_policy_json(account_ids=[ACCOUNT_B, ACCOUNT_A]) == (
        '{"Version":"2012-10-17","Statement":['
        '{"Sid":"AllowFromAccounts","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root",'
        '"arn:aws:iam::444455556666:root"]},"Action":"execute-api:Invoke","Resource":"execute-api:/*"},'
        '{"Sid":"DenyOtherAccounts","Effect":"Deny","Principal":"*","Action":"execute-api:Invoke",'
        '"Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:PrincipalAccount":["111122223333",'
        '"444455556666"]}}}]}'
    )


def test_all_source_kinds_together() -> None:
    assert private_api_policy(vpc_endpoint_ids=[VPCE_A], source_vpc_ids=[VPC_A], account_ids=[ACCOUNT_A],
                              partition="aws-cn") == {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AllowFromVpcEndpoints", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "execute-api:/*", "Condition": {"StringEquals": {"aws:SourceVpce": VPCE_A}}},
            {"Sid": "AllowFromVpcs", "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "execute-api:/*", "Condition": {"StringEquals": {"aws:SourceVpc": VPC_A}}},
            {"Sid": "AllowFromAccounts", "Effect": "Allow", "Principal": {"AWS": "arn:aws-cn:iam::111122223333:root"},
             "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
            # One condition block with both keys: IAM ANDs them, so only a request from neither is denied.
            {"Sid": "DenyOutsideAllowedNetworks", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "execute-api:/*",
             "Condition": {"StringNotEquals": {"aws:SourceVpce": VPCE_A, "aws:SourceVpc": VPC_A}}},
            {"Sid": "DenyOtherAccounts", "Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "execute-api:/*", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT_A}}},
        ],
    }


def test_json_is_the_dict_serialised() -> None:
    kwargs = {"vpc_endpoint_ids": [VPCE_A], "account_ids": [ACCOUNT_A]}
    assert json.loads(private_api_policy_json(**kwargs)) == private_api_policy(**kwargs)


# --------------------------------------------------------------------------- errors


def test_no_source_at_all() -> None:
    with pytest.raises(ConfigError) as exc:
        private_api_policy()
    assert str(exc.value) == ("Invalid configuration 'resource_policy': no caller source is given, so the policy "
                              "would admit nobody. Fix: list at least one VPC endpoint id, source VPC id or account id")


@pytest.mark.parametrize(("check", "value", "message"), [
    (check_vpc_endpoint_id, "vpce-123", "Invalid configuration 'k': 'vpce-123' is not a VPC endpoint id. Fix: use the "
     "id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0"),
    (check_vpc_endpoint_id, "vpc-0123456789abcdef0", "Invalid configuration 'k': 'vpc-0123456789abcdef0' is not a VPC "
     "endpoint id. Fix: use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. "
     "vpce-0123456789abcdef0"),
    (check_vpc_endpoint_id, "VPCE-0123456789ABCDEF0", "Invalid configuration 'k': 'VPCE-0123456789ABCDEF0' is not a "
     "VPC endpoint id. Fix: use the id of an execute-api interface endpoint: vpce- and 8 or 17 hex digits, e.g. "
     "vpce-0123456789abcdef0"),
    (check_vpc_id, "vpc-xyz", "Invalid configuration 'k': 'vpc-xyz' is not a VPC id. Fix: use vpc- and 8 or 17 hex "
     "digits, e.g. vpc-0123456789abcdef0"),
    (check_account_id, 123456789012, "Invalid configuration 'k': 123456789012 is not an AWS account id. Fix: use the "
     "12-digit account id as a quoted string, e.g. '123456789012'"),
    (check_account_id, "12345", "Invalid configuration 'k': '12345' is not an AWS account id. Fix: use the 12-digit "
     "account id as a quoted string, e.g. '123456789012'"),
])
def test_malformed_ids(check: Any, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        check(value, "k")
    assert str(exc.value) == message


def test_malformed_id_inside_the_generator_names_the_key() -> None:
    with pytest.raises(ConfigError) as exc:
        private_api_policy(vpc_endpoint_ids=["vpce-nothex00"], key="allowed_vpc_endpoint_ids")
    assert str(exc.value).startswith("Invalid configuration 'allowed_vpc_endpoint_ids': 'vpce-nothex00' is not")


def test_a_single_string_is_not_a_list() -> None:
    with pytest.raises(ConfigError) as exc:
        private_api_policy(vpc_endpoint_ids=VPCE_A)
    assert str(exc.value) == ("Invalid configuration 'resource_policy': expected a list, got the single string "
                              "'vpce-0a1b2c3d4e5f60718'. Fix: write 'resource_policy' as a list")


def test_bad_partition() -> None:
    with pytest.raises(ConfigError) as exc:
        private_api_policy(vpc_endpoint_ids=[VPCE_A], partition="azure")
    assert str(exc.value) == ("Invalid configuration 'resource_policy': 'azure' is not an AWS partition. "
                              "Fix: use aws, aws-cn or aws-us-gov")


# --------------------------------------------------------------------------- what the policy admits (properties)

Request = Mapping[str, str | None]


def _matches(condition: Mapping[str, Mapping[str, Any]] | None, request: Request) -> bool:
    """IAM condition evaluation for the two operators the generator emits (keys ANDed, values ORed)."""
    for operator, tests in (condition or {}).items():
        for context_key, expected in tests.items():
            values = expected if isinstance(expected, list) else [expected]
            actual = request.get(context_key)
            if operator == "StringEquals" and actual not in values:
                return False
            # A missing key is "not equal" to every value, so the negated test holds.
            if operator == "StringNotEquals" and actual in values:
                return False
    return True


def _principal_matches(principal: Any, request: Request) -> bool:
    if principal == "*":
        return True
    arns = principal["AWS"] if isinstance(principal["AWS"], list) else [principal["AWS"]]
    return request.get("aws:PrincipalAccount") in {arn.split(":")[4] for arn in arns}


def admits(document: Mapping[str, Any], request: Request) -> bool:
    """An explicit Deny wins; otherwise any matching Allow admits."""
    matching = [s for s in document["Statement"]
                if _principal_matches(s["Principal"], request) and _matches(s.get("Condition"), request)]
    return any(s["Effect"] == "Allow" for s in matching) and not any(s["Effect"] == "Deny" for s in matching)


_hex17 = st.text("0123456789abcdef", min_size=17, max_size=17)
VPCES = st.lists(_hex17.map(lambda h: f"vpce-{h}"), max_size=3)
VPCS = st.lists(_hex17.map(lambda h: f"vpc-{h}"), max_size=3)
ACCOUNTS = st.lists(st.text("0123456789", min_size=12, max_size=12), max_size=3)


@settings(max_examples=200, deadline=None)
@given(vpces=VPCES, vpcs=VPCS, accounts=ACCOUNTS, data=st.data())
def test_admits_exactly_the_listed_sources(vpces: list[str], vpcs: list[str], accounts: list[str],
                                           data: st.DataObject) -> None:
    if not (vpces or vpcs or accounts):
        return
    document = private_api_policy(vpc_endpoint_ids=vpces, source_vpc_ids=vpcs, account_ids=accounts)
    # Requests from listed and unlisted sources, and with keys missing (unsigned, or not through a VPC).
    request = {
        "aws:SourceVpce": data.draw(st.sampled_from([None, "vpce-ffffffffffffffff0", *vpces])),
        "aws:SourceVpc": data.draw(st.sampled_from([None, "vpc-ffffffffffffffff0", *vpcs])),
        "aws:PrincipalAccount": data.draw(st.sampled_from([None, "999999999999", *accounts])),
    }
    network_ok = not (vpces or vpcs) or request["aws:SourceVpce"] in vpces or request["aws:SourceVpc"] in vpcs
    account_ok = not accounts or request["aws:PrincipalAccount"] in accounts
    assert admits(document, request) == (network_ok and account_ok)


@settings(max_examples=100, deadline=None)
@given(vpces=VPCES, vpcs=VPCS, accounts=ACCOUNTS)
def test_every_public_allow_is_guarded_by_a_deny(vpces: list[str], vpcs: list[str], accounts: list[str]) -> None:
    if not (vpces or vpcs or accounts):
        return
    statements = private_api_policy(vpc_endpoint_ids=vpces, source_vpc_ids=vpcs, account_ids=accounts)["Statement"]
    for statement in statements:
        if statement["Effect"] == "Allow" and statement["Principal"] == "*":
            assert set(statement["Condition"]["StringEquals"]) <= {"aws:SourceVpce", "aws:SourceVpc"}
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert denies and all(s["Principal"] == "*" and s["Resource"] == "execute-api:/*" for s in denies)


@settings(max_examples=100, deadline=None)
@given(vpces=VPCES.filter(bool), data=st.data())
def test_order_and_repetition_do_not_change_the_document(vpces: list[str], data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(vpces + vpces[:1]))
    assert private_api_policy_json(vpc_endpoint_ids=shuffled) == private_api_policy_json(vpc_endpoint_ids=vpces)
