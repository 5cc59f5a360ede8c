"""Config keys on the fields of component args: each args class is the one schema of its settings.

A field made with :func:`setting` names the stack config key that sets it (``bridgeAppPort``) and how the
value is read; a field made with :func:`section` holds a nested settings class whose keys share a prefix
(``bridge`` + ``StageName``). :mod:`components.stack_config` builds any args class from config by this
metadata, with the dataclass defaults, so adding a setting is one field here plus its entry in Pulumi.yaml.
Pure: no Pulumi.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import MISSING, Field
from typing import Any, NamedTuple

CONFIG = "config"
KIND = "kind"
ITEM = "item"
SECTION = "section"
ONLY = "only"

KINDS = ("str", "int", "float", "bool", "list")
"""How a value is read. ``float`` is an integer key read into a float field; for ``str`` and ``list`` fields
whose default is None, an unset key (and for ``str`` an empty one) means None."""


def _kind_of(default: object) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "str"
    if isinstance(default, (tuple, list)):
        return "list"
    raise TypeError(f"cannot tell how to read a setting whose default is {default!r}: pass kind=")


def setting(key: str, default: Any = MISSING, *, default_factory: Callable[[], Any] | Any = MISSING,
            kind: str | None = None, item: Callable[[object, str], Any] | None = None) -> Any:
    """A dataclass field set by config ``key`` (bare and camelCase, or the suffix after a section's prefix).

    ``kind`` defaults to the default's type; ``item`` converts each element of a list as it is read, called
    with the element and the field name (e.g. ``"name|domain|GET /"`` into a ``DomainApi``).
    """
    sample = default_factory() if default is MISSING and default_factory is not MISSING else default
    kind = kind or _kind_of(sample)
    if kind not in KINDS:
        raise ValueError(f"unknown setting kind {kind!r}")
    metadata = {CONFIG: key, KIND: kind, ITEM: item}
    if default_factory is not MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def section(settings_class: type, prefix: str, *, only: tuple[str, ...] | None = None) -> Any:
    """A field holding ``settings_class``, whose settings are read with ``prefix`` before their keys.

    ``only`` limits which of its fields config sets (a topology that declares only some of them).
    """
    return dataclasses.field(default_factory=settings_class, metadata={SECTION: prefix, ONLY: only})


class Setting(NamedTuple):
    """One configurable field of an args class, with its full bare config key."""

    field: Field[Any]
    key: str
    kind: str
    item: Callable[[object, str], Any] | None

    @property
    def default(self) -> Any:
        if self.field.default is not MISSING:
            return self.field.default
        return self.field.default_factory()  # type: ignore[misc]


def settings_of(args_class: type, prefix: str = "", only: tuple[str, ...] | None = None) -> Iterator[Setting]:
    """The configurable fields of ``args_class`` (not those of its sections), keys prefixed."""
    for field in dataclasses.fields(args_class):
        if CONFIG in field.metadata and (only is None or field.name in only):
            suffix = field.metadata[CONFIG]
            key = prefix + suffix[:1].upper() + suffix[1:] if prefix else suffix
            yield Setting(field, key, field.metadata[KIND], field.metadata[ITEM])


def sections_of(args_class: type) -> Iterator[tuple[Field[Any], type, str, tuple[str, ...] | None]]:
    """The section fields of ``args_class``: (field, settings class, key prefix, ``only``)."""
    for field in dataclasses.fields(args_class):
        if SECTION in field.metadata:
            yield field, field.default_factory, field.metadata[SECTION], field.metadata[ONLY]  # type: ignore[misc]


def all_settings(args_class: type, prefix: str = "", only: tuple[str, ...] | None = None) -> Iterator[Setting]:
    """Every configurable field of ``args_class`` and of its sections."""
    yield from settings_of(args_class, prefix, only)
    for _field, nested, nested_prefix, nested_only in sections_of(args_class):
        yield from all_settings(nested, nested_prefix, nested_only)
