"""The person-name splitter: names side by side, a verb run into a name, transliterations left whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp.components import PersonNameSplitter
from kg.nlp.gazetteers import load_gazetteers
from kg.nlp.names import load_name_model

DATA = Path(__file__).resolve().parents[1] / "kg" / "nlp" / "data"


@pytest.fixture(scope="module")
def splitter() -> PersonNameSplitter:
    model = load_name_model(DATA / "name_chars.tsv", load_gazetteers().surnames, DATA / "name_followers.txt")
    return PersonNameSplitter(model, max_extension=2)


def persons(splitter: PersonNameSplitter, text: str, spans: list[tuple[int, int]]) -> list[str]:
    ents = [(s, e, "PERSON") for s, e in spans]
    return [text[s:e] for s, e, _ in splitter.split(text, ents)]


@pytest.mark.parametrize(
    ("text", "model_span", "expected"),
    [
        ("主席台就座：李国庆张敏陈立", (6, 10), ["李国庆", "张敏", "陈立"]),  # the model took 李国庆 alone
        ("王建民张中华出席揭牌仪式", (0, 6), ["王建民", "张中华"]),
        ("会上，彭丽娟宣读了表彰决定。", (3, 7), ["彭丽娟"]),  # a verb's first character left out
        ("嘉宾林涛邵文胡静一同出席。", (2, 7), ["林涛", "邵文", "胡静"]),  # the last name cut short
    ],
)
def test_names_split_names_side_by_side(splitter, text, model_span, expected):
    assert persons(splitter, text, [model_span]) == expected


@pytest.mark.parametrize(
    ("text", "model_span"),
    [
        ("奥尔布赖特国务卿抵达北京", (0, 5)),  # a transliteration keeps its characters together
        ("克林斯曼为球队打入一球", (0, 4)),
        ("欧阳明辉介绍了试验进展", (0, 4)),  # compound surname + two given characters
        ("王建华同志出席开幕式", (0, 3)),  # 同志 after a name is not a second name
    ],
)
def test_names_leave_single_names_whole(splitter, text, model_span):
    s, e = model_span
    assert persons(splitter, text, [model_span]) == [text[s:e]]


def test_names_other_labels_untouched(splitter):
    text = "临江县科协王建民张中华"
    ents = [(0, 5, "ORG"), (5, 11, "PERSON")]
    assert splitter.split(text, ents) == [(0, 5, "ORG"), (5, 8, "PERSON"), (8, 11, "PERSON")]
