"""Corpus readers, label folding and the missing-label handling of the training examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from kg.nlp.corpora import (
    CORPORA,
    Sentence,
    find_lexicon_spans,
    make_example,
    mark_missing_titles,
    read_corpus,
    spans_from_tags,
)

TITLES = frozenset({"书记", "党组书记", "主席", "常务副主席", "市长"})


@pytest.mark.parametrize(("tags", "spans"), [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["B-ORG", "M-ORG", "E-ORG", "S-PER"], [(0, 3, "ORG"), (3, 4, "PER")]),
    (["O", "I-LOC", "I-LOC"], [(1, 3, "LOC")]),
    (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
])
def test_corpora_spans_from_tags(tags, spans):
    assert spans_from_tags(tags) == spans


def _write_datasets(root: Path) -> Path:
    """A tiny invented copy of each corpus format, at the paths the readers expect."""
    (root / "msra_ner").mkdir(parents=True)
    (root / "msra_ner" / "train.char.bio").write_text(
        "张 B-PER\n明 E-PER\n任 O\n市 O\n长 O\n\n海 B-LOC\n淀 E-LOC\n", encoding="utf-8")
    (root / "cluener2020").mkdir()
    rec = {"text": "李华是星光公司总裁，住在湖边", "label": {
        "name": {"李华": [[0, 1]]}, "company": {"星光公司": [[3, 6]]}, "position": {"总裁": [[7, 8]]},
        "scene": {"湖边": [[12, 13]]}, "book": {"是星": [[2, 3]]}}}
    (root / "cluener2020" / "train.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
    (root / "resume_ner").mkdir()
    (root / "resume_ner" / "train.char.bmes").write_text(
        "王 B-NAME\n五 E-NAME\n， O\n中 B-CONT\n国 E-CONT\n籍 O\n"
        "董 B-TITLE\n事 E-TITLE\n汉 B-RACE\n族 E-RACE\n",
        encoding="utf-8")
    (root / "uner_chinese_gsdsimp").mkdir()
    (root / "uner_chinese_gsdsimp" / "zh_gsdsimp-ud-train.iob2").write_text(
        "# text = 赵六到了东京\n1\t赵六\tB-PER\t-\t-\n2\t到了\tO\t-\t-\n3\t东京\tB-LOC\t-\t-\n",
        encoding="utf-8")
    return root


def test_corpora_fold_labels_per_corpus(tmp_path):
    root = _write_datasets(tmp_path)
    msra = read_corpus(root, "msra_train")
    assert [s.text for s in msra] == ["张明任市长", "海淀"]
    assert msra[0].spans == [(0, 2, "PERSON")] and msra[1].spans == [(0, 2, "LOC")]
    (cl,) = read_corpus(root, "cluener_train")
    assert sorted(cl.spans) == [(0, 2, "PERSON"), (3, 7, "ORG"), (7, 9, "TITLE")]
    assert cl.missing == [(12, 14)]  # scene: unknown, not "no entity"; book: plain O
    (rs,) = read_corpus(root, "resume_train")
    assert sorted(rs.spans) == [(0, 2, "PERSON"), (6, 8, "TITLE")]
    assert rs.missing == [(3, 5)]  # CONT (中国) could be a LOC elsewhere
    (un,) = read_corpus(root, "uner_train")
    assert un.text == "赵六到了东京" and un.spans == [(0, 2, "PERSON"), (4, 6, "LOC")]


def test_corpora_which_corpora_annotate_titles():
    assert "TITLE" not in CORPORA["msra_train"].labels
    assert "TITLE" not in CORPORA["uner_train"].labels
    assert "TITLE" in CORPORA["cluener_train"].labels and "TITLE" in CORPORA["resume_train"].labels


def test_corpora_find_lexicon_spans_leftmost_longest():
    assert find_lexicon_spans("党组书记、常务副主席", TITLES) == [(0, 4), (5, 10)]


def test_corpora_titles_become_missing_in_a_corpus_without_title():
    sent = Sentence("市委书记张明和主席团", [(4, 6, "PERSON")])
    marked = mark_missing_titles(sent, TITLES)
    assert (2, 4) in marked.missing and (7, 9) in marked.missing
    assert marked.spans == sent.spans


def test_corpora_missing_title_never_overrides_a_gold_entity():
    sent = Sentence("书记张明", [(0, 4, "PERSON")])  # gold says otherwise: keep it
    assert mark_missing_titles(sent, TITLES).missing == []


def test_corpora_example_marks_missing_tokens():
    nlp = spacy.blank("zh")
    eg = make_example(nlp, mark_missing_titles(Sentence("市委书记张明讲话", [(4, 6, "PERSON")]), TITLES))
    iob = [t.ent_iob_ for t in eg.reference]
    assert iob == ["O", "O", "", "", "B", "I", "O", "O"]  # 书记 missing, not O
    assert [(e.text, e.label_) for e in eg.reference.ents] == [("张明", "PERSON")]
