"""Retries with bounded, jittered backoff on 429/5xx; none on 4xx; timeouts that say what failed."""

from __future__ import annotations

import random
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from private_apis.client import HttpError, RetryPolicy, SignedClient, Target, TargetError, TransportError
from tests.client.conftest import API_HOST


def make_client(server, sleeps, **kwargs) -> SignedClient:
    target = Target.from_url(f"https://{API_HOST}/v1", connect_to=server.origin)
    return SignedClient(target, sleep=sleeps, rng=random.Random(7), **kwargs)


def test_429_then_503_then_success_on_get(api_server, sleeps):
    api_server.reply(429, {"message": "Too Many Requests"})
    api_server.reply(503, {"message": "Service Unavailable"})
    with make_client(api_server, sleeps, retry=RetryPolicy(retries=3, backoff_base=0.1, backoff_max=1.0)) as client:
        response = client.get("/user/1")
    assert (response.status_code, response.attempts) == (200, 3)
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.1 and 0 <= sleeps[1] <= 0.2
    # Every attempt carried a valid signature of its own.
    assert [r.verification.ok for r in api_server.received] == [True, True, True]


def test_retry_after_is_honoured_within_the_cap(api_server, sleeps):
    api_server.reply(429, {"message": "Too Many Requests"}, headers={"Retry-After": "3"})
    api_server.reply(503, {}, headers={"Retry-After": "60"})
    with make_client(api_server, sleeps, retry=RetryPolicy(retries=2, backoff_base=0.1, backoff_max=5.0)) as client:
        assert client.get("/x").ok
    assert sleeps == [3.0, 5.0]


def test_retries_are_bounded(api_server, sleeps):
    for _ in range(5):
        api_server.reply(502, {"message": "Internal server error"})
    with make_client(api_server, sleeps, retry=RetryPolicy(retries=2)) as client, pytest.raises(HttpError) as info:
        client.get("/x")
    assert info.value.status_code == 502
    assert info.value.response.attempts == 3
    assert len(api_server.received) == 3 and len(sleeps) == 2


def test_post_is_not_retried_unless_told(api_server, sleeps):
    api_server.reply(503, {})
    with make_client(api_server, sleeps) as client:
        response = client.post("/orders", json={}, check=False)
    assert (response.status_code, response.attempts, sleeps) == (503, 1, [])

    api_server.reply(503, {})
    with make_client(api_server, sleeps, retry=RetryPolicy(retry_non_idempotent=True)) as client:
        response = client.post("/orders", json={})
    assert (response.status_code, response.attempts) == (200, 2)


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_not_retried(api_server, sleeps, status):
    api_server.reply(status, {"message": "Forbidden"})
    with make_client(api_server, sleeps, retry=RetryPolicy(retries=5)) as client:
        response = client.get("/x", check=False)
    assert (response.status_code, response.attempts, len(api_server.received), sleeps) == (status, 1, 1, [])


def test_read_timeout_says_what_failed(api_server, sleeps):
    api_server.stall(2.0)
    with make_client(api_server, sleeps, timeout=0.2, retry=RetryPolicy(retries=0)) as client, \
            pytest.raises(TransportError, match=r"no complete response within 0.2 s \(the timeout bounds the whole "
                                                  r"attempt\), after 1 attempt"):
        client.get("/slow")


def test_timeout_is_retried_for_get(api_server, sleeps):
    api_server.stall(2.0)
    with make_client(api_server, sleeps, timeout=0.2, retry=RetryPolicy(retries=1)) as client:
        response = client.get("/slow")
    assert (response.status_code, response.attempts, len(sleeps)) == (200, 2, 1)


def test_connection_refused(sleeps):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = Target.from_url(f"https://{API_HOST}/v1", connect_to=f"http://127.0.0.1:{port}")
    with SignedClient(target, sleep=sleeps, timeout=1.0, retry=RetryPolicy(retries=1)) as client, \
            pytest.raises(TransportError, match=rf"Host {API_HOST}\): connection failed .*after 2 attempts"):
        client.get("/x")
    assert len(sleeps) == 1


def test_redirects_are_not_followed(api_server, sleeps):
    api_server.reply(302, b"", headers={"Location": "https://elsewhere.example.com/"})
    with make_client(api_server, sleeps) as client:
        response = client.get("/x", check=False)
    assert response.status_code == 302 and len(api_server.received) == 1


@pytest.mark.parametrize("kwargs", [{"retries": -1}, {"retries": 11}, {"retries": True}, {"backoff_base": 0},
                                    {"backoff_base": 2.0, "backoff_max": 1.0}])
def test_retry_policy_validation(kwargs):
    with pytest.raises(TargetError):
        RetryPolicy(**kwargs)


@settings(max_examples=50, deadline=None)
@given(retry=st.integers(0, 30), seed=st.integers(0, 2**32), retry_after=st.none() | st.floats(0, 1e6))
def test_backoff_never_exceeds_the_cap(retry, seed, retry_after):
    policy = RetryPolicy(backoff_base=0.2, backoff_max=5.0)
    delay = policy.delay(retry, retry_after, random.Random(seed))
    assert 0 <= delay <= min(5.0, 0.2 * 2**retry) or (retry_after is not None and delay == min(retry_after, 5.0))
