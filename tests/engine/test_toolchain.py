"""The interpreter the CLI's language host would pick, by runtime.options (the corpus runs each toolchain end to
end: test_program_corpus.py)."""

import sys

import pytest

from private_apis.engine.errors import EngineError
from private_apis.engine.toolchain import activated_environment, program_interpreter


def test_unknown_toolchain_is_one_error_naming_the_option(tmp_path) -> None:
    with pytest.raises(EngineError) as raised:
        program_interpreter(str(tmp_path), {"toolchain": "conda"})
    assert str(raised.value) == ("runtime.options.toolchain in Pulumi.yaml is 'conda'. Fix: write one of pip, poetry "
                                 "or uv, or leave it out.")


def test_lock_files_pick_the_toolchain_when_none_is_named(tmp_path) -> None:
    (tmp_path / "uv.lock").write_text("")
    project = tmp_path / "infra"
    project.mkdir()
    with pytest.raises(EngineError, match=r"uv virtualenv .*/\.venv does not exist .*run `uv sync`"):
        program_interpreter(str(project), {})
    (tmp_path / "uv.lock").unlink()
    (tmp_path / "poetry.lock").write_text("")
    with pytest.raises(EngineError, match=r"poetry virtualenv .* does not exist .*run `poetry install`"):
        program_interpreter(str(project), {})


def test_pip_without_a_virtualenv_or_before_it_exists_runs_the_engine_interpreter(tmp_path) -> None:
    assert program_interpreter(str(tmp_path), {}) == sys.executable
    assert program_interpreter(str(tmp_path), {"toolchain": "pip", "virtualenv": "venv"}) == sys.executable


def test_activation_sets_virtual_env_and_path_and_drops_pythonhome(tmp_path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\n")
    env = activated_environment(str(tmp_path / "bin" / "python"), {"PATH": "/usr/bin", "PYTHONHOME": "/x"})
    assert env == {"PATH": f"{tmp_path / 'bin'}:/usr/bin", "VIRTUAL_ENV": str(tmp_path)}
