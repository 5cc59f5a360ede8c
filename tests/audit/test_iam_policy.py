"""The read-only role's policy: exactly the calls the audit's readers make, each a read, shown in the README."""

from __future__ import annotations

import re
from pathlib import Path

import boto3
import pytest

from private_apis.audit.aws import READ_CALLS, Aws
from private_apis.audit.iam_policy import read_only_policy, readme_section

ROOT = Path(__file__).resolve().parents[2]
IAM_PREFIX = {"ec2": "ec2", "elbv2": "elasticloadbalancing", "lambda": "lambda", "route53": "route53"}
CALL = re.compile(r'aws\.(?:call|pages)\(\s*"(\w+)",\s*"(\w+)"')


def test_read_calls_are_exactly_the_calls_the_readers_make():
    made = set()
    for module in (ROOT / "private_apis" / "audit").glob("read_*.py"):
        made.update(CALL.findall(module.read_text()))
    assert made == set(READ_CALLS)


@pytest.mark.parametrize(("service", "operation"), sorted(READ_CALLS))
def test_each_call_exists_and_needs_the_listed_read_action(service, operation):
    client = boto3.session.Session(region_name="eu-west-1").client(service, endpoint_url="http://127.0.0.1:9")
    api_name = client.meta.method_to_api_mapping[operation]
    action = READ_CALLS[(service, operation)]
    # API Gateway authorises by HTTP verb: every read of either API version is apigateway:GET.
    expected = "apigateway:GET" if service.startswith("apigateway") else f"{IAM_PREFIX[service]}:{api_name}"
    assert action == expected
    assert client.meta.service_model.operation_model(api_name).http["method"] in ("GET", "POST")
    assert re.match(r"(Describe|Get|List)", api_name)


def test_a_call_outside_the_list_is_refused_before_it_is_sent():
    with pytest.raises(AssertionError, match=re.escape("ec2.delete_vpc is not a read call of the audit")):
        Aws("eu-west-1", "http://127.0.0.1:9").call("ec2", "delete_vpc", VpcId="vpc-1")


def test_policy_grants_reads_only():
    statements = read_only_policy()["Statement"]
    actions = [a for s in statements for a in s["Action"]]
    assert sorted(actions) == sorted(set(READ_CALLS.values()))
    assert all(s["Effect"] == "Allow" and "NotAction" not in s for s in statements)


def test_readme_shows_the_generated_policy():
    readme = (ROOT / "README.md").read_text()
    start, end = "<!-- audit-read-only-policy:start -->\n", "<!-- audit-read-only-policy:end -->"
    assert start in readme and end in readme, "README lacks the audit's read-only policy section"
    shown = readme.split(start, 1)[1].split(end, 1)[0]
    assert shown == readme_section(), "README's policy is stale: paste `python -m private_apis.audit.iam_policy`"
