"""Route table parsing and validation (components/routes.py): plain functions, no Pulumi."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from components import route_grammar
from components.errors import ConfigError
from components.routes import (
    METHODS,
    Route,
    check_handler_defined,
    parse_route,
    parse_routes,
    path_slug,
    resource_paths,
)

KEY = "private-apis:serverlessRoutes"
ROOT = Path(__file__).resolve().parent.parent


def error(exc: pytest.ExceptionInfo[ConfigError]) -> str:
    return str(exc.value)


# --------------------------------------------------------------------------- parsing


def test_route_with_and_without_handler() -> None:
    assert parse_route("GET /entities", KEY) == Route("GET", "/entities", None)
    assert parse_route("get   /entities/{id}  app.get_entity", KEY) == Route("GET", "/entities/{id}", "app.get_entity")


@pytest.mark.parametrize("method", METHODS)
def test_every_method_is_accepted_in_any_case(method: str) -> None:
    assert parse_route(f"{method.lower()} /x", KEY).method == method


def test_route_properties() -> None:
    route = parse_route("GET /entities/{id}", KEY)
    assert route.key == "GET /entities/{id}"
    assert route.segments == ("entities", "{id}")
    assert route.path_parameters == ("id",)
    assert route.slug == "get-entities-id"
    assert route.arn_method == "GET"
    assert route.arn_path == "entities/*"


def test_any_root_and_greedy_proxy() -> None:
    root = parse_route("ANY /", KEY)
    assert (root.segments, root.slug, root.arn_method, root.arn_path) == ((), "any-root", "*", "")
    proxy = parse_route("ANY /files/{proxy+}", KEY)
    assert proxy.path_parameters == ("proxy",)
    assert proxy.arn_path == "files/*"
    assert proxy.slug == "any-files-proxy"


def test_path_slug() -> None:
    assert path_slug("/") == "root"
    assert path_slug("/Entities/{entity_id}/v1.2") == "entities-entity-id-v1-2"


# --------------------------------------------------------------------------- errors, exact messages


@pytest.mark.parametrize(("value", "message"), [
    ("GET", "Invalid configuration 'private-apis:serverlessRoutes': route 'GET' is not 'METHOD /path' or "
            "'METHOD /path module.function'. Fix: write each route as a method, a space and a path, e.g. "
            "'GET /entities/{id}'"),
    ("GET /a app.x extra", "Invalid configuration 'private-apis:serverlessRoutes': route 'GET /a app.x extra' is not "
                           "'METHOD /path' or 'METHOD /path module.function'. Fix: write each route as a method, a "
                           "space and a path, e.g. 'GET /entities/{id}'"),
    (42, "Invalid configuration 'private-apis:serverlessRoutes': route 42 is not 'METHOD /path' or "
         "'METHOD /path module.function'. Fix: write each route as a method, a space and a path, e.g. "
         "'GET /entities/{id}'"),
    ("FETCH /entities", "Invalid configuration 'private-apis:serverlessRoutes': 'FETCH' is not an HTTP method API "
                        "Gateway accepts. Fix: use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY"),
    ("GET entities", "Invalid configuration 'private-apis:serverlessRoutes': path 'entities' does not start with "
                     "'/'. Fix: write the path from the API root, e.g. 'GET /entities/{id}'"),
    ("GET /entities/", "Invalid configuration 'private-apis:serverlessRoutes': path '/entities/' ends with '/'. "
                       "Fix: remove the trailing slash: '/entities'"),
    ("GET /a//b", "Invalid configuration 'private-apis:serverlessRoutes': path '/a//b' has an empty segment. "
                  "Fix: remove the doubled '/'"),
    ("GET /a/b*", "Invalid configuration 'private-apis:serverlessRoutes': path '/a/b*' has an invalid segment "
                  "'b*'. Fix: use letters, digits, '.', '_' and '-', or a whole-segment {param} / {param+}"),
    ("GET /a/x{id}", "Invalid configuration 'private-apis:serverlessRoutes': path '/a/x{id}' has an invalid "
                     "segment 'x{id}'. Fix: use letters, digits, '.', '_' and '-', or a whole-segment {param} / "
                     "{param+}"),
    ("GET /a?q=1", "Invalid configuration 'private-apis:serverlessRoutes': path '/a?q=1' has an invalid segment "
                   "'a?q=1'. Fix: use letters, digits, '.', '_' and '-', or a whole-segment {param} / {param+}"),
    ("GET /{proxy+}/x", "Invalid configuration 'private-apis:serverlessRoutes': path '/{proxy+}/x' has the greedy "
                        "parameter '{proxy+}' before its end. Fix: put a {param+} segment only at the end of the "
                        "path"),
    ("GET /{id}/x/{id}", "Invalid configuration 'private-apis:serverlessRoutes': path '/{id}/x/{id}' uses the "
                         "parameter {id} twice. Fix: give each path parameter a distinct name"),
    ("GET /a app", "Invalid configuration 'private-apis:serverlessRoutes': handler 'app' is not 'module.function'. "
                   "Fix: name the Python function serving the route, e.g. app.get_entity"),
    ("GET /a app.1x", "Invalid configuration 'private-apis:serverlessRoutes': handler 'app.1x' is not "
                      "'module.function'. Fix: name the Python function serving the route, e.g. app.get_entity"),
])
def test_malformed_route(value: object, message: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_route(value, KEY)
    assert error(exc) == message


def test_empty_route_table() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_routes([], KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': no routes are defined. "
                          "Fix: list at least one route, e.g. 'GET /entities/{id}'")


def test_single_string_instead_of_list() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_routes("GET /entities", KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': expected a list of routes, got the "
                          "single string 'GET /entities'. Fix: set 'private-apis:serverlessRoutes' to a list such as "
                          "['GET /entities/{id}']")


def test_duplicate_route_even_with_other_case_or_handler() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_routes(["GET /entities app.list_entities", "get /entities app.handler"], KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': route 'GET /entities' is defined "
                          "twice. Fix: list each method and path once")


def test_same_path_with_different_methods_is_fine() -> None:
    routes = parse_routes(["GET /entities", "POST /entities", "ANY /entities"], KEY)
    assert [r.key for r in routes] == ["GET /entities", "POST /entities", "ANY /entities"]


def test_sibling_parameters_with_different_names() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_routes(["GET /entities/{id}", "DELETE /entities/{entityId}"], KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': paths under '/entities' use both "
                          "{entityId} and {id} at the same position. Fix: use one parameter name for that position "
                          "in every route")


def test_paths_that_would_share_a_resource_name() -> None:
    with pytest.raises(ConfigError) as exc:
        parse_routes(["GET /a-b", "GET /a/b"], KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': paths '/a-b' and '/a/b' map to the "
                          "same resource name 'a-b'. Fix: rename one of the path segments")


# --------------------------------------------------------------------------- resource tree


def test_resource_paths_share_prefixes_parents_first() -> None:
    routes = parse_routes(["GET /entities/{id}/tags", "GET /entities", "POST /orders", "GET /entities/{id}",
                           "ANY /"], KEY)
    assert resource_paths(routes) == ["/entities", "/orders", "/entities/{id}", "/entities/{id}/tags"]


# --------------------------------------------------------------------------- handler files


def test_handler_defined_in_the_repo_code() -> None:
    code = Path(__file__).resolve().parent.parent / "functions" / "entities"
    for handler in ("app.list_entities", "app.get_entity", "app.handler"):
        assert check_handler_defined(code, handler, KEY) == handler


def test_handler_module_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        check_handler_defined(tmp_path, "pkg.mod.run", KEY)
    assert error(exc) == (f"Invalid configuration 'private-apis:serverlessRoutes': handler 'pkg.mod.run' names a "
                          f"module that is not in {tmp_path}. Fix: add pkg/mod.py to the code directory or fix the "
                          "handler")


def test_handler_function_missing(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("def list_entities(event, context):\n    return {}\n")
    with pytest.raises(ConfigError) as exc:
        check_handler_defined(tmp_path, "app.get_entity", KEY)
    assert error(exc) == ("Invalid configuration 'private-apis:serverlessRoutes': handler 'app.get_entity': app.py "
                          "defines no function 'get_entity'. Fix: define get_entity(event, context) in app.py or fix "
                          "the handler")


def test_handler_in_a_package(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("handler = lambda event, context: {}\n")
    assert check_handler_defined(tmp_path, "svc.handler", KEY) == "svc.handler"


# --------------------------------------------------------------------------- the grammar module itself

_NO_PULUMI = """
import sys
sys.modules["pulumi"] = None  # an import of pulumi, direct or through another module, now fails
import components.route_grammar as grammar
loaded = [m for m, module in sys.modules.items() if module is not None and m.startswith("pulumi")]
assert not loaded, loaded
assert grammar.parse_path("/files/{proxy+}", "k") == "/files/{proxy+}"
try:
    grammar.parse_method("FETCH", "k")
except grammar.RouteSyntaxError as exc:
    print(exc)
"""


def test_grammar_imports_without_pulumi() -> None:
    # -S: no site-packages, so pulumi is not even installed; only the project and the standard library are on
    # the path. The subprocess also blocks the name, so a pulumi found elsewhere would fail the import too.
    done = subprocess.run([sys.executable, "-S", "-c", _NO_PULUMI], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Invalid configuration 'k': 'FETCH' is not an HTTP method API Gateway accepts. "
                                   "Fix: use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY")


def test_routes_and_grants_share_the_grammar() -> None:
    from components import grants, routes

    assert routes.METHODS == route_grammar.METHODS == (*grants.HTTP_METHODS, grants.ANY_METHOD)
    assert routes.path_segments is route_grammar.path_segments
    # The same mistake reads the same in a route table and in a grant.
    for value in ("/a//b", "/a/b*", "/{proxy+}/x"):
        with pytest.raises(ConfigError) as from_routes:
            routes.parse_path(value, KEY)
        with pytest.raises(ConfigError) as from_grants:
            grants.normalize_path(value, KEY)
        assert str(from_routes.value) == str(from_grants.value)
        assert type(from_routes.value) is type(from_grants.value) is ConfigError
    with pytest.raises(ConfigError) as from_routes:
        routes.parse_method("FETCH", KEY)
    with pytest.raises(ConfigError) as from_grants:
        grants.normalize_method("FETCH", KEY)
    assert str(from_routes.value) == str(from_grants.value)


def test_strict_and_lenient_paths() -> None:
    # Route tables: from the root, no trailing slash, each parameter once. Grants: slashes optional.
    assert route_grammar.parse_path("/", KEY) == "/"
    assert route_grammar.resource_path_segments(" /user/{id}/ ", KEY) == ("user", "{id}")
    assert route_grammar.resource_path_segments("/", KEY) == ()
    assert route_grammar.resource_path_segments("/{id}/x/{id}", KEY) == ("{id}", "x", "{id}")
    with pytest.raises(route_grammar.RouteSyntaxError, match=r"uses the parameter \{id\} twice"):
        route_grammar.parse_path("/{id}/x/{id}", KEY)
    assert route_grammar.arn_path(("files", "{proxy+}")) == "files/*"
    assert route_grammar.arn_method("ANY") == "*"
    assert (route_grammar.is_greedy("{proxy+}"), route_grammar.is_greedy("{id}"), route_grammar.is_greedy("a")) == \
        (True, False, False)
    assert route_grammar.split_route("GET  /a", KEY) == ("GET", "/a", None)
    assert route_grammar.split_route("GET /a app.x", KEY, handler=True) == ("GET", "/a", "app.x")
