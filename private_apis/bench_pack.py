"""Pack throughput for ``make bench``: our pack over the Analyzer protocol, next to its two floors, in one run.

The floors: the same policies behind the same servicer called in this process (no transport: what the policies and
the one property conversion per request cost), and a pack with one do-nothing policy over gRPC (the transport and
the SDK's per-request work: the most any pack can do).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.runtime.proto import analyzer_pb2

from private_apis.engine import analyzer
from private_apis.engine.recorder import RecordedResource

WARM_UP = 500
"""Resources analysed before the clock starts: the first calls pay for imports and caches inside the pack."""


@dataclass
class DevGraph:
    resources: list[RecordedResource]
    config: dict[str, str]


def dev_graph(root: str, stack: str) -> DevGraph:
    """The stack's recorded graph (in this process: the project is trusted) and its config."""
    from private_apis.engine.preview import PreviewOptions, preview

    result = preview(PreviewOptions(cwd=root, stack=stack, in_process=True))
    return DevGraph(result.graph.resources, dict(result.config.values))


def _row(resources: int, seconds: float, **extra: Any) -> dict[str, Any]:
    return {"resources": resources, "seconds": seconds, "per_second": resources / seconds,
            "ms_per_resource": 1000 * seconds / resources, **extra}


def over_grpc(pack_dir: str, resources: list[RecordedResource], providers: analyzer.Providers | None,
              config: Mapping[str, str]) -> dict[str, Any]:
    """``Analyze`` every resource and ``AnalyzeStack`` once through a fresh pack process, as a preview does."""
    with analyzer.PolicyPackProcess(pack_dir, project="private-apis", stack="dev", config=config,
                                    rpc_timeout=600) as pack:
        info = pack.info()
        pack.configure(analyzer.reconcile_config(info.name, info, None))
        pack.analyze(resources[:WARM_UP], providers=providers)
        pack.analyze_stack(resources[:WARM_UP], providers)
        start = time.perf_counter()
        pack.analyze(resources, providers=providers)
        pack.analyze_stack(resources, providers)
        elapsed = time.perf_counter() - start
        return _row(len(resources), elapsed, peak_mib=pack.peak_rss_mib())


def in_process(root: str, resources: list[RecordedResource], providers: analyzer.Providers | None) -> dict[str, Any]:
    """The pack's servicer and policies in this process, fed the same requests the engine sends over gRPC."""
    sys.path.insert(0, os.path.join(root, "policies"))
    from private_api_guard import PACK_NAME, all_policies, servicer
    from pulumi_policy import EnforcementLevel
    from pulumi_policy import policy as sdk

    cls = servicer.FastServicer if servicer.compatible() else sdk._PolicyAnalyzerServicer
    instance = cls(PACK_NAME, "0.0.1", all_policies(), EnforcementLevel.ADVISORY)
    info = instance.GetAnalyzerInfo(None, None)
    instance.Configure(analyzer.configure_request(analyzer.reconcile_config(PACK_NAME, info, None)), None)
    instance.ConfigureStack(analyzer_pb2.AnalyzerStackConfigureRequest(stack="dev", project="private-apis"), None)
    for resource in resources[:WARM_UP]:
        instance.Analyze(analyzer.analyze_request(resource, providers), None)
    start = time.perf_counter()
    for resource in resources:
        instance.Analyze(analyzer.analyze_request(resource, providers), None)
    instance.AnalyzeStack(analyzer.stack_request(resources, providers), None)
    return _row(len(resources), time.perf_counter() - start)


def bench_packs(root: str, real: list[RecordedResource], synthetic: list[RecordedResource],
                small: list[RecordedResource], config: Mapping[str, str]) -> dict[str, Any]:
    pack = os.path.join(root, "policies")
    noop = os.path.join(root, "private_apis", "bench_programs", "noop_pack")
    providers = analyzer.Providers(real, config, project="private-apis", stack="dev")
    report = {
        "real": over_grpc(pack, real, providers, config),
        "real_in_process": in_process(root, real, providers),
        "real_noop": over_grpc(noop, real, providers, config),
        "synthetic": over_grpc(pack, synthetic, None, config),
        "synthetic_small": over_grpc(pack, small, None, config),
    }
    report["synthetic_growth"] = report["synthetic"]["ms_per_resource"] / report["synthetic_small"]["ms_per_resource"]
    return report
