"""Extraction time grows with the length of a document, not with its square (rules only, no model)."""

from __future__ import annotations

import functools
import time

import pytest

import kg.workers as workers
from kg.ingest import document_from_text

SENTENCE = "南江市科协召开会议，林书远主持。"


@functools.cache
def rules_only() -> workers.Resources:
    from kg.rules.lexicon import load_lexicon

    return workers.Resources(nlp=None, lexicon=load_lexicon())


def seconds_to_extract(text: str) -> float:
    doc = document_from_text(text)
    t0 = time.perf_counter()
    workers.extract_document(doc, rules_only())
    return time.perf_counter() - t0


@pytest.mark.slow
def test_scale_extract_time_is_not_quadratic_in_document_length() -> None:
    """find_items compared every organization span with every other until 820d12a (12 s for 64,000
    characters of the sentence below, 27 s for 128,000)."""
    seconds_to_extract(SENTENCE * 50)  # warm up
    short = seconds_to_extract(SENTENCE * 1000)
    long = seconds_to_extract(SENTENCE * 4000)  # 4 times as long: about 4 times the time, not 16
    assert long < 7 * short + 0.5, f"{short:.2f} s for 16,000 characters, {long:.2f} s for 64,000"
