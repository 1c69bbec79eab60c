"""A tiny time-boxed training run on invented corpora: the loop runs and saves a loadable model."""

from __future__ import annotations

import json

import pytest
import spacy

from kg.errors import PipelineError
from kg.nlp.training import train_ner

# invented sentences in each corpus format
_BIO = "张 B-PER\n明 I-PER\n任 O\n市 O\n长 O\n\n海 B-LOC\n淀 I-LOC\n区 I-LOC\n\n" * 3
CORPORA = {
    "msra_ner/train.char.bio": _BIO,
    "cluener2020/train.jsonl": json.dumps({"text": "李华是星光公司总裁", "label": {
        "name": {"李华": [[0, 1]]}, "company": {"星光公司": [[3, 6]]}, "position": {"总裁": [[7, 8]]}}},
        ensure_ascii=False) + "\n",
    "resume_ner/train.char.bmes": "王 B-NAME\n五 E-NAME\n任 O\n董 B-TITLE\n事 E-TITLE\n",
    "uner_chinese_gsdsimp/zh_gsdsimp-ud-train.iob2": "1\t赵六\tB-PER\t-\t-\n2\t到了\tO\t-\t-\n",
}


def _datasets(tmp_path):
    root = tmp_path / "datasets"
    for rel, text in CORPORA.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    lex = root / "lexicons" / "hanlp_1x_dictionary"
    lex.mkdir(parents=True)
    (lex / "positions_nnt.derived.txt").write_text("市长\t5\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_training_saves_a_loadable_model(tmp_path):
    root = _datasets(tmp_path)
    out = tmp_path / "model"
    train_ner(root, out, seed=1, max_minutes=0.05, log=lambda *_: None)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kg_training"]["seed"] == 1
    import kg.nlp.components  # noqa: F401

    nlp = spacy.load(out)
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG", "LOC", "TITLE"}
    nlp("张明任市长")


def test_training_needs_the_datasets_folder(tmp_path):
    with pytest.raises(PipelineError, match="datasets"):
        train_ner(tmp_path / "missing", tmp_path / "model", max_minutes=0.01)


@pytest.mark.slow
def test_training_fine_tunes_a_model_with_synthetic_sentences(tmp_path):
    """--init starts from a trained model's weights; --synthetic mixes filled templates into the
    stream and scores their own held-out slice; the meta says both."""
    root = _datasets(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    train_ner(root, first, seed=1, max_minutes=0.05, log=lambda *_: None)
    lines: list[str] = []
    train_ner(root, second, seed=2, max_minutes=0.05, log=lines.append, init=first, synthetic=0.5)
    meta = json.loads((second / "meta.json").read_text(encoding="utf-8"))["kg_training"]
    assert meta["init"] == str(first) and meta["synthetic"] == 0.5
    assert "synthetic_heldout_f" in meta["history"][-1]
    assert any("synthetic examples" in line for line in lines)
    import kg.nlp.components  # noqa: F401

    assert set(spacy.load(second).get_pipe("ner").labels) == {"PERSON", "ORG", "LOC", "TITLE"}


def test_training_from_a_folder_that_is_no_model_is_an_error(tmp_path):
    root = _datasets(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(PipelineError, match="not a trained model"):
        train_ner(root, tmp_path / "model", max_minutes=0.01, init=tmp_path / "empty")
