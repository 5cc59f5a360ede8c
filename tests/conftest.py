"""Fixtures shared across test modules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from private_apis.engine.preview import PreviewOptions, PreviewResult, preview

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def stack_preview() -> Callable[[str], PreviewResult]:
    """The offline preview of a stack file with the policy pack, run once per stack for the whole session: several
    modules look at the same stacks, and each preview costs seconds."""
    cache: dict[str, PreviewResult] = {}

    def run(stack: str) -> PreviewResult:
        if stack not in cache:
            cache[stack] = preview(PreviewOptions(cwd=str(ROOT), stack=stack, policy_packs=[str(ROOT / "policies")]))
        return cache[stack]

    return run
