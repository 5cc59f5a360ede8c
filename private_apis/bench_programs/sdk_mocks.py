"""``python -m private_apis.bench_programs.sdk_mocks ITEMS``: the lookups program (lookups.py) under the Pulumi SDK's
own ``pulumi.runtime.set_mocks``, with none of the offline engine; prints the seconds its evaluation took (imports
excluded). The same program under the engine's monitor, side by side, tells whose cost the per-item lookups are.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import sys
import time

import pulumi
import pulumi_aws  # noqa: F401  (imported before the clock starts, as the program's own import is not its cost)
from pulumi.runtime import settings
from pulumi.runtime.stack import run_in_stack

PROGRAM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lookups.py")


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        return [f"{args.name}-id", dict(args.inputs)]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {"id": "aws", "partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}


def main(items: int) -> float:
    os.environ["BENCH_ITEMS"] = str(items)
    pulumi.runtime.set_mocks(_Mocks(), project="bench", stack="bench", preview=True)
    # set_mocks makes a root stack for programs that register at import time; the program here runs in a stack
    # of its own, as under the CLI (run_in_stack), so the root is cleared first.
    settings.ROOT.set(None)
    # The loop set_mocks was configured on: the SDK's mock monitor answers on it.
    loop = asyncio.get_event_loop()
    start = time.perf_counter()
    loop.run_until_complete(run_in_stack(lambda: runpy.run_path(PROGRAM, run_name="__main__")))
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{main(int(sys.argv[1])):.4f}")
