"""Pulumi project and stack files: the program to run and the config it sees, as the CLI assembles it.

Config is layered like the CLI does it: defaults from the project's ``config:`` schema, then the
stack file ``Pulumi.<stack>.yaml``, then ``--config key=value`` overrides. Bare keys belong to the
project's namespace. Structured values reach the program as JSON. ``secure:`` values cannot be
decrypted without the stack's secrets provider, so they become a marked placeholder and a warning.
"""

from __future__ import annotations

import json
import os
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


@dataclass
class StackConfig:
    """The config a program run sees."""

    values: dict[str, str] = field(default_factory=dict)
    secret_keys: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)



def _read_yaml(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise EngineError(f"{path} is not valid YAML: {exc}") from None


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
    document = _read_yaml(path) or {}
    if not isinstance(document, dict) or not document.get("name"):
        raise EngineError(f"{path} has no project name. Fix: add 'name: <project>' to it.")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise EngineError(f"{path} declares runtime {runtime_name!r}; the offline engine runs Python programs only.")
    schema: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for key, spec in (document.get("config") or {}).items():
        if ":" in key and not key.startswith(f"{document['name']}:"):
            values[key] = spec.get("value") if isinstance(spec, dict) else spec
        else:
            bare = key.split(":", 1)[1] if ":" in key else key
            if isinstance(spec, dict) and ("type" in spec or "default" in spec or "description" in spec):
                schema[bare] = spec
            else:
                values[f"{document['name']}:{bare}"] = spec.get("value") if isinstance(spec, dict) else spec
    main = document.get("main") or ""
    return Project(
        name=str(document["name"]),
        directory=directory,
        main=os.path.join(directory, main) if main else directory,
        runtime="python",
        config_schema=schema,
        config_values=values,
        stack_config_dir=os.path.join(directory, document.get("stackConfigDir") or ""),
    )


def _qualify(project: Project, key: str) -> str:
    return key if ":" in key else f"{project.name}:{key}"


_SCHEMA_TYPES = {"string": str, "integer": int, "boolean": bool, "array": list}


def _check_type(project: Project, key: str, value: Any, source: str) -> None:
    if not key.startswith(f"{project.name}:"):
        return
    spec = project.config_schema.get(key.split(":", 1)[1])
    if not spec or "type" not in spec or value == SECRET_PLACEHOLDER:
        return
    expected = _SCHEMA_TYPES.get(spec["type"])
    ok = isinstance(value, expected) if expected else True
    if expected is int and isinstance(value, bool):
        ok = False
    if not ok and isinstance(value, str) and expected in (int, bool):
        ok = (expected is int and value.lstrip("-").isdigit()) or (expected is bool and value in ("true", "false"))
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


def load_stack_config(project: Project, stack: str, overrides: list[str] | None = None) -> StackConfig:
    """Assemble the config of ``stack``: schema defaults, the stack file, then ``key=value`` overrides."""
    result = StackConfig()
    merged: dict[str, Any] = {}
    for bare, spec in project.config_schema.items():
        if "default" in spec:
            merged[f"{project.name}:{bare}"] = spec["default"]
    merged.update(project.config_values)
    path = stack_file(project, stack)
    if not os.path.exists(path):
        raise EngineError(f"Stack '{stack}' has no config file {path}. Fix: create it (pulumi stack init {stack} "
                          "writes one) or pass --stack with an existing stack.")
    document = _read_yaml(path) or {}
    if not isinstance(document, dict):
        raise EngineError(f"{path} must be a mapping with a 'config:' section.")
    if document.get("environment"):
        result.warnings.append(f"{path} imports ESC environments; the offline engine does not resolve them")
    stack_values = document.get("config") or {}
    if not isinstance(stack_values, dict):
        raise EngineError(f"'config:' in {path} must be a mapping of keys to values.")
    for key, value in stack_values.items():
        full = _qualify(project, str(key))
        value, secret = _strip_secure(value, full, result.warnings)
        _check_type(project, full, value, path)
        merged[full] = value
        if secret:
            result.secret_keys.append(full)
    for item in overrides or []:
        if "=" not in item:
            raise EngineError(f"--config {item!r} is not key=value. Fix: write e.g. --config aws:region=eu-west-1.")
        key, raw = item.split("=", 1)
        full = _qualify(project, key.strip())
        value: Any = raw
        if raw[:1] in "[{":
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
        _check_type(project, full, value, "--config")
        merged[full] = value
    for bare, spec in project.config_schema.items():
        full = f"{project.name}:{bare}"
        if spec.get("secret") and full in merged and full not in result.secret_keys:
            result.secret_keys.append(full)
    result.values = {k: _encode(v) for k, v in merged.items() if v is not None}
    return result


def load_json_file(path: str, what: str) -> Any:
    """Read a JSON file given on the command line; errors name the flag's purpose."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise EngineError(f"Cannot read the {what} {path}: {exc.strerror}.") from None
    except ValueError as exc:
        raise EngineError(f"The {what} {path} is not valid JSON: {exc}.") from None
