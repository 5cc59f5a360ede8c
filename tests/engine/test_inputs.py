"""Every file the engine reads, malformed: exit 2 with one line naming the file and the fix, never a traceback.

The named attacks run through the CLI as a user runs it; the property-based tests feed random malformed files to the
same entry point in-process (``private_apis.cli.main``), which fails before any program or pack runs.
"""

import contextlib
import io
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from private_apis.cli import main
from tests.engine.conftest import FIXTURES, ROOT, run_cli

POLICIES = str(ROOT / "policies")
COMPLIANT = str(FIXTURES / "compliant")


def one_line_error(code: int, stderr: str, *, naming: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert code == 2, stderr
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("error: ") and naming in lines[0], lines[0]
    return lines[0]


def run_main(*argv: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(list(argv))
    return code, stderr.getvalue()


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


# --- the named attacks, through the CLI ---------------------------------------------------------------------------

@pytest.mark.parametrize("document", ["[1, 2]", '"all"', "42", "null"])
def test_policy_pack_config_that_is_not_an_object(tmp_path, document):
    config = write(tmp_path / "policy-config.json", document)
    proc = run_cli("preview", "-C", COMPLIANT, "--policy-pack", POLICIES, "--policy-pack-config", config)
    message = one_line_error(proc.returncode, proc.stderr, naming=config)
    assert "must be a JSON object of policy names to a level or settings. Fix: write e.g." in message


@pytest.mark.parametrize("document", [
    "[]", '"calls"', '{"calls": []}', '{"calls": {"aws:index/getRegion:getRegion": 1}}',
                                      '{"resources": "x"}', '{"call": {}}'])
def test_mocks_file_of_the_wrong_shape(tmp_path, document):
    mocks = write(tmp_path / "mocks.json", document)
    proc = run_cli("preview", "-C", COMPLIANT, "--mocks", mocks)
    message = one_line_error(proc.returncode, proc.stderr, naming=mocks)
    assert "Fix: write e.g. {" in message


@pytest.mark.parametrize("text, says", [
    ("runtime: [python\n", "is not valid YAML"),
    ("- runtime: python\n", "must be a mapping (runtime, version, ...)"),
    ("runtime:\n  name: python\n  options: [venv]\n", "'runtime.options' in the policy pack file"),
    ("runtime: &r\n  name: python\n  options: *r\n", "refers to itself"),
    ("runtime: nodejs\n", "has runtime 'nodejs'; the offline engine runs Python packs"),
])
def test_malformed_policy_pack_file(tmp_path, text, says):
    pack = tmp_path / "pack"
    write(pack / "PulumiPolicy.yaml", text)
    write(pack / "__main__.py", "")
    proc = run_cli("preview", "-C", COMPLIANT, "--policy-pack", str(pack))
    assert says in one_line_error(proc.returncode, proc.stderr, naming=str(pack))


def test_pack_that_prints_instead_of_its_port_and_stays_alive(tmp_path):
    pack = tmp_path / "chatty"
    write(pack / "PulumiPolicy.yaml", "runtime: python\nversion: 0.0.1\n")
    write(pack / "__main__.py", "import time\nprint('loading policies...', flush=True)\ntime.sleep(600)\n")
    proc = run_cli("preview", "-C", COMPLIANT, "--policy-pack", str(pack), timeout=60)
    assert one_line_error(proc.returncode, proc.stderr, naming=str(pack)) == (
        f"error: The policy pack {pack} printed 'loading policies...' where the CLI expects its port number as the "
        "first line. Fix: the pack must not print to stdout before PolicyPack(...) serves (log to stderr).")


def test_self_referencing_alias_in_the_stack_file(tmp_path):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\n")
    write(project / "Pulumi.dev.yaml", "config:\n  p:tags: &t\n    - *t\n")
    write(project / "__main__.py", "")
    proc = run_cli("preview", "-C", str(project))
    assert one_line_error(proc.returncode, proc.stderr, naming="Pulumi.dev.yaml") == (
        f"error: The stack file {project / 'Pulumi.dev.yaml'} refers to itself (a YAML alias inside its own anchor). "
        "Fix: write the value out instead of the alias.")


def test_alias_bomb_in_the_stack_file(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\n")
    write(project / "Pulumi.dev.yaml", "config:\n" + textwrap.indent("\n".join(lines), "  p:") + "\n")
    write(project / "__main__.py", "")
    proc = run_cli("preview", "-C", str(project))
    assert "is too large or nested too deeply" in one_line_error(proc.returncode, proc.stderr, naming="Pulumi.dev.yaml")


def test_missing_stack_reference_output_names_the_reference(tmp_path):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\n")
    write(project / "Pulumi.dev.yaml", "config: {}\n")
    write(project / "__main__.py", "import pulumi\npulumi.export('x', pulumi.StackReference('org/a/dev')"
                                   ".require_output('missing'))\n")
    outputs = write(tmp_path / "outputs.json", '{"present": 1}')
    proc = run_cli("preview", "-C", str(project), "--stack-reference", f"org/a/dev={outputs}")
    assert one_line_error(proc.returncode, proc.stderr, naming="org/a/dev") == (
        "error: The program requires output 'missing' of stack reference 'org/a/dev', and the outputs given for it "
        "(--stack-reference org/a/dev=FILE) have no such key. Fix: add 'missing' to that file, or use get_output() "
        "where the output is optional.")


def test_secret_marker_without_a_value(tmp_path):
    outputs = write(tmp_path / "outputs.json", '{"token": {"secret": true}}')
    proc = run_cli("preview", "-C", str(FIXTURES / "stackref"), "--stack-reference", f"acme/private-apis/dev={outputs}")
    assert one_line_error(proc.returncode, proc.stderr, naming=outputs) == (
        f"error: The stack reference outputs file {outputs} marks output 'token' secret but gives no value. Fix: write "
        '{"secret": true, "value": ...}, or "[secret]" for a masked secret.')


def test_non_ascii_digits_are_not_integers(tmp_path):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\nconfig:\n  port:\n    type: integer\n    default: 1\n")
    write(project / "Pulumi.dev.yaml", "config:\n  p:port: '٣'\n")
    write(project / "__main__.py", "")
    proc = run_cli("preview", "-C", str(project))
    assert "declares it as integer" in one_line_error(proc.returncode, proc.stderr, naming="p:port")


def test_undeclared_project_key_of_another_project_is_a_warning_with_the_nearest_key(tmp_path):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\nconfig:\n  vpcCidr:\n    type: string\n"
                                   "    default: 10.0.0.0/16\n")
    write(project / "Pulumi.dev.yaml", "config:\n  p:vpccidr: 10.1.0.0/16\n")
    write(project / "__main__.py", "")
    proc = run_cli("preview", "-C", str(project), "-c", "unrelated=1")
    assert proc.returncode == 0, proc.stderr
    assert ("warning: config 'p:vpccidr' is not declared in Pulumi.yaml, so the program may ignore it; did you mean "
            "'p:vpcCidr'?") in proc.stdout
    assert "warning: config 'p:unrelated' is not declared in Pulumi.yaml, so the program may ignore it\n" in proc.stdout


# --- random malformed files, in-process ---------------------------------------------------------------------------

# JSON values that cannot be a mocks file, a pack config or an outputs file: the wrong top-level type.
not_an_object = st.one_of(st.lists(st.integers(), max_size=3), st.text(max_size=10), st.integers(), st.none(),
                          st.booleans(), st.floats(allow_nan=False))
not_json = st.text(min_size=1, max_size=40).filter(lambda t: not _parses(t))
wrong_sections = st.fixed_dictionaries({}, optional={
    "calls": st.one_of(st.lists(st.text(max_size=5), min_size=0, max_size=2), st.text(max_size=5), st.integers(),
                       st.dictionaries(st.text(min_size=1, max_size=8), not_an_object, min_size=1, max_size=2)),
    "resources": st.one_of(st.lists(st.integers(), max_size=2), st.text(max_size=5),
                           st.dictionaries(st.text(min_size=1, max_size=8), not_an_object, min_size=1, max_size=2)),
}).filter(bool)
extra_key = st.dictionaries(st.text(min_size=1, max_size=8).filter(lambda k: k not in ("calls", "resources")),
                            st.dictionaries(st.text(max_size=3), st.integers(), max_size=1), min_size=1, max_size=2)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(document=st.one_of(not_json, not_an_object.map(json.dumps), wrong_sections.map(json.dumps),
                          extra_key.map(json.dumps)))
def test_random_malformed_mocks_files(tmp_path, document):
    mocks = write(tmp_path / "mocks.json", document)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--mocks", mocks)
    one_line_error(code, stderr, naming=mocks)


@FUZZ
@given(document=st.one_of(not_json, not_an_object.map(json.dumps)))
def test_random_malformed_policy_pack_configs(tmp_path, document):
    config = write(tmp_path / "config.json", document)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--policy-pack", POLICIES, "--policy-pack-config", config)
    one_line_error(code, stderr, naming=config)


@FUZZ
@given(document=st.one_of(not_json, not_an_object.map(json.dumps),
                          st.dictionaries(st.text(max_size=6), st.just({"secret": True}), min_size=1, max_size=2)
                          .map(json.dumps)))
def test_random_malformed_stack_reference_files(tmp_path, document):
    outputs = write(tmp_path / "outputs.json", document)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--stack-reference", f"org/p/dev={outputs}")
    one_line_error(code, stderr, naming=outputs)


# YAML that is not a mapping, or not YAML at all, or a mapping whose parts have the wrong type.
bad_yaml = st.one_of(
    st.sampled_from(["[", "{a: [}", "a: b: c", "\t- x", "key: 'unterminated", "? [a]\n: b\n: c", "&a [*a]",
                     "a: &x {b: *x}", "- - - *undefined"]),
    st.lists(st.text(max_size=8), min_size=1, max_size=3).map(lambda items: "\n".join(f"- {json.dumps(i)}"
                                                                                       for i in items)),
    st.text(alphabet="abc xyz", min_size=1, max_size=20).map(lambda t: json.dumps(t)),
    st.integers().map(str),
)


@FUZZ
@given(text=bad_yaml)
def test_random_malformed_stack_files(tmp_path, text):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\n")
    write(project / "Pulumi.dev.yaml", text)
    write(project / "__main__.py", "")
    code, stderr = run_main("preview", "-C", str(project))
    one_line_error(code, stderr, naming="Pulumi.dev.yaml")


@FUZZ
@given(text=st.one_of(bad_yaml, st.sampled_from(["config: [a]", "name: [x]", "name: p\nruntime: python\nmain: [1]",
                                                 "name: p\nruntime: python\nconfig: 3"])))
def test_random_malformed_project_files(tmp_path, text):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", text)
    write(project / "Pulumi.dev.yaml", "config: {}\n")
    code, stderr = run_main("preview", "-C", str(project))
    one_line_error(code, stderr, naming="Pulumi.yaml")


@FUZZ
@given(text=st.one_of(bad_yaml, st.sampled_from(["runtime: {name: python, options: [1]}", "runtime: [python]",
                                                 "runtime: {name: go}", "version: 1"])))
def test_random_malformed_policy_pack_files(tmp_path, text):
    pack = tmp_path / "pack"
    write(pack / "PulumiPolicy.yaml", text)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--policy-pack", str(pack))
    one_line_error(code, stderr, naming=str(pack))


# --- values a file can hold that config and protobuf have no form for ----------------------------------------------

@pytest.mark.parametrize("value, says", [
    ("2020-01-01", "holds a date"),
    ("!!binary aGVsbG8=", "holds binary data"),
    ("!!set {a, b}", "holds a set"),
    ("2020-13-45", "holds a value YAML cannot convert"),
    ("1" * 5000, "holds a value YAML cannot convert"),
    ("1" * 30, "holds the number 11111111111111111111..."),
    (".nan", "holds the number nan"),
])
def test_stack_file_values_without_a_config_form(tmp_path, value, says):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\n")
    write(project / "Pulumi.dev.yaml", f"config:\n  p:thing:\n    a: {value}\n")
    write(project / "__main__.py", "")
    code, stderr = run_main("preview", "-C", str(project))
    assert says in one_line_error(code, stderr, naming="Pulumi.dev.yaml")


def test_a_config_schema_type_that_is_not_a_type_name(tmp_path):
    project = tmp_path / "p"
    write(project / "Pulumi.yaml", "name: p\nruntime: python\nconfig:\n  foo:\n    type: [a]\n")
    write(project / "Pulumi.dev.yaml", "config:\n  p:foo: 1\n")
    write(project / "__main__.py", "")
    code, stderr = run_main("preview", "-C", str(project))
    assert one_line_error(code, stderr, naming="p:foo") == (
        "error: Pulumi.yaml declares config key 'p:foo' with type ['a']. Fix: use one of string, integer, boolean, "
        "array, object.")


@pytest.mark.parametrize("document, naming", [
    ('{"aws-ec2-vpc-enable-flow-logs": {"enforcementLevel": ["x"]}}', "aws-ec2-vpc-enable-flow-logs"),
    ('{"all": {"enforcementLevel": {}}}', "'all'"),
    ('{"all": ["mandatory"]}', "'all'"),
    ('{"aws-ec2-vpc-enable-flow-logs": {"x": ' + "9" * 400 + "}}", "policy-config.json"),
    ('{"aws-ec2-vpc-enable-flow-logs": {"x": ' + "[" * 900 + "]" * 900 + "}}", "policy-config.json"),
    ('{"all": NaN}', "policy-config.json"),
])
def test_policy_pack_config_values_of_the_wrong_kind(tmp_path, document, naming):
    config = write(tmp_path / "policy-config.json", document)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--policy-pack", POLICIES, "--policy-pack-config", config)
    one_line_error(code, stderr, naming=naming)


@pytest.mark.parametrize("document", ['{"calls": {"t": {"x": NaN}}}', '{"calls": {"t": {"x": Infinity}}}',
                                      '{"calls": {"t": {"x": ' + "9" * 400 + "}}}",
                                      '{"calls": {"t": ' + '{"a": ' * 100 + "1" + "}" * 100 + "}}",
                                      '{"resources": {"aws:ec2/vpc:Vpc": {"id": 5}}}'])
def test_mocks_values_protobuf_cannot_carry(tmp_path, document):
    mocks = write(tmp_path / "mocks.json", document)
    code, stderr = run_main("preview", "-C", COMPLIANT, "--mocks", mocks)
    one_line_error(code, stderr, naming=mocks)


def test_a_pack_that_fails_at_import_is_one_line_naming_the_error(tmp_path):
    pack = tmp_path / "broken"
    write(pack / "PulumiPolicy.yaml", "runtime: python\nversion: 0.0.1\n")
    write(pack / "__main__.py", "raise RuntimeError('this pack is broken')\n")
    proc = run_cli("preview", "-C", COMPLIANT, "--policy-pack", str(pack))
    assert one_line_error(proc.returncode, proc.stderr, naming=str(pack)).endswith(
        "exited before serving (exit code 1): RuntimeError: this pack is broken. Fix: run its __main__.py with the "
        "pack's interpreter to see the whole error.")
