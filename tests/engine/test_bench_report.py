"""The bench's pure pieces: the markdown table it prints for the README (private_apis/bench_report.py), the count
it reads from a preview's summary, and the on-prem config it passes."""

from __future__ import annotations

import json

import pytest

from private_apis import bench
from private_apis.bench_report import render


def _curve(*rows):
    return [{"size": size, "resources": resources, "seconds": seconds, "ms_per_resource": ms,
             "growth": ms / rows[0][3]} for size, resources, seconds, ms in rows]


REPORT = {
    "date": "2026-12-02", "quick": False,
    "preview": {"floor_s": 3.0, "preview_with_pack_s": 3.15, "ratio": 1.05},
    "imports": {"python": 0.01, "engine": 0.3, "program": 0.4, "pack": 0.2},
    "packs": {"real": {"resources": 10000, "per_second": 2000.0}, "real_in_process": {"per_second": 4000.0},
              "real_noop": {"per_second": 2500.0}, "synthetic": {"resources": 10000, "per_second": 3000.0},
              "synthetic_small": {"resources": 1000, "per_second": 3300.0}, "synthetic_growth": 1.1},
    "scaling": {"floor_s": 1.4, "rows": _curve(("1x", 163, 2.1, 4.0), ("8x", 1304, 9.1, 6.0))},
    "onprem": {"floor_s": 1.4, "rows": _curve(("20 APIs", 449, 3.6, 5.0), ("80 APIs", 1589, 10.1, 5.5))},
    "lookups": {"floor_s": 0.7, "engine": _curve(("400", 400, 10.7, 25.0), ("800", 800, 40.7, 50.0)),
                "sdk": [{"size": "400", "ms_per_resource": 20.0, "growth": 1.0},
                        {"size": "800", "ms_per_resource": 44.0, "growth": 2.2}]},
    "memory": {"resources": 10106, "engine_peak_mib": 273.0, "engine_floor_mib": 49.0, "pack_peak_mib": 181.0,
               "pack_floor_mib": 53.0},
}


def test_the_table_shows_each_figure_with_its_floor_ratio_and_target():
    lines = render(REPORT, bench.TARGETS).splitlines()
    assert lines[:4] == ["Measured 2026-12-02:", "", "| Measure | Figure | Floor | Ratio | Target |",
                         "|---|---|---|---|---|"]
    rows = {line.split(" | ")[0][2:]: line for line in lines[4:]}
    assert rows["offline preview of the dev stack with the pack"] == (
        "| offline preview of the dev stack with the pack | 3.15 s | bare evaluation 3.00 s | 1.05x | <= 1.1x: met |")
    assert rows["pack over gRPC, real graph (10,000 resources: the dev stack replicated)"].endswith(
        "| 2,000 resources/s | in-process 4,000/s; do-nothing pack 2,500/s | 0.50x / 0.80x "
        "| >= 1,800/s: met; >= 0.5x the do-nothing pack: met |")
    slow = {**REPORT, "packs": {**REPORT["packs"], "real": {"resources": 10000, "per_second": 1500.0},
                                "real_noop": {"per_second": 1000.0}}}
    assert render(slow, bench.TARGETS).splitlines()[6].endswith(
        "| 0.38x / 1.50x | >= 1,800/s: **NOT met**; >= 0.5x the do-nothing pack: met |")
    assert rows["evaluation, dev topologies: 8x (1,304 resources)"].endswith(
        "| 6.00 ms per resource | 6.5x | 1.50x | <= 1.3x: **NOT met** |")
    assert rows["evaluation, dev topologies: 1x (163 resources)"].endswith(
        "| 4.00 ms per resource | 1.5x building nothing (1.40 s) | 1.00x |  |")
    assert rows["one lookup per resource, engine: 800 (800 resources)"].endswith(
        "| 50.00 ms per resource | 58.1x | 2.00x | <= 2.2x: met |")
    assert rows["one lookup per resource, the SDK's own mocks: 800"].endswith("| 44.00 ms per resource |  | 2.20x |  |")
    assert rows["peak memory of the pack process, 10,106 resources"].endswith(
        "| 181 MiB | after its imports 53 MiB | 3.4x | <= 150 MiB: **NOT met** |")
    assert len(rows) == 2 + 2 + 2 + 2 + 2 + 2 + 2


def test_a_quick_run_says_so():
    assert render({**REPORT, "quick": True}, bench.TARGETS).splitlines()[0] == (
        "Measured 2026-12-02 (--quick: smaller sizes, one run each):")


def test_the_resources_come_from_the_summary_without_the_stack():
    assert bench._created("Resources:\n    + 164 to create\n") == 163
    with pytest.raises(SystemExit, match="no '\\+ N to create'"):
        bench._created("error: something else")


def test_the_onprem_apis_are_one_config_value_of_distinct_domains():
    key, _, value = bench.onprem_apis(3).partition("=")
    assert key == "private-apis:onpremApis"
    assert json.loads(value) == ["api0|api0.example.internal|GET /|GET /items",
                                 "api1|api1.example.internal|GET /|GET /items",
                                 "api2|api2.example.internal|GET /|GET /items"]


def test_runs_below_one_are_refused_with_the_flag_named(capsys):
    with pytest.raises(SystemExit) as exited:
        bench.main(["--runs", "0"])
    assert exited.value.code == 2
    assert "--runs must be at least 1 (e.g. --runs 3)" in capsys.readouterr().err
