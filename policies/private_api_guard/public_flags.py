"""Readers for the boolean and enum switches that put a managed service on the internet (no policy of its own).

Managed databases, warehouses, brokers and migration instances spell "give me a public address" as one flag,
usually ``publiclyAccessible``. What an unset flag means differs per service and is decided by the rule that
reads it (each cites the documented default); these helpers only read the value the way the engine sends it:
a bool, or a string such as "true" from a hand-written or converted program.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from private_api_guard.network_rules import is_true


def is_false(value: Any) -> bool:
    """True for ``False`` and the string "false"."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def public_unless_false(value: Any) -> bool:
    """For a flag whose unset value means public: anything but an explicit false is public.

    A value AWS would reject (a number, a list) is judged as unset, the service's public default.
    """
    return not is_false(value)


def public_if_true(value: Any) -> bool:
    """For a flag whose unset value means private: only an explicit true is public."""
    return is_true(value)


def block(props: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    """The nested object at ``path`` (camelCase keys), or an empty one where a level is unset or not an object.

    The engine sends a ``maxItems: 1`` block as an object; a malformed level reads as unset, so the rule judges
    it by the service's default.
    """
    current: Any = props
    for key in path:
        current = current.get(key) if isinstance(current, Mapping) else None
        if not isinstance(current, Mapping):
            return {}
    return current
