"""The interpreter the CLI's language host would pick, by runtime.options (the corpus runs each toolchain end to
end: test_program_corpus.py)."""

import sys

import pytest

from private_apis.engine.errors import EngineError
from private_apis.engine.toolchain import (
    activated_environment,
    missing_virtualenv,
    poetry_env_name,
    program_interpreter,
)


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
    # The preview warns, naming the path (end to end: tests/engine/test_program_corpus.py).
    assert missing_virtualenv(str(tmp_path), {"toolchain": "pip", "virtualenv": "venv"}) == str(tmp_path / "venv")
    assert missing_virtualenv(str(tmp_path), {}) is None
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").write_text("")
    assert missing_virtualenv(str(tmp_path), {"virtualenv": "venv"}) is None


def test_activation_sets_virtual_env_and_path_and_drops_pythonhome(tmp_path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\n")
    env = activated_environment(str(tmp_path / "bin" / "python"), {"PATH": "/usr/bin", "PYTHONHOME": "/x"})
    assert env == {"PATH": f"{tmp_path / 'bin'}:/usr/bin", "VIRTUAL_ENV": str(tmp_path)}


@pytest.mark.parametrize("pyproject", ["tool = 1\n", "[tool]\npoetry = 'x'\n", "project = []\n", "not toml ["])
def test_a_malformed_pyproject_is_the_missing_environment_not_a_crash(tmp_path, monkeypatch, pyproject) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-poetry-here"))
    (tmp_path / "pyproject.toml").write_text(pyproject)
    with pytest.raises(EngineError, match=r"poetry virtualenv .* does not exist .*run `poetry install`"):
        program_interpreter(str(tmp_path), {"toolchain": "poetry"})


def test_poetry_cache_environments_are_found_by_the_canonical_project_name(tmp_path, monkeypatch) -> None:
    # Poetry names a cached environment after the package's canonical name (PEP 503: "My_Proj" is "my-proj").
    cache = tmp_path / "cache"
    project = tmp_path / "infra"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.poetry]\nname = "My_Proj"\n')
    venv = cache / f"{poetry_env_name('my-proj', str(project))}-py3.11"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").write_text("")
    monkeypatch.setenv("POETRY_VIRTUALENVS_PATH", str(cache))
    monkeypatch.setenv("PATH", str(tmp_path / "no-poetry-here"))
    assert program_interpreter(str(project), {"toolchain": "poetry"}) == str(venv / "bin" / "python")
