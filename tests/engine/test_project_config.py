"""Project and stack config assembly, as the CLI layers it."""

import json

import pytest

from private_apis.engine.errors import EngineError
from private_apis.engine.project import SECRET_PLACEHOLDER, load_project, read_stack_config
from tests.engine.conftest import run_cli


@pytest.fixture
def project_dir(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text(
        "name: demo\nruntime:\n  name: python\nconfig:\n"
        "  size:\n    type: integer\n    default: 2\n    description: a size\n"
        "  names:\n    type: array\n    items:\n      type: string\n    default: [a]\n"
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


def declare(project_dir, body):
    """Add key declarations to the fixture project's ``config:``."""
    path = project_dir / "Pulumi.yaml"
    path.write_text(path.read_text().replace("config:\n", f"config:\n{body}", 1))


def test_secure_values_become_marked_placeholders_with_a_warning(project_dir):
    declare(project_dir, "  token:\n    type: string\n    secret: true\n")
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


# --- keys declared without a default ---------------------------------------------------------------------------------
# The Pulumi CLI refuses to run a stack that leaves a key of the project's namespace unset when Pulumi.yaml declares it
# with neither a default nor a value: "Stack 'dev' is missing configuration value 'values'" (pulumi/pulumi,
# sdk/go/common/workspace/config.go, mergeConfig and missingStackConfigurationKeysError; its project_test.go
# TestStackConfigErrorsWhenMissingStackValueForConfigTypeWithNoDefault). Keys of other namespaces (aws:region) are
# never required there. The offline engine refuses the same stacks, naming each key in full, before the program runs.

REQUIRED = "  token:\n    type: string\n    secret: true\n    description: API token\n"


def test_a_declared_key_without_a_default_must_be_set(project_dir):
    declare(project_dir, REQUIRED)
    write_stack(project_dir, "config:\n  demo:size: 3\n")
    path = project_dir / "Pulumi.dev.yaml"
    with pytest.raises(EngineError) as error:
        read_stack_config(load_project(str(project_dir)), "dev")
    assert str(error.value) == (
        f"Stack 'dev' is missing configuration value 'demo:token': Pulumi.yaml declares it without a default and "
        f"neither {path} nor --config sets it (the Pulumi CLI refuses the stack too). Fix: set it in the stack file "
        "(pulumi config set --secret demo:token VALUE), pass --config demo:token=VALUE, or give it a default in "
        "Pulumi.yaml.")


def test_every_missing_key_is_named_in_one_message(project_dir):
    declare(project_dir, REQUIRED + "  demo:zone:\n    type: string\n  owner:\n    description: who\n")
    write_stack(project_dir, "config: {}\n")
    with pytest.raises(EngineError, match=r"^Stack 'dev' is missing configuration values 'demo:owner', 'demo:token' "
                                          r"and 'demo:zone': Pulumi\.yaml declares them without a default .* Fix: set "
                                          r"each in the stack file \(pulumi config set demo:owner VALUE\)"):
        read_stack_config(load_project(str(project_dir)), "dev")


@pytest.mark.parametrize("stack, overrides", [
    ("config:\n  demo:token: plain\n", []),
    ("config:\n  token: bare-key\n", []),
    ("config:\n  demo:token:\n    secure: AAABAJxyz==\n", []),  # a secret the engine cannot decrypt is still a value
    ("config: {}\n", ["token=from-the-command-line"]),
    ("config: {}\n", ["demo:token=qualified"]),
])
def test_a_value_from_the_stack_file_or_the_command_line_satisfies_it(project_dir, stack, overrides):
    declare(project_dir, REQUIRED)
    write_stack(project_dir, stack)
    assert "demo:token" in read_stack_config(load_project(str(project_dir)), "dev", overrides).values


def test_a_value_in_pulumi_yaml_satisfies_it(project_dir):
    declare(project_dir, "  token:\n    type: string\n    value: from-the-project\n  plain: 7\n")
    write_stack(project_dir, "config: {}\n")
    values = read_stack_config(load_project(str(project_dir)), "dev").values
    assert (values["demo:token"], values["demo:plain"]) == ("from-the-project", "7")


def test_keys_of_other_namespaces_are_values_not_requirements(project_dir):
    # The fixture gives aws:region as a plain value; a stack without it and without -c is fine.
    declare(project_dir, "  aws:profile:\n    value: ops\n")
    write_stack(project_dir, "config: {}\n")
    values = read_stack_config(load_project(str(project_dir)), "dev").values
    assert (values["aws:region"], values["aws:profile"]) == ("us-west-2", "ops")


@pytest.mark.parametrize("spec, says", [
    ("\n    type: string\n    default: ops\n", "with a type"),
    ("\n    default: ops\n", "with a default"),
    ("\n    description: the profile\n", "without a value"),
])
def test_a_key_of_another_namespace_with_a_schema_is_refused_as_the_cli_does(project_dir, spec, says):
    # pulumi/pulumi sdk/go/common/workspace/project.go (Project.Validate): "Configuration key 'aws:profile' is not
    # namespaced by the project and should not define a default value" / "... a type" / "must provide an attribute
    # 'value'". Silently dropping such a declaration would leave the key unset without a word.
    declare(project_dir, f"  aws:profile:{spec}")
    with pytest.raises(EngineError, match=f"declares config key 'aws:profile' {says}.*Fix: write 'aws:profile: "
                                          r"\{value: \.\.\.\}'"):
        load_project(str(project_dir))


def test_a_stack_with_esc_environments_only_warns(project_dir):
    # The environment may set the key; the engine does not resolve environments, so it cannot tell.
    declare(project_dir, REQUIRED)
    write_stack(project_dir, "environment:\n  - team/dev\nconfig: {}\n")
    config = read_stack_config(load_project(str(project_dir)), "dev")
    assert "demo:token" not in config.values
    assert any("declares 'demo:token' without a default" in w and "ESC environments" in w for w in config.warnings)


def test_preview_refuses_the_stack_in_one_line_before_the_program_runs(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: demo\nruntime: python\nconfig:\n  aws:region: eu-west-1\n"
                                          "  clientCidrs:\n    type: array\n    items:\n      type: string\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    marker = tmp_path / "ran"
    (tmp_path / "__main__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    proc = run_cli("preview", "-C", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: Stack 'dev' is missing configuration value 'demo:clientCidrs': ")
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stdout == ""
    assert not marker.exists()
    passing = run_cli("preview", "-C", str(tmp_path), "-c", 'clientCidrs=["10.40.0.0/16"]')
    assert passing.returncode == 0, passing.stderr
    assert marker.exists()
