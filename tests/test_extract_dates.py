"""The date frame of a document: publication stamps are not event dates; a year written near a date
without one completes it (invented documents in two layouts each)."""

from __future__ import annotations

import pytest

from kg.ingest import document_from_text
from kg.resolve import resolve_document
from kg.rules import find_items
from kg.rules.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def event_dates(text: str, lex) -> list[tuple[str, str | None]]:
    ex = resolve_document(find_items(document_from_text(text), lex), lex)
    return [(e.start.iso(), e.end.iso() if e.end else None) for e in ex.events if e.start]


@pytest.mark.parametrize(("text", "expected"), [
    # a wire dateline of the publisher, then the event's own range; the year from the headline
    ("南江医院承办2023南江心血管论坛\n江城网5月8日讯 4月28—30日，由南江省医学会主办的论坛在南江召开。"
     "南江医院院长林海东致辞。",
     ("2023-04-28", "2023-04-30")),
    # a publication date written after the headline, the event two days earlier
    ("东湖研究院一行来我院交流发布时间:2024年3月15日\n\n3月13日，东湖研究院院长周文博一行到访，"
     "我院院长陈立新主持座谈。",
     ("2024-03-13", None)),
    # a date line with a time and a source, then the event
    ("临江实验室揭牌\n\n2021-06-10 09:12:30来源:临江日报客户端\n6月9日上午，临江实验室揭牌仪式举行。"
     "临江市副市长王建军出席。",
     ("2021-06-09", None)),
    # a date and time, then the outlet with no label; the event 昨(N)日, the day before
    ("南江科技馆开馆迎客\n\n2019年5月19日07:30 南江在线-南江晚报\n本报讯 昨(18)日，南江科技馆正式开馆。"
     "南江市副市长周立新出席开馆仪式。",
     ("2019-05-18", None)),
    # a published date, the event 昨日
    ("南江医院举办论坛\n\n发布日期:2008-10-12\n\n由南江医院主办的肝病论坛于昨日闭幕。南江医院院长陈海出席。",
     ("2008-10-11", None)),
    # a date line written day first
    ("18.3.2022\n\n南江青年科学家協會頒獎典禮於3月16日舉行，會長陳志明致辭。",
     ("2022-03-16", None)),
])
def test_extract_dates_publication_stamps_are_not_event_dates(text, expected, lex):
    assert event_dates(text, lex)[:1] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("4月2日上午，东岭区在区政府会议室举行2023年第二季度重点项目签约仪式。区长吴国华出席。", "2023-04-02"),
    ("【江城网】(记者 王平)10月9日上午，2020年江城市科普周启动仪式在市科技馆举行。市科协主席周立群讲话。",
     "2020-10-09"),
])
def test_extract_dates_a_year_in_the_same_sentence_completes_the_date(text, expected, lex):
    assert event_dates(text, lex)[0][0] == expected


def test_extract_dates_two_years_in_the_sentence_leave_the_year_unknown(lex):
    text = "6月5日，南江市科协召开2022年总结暨2023年工作部署会。主席林国强讲话。"
    assert event_dates(text, lex)[0][0] == "--06-05"
