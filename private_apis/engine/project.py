"""Pulumi project and stack files: the program to run and the config it sees, as the CLI assembles it.

Config is layered like the CLI does it: defaults from the project's ``config:`` schema, then the
stack file ``Pulumi.<stack>.yaml``, then ``--config key=value`` overrides. Bare keys belong to the
project's namespace. Structured values reach the program as JSON. ``secure:`` values cannot be
decrypted without the stack's secrets provider, so they become a marked placeholder and a warning.
A project key that ``config:`` declares with neither a default nor a value must be set by the stack file or
``--config``, or the stack is refused before the program runs, as the CLI refuses it.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from private_apis.engine.errors import EngineError

SECRET_PLACEHOLDER = "[secret: not decryptable offline]"


@dataclass(frozen=True)
class Project:
    """What Pulumi.yaml says about the program."""

    name: str
    directory: str
    main: str
    runtime: str
    config_schema: dict[str, Any]
    """Project-namespace keys with a schema (type, default, ...) keyed by bare name."""
    config_values: dict[str, Any]
    """Fully qualified keys given as plain values in Pulumi.yaml (e.g. provider config)."""
    stack_config_dir: str
    runtime_options: dict[str, Any] = field(default_factory=dict)
    """``runtime.options`` (``virtualenv``, ``toolchain``, ...)."""


@dataclass
class StackConfig:
    """The config a program run sees."""

    values: dict[str, str] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)



MAX_NODES = 200_000
"""Values a config or mocks file may hold in all: YAML aliases can make a small file expand without bound."""
MAX_DEPTH = 64


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def read_yaml(path: str, what: str = "file") -> Any:
    """A YAML file as plain, acyclic data; every way it can be malformed is one EngineError naming it."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except OSError as exc:
        raise EngineError(f"Cannot read the {what} {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise EngineError(f"The {what} {path} is not UTF-8 text. Fix: save it as UTF-8.") from None
    except yaml.YAMLError as exc:
        raise EngineError(f"The {what} {path} is not valid YAML: {_one_line(exc)}. Fix: correct the YAML.") from None
    except RecursionError:
        raise EngineError(f"The {what} {path} is nested too deeply to read. Fix: flatten it.") from None
    except ValueError as exc:
        # PyYAML builds dates and integers itself: '2020-13-45', or an integer of more digits than Python converts.
        raise EngineError(f"The {what} {path} holds a value YAML cannot convert ({_one_line(exc)}). Fix: quote it as "
                          "a string.") from None
    check_plain_data(document, path, what)
    return document


def read_mapping(path: str, what: str) -> Any:
    """A YAML file that should hold a mapping: an empty file is an empty one; anything else is returned as it is
    for the caller to reject with its own fix (a file holding ``0`` or ``[]`` is not an empty mapping)."""
    document = read_yaml(path, what)
    return {} if document is None else document


_PLAIN_TYPES = (dict, list, str, int, float, bool, type(None))
_LARGEST_NUMBER = 2**63
"""Config and pack config travel as protobuf numbers (doubles); larger integers lose digits or cannot convert."""


def _kind(item: Any) -> str:
    if isinstance(item, (int, float)):
        return f"the number {str(item)[:20]}{'...' if len(str(item)) > 20 else ''}"
    return {"date": "a date", "datetime": "a timestamp", "bytes": "binary data", "set": "a set"}.get(
        type(item).__name__, f"a {type(item).__name__}")


def check_plain_data(value: Any, path: str, what: str) -> None:
    """Refuse self-referencing, absurdly deep or huge documents before anything walks them."""
    count = 0
    stack: list[tuple[Any, int, frozenset[int]]] = [(value, 0, frozenset())]
    while stack:
        item, depth, ancestors = stack.pop()
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            raise EngineError(f"The {what} {path} is too large or nested too deeply (more than {MAX_NODES} values or "
                              f"{MAX_DEPTH} levels). Fix: shorten it.")
        if not isinstance(item, _PLAIN_TYPES) or (isinstance(item, float) and not math.isfinite(item)) or (
                isinstance(item, int) and not isinstance(item, bool) and abs(item) > _LARGEST_NUMBER):
            raise EngineError(f"The {what} {path} holds {_kind(item)}, which config and JSON have no form for. Fix: "
                              "quote the value as a string.")
        if isinstance(item, dict) and not all(isinstance(k, (str, int, bool)) for k in item):
            raise EngineError(f"The {what} {path} has a key that is not a string (a date, a list, null...). Fix: "
                              "quote the key.")
        if isinstance(item, (dict, list)):
            if id(item) in ancestors:
                raise EngineError(f"The {what} {path} refers to itself (a YAML alias inside its own anchor). Fix: "
                                  "write the value out instead of the alias.")
            inner = ancestors | {id(item)}
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1, inner) for child in children)


def load_project(directory: str) -> Project:
    """Read Pulumi.yaml (or .yml) from ``directory``."""
    directory = os.path.abspath(directory)
    if not os.path.isdir(directory):
        raise EngineError(f"--cwd {directory} is not a directory. Fix: point --cwd at a Pulumi project directory.")
    for candidate in ("Pulumi.yaml", "Pulumi.yml"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            break
    else:
        raise EngineError(f"No Pulumi.yaml in {directory}. Fix: run from a Pulumi project directory or pass "
                          "--cwd DIR.")
    document = read_mapping(path, "project file")
    if not isinstance(document, dict) or not document.get("name") or not isinstance(document["name"], (str, int)):
        raise EngineError(f"{path} has no project name. Fix: add 'name: <project>' to it.")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise EngineError(f"{path} declares runtime {runtime_name!r}; the offline engine runs Python programs only.")
    options = runtime.get("options") if isinstance(runtime, dict) else None
    if options is not None and not isinstance(options, dict):
        raise EngineError(f"'runtime.options' in {path} must be a mapping. Fix: write e.g. 'options: {{virtualenv: "
                          "venv}'.")
    schema: dict[str, Any] = {}
    values: dict[str, Any] = {}
    declared = document.get("config") or {}
    if not isinstance(declared, dict):
        raise EngineError(f"'config:' in {path} must be a mapping of keys to their schema or value.")
    for key, spec in declared.items():
        key = str(key)
        if ":" in key and not key.startswith(f"{document['name']}:"):
            _check_foreign_key(path, key, spec)
            values[key] = spec.get("value") if isinstance(spec, dict) else spec
        else:
            bare = key.split(":", 1)[1] if ":" in key else key
            if isinstance(spec, dict) and set(spec) & {"type", "default", "description", "secret", "items"}:
                schema[bare] = spec
            else:
                values[f"{document['name']}:{bare}"] = spec.get("value") if isinstance(spec, dict) else spec
    main = document.get("main") or ""
    if not isinstance(main, str) or not isinstance(document.get("stackConfigDir") or "", str):
        raise EngineError(f"'main' and 'stackConfigDir' in {path} must be paths (strings).")
    return Project(
        name=str(document["name"]),
        directory=directory,
        main=os.path.join(directory, main) if main else directory,
        runtime="python",
        config_schema=schema,
        config_values=values,
        stack_config_dir=os.path.join(directory, document.get("stackConfigDir") or ""),
        runtime_options=dict(options or {}),
    )


def _check_foreign_key(path: str, key: str, spec: Any) -> None:
    """A key of another namespace (``aws:region``) in Pulumi.yaml is a value, never a schema: the CLI refuses the
    file when it declares a type or a default, or gives no value (pulumi/pulumi sdk/go/common/workspace/project.go,
    ``Validate``: "Configuration key '%v' is not namespaced by the project and should not define a default value")."""
    if not isinstance(spec, dict):
        return
    example = f"'{key}: {{value: ...}}' in {path}, or set {key} in the stack file"
    for attribute in ("type", "default"):
        if attribute in spec:
            raise EngineError(f"{path} declares config key '{key}' with a {attribute}, but a key outside the project's "
                              f"namespace takes only a value (the Pulumi CLI refuses this file). Fix: write {example}.")
    if "value" not in spec:
        raise EngineError(f"{path} declares config key '{key}' without a value; a key outside the project's namespace "
                          f"must give one (the Pulumi CLI refuses this file). Fix: write {example}.")


def _qualify(project: Project, key: str) -> str:
    return key if ":" in key else f"{project.name}:{key}"


_SCHEMA_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list}
# str.isdigit and int() accept the digits of every script (Arabic-Indic, full-width); config integers are ASCII.
_ASCII_INTEGER = re.compile(r"-?[0-9]+")


def _check_type(project: Project, key: str, value: Any, source: str) -> None:
    if not key.startswith(f"{project.name}:"):
        return
    spec = project.config_schema.get(key.split(":", 1)[1])
    if not spec or "type" not in spec or value == SECRET_PLACEHOLDER:
        return
    if not isinstance(spec["type"], str) or spec["type"] not in (*_SCHEMA_TYPES, "object", "number"):
        raise EngineError(f"Pulumi.yaml declares config key '{key}' with type {spec['type']!r}. Fix: use one of "
                          "string, integer, boolean, array, object.")
    expected = _SCHEMA_TYPES.get(spec["type"])
    ok = isinstance(value, expected) if expected else True
    if expected is int and isinstance(value, bool):
        ok = False
    if not ok and isinstance(value, str) and expected in (int, bool):
        ok = (expected is int and _ASCII_INTEGER.fullmatch(value) is not None) or (
            expected is bool and value in ("true", "false"))
    if not ok:
        raise EngineError(f"Config key '{key}' in {source} is {value!r}, but Pulumi.yaml declares it as "
                          f"{spec['type']}. Fix: give it a {spec['type']} value.")


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def _strip_secure(value: Any, key: str, warnings: list[str]) -> tuple[Any, bool]:
    """Replace ``{secure: ...}`` anywhere in a value by the placeholder; report whether any was found."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        warnings.append(f"config '{key}' is a secret encrypted for the stack's secrets provider; the offline "
                        f"engine cannot decrypt it and uses the placeholder {SECRET_PLACEHOLDER!r}")
        return SECRET_PLACEHOLDER, True
    if isinstance(value, dict):
        out, found = {}, False
        for k, v in value.items():
            out[k], f = _strip_secure(v, key, warnings)
            found = found or f
        return out, found
    if isinstance(value, list):
        items, found = [], False
        for v in value:
            item, f = _strip_secure(v, key, warnings)
            items.append(item)
            found = found or f
        return items, found
    return value, False


def stack_file(project: Project, stack: str) -> str:
    return os.path.join(project.stack_config_dir, f"Pulumi.{stack}.yaml")


def read_stack_config(project: Project, stack: str, overrides: list[str] | None = None) -> StackConfig:
    """Assemble the config of ``stack``: schema defaults, the stack file, then ``key=value`` overrides."""
    result = StackConfig()
    merged: dict[str, Any] = {}
    for bare, spec in project.config_schema.items():
        if spec.get("default") is not None:
            merged[f"{project.name}:{bare}"] = spec["default"]
        elif spec.get("value") is not None:
            merged[f"{project.name}:{bare}"] = spec["value"]
    merged.update(project.config_values)
    path = stack_file(project, stack)
    if not os.path.exists(path):
        raise EngineError(f"Stack '{stack}' has no config file {path}. Fix: create it (pulumi stack init {stack} "
                          "writes one) or pass --stack with an existing stack.")
    document = read_mapping(path, "stack file")
    if not isinstance(document, dict):
        raise EngineError(f"The stack file {path} must be a mapping with a 'config:' section.")
    if document.get("environment"):
        result.warnings.append(f"{path} imports ESC environments; the offline engine does not resolve them")
    given: list[str] = []
    stack_values = document.get("config") or {}
    if not isinstance(stack_values, dict):
        raise EngineError(f"'config:' in {path} must be a mapping of keys to values.")
    for key, value in stack_values.items():
        full = _qualify(project, str(key))
        value, secret = _strip_secure(value, full, result.warnings)
        _check_type(project, full, value, path)
        merged[full] = value
        given.append(full)
        if secret:
            result.secret_keys.append(full)
    for item in overrides or []:
        if "=" not in item:
            raise EngineError(f"--config {item!r} is not key=value. Fix: write e.g. --config aws:region=eu-west-1.")
        key, raw = item.split("=", 1)
        if not key.strip():
            raise EngineError(f"--config {item!r} has no key. Fix: write e.g. --config aws:region=eu-west-1.")
        full = _qualify(project, key.strip())
        value: Any = raw
        if raw[:1] in "[{":
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
        _check_type(project, full, value, "--config")
        merged[full] = value
        given.append(full)
    result.warnings.extend(_undeclared_key_warnings(project, given))
    _check_required_keys(project, stack, path, given, result.warnings if document.get("environment") else None)
    for bare, spec in project.config_schema.items():
        full = f"{project.name}:{bare}"
        if spec.get("secret") and full in merged and full not in result.secret_keys:
            result.secret_keys.append(full)
    result.values = {k: _encode(v) for k, v in merged.items() if v is not None}
    return result


def required_keys(project: Project) -> list[str]:
    """Project keys that Pulumi.yaml declares with neither a default nor a value: every stack must set them."""
    return sorted(f"{project.name}:{bare}" for bare, spec in project.config_schema.items()
                  if spec.get("default") is None and spec.get("value") is None)


def _quoted(keys: list[str]) -> str:
    quoted = [f"'{key}'" for key in keys]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _check_required_keys(project: Project, stack: str, path: str, given: list[str],
                         environment_warnings: list[str] | None) -> None:
    """Refuse the stack, before the program runs, when it leaves a required project key unset, as the CLI does
    (pulumi/pulumi sdk/go/common/workspace/config.go, ``mergeConfig``: a key of the project's namespace declared
    without a default or value and absent from the stack's config fails the update with "Stack '<stack>' is missing
    configuration value '<key>'"; keys of other namespaces are never required). A ``secure:`` value is a value. A
    stack that imports ESC environments may get the key from them, which the engine cannot see: then only a warning.
    """
    missing = [key for key in required_keys(project) if key not in given]
    if not missing:
        return
    values = "value" if len(missing) == 1 else "values"
    if environment_warnings is not None:
        environment_warnings.append(f"Pulumi.yaml declares {_quoted(missing)} without a default and {path} does not "
                                    "set it; it must come from the stack's ESC environments")
        return
    example = missing[0]
    secret = "--secret " if project.config_schema[example.split(":", 1)[1]].get("secret") else ""
    it, each = ("it", "it") if len(missing) == 1 else ("them", "each")
    raise EngineError(f"Stack '{stack}' is missing configuration {values} {_quoted(missing)}: Pulumi.yaml declares "
                      f"{it} without a default and neither {path} nor --config sets {it} (the Pulumi CLI refuses the "
                      f"stack too). Fix: set {each} in the stack file (pulumi config set {secret}{example} VALUE), "
                      f"pass --config {example}=VALUE, or give {each} a default in Pulumi.yaml.")


def _undeclared_key_warnings(project: Project, given: list[str]) -> list[str]:
    """The CLI accepts project keys that Pulumi.yaml does not declare (since v3.45.0), so this only warns; a project
    that declares none has no schema to compare with."""
    if not project.config_schema:
        return []
    warnings = []
    prefix = f"{project.name}:"
    declared = list(project.config_schema)
    for full in dict.fromkeys(given):
        bare = full[len(prefix):] if full.startswith(prefix) else None
        if bare is None or bare in project.config_schema:
            continue
        lowered = {k.lower(): k for k in declared}
        near = difflib.get_close_matches(bare.lower(), list(lowered), n=1, cutoff=0.75)
        hint = f"; did you mean '{prefix}{lowered[near[0]]}'?" if near else ""
        warnings.append(f"config '{full}' is not declared in Pulumi.yaml, so the program may ignore it{hint}")
    return warnings


def load_json_file(path: str, what: str) -> Any:
    """Read a JSON file given on the command line; errors name the flag's purpose."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle, parse_constant=_refuse_constant)
    except OSError as exc:
        raise EngineError(f"Cannot read the {what} {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise EngineError(f"The {what} {path} is not UTF-8 text. Fix: save it as UTF-8.") from None
    except RecursionError:
        raise EngineError(f"The {what} {path} is nested too deeply to read. Fix: flatten it.") from None
    except ValueError as exc:
        raise EngineError(f"The {what} {path} is not valid JSON: {_one_line(exc)}. Fix: correct the JSON.") from None
    return document


def _refuse_constant(name: str) -> Any:
    # json reads NaN and Infinity, which JSON does not have and protobuf cannot carry.
    raise ValueError(f"{name} is not a JSON number")


def load_mocks_file(path: str) -> dict[str, dict[str, Any]]:
    """``--mocks FILE``: ``{"calls": {token: object}, "resources": {type: object}}``, checked for shape."""
    document = load_json_file(path, "mocks file")
    example = '{"calls": {"aws:ec2/getVpc:getVpc": {"id": "vpc-0123456789abcdef0"}}, "resources": {}}'
    if not isinstance(document, dict) or set(document) - {"calls", "resources"}:
        raise EngineError(f"The mocks file {path} must be a JSON object with only 'calls' and 'resources'. Fix: "
                          f"write e.g. {example}.")
    for section, what in (("calls", "a data source token to its result"), ("resources", "a resource type to the "
                                                                            "outputs to add")):
        entries = document.get(section)
        if entries is None:
            continue
        if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
            raise EngineError(f"'{section}' in the mocks file {path} must map {what}, each a JSON object. Fix: "
                              f"write e.g. {example}.")
    for token, outputs in (document.get("resources") or {}).items():
        if "id" in outputs and not (isinstance(outputs["id"], str) and outputs["id"]):
            raise EngineError(f"The mocks file {path} gives {token!r} the id {outputs['id']!r}; ids are non-empty "
                              'strings. Fix: write e.g. "id": "vpc-0123456789abcdef0".')
    check_plain_data(document, path, "mocks file")
    return document


def load_pack_config_file(path: str) -> dict[str, Any]:
    """``--policy-pack-config FILE``: the CLI's JSON object of policy names (or ``all``) to a level or settings."""
    document = load_json_file(path, "policy pack config file")
    check_plain_data(document, path, "policy pack config file")
    if not isinstance(document, dict):
        raise EngineError(f"The policy pack config file {path} must be a JSON object of policy names to a level or "
                          'settings. Fix: write e.g. {"all": "mandatory", "some-policy": {"enforcementLevel": '
                          '"advisory"}}.')
    return document
