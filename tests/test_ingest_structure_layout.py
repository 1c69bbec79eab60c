# ruff: noqa: E501  (tables of Chinese sentences: ruff counts each CJK character as two columns)
"""kg.ingest.structure: bulletins (masthead, toc, sections, articles, credits) and news items."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import document_from_text, load_document
from kg.ingest.structure import Line, parse_credits
from kg.model import Document, DocumentKind, IssueInfo, PartialDate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"

BULLETIN_TITLES = [
    ("主题教育", "中国科协领导调研北京市科协工作", None),
    ("主题教育", "市科协举办党员干部培训班", None),
    ("科创工作", "市科协首都学术“一十百千万”工作机制发布", None),
    ("科创工作", "市科协与博鳌亚洲论坛秘书处座谈交流", None),
    ("科普工作", "首都科普品牌精彩亮相北京科技周", None),
    ("基层动态", "北京人工智能学会第四届会员代表大会暨“AIGC与具身智能”研讨会召开", "北京人工智能学会"),
    ("基层动态", "科技工作者沟通力提升沙龙首次举办", "创新服务中心"),
    ("基层动态", "密云区科协开展送科技下乡活动", "密云区科协"),
    ("基层动态", "延庆区举办庆祝全国科技工作者日活动暨全民科学素质提升系列活动启动仪式", "延庆区科协"),
    ("基层动态", "平谷区科协举办全国科技工作者日活动", "平谷区科协"),
]


@pytest.fixture(scope="module")
def bulletin(shared_dir: Path) -> Document:
    return load_document(shared_dir / "corpus" / "000_77c57347282a9562.txt")


def _credits(doc: Document) -> dict[str, str]:
    return {c.role: c.value for c in doc.credits}


def _check_spans(doc: Document) -> None:
    """Every span points where the value stands; bodies hold no attribution or credits."""
    for a in doc.articles:
        if a.title is not None:
            assert doc.slice(a.title_span) == a.title
        if a.source is not None:
            assert doc.slice(a.source_span) == a.source
            assert a.source not in doc.slice(a.body)[-len(a.source) - 2:]
        body = doc.slice(a.body)
        assert body == body.strip() and body
        for c in doc.credits:
            if c.role != "记者":  # 宁陕融媒讯(记者赵晓骞) leads the body
                assert not a.body.overlaps(c.span)
    for c in doc.credits:
        assert doc.slice(c.span) == c.value
    for s in doc.sections:
        assert s.name in doc.slice(s.span)


def test_structure_real_bulletin_masthead(bulletin: Document) -> None:
    assert bulletin.kind is DocumentKind.BULLETIN
    assert bulletin.title == "科协每周动态"
    assert bulletin.issue == IssueInfo(2023, 18, 71)
    assert bulletin.publisher == "北京市科协办公室"
    assert bulletin.date == PartialDate(2023, 6, 12)
    assert len(bulletin.toc) == 6 and bulletin.toc[0] == "中国科协领导调研北京市科协工作"


def test_structure_real_bulletin_ten_articles_in_four_sections(bulletin: Document) -> None:
    assert [s.name for s in bulletin.sections] == ["主题教育", "科创工作", "科普工作", "基层动态"]
    assert [(a.section, a.title, a.source) for a in bulletin.articles] == BULLETIN_TITLES
    assert [a.index for a in bulletin.articles] == list(range(10))
    _check_spans(bulletin)
    first = bulletin.slice(bulletin.articles[0].body)
    assert first.startswith("6月8日，为深入开展") and first.endswith("总结经验形成典型案例宣传推广。")
    assert bulletin.slice(bulletin.articles[5].body).endswith("迈上学会高质量发展的新征程。")


def test_structure_real_bulletin_credits(bulletin: Document) -> None:
    credits = _credits(bulletin)
    assert credits["编辑"] == "张红波"
    assert credits["审核"] == "李金涛"
    assert credits["信息报送邮箱"] == "skxxxbs@bast.net.cn"
    assert credits["分送"].split("\n") == ["市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导",
                                          "市学会、基金会，区科协，基层组织", "机关各部门及事业单位"]
    last = bulletin.articles[-1]
    assert "编辑" not in bulletin.slice(last.body) and "分送" not in bulletin.slice(last.body)


@pytest.mark.parametrize(
    ("name", "title", "date", "credits", "source"),
    [
        ("news13.txt", "传达中国科协“七大”精神会议现场", None, {}, None),
        ("news14.txt", None, None, {"编辑": "栀玥", "审核": "王韬"}, "吴世荣"),
        ("news15.txt", None, None, {"记者": "赵晓骞"}, None),
        ("news16.txt", "省科协对我县全国科普示范县创建工作进行初评", None, {"编辑": "郭慷"}, None),
        ("news17.txt", None, None, {}, None),
        ("news18.txt", None, None, {}, None),
        ("news19.txt", "英国皇家学会代表团访问深圳先进院", PartialDate(2024, 3, 20), {"来源": "科研处"}, None),
        ("news20.txt", "澳門科技界代表參加中國科協年會", PartialDate(2019, 7, 3), {}, None),
        ("news21.txt", "創新發明會加強產學研", None, {}, None),
        ("news22.txt", "北京神经变性病学会第一届学术会议、中国微循环学会神经变性病专业委员会第五届学术年会暨第二届北京国际神经变性病学术大会报",
         PartialDate(2017, 11, 5), {}, None),
    ],
)
def test_structure_real_news_items(shared_dir: Path, name: str, title: str | None, date: PartialDate | None,
                                   credits: dict[str, str], source: str | None) -> None:
    doc = load_document(shared_dir / "corpus" / name)
    assert doc.kind is DocumentKind.NEWS
    assert len(doc.articles) == 1
    article = doc.articles[0]
    assert (doc.title, article.title, doc.date, _credits(doc), article.source) == (title, title, date, credits, source)
    assert doc.issue is None and doc.sections == [] and doc.toc == []
    _check_spans(doc)
    body = doc.slice(article.body)
    assert not body.startswith(("2019-07-03", "时间", "創新發明"))  # header lines are not body
    assert not body.endswith(("王韬", "郭慷"))


def test_structure_news_repeated_title_and_caption_are_header() -> None:
    doc = load_document(FIXTURES / "news_caption_top.txt")
    assert doc.title == "北江市科协召开老科技工作者座谈会"
    assert doc.date == PartialDate(2021, 9, 30)
    assert doc.slice(doc.articles[0].body).startswith("9月29日下午，北江市科协召开")
    assert doc.slice(doc.articles[0].body).endswith("畅所欲言")  # a last line without 。 is still body


def test_structure_bulletin_with_plain_toc_and_supplied_lines() -> None:
    doc = load_document(FIXTURES / "bulletin_plain_toc.txt")
    assert doc.kind is DocumentKind.BULLETIN
    assert (doc.title, doc.publisher, doc.date) == ("科技社团简报", "北江市科协学会部", PartialDate(2022, 1, 10))
    assert doc.issue == IssueInfo(None, 7, None)
    assert doc.toc == ["北江市物理学会召开理事会", "市科协举办学会秘书长培训班"]
    assert [(a.title, a.source) for a in doc.articles] == [
        ("北江市物理学会召开理事会", "北江市物理学会"),
        ("市科协举办学会秘书长培训班", None),
    ]
    assert doc.slice(doc.articles[1].body).endswith("40余名学会秘书长参加培训。")  # hard wrap joined
    assert _credits(doc) == {"编辑": "白晓宁", "审核": "林峰"}
    _check_spans(doc)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("编辑:栀玥〡审核:王韬", [("编辑", "栀玥"), ("审核", "王韬")]),
        ("(编辑:郭慷)", [("编辑", "郭慷")]),
        ("（责任编辑：王小明）", [("责任编辑", "王小明")]),
        ("编辑：张三审核：李四", [("编辑", "张三"), ("审核", "李四")]),
        ("时间:2024-03-20来源:科研处", [("时间", "2024-03-20"), ("来源", "科研处")]),
        ("分送：市科协主席、副主席", [("分送", "市科协主席、副主席")]),
        ("信息报送邮箱：news@example.cn", [("信息报送邮箱", "news@example.cn")]),
    ],
)
def test_structure_parse_credits(line: str, expected: list[tuple[str, str]]) -> None:
    credits = parse_credits(Line(10, 10 + len(line), line))
    assert [(c.role, c.value) for c in credits] == expected
    for c in credits:
        assert line[c.span.start - 10:c.span.end - 10] == c.value


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("某某学会召开年会\n正文第一句。正文第二句。\n天津市科协供稿", "天津市科协"),
        ("某某学会召开年会\n正文第一句。正文第二句。\n（供稿：南开区科协）", "南开区科协"),
        ("某某学会召开年会\n正文第一句。正文第二句。（北京人工智能学会）", "北京人工智能学会"),
        ("某某学会召开年会\n正文第一句，审议了章程(草案)", None),
    ],
)
def test_structure_article_attribution(text: str, source: str | None) -> None:
    doc = document_from_text("科协动态\n第1期\n【学会】\n" + text)
    (article,) = doc.articles
    assert article.source == source
    assert article.section == "学会"
    body = doc.slice(article.body)
    assert body.startswith("正文第一句") and (source is None or source not in body)
