"""The entity merger and the title recognizer, on plain character spans (no model needed)."""

from __future__ import annotations

import pytest

from kg.nlp.components import EntityMerger, TitleRecognizer
from kg.nlp.gazetteers import LexiconMatcher, load_gazetteers
from kg.nlp.pipeline import chunk_text, to_simplified


@pytest.fixture(scope="module")
def merger() -> EntityMerger:
    return EntityMerger("titles", "gazetteer", frozenset({"ORG", "LOC"}), 3, True, 2)


@pytest.fixture(scope="module")
def titles() -> TitleRecognizer:
    gaz = load_gazetteers()
    return TitleRecognizer(LexiconMatcher((t, "TITLE") for t in gaz.titles), "titles", "会团处部厅局院室组办")


@pytest.mark.parametrize(("text", "expected"), [
    ("北京市科协党组书记、常务副主席沈洁主持", ["党组书记", "常务副主席"]),
    ("二级巡视员王力和副县长出席", ["二级巡视员", "副县长"]),
    ("主任委员会议由理事长主持", ["理事长"]),  # 委员 + 会 is no title here
    ("原市长发言", ["原市长"]),
    ("书记处书记到会", ["书记处书记"]),
])
def test_merge_title_recognizer_finds_titles(titles, text, expected):
    assert [text[s:e] for s, e in titles.find(text)] == expected


def test_merge_title_is_cut_out_of_a_person(merger):
    text = "主席沈洁讲话"
    assert merger.merge(text, [(0, 4, "PERSON")], [(0, 2)], []) == [(0, 2, "TITLE"), (2, 4, "PERSON")]


def test_merge_title_at_the_end_of_an_org_is_cut_off(merger):
    text = "县委书记张三"
    assert merger.merge(text, [(0, 4, "ORG"), (4, 6, "PERSON")], [(2, 4)], []) == [
        (0, 2, "ORG"), (2, 4, "TITLE"), (4, 6, "PERSON")]


def test_merge_title_inside_an_org_name_is_dropped(merger):
    text = "主席团办公室"
    assert merger.merge(text, [(0, 6, "ORG")], [(0, 2)], []) == [(0, 6, "ORG")]


def test_merge_longer_title_wins(merger):
    assert merger.merge("常务副主席", [(2, 5, "TITLE")], [(0, 5)], []) == [(0, 5, "TITLE")]


def test_merge_gazetteer_fills_gaps_and_replaces_contained(merger):
    text = "北京市科协在海淀召开会议"
    model = [(0, 3, "LOC")]
    gaz = [(0, 5, "ORG"), (6, 8, "LOC")]  # 海淀 is shorter than min_gazetteer_length
    assert merger.merge(text, model, [], gaz) == [(0, 5, "ORG")]


def test_merge_gazetteer_never_crosses_a_model_entity(merger):
    assert merger.merge("张明华大学", [(0, 3, "PERSON")], [], [(2, 5, "ORG")]) == [(0, 3, "PERSON")]


def test_merge_middle_dot_joins_a_foreign_name(merger):
    text = "史蒂芬·韦尔比说"
    assert merger.merge(text, [(0, 3, "PERSON"), (4, 7, "PERSON")], [], []) == [(0, 7, "PERSON")]


@pytest.mark.parametrize("text", ["北京市科學技術協會副主席說", "臺灣", "abc,def", "", "發展和改革委員會"])
def test_merge_to_simplified_keeps_length(text):
    out = to_simplified(text)
    assert len(out) == len(text)


def test_merge_to_simplified_converts():
    assert to_simplified("科學技術協會") == "科学技术协会"


def test_merge_chunk_text_cuts_at_sentence_ends():
    text = "甲乙丙。" * 10
    pieces = list(chunk_text(text, 10))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 10 and p.endswith("。") for _, p in pieces)
    assert [o for o, _ in pieces] == [0, 8, 16, 24, 32]
    assert list(chunk_text("", 10)) == [(0, "")]


def test_merge_long_lexicon_name_relabels_the_same_span():
    merger = EntityMerger("titles", "gazetteer", frozenset({"ORG", "LOC"}), 3, True, 2, 4)
    assert merger.merge("北京市科协召开会议", [(0, 5, "LOC")], [], [(0, 5, "ORG")]) == [(0, 5, "ORG")]
    assert merger.merge("长江大桥", [(0, 2, "LOC")], [], [(0, 2, "ORG")]) == [(0, 2, "LOC")]


def test_merge_name_ending_inside_a_title_is_cut_before_it(merger):
    text = "北京市科协党组书记沈洁"
    assert merger.merge(text, [(0, 7, "ORG")], [(5, 9)], []) == [(0, 7, "ORG")]  # no lexicon name
    assert merger.merge(text, [(0, 7, "ORG"), (9, 11, "PERSON")], [(5, 9)], [(0, 5, "ORG")]) == [
        (0, 5, "ORG"), (5, 9, "TITLE"), (9, 11, "PERSON")]
