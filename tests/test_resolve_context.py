"""The document context: what 我校, 本会, 我院 mean, decided once per document (invented documents)."""

from __future__ import annotations

import dataclasses

import pytest

from kg.ingest import document_from_text
from kg.resolve import context_of, resolve_document
from kg.rules import find_items
from kg.workers import load_resources, ner_entities


@pytest.fixture(scope="module")
def resources():
    return load_resources(None)


def _resolve(text: str, resources, publisher: str | None = None):
    """Rules over the model's entities, as extraction runs them."""
    doc = document_from_text(text)
    if publisher is not None:
        doc = dataclasses.replace(doc, publisher=publisher)
    found = find_items(doc, resources.lexicon, ner=ner_entities(resources.nlp, doc.nlp_text, None))
    return context_of(found), resolve_document(found, resources.lexicon)


def _posts(ex) -> set[tuple[str, str, str | None]]:
    orgs = {k: o.name for k, o in ex.organizations.items()}
    return {(ex.persons[p.person].name, p.title, orgs.get(p.org) if p.org else None) for p in ex.posts}


def test_a_self_reference_is_the_publisher_when_the_page_names_it(resources):
    text = "临江理工大学与南江科技集团签署合作协议\n5月9日，我校副校长王芳、南江科技集团总经理陈立出席签约仪式。\n"
    context, ex = _resolve(text, resources, publisher="临江理工大学")
    assert context.body_meant("我校") == "临江理工大学"
    assert ("王芳", "副校长", "临江理工大学") in _posts(ex)
    assert "我校" not in {o.name for o in ex.organizations.values()}


def test_a_visitor_is_never_the_body_that_says_we(resources):
    # news-item layout: the guest arrives 一行; the host is named once elsewhere
    text = ("南江大学代表团来访\n"
            "6月3日，南江大学副校长李明一行来我校访问，我校副校长王芳会见了来宾。\n"
            "双方介绍了临江理工大学的学科建设情况。\n")
    context, ex = _resolve(text, resources)
    assert context.body_meant("我校") == "临江理工大学"
    assert ("王芳", "副校长", "临江理工大学") in _posts(ex)
    assert ("李明", "副校长", "南江大学") in _posts(ex)


def test_a_self_reference_stays_as_written_when_two_bodies_could_be_meant(resources):
    # bulletin layout: two institutes named, neither a guest nor the publisher
    text = ("5月8日，临江物理研究所与南江化学研究所联合举办学术报告会。\n"
            "我所所长助理林晓峰主持报告会。\n")
    context, _ex = _resolve(text, resources)
    assert context.body_meant("我所") is None


def test_the_context_carries_the_date_frame_and_a_source_line_publisher(resources):
    text = "临江研究所召开年度工作会议\n2024年4月8日\n4月2日，我所召开年度工作会议。\n来源：临江研究所\n"
    context, _ex = _resolve(text, resources)
    assert context.date is not None and context.date.year == 2024
    assert context.publisher == "临江研究所"  # the source line, read by the structure stage as a credit
    assert context.body_meant("我所") == "临江研究所"


def test_a_title_without_its_body_is_at_the_body_the_document_speaks_for(resources):
    # an institute's own news: the unit titles name no body, the source line says whose news it is
    text = ("临江研究所召开2024年度科研工作会议\n"
            "4月2日，2024年度科研工作会议召开。所长助理林晓峰、副所长周敏出席会议，科研处处长吴刚主持。\n"
            "来源：临江研究所\n")
    _context, ex = _resolve(text, resources)
    posts = _posts(ex)
    assert ("林晓峰", "所长助理", "临江研究所") in posts
    assert ("周敏", "副所长", "临江研究所") in posts
    # a title of another kind of body is not moved there
    assert ("吴刚", "处长", "临江研究所") not in posts


def test_the_body_of_an_honour_or_a_title_after_another_body_is_not_home(resources):
    # a college's news: the academy is named for an honour (院士), the dean's title follows 学院
    text = ("我院举办学术沙龙\n5月9日，由我院科研处主办的学术沙龙在图书馆举行。"
            "中国工程院院士、北方医科大学校长钱建民作报告。学院院长孔德亮主持沙龙。\n")
    context, ex = _resolve(text, resources)
    assert context.body_meant("我院") is None
    assert ("孔德亮", "院长", "中国工程院") not in _posts(ex)
