"""Targets from stack outputs.

The offline engine's ``--json`` output is ``{"outputs": {...}, ...}``; ``pulumi stack output
--json`` is the flat outputs object. :func:`load_outputs` accepts either. Which output holds each
field of a target is an :class:`OutputKeys`: :data:`API_OUTPUT_KEYS` has them for our stacks'
APIs (from :mod:`components.contract`), and any stack's keys can be named explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from components.contract import Bridge, Iam, Serverless, Stack
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
