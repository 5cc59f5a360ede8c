"""Where a request goes, which host its signature covers, and how its URL is encoded.

Every URL form of the four topologies is a :class:`Target`. Its :attr:`Target.form` and the
``Host`` the request carries, which is the host the signature covers:

* ``invoke-url``: ``https://{api}.execute-api.{region}.amazonaws.com/{stage}``; the URL host.
* ``vpce-host-header``: ``https://vpce-….execute-api.{region}.vpce.amazonaws.com/{stage}`` with
  ``host_header``; the Host is ``{api}.execute-api.{region}.amazonaws.com``, the name API Gateway
  routes on, while TLS and the connection use the VPC endpoint name.
* ``vpce-api-id-header``: the same URL with ``api_id_header``; the Host is the VPC endpoint DNS
  name itself, and the ``x-apigw-api-id`` header is signed too.
* ``vpce-alias``: ``https://{api}-{vpce}.execute-api.{region}.amazonaws.com/{stage}``; the URL host.
* ``custom-domain``: ``https://api.example.internal[/base-path]``; the custom domain.

The rule behind the table: API Gateway verifies the signature against the ``Host`` header it
receives, so the client signs exactly the ``Host`` the request carries, never the name it
connects to. ``connect_to`` changes only the connection (a test server on 127.0.0.1, a tunnel):
the Host, path, query and signature stay those of the logical URL.

Region: parsed from the execute-api host (the Host header first, then the URL); a custom domain
needs it given (or configured for the botocore session).

Paths are given unencoded (``/user/John Smith``) and percent-encoded here, every byte except
``A-Z a-z 0-9 - _ . ~`` and the ``/`` separators; a ``%`` is sent as ``%25``, so an encoded ``/``
inside a segment cannot be expressed. Query values are encoded the same way (``+`` is ``%2B``,
space is ``%20``), which is the form SigV4 canonicalises, so what is signed is byte-for-byte what
is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlsplit

from private_apis.client.errors import TargetError
from private_apis.net import is_loopback

_REGION = r"(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)"
_SUFFIX = r"\.amazonaws\.com(?:\.cn)?"
INVOKE_HOST = re.compile(rf"^(?P<api>[a-z0-9]+)\.execute-api\.{_REGION}{_SUFFIX}$")
ALIAS_HOST = re.compile(rf"^(?P<api>[a-z0-9]+)-(?P<vpce>vpce-[0-9a-f]+)\.execute-api\.{_REGION}{_SUFFIX}$")
VPCE_HOST = re.compile(rf"^(?P<vpce>vpce-[0-9a-f]+-[0-9a-z]+)(?:-[a-z0-9-]+)?\.execute-api\.{_REGION}\.vpce{_SUFFIX}$")
_API_ID = re.compile(r"^[a-z0-9]{1,64}$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_BASE_PATH = re.compile(r"^[A-Za-z0-9/_.~%-]*$")

RESERVED_HEADERS = {
    "host": "host_header (--host-header)",
    "x-apigw-api-id": "api_id_header (--api-id-header)",
    "x-api-key": "api_key (--api-key or --api-key-parameter)",
    "authorization": "nothing: the client signs every request",
    "x-amz-date": "nothing: the client signs every request",
    "x-amz-security-token": "nothing: the session token comes from the credential chain",
    "x-amz-content-sha256": "nothing: the client hashes the body",
    "content-length": "nothing: it is computed from the body",
    "transfer-encoding": "nothing: bodies are sent whole",
}
"""Headers the client owns, with what to use instead."""

FORMS = ("invoke-url", "vpce-host-header", "vpce-api-id-header", "vpce-alias", "custom-domain")


def region_from_host(host: str | None) -> str | None:
    """The region in an execute-api or execute-api VPC endpoint host name, else ``None``."""
    if not host:
        return None
    name = host.lower().rsplit(":", 1)[0] if not host.startswith("[") else host
    for pattern in (ALIAS_HOST, INVOKE_HOST, VPCE_HOST):
        match = pattern.match(name)
        if match:
            return match.group("region")
    return None


def _split_origin(url: str, what: str) -> tuple[str, str, str, str]:
    """(scheme, hostname, netloc, path) of an http(s) URL, refusing credentials in clear."""
    if not isinstance(url, str) or not url.strip():
        raise TargetError(f"{what}: expected an https URL, got {url!r}")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise TargetError(f"{what}: {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise TargetError(f"{what}: {url!r} is not an http(s) URL with a host")
    if parts.username or parts.password:
        raise TargetError(f"{what}: {url!r} carries user info; remove it")
    if parts.query or parts.fragment:
        raise TargetError(f"{what}: {url!r} has a query or fragment; give query parameters with the request")
    hostname = parts.hostname.lower()
    if parts.scheme == "http" and not is_loopback(hostname):
        raise TargetError(f"{what}: refusing plain http to {hostname}: the session token and API key would travel "
                          "in clear; use https")
    default = 443 if parts.scheme == "https" else 80
    host_for_header = f"[{hostname}]" if ":" in hostname else hostname
    netloc = host_for_header if port in (None, default) else f"{host_for_header}:{port}"
    return parts.scheme, hostname, netloc, parts.path


@dataclass(frozen=True)
class Target:
    """An API stage (or custom-domain base path) to call, and how to address it.

    Build it with :meth:`from_url`, which infers the region and checks the header forms; the
    constructor expects consistent values.
    """

    url: str
    """Base URL including the stage (or the custom domain's base path), e.g. ``https://abc.execute-api.eu-west-1.amazonaws.com/v1``."""
    region: str
    """Region the signature is scoped to."""
    host_header: str | None = None
    """``Host`` to send and sign instead of the URL host (private API through the VPC endpoint DNS name)."""
    api_id_header: str | None = None
    """Value of ``x-apigw-api-id`` (private API through the VPC endpoint DNS name)."""
    api_key: str | None = field(default=None, repr=False)
    """Sent as ``x-api-key`` in addition to the signature, never instead of it."""
    connect_to: str | None = None
    """Origin (``scheme://host:port``) to connect to instead of the URL's; changes nothing that is signed."""

    def __post_init__(self) -> None:
        _, hostname, _, base_path = _split_origin(self.url, "url")
        if not isinstance(self.region, str) or not re.fullmatch(_REGION, self.region):
            raise TargetError(f"region {self.region!r} is not an AWS region name such as eu-west-1")
        if self.host_header is not None and self.api_id_header is not None:
            raise TargetError("give either a Host header or an x-apigw-api-id header, not both")
        if self.host_header is not None and (not self.host_header or not re.fullmatch(r"[A-Za-z0-9.:\[\]-]+",
                                                                                         self.host_header)):
            raise TargetError(f"host header {self.host_header!r} is not a host name")
        if self.api_id_header is not None and not _API_ID.match(self.api_id_header):
            raise TargetError(f"x-apigw-api-id {self.api_id_header!r} is not an API id (lower-case letters and digits)")
        if VPCE_HOST.match(hostname) and self.host_header is None and self.api_id_header is None:
            raise TargetError(f"{hostname} is a VPC endpoint DNS name: API Gateway cannot tell which API you mean. "
                              "Add a Host header ({api}.execute-api.{region}.amazonaws.com) or an x-apigw-api-id "
                              "header, or use the {api}-{vpce} alias URL")
        if not _BASE_PATH.match(base_path) or any(s in {".", ".."} for s in base_path.split("/")):
            raise TargetError(f"url path {base_path!r} must be a plain stage or base path such as /v1")
        if self.api_key is not None and (not self.api_key or not self.api_key.isprintable() or " " in self.api_key):
            raise TargetError("the API key is empty or contains spaces or control characters")
        if self.connect_to is not None:
            _, _, _, connect_path = _split_origin(self.connect_to, "connect_to")
            if connect_path not in {"", "/"}:
                raise TargetError(f"connect_to {self.connect_to!r} must be an origin without a path")
        for name, inferred in (("Host header", region_from_host(self.host_header)),
                               ("URL", region_from_host(hostname))):
            if inferred and inferred != self.region:
                raise TargetError(f"region {self.region} contradicts the {name}, which is in {inferred}: "
                                  "the signature would be scoped to the wrong region")

    @classmethod
    def from_url(cls, url: str, *, region: str | None = None, host_header: str | None = None,
                 api_id_header: str | None = None, api_key: str | None = None, connect_to: str | None = None,
                 default_region: str | None = None) -> Target:
        """A target for ``url``; the region is taken from ``region``, else the Host header or URL host,
        else ``default_region`` (e.g. the botocore session's configured region)."""
        _, hostname, _, _ = _split_origin(url, "url")
        host = host_header.strip().lower() if isinstance(host_header, str) else host_header
        resolved = region or region_from_host(host) or region_from_host(hostname) or default_region
        if not resolved:
            raise TargetError(f"cannot tell the region of {hostname} (a custom domain or other host): "
                              "pass the API's region (--region)")
        return cls(url=url.strip().rstrip("/"), region=resolved, host_header=host, api_id_header=api_id_header,
                   api_key=api_key, connect_to=connect_to.rstrip("/") if connect_to else None)

    # Derived values -------------------------------------------------------------------------

    @property
    def url_host(self) -> str:
        """``host[:port]`` of the URL as it appears in a Host header."""
        return _split_origin(self.url, "url")[2]

    @property
    def signed_host(self) -> str:
        """The ``Host`` header the request carries and the signature covers."""
        return self.host_header or self.url_host

    @property
    def base_path(self) -> str:
        return _split_origin(self.url, "url")[3].rstrip("/")

    @property
    def form(self) -> str:
        """One of :data:`FORMS`, for diagnostics."""
        hostname = _split_origin(self.url, "url")[1]
        if VPCE_HOST.match(hostname) or self.api_id_header:
            return "vpce-api-id-header" if self.api_id_header else "vpce-host-header"
        if self.host_header:
            return "vpce-alias" if ALIAS_HOST.match(self.host_header) else "vpce-host-header"
        if ALIAS_HOST.match(hostname):
            return "vpce-alias"
        if INVOKE_HOST.match(hostname):
            return "invoke-url"
        return "custom-domain"

    @property
    def api_id(self) -> str | None:
        """The REST API id when the URL or headers reveal it."""
        if self.api_id_header:
            return self.api_id_header
        for name in (self.host_header, _split_origin(self.url, "url")[1]):
            for pattern in (ALIAS_HOST, INVOKE_HOST):
                match = pattern.match(name or "")
                if match:
                    return match.group("api")
        return None

    def describe(self) -> str:
        """One line for ``-v`` output (never includes the API key)."""
        extra = f", x-apigw-api-id {self.api_id_header}" if self.api_id_header else ""
        key = ", x-api-key set" if self.api_key else ""
        via = f", connecting to {self.connect_to}" if self.connect_to else ""
        return f"{self.form}: {self.url} signed for Host {self.signed_host} in {self.region}{extra}{key}{via}"

    # Request URLs ---------------------------------------------------------------------------

    def request_urls(self, path: str, params: QueryParams = None) -> tuple[str, str]:
        """``(signed_url, wire_url)`` for ``path`` below the base URL.

        Both carry the same encoded path and query; the signed URL has the logical origin, the
        wire URL the ``connect_to`` origin when set.
        """
        raw_path, pairs = split_path_and_query(path)
        pairs.extend(query_pairs(params))
        encoded = self.base_path + "/" + encode_path(raw_path)
        query = encode_query(pairs)
        suffix = encoded + (f"?{query}" if query else "")
        scheme = _split_origin(self.url, "url")[0]
        signed = f"{scheme}://{self.url_host}{suffix}"
        wire = f"{self.connect_to}{suffix}" if self.connect_to else signed
        return signed, wire


QueryParams = Mapping[str, object] | Iterable[tuple[str, object]] | None


def split_path_and_query(path: str) -> tuple[str, list[tuple[str, str]]]:
    """Split ``/search?q=a+b`` into the raw path and decoded pairs (form decoding: ``+`` is a space)."""
    if not isinstance(path, str):
        raise TargetError(f"path must be a string, got {path!r}")
    raw, _, query = path.partition("?")
    if "#" in raw or "#" in query:
        raise TargetError(f"path {path!r} contains '#': encode it in a query value instead")
    return raw, parse_qsl(query, keep_blank_values=True)


def query_pairs(params: QueryParams) -> list[tuple[str, str]]:
    """Normalise a mapping (values may be lists) or pair list to string pairs."""
    if params is None:
        return []
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        values = value if isinstance(value, Sequence) and not isinstance(value, str | bytes) else [value]
        pairs.extend((str(key), "" if v is None else str(v)) for v in values)
    return pairs


def encode_path(raw_path: str) -> str:
    """Percent-encode an unencoded path (without its leading slash); reject dot and empty segments,
    which HTTP stacks normalise away after signing."""
    text = raw_path.lstrip("/")
    segments = text.split("/")
    inner = segments[:-1] if segments and segments[-1] == "" else segments
    if text and any(s in {"", ".", ".."} for s in inner):
        raise TargetError(f"path {raw_path!r} has an empty, '.' or '..' segment")
    if any(ord(c) < 0x20 or c == "\x7f" for c in text):
        raise TargetError(f"path {raw_path!r} contains control characters")
    return quote(text, safe="/")


def encode_query(pairs: Iterable[tuple[str, str]]) -> str:
    """``k=v&...`` with every byte but ``A-Z a-z 0-9 - _ . ~`` percent-encoded, in the given order."""
    return "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in pairs)


def check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """User headers, validated: RFC 7230 names, no CR/LF in values, none of :data:`RESERVED_HEADERS`."""
    checked: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not isinstance(name, str) or not _HEADER_NAME.match(name):
            raise TargetError(f"header name {name!r} is not a valid HTTP header name")
        if name.lower() in RESERVED_HEADERS:
            raise TargetError(f"header {name!r} is set by the client; use {RESERVED_HEADERS[name.lower()]}")
        if not isinstance(value, str) or any(c in value for c in "\r\n\x00"):
            raise TargetError(f"header {name!r} has an invalid value")
        for existing in list(checked):
            if existing.lower() == name.lower():
                del checked[existing]
        checked[name] = value.strip()
    return checked
