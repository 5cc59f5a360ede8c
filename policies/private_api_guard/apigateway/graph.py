"""Cross-resource lookups shared by the API Gateway stack policies (no policy of its own).

Resources are linked through ``property_dependencies`` (the resources an input property's value
came from), which the engine knows in a first preview even when the ids themselves are unknown.
Indexes are built once per policy run, so a stack policy stays linear in the size of the stack.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard.core import endpoint_types

T = TypeVar("T")


def dependencies(resource: PolicyResource, *props: str) -> list[PolicyResource]:
    """The resources the values of ``props`` came from."""
    found: list[PolicyResource] = []
    for prop in props:
        found.extend(resource.property_dependencies.get(prop) or [])
    return found


class StackIndex:
    """The resources of one stack by type, with reverse property-dependency lookups."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self._by_type: dict[str, list[PolicyResource]] = defaultdict(list)
        for resource in resources:
            self._by_type[resource.resource_type].append(resource)

    def of(self, *resource_types: str) -> list[PolicyResource]:
        """Resources of any of ``resource_types``, in stack order per type."""
        found: list[PolicyResource] = []
        for resource_type in resource_types:
            found.extend(self._by_type.get(resource_type, ()))
        return found

    def referrers(self, resource_types: Iterable[str], *props: str) -> dict[str, list[PolicyResource]]:
        """URN of a resource -> the resources of ``resource_types`` whose ``props`` came from it."""
        index: dict[str, list[PolicyResource]] = defaultdict(list)
        for resource in self.of(*resource_types):
            seen: set[str] = set()
            for dependency in dependencies(resource, *props):
                if dependency.urn not in seen:
                    seen.add(dependency.urn)
                    index[dependency.urn].append(resource)
        return index


class Unknowns:
    """Keeps checking past an unknown value, so it does not hide findings on other resources.

    ``each`` runs a check per item and remembers the first ``UnknownValueError``; ``raise_first``
    raises it again once everything has been checked, so the policy still reports that it could
    not decide: nothing passes silently on an unknown.
    """

    def __init__(self) -> None:
        self._first: UnknownValueError | None = None

    def each(self, items: Iterable[T], check: Callable[[T], None]) -> None:
        for item in items:
            try:
                check(item)
            except UnknownValueError as exc:
                if self._first is None:
                    self._first = exc

    def raise_first(self) -> None:
        if self._first is not None:
            raise self._first


def decide_each(items: Iterable[T], check: Callable[[T], None]) -> None:
    """:meth:`Unknowns.each` over one collection, then :meth:`Unknowns.raise_first`."""
    unknowns = Unknowns()
    unknowns.each(items, check)
    unknowns.raise_first()


def endpoint_types_of(props: Mapping[str, Any]) -> list[str]:
    """Endpoint types of a RestApi or DomainName (v7 string or older list; unset or malformed means EDGE)."""
    configuration = props.get("endpointConfiguration")
    if configuration is not None and not isinstance(configuration, Mapping):
        return ["EDGE"]
    return endpoint_types(configuration)


def is_private(props: Mapping[str, Any]) -> bool:
    """True when PRIVATE is the (only) endpoint type."""
    return endpoint_types_of(props) == ["PRIVATE"]
