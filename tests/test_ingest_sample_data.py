# ruff: noqa: E501  (tables of Chinese sentences: ruff counts each CJK character as two columns)
"""data/sample: the bundled demo documents load, in every format, with the expected layout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kg.ingest import iter_input_files, load_document
from kg.model import DocumentKind, IssueInfo, PartialDate

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


@pytest.fixture(scope="module")
def sample_docs() -> dict:
    return {p.name: load_document(p) for p in iter_input_files([SAMPLE])}


def test_sample_every_file_loads_and_is_small(sample_docs: dict) -> None:
    assert set(sample_docs) == {
        "bulletin_2024_03.txt", "news_2024_04_cooperation.txt", "news_dongling_training.txt",
        "news_youth_contest_gbk.txt", "news_binhai_cooperation.docx", "news_qinghu_meeting.pdf",
    }
    assert sum(p.stat().st_size for p in SAMPLE.iterdir()) < 1_000_000
    formats = {name: (d.source_format, d.encoding) for name, d in sample_docs.items()}
    assert formats["news_youth_contest_gbk.txt"] == ("txt", "gb18030")
    assert formats["news_binhai_cooperation.docx"] == ("docx", None)
    assert formats["news_qinghu_meeting.pdf"] == ("pdf", None)


def test_sample_bulletin_layout(sample_docs: dict) -> None:
    doc = sample_docs["bulletin_2024_03.txt"]
    assert doc.kind is DocumentKind.BULLETIN
    assert (doc.title, doc.publisher, doc.date, doc.issue) == (
        "科协工作动态", "南江市科协办公室", PartialDate(2024, 3, 18), IssueInfo(2024, 3, 45))
    assert len(doc.toc) == 4
    assert [s.name for s in doc.sections] == ["党建引领", "科普工作", "学会动态", "基层动态"]
    assert [(a.section, a.source) for a in doc.articles] == [
        ("党建引领", None), ("科普工作", "青湖区科协"), ("科普工作", "东岭县科协"),
        ("学会动态", "南江市人工智能学会"), ("学会动态", "南江市医学会"), ("基层动态", "青湖区科协")]
    assert "在青湖区委党校举办" in doc.slice(doc.articles[1].body)  # the page break is repaired
    assert {c.role: c.value for c in doc.credits}["编辑"] == "顾晓岚"


def test_sample_news_layouts(sample_docs: dict) -> None:
    coop = sample_docs["news_2024_04_cooperation.txt"]
    assert (coop.title, coop.date) == ("南江大学与南江市第一人民医院签署战略合作协议", PartialDate(2024, 4, 2))
    one = sample_docs["news_dongling_training.txt"]
    assert (one.title, one.date, one.articles[0].source) == (None, None, "东岭县科协")
    assert "，" in one.nlp_text and "," in one.text
    youth = sample_docs["news_youth_contest_gbk.txt"]
    assert youth.date == PartialDate(2024, 3, 25)
    assert {c.role: c.value for c in youth.credits} == {"记者": "方知夏", "编辑": "顾晓岚", "审核": "陈思远"}
    pdf = sample_docs["news_qinghu_meeting.pdf"]
    assert pdf.title == "青湖区科协召开2024年度工作会议"
    assert "出席会议并讲话，区科协主席韩晓峰" in pdf.text  # the PDF's line wraps are joined
    assert {c.role: c.value for c in pdf.credits} == {"来源": "青湖区科协", "编辑": "顾晓岚", "审核": "陈思远"}


def test_sample_people_recur_across_documents(sample_docs: dict) -> None:
    def holders(name: str) -> set[str]:
        return {file for file, d in sample_docs.items() if name in d.text}

    assert holders("林书远") == {"bulletin_2024_03.txt", "news_youth_contest_gbk.txt", "news_binhai_cooperation.docx"}
    assert holders("韩立川") == {"bulletin_2024_03.txt", "news_2024_04_cooperation.txt"}
    assert holders("唐慧敏") == {"bulletin_2024_03.txt", "news_2024_04_cooperation.txt"}


def test_sample_binaries_match_their_generator(sample_docs: dict) -> None:
    spec = importlib.util.spec_from_file_location("make_binaries", SAMPLE / "make_binaries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (SAMPLE / "news_youth_contest_gbk.txt").read_bytes() == module.YOUTH_CONTEST.encode("gbk")
    docx_text = sample_docs["news_binhai_cooperation.docx"].source_text
    assert docx_text.split("\n\n") == module.BINHAI_COOPERATION
    assert sample_docs["news_qinghu_meeting.pdf"].title == module.QINGHU_MEETING[0]
