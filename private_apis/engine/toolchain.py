"""The interpreter a program runs with, found as the CLI's Python language host finds it.

``runtime.options.toolchain`` of Pulumi.yaml picks pip, poetry or uv; left out, a ``uv.lock`` or ``poetry.lock`` in
the program's directory or above picks uv or poetry, else pip (pulumi/pulumi sdk/python/toolchain/toolchain.go,
``ResolveToolchain``). pip and uv use ``runtime.options.virtualenv`` relative to the project directory; uv without
it uses ``UV_PROJECT_ENVIRONMENT`` or the ``.venv`` next to the nearest ``uv.lock`` or ``pyproject.toml`` (uv.go,
``newUv``); poetry asks ``poetry env info --path`` (poetry.go, ``VirtualEnvPath``). The engine only previews, so it
never creates an environment: when poetry is not installed it looks where poetry keeps one (an in-project ``.venv``,
or its cache of ``<name>-<hash>-py<version>`` environments), and a named environment that does not exist is one
error naming the option and the fix. pip without a virtualenv, or with one not created yet, runs the engine's own
interpreter (for one not created yet, the preview warns).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from typing import Any

from private_apis.engine.errors import EngineError

TOOLCHAINS = ("pip", "poetry", "uv")


def _searchup(directory: str, name: str) -> str | None:
    current = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(current, name)):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _python(venv: str) -> str:
    return os.path.join(venv, "bin", "python")


def _toolchain(directory: str, options: Mapping[str, Any]) -> str:
    chosen = options.get("toolchain")
    if chosen is None:
        if _searchup(directory, "uv.lock"):
            return "uv"
        return "poetry" if _searchup(directory, "poetry.lock") else "pip"
    if chosen not in TOOLCHAINS:
        raise EngineError(f"runtime.options.toolchain in Pulumi.yaml is {chosen!r}. Fix: write one of pip, poetry "
                          "or uv, or leave it out.")
    return chosen


def _missing(toolchain: str, venv: str, fix: str) -> EngineError:
    return EngineError(f"The project's {toolchain} virtualenv {venv} does not exist (runtime.options in "
                       f"Pulumi.yaml). Fix: {fix}")


def _named_venv(directory: str, options: Mapping[str, Any]) -> str | None:
    venv = options.get("virtualenv")
    if venv is None or venv == "":
        return None
    if not isinstance(venv, str):
        raise EngineError(f"runtime.options.virtualenv in Pulumi.yaml is {venv!r}. Fix: write the virtualenv's path, "
                          "relative to the project directory, e.g. 'virtualenv: venv'.")
    return os.path.join(directory, venv)


def _uv_venv(directory: str, options: Mapping[str, Any]) -> str:
    named = _named_venv(directory, options)
    if named:
        return named
    project = _searchup(directory, "uv.lock") or _searchup(directory, "pyproject.toml") or directory
    env = os.environ.get("UV_PROJECT_ENVIRONMENT")
    return os.path.join(project, env) if env else os.path.join(project, ".venv")


def poetry_env_name(project_name: str, pyproject_dir: str) -> str:
    """The name poetry gives a project's environment in its cache (poetry's EnvManager.generate_env_name)."""
    sanitized = re.sub(r'[ $`!*@"\\\r\n\t]', "_", project_name.lower())[:42]
    cwd = os.path.normcase(os.path.realpath(pyproject_dir))
    digest = base64.urlsafe_b64encode(hashlib.sha256(cwd.encode()).digest()).decode()[:8]
    return f"{sanitized}-{digest}"


def _poetry_project_name(pyproject_dir: str) -> str | None:
    try:
        with open(os.path.join(pyproject_dir, "pyproject.toml"), "rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    def table(parent: object, key: str) -> dict:
        value = parent.get(key) if isinstance(parent, dict) else None
        return value if isinstance(value, dict) else {}

    name = table(table(document, "tool"), "poetry").get("name") or table(document, "project").get("name")
    # Poetry names the environment after the package's canonical name (packaging's canonicalize_name, PEP 503):
    # lower case, each run of "-", "_" and "." one "-".
    return re.sub(r"[-_.]+", "-", name).lower() if isinstance(name, str) else None


def _poetry_cache_dir() -> str:
    if os.environ.get("POETRY_VIRTUALENVS_PATH"):
        return os.environ["POETRY_VIRTUALENVS_PATH"]
    cache = os.environ.get("POETRY_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pypoetry")
    return os.path.join(cache, "virtualenvs")


def _poetry_venv(directory: str) -> str:
    poetry = shutil.which("poetry")
    if poetry:
        try:
            found = subprocess.run([poetry, "env", "info", "--path"], cwd=directory, capture_output=True, text=True,
                                   timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            found = None  # a poetry that cannot answer: look where it keeps environments instead
        if found is not None and found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    pyproject = _searchup(directory, "pyproject.toml") or directory
    candidates = [os.path.join(pyproject, ".venv")]
    name = _poetry_project_name(pyproject)
    if name:
        prefix = poetry_env_name(name, pyproject) + "-py"
        cache = _poetry_cache_dir()
        if os.path.isdir(cache):
            candidates += sorted((os.path.join(cache, e) for e in os.listdir(cache) if e.startswith(prefix)),
                                 reverse=True)
    for candidate in candidates:
        if os.path.exists(_python(candidate)):
            return candidate
    raise _missing("poetry", candidates[-1], "run `poetry install` in the project directory.")


def program_interpreter(directory: str, options: Mapping[str, Any]) -> str:
    """The interpreter the CLI would run the program in ``directory`` with, for ``runtime.options``."""
    toolchain = _toolchain(directory, options)
    if toolchain == "poetry":
        venv = _poetry_venv(directory)
    elif toolchain == "uv":
        venv = _uv_venv(directory, options)
    else:
        # A pip virtualenv that is named but not there yet (a fresh clone before `pulumi install`): the engine's
        # own interpreter, which has the SDK, runs the program, as before this module.
        venv = _named_venv(directory, options)
        return _python(venv) if venv and os.path.exists(_python(venv)) else sys.executable
    if not os.path.exists(_python(venv)):
        raise _missing(toolchain, venv, "run `uv sync` in the project directory." if toolchain == "uv" else
                       "run `poetry install` in the project directory.")
    return _python(venv)


def missing_virtualenv(directory: str, options: Mapping[str, Any]) -> str | None:
    """The pip virtualenv ``runtime.options`` names when it does not exist: the engine's interpreter then runs the
    program, and the preview says so (its packages may not be the ones the program pins)."""
    if _toolchain(directory, options) != "pip":
        return None
    venv = _named_venv(directory, options)
    return venv if venv and not os.path.exists(_python(venv)) else None


def activated_environment(python: str, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with the interpreter's virtualenv activated, as the language host runs the program: its bin
    first on PATH, VIRTUAL_ENV set, PYTHONHOME removed (toolchain.go, ``ActivateVirtualEnv``)."""
    env = dict(environ)
    venv = os.path.dirname(os.path.dirname(python))
    if python == sys.executable or not os.path.exists(os.path.join(venv, "pyvenv.cfg")):
        return env
    env.pop("PYTHONHOME", None)
    env["VIRTUAL_ENV"] = venv
    env["PATH"] = os.pathsep.join([os.path.join(venv, "bin"), env.get("PATH", "")])
    return env
