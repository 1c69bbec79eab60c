"""Date mentions in Chinese text, resolved against the document's own date.

    >>> find_dates("6月7日-9日举办", PartialDate(2023, 6, 12))[0].end
    PartialDate(year=2023, month=6, day=9)

Handles 2014年5月29日, 2024-03-13, 6月8日 (year from the anchor, rolling over
the turn of the year), ranges (6月7日-9日, 5月20日至5月31日, 2019年6月29-30日),
Chinese numerals (二○二一年三月六日, 本月二十九日), days counted from the
anchor (昨日, 昨（2）日, 今天) and the part of day (上午/下午/晚上).  Without an anchor year the year stays None: it is never
invented.  Not dates: 次日, 十月 alone, a mangled 313日.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.model import PartialDate, Span

__all__ = ["DateMention", "find_dates", "resolve_year", "cn_number"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or a range of dates as written; ``span`` covers the date, not the part of day."""

    span: Span
    start: PartialDate
    end: PartialDate | None = None
    part_of_day: str | None = None  # 上午, 下午, 晚上


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s: str) -> int:
    """``"12"``, ``"十二"``, ``"二十九"`` or the digit-by-digit ``"二○二一"`` as an int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if "十" not in s:
        value = 0
        for ch in s:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    tens, _, units = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十[一]?|[一二三四五六七八九])"
_SEP = r"(?:-|－|—|–|~|～|至|到)"
_DAY_END = rf"(?:\s*[日号]|(?=\s*{_SEP}\s*{_DAY}\s*[日号]))"  # 6月29-30日: the first day has no 日

_START = re.compile(
    rf"""(?<![\d〇○零一二三四五六七八九十])
    (?:
        (?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH})\s*月\s*(?P<d>{_DAY}){_DAY_END}
      | (?P<cur>本月|当月|當月)\s*(?P<cd>{_DAY})\s*[日号]
      | (?P<mm>{_MONTH})\s*月\s*(?P<md>{_DAY}){_DAY_END}
      | (?P<iy>\d{{4}})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d.])
    )""",
    re.X,
)
_RANGE_END = re.compile(
    rf"""\s*{_SEP}\s*
    (?:
        (?:(?P<y>{_YEAR})\s*年\s*)?(?:(?P<m>{_MONTH})\s*月\s*)?(?P<d>{_DAY})\s*[日号]
      | (?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?![\d.])
    )""",
    re.X,
)
_PART_OF_DAY = re.compile(r"\s*(?:[（(]\s*(?:星期|周|週)[一二三四五六日天]\s*[）)]\s*)?(上午|下午|晚上)")


def resolve_year(month: int, day: int, anchor: PartialDate | None) -> int | None:
    """The year that puts ``month``/``day`` closest to the anchor, preferring dates
    no more than about two months after it (a bulletin reports the recent past).

    None when no year puts the day within about a year of the anchor (2月29日
    in a text of 2023): a year-less date is better than an invented one."""
    if anchor is None or anchor.year is None:
        return None
    ref = dt.date(anchor.year, anchor.month, anchor.day)
    best: tuple[tuple[int, int], int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:  # 2月29日 in a common year
            continue
        delta = (cand - ref).days
        if not -400 <= delta <= 300:
            continue  # 2月29日 in a text of 2023 is no date of 2024
        key = (1 if delta > 62 else 0, abs(delta))
        if best is None or key < best[0]:
            best = (key, year)
    return best[1] if best else None


def _make(year: int | None, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


# 昨日, 昨天, 昨（2）日, 今天, 前天: days counted back from the document's own date (a news item's 昨日 is
# the day before it was published); 次日 and 日前 are not among them (the next day of what? lately).
_RELATIVE_DAY = re.compile(r"(?<![\d〇○零一二三四五六七八九十日次])(?P<w>昨|今|前)(?:天|日|\s*[（(]\s*(?P<d>\d{1,2})\s*[）)]\s*日)")
_DAYS_BACK = {"今": 0, "昨": 1, "前": 2}


def _relative_days(text: str, anchor: PartialDate | None) -> list[DateMention]:
    if anchor is None or anchor.year is None or anchor.day is None:
        return []
    ref = dt.date(anchor.year, anchor.month, anchor.day)
    out = []
    for m in _RELATIVE_DAY.finditer(text):
        if m.group("w") in "前今" and m.group(0)[-1] == "日" and not m.group("d"):
            continue  # 前日 is too often the tail of 日前 or 之前, 今日 the head of a name (今日中国)
        day = ref - dt.timedelta(days=_DAYS_BACK[m.group("w")])
        if m.group("d") and int(m.group("d")) != day.day:
            continue  # 昨(2)日 in a text dated the 5th: the day written is not the day before
        part = _PART_OF_DAY.match(text, m.end())
        out.append(DateMention(Span(m.start(), m.end()), PartialDate(day.year, day.month, day.day), None,
                               part.group(1) if part else None))
    return out


def find_dates(text: str, anchor: PartialDate | None = None) -> list[DateMention]:
    """Every date mention in ``text``, in order, with years resolved against ``anchor``."""
    found = _absolute_dates(text, anchor)
    relative = [r for r in _relative_days(text, anchor) if not any(d.span.overlaps(r.span) for d in found)]
    return sorted(found + relative, key=lambda d: d.span.start) if relative else found


def _absolute_dates(text: str, anchor: PartialDate | None) -> list[DateMention]:
    out: list[DateMention] = []
    pos = 0
    while True:
        m = _START.search(text, pos)
        if m is None:
            return out
        pos = m.end()
        g = m.groupdict()
        if g["y"]:
            year, month, day = cn_number(g["y"]), cn_number(g["m"]), cn_number(g["d"])
        elif g["iy"]:
            year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["cur"]:
            if anchor is None:
                continue  # 本月 of an unknown month
            year, month, day = anchor.year, anchor.month, cn_number(g["cd"])
        else:
            month, day = cn_number(g["mm"]), cn_number(g["md"])
            year = resolve_year(month, day, anchor)
        start = _make(year, month, day)
        if start is None:
            continue
        end: PartialDate | None = None
        span_end = m.end()
        r = _RANGE_END.match(text, m.end())
        if r:
            rg = r.groupdict()
            if rg["iy"]:
                end = _make(int(rg["iy"]), int(rg["im"]), int(rg["id"]))
            else:
                e_month = cn_number(rg["m"]) if rg["m"] else start.month
                e_year = cn_number(rg["y"]) if rg["y"] else start.year
                end = _make(e_year, e_month, cn_number(rg["d"]))
                if end and not rg["y"] and end.year is not None and (end.month, end.day) < (start.month,
                                                                                            start.day):
                    end = _make(end.year + 1, end.month, end.day)  # 12月30日至1月2日
            if end is not None and end != start and (end.year is None) == (start.year is None) \
                    and (end.year is None or end > start):
                span_end = r.end()
                pos = r.end()
            else:
                end = None
        part = _PART_OF_DAY.match(text, span_end)
        out.append(DateMention(Span(m.start(), span_end), start, end, part.group(1) if part else None))
