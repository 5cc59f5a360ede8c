import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 180) -> subprocess.CompletedProcess:
    """The engine through its real entry point, as a user or CI runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "private_apis", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def run_json(*args: str) -> tuple[int, dict]:
    proc = run_cli(*args, "--json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
