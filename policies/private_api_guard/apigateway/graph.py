"""Helpers shared by the stack policies (no policy of its own): unknown values, endpoint types.

The stack's dependency index (``dependencies``, ``StackIndex``) is in :mod:`private_api_guard.core`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pulumi_policy.proxy import UnknownValueError

from private_api_guard.core import endpoint_types

T = TypeVar("T")


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
