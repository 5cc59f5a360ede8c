"""Fixtures shared across test modules."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from private_apis.engine.preview import PreviewOptions, PreviewResult, preview

ROOT = Path(__file__).resolve().parent.parent
# No test may reach the instance metadata service: botocore's credential chain asks it when nothing else answers.
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def stack_preview() -> Callable[[str], PreviewResult]:
    """The offline preview of a stack file with the policy pack, run once per stack for the whole session: several
    modules look at the same stacks, and each preview costs seconds."""
    cache: dict[str, PreviewResult] = {}

    def run(stack: str) -> PreviewResult:
        if stack not in cache:
            cache[stack] = preview(PreviewOptions(cwd=str(ROOT), stack=stack, policy_packs=[str(ROOT / "policies")],
                                                  in_process=True))
        return cache[stack]

    return run


@pytest.fixture(scope="session")
def corpus_preview() -> Callable[[str, bool], PreviewResult]:
    """The offline preview with the pack of a guard-corpus program (tests/guard_corpus), once per program and mode
    for the session: the corpus test and the servicer's differential test read the same runs."""
    cache: dict[tuple[str, bool], PreviewResult] = {}

    def run(program: str, first_preview: bool = False) -> PreviewResult:
        if (program, first_preview) not in cache:
            cache[program, first_preview] = preview(PreviewOptions(
                cwd=str(ROOT / "tests" / "guard_corpus" / program), stack="dev",
                policy_packs=[str(ROOT / "policies")], first_preview=first_preview))
        return cache[program, first_preview]

    return run
