"""The guard on programs written the way other teams write them: each folder under tests/guard_corpus is a Pulumi
project of its own, previewed by the offline engine with the pack over the real Analyzer protocol, in a normal and
in a first preview. Its ``expect.yaml`` lists exactly the mandatory violations, as ``[policy, resource name]``:

    mandatory:                  # a normal preview
      - [aws-s3-bucket-disallow-public-policy, site]
    first_preview_mandatory:    # a first preview (provider-computed values unknown); defaults to ``mandatory``
      - [aws-s3-bucket-disallow-public-policy, site]

A compliant program says ``mandatory: []``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "guard_corpus"
PROGRAMS = sorted(p.name for p in CORPUS.iterdir() if (p / "Pulumi.yaml").exists()) if CORPUS.exists() else []


def expectations(program: str) -> dict[str, set[tuple[str, str]]]:
    document = yaml.safe_load((CORPUS / program / "expect.yaml").read_text()) or {}
    normal = {tuple(pair) for pair in document.get("mandatory") or []}
    first = document.get("first_preview_mandatory")
    return {"normal": normal, "first": normal if first is None else {tuple(pair) for pair in first}}


def mandatory(result) -> set[tuple[str, str]]:
    return {(v.policy, v.resource_name) for v in result.mandatory}


def test_the_corpus_is_half_insecure_half_compliant():
    insecure = [p for p in PROGRAMS if expectations(p)["normal"]]
    assert len(PROGRAMS) >= 20
    assert abs(len(insecure) - (len(PROGRAMS) - len(insecure))) <= len(PROGRAMS) // 4


@pytest.mark.parametrize("program", PROGRAMS)
def test_normal_preview(program, corpus_preview):
    assert mandatory(corpus_preview(program, False)) == expectations(program)["normal"]


@pytest.mark.parametrize("program", PROGRAMS)
def test_first_preview(program, corpus_preview):
    assert mandatory(corpus_preview(program, True)) == expectations(program)["first"]
