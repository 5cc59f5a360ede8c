"""Tag helpers: one base dict merged into every taggable child."""

from __future__ import annotations

from collections.abc import Mapping


def merge_tags(base: Mapping[str, str] | None, name: str, **extra: str) -> dict[str, str]:
    """Return ``base`` plus a ``Name`` tag and any extra tags (extra wins over base)."""
    return {**(base or {}), "Name": name, **extra}
