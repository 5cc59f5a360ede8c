"""``python -m private_apis diagram``: bad input is one error line and exit 2; a real run writes the picture and
the model the tests assert on."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

import pytest

from private_apis.cli import main
from private_apis.diagram.model import from_json
from private_apis.diagram.png import require_pillow
from private_apis.engine.errors import EngineError
from tests.diagram.conftest import INSECURE, ROOT, node_named
from tests.engine.conftest import run_cli


def _error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err.strip()


def test_output_must_be_svg_or_png(capsys):
    assert _error(capsys, ["diagram", "--output", "picture.gif"]) == (
        "error: --output 'picture.gif' must end in .svg or .png (the extension picks the format). Fix: e.g. "
        "--output picture.svg.")


def test_output_directory_must_exist_before_the_preview_runs(capsys, tmp_path):
    missing = tmp_path / "no-such-dir" / "dev.svg"
    assert _error(capsys, ["diagram", "-C", str(INSECURE), "--output", str(missing)]) == (
        f"error: --output {missing}: the directory {missing.parent} does not exist. Fix: create it, or pass "
        "--output a path in an existing directory.")


def test_png_without_pillow_says_to_use_svg(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(EngineError, match=r"needs Pillow .* or write \.svg instead"):
        require_pillow()
    assert "write .svg instead" in _error(capsys, ["diagram", "--output", "dev.png"])


def test_output_is_required(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["diagram"])
    assert exit_info.value.code == 2
    assert "the following arguments are required: -o/--output" in capsys.readouterr().err


def test_a_real_run_writes_the_picture_and_its_model(tmp_path, insecure_model):
    picture, model_file = tmp_path / "insecure.svg", tmp_path / "insecure.json"
    proc = run_cli("diagram", "-C", str(INSECURE), "--policy-pack", str(ROOT / "policies"),
                   "--output", str(picture), "--model", str(model_file))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == (f"wrote {picture}: 4 nodes, 2 edges, 1 other resources grouped, 3 mandatory "
                           "violation(s) marked\n")
    written = from_json(json.loads(model_file.read_text()))
    # The program ran in its own process here and in the test's process for the fixture: the same model.
    assert written == insecure_model
    root = ET.parse(picture).getroot()
    assert node_named(written, "shop-app").id in {g.get("data-id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
