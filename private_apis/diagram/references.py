"""Which recorded resource a string in another resource's inputs names.

Inputs on the wire carry resolved ids, ARNs and DNS names, not URNs (the engine marshals resource references to
their id, see ``resource_refs_to_ids`` in private_apis/engine/recorder.py), so a VPC link's ``targetArn`` is
matched back to the load balancer whose ``arn`` output it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from private_apis.engine.recorder import RecordedResource

_IDENTIFYING_OUTPUTS = ("arn", "id", "dnsName", "name", "domainName", "domainNameArn", "domainNameId",
                        "regionalDomainName", "invokeArn")
_LAMBDA_IN_URI = re.compile(r"functions/(arn:[^/]+)/invocations")
"""API Gateway's Lambda integration URI wraps the function ARN (AWS docs: "Set up Lambda proxy integrations")."""


def strings(value: Any) -> Iterator[str]:
    """Every string in a (nested) input value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def as_list(value: Any) -> list[Any]:
    """An input that takes one value or a list of them (``endpointConfiguration.types``, ``targetArns``)."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class References:
    """Every identifying string of every resource, back to the resource's URN."""

    def __init__(self, resources: Iterable[RecordedResource]) -> None:
        self._urns_of: dict[str, list[str]] = {}
        self.by_urn: dict[str, RecordedResource] = {}
        for resource in resources:
            self.by_urn[resource.urn] = resource
            outputs = resource.plain_outputs
            names = [resource.id, *(outputs.get(key) for key in _IDENTIFYING_OUTPUTS)]
            names += [entry.get("dnsName") for entry in outputs.get("dnsEntries") or [] if isinstance(entry, dict)]
            for name in names:
                if isinstance(name, str) and name and resource.urn not in self._urns_of.get(name, []):
                    self._urns_of.setdefault(name, []).append(resource.urn)

    def urn(self, value: Any, prefer: tuple[str, ...] = ()) -> str | None:
        """The resource a string names (an id, ARN or DNS name), or None. One name can be several resources' (a
        custom domain's name is also its DNS record's): ``prefer`` picks by type, else the first is taken."""
        if not isinstance(value, str):
            return None
        found = self._urns_of.get(value)
        if not found and (match := _LAMBDA_IN_URI.search(value)):
            found = self._urns_of.get(match.group(1))
        if not found:
            return None
        return next((urn for urn in found if self.by_urn[urn].type in prefer), found[0])

    def urns(self, value: Any) -> list[str]:
        """The resources named anywhere in a (nested) value, in order, without repeats."""
        found: list[str] = []
        for text in strings(value):
            urn = self.urn(text)
            if urn is not None and urn not in found:
                found.append(urn)
        return found

    def resource(self, value: Any) -> RecordedResource | None:
        urn = self.urn(value)
        return self.by_urn[urn] if urn else None
