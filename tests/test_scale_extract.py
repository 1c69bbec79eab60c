"""Extraction time grows with the length of a document, not with its square (rules only, no model)."""

from __future__ import annotations

import cProfile
import functools

import pytest

import kg.workers as workers
from kg.ingest import document_from_text

SENTENCE = "南江市科协召开会议，林书远主持。"


@functools.cache
def rules_only() -> workers.Resources:
    from kg.rules.lexicon import load_lexicon

    return workers.Resources(nlp=None, lexicon=load_lexicon())


def calls_to_extract(text: str) -> int:
    """Python function calls made extracting ``text``: a measure of work that load cannot move."""
    doc = document_from_text(text)
    profile = cProfile.Profile()
    profile.enable()
    workers.extract_document(doc, rules_only())
    profile.disable()
    return sum(entry.callcount for entry in profile.getstats())


@pytest.mark.slow
def test_scale_extract_work_is_not_quadratic_in_document_length() -> None:
    """find_items compared every organization span with every other until 820d12a (12 s for 64,000
    characters of the sentence below, 27 s for 128,000).  Work is counted in function calls, not
    seconds, so a busy machine cannot fail the test; the seconds are in bench/long_input_bench.py."""
    calls_to_extract(SENTENCE * 50)  # warm up (caches, lazy loads)
    short = calls_to_extract(SENTENCE * 1000)
    long = calls_to_extract(SENTENCE * 4000)  # 4 times as long: about 4 times the work, not 16
    assert long < 5 * short, f"{short:,} calls for 16,000 characters, {long:,} for 64,000"


def test_scale_extract_quote_state_is_read_within_a_sentence_reach() -> None:
    """Whether a name stands inside quotes is read from at most a sentence's reach before it, so a line
    with no break costs the same per name wherever the name is (it was the whole line before each name:
    quadratic in a million-character line).  A quote opened just before the name still counts."""
    from kg.model import Span
    from kg.rules import _quoted
    from kg.rules.chains import MAX_SENTENCE_CHARS

    name = "王海川"
    near = "“学习" + name + "同志"
    assert _quoted(near, Span(3, 3 + len(name)))
    far = "“" + "科普活动进社区" * (MAX_SENTENCE_CHARS // 7 + 10) + "主席" + name + "讲话"
    start = far.index(name)
    assert not _quoted(far, Span(start, start + len(name)))
