# ruff: noqa: E501  (tables of Chinese sentences: ruff counts each CJK character as two columns)
"""kg.ingest.dates: date mentions, ranges, Chinese numerals and year resolution."""

from __future__ import annotations

import pytest

from kg.ingest import find_dates
from kg.ingest.dates import cn_number, resolve_year
from kg.model import PartialDate, Span

BULLETIN = PartialDate(2023, 6, 12)
P = PartialDate


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("6月8日，为深入开展主题教育", BULLETIN, [("6月8日", P(2023, 6, 8), None, None)]),
        ("6月7日-9日，培训班采用专题辅导", BULLETIN, [("6月7日-9日", P(2023, 6, 7), P(2023, 6, 9), None)]),
        ("6 月 7 日-9 日，培训班", BULLETIN, [("6 月 7 日-9 日", P(2023, 6, 7), P(2023, 6, 9), None)]),
        ("北京科技周于5月20日至5月31日举办", BULLETIN, [("5月20日至5月31日", P(2023, 5, 20), P(2023, 5, 31), None)]),
        ("8月20日-21日在京举行", P(2023, 8, 25), [("8月20日-21日", P(2023, 8, 20), P(2023, 8, 21), None)]),
        ("于2019年6月29-30日在哈爾濱", None, [("2019年6月29-30日", P(2019, 6, 29), P(2019, 6, 30), None)]),
        ("10月13日-15日由学会主办", P(2017, 11, 5), [("10月13日-15日", P(2017, 10, 13), P(2017, 10, 15), None)]),
        ("2014年5月29日，双方签署协议", None, [("2014年5月29日", P(2014, 5, 29), None, None)]),
        ("时间:2024-03-13来源:科研处", None, [("2024-03-13", P(2024, 3, 13), None, None)]),
        ("2017-11-05 10:49", None, [("2017-11-05", P(2017, 11, 5), None, None)]),
        ("二○二一年三月六日举行", None, [("二○二一年三月六日", P(2021, 3, 6), None, None)]),
        ("協會於本月二十九日召開大會", P(2021, 1, 31), [("本月二十九日", P(2021, 1, 29), None, None)]),
        ("該會將在三月六日下午三時舉行", P(2021, 1, 31), [("三月六日", P(2021, 3, 6), None, "下午")]),
        ("6月2日下午，由市科协主办", BULLETIN, [("6月2日", P(2023, 6, 2), None, "下午")]),
        ("6月3日上午，学会召开大会", BULLETIN, [("6月3日", P(2023, 6, 3), None, "上午")]),
        ("3月6日（星期三）晚上举行", P(2024, 3, 1), [("3月6日", P(2024, 3, 6), None, "晚上")]),
        ("12月28日，学会召开理事会", P(2022, 1, 10), [("12月28日", P(2021, 12, 28), None, None)]),
        ("12月30日至1月2日举办冬令营", P(2024, 1, 8), [("12月30日至1月2日", P(2023, 12, 30), P(2024, 1, 2), None)]),
        ("2月29日召开", P(2023, 3, 10), [("2月29日", P(None, 2, 29), None, None)]),  # no such day near 2023
        ("2月24日上午，县老科协召开大会", None, [("2月24日", P(None, 2, 24), None, "上午")]),
        ("11月19日,省科协一行来县调研", None, [("11月19日", P(None, 11, 19), None, None)]),
        ("并于次日赴盘锦校区访问", BULLETIN, []),
        # days counted back from the document's date: 昨日, 昨（N）日 when N is that day, 前天, 今天
        ("论坛于昨日落下帷幕", BULLETIN, [("昨日", P(2023, 6, 11), None, None)]),
        ("昨(11)日上午，展馆开馆", BULLETIN, [("昨(11)日", P(2023, 6, 11), None, "上午")]),
        ("昨(3)日，展馆开馆", BULLETIN, []),  # not the day before the 12th: left alone
        ("前天下午举行", BULLETIN, [("前天", P(2023, 6, 10), None, "下午")]),
        ("日前，学会走访了今日中国杂志社", BULLETIN, []),  # 日前 is lately; 今日中国 a name
        ("昨日召开", P(None, 6, 12), []),  # no year: nothing to count from
        ("313日,英国皇家学会代表团", P(2024, 3, 20), []),
        ("本月二十九日召开", None, []),  # 本月 of an unknown month
        ("十月天高云淡", BULLETIN, []),
        ("落实《2019-2023年全国党员教育培训工作规划》", BULLETIN, []),
        ("召开二○二一年度会员大会", None, []),
        ("5月30日上午，活动在延庆举行；5月31日，密云区科协参加活动", BULLETIN,
         [("5月30日", P(2023, 5, 30), None, "上午"), ("5月31日", P(2023, 5, 31), None, None)]),
    ],
)
def test_dates_find_dates(text: str, anchor: PartialDate | None, expected: list) -> None:
    found = find_dates(text, anchor)
    assert [(text[m.span.start:m.span.end], m.start, m.end, m.part_of_day) for m in found] == expected


def test_dates_spans_are_offsets_into_the_text() -> None:
    text = "会议于6月8日召开。"
    (m,) = find_dates(text, BULLETIN)
    assert m.span == Span(3, 7)


@pytest.mark.parametrize(
    ("month", "day", "anchor", "year"),
    [
        (6, 8, P(2023, 6, 12), 2023),
        (12, 20, P(2024, 1, 15), 2023),  # last month, last year
        (1, 5, P(2023, 12, 28), 2024),  # a few days ahead, over new year
        (8, 1, P(2023, 6, 12), 2023),  # within two months ahead
        (11, 1, P(2023, 6, 12), 2022),  # far ahead: rather the last one
        (6, 8, None, None),
        (6, 8, P(None, 6, 12), None),
    ],
)
def test_dates_resolve_year(month: int, day: int, anchor: PartialDate | None, year: int | None) -> None:
    assert resolve_year(month, day, anchor) == year


@pytest.mark.parametrize(("written", "value"), [("12", 12), ("十", 10), ("十二", 12), ("二十九", 29), ("三十一", 31),
                                                ("二○二一", 2021), ("二〇一九", 2019), ("六", 6)])
def test_dates_cn_number(written: str, value: int) -> None:
    assert cn_number(written) == value
