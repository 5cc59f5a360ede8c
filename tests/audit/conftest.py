"""A moto server on 127.0.0.1 for the audit tests: real HTTP, started and stopped here, its state reset per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from moto.server import ThreadedMotoServer

REGION = "eu-west-1"


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        requests.post(f"{endpoint}/moto-api/reset", timeout=5)
        server.stop()


@pytest.fixture
def aws(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Fake credentials in the environment (the audit uses boto3's usual chain) and an empty account."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAAUDITTESTING0000")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "audit-testing-secret-key-0000000000000000")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    requests.post(f"{moto_endpoint}/moto-api/reset", timeout=5)
    yield moto_endpoint
