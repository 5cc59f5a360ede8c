"""No way around the gate: however a program ends, what it registered is judged, and a run that does not count
never reports the packs' verdict as passed. Every case runs the engine as a user does (`python -m private_apis`)."""

import json
import textwrap
from pathlib import Path

import pytest

from tests.engine.conftest import ROOT, run_cli

POLICIES = str(ROOT / "policies")
PACKS = ROOT / "tests" / "engine" / "fixtures" / "packs"

WORLD_OPEN_SG = """
import sys
import pulumi
import pulumi_aws as aws

aws.ec2.SecurityGroup("web-sg", ingress=[
    {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}])
"""


def program(tmp_path: Path, body: str, *, name: str = "hostile", config: str = "") -> Path:
    """A one-file Pulumi project in ``tmp_path``, as another team would write it."""
    (tmp_path / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n{config}")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    (tmp_path / "__main__.py").write_text(textwrap.dedent(body))
    return tmp_path


def subproject(tmp_path: Path, body: str) -> Path:
    """A project in a folder of its own, for tests that keep other files in ``tmp_path``."""
    (tmp_path / "p").mkdir()
    return program(tmp_path / "p", body)


def one_error(proc) -> str:
    """The single error line a failed run prints: no traceback, nothing else on stderr."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_sys_exit_zero_after_registering_still_faces_the_pack(tmp_path):
    # Under the CLI, Analyze runs at registration, and the SDK finishes every pending registration before
    # sys.exit leaves the program (pulumi/runtime/stack.py run_pulumi_func): the exit cannot skip the pack.
    proc = run_cli("preview", "-C", str(program(tmp_path, WORLD_OPEN_SG + "sys.exit(0)\n")), "--policy-pack", POLICIES)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "- [mandatory]  aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg)" in proc.stdout


def test_sys_exit_none_ends_normally_too(tmp_path):
    proc = run_cli("preview", "-C", str(program(tmp_path, WORLD_OPEN_SG + "sys.exit()\n")), "--policy-pack", POLICIES)
    assert proc.returncode == 1, proc.stdout + proc.stderr


@pytest.mark.parametrize("call, shown", [("sys.exit(3)", "with exit code 3"), ("sys.exit(1)", "with exit code 1"),
                                         ("sys.exit('bye')", "with the message 'bye'")])
def test_non_zero_exit_fails_the_run_and_reports_no_verdict(tmp_path, call, shown):
    proc = run_cli("preview", "-C", str(program(tmp_path, WORLD_OPEN_SG + call + "\n")), "--policy-pack", POLICIES)
    assert proc.returncode == 2
    assert one_error(proc) == (f"error: The program exited {shown} before it finished: the preview is not valid and "
                               "the policy packs' verdict does not count. Fix: let the program end normally, or raise "
                               "an error that says what is wrong.")
    assert "✅" not in proc.stdout and "Policy violations" not in proc.stdout


def test_base_exception_subclass_is_a_failed_program_not_violations(tmp_path):
    body = WORLD_OPEN_SG + "class Boom(BaseException):\n    pass\nraise Boom('custom')\n"
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES)
    assert proc.returncode == 2
    assert one_error(proc) == "error: The program failed at __main__.py:10: Boom: custom"


def test_logged_error_fails_the_run(tmp_path):
    # The CLI fails an update in which the program logged an error, even when the program then returns normally.
    body = WORLD_OPEN_SG.replace("0.0.0.0/0", "10.0.0.0/8") + "pulumi.log.error('quota exceeded')\n"
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES)
    assert proc.returncode == 2
    assert one_error(proc).startswith("error: The program logged an error: quota exceeded. ")
    assert "✅" not in proc.stdout


def test_logged_warning_is_shown_and_does_not_fail(tmp_path):
    body = WORLD_OPEN_SG.replace("0.0.0.0/0", "10.0.0.0/8") + "pulumi.log.warn('deprecated size')\n"
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES)
    assert proc.returncode == 0, proc.stderr
    assert "warning: deprecated size" in proc.stdout


@pytest.mark.parametrize("hang", [
    "while True:\n    pass\n",
    "import time\ntime.sleep(10_000)\n",
    "import time\npulumi.Output.from_input(1).apply(lambda _: time.sleep(10_000))\n",
    # A program that catches every stop, ignores the signals a timer would use, or sits in one long C call:
    "import time\nwhile True:\n    try:\n        time.sleep(10_000)\n    except BaseException:\n        pass\n",
    "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "while True:\n    pass\n",
    "import hashlib\nhashlib.pbkdf2_hmac('sha256', b'x', b'y', 10**9)\n",
    "import threading\nthreading.Thread(target=lambda: [None for _ in iter(int, 1)]).start()\n",
])
def test_a_program_that_never_finishes_is_stopped(tmp_path, hang):
    proc = run_cli("preview", "-C", str(program(tmp_path, WORLD_OPEN_SG + hang)), "--policy-pack", POLICIES,
                   "--program-timeout", "2", timeout=60)
    assert proc.returncode == 2
    assert one_error(proc) == ("error: The program did not finish within 2 s (--program-timeout). Fix: find where it "
                               "loops or waits, or raise --program-timeout if it is just slow.")


# The program runs in a process of its own: nothing it does to its process reaches the verdict. Each tampering
# runs once the security group is registered (in an apply of its id), when the CLI's engine would have analysed it.
@pytest.mark.parametrize("tamper", [
    "os._exit(0)",
    "atexit.register(lambda: os._exit(0))",
    "threading.Thread(target=lambda: os._exit(0)).start()",
    "sys.modules.get('private_apis.cli') and setattr(sys.modules['private_apis.cli'], 'EXIT_VIOLATIONS', 0)",
    "[o.records.clear() for o in gc.get_objects() if type(o).__name__ == 'RecordingMonitor']",
    "(os.close(1), os.close(2))",
    "sys.exit(0)",
])
def test_nothing_the_program_does_to_its_process_changes_the_verdict(tmp_path, tamper):
    body = WORLD_OPEN_SG.replace('aws.ec2.SecurityGroup("web-sg"', 'sg = aws.ec2.SecurityGroup("web-sg"')
    body += f"import atexit, gc, os, threading\nsg.id.apply(lambda _: {tamper})\n"
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "- [mandatory]  aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg)" in proc.stdout


def test_patching_the_engine_from_the_program_changes_nothing(tmp_path):
    # The engine's modules may be importable from the program's environment (an editable install), but what the
    # program imports is its own copy, in its own process.
    body = WORLD_OPEN_SG + textwrap.dedent("""
        import private_apis.cli, private_apis.engine.analyzer, private_apis.engine.preview
        private_apis.cli.EXIT_VIOLATIONS = 0
        private_apis.engine.analyzer.collect = lambda *a, **k: None
        private_apis.engine.preview.PreviewResult.mandatory = property(lambda self: [])
        """)
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "- [mandatory]  aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg)" in proc.stdout


@pytest.mark.parametrize("value", ["0", "-5", "inf", "nan", "1e300"])
def test_timeouts_must_be_positive_and_finite(tmp_path, value):
    for flag in ("--program-timeout", "--pack-timeout", "--pack-start-timeout"):
        proc = run_cli("preview", "-C", str(program(tmp_path, WORLD_OPEN_SG)), flag, value)
        assert proc.returncode == 2
        assert one_error(proc).startswith(f"error: {flag} is {float(value)!r}: it must be a number of seconds above "
                                          "0 and at most 86400.")


def test_duplicate_urn_is_refused_naming_it(tmp_path):
    body = WORLD_OPEN_SG.replace("0.0.0.0/0", "10.0.0.0/8") + 'aws.ec2.SecurityGroup("web-sg")\n'
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES)
    assert proc.returncode == 2
    urn = "urn:pulumi:dev::hostile::pulumi:pulumi:Stack$aws:ec2/securityGroup:SecurityGroup::web-sg"
    assert one_error(proc) == (f"error: Duplicate resource URN '{urn}'. Fix: give each resource a unique name (the URN "
                               "is made of the type, the parent's type and the name).")


def test_json_is_the_whole_of_stdout_whatever_the_program_prints(tmp_path):
    body = WORLD_OPEN_SG + textwrap.dedent("""
        import os
        print("hello from print")
        sys.stdout.write("{not json")
        os.write(1, b"raw bytes on fd 1\\n")
        """)
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES, "--json")
    assert proc.returncode == 1
    document = json.loads(proc.stdout)
    assert document["summary"]["mandatory"] == 1
    assert "hello from print" in proc.stderr and "raw bytes on fd 1" in proc.stderr and "{not json" in proc.stderr


SECRET_OUTPUTS = """
import pulumi
import pulumi_aws as aws

key = aws.apigateway.ApiKey("key", value="s3cr3t-api-key-value-0123456789")
user = aws.iam.User("deployer")
access = aws.iam.AccessKey("deployer-key", user=user.name)
pulumi.export("key_id", key.id)
pulumi.export("key_value", key.value)
pulumi.export("derived", access.secret.apply(lambda s: s[:4]))
"""


def test_secret_outputs_of_resources_are_masked_in_json(tmp_path):
    proc = run_cli("preview", "-C", str(program(tmp_path, SECRET_OUTPUTS)), "--json")
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    by_name = {r["name"]: r for r in document["resources"]}
    assert by_name["key"]["outputs"]["value"] == "[secret]"
    assert by_name["key"]["inputs"]["value"] == "[secret]"
    assert by_name["deployer-key"]["outputs"]["secret"] == "[secret]"
    assert "s3cr3t-api-key-value" not in proc.stdout
    assert access_secret(tmp_path) not in proc.stdout
    # The engine returns what the provider declares secret as secrets, so the program exports them as secrets too.
    assert document["secretOutputs"] == ["derived", "key_value"]
    assert document["outputs"]["key_value"] == document["outputs"]["derived"] == "[secret]"


def access_secret(tmp_path: Path) -> str:
    proc = run_cli("preview", "-C", str(tmp_path), "--json", "--show-secrets")
    document = json.loads(proc.stdout)
    value = next(r for r in document["resources"] if r["name"] == "deployer-key")["outputs"]["secret"]
    assert isinstance(value, str) and len(value) == 40
    return value


def test_secrets_quoted_in_policy_messages_are_masked_in_text_json_and_sarif(tmp_path):
    # A pack that quotes what it saw gets secrets in plain text from the policy SDK; they must not reach the
    # terminal, the JSON document or the SARIF log.
    body = """
    import pulumi
    import pulumi_aws as aws

    aws.ssm.Parameter("token", type="SecureString", value=pulumi.Output.secret("wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLE"))
    """
    project = str(subproject(tmp_path, body))
    pack = str(PACKS / "quote_values")
    sarif = tmp_path / "out.sarif"
    text = run_cli("preview", "-C", project, "--policy-pack", pack, "--diff", "--sarif", str(sarif))
    js = run_cli("preview", "-C", project, "--policy-pack", pack, "--json")
    shown = run_cli("preview", "-C", project, "--policy-pack", pack, "--show-secrets")
    secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLE"
    assert text.returncode == js.returncode == shown.returncode == 0, text.stderr + js.stderr + shown.stderr
    assert "value is [secret]" in text.stdout and "type is SecureString" in text.stdout
    assert any(v["message"] == "value is [secret]" for v in json.loads(js.stdout)["violations"])
    for output in (text.stdout, text.stderr, js.stdout, sarif.read_text()):
        assert secret not in output
    assert f"value is {secret}" in shown.stdout


def pack_config(tmp_path: Path, config: dict) -> str:
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps(config))
    return str(path)


def test_every_exemption_that_applied_is_in_the_summary(tmp_path):
    config = pack_config(tmp_path, {"aws-ec2-securitygroup-disallow-world-ingress": {"exemptions": [
        {"namePattern": "web-.*", "reason": "public web tier, ticket SEC-42"}]}})
    project = subproject(tmp_path, WORLD_OPEN_SG)
    proc = run_cli("preview", "-C", str(project), "--policy-pack", POLICIES, "--policy-pack-config", config)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = proc.stdout[proc.stdout.index("Policy violations:"):]
    assert summary.splitlines()[1:] == [
        "Exemptions applied: 1",
        "    - private-api-guard/aws-ec2-securitygroup-disallow-world-ingress  (aws:ec2:SecurityGroup: web-sg): "
        "exempted by name pattern 'web-.*': public web tier, ticket SEC-42"]
    document = json.loads(run_cli("preview", "-C", str(project), "--policy-pack", POLICIES, "--policy-pack-config",
                                  config, "--json").stdout)
    assert document["summary"]["notApplicable"] == 1


@pytest.mark.parametrize("exemption", [{"namePattern": "web-.*", "reason": "   "},
                                       {"namePattern": "web-.*", "reason": ""}, {"namePattern": "web-.*"}])
def test_an_exemption_without_a_reason_is_refused_before_analysis(tmp_path, exemption):
    config = pack_config(tmp_path, {"aws-ec2-securitygroup-disallow-world-ingress": {"exemptions": [exemption]}})
    project = subproject(tmp_path, WORLD_OPEN_SG)
    proc = run_cli("preview", "-C", str(project), "--policy-pack", POLICIES, "--policy-pack-config", config)
    assert proc.returncode == 2
    assert one_error(proc).startswith("error: Invalid config for policy 'aws-ec2-securitygroup-disallow-world-ingress' "
                                      "at exemptions.0")


def test_a_match_all_exemption_is_refused_and_the_rule_still_blocks(tmp_path):
    config = pack_config(tmp_path, {"aws-ec2-securitygroup-disallow-world-ingress": {"exemptions": [
        {"namePattern": ".*", "reason": "legacy"}]}})
    project = subproject(tmp_path, WORLD_OPEN_SG)
    proc = run_cli("preview", "-C", str(project), "--policy-pack", POLICIES, "--policy-pack-config", config)
    assert proc.returncode == 1
    assert "the exemption was refused and exempts nothing, because namePattern matches every resource name" in \
        proc.stdout
    assert "Exemptions applied" not in proc.stdout


@pytest.mark.parametrize("text", ["name\x1b[8m", "line1\nerror: fake line", "bell\x07", "rtl\u202eevil"])
def test_text_from_the_program_cannot_drive_the_terminal(tmp_path, text):
    body = f"import pulumi, pulumi_aws as aws\naws.ec2.SecurityGroup({text!r})\npulumi.log.warn({text!r})\n"
    proc = run_cli("preview", "-C", str(program(tmp_path, body)), "--policy-pack", POLICIES)
    assert proc.returncode == 0, proc.stderr
    for raw in ("\x1b", "\x07", "\u202e", "\nerror: fake"):
        assert raw not in proc.stdout
    failing = run_cli("preview", "-C", str(program(tmp_path, f"raise ValueError({text!r})\n")))
    assert len(failing.stderr.strip().splitlines()) == 1 and "\x1b" not in failing.stderr


def test_secrets_in_program_errors_and_logs_are_masked(tmp_path):
    body = textwrap.dedent("""
        import pulumi
        password = pulumi.Config().require_secret("dbpass")
        password.apply(lambda s: pulumi.log.error("cannot connect with " + s))
        """)
    (tmp_path / "Pulumi.yaml").write_text("name: hostile\nruntime: python\nconfig:\n  dbpass:\n    type: string\n"
                                          "    secret: true\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    (tmp_path / "__main__.py").write_text(body)
    proc = run_cli("preview", "-C", str(tmp_path), "-c", "dbpass=CorrectHorseBattery9", "--show-secrets")
    assert proc.returncode == 2
    assert "CorrectHorseBattery9" not in proc.stderr
    assert one_error(proc).startswith("error: The program logged an error: cannot connect with [secret]. ")


def test_provider_default_tags_reach_resource_policies(tmp_path):
    # The CLI sends each resource's provider with Analyze; a tag every resource gets from it is no approval.
    body = WORLD_OPEN_SG.replace('aws.ec2.SecurityGroup("web-sg", ', 'aws.ec2.SecurityGroup("web-sg", tags={"team": '
                                 '"platform"}, opts=pulumi.ResourceOptions(provider=p), ')
    body = body.replace("import pulumi_aws as aws\n", "import pulumi_aws as aws\np = aws.Provider('p', "
                        "default_tags={'tags': {'team': 'platform'}})\n")
    project = subproject(tmp_path, body)
    config = pack_config(tmp_path, {"aws-ec2-securitygroup-disallow-world-ingress": {"exemptions": [
        {"tag": "team=platform", "reason": "platform team"}]}})
    proc = run_cli("preview", "-C", str(project), "--policy-pack", POLICIES, "--policy-pack-config", config)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "the tag is a stack-wide default tag (defaultTags of provider p)" in proc.stdout


def test_policies_lowered_by_config_are_listed_in_the_summary(tmp_path):
    config = pack_config(tmp_path, {"aws-ec2-securitygroup-disallow-world-ingress": "advisory",
                                    "aws-ec2-vpc-enable-flow-logs": "disabled"})
    proc = run_cli("preview", "-C", str(subproject(tmp_path, WORLD_OPEN_SG)), "--policy-pack", POLICIES,
                   "--policy-pack-config", config)
    assert proc.returncode == 0
    summary = proc.stdout[proc.stdout.index("Policy violations:"):].splitlines()
    assert summary[1:] == [
        "Policies lowered by the policy pack config: 2",
        "    - private-api-guard/aws-ec2-securitygroup-disallow-world-ingress: mandatory -> advisory",
        "    - private-api-guard/aws-ec2-vpc-enable-flow-logs: advisory -> disabled"]
