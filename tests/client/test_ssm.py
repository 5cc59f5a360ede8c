"""``--api-key-parameter``: the key is read decrypted from an SSM SecureString (moto server on 127.0.0.1)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

import boto3
import pytest
import requests
from moto.server import ThreadedMotoServer

from private_apis.client import ParameterError, read_api_key_parameter
from private_apis.client.cli import add_invoke_parser
from tests.client.conftest import ACCESS_KEY, API_HOST, REGION, SECRET_KEY

KEY = "Zx9-internal-api-key-0123456789"


@pytest.fixture(scope="module")
def moto_ssm() -> Iterator[tuple[str, object]]:
    """One moto server for the module, holding the parameters; its in-process state is reset at the end.

    The fixture client uses explicit fake keys; the code under test finds the server through
    AWS_ENDPOINT_URL_SSM (set per test by ``ssm``) and its credentials through the isolated chain.
    """
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        client = boto3.session.Session(aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                                       region_name=REGION).client("ssm", endpoint_url=endpoint)
        client.put_parameter(Name="/internal-api/dev/api-key", Value=KEY, Type="SecureString")
        client.put_parameter(Name="/internal-api/dev/plain", Value=KEY, Type="String")
        yield endpoint, client
    finally:
        requests.post(f"{endpoint}/moto-api/reset", timeout=5)
        server.stop()


@pytest.fixture
def ssm(moto_ssm: tuple[str, object], aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", moto_ssm[0])
    return moto_ssm[1]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_invoke_parser(parser.add_subparsers())
    args = parser.parse_args(["invoke", *argv])
    return args.func(args)


def test_cli_reads_the_secure_string_and_sends_it_with_the_signature(ssm, api_server, capsys):
    code = run("--url", f"{api_server.origin}/v1", "--host-header", API_HOST,
               "--api-key-parameter", "/internal-api/dev/api-key", "GET", "/user/1")
    assert code == 0, capsys.readouterr().err
    request = api_server.received[0]
    assert request.header("x-api-key") == KEY
    assert request.verification.ok and "x-api-key" in request.verification.signed_headers


def test_parameter_name_from_outputs(ssm, api_server, capsys, tmp_path):
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"outputs": {"invoke_url": f"{api_server.origin}/v1",
                                               "api_key_parameter_name": "/internal-api/dev/api-key"}}))
    code = run("--outputs", str(outputs), "--output-key", "api_key_parameter=api_key_parameter_name",
               "--host-header", API_HOST, "GET", "/")
    assert code == 0, capsys.readouterr().err
    assert api_server.received[0].header("x-api-key") == KEY


def test_plain_string_and_missing_parameters_are_refused(ssm, api_server, capsys):
    with pytest.raises(ParameterError, match="is a String, not a SecureString"):
        read_api_key_parameter("/internal-api/dev/plain", region=REGION, client=ssm)
    assert read_api_key_parameter("/internal-api/dev/plain", region=REGION, client=ssm,
                                  require_secure_string=False) == KEY
    code = run("--url", f"{api_server.origin}/v1", "--host-header", API_HOST,
               "--api-key-parameter", "/internal-api/dev/missing", "GET", "/")
    assert code == 1
    assert f"SSM parameter /internal-api/dev/missing does not exist in {REGION}" in capsys.readouterr().err
    assert api_server.received == []
