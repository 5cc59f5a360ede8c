"""Route tables for REST APIs: pure parsing and validation, no Pulumi.

A route is written the way SAM's ``Events`` and our config name it, ``"GET /entities/{id}"``,
optionally followed by the Lambda handler that serves it, ``"GET /entities/{id} app.get_entity"``
(``module.function`` inside the function's code directory, as SAM's ``Handler``).

The method and path follow the one grammar of :mod:`components.route_grammar` (shared with the
invoke grants); here its errors are :class:`~components.errors.ConfigError`. Rules, each failing with
one ConfigError that names the key:

* the method is one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY (case-insensitive);
* the path starts with ``/``, has no empty segments and no trailing slash (``/`` alone is the root);
  a segment is literal (letters, digits, ``.``, ``_``, ``-``) or a whole-segment parameter
  ``{name}``; a greedy ``{name+}`` may only be the last segment;
* a parameter name appears once per path, and two routes may not give the same position under the
  same parent different parameter names (API Gateway rejects sibling variables such as
  ``/entities/{id}`` next to ``/entities/{entityId}``);
* a (method, path) pair appears once.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from components import route_grammar as grammar
from components.errors import ConfigError
from components.route_grammar import EXAMPLE as _EXAMPLE
from components.route_grammar import METHODS, ROOT, path_segments

__all__ = ["METHODS", "ROOT", "Route", "check_handler_defined", "check_route_table", "handler_module_file",
           "parent_path", "parse_handler", "parse_method", "parse_path", "parse_route", "parse_routes",
           "path_segments", "path_slug", "resource_paths"]

_HANDLER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


@dataclass(frozen=True)
class Route:
    """One validated route."""

    method: str
    """Upper-case method, one of :data:`METHODS`."""
    path: str
    """Normalised resource path, ``/`` or ``/a/{b}``."""
    handler: str | None = None
    """``module.function`` serving the route, or None for the caller's default."""

    @property
    def key(self) -> str:
        """``"GET /entities/{id}"``: how the route is written and reported."""
        return f"{self.method} {self.path}"

    @property
    def segments(self) -> tuple[str, ...]:
        """Path segments; empty for the root."""
        return path_segments(self.path)

    @property
    def path_parameters(self) -> tuple[str, ...]:
        """Names of the path parameters, in path order (``proxy`` for ``{proxy+}``)."""
        return tuple(name for name in map(grammar.param_name, self.segments) if name is not None)

    @property
    def slug(self) -> str:
        """A resource-name fragment unique per route: ``get-entities-id``; ``any-root`` for ``ANY /``."""
        return f"{self.method.lower()}-{path_slug(self.path)}"

    @property
    def arn_method(self) -> str:
        """The method as it appears in an execute-api ARN: ``*`` for ``ANY``."""
        return grammar.arn_method(self.method)

    @property
    def arn_path(self) -> str:
        """The path as it appears in an execute-api ARN: no leading slash, parameters as ``*``.

        API Gateway builds the ARN of a call from the request's concrete path, so a parameter
        segment must be a wildcard for the ARN to match (SAM does the same since v1.14).
        """
        return grammar.arn_path(self.segments)


def path_slug(path: str) -> str:
    """``/entities/{id}`` -> ``entities-id``, ``/{proxy+}`` -> ``proxy``, ``/`` -> ``root``."""
    words = [re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") for s in path_segments(path)]
    return "-".join(w for w in words if w) or "root"


def parse_method(value: object, key: str) -> str:
    """An API Gateway method, upper-cased."""
    with grammar.raising(ConfigError):
        return grammar.parse_method(value, key)


def parse_path(value: object, key: str) -> str:
    """A resource path, validated segment by segment."""
    with grammar.raising(ConfigError):
        return grammar.parse_path(value, key)


def parse_handler(value: object, key: str) -> str:
    """A Lambda handler ``module.function`` (dotted modules allowed)."""
    if not isinstance(value, str) or not _HANDLER.match(value):
        raise ConfigError(key, f"handler {value!r} is not 'module.function'",
                          "name the Python function serving the route, e.g. app.get_entity")
    return value


def parse_route(value: object, key: str) -> Route:
    """``"METHOD /path"`` or ``"METHOD /path module.function"``."""
    with grammar.raising(ConfigError):
        method_text, path_text, handler_text = grammar.split_route(value, key, handler=True)
    method = parse_method(method_text, key)
    path = parse_path(path_text, key)
    handler = parse_handler(handler_text, key) if handler_text is not None else None
    return Route(method, path, handler)


def parse_routes(values: Iterable[object], key: str) -> tuple[Route, ...]:
    """A whole route table: each route valid, at least one, no duplicates, no conflicting siblings."""
    if isinstance(values, (str, bytes)):
        raise ConfigError(key, f"expected a list of routes, got the single string {values!r}",
                          f"set '{key}' to a list such as [{_EXAMPLE}]")
    routes = [parse_route(value, key) for value in values]
    if not routes:
        raise ConfigError(key, "no routes are defined", f"list at least one route, e.g. {_EXAMPLE}")
    check_route_table(routes, key)
    return tuple(routes)


def check_route_table(routes: Sequence[Route], key: str) -> None:
    """Duplicates, sibling parameters with different names, and resource-name clashes."""
    seen: set[tuple[str, str]] = set()
    for route in routes:
        if (route.method, route.path) in seen:
            raise ConfigError(key, f"route '{route.key}' is defined twice", "list each method and path once")
        seen.add((route.method, route.path))
    variable_child: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for path in resource_paths(routes):
        parent, _, segment = path.rpartition("/")
        parent = parent or ROOT
        if grammar.param_name(segment) is not None:
            other = variable_child.setdefault(parent, segment)
            if other != segment:
                raise ConfigError(key, f"paths under '{parent}' use both {other} and {segment} at the same position",
                                  "use one parameter name for that position in every route")
        clash = slugs.setdefault(path_slug(path), path)
        if clash != path:
            raise ConfigError(key, f"paths '{clash}' and '{path}' map to the same resource name "
                              f"'{path_slug(path)}'", "rename one of the path segments")


def resource_paths(routes: Iterable[Route]) -> list[str]:
    """Every non-root resource path the routes need, parents before children, each once.

    ``/entities/{id}`` needs ``/entities`` and ``/entities/{id}``: shared prefixes are one resource.
    """
    found: set[str] = set()
    for route in routes:
        segments = route.segments
        for depth in range(1, len(segments) + 1):
            found.add("/" + "/".join(segments[:depth]))
    return sorted(found, key=lambda p: (len(path_segments(p)), p))


def parent_path(path: str) -> str:
    """``/a/b`` -> ``/a``; ``/a`` -> ``/``."""
    parent = path.rpartition("/")[0]
    return parent or ROOT


def handler_module_file(code_dir: str | Path, handler: str) -> Path | None:
    """The file defining ``handler``'s module inside ``code_dir``, or None when there is none."""
    module = handler.rsplit(".", 1)[0].replace(".", "/")
    for candidate in (Path(code_dir) / f"{module}.py", Path(code_dir) / module / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def check_handler_defined(code_dir: str | Path, handler: str, key: str) -> str:
    """The handler's module exists in ``code_dir`` and defines the function at top level.

    Read with ``ast``, never imported: a typo fails the preview instead of the first request.
    """
    source = handler_module_file(code_dir, handler)
    function = handler.rsplit(".", 1)[1]
    if source is None:
        raise ConfigError(key, f"handler {handler!r} names a module that is not in {code_dir}",
                          f"add {handler.rsplit('.', 1)[0].replace('.', '/')}.py to the code directory or fix "
                          "the handler")
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    defined |= {target.id for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    if function not in defined:
        raise ConfigError(key, f"handler {handler!r}: {source.name} defines no function {function!r}",
                          f"define {function}(event, context) in {source.name} or fix the handler")
    return handler
