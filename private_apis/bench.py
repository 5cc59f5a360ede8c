"""``make bench``: every speed and memory figure of the README, each next to its floor, measured in one run.

1. Preview: the offline preview of the dev stack with the policy pack next to the bare evaluation (fresh processes,
   medians), and what importing the modules costs.
2. Pack throughput over the real Analyzer protocol on the real graph (the dev stack's, replicated to 10,000 resources)
   and on a synthetic one, next to the same policies called in-process and a do-nothing pack over gRPC.
3. Evaluation scaling: the dev stack's topologies 1, 2, 4 and 8 times over, and the on-prem topology at 20 and 80
   APIs; the cost per resource at each size over the floor of the same run building nothing.
4. A program doing one data-source call per resource at 400 and 800, under the engine and under the SDK's own mocks.
5. Peak memory (RSS high-water) of the engine process and of the pack process at 10,000 resources.

It ends with a markdown table for the README. ``--quick`` runs each measure once at smaller sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import yaml

from private_apis import bench_pack
from private_apis.bench_graph import replicate, synthetic_stack
from private_apis.bench_report import render

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS = os.path.join(ROOT, "private_apis", "bench_programs")
TARGETS = {"preview": 1.1, "scaling": 1.3, "lookups": 2.2, "pack_per_second": 1800, "pack_over_noop": 0.5,
           "engine_mib": 300, "pack_mib": 150}
ONPREM = ["-c", 'private-apis:topologies=["onprem-domain"]']
STACK = "dev"
"""Every figure is of the dev stack (its config, its graph, its topologies)."""


def _run(command: list[str], env: dict[str, str] | None = None, cwd: str = ROOT) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


def _created(output: str) -> int:
    """The resources a preview registered, from its summary ('+ N to create' counts the stack too)."""
    match = re.search(r"\+ (\d+) to create", output)
    if match is None:
        raise SystemExit(f"bench: no '+ N to create' in the preview's output:\n{output[-2000:]}")
    return int(match.group(1)) - 1


def _median_run(command: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, str]:
    results = [_run(command, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[-1][1]


def bench_preview(stack: str, runs: int) -> dict[str, float]:
    base = [sys.executable, "-m", "private_apis", "preview", "--stack", stack]
    floors, fulls = [], []
    for _ in range(runs):
        # Interleaved so that machine noise hits both the same way.
        floors.append(_run(base)[0])
        fulls.append(_run([*base, "--policy-pack", "policies"])[0])
    floor, full = statistics.median(floors), statistics.median(fulls)
    return {"floor_s": floor, "preview_with_pack_s": full, "ratio": full / floor}


def bench_imports(runs: int) -> dict[str, float]:
    """A fresh interpreter importing what each side of a preview imports, next to one importing nothing."""
    program = "import components.stack_config, components.topologies, components.stack_exports"
    sides = {"python": "pass", "engine": "import private_apis.cli, private_apis.engine.preview", "program": program,
             "pack": "import sys; sys.path.insert(0, 'policies'); import private_api_guard, pulumi_policy"}
    return {side: _median_run([sys.executable, "-c", code], runs)[0] for side, code in sides.items()}


def bench_project(directory: str, main: str) -> str:
    """A copy of this project's Pulumi.yaml and stack files in ``directory``, running ``main`` instead."""
    with open(os.path.join(ROOT, "Pulumi.yaml"), encoding="utf-8") as handle:
        project = yaml.safe_load(handle)
    project["main"] = main
    project.get("runtime", {}).get("options", {}).pop("virtualenv", None)
    with open(os.path.join(directory, "Pulumi.yaml"), "w", encoding="utf-8") as handle:
        yaml.safe_dump(project, handle)
    for name in os.listdir(ROOT):
        if name.startswith("Pulumi.") and name != "Pulumi.yaml" and name.endswith(".yaml"):
            with open(os.path.join(ROOT, name), encoding="utf-8") as src, \
                    open(os.path.join(directory, name), "w", encoding="utf-8") as dst:
                dst.write(src.read())
    return directory


def _preview(project: str, env: dict[str, str], config: list[str], runs: int) -> tuple[float, int]:
    command = [sys.executable, "-m", "private_apis", "preview", "-C", project, "--stack", STACK, *config]
    seconds, output = _median_run(command, runs, env)
    return seconds, _created(output)


def evaluation_curve(project: str, sizes: list[tuple[str, dict[str, str], list[str]]], floor: tuple[float, int],
                     runs: int) -> list[dict[str, float]]:
    """Per size: seconds, resources, and the cost per resource over the floor (the same run building nothing)."""
    rows = []
    for label, env, config in sizes:
        seconds, resources = _preview(project, env, config, runs)
        per_resource = (seconds - floor[0]) / max(resources - floor[1], 1)
        rows.append({"size": label, "seconds": seconds, "resources": resources, "ms_per_resource": 1000 * per_resource})
    for row in rows:
        row["growth"] = row["ms_per_resource"] / rows[0]["ms_per_resource"]
    return rows


def _copies_curve(project: str, sizes: list[tuple[str, str, list[str]]], config: list[str], runs: int
                  ) -> dict[str, Any]:
    """The scaled program at each (label, copies, extra config), over its floor: no copies, the same imports."""
    modules = os.path.join(project, "modules.txt")
    _preview(project, {"BENCH_COPIES": "1", "BENCH_MODULES_FILE": modules}, config, 1)
    with open(modules, encoding="utf-8") as handle:
        floor = _preview(project, {"BENCH_COPIES": "0", "BENCH_IMPORT": handle.read()}, config, runs)
    curve = [(label, {"BENCH_COPIES": copies}, [*config, *extra]) for label, copies, extra in sizes]
    return {"floor_s": floor[0], "rows": evaluation_curve(project, curve, floor, runs)}


def bench_scaling(project: str, factors: list[int], runs: int) -> dict[str, Any]:
    return _copies_curve(project, [(f"{f}x", str(f), []) for f in factors], [], runs)


def onprem_apis(count: int) -> str:
    apis = [f"api{i}|api{i}.example.internal|GET /|GET /items" for i in range(count)]
    return f"private-apis:onpremApis={json.dumps(apis)}"


def bench_onprem(project: str, counts: list[int], runs: int) -> dict[str, Any]:
    return _copies_curve(project, [(f"{n} APIs", "1", ["-c", onprem_apis(n)]) for n in counts], ONPREM, runs)


def bench_lookups(project: str, items: list[int], runs: int) -> dict[str, Any]:
    """The lookups program under the engine (its evaluation over the run with no items) and under the SDK's own
    mocks in one process, with no engine at all (its evaluation timed inside).

    Both grow alike, and the cost is the SDK's, in the program's process: a synchronous data-source call returns by
    pumping the event loop in ``_sync_await`` (pulumi/runtime/sync_await.py), which afterwards pads the loop's ready
    queue back to the length it had on entry with new cancelled handles, so that the caller's ``_run_once`` finds
    its count again (pulumi/pulumi#3056). While the program's body runs without yielding, the queue never shrinks:
    it ratchets up with the callbacks of the registrations in flight, and every next call creates and skips that
    many handles (1.5 million for 300 calls, most of the run in ``contextvars.copy_context``). Under ``pulumi preview``
    the program runs the same SDK against the CLI's monitor, so the growth is the same there; the engine, on the
    monitor's side of the gRPC connection, answers each call at once and cannot shorten a queue in the program's
    process without changing the SDK the program runs. Programs avoid it by calling once (components/aws_context.py)
    or with the ``*_output`` forms, which never pump the loop."""
    floor = _preview(project, {"BENCH_ITEMS": "0"}, [], runs)
    engine = evaluation_curve(project, [(str(n), {"BENCH_ITEMS": str(n)}, []) for n in items], floor, 1)
    sdk = []
    for n in items:
        _, output = _run([sys.executable, "-m", "private_apis.bench_programs.sdk_mocks", str(n)])
        sdk.append({"size": str(n), "seconds": float(output.strip()), "ms_per_resource": 1000 * float(output) / n})
    for row in sdk:
        row["growth"] = row["ms_per_resource"] / sdk[0]["ms_per_resource"]
    return {"floor_s": floor[0], "engine": engine, "sdk": sdk}


def bench_memory(project: str, size: int, per_copy: int) -> dict[str, float]:
    """The dev stack's topologies at ``size`` resources, previewed with the pack by a fresh engine process."""
    copies = math.ceil(size / per_copy)
    _, output = _run([sys.executable, "-m", "private_apis.bench_memory", project, str(copies)])
    return json.loads(output)


def _timed(label: str, step: Callable[[], Any]) -> Any:
    print(f"bench: {label} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    result = step()
    print(f"bench: {label}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return result


def measure(args: argparse.Namespace) -> dict[str, Any]:
    quick = args.quick
    runs = 1 if quick else args.runs
    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "quick": quick}
    report["preview"] = _timed("preview", lambda: bench_preview(STACK, runs))
    report["imports"] = _timed("imports", lambda: bench_imports(1 if quick else 3))
    real = _timed("real graph", lambda: bench_pack.dev_graph(ROOT, STACK))
    size = 2000 if quick else 10000
    report["packs"] = _timed("packs", lambda: bench_pack.bench_packs(
        ROOT, replicate(real.resources, size), synthetic_stack(size), synthetic_stack(1000), real.config))
    with tempfile.TemporaryDirectory(prefix="bench-") as scaled, tempfile.TemporaryDirectory(prefix="bench-") as look:
        bench_project(scaled, os.path.join(PROGRAMS, "scaled_dev.py"))
        bench_project(look, os.path.join(PROGRAMS, "lookups.py"))
        factors = [1, 2, 4] if quick else [1, 2, 4, 8]
        report["scaling"] = _timed("scaling", lambda: bench_scaling(scaled, factors, max(runs // 2, 1)))
        report["onprem"] = _timed("onprem", lambda: bench_onprem(scaled, [5, 20] if quick else [20, 80], 1))
        report["lookups"] = _timed("lookups", lambda: bench_lookups(look, [200, 400] if quick else [400, 800], 1))
        report["memory"] = _timed("memory", lambda: bench_memory(scaled, size, len(real.resources)))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per preview figure (median)")
    parser.add_argument("--quick", action="store_true", help="one run each, smaller sizes (about two minutes)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1 (e.g. --runs 3)")
    report = measure(args)
    print(json.dumps(report, indent=2) if args.json else render(report, TARGETS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
