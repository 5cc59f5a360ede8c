"""The ``make bench`` report as a markdown table, ready to paste into the README: each figure, its floor, the ratio
between them and the target (private_apis/bench.py measures them)."""

from __future__ import annotations

from typing import Any


def _met(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def _preview_rows(report: dict[str, Any], targets: dict[str, float]) -> list[tuple[str, ...]]:
    p, i = report["preview"], report["imports"]
    return [
        ("offline preview of the dev stack with the pack", f"{p['preview_with_pack_s']:.2f} s",
         f"bare evaluation {p['floor_s']:.2f} s", f"{p['ratio']:.2f}x",
         f"<= {targets['preview']}x: {_met(p['ratio'] <= targets['preview'])}"),
        ("imports: engine / program / pack, fresh interpreter",
         f"{i['engine']:.2f} / {i['program']:.2f} / {i['pack']:.2f} s", f"python alone {i['python']:.2f} s",
         f"{i['engine'] / i['python']:.1f}x / {i['program'] / i['python']:.1f}x / {i['pack'] / i['python']:.1f}x", ""),
    ]


def _pack_rows(report: dict[str, Any], targets: dict[str, float]) -> list[tuple[str, ...]]:
    k = report["packs"]
    real, inproc, noop = k["real"], k["real_in_process"], k["real_noop"]
    # The issue set 1,800/s as half the do-nothing pack where that pack ran 3,700/s: on a slower machine the
    # absolute figure moves with the transport's, so the ratio to the floor measured in the same run is judged too.
    over_noop = real["per_second"] / noop["per_second"]
    return [
        (f"pack over gRPC, real graph ({real['resources']:,} resources: the dev stack replicated)",
         f"{real['per_second']:,.0f} resources/s",
         f"in-process {inproc['per_second']:,.0f}/s; do-nothing pack {noop['per_second']:,.0f}/s",
         f"{real['per_second'] / inproc['per_second']:.2f}x / {over_noop:.2f}x",
         f">= {targets['pack_per_second']:,}/s: {_met(real['per_second'] >= targets['pack_per_second'])}; "
         f">= {targets['pack_over_noop']}x the do-nothing pack: {_met(over_noop >= targets['pack_over_noop'])}"),
        (f"pack over gRPC, synthetic graph ({k['synthetic']['resources']:,} resources)",
         f"{k['synthetic']['per_second']:,.0f} resources/s",
         f"{k['synthetic_small']['resources']:,} resources: {k['synthetic_small']['per_second']:,.0f}/s",
         f"{k['synthetic_growth']:.2f}x cost per resource", ""),
    ]


def _curve_rows(title: str, curve: list[dict[str, Any]], floor: str, floor_s: float | None, target: float | None
                ) -> list[tuple[str, ...]]:
    """One row per size: the cost per resource, the run's time over its floor's, and the growth from the first size
    (the Ratio column), which the target bounds at the last size."""
    rows = []
    for row in curve:
        last = row is curve[-1] and target is not None
        over = f"{row['seconds'] / floor_s:.1f}x " if floor_s else ""
        floor_cell = (over + (floor if row is curve[0] else "")).strip()
        rows.append((f"{title}: {row['size']}" + (f" ({row['resources']:,} resources)" if "resources" in row else ""),
                     f"{row['ms_per_resource']:.2f} ms per resource", floor_cell,
                     f"{row['growth']:.2f}x", f"<= {target}x: {_met(row['growth'] <= target)}" if last else ""))
    return rows


def _evaluation_rows(report: dict[str, Any], targets: dict[str, float]) -> list[tuple[str, ...]]:
    s, o, lk = report["scaling"], report["onprem"], report["lookups"]
    return [
        *_curve_rows("evaluation, dev topologies", s["rows"], f"building nothing ({s['floor_s']:.2f} s)",
                     s["floor_s"], targets["scaling"]),
        *_curve_rows("evaluation, on-prem topology", o["rows"], f"building nothing ({o['floor_s']:.2f} s)",
                     o["floor_s"], targets["scaling"]),
        *_curve_rows("one lookup per resource, engine", lk["engine"], f"no items ({lk['floor_s']:.2f} s)",
                     lk["floor_s"], targets["lookups"]),
        *_curve_rows("one lookup per resource, the SDK's own mocks", lk["sdk"], "timed inside", None, None),
    ]


def _memory_rows(report: dict[str, Any], targets: dict[str, float]) -> list[tuple[str, ...]]:
    m = report["memory"]
    rows = []
    for side, target in (("engine", targets["engine_mib"]), ("pack", targets["pack_mib"])):
        peak, floor = m[f"{side}_peak_mib"], m[f"{side}_floor_mib"]
        ratio = f"{peak / floor:.1f}x" if peak and floor else "n/a"
        rows.append((f"peak memory of the {side} process, {m['resources']:,} resources", f"{peak or 0:.0f} MiB",
                     f"after its imports {floor or 0:.0f} MiB", ratio,
                     f"<= {target} MiB: {_met(bool(peak) and peak <= target)}"))
    return rows


def render(report: dict[str, Any], targets: dict[str, float]) -> str:
    rows = [*_preview_rows(report, targets), *_pack_rows(report, targets), *_evaluation_rows(report, targets),
            *_memory_rows(report, targets)]
    lines = [f"Measured {report['date']}{' (--quick: smaller sizes, one run each)' if report['quick'] else ''}:", "",
             "| Measure | Figure | Floor | Ratio | Target |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
