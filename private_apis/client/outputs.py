"""Targets from stack outputs.

The offline engine's ``--json`` output is ``{"outputs": {...}, ...}``; ``pulumi stack output
--json`` is the flat outputs object. :func:`load_outputs` accepts either. Which output holds each
field of a target is an :class:`OutputKeys`: :data:`API_OUTPUT_KEYS` has them for our stacks'
APIs (from :mod:`components.contract`), and any stack's keys can be named explicitly.

The onprem-domain topology exports several APIs at once, as parallel lists (one custom domain name and
one URL per API): :func:`onprem_apis` reads them and :func:`onprem_target` picks one by its domain.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from components.contract import Bridge, Iam, OnPrem, Serverless, Stack
from private_apis.client.errors import TargetError
from private_apis.client.target import Target


@dataclass(frozen=True)
class OutputKeys:
    """Which stack output holds each part of a target."""

    url: str = "invoke_url"
    """Output with the base URL (stage included). Default ``invoke_url``."""
    region: str | None = None
    """Output with the region, for custom domains. Default none (parsed from the URL)."""
    host_header: str | None = None
    """Output with the Host header value (private API via the VPC endpoint DNS name)."""
    api_id_header: str | None = None
    """Output with the API id to send as ``x-apigw-api-id``."""
    api_key_parameter: str | None = None
    """Output with the SSM parameter name holding the API key."""

    @classmethod
    def parse(cls, specs: list[str] | None, base: OutputKeys | None = None) -> OutputKeys:
        """From ``FIELD=KEY`` strings, e.g. ``["url=private_invoke_url", "api_id_header=api_id"]``, over ``base``."""
        names = {f.name for f in fields(cls)}
        values: dict[str, str] = {}
        for spec in specs or []:
            name, sep, key = spec.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in names or not key.strip():
                raise TargetError(f"--output-key {spec!r}: expected FIELD=KEY with FIELD one of "
                                  f"{', '.join(sorted(names))}")
            values[name] = key.strip()
        return replace(base, **values) if base is not None else cls(**values)


API_OUTPUT_KEYS: Mapping[str, OutputKeys] = {
    # The bridge API is REGIONAL by default; a PRIVATE one is called through its endpoint like serverless.
    "bridge": OutputKeys(url=Bridge.INVOKE_URL, region=Stack.REGION),
    "serverless": OutputKeys(url=Serverless.VPC_ENDPOINT_URL, region=Stack.REGION,
                             api_id_header=Serverless.API_ID_HEADER),
    "iam": OutputKeys(url=Iam.INVOKE_URL, region=Stack.REGION, api_key_parameter=Iam.API_KEY_PARAMETER_NAME),
}
"""Where each API of a private-apis stack keeps its target fields (``invoke --api NAME``)."""

ONPREM_API = "onprem"
"""``invoke --api onprem``: an API of the onprem-domain topology, by its custom domain name (:func:`onprem_target`)."""
API_NAMES = (*sorted(API_OUTPUT_KEYS), ONPREM_API)
"""Every ``--api`` name."""


def load_outputs(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """The outputs mapping from a file path, a JSON string's parsed form, or a mapping.

    ``{"outputs": {...}}`` (offline engine) is unwrapped; anything else must be the flat outputs.
    """
    if isinstance(source, Mapping):
        data: Any = source
    else:
        path = Path(source)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise TargetError(f"cannot read outputs file {path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise TargetError(f"outputs file {path} is not JSON: {exc}") from None
        except RecursionError:
            # json.loads recurses once per level; stack outputs are a flat object of values a few levels deep.
            raise TargetError(f"outputs file {path} is nested too deeply to be stack outputs") from None
    if isinstance(data, Mapping) and isinstance(data.get("outputs"), Mapping):
        data = data["outputs"]
    if not isinstance(data, Mapping):
        raise TargetError("stack outputs must be a JSON object (or {\"outputs\": {...}})")
    return dict(data)


def output_value(outputs: Mapping[str, Any], key: str) -> str:
    """A string output, with errors that list what is there."""
    if key not in outputs:
        urls = sorted(k for k, v in outputs.items() if isinstance(v, str) and v.startswith("https://"))
        hint = f"; outputs holding URLs: {', '.join(urls)}" if urls else f"; outputs: {', '.join(sorted(outputs))}"
        raise TargetError(f"stack output {key!r} not found{hint}")
    value = outputs[key]
    if value == "[secret]" or (isinstance(value, Mapping) and value.get("secret")):
        # "[secret]" is how the offline engine and `pulumi stack output` mask a secret.
        raise TargetError(f"stack output {key!r} is a secret: the client takes plain outputs only (the API key "
                          "comes from its SSM parameter, named by the api_key_parameter output)")
    if value == "output<string>":
        raise TargetError(f"stack output {key!r} is not known until the stack is deployed (a preview shows "
                          "output<string>); use the outputs of a deployed stack")
    if not isinstance(value, str) or not value:
        raise TargetError(f"stack output {key!r} is {value!r}, not a non-empty string")
    return value


def target_from_outputs(outputs: Mapping[str, Any], keys: OutputKeys | None = None, *, region: str | None = None,
                        host_header: str | None = None, api_id_header: str | None = None,
                        api_key: str | None = None, default_region: str | None = None) -> Target:
    """A :class:`Target` from stack outputs; ``region``, ``host_header`` and ``api_id_header``
    override the corresponding outputs (and a given header replaces both header outputs).

    The API key is never an output (it is exported only as a secret); read it with
    :func:`private_apis.client.ssm.read_api_key_parameter` using ``keys.api_key_parameter``.
    """
    keys = keys or OutputKeys()
    url = output_value(outputs, keys.url)
    if region is None and keys.region:
        region = output_value(outputs, keys.region)
    if host_header is None and api_id_header is None:
        host_header = output_value(outputs, keys.host_header) if keys.host_header else None
        api_id_header = output_value(outputs, keys.api_id_header) if keys.api_id_header else None
    return Target.from_url(url, region=region, default_region=default_region, api_key=api_key,
                           host_header=host_header, api_id_header=api_id_header)


@dataclass(frozen=True)
class OnPremApi:
    """One API of the onprem-domain topology: its custom domain name and its base URL by that name."""

    domain: str
    url: str


def _normalise_domain(name: str) -> str:
    return name.strip().rstrip(".").lower()


def _string_list(outputs: Mapping[str, Any], key: str) -> list[str]:
    value = outputs[key]
    unknown = isinstance(value, str) and value.startswith("output<")
    if unknown or (isinstance(value, list) and any(isinstance(v, str) and v.startswith("output<") for v in value)):
        raise TargetError(f"stack output {key!r} is not known until the stack is deployed (a preview shows "
                          "output<string>); use the outputs of a deployed stack (pulumi stack output --json)")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise TargetError(f"stack output {key!r} is {value!r}, not a list of strings (one per onprem API); "
                          "use the outputs of a stack deployed by this program (pulumi stack output --json)")
    return value


def onprem_apis(outputs: Mapping[str, Any]) -> list[OnPremApi]:
    """The onprem-domain APIs of a stack's outputs, in contract order (``onprem_domain_names`` and
    ``onprem_api_urls`` are parallel lists); a :class:`TargetError` naming the fix when there are none."""
    missing = [key for key in (OnPrem.API_URLS, OnPrem.DOMAIN_NAMES) if key not in outputs]
    if missing:
        deployed = outputs.get(Stack.TOPOLOGIES)
        topologies = (f"; the stack deploys {', '.join(deployed)}" if isinstance(deployed, list) and deployed
                      and all(isinstance(t, str) for t in deployed) else "")
        raise TargetError(f"the stack outputs have no onprem-domain section (no {' or '.join(missing)} output)"
                          f"{topologies}. Fix: use the outputs of a stack that deploys onprem-domain (add it to "
                          "private-apis:topologies and run pulumi up), or pick another --api")
    domains = [_normalise_domain(d) for d in _string_list(outputs, OnPrem.DOMAIN_NAMES)]
    urls = _string_list(outputs, OnPrem.API_URLS)
    if len(domains) != len(urls):
        raise TargetError(f"stack outputs {OnPrem.DOMAIN_NAMES!r} ({len(domains)}) and {OnPrem.API_URLS!r} "
                          f"({len(urls)}) differ in length: they must list the same APIs in the same order; use the "
                          "outputs of a stack deployed by this program")
    apis = []
    for domain, url in zip(domains, urls, strict=True):
        try:
            host = urlsplit(url.strip()).hostname
        except ValueError:
            host = None
        if host != domain:
            raise TargetError(f"stack output {OnPrem.API_URLS!r} has {url!r} for the domain {domain}: each URL must "
                              "be https://{domain}/ in the order of onprem_domain_names; use the outputs of a stack "
                              "deployed by this program")
        apis.append(OnPremApi(domain=domain, url=url))
    return apis


def onprem_target(outputs: Mapping[str, Any], *, domain: str | None = None, region: str | None = None,
                  api_key: str | None = None) -> Target:
    """The :class:`Target` of one onprem-domain API: chosen by ``domain`` (default: the only one), signed for
    its custom domain name as ``Host``, in ``region`` (default: the stack's ``aws_region`` output).

    Why the domain name is the signed Host: API Gateway recalculates the SigV4 signature from the request it
    received, its ``Host`` header included, and rejects a mismatch (AWS knowledge center, "troubleshoot signature
    mismatch errors when making SigV4 signed requests with IAM authentication to API Gateway",
    https://repost.aws/knowledge-center/api-gateway-iam-sigv4-mismatch). A request by a custom domain name
    carries that name as its Host: AWS documents invoking a private custom domain name by the name itself
    (``curl https://private.example.com``), or through the endpoint-specific DNS name with the custom domain
    name as ``Host`` ("Invoke a private API using a custom domain name",
    https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html),
    and the internal NLB of ``nlb`` mode passes the HTTP request, Host included, through unchanged. So the
    signature covers the domain name, never the NLB's or the VPC endpoint's DNS name.
    """
    apis = onprem_apis(outputs)
    names = ", ".join(api.domain for api in apis)
    if domain is not None:
        wanted = _normalise_domain(domain)
        chosen = next((api for api in apis if api.domain == wanted), None)
        if chosen is None:
            raise TargetError(f"--domain {domain}: not an onprem API of this stack, whose domains are {names}; "
                              "pass one of them with --domain")
    elif len(apis) == 1:
        chosen = apis[0]
    else:
        raise TargetError(f"the stack has {len(apis)} onprem APIs ({names}): pick one with --domain NAME")
    if region is None:
        if Stack.REGION not in outputs:
            raise TargetError(f"the stack outputs have no {Stack.REGION!r}, the signing region of a custom domain "
                              "name: pass the stack's region with --region")
        region = output_value(outputs, Stack.REGION)
    # The URL host is the domain name, so the request carries it as Host and the signature covers it.
    return Target.from_url(chosen.url, region=region, api_key=api_key)
