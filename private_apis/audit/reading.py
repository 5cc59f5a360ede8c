"""What a live read gives back, and the context readers share (the AWS clients, the stack's records, a cache)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from private_apis.audit.aws import Aws
from private_apis.engine.recorder import RecordedResource


@dataclass
class Extra:
    """A resource that exists live, belongs to one the stack owns, and that the stack never declared (a method or
    a security group rule added in the console). ``links`` are its property dependencies, as a program's would be,
    so that stack policies relate it to its owner."""

    type: str
    name: str
    bag: dict[str, Any]
    owner: RecordedResource
    links: dict[str, list[str]] = field(default_factory=dict)
    property: str | None = None
    """The owner's property it changes (``ingress``, ``methods``...), named in the finding."""
    declared_elsewhere: bool = False
    """True where the stack declares it in another form (an OpenAPI body): judged, but not drift."""


@dataclass
class Live:
    """A resource's live configuration as the pulumi-aws property bag of its type (``None``: the property is unset
    live), and the live-only resources that hang off it."""

    bag: dict[str, Any]
    extras: list[Extra] = field(default_factory=list)


@dataclass
class Context:
    aws: Aws
    records: list[RecordedResource]
    region: str
    cache: dict[Any, Any] = field(default_factory=dict)
    by_region: dict[str, Aws] = field(default_factory=dict)

    def clients(self, region: str) -> Aws:
        """The clients of ``region`` (made once, with the settings of the stack's own)."""
        if region == self.aws.region or not self.by_region:
            self.by_region.setdefault(self.aws.region, self.aws)
        if region not in self.by_region:
            self.by_region[region] = Aws(region, self.aws.endpoint_url, max_attempts=self.aws.max_attempts)
        return self.by_region[region]

    def all_clients(self) -> list[Aws]:
        return [self.aws, *(a for a in self.by_region.values() if a is not self.aws)]

    def cached(self, key: Any, read: Callable[[], Any]) -> Any:
        key = (self.region, repr(key))
        if key not in self.cache:
            self.cache[key] = read()
        return self.cache[key]

    def of_type(self, token: str) -> list[RecordedResource]:
        return [r for r in self.records if r.type == token]


Reader = Callable[[Context, RecordedResource], Live]


@dataclass(frozen=True)
class Drift:
    """How to compare one property: the value a provider assumes when it is unset, and how to normalise it."""

    default: Any = None
    normalise: Callable[[Any, RecordedResource, Context], Any] | None = None


def identifier(record: RecordedResource, *keys: str) -> str:
    """The resource's live id: the state's ``id``, else the first output or input of ``keys`` that has one."""
    for key in keys:
        for source in (record.outputs, record.inputs):
            if isinstance(source.get(key), str) and source[key]:
                return source[key]
    return record.id or ""
