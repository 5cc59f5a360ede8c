"""Typed reads of the stack config, and the checks on which keys were given at all.

Integers are ASCII digits and booleans exactly true or false; an undeclared ``private-apis:`` key or an
``aws:`` key the provider does not read fails with the nearest declared one. Every mistake is a
:class:`~components.errors.ConfigError` naming the full key (``private-apis:vpcCidr``) and the fix.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime.config as runtime_config
import pulumi_aws as aws
import yaml

from components import validation
from components.errors import ConfigError

PROJECT = "private-apis"


def key(name: str) -> str:
    """The fully qualified config key, as users write it in Pulumi.<stack>.yaml."""
    return f"{PROJECT}:{name}"


_ASCII_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)


def _has_other_digits(raw: str) -> bool:
    return any(char.isdigit() and not char.isascii() for char in raw)


class Reader:
    """Typed reads that turn config type errors into ConfigErrors naming the key.

    Integers are ASCII digits with an optional leading minus and booleans exactly true or false: stricter than
    pulumi.Config, which takes whatever Python's int() takes and also True and False.
    """

    def __init__(self, config: pulumi.Config) -> None:
        self._config = config

    def str(self, name: str, default: str | None = None) -> str | None:
        value = self._config.get(name)
        return default if value is None else value

    def int(self, name: str, default: int) -> int:
        raw = self._config.get(name)
        if raw is None:
            return default
        if not _ASCII_INTEGER.fullmatch(raw):
            # int() also reads Arabic-Indic or fullwidth digits, " 3", "+3" and "3_0"; config must mean what it shows.
            problem = f"'{raw}' is not a whole number" + (" in the digits 0-9" if _has_other_digits(raw) else "")
            raise ConfigError(key(name), problem, f"set '{key(name)}' to a number, e.g. {default}")
        return int(raw)

    def bool(self, name: str, default: bool) -> bool:
        raw = self._config.get(name)
        if raw is None:
            return default
        if raw not in ("true", "false"):
            raise ConfigError(key(name), f"'{raw}' is not true or false", f"set '{key(name)}' to true or false")
        return raw == "true"

    def is_set(self, name: str) -> bool:
        """Whether the stack (or Pulumi.yaml's default, which the CLI passes) gives ``name`` a value."""
        return self._config.get(name) is not None

    def value(self, kind: str, name: str, default: Any) -> Any:
        """The value of ``name`` read as ``kind`` (see :data:`components.config_fields.KINDS`), or ``default``.

        A default of None means "unset": an empty string then reads as None too, a list stays None until set.
        """
        if kind == "str":
            text = self.str(name)
            return default if text is None or (text == "" and default is None) else text
        if kind == "int":
            return self.int(name, default)
        if kind == "float":
            return float(self.int(name, int(default)))
        if kind == "bool":
            return self.bool(name, default)
        if default is None and self._config.get(name) is None:
            return None
        return tuple(self.list(name, list(default or ())))

    def list(self, name: str, default: list[Any]) -> list[Any]:
        try:
            value = self._config.get_object(name)
        except pulumi.ConfigTypeError:
            raise ConfigError(key(name), f"'{self._config.get(name)}' is not a list",
                              f"set '{key(name)}' to a YAML list") from None
        if value is None:
            return list(default)
        if not isinstance(value, list):
            raise ConfigError(key(name), f"{value!r} is not a list", f"set '{key(name)}' to a YAML list")
        return value


# --- keys and region ---------------------------------------------------------------------------


def declared_keys() -> frozenset[str] | None:
    """The bare config keys Pulumi.yaml declares, or None when the project file cannot be found.

    The program runs with the project directory as cwd under the CLI and the offline engine alike; the project
    is also found next to this package, so a test run from elsewhere checks the same keys.
    """
    for directory in (Path(__file__).resolve().parent.parent, Path.cwd()):
        with contextlib.suppress(OSError, yaml.YAMLError):
            project = yaml.safe_load((directory / "Pulumi.yaml").read_text(encoding="utf-8"))
            if isinstance(project, dict) and project.get("name") == PROJECT:
                names = [str(name) for name in project.get("config") or {}]
                return frozenset(name.removeprefix(f"{PROJECT}:") for name in names
                                 if ":" not in name or name.startswith(f"{PROJECT}:"))
    return None


def given_config_keys() -> set[str]:
    """Every config key the program was given.

    The CLI has accepted undeclared project keys since v3.45.0, so only the program can catch a typo. The CLI's
    language host passes config in PULUMI_CONFIG (and copies it into the SDK's config map); the mock runtime and
    Automation API programs fill the map with set_all_config. Either source may be missing.
    """
    keys: set[str] = set()
    with contextlib.suppress(ValueError, TypeError):
        keys.update(pulumi.runtime.get_config_env())
    with contextlib.suppress(AttributeError, LookupError, TypeError):
        keys.update(runtime_config.CONFIG.get())
    return keys


@dataclass(frozen=True)
class _Namespace:
    """A config namespace whose keys are all known, and how messages name who declares them."""

    prefix: str
    declared_by: str
    listed_in: str


_PROJECT_NAMESPACE = _Namespace(PROJECT, "declared in Pulumi.yaml", "the keys declared in the config section of "
                                "Pulumi.yaml")
_AWS_NAMESPACE = _Namespace("aws", "read by the AWS provider", "the AWS provider's configuration keys, such as "
                            "aws:region or aws:profile")


def check_unknown_keys(given: Iterable[str], declared: Iterable[str], namespace: _Namespace = _PROJECT_NAMESPACE
                       ) -> None:
    """Reject a key of ``namespace`` that is not in ``declared`` (bare names), suggesting the nearest one; keys of
    other namespaces are left alone."""
    declared = set(declared)
    for full in sorted(given):
        ns, _, name = full.partition(":")
        if ns != namespace.prefix or name in declared:
            continue
        nearest = validation.nearest_name(name, declared)
        if nearest is not None:
            suggestion = f"{namespace.prefix}:{nearest}"
            raise ConfigError(full, f"no such key is {namespace.declared_by} (did you mean '{suggestion}'?)",
                              f"rename it to '{suggestion}' in the stack file or -c, or remove it")
        raise ConfigError(full, f"no such key is {namespace.declared_by}, so it would be ignored",
                          f"remove it, or use one of {namespace.listed_in}")


def aws_provider_keys() -> frozenset[str]:
    """The ``aws:`` config keys the provider reads, in camelCase as users write them.

    pulumi_aws.config is generated from the provider schema's config section, one property per key named in
    snake_case (s3_us_east1_regional_endpoint is aws:s3UsEast1RegionalEndpoint), so the list follows the
    installed provider version.
    """
    from pulumi_aws.config import vars as generated  # importing the lazy package through its submodule loads it

    exported = generated._ExportableConfig
    return frozenset(_camel_case(name) for name, member in vars(exported).items() if isinstance(member, property))


def _camel_case(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def check_given_keys() -> None:
    """Refuse unknown project keys and unknown aws: keys, each with the nearest known one."""
    given = given_config_keys()
    declared = declared_keys()
    if declared is not None:
        check_unknown_keys(given, declared)
    # The provider itself refuses an unknown aws: key, but only once its default provider is configured, mid-run,
    # and never for explicit providers (pulumi/pulumi-aws#3360): caught here, before any resource, with the nearest.
    check_unknown_keys(given, aws_provider_keys(), _AWS_NAMESPACE)


REGION_KEY = "aws:region"
SKIP_REGION_VALIDATION_KEY = "aws:skipRegionValidation"


def load_region() -> str | None:
    """aws:region, validated; None when unset (the provider then takes AWS_REGION or the profile's region).

    The region must be one pulumi_aws.Region lists unless aws:skipRegionValidation is true. The provider skips
    its own check by default (skipRegionValidation defaults to true in pulumi_aws), so a typo such as eu-west-9
    would otherwise surface only when the first AWS call fails to reach the endpoint.
    """
    config = pulumi.Config("aws")
    value = config.get("region")
    if value is None:
        return None
    known = [region.value for region in aws.Region]
    region = validation.check_region(value, REGION_KEY, known)
    if config.get("skipRegionValidation") == "true":
        return region
    return validation.check_known_region(region, REGION_KEY, known, SKIP_REGION_VALIDATION_KEY)
