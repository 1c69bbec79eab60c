"""Synthetic training sentences: every slot labelled where it stands, lists run together, deterministic."""

from __future__ import annotations

import random

from kg.nlp.synthetic import NamePool, fill, synthetic_sentences

POOL = NamePool(surnames=("林", "苏"), surname_weights=(3.0, 1.0), compound_surnames=("欧阳",),
                given=("晓", "岚", "卫", "东"), given_weights=(1.0, 1.0, 1.0, 1.0),
                titles=("主席", "副主席", "秘书长"), orgs=("临江市科学技术协会",), places=("临江市",))


def _names(sentence):
    return [(sentence.text[s:e], label) for s, e, label in sentence.spans]


def test_synthetic_fill_labels_each_slot_at_its_place():
    sent = fill("{O}{T}{P}主持会议。", POOL, random.Random(3))
    org, title, person = _names(sent)
    assert org == ("临江市科学技术协会", "ORG") and title[1] == "TITLE" and person[1] == "PERSON"
    assert sent.text == org[0] + title[0] + person[0] + "主持会议。"
    assert person[0][0] in "林苏欧" and 2 <= len(person[0]) <= 4


def test_synthetic_list_without_separators_is_two_to_four_names_side_by_side():
    for seed in range(20):
        sent = fill("出席的有{PP}等。", POOL, random.Random(seed))
        spans = sent.spans
        assert 2 <= len(spans) <= 4 and all(label == "PERSON" for *_, label in spans)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))  # nothing between
        assert sent.text == "出席的有" + "".join(sent.text[s:e] for s, e, _ in spans) + "等。"


def test_synthetic_vice_before_a_title_slot_belongs_to_the_title():
    for seed in range(20):
        sent = fill("{P}为副{T}。", POOL, random.Random(seed))
        title = next(sent.text[s:e] for s, e, label in sent.spans if label == "TITLE")
        assert title.startswith("副") and not title.startswith("副副")


def test_synthetic_sentences_from_the_shipped_lexicons_are_the_same_for_a_seed():
    a, b = synthetic_sentences(50, seed=4), synthetic_sentences(50, seed=4)
    assert [(s.text, s.spans) for s in a] == [(s.text, s.spans) for s in b]
    assert [s.text for s in a] != [s.text for s in synthetic_sentences(50, seed=5)]
    assert all(0 <= s0 < e0 <= len(s.text) for s in a for s0, e0, _ in s.spans)
    assert {label for s in a for *_, label in s.spans} == {"PERSON", "TITLE", "ORG", "LOC"}
