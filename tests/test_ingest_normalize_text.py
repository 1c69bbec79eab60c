# ruff: noqa: E501  (tables of Chinese sentences: ruff counts each CJK character as two columns)
"""kg.ingest.normalize: clean text, page-break repair, nlp_text, and an exact offset map."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.normalize import continues, normalize, to_nlp_text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("6 月 7 日-9 日，北江市科协", "6月7日-9日，北江市科协"),
        ("打造 8 大品牌", "打造8大品牌"),
        ("来自基层的 30 名代表", "来自基层的30名代表"),
        ("英国皇家学会Alison Noble教授", "英国皇家学会Alison Noble教授"),
        ("William  E.Reichman教授", "William E.Reichman教授"),
        ("（记者  赵某某）", "（记者赵某某）"),
        ("时间:2024-03-20  来源:科研处", "时间:2024-03-20来源:科研处"),
        ("【 科创工作 】", "【科创工作】"),
        ("２０２３年６月，ＡＢＣ公司", "2023年6月，ABC公司"),  # full-width letters/digits
        ("会议，\u3000主持：（苏某）“好”。", "会议，主持：（苏某）“好”。"),  # CJK punctuation kept
        ("北江\u200b市科\ufeff协\u00ad", "北江市科协"),  # zero-width and soft hyphen gone
        ("甲\x07乙\x00丙", "甲乙丙"),  # control characters gone
        ("第一段。\r\n第二段。\r第三段。", "第一段。\n第二段。\n第三段。"),
        ("第一段。   \n\n\n   第二段。  ", "第一段。\n第二段。"),
        ("Cafe\u0301", "Café"),  # NFC
        ("\ufa10\u2f00", "\u585a\u2f00"),  # compatibility ideograph to unified (NFC); radicals stay
    ],
)
def test_normalize_cleans_characters_and_spaces(source: str, expected: str) -> None:
    assert normalize(source).text == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # page breaks in the middle of a sentence
        ("5月30日，首次沙龙在中国\n\n电子工程设计院成功举办。", "5月30日，首次沙龙在中国电子工程设计院成功举办。"),
        ("动员10万+科技志愿者参与科\n\n普服务。", "动员10万+科技志愿者参与科\n普服务。"),  # no sentence cue: kept
        ("市科协主动融入大局，动员志愿者参与科\n\n普服务。", "市科协主动融入大局，动员志愿者参与科普服务。"),
        ("以大众科学的蓬勃发展，\n\n推动全面创新。", "以大众科学的蓬勃发展，推动全面创新。"),
        ("会议强调\n，各单位要抓好落实。", "会议强调，各单位要抓好落实。"),
        ("依托英国皇家学会(The Royal\nSociety)开展合作。", "依托英国皇家学会(The Royal Society)开展合作。"),
        # headings and paragraphs stay apart
        ("市科协举办党员干部培训班\n\n为深入学习贯彻党的精神，市科协举办培训班。",
         "市科协举办党员干部培训班\n为深入学习贯彻党的精神，市科协举办培训班。"),
        ("【主题教育】\n\n中国科协领导调研北京市科协工作", "【主题教育】\n中国科协领导调研北京市科协工作"),
        ("会议结束，大家合影\n\n6月3日上午，学会召开大会。", "会议结束，大家合影\n6月3日上午，学会召开大会。"),
        ("正文结束。（北江市科协）\n\n下一篇的标题", "正文结束。（北江市科协）\n下一篇的标题"),
        ("编辑：白某\n\n审核：林某", "编辑：白某\n审核：林某"),
        ("分送：市科协主席、副主席，常委\n\n市各学会", "分送：市科协主席、副主席，常委\n市各学会"),
        ("北江市科协召开座谈会，部署工作\n\n2021-09-30 16:05", "北江市科协召开座谈会，部署工作\n2021-09-30 16:05"),
    ],
)
def test_normalize_joins_page_breaks_not_paragraphs(source: str, expected: str) -> None:
    assert normalize(source).text == expected


def test_normalize_continues_needs_a_sentence_cue() -> None:
    assert not continues("市科协与博鳌亚洲论坛秘书处座谈交流", "为贯彻落实习近平总书记关于前瞻谋划")
    assert continues("双方表示将积极推动交流，吸引集聚", "国际高端要素，服务首都发展。")
    assert not continues("北京人工智能学会第四届会员代表大会暨“AIGC与具身智能”研讨会召开",
                         "6月3日上午，北京人工智能学会第四届会员代表大会召开。")


def test_normalize_real_bulletin_repairs_breaks_keeps_titles(shared_dir: Path) -> None:
    source = (shared_dir / "corpus" / "000_77c57347282a9562.txt").read_text("utf-8")
    lines = normalize(source).text.split("\n")
    for joined in ("在中国电子工程设计院成功举办", "参与科普服务。", "大众科学的蓬勃发展，推动以科技创新",
                   "新时代中国特色社会主义思想转化为", "吸引集聚国际高端要素", "和乡村文明程度",
                   "活动，传播科技思想"):
        assert any(joined in line for line in lines), joined
    titles = ["中国科协领导调研北京市科协工作", "市科协举办党员干部培训班", "市科协首都学术“一十百千万”工作机制发布",
              "市科协与博鳌亚洲论坛秘书处座谈交流", "首都科普品牌精彩亮相北京科技周",
              "北京人工智能学会第四届会员代表大会暨“AIGC与具身智能”研讨会召开", "科技工作者沟通力提升沙龙首次举办",
              "密云区科协开展送科技下乡活动", "延庆区举办庆祝全国科技工作者日活动暨全民科学素质提升系列活动启动仪式",
              "平谷区科协举办全国科技工作者日活动"]
    for title in titles:
        assert title in lines, title
    assert lines[-4:] == ["分送：市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导",
                          "市学会、基金会，区科协，基层组织", "机关各部门及事业单位"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("澳門科學技術協進會", "澳门科学技术协进会"),
        ("6月2日上午,唐山市科协召开会议;会议由副主席主持:", "6月2日上午，唐山市科协召开会议；会议由副主席主持："),
        ("英国皇家学会(The Royal Society)成立", "英国皇家学会（The Royal Society）成立"),
        ("2017-11-05 10:49", "2017-11-05 10:49"),
        ("共1,000人", "共1,000人"),
        ("Hello, world (test)", "Hello, world (test)"),
        ("真的吗?是的!", "真的吗？是的！"),
    ],
)
def test_normalize_nlp_text_simplified_and_full_width(text: str, expected: str) -> None:
    assert to_nlp_text(text) == expected


def test_normalize_nlp_text_has_the_length_of_text(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "corpus").glob("*.txt")):
        norm = normalize(path.read_text("utf-8"))
        assert len(norm.nlp_text) == len(norm.text), path.name
        assert len(norm.offsets) == len(norm.text)


def _same_char(clean: str, source: str) -> bool:
    """``clean`` is what normalization makes of ``source`` (width, NFC, spaces, line breaks)."""
    if clean in " \n":
        return source.isspace() or unicodedata.category(source) in ("Zs", "Zl", "Zp", "Cc")
    return unicodedata.normalize("NFKD", clean)[:1] == unicodedata.normalize("NFKD", source)[:1]


_ALPHABET = st.sampled_from(
    list("北江市科协召开会议主持人苏文清澳門協進會，。、：；（）“”【】")
    + list("abcXYZ019 ,.:;()-") + ["\n", "\n\n", "\r\n", "\t", "\u3000", "\u200b", "\ufeff", "\x07"]
    + list("ＡＢ１２％") + ["e\u0301", "\u00a0", "\ufa10"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_normalize_offsets_point_at_the_same_character(source: str) -> None:
    norm = normalize(source)
    assert len(norm.offsets) == len(norm.text) == len(norm.nlp_text)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = norm.offsets.to_source(i)
        assert 0 <= j < len(source)
        assert j >= previous  # order is kept
        previous = j
        assert _same_char(ch, source[j]), (i, ch, j, source[j])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_normalize_is_idempotent(source: str) -> None:
    once = normalize(source).text
    assert normalize(once).text == once
