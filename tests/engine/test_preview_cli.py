"""The offline engine end to end: subprocess, real pack processes, real gRPC."""

import json

from tests.engine.conftest import FIXTURES, ROOT, run_cli, run_json

POLICIES = str(ROOT / "policies")
PACKS = FIXTURES / "packs"


def test_insecure_program_fails_with_mandatory_violations():
    proc = run_cli("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES)
    assert proc.returncode == 1, proc.stderr
    assert "❌ private-api-guard@v0.1.0" in proc.stdout
    assert "- [mandatory]  aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg)" in proc.stdout
    assert ("ingress[0].cidrBlocks is '0.0.0.0/0': it admits ingress from the whole internet. Fix: admit only the "
            "client, load balancer or VPC ranges, or reference a security group.") in proc.stdout


def test_insecure_program_json_lists_violations_per_resource():
    code, doc = run_json("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES)
    assert code == 1
    mandatory = {(v["policy"], v["resourceName"]) for v in doc["violations"] if v["enforcementLevel"] == "mandatory"}
    assert ("aws-ec2-securitygroup-disallow-world-ingress", "web-sg") in mandatory
    assert ("aws-apigateway-restapi-disallow-public-endpoint", "public-api") in mandatory
    assert doc["summary"]["mandatory"] == len([v for v in doc["violations"] if v["enforcementLevel"] == "mandatory"])
    sg = next(r for r in doc["resources"] if r["name"] == "web-sg")
    assert sg["type"] == "aws:ec2/securityGroup:SecurityGroup"
    assert sg["inputs"]["ingress"][0]["cidrBlocks"] == ["0.0.0.0/0"]
    assert sg["source"]["uri"].endswith("insecure/__main__.py") and sg["source"]["line"] == 7


def test_compliant_program_passes_and_records_graph():
    code, doc = run_json("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", POLICIES)
    assert code == 0
    assert doc["summary"]["mandatory"] == 0
    rule = next(r for r in doc["resources"] if r["name"] == "endpoint-https")
    vpc = next(r for r in doc["resources"] if r["name"] == "vpc")
    assert rule["propertyDependencies"]["cidrIpv4"] == [vpc["urn"]]
    assert rule["inputs"]["cidrIpv4"] == "10.1.0.0/16"
    assert doc["outputs"]["vpc_id"].startswith("vpc-")
    assert doc["outputs"]["token"] == "[secret]" and doc["secretOutputs"] == ["token"]
    names = {p["name"] for p in doc["policyPacks"][0]["policies"]}
    assert "aws-ec2-securitygroup-disallow-world-ingress" in names


def test_first_preview_makes_computed_values_unknown_without_crashing():
    code, doc = run_json("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", POLICIES, "--first-preview")
    assert code == 0
    assert doc["firstPreview"] is True
    assert doc["outputs"]["vpc_id"] == "output<string>"
    sg = next(r for r in doc["resources"] if r["name"] == "endpoint-sg")
    assert sg["inputs"]["vpcId"] == "output<string>"


def test_config_override_reaches_the_program():
    _, doc = run_json("preview", "-C", str(FIXTURES / "compliant"), "-c", "port=8443")
    rule = next(r for r in doc["resources"] if r["name"] == "endpoint-https")
    assert rule["inputs"]["fromPort"] == 8443


def test_policy_pack_config_changes_enforcement(tmp_path):
    config = tmp_path / "pack.json"
    config.write_text(json.dumps({"aws-ec2-securitygroup-disallow-world-ingress": "advisory",
                                  "aws-apigateway-restapi-disallow-public-endpoint": {
                                      "enforcementLevel": "disabled"},
                                  "aws-apigateway-method-enable-authorization": "disabled"}))
    code, doc = run_json("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES,
                         "--policy-pack-config", str(config))
    levels = {v["policy"]: v["enforcementLevel"] for v in doc["violations"]}
    assert levels["aws-ec2-securitygroup-disallow-world-ingress"] == "advisory"
    assert "aws-apigateway-restapi-disallow-public-endpoint" not in levels
    assert code == (1 if any(v == "mandatory" for v in levels.values()) else 0)


def test_exemption_from_config_file_is_printed(tmp_path):
    config = tmp_path / "pack.json"
    config.write_text(json.dumps({"aws-ec2-securitygroup-disallow-world-ingress": {
        "exemptions": [{"namePattern": "web-sg", "reason": "public demo, ticket SEC-7"}]}}))
    proc = run_cli("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES, "--policy-pack-config",
                   str(config))
    assert "[not applicable]  aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg)" in \
        proc.stdout
    assert "exempted by name pattern 'web-sg': public demo, ticket SEC-7" in proc.stdout


def test_invalid_policy_pack_config_is_rejected(tmp_path):
    config = tmp_path / "pack.json"
    config.write_text(json.dumps({"aws-ec2-securitygroup-disallow-world-ingress": {
        "exemptions": [{"namePattern": "x"}]}}))
    proc = run_cli("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES, "--policy-pack-config",
                   str(config))
    assert proc.returncode == 2
    assert "Invalid config for policy 'aws-ec2-securitygroup-disallow-world-ingress' at exemptions.0: 'reason' is a " \
           "required property" in proc.stderr
    config.write_text(json.dumps({"no-such-policy": "mandatory"}))
    proc = run_cli("preview", "-C", str(FIXTURES / "insecure"), "--policy-pack", POLICIES, "--policy-pack-config",
                   str(config))
    assert proc.returncode == 2 and "names no-such-policy, which pack 'private-api-guard' does not have" in proc.stderr


def test_unanswered_data_source_names_the_function_and_the_fix(tmp_path):
    proc = run_cli("preview", "-C", str(FIXTURES / "unanswered"))
    assert proc.returncode == 2
    assert "aws:ec2/getInstance:getInstance" in proc.stderr and "--mocks FILE" in proc.stderr
    assert "Traceback" not in proc.stderr
    mocks = tmp_path / "mocks.json"
    mocks.write_text(json.dumps({"calls": {"aws:ec2/getInstance:getInstance": {"id": "i-0123456789abcdef0"}}}))
    assert run_cli("preview", "-C", str(FIXTURES / "unanswered"), "--mocks", str(mocks)).returncode == 0


def test_program_run_error_is_one_line_without_traceback():
    proc = run_cli("preview", "-C", str(FIXTURES / "bad_config"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("error: Invalid configuration 'fixture-bad_config:port': 70000 is not a TCP port. "
                                   "Fix: use 1-65535")


def test_stack_reference_flag_feeds_outputs(tmp_path):
    outputs = tmp_path / "upstream.json"
    outputs.write_text(json.dumps({"api_id": "abc123defg", "token": {"secret": True, "value": "t0k"}}))
    _, doc = run_json("preview", "-C", str(FIXTURES / "stackref"), "--stack-reference",
                         f"acme/private-apis/dev={outputs}")
    assert doc["outputs"]["upstream_api"] == "abc123defg"
    assert doc["outputs"]["upstream_token"] == "[secret]"
    proc = run_cli("preview", "-C", str(FIXTURES / "stackref"))
    assert proc.returncode == 2 and "--stack-reference acme/private-apis/dev=FILE" in proc.stderr


def test_missing_stack_and_bad_flags_are_clear_errors():
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--stack", "nope")
    assert proc.returncode == 2 and "Stack 'nope' has no config file" in proc.stderr
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "-c", "port=eighty")
    assert proc.returncode == 2 and "declares it as integer" in proc.stderr
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", str(FIXTURES))
    assert proc.returncode == 2 and "has no PulumiPolicy.yaml" in proc.stderr


def test_pack_that_crashes_at_start_is_reported():
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", str(PACKS / "crash_at_start"))
    assert proc.returncode == 2
    assert "exited before serving" in proc.stderr and "this pack is broken at import time" in proc.stderr


def test_pack_that_dies_mid_analysis_is_reported():
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", str(PACKS / "crash_in_policy"))
    assert proc.returncode == 2
    assert "crashed during Analyze (exit code 3)" in proc.stderr


def test_pack_that_hangs_times_out_and_is_torn_down():
    proc = run_cli("preview", "-C", str(FIXTURES / "compliant"), "--policy-pack", str(PACKS / "hang_in_policy"),
                   "--pack-timeout", "2", timeout=60)
    assert proc.returncode == 2
    assert "did not answer Analyze within 2 s" in proc.stderr


def test_a_preview_imports_nothing_of_the_signed_client():
    # The client pulls in botocore and requests, a sixth of a second that a preview never needs.
    import subprocess
    import sys

    check = ("import sys; from private_apis.cli import main; code = main(['preview', '-C', sys.argv[1]]); "
             "print(code, sorted(m for m in sys.modules if m.startswith(('private_apis.client', 'botocore', "
             "'requests'))))")
    done = subprocess.run([sys.executable, "-c", check, str(FIXTURES / "compliant")], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().splitlines()[-1] == "0 []", done.stdout + done.stderr
