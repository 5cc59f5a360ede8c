"""The signed HTTP client: SigV4 on every attempt, bounded retries with jittered backoff.

>>> client = SignedClient(Target.from_url("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1"))
>>> client.get("/user/42").json()  # doctest: +SKIP

Retries: on the statuses of :class:`RetryPolicy` (429 and 5xx by default) and on connection errors
and timeouts, at most ``retries`` extra attempts, sleeping a "full jitter" backoff
(uniform in ``[0, min(backoff_max, backoff_base * 2**n)]``, at least a numeric ``Retry-After``
within ``backoff_max``). Only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) are retried unless
``retry_non_idempotent`` is set: a POST that timed out or got a 502 may already have run.
Each attempt is signed afresh (new timestamp, refreshed credentials). Redirects are never followed,
so signed headers and the API key never go to another host. A server certificate that does not verify is
not retried either: it will not verify on the next attempt.

TLS: the server certificate is always verified, against the system's trust store (certifi, or
``REQUESTS_CA_BUNDLE``) or against ``ca_bundle``, a PEM file holding the CA that issued it: an on-premises
caller of a custom domain whose certificate comes from a private CA passes that CA here. The client
never turns verification off.

Limits (:mod:`private_apis.client.limits`, :mod:`private_apis.client.deadline`): ``timeout`` bounds a
whole attempt (connect, send, status line, headers and the whole body), not each socket read, so a
server that trickles bytes is cut off at the deadline and the attempt counts as timed out (retried as
above). Bodies are streamed and read up to ``max_body_bytes`` (default 10 MiB): a larger one, declared
or not, raises :class:`ResponseTooLargeError` without the rest being read, and is not retried.
"""

from __future__ import annotations

import json as jsonlib
import os
import random
import ssl
import time
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import requests

from private_apis.client.deadline import AttemptTimeout, Deadline, DeadlineAdapter
from private_apis.client.errors import (
    Diagnosis,
    HttpError,
    ResponseTooLargeError,
    TargetError,
    TransportError,
    diagnose,
)
from private_apis.client.limits import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_TIMEOUT,
    MAX_TIMEOUT,
    Timeout,
    attempt_bounds,
    check_max_body_bytes,
    check_timeout,
    declared_length,
)
from private_apis.client.signing import SERVICE, resolve_credentials, sign
from private_apis.client.target import QueryParams, Target, check_headers
from private_apis.terminal import escape_control

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRIES = 10
USER_AGENT = "private-apis-client/0.1"
METHODS = frozenset(IDEMPOTENT_METHODS | {"POST", "PATCH"})
_REDACT = {"authorization", "x-amz-security-token", "x-api-key"}
_CHUNK_BYTES = 64 * 1024
# Failures of one attempt that leave no usable response: retried like connection errors. A body cut short or
# undecodable (gzip) is one too, and must not escape as a requests exception.
_TRANSPORT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                     requests.exceptions.ContentDecodingError)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry."""

    retries: int = 2
    """Extra attempts after the first, 0..10. Default 2."""
    backoff_base: float = 0.2
    """Seconds; the n-th retry waits up to ``backoff_base * 2**n``. Default 0.2."""
    backoff_max: float = 5.0
    """Upper bound of any single wait, ``Retry-After`` included. Default 5."""
    statuses: frozenset[int] = RETRY_STATUSES
    """Statuses that are retried. Default 429, 500, 502, 503, 504 (never 4xx authorisation failures)."""
    retry_non_idempotent: bool = False
    """Also retry POST and PATCH. Default off."""

    def __post_init__(self) -> None:
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or not 0 <= self.retries <= MAX_RETRIES:
            raise TargetError(f"retries must be a whole number from 0 to {MAX_RETRIES}, got {self.retries!r}")
        # Finite and bounded: an infinite backoff_max would let Retry-After: inf sleep forever.
        if not 0 < self.backoff_base <= self.backoff_max <= MAX_TIMEOUT:
            raise TargetError(f"backoff_base must be positive and at most backoff_max, at most {MAX_TIMEOUT:g} s")

    def allows(self, method: str) -> bool:
        return self.retry_non_idempotent or method.upper() in IDEMPOTENT_METHODS

    def delay(self, retry_number: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry ``retry_number`` (0 for the first retry)."""
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** retry_number))
        wait = (rng or random).uniform(0, ceiling)
        if retry_after is not None:
            wait = max(wait, min(retry_after, self.backoff_max))
        return wait


@dataclass(frozen=True)
class PreparedInvoke:
    """A signed request, exactly as it is sent."""

    method: str
    url: str
    """URL the connection goes to (``connect_to`` origin when set)."""
    signed_url: str
    """URL the signature was computed for (logical origin; same path and query)."""
    headers: dict[str, str]
    body: bytes

    def redacted_headers(self) -> dict[str, str]:
        """Headers for display: signature, session token and API key hidden."""
        shown = {}
        for name, value in self.headers.items():
            if name.lower() == "authorization":
                shown[name] = value.split("Signature=")[0] + "Signature=<redacted>"
            elif name.lower() in _REDACT:
                shown[name] = "<redacted>"
            else:
                shown[name] = value
        return shown


@dataclass
class InvokeResponse:
    """The final response, after retries."""

    status_code: int
    reason: str
    headers: Mapping[str, str]
    content: bytes
    url: str
    attempts: int
    elapsed: float
    """Seconds from the first attempt to the final response, backoff included."""
    request: PreparedInvoke = field(repr=False)
    diagnosis: Diagnosis | None = None
    """Why it failed, for non-2xx responses."""

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    def raise_for_status(self) -> InvokeResponse:
        if not self.ok:
            raise HttpError(self, self.diagnosis or diagnose(self.status_code, self.headers, self.content))
        return self


def _keep_signature(prepared: requests.PreparedRequest) -> requests.PreparedRequest:
    """An explicit no-op auth, so requests never replaces the SigV4 Authorization with ~/.netrc credentials."""
    return prepared


def _session() -> requests.Session:
    session = requests.Session()
    for prefix in ("http://", "https://"):
        session.mount(prefix, DeadlineAdapter())
    return session


def check_ca_bundle(path: str | os.PathLike[str], what: str = "ca_bundle") -> str:
    """``path`` as a string if it is a readable PEM file of at least one CA certificate, else :class:`TargetError`
    (its message starts with ``what``, the name the caller gave the file)."""
    name = os.fspath(path)
    if not name or not os.path.isfile(name):
        problem = "is a directory" if name and os.path.isdir(name) else "does not exist"
        raise TargetError(f"{what} {name}: {problem}; give a PEM file of the CA certificates that issued the "
                          "server's certificate")
    try:
        ssl.create_default_context(cafile=name)
    except ssl.SSLError as exc:
        raise TargetError(f"{what} {name}: not a PEM file of CA certificates ({exc.reason or exc}); export the CA's "
                          "certificate in PEM, the text beginning -----BEGIN CERTIFICATE-----") from None
    except OSError as exc:
        raise TargetError(f"{what} {name}: cannot read it: {exc.strerror or exc}") from None
    return name


def certificate_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification error behind a requests/urllib3 exception, if that is what it is."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending and len(seen) < 32:
        item = pending.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ssl.SSLCertVerificationError):
            return item
        # requests wraps urllib3's MaxRetryError (its ``reason``), which wraps the ssl error (args, cause).
        pending.extend([getattr(item, "reason", None), item.__cause__, item.__context__, *item.args])
    return None


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class SignedClient:
    """Calls one :class:`Target` with SigV4-signed requests.

    :param target: where to send requests and which host to sign.
    :param credentials: botocore credentials; default: the standard chain (``profile`` if given).
    :param timeout: seconds one attempt may take in all (connect, send the request, read the status, headers
        and whole body), more than 0 and at most 3600; or a ``(connect, read)`` pair: connecting may take
        ``connect`` and the whole attempt ``connect + read``. Default 10.
    :param max_body_bytes: the largest response body read, 1 byte to 1 GiB. A larger one raises
        :class:`ResponseTooLargeError` without being read further. Default 10 MiB.
    :param retry: :class:`RetryPolicy`; default 2 retries on 429/5xx for idempotent methods.
    :param http: a ``requests.Session`` to send with (mount adapters on it to reroute connections; mount a
        :class:`DeadlineAdapter` too, or a server that trickles its headers is bounded per read only).
    :param sleep: the backoff sleep function (tests pass a recorder).
    :param rng: random source for the jitter.
    :param ca_bundle: a PEM file of the CA certificates to verify the server's certificate against instead of the
        default trust store (a private CA, as on-premises custom domains often use). Default: the default store.
    """

    def __init__(self, target: Target, *, credentials: Any = None, profile: str | None = None,
                 timeout: Timeout = DEFAULT_TIMEOUT, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 retry: RetryPolicy | None = None, http: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None,
                 ca_bundle: str | os.PathLike[str] | None = None) -> None:
        self.target = target
        self.ca_bundle = check_ca_bundle(ca_bundle) if ca_bundle is not None else None
        self.timeout = check_timeout(timeout)
        self.max_body_bytes = check_max_body_bytes(max_body_bytes)
        self.retry = retry or RetryPolicy()
        self._credentials = credentials
        self._profile = profile
        self._own_http = http is None
        self.http = http or _session()
        self._sleep = sleep
        self._rng = rng or random.Random()

    @classmethod
    def from_url(cls, url: str, *, region: str | None = None, host_header: str | None = None,
                 api_id_header: str | None = None, api_key: str | None = None, **kwargs: Any) -> SignedClient:
        """Shortcut for ``SignedClient(Target.from_url(url, ...), **kwargs)``."""
        return cls(Target.from_url(url, region=region, host_header=host_header, api_id_header=api_id_header,
                                   api_key=api_key), **kwargs)

    # Context management ---------------------------------------------------------------------

    def close(self) -> None:
        if self._own_http:
            self.http.close()

    def __enter__(self) -> SignedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Requests -------------------------------------------------------------------------------

    @property
    def credentials(self) -> Any:
        if self._credentials is None:
            self._credentials = resolve_credentials(profile=self._profile)
        return self._credentials

    def prepare(self, method: str, path: str, *, params: QueryParams = None, data: bytes | str | None = None,
                json: Any = None, headers: Mapping[str, str] | None = None) -> PreparedInvoke:
        """Build and sign one request without sending it."""
        verb = method.upper() if isinstance(method, str) else ""
        if verb not in METHODS:
            raise TargetError(f"method {method!r} is not one of {', '.join(sorted(METHODS))}")
        if data is not None and json is not None:
            raise TargetError("give either data or json, not both")
        user_headers = check_headers(headers)
        if json is not None:
            body = jsonlib.dumps(json, separators=(",", ":")).encode()
            if not any(k.lower() == "content-type" for k in user_headers):
                user_headers["Content-Type"] = "application/json"
        elif isinstance(data, str):
            body = data.encode("utf-8")
        elif isinstance(data, bytes | bytearray):
            body = bytes(data)
        elif data is None:
            body = b""
        else:
            raise TargetError(f"data must be bytes or str, got {type(data).__name__}")
        signed_url, wire_url = self.target.request_urls(path, params)
        to_sign = {"Host": self.target.signed_host, **user_headers}
        if self.target.api_id_header:
            to_sign["x-apigw-api-id"] = self.target.api_id_header
        if self.target.api_key:
            to_sign["x-api-key"] = self.target.api_key
        signed = sign(verb, signed_url, to_sign, body, credentials=self.credentials, region=self.target.region,
                      service=SERVICE)
        return PreparedInvoke(method=verb, url=wire_url, signed_url=signed_url, headers=signed, body=body)

    def send(self, prepared: PreparedInvoke, *, timeout: Timeout | None = None,
             max_body_bytes: int | None = None) -> InvokeResponse:
        """Send a prepared request once (no retries, no redirects) and read its body within the limits.

        Raises ``requests`` connection errors and timeouts as they are, and :class:`ResponseTooLargeError`.
        """
        return self._attempt(prepared, self._bounds(timeout), self._cap(max_body_bytes))

    def request(self, method: str, path: str, *, params: QueryParams = None, data: bytes | str | None = None,
                json: Any = None, headers: Mapping[str, str] | None = None, timeout: Timeout | None = None,
                max_body_bytes: int | None = None, check: bool = True,
                retry: RetryPolicy | None = None) -> InvokeResponse:
        """Sign and send, retrying as :class:`RetryPolicy` allows.

        With ``check`` (default) a non-2xx final response raises :class:`HttpError`; otherwise it is
        returned with its :attr:`InvokeResponse.diagnosis`. Connection failures and timeouts that
        survive the retries raise :class:`TransportError`; a body over ``max_body_bytes`` raises
        :class:`ResponseTooLargeError` at once. ``timeout`` and ``max_body_bytes`` override the client's.
        """
        policy = retry or self.retry
        bounds, cap = self._bounds(timeout), self._cap(max_body_bytes)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            prepared = self.prepare(method, path, params=params, data=data, json=json, headers=headers)
            can_retry = attempt <= policy.retries and policy.allows(prepared.method)
            # The body of a response about to be retried is never read.
            unread = policy.statuses if can_retry else frozenset()
            try:
                reply = self._attempt(prepared, bounds, cap, unread=unread)
            except _TRANSPORT_ERRORS as exc:
                if can_retry and certificate_failure(exc) is None:
                    self._sleep(policy.delay(attempt - 1, None, self._rng))
                    continue
                raise TransportError(self._transport_message(prepared, exc, attempt, bounds)) from exc
            if reply.status_code in unread:
                self._sleep(policy.delay(attempt - 1, _retry_after(reply.headers), self._rng))
                continue
            break
        response = replace(reply, attempts=attempt, elapsed=time.monotonic() - started)
        response.diagnosis = diagnose(reply.status_code, reply.headers, reply.content,
                                      signed_host=self.target.signed_host, region=self.target.region,
                                      form=self.target.form, api_key_sent=bool(self.target.api_key))
        if check:
            response.raise_for_status()
        return response

    def _bounds(self, timeout: Timeout | None) -> tuple[float, float]:
        return attempt_bounds(self.timeout if timeout is None else check_timeout(timeout))

    def _cap(self, max_body_bytes: int | None) -> int:
        return self.max_body_bytes if max_body_bytes is None else check_max_body_bytes(max_body_bytes)

    def _attempt(self, prepared: PreparedInvoke, bounds: tuple[float, float], cap: int, *,
                 unread: Container[int] = frozenset()) -> InvokeResponse:
        """One attempt under one deadline; a failure after the deadline passed is reported as its timeout."""
        deadline = Deadline(*bounds)
        with deadline.watching():
            try:
                with self._open(prepared, deadline) as raw:
                    content = b"" if raw.status_code in unread else self._read_body(prepared, raw, deadline, cap)
                # A connection the watchdog cut can look complete: headers or a close-delimited body ended by EOF.
                deadline.check()
            except requests.ConnectTimeout:
                raise
            except _TRANSPORT_ERRORS as exc:
                if deadline.expired() and not isinstance(exc, AttemptTimeout):
                    raise AttemptTimeout(f"no complete response within {deadline.total:g} s") from exc
                raise
        return InvokeResponse(status_code=raw.status_code, reason=raw.reason or "", headers=raw.headers,
                              content=content, url=prepared.url, attempts=1, elapsed=deadline.elapsed(),
                              request=prepared)

    def _open(self, prepared: PreparedInvoke, deadline: Deadline) -> requests.Response:
        """Send and read up to the end of the headers; the body is left on the connection."""
        headers = {"User-Agent": USER_AGENT, **prepared.headers}
        # verify=None leaves the session's setting (and REQUESTS_CA_BUNDLE) as they are; a bundle replaces them.
        return self.http.request(prepared.method, prepared.url, data=prepared.body or None, headers=headers,
                                 timeout=deadline.socket_timeouts(), allow_redirects=False, auth=_keep_signature,
                                 stream=True, verify=self.ca_bundle)

    def _read_body(self, prepared: PreparedInvoke, raw: requests.Response, deadline: Deadline, cap: int) -> bytes:
        declared = declared_length(raw.headers) if prepared.method != "HEAD" else None
        if declared is not None and declared > cap:
            raise self._too_large(prepared, raw.status_code, cap, declared)
        body = bytearray()
        for chunk in raw.iter_content(chunk_size=_CHUNK_BYTES):
            body += chunk
            if len(body) > cap:
                raise self._too_large(prepared, raw.status_code, cap, None)
            deadline.check()
        return bytes(body)

    def _too_large(self, prepared: PreparedInvoke, status: int, cap: int, declared: int | None
                   ) -> ResponseTooLargeError:
        how = f"Content-Length {declared}, refused before reading it" if declared is not None else "cut off at the cap"
        return ResponseTooLargeError(
            f"{prepared.method} {prepared.url} (Host {self.target.signed_host}): the HTTP {status} response body is "
            f"over max_body_bytes={cap} ({how})", limit=cap, status=status, declared=declared)

    def _transport_message(self, prepared: PreparedInvoke, exc: Exception, attempts: int,
                           bounds: tuple[float, float]) -> str:
        connect, total = bounds
        if isinstance(exc, requests.ConnectTimeout):
            what = f"could not connect within {connect:g} s"
        elif isinstance(exc, requests.Timeout):
            what = f"no complete response within {total:g} s (the timeout bounds the whole attempt)"
        elif (failure := certificate_failure(exc)) is not None:
            trusted = "the default trust store"
            if self.ca_bundle:
                trusted = f"the CA bundle {self.ca_bundle}"
            elif self.http.trust_env and (variable := next((v for v in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
                                                            if os.environ.get(v)), None)):
                trusted = f"the CA bundle {os.environ[variable]} ({variable})"
            reason = escape_control(failure.verify_message or failure.reason or str(failure), multiline=False)
            what = f"the server's TLS certificate did not verify against {trusted} ({reason})"
        else:
            # The exception text can quote what the server sent (a malformed status line, say).
            what = escape_control(f"connection failed ({type(exc).__name__}: {exc})", multiline=False)
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        return f"{prepared.method} {prepared.url} (Host {self.target.signed_host}): {what}, after {tries}"

    def get(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("GET", path, **kwargs)

    def head(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("HEAD", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> InvokeResponse:
        return self.request("DELETE", path, **kwargs)
