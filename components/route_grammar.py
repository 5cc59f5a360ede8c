"""The one grammar of ``METHOD /path``: API Gateway methods, resource paths and their segments.

Imports nothing but the standard library, and nothing from Pulumi, directly or through another module
(``tests/test_routes.py`` checks): the route tables (:mod:`components.routes`) and the invoke grants
(:mod:`components.grants`) use it, and code that runs without Pulumi (a Lambda archive, a client) can.

* A method is one of :data:`METHODS` (case-insensitive): the :data:`VERBS` or ``ANY``, which matches
  every verb and is ``*`` in an execute-api ARN.
* A path is ``/`` (the root) or ``/``-separated segments. A segment is literal (letters, digits, ``.``,
  ``_``, ``-``) or a whole-segment parameter ``{name}``; a greedy ``{name+}`` (``{proxy+}``) may only be
  the last segment. In an execute-api ARN every parameter segment is ``*``.
* A route is a method, white space and a path (``"GET /entities/{id}"``), optionally followed by the
  Lambda handler serving it where the caller allows one.

Two ways to read a path: :func:`parse_path` is the strict form of a route table (from the root, no
trailing slash, each parameter name once); :func:`resource_path_segments` the lenient form of an
invoke grant (leading and trailing slashes optional, surrounding white space ignored).

Every mistake raises :class:`RouteSyntaxError`, which names the key, the problem and the fix and
reads exactly like :class:`components.errors.ConfigError`; a caller with Pulumi re-raises it as a
ConfigError with :func:`raising`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

VERBS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
"""Verbs a REST API method accepts, besides :data:`ANY_METHOD`."""

ANY_METHOD = "ANY"
"""The method that matches every verb (``*`` in an execute-api ARN)."""

METHODS = (*VERBS, ANY_METHOD)
"""Methods a REST API method resource accepts."""

ROOT = "/"
"""The root resource path."""

EXAMPLE = "'GET /entities/{id}'"
"""A route as the fixes of route errors show one."""

LITERAL_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
"""API Gateway's rule for a literal path part: letters, digits and ``._-``; no ``*``, no query string."""

PARAM_SEGMENT = re.compile(r"^\{(?P<name>[A-Za-z0-9._-]+)(?P<greedy>\+)?\}$")
"""A whole-segment path parameter ``{name}``, or a greedy ``{name+}``."""


class RouteSyntaxError(Exception):
    """A malformed method, path or route; the message reads as a ``ConfigError``'s does."""

    def __init__(self, key: str, problem: str, fix: str) -> None:
        self.key = key
        self.problem = problem
        self.fix = fix
        super().__init__(f"Invalid configuration '{key}': {problem}. Fix: {fix}")


@contextmanager
def raising(error: Callable[[str, str, str], Exception]) -> Iterator[None]:
    """Re-raise a :class:`RouteSyntaxError` of the block as ``error(key, problem, fix)`` (e.g. ConfigError)."""
    try:
        yield
    except RouteSyntaxError as exc:
        if isinstance(error, type) and isinstance(exc, error):
            raise
        raise error(exc.key, exc.problem, exc.fix) from None


def parse_method(value: object, key: str) -> str:
    """A method of :data:`METHODS`, upper-cased (surrounding white space ignored)."""
    method = value.strip().upper() if isinstance(value, str) else ""
    if method not in METHODS:
        raise RouteSyntaxError(key, f"{value!r} is not an HTTP method API Gateway accepts",
                               f"use one of {', '.join(METHODS)}")
    return method


def arn_method(method: str) -> str:
    """A parsed method as it appears in an execute-api ARN: ``*`` for ``ANY``."""
    return "*" if method == ANY_METHOD else method


def param_name(segment: str) -> str | None:
    """The parameter a segment names (``proxy`` for ``{proxy+}``), or None for a literal segment."""
    param = PARAM_SEGMENT.match(segment)
    return param.group("name") if param else None


def is_greedy(segment: str) -> bool:
    """True for a greedy parameter segment ``{name+}``."""
    param = PARAM_SEGMENT.match(segment)
    return bool(param and param.group("greedy"))


def path_segments(path: str) -> tuple[str, ...]:
    """``/a/{b}`` -> ``("a", "{b}")``; the root has no segments. Splits only: no validation."""
    return tuple(s for s in path.split("/") if s)


def check_segments(path: object, segments: Sequence[str], key: str, *, distinct_params: bool) -> tuple[str, ...]:
    """Each segment valid and a greedy parameter only last; with ``distinct_params``, each parameter named once.

    ``path`` is the value as written, for the messages.
    """
    names: list[str] = []
    for index, segment in enumerate(segments):
        if not segment:
            raise RouteSyntaxError(key, f"path {path!r} has an empty segment", "remove the doubled '/'")
        if LITERAL_SEGMENT.match(segment):
            continue
        param = PARAM_SEGMENT.match(segment)
        if param is None:
            raise RouteSyntaxError(key, f"path {path!r} has an invalid segment {segment!r}",
                                   "use letters, digits, '.', '_' and '-', or a whole-segment {param} / {param+}")
        if param.group("greedy") and index != len(segments) - 1:
            raise RouteSyntaxError(key, f"path {path!r} has the greedy parameter {segment!r} before its end",
                                   "put a {param+} segment only at the end of the path")
        if distinct_params and param.group("name") in names:
            raise RouteSyntaxError(key, f"path {path!r} uses the parameter {{{param.group('name')}}} twice",
                                   "give each path parameter a distinct name")
        names.append(param.group("name"))
    return tuple(segments)


def parse_path(value: object, key: str) -> str:
    """A route table's resource path, strict: from the root, no trailing slash, each parameter named once."""
    if not isinstance(value, str) or not value.startswith("/"):
        raise RouteSyntaxError(key, f"path {value!r} does not start with '/'",
                               f"write the path from the API root, e.g. {EXAMPLE}")
    if value == ROOT:
        return ROOT
    if value.endswith("/"):
        raise RouteSyntaxError(key, f"path {value!r} ends with '/'",
                               f"remove the trailing slash: '{value.rstrip('/')}'")
    check_segments(value, value[1:].split("/"), key, distinct_params=True)
    return value


def resource_path_segments(value: object, key: str) -> tuple[str, ...]:
    """The segments of a grant's resource path, lenient: ``/user/{id}``, ``user/{id}`` and ``/user/{id}/`` agree.

    Surrounding white space and slashes are dropped; the root (``/``) has no segments. A parameter may
    appear twice (a grant only needs the shape of the path).
    """
    if not isinstance(value, str) or not value.strip():
        raise RouteSyntaxError(key, f"expected a resource path such as /user/{{id}}, got {value!r}",
                               f"set '{key}' to the API Gateway resource path, or / for the root")
    text = value.strip().strip("/")
    if not text:
        return ()
    return check_segments(value, text.split("/"), key, distinct_params=False)


def arn_path(segments: Iterable[str]) -> str:
    """Path segments as they appear in an execute-api ARN: no leading slash, each parameter as ``*``.

    API Gateway builds the ARN of a call from the request's concrete path, so a parameter segment must
    be a wildcard for the ARN to match.
    """
    return "/".join("*" if PARAM_SEGMENT.match(s) else s for s in segments)


def split_route(value: object, key: str, *, handler: bool = False) -> tuple[str, str, str | None]:
    """``"METHOD /path"`` (or, with ``handler``, ``"METHOD /path module.function"``) split at white space.

    Only the number of parts is checked here; the caller parses each part.
    """
    parts = value.split() if isinstance(value, str) else []
    forms = "'METHOD /path' or 'METHOD /path module.function'" if handler else "'METHOD /path'"
    if len(parts) not in ((2, 3) if handler else (2,)):
        raise RouteSyntaxError(key, f"route {value!r} is not {forms}",
                               f"write each route as a method, a space and a path, e.g. {EXAMPLE}")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None
