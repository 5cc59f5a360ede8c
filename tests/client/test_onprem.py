"""``invoke --api onprem``: an onprem-domain API by its custom domain name, signed for that name, over verified TLS.

The server is ``onprem_server`` (conftest): TLS with a certificate for the seed's domain names from a private CA,
reached at ``https://api.example.internal/`` itself, checking every signature with the independent verifier for
the region it is told. Nothing here talks to AWS.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from components.contract import OnPrem, Stack
from private_apis.client import SignedClient, Target, TargetError, TransportError
from private_apis.client.cli import add_invoke_parser, run_invoke
from private_apis.client.outputs import onprem_apis, onprem_target
from tests.client import tls
from tests.client.conftest import ONPREM_DOMAINS

ROOT = Path(__file__).resolve().parents[2]
STACK_REGION = "eu-central-1"
"""Not the region of the other client tests, and not configured anywhere: only the outputs can supply it."""
FIRST, SECOND = ONPREM_DOMAINS


def onprem_outputs(*domains: str, region: str | None = STACK_REGION, **extra: Any) -> dict[str, Any]:
    """An onprem-domain stack's outputs as `pulumi stack output --json` prints them (the keys the client reads)."""
    names = list(domains or ONPREM_DOMAINS)
    outputs: dict[str, Any] = {
        Stack.CONTRACT_VERSION: "1.0",
        Stack.TOPOLOGIES: ["onprem-domain"],
        OnPrem.MODE: "nlb",
        OnPrem.DOMAIN_NAMES: names,
        OnPrem.API_URLS: [f"https://{name}/" for name in names],
        OnPrem.REST_API_IDS: ["a1b2c3d4e5", "f6g7h8i9j0"][:len(names)],
        OnPrem.STAGE_NAME: "v1",
        OnPrem.NLB_DNS_NAME: "onprem-nlb-0123456789abcdef.elb.eu-central-1.amazonaws.com",
    }
    if region is not None:
        outputs[Stack.REGION] = region
    outputs.update(extra)
    return outputs


def write(tmp_path: Path, outputs: dict[str, Any], name: str = "outputs.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(outputs))
    return str(path)


def invoke(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="private_apis")
    add_invoke_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["invoke", *argv])
    assert args.func is run_invoke
    return args.func(args)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.fixture
def stack_region(onprem_server):
    onprem_server.region = STACK_REGION
    return onprem_server


# --- signed for execute-api, in the stack's region, for the custom domain as Host ---------------------------------


def test_the_request_is_signed_for_execute_api_in_the_stack_region_with_the_domain_as_host(stack_region, tmp_path,
                                                                                           capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST))
    code = invoke("--outputs", outputs, "--api", "onprem", "--ca-bundle", str(stack_region.ca_bundle),
                  "GET", "/test-resource")
    out, err = capsys.readouterr()
    assert code == 0, err
    (request,) = stack_region.received
    # The verifier recomputed the signature from what arrived: Host, path, body, scope eu-central-1/execute-api.
    assert request.verification.ok, request.verification.reason
    assert request.header("host") == FIRST
    assert f"/{STACK_REGION}/execute-api/aws4_request" in request.header("authorization")
    assert "host" in request.verification.signed_headers
    assert request.target == "/test-resource"
    assert json.loads(out)["host"] == FIRST


def test_a_signature_for_another_region_is_what_the_verifier_rejects(stack_region, tmp_path, capsys):
    # The same request with the outputs' region overridden: API Gateway in eu-central-1 refuses the scope.
    outputs = write(tmp_path, onprem_outputs(FIRST))
    code = invoke("--outputs", outputs, "--api", "onprem", "--region", "eu-west-1",
                  "--ca-bundle", str(stack_region.ca_bundle), "GET", "/test-resource")
    assert code == 1
    assert stack_region.received[0].verification.reason == "credential scope eu-west-1/execute-api/aws4_request"
    assert "error: 403 signature" in capsys.readouterr().err


def test_verbose_names_the_custom_domain_form_host_and_region(stack_region, tmp_path, capsys):
    outputs = write(tmp_path, {"outputs": onprem_outputs(FIRST)}, "preview.json")  # the offline engine's --json shape
    code = invoke("--outputs", outputs, "--api", "onprem", "--ca-bundle", str(stack_region.ca_bundle), "-v",
                  "POST", "/test-resource", "--data", '{"a": 1}')
    _, err = capsys.readouterr()
    assert code == 0, err
    assert f"* custom-domain: https://{FIRST} signed for Host {FIRST} in {STACK_REGION}" in err
    assert stack_region.received[0].verification.ok and stack_region.received[0].body == b'{"a": 1}'


# --- --domain among several APIs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("given", [SECOND, SECOND.upper(), f"{SECOND}."])
def test_domain_selects_among_two_apis(stack_region, tmp_path, capsys, given):
    outputs = write(tmp_path, onprem_outputs(FIRST, SECOND))
    code = invoke("--outputs", outputs, "--api", "onprem", "--domain", given,
                  "--ca-bundle", str(stack_region.ca_bundle), "GET", "/")
    assert code == 0, capsys.readouterr().err
    (request,) = stack_region.received
    assert request.header("host") == SECOND and request.verification.ok and request.target == "/"


def test_each_domain_of_the_stack_is_reachable_by_its_own_name(stack_region, tmp_path, capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST, SECOND))
    for domain in (FIRST, SECOND):
        assert invoke("--outputs", outputs, "--api", "onprem", "--domain", domain,
                      "--ca-bundle", str(stack_region.ca_bundle), "GET", "/") == 0, capsys.readouterr().err
    assert [r.header("host") for r in stack_region.received] == [FIRST, SECOND]
    assert all(r.verification.ok for r in stack_region.received)


def test_several_apis_without_domain_is_one_line_listing_them(onprem_server, tmp_path, capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST, SECOND))
    assert invoke("--outputs", outputs, "--api", "onprem", "GET", "/") == 2
    assert one_error_line(capsys) == (f"error: the stack has 2 onprem APIs ({FIRST}, {SECOND}): pick one with "
                                      "--domain NAME")
    assert onprem_server.received == []


def test_an_unknown_domain_is_one_line_naming_the_stack_domains(onprem_server, tmp_path, capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST, SECOND))
    assert invoke("--outputs", outputs, "--api", "onprem", "--domain", "api3.example.internal", "GET", "/") == 2
    assert one_error_line(capsys) == (f"error: --domain api3.example.internal: not an onprem API of this stack, "
                                      f"whose domains are {FIRST}, {SECOND}; pass one of them with --domain")
    assert onprem_server.received == []


# --- a stack without the topology, and outputs that are not a deployed onprem stack's ------------------------------


def test_no_onprem_section_is_one_line_naming_the_fix(onprem_server, tmp_path, capsys):
    outputs = write(tmp_path, {Stack.CONTRACT_VERSION: "1.0", Stack.TOPOLOGIES: ["iam-internal"],
                               Stack.REGION: STACK_REGION, "iam_invoke_url": "https://a1b2c3d4e5.execute-api."
                               "eu-central-1.amazonaws.com/v1"})
    assert invoke("--outputs", outputs, "--api", "onprem", "GET", "/") == 2
    assert one_error_line(capsys) == (
        "error: the stack outputs have no onprem-domain section (no onprem_api_urls or onprem_domain_names output); "
        "the stack deploys iam-internal. Fix: use the outputs of a stack that deploys onprem-domain (add it to "
        "private-apis:topologies and run pulumi up), or pick another --api")


@pytest.mark.parametrize(("outputs", "argv", "message"), [
    (onprem_outputs(FIRST, region=None), [],
     "error: the stack outputs have no 'aws_region', the signing region of a custom domain name: pass the stack's "
     "region with --region"),
    (onprem_outputs(FIRST, **{OnPrem.API_URLS: "output<string>"}), [],
     "error: stack output 'onprem_api_urls' is not known until the stack is deployed (a preview shows "
     "output<string>); use the outputs of a deployed stack (pulumi stack output --json)"),
    (onprem_outputs(FIRST, **{OnPrem.DOMAIN_NAMES: ["output<string>"]}), [], "is not known until the stack is"),
    (onprem_outputs(FIRST, **{OnPrem.API_URLS: "https://api.example.internal/"}), [], "not a list of strings"),
    (onprem_outputs(FIRST, SECOND, **{OnPrem.API_URLS: [f"https://{FIRST}/"]}), ["--domain", FIRST],
     "differ in length"),
    (onprem_outputs(FIRST, **{OnPrem.API_URLS: ["https://onprem-nlb.elb.amazonaws.com/"]}), [],
     "each URL must be https://{domain}/"),
    (onprem_outputs(FIRST), ["--domain", FIRST, "--host-header", "x.execute-api.eu-central-1.amazonaws.com"],
     "error: --host-header does not apply to --api onprem: the request goes to the custom domain name, which is its "
     "Host and what the signature covers; remove it"),
    (onprem_outputs(FIRST), ["--api-id-header", "a1b2c3d4e5"], "--api-id-header does not apply to --api onprem"),
    (onprem_outputs(FIRST), ["--output-key", "url=x"], "--output-key does not apply to --api onprem"),
])
def test_outputs_and_flags_that_cannot_name_an_onprem_api_are_one_line_exit_2(onprem_server, tmp_path, capsys,
                                                                              outputs, argv, message):
    assert invoke("--outputs", write(tmp_path, outputs), "--api", "onprem", *argv, "GET", "/") == 2
    assert message in one_error_line(capsys)
    assert onprem_server.received == []


def test_the_region_flag_stands_in_for_a_missing_aws_region(stack_region, tmp_path, capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST, region=None))
    code = invoke("--outputs", outputs, "--api", "onprem", "--region", STACK_REGION,
                  "--ca-bundle", str(stack_region.ca_bundle), "GET", "/")
    assert code == 0, capsys.readouterr().err
    assert stack_region.received[0].verification.ok


def test_domain_without_api_onprem_is_refused(capsys):
    assert invoke("--url", f"https://{FIRST}", "--region", STACK_REGION, "--domain", FIRST, "GET", "/") == 2
    assert one_error_line(capsys) == ("error: --domain picks an onprem-domain API: use it with --outputs FILE "
                                      "--api onprem")


def test_api_onprem_needs_outputs(capsys):
    assert invoke("--url", f"https://{FIRST}", "--api", "onprem", "GET", "/") == 2
    assert one_error_line(capsys) == "error: --api onprem needs --outputs FILE (pulumi stack output --json)"


# --- TLS: verified as always, against a private CA with --ca-bundle ------------------------------------------------


def test_without_the_private_ca_the_certificate_is_refused_once_with_the_fix(onprem_server, tmp_path, capsys):
    outputs = write(tmp_path, onprem_outputs(FIRST))
    assert invoke("--outputs", outputs, "--api", "onprem", "GET", "/test-resource") == 1
    line = one_error_line(capsys)
    assert line.startswith(f"error: GET https://{FIRST}/test-resource (Host {FIRST}): the server's TLS certificate "
                           "did not verify against the default trust store (")
    # A certificate that does not verify now will not on a retry: one attempt, and the fix.
    assert line.endswith(f", after 1 attempt; if a private CA issued the certificate of {FIRST} (usual "
                         "on-premises), pass the CA's PEM certificate with --ca-bundle FILE")
    assert onprem_server.received == []


def test_a_bundle_of_another_ca_is_refused_naming_the_bundle(onprem_server, tmp_path, capsys):
    other = tls.authority("some other CA").write(tmp_path / "other-ca.pem")
    outputs = write(tmp_path, onprem_outputs(FIRST))
    assert invoke("--outputs", outputs, "--api", "onprem", "--ca-bundle", str(other), "GET", "/") == 1
    line = one_error_line(capsys)
    assert f"did not verify against the CA bundle {other} (" in line
    assert line.endswith(f"; check that {other} holds the CA that issued the certificate of {FIRST} and that the "
                         "certificate covers that name")
    assert onprem_server.received == []


def test_the_certificate_must_also_cover_the_name_connected_to(onprem_server):
    # Trusting the private CA does not loosen the name check: 127.0.0.1 is not in the domains' certificate.
    target = Target.from_url(onprem_server.origin, region=STACK_REGION)
    with SignedClient(target, ca_bundle=onprem_server.ca_bundle, timeout=5) as client, \
            pytest.raises(TransportError, match=r"did not verify against the CA bundle .* \(IP address mismatch"):
        client.get("/")
    assert onprem_server.received == []


def _not_pem(directory: Path) -> Path:
    path = directory / "notes.txt"
    path.write_text("not a certificate")
    return path


@pytest.mark.parametrize(("make", "problem"), [
    (lambda directory: directory / "absent.pem", "does not exist"),
    (lambda directory: directory, "is a directory"),
    (_not_pem, "not a PEM file of CA certificates"),
])
def test_a_bad_ca_bundle_is_one_line_exit_2_before_anything_is_sent(onprem_server, tmp_path, capsys, make, problem):
    bundle = make(tmp_path)
    outputs = write(tmp_path, onprem_outputs(FIRST))
    assert invoke("--outputs", outputs, "--api", "onprem", "--ca-bundle", str(bundle), "GET", "/") == 2
    assert one_error_line(capsys).startswith(f"error: --ca-bundle {bundle}: {problem}")
    assert onprem_server.received == []


# --- the library, and the command as a user runs it -----------------------------------------------------------------


def test_onprem_apis_and_target_in_code(stack_region):
    outputs = onprem_outputs(FIRST, SECOND)
    assert [(api.domain, api.url) for api in onprem_apis(outputs)] == [(FIRST, f"https://{FIRST}/"),
                                                                       (SECOND, f"https://{SECOND}/")]
    target = onprem_target(outputs, domain=SECOND)
    assert (target.form, target.signed_host, target.region, target.url) == \
        ("custom-domain", SECOND, STACK_REGION, f"https://{SECOND}")
    with SignedClient(target, ca_bundle=stack_region.ca_bundle, timeout=5) as client:
        assert client.get("/").json()["host"] == SECOND
    assert stack_region.received[0].verification.ok
    with pytest.raises(TargetError, match="pick one with --domain"):
        onprem_target(outputs)
    with pytest.raises(TargetError, match="does not exist"):
        SignedClient(target, ca_bundle=str(Path(stack_region.ca_bundle).with_name("absent.pem")))


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "private_apis", "invoke", *argv], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(("outputs", "argv", "start"), [
    (onprem_outputs(FIRST, SECOND), ["--domain", "api3.example.internal"], "error: --domain api3.example.internal: "),
    ({Stack.REGION: STACK_REGION, Stack.TOPOLOGIES: ["iam-internal"]}, [],
     "error: the stack outputs have no onprem-domain section"),
])
def test_the_command_prints_one_line_and_no_traceback(tmp_path, outputs, argv, start):
    result = run_cli("--outputs", write(tmp_path, outputs), "--api", "onprem", *argv, "GET", "/test-resource")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(start)
