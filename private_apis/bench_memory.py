"""``python -m private_apis.bench_memory PROJECT COPIES``: one preview with the policy pack of the bench program
(bench_programs/scaled_dev.py, COPIES times the stack's topologies) by this fresh engine process; prints, as JSON,
the resources, the seconds, and the peak resident memory of this process (the engine) and of the pack's process,
each next to its floor: the same process right after importing what it runs.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from private_apis.engine import analyzer
from private_apis.engine.preview import PreviewOptions, preview

_PEAKS: list[float | None] = []


class _MeasuredPack(analyzer.PolicyPackProcess):
    """The pack process of a preview, its peak memory read just before it is ended."""

    def close(self) -> None:
        if self.process is not None:
            _PEAKS.append(self.peak_rss_mib())
        super().close()


def _idle_pack_mib(pack_dir: str) -> float | None:
    with analyzer.PolicyPackProcess(pack_dir, project="bench", stack="bench", config={}) as pack:
        pack.info()
        return pack.peak_rss_mib()


def main(project: str, copies: int) -> dict[str, float | int | None]:
    engine_floor = analyzer.peak_rss_mib(os.getpid())
    pack_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "policies")
    pack_floor = _idle_pack_mib(pack_dir)
    os.environ["BENCH_COPIES"] = str(copies)
    # preview() starts its packs through this module attribute; the subclass only reads their memory.
    analyzer.PolicyPackProcess = _MeasuredPack  # type: ignore[misc]
    start = time.perf_counter()
    result = preview(PreviewOptions(cwd=project, stack="dev", policy_packs=[pack_dir]))
    seconds = time.perf_counter() - start
    return {"resources": len(result.graph.resources), "seconds": seconds,
            "engine_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "engine_floor_mib": engine_floor, "pack_peak_mib": _PEAKS[0] if _PEAKS else None,
            "pack_floor_mib": pack_floor}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
