"""Which packages' resources the offline engine can answer, and one message naming the package for the rest.

The engine answers for ``aws`` and for the providers whose resources are plain values computed from their inputs
(random, tls, archive, command: ``aws_mocks_plain.py``). Any other provider (docker, mysql, kubernetes, ...) would
need its plugin, and a multi-language component (``remote=True``: awsx's ``awsx:ec2:Vpc``, eks's
``eks:index:Cluster``) is built by its provider plugin, not by Python code in the program's environment: the
package's Python SDK only sends the component's inputs to the engine (sdk/python/lib/pulumi/resource.py,
``ComponentResource(..., remote=True)``). Both stop the run with the package named and the ``--mocks`` fix, unless
the mocks file gives the type's outputs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from private_apis.engine.errors import EngineError

ANSWERED = frozenset({"aws", "pulumi", "random", "tls", "archive", "command", "pulumi-python"})
"""Packages whose custom resources the mocks answer. ``pulumi-python`` is the SDK's dynamic provider
(sdk/python/lib/pulumi/dynamic/dynamic.py), whose resources a preview only checks: their outputs are their inputs."""


class UnsupportedPackage(EngineError):
    """A resource of a package the offline engine cannot emulate, with no outputs in the mocks file."""


def package_of(token: str) -> str:
    return token.split(":", 1)[0]


def _mocks_example(token: str, output: str = "id") -> str:
    return json.dumps({"resources": {token: {output: "..."}}})


def check_custom_resource(token: str, overrides: Mapping[str, Any], verb: str = "creates") -> None:
    """Refuse a custom resource of a provider the engine does not emulate (unless ``--mocks`` gives its outputs);
    ``verb`` says what the program does with it (``creates``, ``reads``)."""
    package = package_of(token)
    if package in ANSWERED or token in overrides:
        return
    raise UnsupportedPackage(
        f"The program {verb} {token}, a resource of the package '{package}' (pulumi_{package.replace('-', '_')}), "
        f"whose provider the offline engine does not emulate. Fix: give its outputs in a mocks file and pass "
        f"--mocks FILE, for example {_mocks_example(token)}.")


def check_remote_component(token: str, remote: bool, overrides: Mapping[str, Any]) -> None:
    """Refuse a multi-language component, which only its provider plugin can build (unless ``--mocks`` answers)."""
    if not remote or token in overrides:
        return
    package = package_of(token)
    raise UnsupportedPackage(
        f"The program uses {token}, a multi-language component of the package '{package}' "
        f"(pulumi_{package.replace('-', '_')}): its provider plugin builds its resources, and the offline engine "
        f"cannot run plugins. Fix: give the component's outputs in a mocks file and pass --mocks FILE, for example "
        f"{_mocks_example(token, '<output>')} (the resources "
        "it would create are then not previewed).")
