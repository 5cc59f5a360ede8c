"""An independent SigV4 verifier for the client tests.

Implements the documented algorithm (canonical request, string to sign, HMAC-SHA256 key
derivation) with hashlib and hmac only, the way a server recomputes a signature from the request
it received: nothing here imports botocore, so a bug shared by the client and the verifier cannot
hide itself. Checked against the published AWS examples in test_sigv4_verifier.py.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

ALGORITHM = "AWS4-HMAC-SHA256"
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
_AUTH = re.compile(r"^AWS4-HMAC-SHA256 Credential=(?P<credential>[^,\s]+),\s*SignedHeaders=(?P<signed>[^,\s]+),"
                   r"\s*Signature=(?P<signature>[0-9a-f]{64})$")
MUST_BE_SIGNED = ("host", "x-amz-date", "x-amz-security-token", "x-api-key", "x-apigw-api-id", "content-type")
"""Headers this verifier insists on seeing signed when present, so tampering with them is caught."""


def uri_encode(text: str, *, keep_slash: bool) -> str:
    """RFC 3986 percent-encoding of UTF-8 bytes, upper-case hex, unreserved characters kept."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def percent_decode(text: str) -> str:
    """Decode %XX escapes (no '+' to space: SigV4 query strings are not form-encoded)."""
    raw = bytearray()
    i = 0
    data = text.encode("utf-8")
    while i < len(data):
        if data[i] == 0x25 and i + 2 < len(data) and re.fullmatch(rb"[0-9A-Fa-f]{2}", data[i + 1:i + 3]):
            raw.append(int(data[i + 1:i + 3], 16))
            i += 3
        else:
            raw.append(data[i])
            i += 1
    return raw.decode("utf-8", "surrogateescape")


def canonical_uri(raw_path: str) -> str:
    """The received (already encoded) path, encoded once more, as for every service but S3."""
    return uri_encode(raw_path or "/", keep_slash=True)


def canonical_query(raw_query: str) -> str:
    pairs = []
    for item in raw_query.split("&") if raw_query else []:
        name, _, value = item.partition("=")
        pairs.append((uri_encode(percent_decode(name), keep_slash=False),
                      uri_encode(percent_decode(value), keep_slash=False)))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def canonical_headers(headers: list[tuple[str, str]], signed: list[str]) -> str:
    lines = []
    for name in signed:
        values = [" ".join(v.split()) for k, v in headers if k.lower() == name]
        lines.append(f"{name}:{','.join(values)}\n")
    return "".join(lines)


def canonical_request(method: str, raw_target: str, headers: list[tuple[str, str]], signed: list[str],
                      body: bytes) -> str:
    raw_path, _, raw_query = raw_target.partition("?")
    return "\n".join([method.upper(), canonical_uri(raw_path), canonical_query(raw_query),
                      canonical_headers(headers, signed), ";".join(signed), hashlib.sha256(body).hexdigest()])


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date: str, region: str, service: str) -> bytes:
    k_date = _hmac(f"AWS4{secret_key}".encode(), date)
    return _hmac(_hmac(_hmac(k_date, region), service), "aws4_request")


def string_to_sign(amz_date: str, scope: str, creq: str) -> str:
    return "\n".join([ALGORITHM, amz_date, scope, hashlib.sha256(creq.encode("utf-8")).hexdigest()])


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str
    signed_headers: tuple[str, ...] = ()
    canonical_request: str = ""


def verify(method: str, raw_target: str, headers: list[tuple[str, str]], body: bytes, *, access_key: str,
           secret_key: str, session_token: str | None, region: str, service: str = "execute-api",
           now: datetime | None = None, max_skew_seconds: int = 300) -> Verification:
    """Recompute the signature of a received request and compare it with its Authorization header."""
    def header(name: str) -> str | None:
        values = [v for k, v in headers if k.lower() == name]
        return values[0] if values else None

    auth = _AUTH.match(header("authorization") or "")
    if not auth:
        return Verification(False, "missing or malformed Authorization header")
    key_id, date, scope_region, scope_service, terminator = (auth.group("credential").split("/") + [""] * 5)[:5]
    signed = auth.group("signed").split(";")
    if key_id != access_key:
        return Verification(False, f"unknown access key {key_id}")
    if (scope_region, scope_service, terminator) != (region, service, "aws4_request"):
        return Verification(False, f"credential scope {scope_region}/{scope_service}/{terminator}")
    if signed != sorted(signed) or any(n != n.lower() for n in signed):
        return Verification(False, "SignedHeaders not sorted lower-case")
    present = {k.lower() for k, _ in headers}
    unsigned = [n for n in MUST_BE_SIGNED if n in present and n not in signed]
    if unsigned or "host" not in signed or "x-amz-date" not in signed:
        return Verification(False, f"headers not signed: {unsigned or ['host/x-amz-date']}")
    amz_date = header("x-amz-date") or ""
    try:
        stamp = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return Verification(False, f"bad X-Amz-Date {amz_date!r}")
    if amz_date[:8] != date:
        return Verification(False, "credential date differs from X-Amz-Date")
    if now is not None and abs((now - stamp).total_seconds()) > max_skew_seconds:
        return Verification(False, "Signature expired")
    if session_token is not None and header("x-amz-security-token") != session_token:
        return Verification(False, "security token mismatch")
    creq = canonical_request(method, raw_target, headers, signed, body)
    expected = hmac.new(signing_key(secret_key, date, region, service),
                        string_to_sign(amz_date, f"{date}/{region}/{service}/aws4_request", creq).encode(),
                        hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, auth.group("signature")):
        return Verification(False, "The request signature we calculated does not match the signature you provided",
                            tuple(signed), creq)
    return Verification(True, "ok", tuple(signed), creq)
