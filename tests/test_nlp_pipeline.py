"""The full pipeline (trained model + titles + gazetteer + merger), loaded once per session."""

from __future__ import annotations

import pytest

from kg.errors import PipelineError
from kg.nlp import tag_lines
from kg.nlp.pipeline import DEFAULT_CONFIG, load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


def ents(nlp, text):
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_pipeline_loads_once(nlp):
    assert load_pipeline() is nlp
    assert load_pipeline(DEFAULT_CONFIG) is nlp


def test_pipeline_components_registered_and_ordered(nlp):
    assert nlp.pipe_names == ["ner", "kg_titles", "kg_gazetteer", "kg_merge_entities", "kg_person_names"]
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())
    assert analysis["summary"]["kg_merge_entities"]["requires"] == ["doc.ents", "doc.spans"]


def test_pipeline_tokenizes_by_character(nlp):
    assert [t.text for t in nlp.make_doc("主席沈洁")] == ["主", "席", "沈", "洁"]


def test_pipeline_config_overrides_make_a_model_only_pipeline():
    assert load_pipeline(overrides={"nlp.after_ner": []}).pipe_names == ["ner"]


def test_pipeline_bad_config_is_a_pipeline_error(tmp_path):
    with pytest.raises(PipelineError, match="not found"):
        load_pipeline(tmp_path / "nope.cfg")
    bad = tmp_path / "bad.cfg"
    bad.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8").replace('model = "model"', 'model = "nowhere"'),
                   encoding="utf-8")
    with pytest.raises(PipelineError, match="no trained NER model"):
        load_pipeline(bad)


# invented sentences, in the style of institutional bulletins and news
@pytest.mark.parametrize(("text", "expected"), [
    ("北京市科协党组书记、常务副主席沈洁主持会议。",
     {("北京市科协", "ORG"), ("党组书记", "TITLE"), ("常务副主席", "TITLE"), ("沈洁", "PERSON")}),
    ("中国科学院院士王建华教授作主旨报告。",
     {("中国科学院", "ORG"), ("院士", "TITLE"), ("王建华", "PERSON"), ("教授", "TITLE")}),
    ("市政府副市长李明和区委书记张红到会。",
     {("副市长", "TITLE"), ("李明", "PERSON"), ("张红", "PERSON")}),
    ("坎特伯雷大主教史蒂芬·韦尔比访问上海。", {("史蒂芬·韦尔比", "PERSON"), ("上海", "LOC")}),
    ("会议在天津市滨海新区召开，清华大学的专家出席。", {("清华大学", "ORG")}),
])
def test_pipeline_tags_bulletin_sentences(nlp, text, expected):
    assert expected <= ents(nlp, text)


def test_pipeline_traditional_input_keeps_offsets():
    line = "北京市科協黨組書記、常務副主席沈潔主持會議。"
    (found,) = list(tag_lines([line]))
    spans = {(line[s:e], lab) for s, e, lab in found}
    assert ("沈潔", "PERSON") in spans and ("黨組書記", "TITLE") in spans


def test_pipeline_ascii_punctuation(nlp):
    found = ents(nlp, "据新华社报道,国务院总理李强(左)在北京会见来宾.")
    assert ("李强", "PERSON") in found and ("北京", "LOC") in found


def test_pipeline_empty_and_blank_lines():
    assert list(tag_lines(["", "   ", "王力"])) [:2] == [[], []]
