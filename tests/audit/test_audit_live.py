"""``audit`` against a moto account on 127.0.0.1: clean when untouched, every console change reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from private_apis.audit.aws import READ_CALLS
from private_apis.cli import main
from tests.audit import mutations
from tests.audit.world import REGION, World, build_world

ROOT = Path(__file__).resolve().parents[2]


def audit(world: World, tmp_path: Path, capsys, *extra: str) -> tuple[int, dict]:
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(world.export()))
    code = main(["audit", "--stack-export", str(export), "--endpoint-url", world.endpoint, "--json", *extra])
    out, err = capsys.readouterr()
    assert err == "" or code != 2, err
    return code, json.loads(out) if out else {"error": err}


def test_untouched_account_is_clean(aws, tmp_path, capsys):
    world = build_world(aws)
    code, report = audit(world, tmp_path, capsys)
    assert report["findings"] == []
    assert [v for v in report["violations"] if v["enforcementLevel"] == "mandatory"] == []
    assert code == 0


def _summary(report: dict) -> tuple[set, set]:
    findings = {(f["kind"], f["resourceName"], f["property"]) for f in report["findings"]}
    mandatory = {(v["policy"], v["resourceName"]) for v in report["violations"] if v["enforcementLevel"] == "mandatory"}
    return findings, mandatory


WORLD_RULE = "aws-ec2-securitygroup-disallow-world-ingress"
# Each console change, and what the audit must say about it: (kind, resource, property) findings and the pack's
# mandatory (policy, resource) verdicts on the live configuration. Changes in one group touch different resources
# or properties, so one account holds them all and the report must be exactly their union.
GROUPS = {
    "first": {
        "endpoint_to_regional": ({("drift", "serverless-api", "endpointConfiguration")}, set()),
        "policy_widened": ({("drift", "serverless-policy", "policy")},
                           {("aws-apigateway-restapipolicy-configure-source-restriction", "serverless-policy")}),
        "instance_public_ip": ({("drift", "bridge-app", "associatePublicIpAddress")},
                               {("aws-ec2-instance-disallow-public-ip", "bridge-app")}),
        "method_added_without_authorization": (
            {("undeclared", "iam-api-live-DELETE-/", "methods")},
            {("aws-apigateway-method-enable-authorization", "iam-api-live-DELETE-/"),
             ("aws-apigateway-restapi-disallow-public-endpoint", "iam-api")}),
        "sg_rule_ipv4_world": ({("undeclared", "execute-api-endpoint-sg-live-<ipv4>", "ingress")},
                               {(WORLD_RULE, "execute-api-endpoint-sg-live-<ipv4>")}),
    },
    "third": {
        "lambda_open_to_everyone": ({("undeclared", "serverless-entities-live-console-test", "policy")},
                                    {("aws-lambda-function-disallow-public-invoke",
                                      "serverless-entities-live-console-test")}),
        "internet_route": ({("undeclared", "network-private-rt-live-0.0.0.0/0", "routes")}, set()),
        "function_url_public": ({("drift", "serverless-entities-url", "authorizationType")},
                                {("aws-lambda-function-disallow-public-invoke", "serverless-entities-url")}),
        "http_route_to_none": ({("drift", "events-route", "authorizationType")},
                               {("aws-apigatewayv2-route-enable-authorization", "events-route")}),
        "zone_shared_with_another_vpc": ({("drift", "onprem-zone", "vpcs")}, set()),
    },
    "second": {
        "policy_deleted": ({("gone", "serverless-policy", None)},
                           {("aws-apigateway-restapi-enable-resource-policy", "serverless-api")}),
        "method_to_none": ({("drift", "serverless-api-get", "authorization")},
                           {("aws-apigateway-method-enable-authorization", "serverless-api-get")}),
        "stage_deleted": ({("gone", "iam-api-stage", None)}, set()),
        "sg_rule_ipv6_world": ({("undeclared", "bridge-app-sg-live-<ipv6>", "ingress")},
                               {(WORLD_RULE, "bridge-app-sg-live-<ipv6>"),
                                ("aws-ec2-securitygroup-configure-admin-port-sources", "bridge-app-sg-live-<ipv6>")}),
    },
}


def _rule_names(world: World) -> dict[str, str]:
    """The live-only rules' names carry the sgr- id AWS gave them; name them by what they open."""
    names = {}
    for group in ("execute-api-endpoint-sg", "bridge-app-sg"):
        rules = world.client("ec2").describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": [world.ids[group]]}])["SecurityGroupRules"]
        for rule in rules:
            for cidr, label in (("CidrIpv4", "<ipv4>"), ("CidrIpv6", "<ipv6>")):
                if rule.get(cidr) in ("0.0.0.0/0", "::/0"):
                    names[f"{group}-live-{label}"] = f"{group}-live-{rule['SecurityGroupRuleId']}"
    return names


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_each_console_change_is_reported_by_resource_and_property(aws, tmp_path, capsys, group):
    world = build_world(aws)
    for mutation in GROUPS[group]:
        getattr(mutations, mutation)(world)
    code, report = audit(world, tmp_path, capsys)
    names = _rule_names(world)
    findings, mandatory = _summary(report)
    for mutation, (expected_findings, expected_mandatory) in GROUPS[group].items():
        expected_findings = {(k, names.get(n, n), p) for k, n, p in expected_findings}
        expected_mandatory = {(p, names.get(n, n)) for p, n in expected_mandatory}
        assert expected_findings <= findings, mutation
        assert expected_mandatory <= mandatory, mutation
    everything = [case for cases in GROUPS[group].values() for case in cases]
    assert findings == {(k, names.get(n, n), p) for k, n, p in set().union(*everything[0::2])}
    assert mandatory == {(p, names.get(n, n)) for p, n in set().union(*everything[1::2])}
    assert code == 1


def test_drift_report_in_text_json_and_sarif(aws, tmp_path):
    from private_apis.audit.live import AuditOptions, run_audit
    from private_apis.audit.packs import DEFAULT_PACK, PackOptions
    from private_apis.audit.report import audit_json, audit_sarif, audit_text

    world = build_world(aws)
    mutations.endpoint_to_regional(world)
    mutations.method_to_none(world)
    export = tmp_path / "stack.json"
    export.write_text(json.dumps(world.export()))
    result = run_audit(AuditOptions(stack_export=str(export), endpoint_url=aws, cwd=str(ROOT),
                                    packs=PackOptions(policy_packs=[DEFAULT_PACK])))
    report = audit_json(result)
    endpoint = world.ids["execute-api-endpoint"]
    assert [(f["urn"], f["property"], f["recorded"], f["live"]) for f in report["findings"]] == [
        (world.urn("aws:apigateway/restApi:RestApi", "serverless-api"), "endpointConfiguration",
         {"types": "PRIVATE", "vpcEndpointIds": [endpoint]}, {"types": "REGIONAL", "vpcEndpointIds": [endpoint]}),
        (world.urn("aws:apigateway/method:Method", "serverless-api-get"), "authorization", "AWS_IAM", "NONE")]
    text = audit_text(result)
    assert text.startswith(f"Auditing stack audit live in {REGION} (stack.json): 25 resources read live, 9 judged "
                           "as recorded\n")
    assert "    - [drift]  aws:apigateway:Method: serverless-api-get  authorization\n" \
           "          authorization drifted from what the stack declared\n          recorded: AWS_IAM\n" \
           "          live:     NONE\n" in text
    assert "        - [mandatory]  aws-apigateway-method-enable-authorization  (aws:apigateway:Method: " \
           "serverless-api-get)\n" in text
    assert text.endswith("Result: FAILED\n")
    runs = {run["tool"]["driver"]["name"]: run for run in audit_sarif(result, root=ROOT)["runs"]}
    assert [r["ruleId"] for r in runs["private-apis-audit"]["results"]] == ["audit-drift", "audit-drift"]
    # A REGIONAL API with a method open to anyone: both changes together make it public.
    assert sorted(r["ruleId"] for r in runs["private-api-guard"]["results"] if r["level"] == "error") == [
        "aws-apigateway-method-enable-authorization", "aws-apigateway-restapi-disallow-public-endpoint"]
    assert set(report["awsCalls"]) <= {f"{s}.{o}" for s, o in READ_CALLS}


def test_private_dns_a_deleted_api_and_a_check_moto_cannot_answer(aws, tmp_path, capsys):
    world = mutations.private_dns_on(aws)
    world.client("apigateway").delete_rest_api(restApiId=world.ids["iam-api"])
    association = "aws:apigateway/domainNameAccessAssociation:DomainNameAccessAssociation"
    arn = f"arn:aws:apigateway:{REGION}:{world.account}:/domainnameaccessassociations/domainname/api.example.internal"
    world.add(association, "onprem-access", arn, {
        "domainNameArn": f"arn:aws:apigateway:{REGION}:{world.account}:/domainnames/api.example.internal",
        "accessAssociationSource": world.ids["execute-api-endpoint"], "accessAssociationSourceType": "VPCE"},
        outputs={"arn": arn})
    code, report = audit(world, tmp_path, capsys)
    findings = {(f["kind"], f["resourceName"], f["property"]): f for f in report["findings"]}
    assert set(findings) == {("drift", "execute-api-endpoint", "privateDnsEnabled"),
                             ("gone", "iam-api", None), ("gone", "iam-api-any", None), ("gone", "iam-api-stage", None),
                             ("unverified", "onprem-access", None)}
    dns = findings[("drift", "execute-api-endpoint", "privateDnsEnabled")]
    assert (dns["recorded"], dns["live"]) == (False, True)
    # moto has no GetDomainNameAccessAssociations: the check is reported as not run, never passed.
    assert findings[("unverified", "onprem-access", None)]["message"] == (
        "the live check could not run: apigateway.get_domain_name_access_associations is not implemented by "
        f"{world.endpoint}")
    assert findings[("gone", "iam-api", None)]["message"].startswith("the stack owns it, but it no longer exists")
    assert code == 1


def test_outputs_mode_judges_what_the_outputs_name(aws, tmp_path, capsys):
    world = build_world(aws)
    mutations.method_to_none(world)
    outputs = tmp_path / "dev.json"
    outputs.write_text(json.dumps({"aws_region": REGION, "serverless_api_id": world.ids["serverless-api"],
                                   "iam_api_id": world.ids["iam-api"], "bridge_instance_id": world.ids["bridge-app"],
                                   "serverless_vpc_endpoint_id": world.ids["execute-api-endpoint"],
                                   "iam_api_key_value": "[secret]"}))
    code = main(["audit", "--outputs", str(outputs), "--endpoint-url", world.endpoint, "--json"])
    report = json.loads(capsys.readouterr().out)
    # Outputs record no inputs: no drift, but everything they reach is judged live, and only the change fails.
    assert report["driftChecked"] is False and report["summary"]["readLive"] == 4
    assert _summary(report) == (set(), {("aws-apigateway-method-enable-authorization",
                                         "serverless_api_id-live-GET-/entities")})
    assert code == 1

