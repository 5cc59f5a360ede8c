"""The args classes are the config schema: every key in Pulumi.yaml is one field, with the same type and default.

The CLI passes Pulumi.yaml's default for a key the stack file leaves out, while a library user of the args class
gets the field's default: the two must be the same value, or a stack would behave differently under the CLI than
its args class documents. Plain tests: no program runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.apigateway_account import ApiGatewayLoggingArgs
from components.config_fields import all_settings, section, setting
from components.config_reader import Reader
from components.errors import ConfigError
from components.network import PrivateNetworkArgs
from components.stack_config import build_args, config_keys, declared_settings, renamed
from components.topologies import SPECS, TOPOLOGIES

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))["config"]
YAML_TYPES = {"str": "string", "int": "integer", "float": "integer", "bool": "boolean", "list": "array"}
SETTINGS = {s.key: s for cls in (PrivateNetworkArgs, ApiGatewayLoggingArgs, *(spec.args_class for spec in SPECS))
            for s in all_settings(cls)}


class FakeConfig:
    """What pulumi.Config offers the reader, over plain values as the CLI passes them (strings, JSON for lists)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = {name: value if isinstance(value, str) else json.dumps(value) for name, value in values.items()}

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def get_object(self, name: str) -> Any:
        raw = self._values.get(name)
        return None if raw is None else json.loads(raw)


def test_every_declared_key_is_a_field_and_every_field_is_declared() -> None:
    assert set(SCHEMA) - {"topologies"} == set(SETTINGS)
    assert set(declared_settings()) == set(SETTINGS)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_the_declared_type_is_how_the_field_reads(name: str) -> None:
    assert SCHEMA[name]["type"] == YAML_TYPES[SETTINGS[name].kind]
    assert SCHEMA[name].get("description")


@pytest.mark.parametrize("name", sorted(k for k in SETTINGS if "default" in SCHEMA[k]))
def test_the_pulumi_yaml_default_is_the_field_default(name: str) -> None:
    setting_ = SETTINGS[name]
    read = Reader(FakeConfig({name: SCHEMA[name]["default"]}))
    value = read.value(setting_.kind, name, setting_.default)
    if setting_.item is not None and value is not None:
        value = tuple(setting_.item(element, setting_.field.name) for element in value)
    assert value == setting_.default


def test_every_key_has_a_default() -> None:
    # The CLI validates each stack's config against the project's config schema and refuses a stack that gives no
    # value for a declared key without a default (Pulumi docs, "Configuration", project-level configuration), so a
    # key left out of one stack file would stop its `pulumi up`; the offline engine enforces the same rule.
    # Where unset has a meaning, the default says it with a sentinel (serverlessClientCidrs: [vpc]).
    assert [k for k in SCHEMA if "default" not in SCHEMA[k]] == []
    assert SETTINGS["serverlessClientCidrs"].default == ("vpc",)


def test_the_topology_default_is_the_registry() -> None:
    assert tuple(SCHEMA["topologies"]["default"]) == TOPOLOGIES


# --- the generic reader on a small args class ------------------------------------------------------------------


@dataclass(frozen=True)
class Inner:
    size: int = setting("size", 3)
    label: str = setting("label", "x")

    def __post_init__(self) -> None:
        if self.size > 9:
            raise ConfigError("size", f"{self.size} is too big", "set 'size' to 9 or less")


@dataclass(frozen=True)
class Outer:
    port: int = setting("demoPort", 80)
    name: str | None = setting("demoName", None, kind="str")
    ranges: tuple[str, ...] | None = setting("demoRanges", None, kind="list")
    names: tuple[str, ...] = setting("demoNames", (), item=lambda value, key: str(value).upper())
    inner: Inner = section(Inner, "demo", only=("size",))
    placement: object = None

    def __post_init__(self) -> None:
        if self.port == 22:
            raise ConfigError("port", "22 is for SSH", "set 'port' to another port; 'ranges[0]' is unchanged")


def build(values: dict[str, Any], **given: Any) -> Outer:
    return build_args(Outer, Reader(FakeConfig(values)), **given)


def test_unset_keys_take_the_field_defaults() -> None:
    assert build({}) == Outer()


def test_values_are_read_by_kind_and_converted() -> None:
    built = build({"demoPort": "8080", "demoName": "api", "demoRanges": ["10.0.0.0/8"], "demoNames": ["a", "b"],
                   "demoSize": "4", "demoLabel": "ignored: not in only"}, placement="given")
    assert built == Outer(8080, "api", ("10.0.0.0/8",), ("A", "B"), Inner(4), "given")


def test_an_empty_string_is_unset_for_optional_text_and_an_empty_list_is_not() -> None:
    assert build({"demoName": "", "demoRanges": []}) == Outer(ranges=())


def test_errors_name_config_keys_also_of_sections() -> None:
    with pytest.raises(ConfigError) as caught:
        build({"demoPort": "22"})
    assert str(caught.value) == ("Invalid configuration 'private-apis:demoPort': 22 is for SSH. Fix: set "
                                 "'private-apis:demoPort' to another port; 'private-apis:demoRanges[0]' is unchanged")
    with pytest.raises(ConfigError) as caught:
        build({"demoSize": "10"})
    assert caught.value.key == "private-apis:demoSize"
    assert "'private-apis:demoSize' to 9" in caught.value.fix


def test_config_keys_cover_sections_by_path() -> None:
    assert config_keys(Outer) == {"port": "private-apis:demoPort", "name": "private-apis:demoName",
                                  "ranges": "private-apis:demoRanges", "names": "private-apis:demoNames",
                                  "inner.size": "private-apis:demoSize"}


def test_renaming_touches_only_quoted_names() -> None:
    error = ConfigError("port[2]", "port 'port' and 'portal' and port_x", "set 'port'")
    assert str(renamed(error, {"port": "private-apis:demoPort"})) == (
        "Invalid configuration 'private-apis:demoPort[2]': port 'private-apis:demoPort' and 'portal' and port_x. "
        "Fix: set 'private-apis:demoPort'")


def test_a_setting_needs_a_kind_it_can_tell() -> None:
    with pytest.raises(TypeError):
        setting("x", None)
    with pytest.raises(ValueError):
        setting("x", 1, kind="date")
