"""Limits of one attempt against a hostile server: a whole-attempt timeout, a capped body, validated bounds."""

from __future__ import annotations

import math
import random
import time

import pytest

from private_apis.client import (
    HttpError,
    ResponseTooLargeError,
    RetryPolicy,
    SignedClient,
    Target,
    TargetError,
    TransportError,
)
from private_apis.client.deadline import Deadline
from private_apis.client.limits import DEFAULT_MAX_BODY_BYTES, declared_length
from tests.client.conftest import API_HOST

MIB = 1024 * 1024


def make_client(server, sleeps, **kwargs) -> SignedClient:
    target = Target.from_url(f"https://{API_HOST}/v1", connect_to=server.origin)
    return SignedClient(target, sleep=sleeps, rng=random.Random(7), **kwargs)


def timed_get(client: SignedClient, path: str) -> tuple[Exception, float]:
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        client.get(path)
    return info.value, time.monotonic() - started


# The whole-attempt timeout -----------------------------------------------------------------------------------


def test_a_body_trickled_a_byte_at_a_time_is_cut_off_at_the_timeout(api_server, sleeps):
    # One byte every 0.1 s: no single read ever waits 1 s, so only a deadline for the whole attempt stops it.
    api_server.trickle_body(size=100, interval=0.1)
    with make_client(api_server, sleeps, timeout=1.0, retry=RetryPolicy(retries=0)) as client:
        error, elapsed = timed_get(client, "/slow")
    assert 0.9 <= elapsed < 2.0
    assert "no complete response within 1 s (the timeout bounds the whole attempt), after 1 attempt" in str(error)


def test_headers_trickled_a_byte_at_a_time_are_cut_off_at_the_timeout(api_server, sleeps):
    api_server.trickle_headers(size=200, interval=0.1)
    with make_client(api_server, sleeps, timeout=1.0, retry=RetryPolicy(retries=0)) as client:
        error, elapsed = timed_get(client, "/slow")
    assert 0.9 <= elapsed < 2.0
    assert "no complete response within 1 s" in str(error)


def test_a_reused_keep_alive_connection_is_cut_off_too(api_server, sleeps):
    api_server.reply(200, {})
    api_server.trickle_body(size=100, interval=0.1)
    with make_client(api_server, sleeps, timeout=1.0, retry=RetryPolicy(retries=0)) as client:
        assert client.get("/fast").ok
        error, elapsed = timed_get(client, "/slow")
    assert 0.9 <= elapsed < 2.0 and "within 1 s" in str(error)


def test_a_timed_out_attempt_is_retried_as_the_policy_says(api_server, sleeps):
    api_server.trickle_body(size=100, interval=0.1)
    api_server.trickle_body(size=100, interval=0.1)
    with make_client(api_server, sleeps, timeout=0.5, retry=RetryPolicy(retries=1)) as client:
        error, elapsed = timed_get(client, "/slow")
    assert "within 0.5 s" in str(error) and "after 2 attempts" in str(error)
    assert len(api_server.received) == 2 and len(sleeps) == 1 and elapsed < 2.0


def test_a_timed_out_post_is_not_retried(api_server, sleeps):
    api_server.trickle_body(size=100, interval=0.1)
    with make_client(api_server, sleeps, timeout=0.5, retry=RetryPolicy(retries=2)) as client, \
            pytest.raises(TransportError, match=r"within 0.5 s .*after 1 attempt"):
        client.post("/orders", json={})
    assert len(api_server.received) == 1 and sleeps == []


def test_a_connect_read_pair_bounds_the_attempt_by_its_sum(api_server, sleeps):
    api_server.trickle_body(size=100, interval=0.1)
    with make_client(api_server, sleeps, timeout=(0.5, 0.5), retry=RetryPolicy(retries=0)) as client:
        error, elapsed = timed_get(client, "/slow")
    assert 0.9 <= elapsed < 2.0 and "within 1 s" in str(error)


def test_socket_timeouts_never_exceed_the_time_left():
    deadline = Deadline(connect=5.0, total=0.3)
    connect, read = deadline.socket_timeouts()
    assert 0 < connect <= 0.3 and 0 < read <= 0.3
    deadline.disarm()


# The body cap -------------------------------------------------------------------------------------------------


def test_a_declared_oversize_body_is_refused_before_reading_it(api_server, sleeps):
    streamed = api_server.stream(64 * MIB)
    with make_client(api_server, sleeps, max_body_bytes=MIB, retry=RetryPolicy(retries=3)) as client, \
            pytest.raises(ResponseTooLargeError, match=r"HTTP 200 response body is over max_body_bytes=1048576 "
                                                       r"\(Content-Length 67108864, refused before reading it\)"):
        client.get("/big")
    assert streamed.done.wait(5)
    # The client hung up: the server could not get 64 MiB onto the wire (at most what the socket buffers hold).
    assert streamed.ended == "client closed" and streamed.sent < 32 * MIB
    assert len(api_server.received) == 1 and sleeps == []


def test_an_undeclared_oversize_body_is_read_only_up_to_the_cap(api_server, sleeps):
    streamed = api_server.stream(64 * MIB, declare_length=False)
    with make_client(api_server, sleeps, max_body_bytes=MIB) as client, \
            pytest.raises(ResponseTooLargeError, match="cut off at the cap") as info:
        client.get("/big")
    assert (info.value.limit, info.value.status, info.value.declared) == (MIB, 200, None)
    assert streamed.done.wait(5)
    assert streamed.ended == "client closed" and streamed.sent < 32 * MIB


def test_a_body_at_the_cap_is_read_and_one_byte_more_is_not(api_server, sleeps):
    api_server.reply(200, b"a" * 1000)
    api_server.reply(200, b"a" * 1001)
    with make_client(api_server, sleeps, max_body_bytes=1000) as client:
        assert client.get("/x").content == b"a" * 1000
        with pytest.raises(ResponseTooLargeError):
            client.get("/x")


def test_head_is_not_refused_for_the_length_it_declares(api_server, sleeps):
    api_server.reply(200, b"a" * 5000)
    with make_client(api_server, sleeps, max_body_bytes=1000) as client:
        response = client.head("/x")
    assert response.ok and response.content == b"" and response.headers["Content-Length"] == "5000"


def test_the_default_cap_is_10_mib(api_server, sleeps):
    assert DEFAULT_MAX_BODY_BYTES == 10 * MIB
    with make_client(api_server, sleeps) as client:
        assert client.max_body_bytes == 10 * MIB


@pytest.mark.parametrize(("value", "expected"), [
    ("12", 12), (" 7 ", 7), ("", None), ("abc", None), ("-1", None), ("1e3", None), ("1,2", None),
    ("\u0663", None), ("9" * 5000, 10 ** 19),
])
def test_declared_length(value, expected):
    assert declared_length({"Content-Length": value}) == expected


# Malformed responses ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
    b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"\x1b[2Jnot http at all\r\n\r\n",
])
def test_a_malformed_response_is_a_transport_error_with_escaped_text(api_server, sleeps, data):
    api_server.raw(data)
    with make_client(api_server, sleeps, retry=RetryPolicy(retries=0)) as client, \
            pytest.raises(TransportError, match="connection failed") as info:
        client.get("/x")
    assert "\x1b" not in str(info.value)


def test_an_error_message_with_control_characters_is_escaped(api_server, sleeps):
    api_server.reply(403, {"message": "Forbidden\x1b[2J\nHTTP 200 OK"}, headers={"x-amzn-ErrorType": "Nope"})
    with make_client(api_server, sleeps) as client, pytest.raises(HttpError) as info:
        client.get("/x")
    assert "Forbidden\\x1b[2J\\x0aHTTP 200 OK" in str(info.value)
    assert info.value.diagnosis.message == "Forbidden\x1b[2J\nHTTP 200 OK"


# Validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [math.inf, -math.inf, math.nan, 0, -1, 1e300, 3600.5, True, "10", (1,),
                                     (1, math.inf), (0, 5), (1, 2, 3), None])
def test_a_timeout_that_is_not_bounded_seconds_is_refused(api_server, sleeps, timeout):
    with pytest.raises(ValueError, match=r"timeout must be a number of seconds above 0 and at most 3600"):
        make_client(api_server, sleeps, timeout=timeout)
    with make_client(api_server, sleeps) as client, pytest.raises(TargetError, match="timeout must be"):
        client.get("/x", timeout=timeout if timeout is not None else math.nan)


@pytest.mark.parametrize("timeout", [0.5, 1, 3600, (1, 2)])
def test_bounded_timeouts_are_accepted(api_server, sleeps, timeout):
    with make_client(api_server, sleeps, timeout=timeout) as client:
        assert client.get("/x").ok


@pytest.mark.parametrize("cap", [0, -1, 1024 ** 3 + 1, 1.5, math.inf, True, "10", None])
def test_a_body_cap_that_is_not_a_bounded_whole_number_is_refused(api_server, sleeps, cap):
    with pytest.raises(ValueError, match=r"max_body_bytes must be a whole number of bytes from 1 to 1073741824"):
        make_client(api_server, sleeps, max_body_bytes=cap)


@pytest.mark.parametrize("kwargs", [{"backoff_max": math.inf}, {"backoff_max": math.nan}, {"backoff_base": math.nan},
                                    {"backoff_max": 1e300}])
def test_an_unbounded_backoff_is_refused(kwargs):
    with pytest.raises(TargetError, match="backoff"):
        RetryPolicy(**kwargs)
