"""Secret values kept out of free text: policy messages, warnings and errors carry no secret envelope of their own,
so every secret the run knows (inputs, outputs, stack outputs, secret config) is searched for and replaced."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from private_apis.engine.project import SECRET_PLACEHOLDER, StackConfig
from private_apis.engine.recorder import Graph, is_secret

SECRET_TEXT = "[secret]"
MIN_MASKED_LENGTH = 6
"""Shorter secret strings ("true", a port) are not searched for in text: masking them would garble it."""


def _strings(value: Any, inside: bool = False) -> Iterator[str]:
    if is_secret(value):
        yield from _strings(value.get("value"), True)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, inside)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, inside)
    elif inside and isinstance(value, str):
        yield value


def secret_strings(graph: Graph, config: StackConfig | None) -> set[str]:
    """Every secret string of the run long enough to mask."""
    found = set(_strings(graph.stack_outputs))
    for record in graph.resources:
        found.update(_strings(record.inputs))
        found.update(_strings(record.outputs))
    if config is not None:
        found.update(config.values.get(k, "") for k in config.secret_keys)
    return {s for s in found if len(s) >= MIN_MASKED_LENGTH and s != SECRET_PLACEHOLDER}


def _spellings(secret: str) -> Iterable[str]:
    """The secret as messages quote it: as it is, escaped by repr or JSON, and in either case."""
    yield from {secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], secret.upper(), secret.lower()}


def masker(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function replacing every spelling of every secret in a text by ``[secret]``, longest first."""
    ordered = sorted({s for secret in secrets for s in _spellings(secret) if len(s) >= MIN_MASKED_LENGTH},
                     key=len, reverse=True)

    def mask(text: str) -> str:
        for spelling in ordered:
            if spelling in text:
                text = text.replace(spelling, SECRET_TEXT)
        return text

    return mask
