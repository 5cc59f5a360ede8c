"""Project and stack config assembly, as the CLI layers it."""

import json

import pytest

from private_apis.engine.errors import EngineError
from private_apis.engine.project import SECRET_PLACEHOLDER, load_project, read_stack_config


@pytest.fixture
def project_dir(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: demo\nruntime:\n  name: python\nconfig:\n"
        "  size:\n    type: integer\n    default: 2\n    description: a size\n"
        "  names:\n    type: array\n    items:\n      type: string\n    default: [a]\n"
        "  token:\n    type: string\n    secret: true\n"
        "  aws:region: us-west-2\n")
    (tmp_path / "__main__.py").write_text("")
    return tmp_path


def write_stack(path, body):
    (path / "Pulumi.dev.yaml").write_text(body)


def test_defaults_stack_values_and_overrides_layer(project_dir):
    write_stack(project_dir, "config:\n  demo:size: 3\n  names: [x, y]\n  aws:region: eu-west-1\n"
                             "  demo:nested:\n    a: 1\n    b: [true]\n")
    config = read_stack_config(load_project(str(project_dir)), "dev", ["size=5", "extra=plain"])
    assert config.values == {
        "demo:size": "5",
        "demo:names": json.dumps(["x", "y"]),
        "aws:region": "eu-west-1",
        "demo:nested": json.dumps({"a": 1, "b": [True]}),
        "demo:extra": "plain",
    }


def test_project_defaults_apply_without_stack_values(project_dir):
    write_stack(project_dir, "config: {}\n")
    config = read_stack_config(load_project(str(project_dir)), "dev")
    assert config.values == {"demo:size": "2", "demo:names": '["a"]', "aws:region": "us-west-2"}


def test_secure_values_become_marked_placeholders_with_a_warning(project_dir):
    write_stack(project_dir, "config:\n  demo:token:\n    secure: AAABAJxyz==\n")
    config = read_stack_config(load_project(str(project_dir)), "dev")
    assert config.values["demo:token"] == SECRET_PLACEHOLDER
    assert config.secret_keys == ["demo:token"]
    assert "cannot decrypt it" in config.warnings[0] and "demo:token" in config.warnings[0]


def test_type_mismatch_names_key_and_schema(project_dir):
    write_stack(project_dir, "config:\n  demo:size: big\n")
    with pytest.raises(EngineError, match=r"Config key 'demo:size' in .* is 'big', but Pulumi\.yaml declares it as "
                                          "integer"):
        read_stack_config(load_project(str(project_dir)), "dev")


def test_json_override_for_arrays(project_dir):
    write_stack(project_dir, "config: {}\n")
    config = read_stack_config(load_project(str(project_dir)), "dev", ['names=["q"]'])
    assert config.values["demo:names"] == '["q"]'


def test_bad_inputs_are_engine_errors(tmp_path, project_dir):
    with pytest.raises(EngineError, match=r"No Pulumi\.yaml"):
        load_project(str(tmp_path / ".."))
    write_stack(project_dir, "config: {}\n")
    with pytest.raises(EngineError, match="is not key=value"):
        read_stack_config(load_project(str(project_dir)), "dev", ["novalue"])
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "Pulumi.yaml").write_text("name: n\nruntime: nodejs\n")
    with pytest.raises(EngineError, match="runs Python programs only"):
        load_project(str(tmp_path / "x"))
