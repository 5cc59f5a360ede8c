"""Bounds on one attempt: how long it may take and how large a response body it reads.

The checks are pure predicates shared by the library (which raises :class:`TargetError`, a ``ValueError``)
and the CLI (which names its flag): ``nan``, infinities, negative, zero and absurd values are refused, so a
typo cannot turn into a client that waits forever or reads without bound.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from private_apis.client.errors import TargetError

DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 3600.0
"""Seconds; longer than any API Gateway integration may run (29 s), with room for slow links."""
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_MAX_BODY_BYTES = 1024 ** 3
"""The body is held in memory, so even a raised cap stays bounded."""

SECONDS_RULE = f"a number of seconds above 0 and at most {MAX_TIMEOUT:g}"
BODY_BYTES_RULE = f"a whole number of bytes from 1 to {MAX_MAX_BODY_BYTES}"

Timeout = float | tuple[float, float]


ASCII_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number as a flag may spell it: ASCII digits, at most one dot, an optional exponent and sign. float() also
reads any script's digits (``٣`` is 3), ``1_0``, surrounding spaces, ``inf`` and ``nan``; a flag must mean what
it shows."""
ASCII_WHOLE = re.compile(r"[+-]?[0-9]+")
"""A whole number as a flag may spell it: ASCII digits and an optional sign (int() reads ``٣`` and ``1_0`` too)."""


def valid_seconds(value: Any) -> bool:
    """A finite number of seconds in ``(0, MAX_TIMEOUT]`` (``bool`` is not a number here)."""
    return (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and 0 < value <= MAX_TIMEOUT)


def valid_body_cap(value: Any) -> bool:
    """A whole number of bytes in ``[1, MAX_MAX_BODY_BYTES]``; 0 is refused, as a reader may take it for "no limit"."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_MAX_BODY_BYTES


def check_timeout(timeout: Any) -> Timeout:
    """``timeout`` if it is valid seconds or a ``(connect, read)`` pair of them, else :class:`TargetError`."""
    if isinstance(timeout, tuple):
        ok = len(timeout) == 2 and all(valid_seconds(part) for part in timeout)
    else:
        ok = valid_seconds(timeout)
    if not ok:
        raise TargetError(f"timeout must be {SECONDS_RULE}, or a (connect, read) pair of them; got {timeout!r}")
    return timeout


def attempt_bounds(timeout: Timeout) -> tuple[float, float]:
    """``(connect, total)`` seconds of one attempt: a pair's read time is what is left after connecting."""
    if isinstance(timeout, tuple):
        return float(timeout[0]), float(timeout[0] + timeout[1])
    return float(timeout), float(timeout)


def check_max_body_bytes(value: Any) -> int:
    if not valid_body_cap(value):
        raise TargetError(f"max_body_bytes must be {BODY_BYTES_RULE}; got {value!r}")
    return value


_DIGITS = re.compile(r"[0-9]+")


def declared_length(headers: Mapping[str, str]) -> int | None:
    """The ``Content-Length`` a response declares, ``None`` if absent or malformed (then only the cap bounds it)."""
    value = (headers.get("Content-Length") or "").strip()
    if not _DIGITS.fullmatch(value):
        return None
    # int() of thousands of digits is refused by Python; anything this long is over every cap anyway.
    return int(value) if len(value) <= 19 else 10 ** 19
