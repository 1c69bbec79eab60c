"""Hostile text through extraction and RDF building: never a crash, every span inside the text, RDF that parses.

The rule-based run (no NER model) is fast and runs many examples; with the trained model present, a
smaller run goes through the statistical NER too.  KG_FUZZ_EXAMPLES raises the count (bench/RESULTS.md).
"""

from __future__ import annotations

import functools
import os
import random
from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus_generator import gen_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.graph.document as docgraph
import kg.workers as workers
from kg.errors import EmptyDocument
from kg.ingest import document_from_text
from kg.resolve.identity import PersonRegistry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "120"))
HAS_MODEL = (ROOT / "kg/nlp/model/config.cfg").is_file()

PIECES = ["市科协党组书记、常务副主席", "林书远", "周雅琴", "主持", "出席并讲话", "致辞", "当选理事长", "，", "。", "、",
          "（南江市医学会）", "由南江市科协主办、青湖区科协承办的", "6月8日", "6月7日-9日", "３月１２日", "在", "召开",
          "座谈会", "培训班", "【学会动态】", "\n\n", "\n", "编辑：", "审核：", "2024年 第3期", "（总第45期）", "目  录",
          "- ", "院士", "教授", "等", "名", "一行", "陪同", "“", "”", "《", "》", "来源:", "时间:2024-03-20",
          "南江大学", "中国工程院院士、南江医科大学教授", "郑怀德", "(记者 方知夏)", "供稿", "·", "—", "A", "Dr.",
          "\u200b", "\x0c", "\u202e", "𠀀", "龍", "會議", "主席", "副主席", "书记", "同志", "的", "了", "和"]

PHRASES = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=120).map("".join)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@functools.cache
def rules_only() -> workers.Resources:
    from kg.rules.lexicon import load_lexicon

    return workers.Resources(nlp=None, lexicon=load_lexicon())




def extract_and_check(text: str, resources: workers.Resources) -> None:
    try:
        doc = document_from_text(text)
    except EmptyDocument:
        return
    ex = workers.extract_document(doc, resources)
    n = len(doc.text)
    spans = [m.span for p in ex.persons.values() for m in p.mentions]
    spans += [m.span for o in ex.organizations.values() for m in o.mentions]
    spans += [p.span for p in ex.posts] + [e.span for e in ex.events if e.span]
    spans += [r.span for e in ex.events for r in e.participants] + [r.span for r in ex.document_roles]
    for span in spans:
        assert 0 <= span.start <= span.end <= n, (span, n)
    for p in ex.posts:
        assert p.person in ex.persons
    ds = docgraph.add_to_dataset(ex, PersonRegistry())
    data = ds.serialize(format="nquads", encoding="utf-8")
    assert len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS))) > 0


@FUZZ
@given(text=PHRASES)
def test_fuzz_extract_rules_on_hostile_phrases(text: str) -> None:
    extract_and_check(text, rules_only())


@FUZZ
@given(seed=st.integers(0, 100_000), cut=st.floats(0, 1), noise=st.text(max_size=30))
def test_fuzz_extract_rules_on_damaged_bulletins(seed: int, cut: float, noise: str) -> None:
    gc = gen_corpus()
    make = gc.bulletin if seed % 2 else gc.news
    _, text = make(random.Random(seed), gc.make_world(0), seed)
    i = int(cut * len(text))
    extract_and_check(text[:i] + noise + text[i:][: len(text) // 2], rules_only())


@pytest.mark.slow
def test_fuzz_extract_rules_on_a_long_document() -> None:
    """A 40,000-character bulletin: 16 generated ones glued together, with no blank line between some of them."""
    gc = gen_corpus()
    world = gc.make_world(0)
    texts = [gc.bulletin(random.Random(i), world, i)[1] for i in range(16)]
    extract_and_check("\n".join(texts), rules_only())


@pytest.mark.slow
@pytest.mark.skipif(not HAS_MODEL, reason="the trained NER model kg/nlp/model is not here")
@settings(max_examples=max(10, EXAMPLES // 6), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=PHRASES)
def test_fuzz_extract_with_the_model(text: str) -> None:
    extract_and_check(text, workers.load_resources())
