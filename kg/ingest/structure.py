"""The layout of a normalized text: a bulletin with sections and articles, or one news item.

A **bulletin** (科协每周动态)::

    masthead     title / 2023年 第18期 / (总第71期) / publisher / 2023年6月12日
    目录提要      table-of-contents lines, with or without "- " bullets: not articles
    【section】   a heading; the articles below it belong to it
    title line   short, no sentence punctuation; body paragraphs follow until the
                 next title, section or the credits; a trailing （北京人工智能学会）
                 or 天津市科协供稿 is the article's source, not its body
    credits      信息报送邮箱：… 编辑：… 审核：… 分送：… (分送 may run over lines)

A **news item** is one article: title line(s) at the top (maybe repeated, with
photo captions), a date line (2019-07-03, 时间:2024-03-20 来源:科研处), then the
body; a reporter lead 宁陕融媒讯(记者赵晓骞) and credit lines such as
编辑:栀玥〡审核:王韬 or (编辑:郭慷) become credits.  An item whose first line
is already body text has no title.

Every span is an offset into the normalized text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.ingest.dates import find_dates
from kg.model import Article, Credit, DocumentKind, IssueInfo, PartialDate, Section, Span

__all__ = ["Layout", "Line", "structure", "split_lines", "parse_credits", "document_date"]


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(slots=True)
class Layout:
    """What :func:`structure` finds; the Document fields of the same names."""

    kind: DocumentKind
    title: str | None = None
    title_span: Span | None = None
    date: PartialDate | None = None
    publisher: str | None = None
    issue: IssueInfo | None = None
    toc: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets (the normalizer leaves no blank lines)."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            out.append(Line(pos + lead, pos + lead + len(body), body))
        pos += len(raw) + 1
    return out


# --- line patterns -------------------------------------------------------

_SECTION = re.compile(r"^【\s*([^】]{1,20}?)\s*】$")
_TOC_HEAD = re.compile(r"^(?:目\s*录|目录提要|本期目录|本期要目|本期导读|内容提要)$")
_BULLET = re.compile(r"^[-•·*▪●◆]\s*(\S.*)$")
_ISSUE = re.compile(
    r"^(?:(?P<y>\d{4})\s*年)?\s*第\s*(?P<n>\d+)\s*期\s*(?:[（(]\s*总\s*第\s*(?P<t>\d+)\s*期\s*[）)])?$")
_TOTAL = re.compile(r"^[（(]\s*总\s*第\s*(?P<t>\d+)\s*期\s*[）)]$")
_DATE_LINE = re.compile(
    r"^(?:(?P<y>\d{4})\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<s>[-/.])(?P<m2>\d{1,2})(?P=s)(?P<d2>\d{1,2}))"
    r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4}))"  # 19.1.2023: day first, as Hong Kong writes it
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
# 2022-09-06 08:51:56 来源:… 作者:…: a date line that goes on with credits
_DATE_THEN_CREDITS = re.compile(
    r"^(?P<date>\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"\s*(?=(?:来源|來源|作者|编辑|編輯|责任编辑|責任編輯|发布|發布|浏览|瀏覽|点击|點擊)\s*[:：])")
# 2006年11月03日06:34 四川在线-天府早报: a date and time, then the outlet (short, no sentence in it)
_DATE_TIME_OUTLET = re.compile(
    r"^(?P<date>\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}))\s*\d{1,2}:\d{2}(?::\d{2})?"
    r"\s*(?![\d:])[^，。,；;！？]{2,30}$")
# …参访交流发布时间:2023年10月13日: a publication date written at the end of a heading line
_PUBLISHED_AT = re.compile(
    r"(?:发布时间|發布時間|发布日期|發布日期|发稿时间|發稿時間|更新时间|更新時間)\s*[:：]\s*"
    r"(?P<date>\d{4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}))")

_CREDIT_ROLES = (
    "信息报送邮箱 报送邮箱 投稿邮箱 责任编辑 責任編輯 编辑 編輯 责编 审核 審核 审校 校对 签发 来源 來源 "
    "分送 抄送 报送 供稿 撰稿 作者 记者 記者 通讯员 摄影 攝影 时间 時間 发布时间 發布時間 发布日期 發布日期 "
    "发稿时间 發稿時間"
).split()
_ROLE_ALT = "|".join(sorted(_CREDIT_ROLES, key=len, reverse=True))
_CREDIT_LINE = re.compile(rf"^[（(]?\s*(?:{_ROLE_ALT})\s*[：:]")
_CREDIT_LABEL = re.compile(rf"(?P<role>{_ROLE_ALT})\s*[：:]\s*")
_VALUE_TRIM = " \t〡|｜丨/、，,;；（）()"
_MULTILINE_ROLES = frozenset({"分送", "抄送", "报送"})
_HEADER_ONLY_ROLES = frozenset({"时间", "時間", "发布时间", "發布時間", "发布日期", "發布日期", "发稿时间",
                                "發稿時間"})  # a date, not a credit

_SUPPLIED = re.compile(
    r"^[（(]?\s*(?:(?P<a>[^（）()：:，。]{2,30}?)\s*供稿|供稿(?:单位)?\s*[：:]\s*(?P<b>[^（）()]{2,30}))"
    r"\s*[）)]?[。]?$"
)
_TRAILING_SOURCE = re.compile(r"(?<=[。！？”!?])\s*[（(](?P<src>[^（）()，。,：:；;]{2,24})[）)]\s*$")
_WHOLE_LINE_SOURCE = re.compile(r"^[（(](?P<src>[^（）()，。,：:；;]{2,24})[）)]$")
_REPORTER = re.compile(r"[（(]\s*(?P<role>记者|記者|通讯员|通訊員)\s*(?P<value>[^（）()]{2,20}?)\s*[）)]")

_SENTENCE_END = frozenset("。！？；!?;…")
_BODY_MARKS = frozenset("，,。；;！？!?")
_TITLE_MAX = 60


def parse_credits(line: Line) -> list[Credit]:
    """``编辑:栀玥〡审核:王韬`` -> two credits; spans cover the values only.

    Each label (the longest that fits, so 责任编辑 is not 责任 + 编辑) opens a
    field that runs to the next label; separators and brackets are trimmed."""
    text = line.text
    labels = list(_CREDIT_LABEL.finditer(text))
    credits: list[Credit] = []
    for k, m in enumerate(labels):
        start = m.end()
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        while end > start and text[end - 1] in _VALUE_TRIM:
            end -= 1
        while start < end and text[start] in _VALUE_TRIM:
            start += 1
        if end > start:
            span = Span(line.start + start, line.start + end)
            credits.append(Credit(m.group("role"), text[start:end], span))
    return credits


def _is_credit_line(text: str) -> bool:
    return bool(_CREDIT_LINE.match(text))


def _date_of_line(text: str) -> PartialDate | None:
    m = _DATE_LINE.match(text)
    if not m:
        return None
    try:
        if m.group("m"):
            return PartialDate(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("m2"):
            return PartialDate(int(m.group("y")), int(m.group("m2")), int(m.group("d2")))
        return PartialDate(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except ValueError:
        return None


def document_date(lines: list[Line], *, within: int = 8) -> PartialDate | None:
    """The date of the document from its header (a date line or 时间:2024-03-20), else from its last
    lines (web pages often close with 发布日期：2024-05-10)."""
    head = lines[:within]
    return _date_in(head) or _date_in(lines[max(len(head), len(lines) - 4):])


_OPENING_DATE = re.compile(r"^\s*[（(]\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})\s*[）)]")


def _date_in(lines: list[Line]) -> PartialDate | None:
    for line in lines:
        d = _date_of_line(line.text)
        if d:
            return d
        m = _DATE_THEN_CREDITS.match(line.text) or _DATE_TIME_OUTLET.match(line.text) \
            or _PUBLISHED_AT.search(line.text)
        if m:
            d = _date_of_line(re.sub(r"\s+", "", m.group("date")))
            if d:
                return d
        m = _OPENING_DATE.match(line.text)  # （2024年11月3日）澳门工程师学会于11月2日…
        if m:
            d = _date_of_line(re.sub(r"\s+", "", m.group(1)))
            if d:
                return d
        for credit in parse_credits(line):
            if credit.role in _HEADER_ONLY_ROLES:
                found = find_dates(credit.value, None)
                if found and found[0].start.year is not None:
                    return found[0].start
    return None


def _looks_like_title(text: str) -> bool:
    """A heading: short, no sentence inside it, not ending like a sentence."""
    if len(text) > _TITLE_MAX or text[-1] in _SENTENCE_END or text[-1] in "）)":
        return False
    if "。" in text or ("，" in text and len(text) > 30):
        return False
    return not re.match(r"^\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]", text)


def _is_body(text: str) -> bool:
    return any(c in _BODY_MARKS for c in text) or len(text) > _TITLE_MAX


def structure(text: str) -> Layout:
    """Find the layout of a normalized text."""
    lines = split_lines(text)
    if _is_bulletin(lines):
        return _bulletin(lines)
    return _news(lines)


def _is_bulletin(lines: list[Line]) -> bool:
    head = lines[:12]
    if any(_ISSUE.match(li.text) or _TOTAL.match(li.text) for li in head):
        return True
    if any(_TOC_HEAD.match(li.text) for li in head):
        return True
    return sum(bool(_SECTION.match(li.text)) for li in lines) >= 2


# --- articles ------------------------------------------------------------


def _article(index: int, title: Line | None, body: list[Line], section: str | None) -> Article:
    """Build an article; a trailing attribution becomes its source."""
    source = source_span = None
    body = list(body)
    if body:
        last = body[-1]
        m = _SUPPLIED.match(last.text) or _WHOLE_LINE_SOURCE.match(last.text)
        if m and len(body) > 1:
            name = next(g for g in m.groups() if g)
            start = last.start + last.text.index(name)
            source, source_span = name, Span(start, start + len(name))
            body.pop()
        else:
            t = _TRAILING_SOURCE.search(last.text)
            if t:
                start = last.start + t.start("src")
                source, source_span = t.group("src"), Span(start, start + len(t.group("src")))
                cut = last.start + t.start()
                body[-1] = Line(last.start, cut, last.text[: t.start()])
    if body:
        body_span = Span(body[0].start, body[-1].end)
    else:
        end = title.end if title else 0
        body_span = Span(end, end)
    if title is not None:
        e = _ENUMERATOR.match(title.text)
        if e and e.end() < len(title.text):
            title = Line(title.start + e.end(), title.end, title.text[e.end() :])
    return Article(
        index=index,
        title=title.text if title else None,
        title_span=title.span if title else None,
        body=body_span,
        section=section,
        source=source,
        source_span=source_span,
    )


def _colophon_start(lines: list[Line], first_body: int) -> int:
    """Index of the first line of the closing credits block (or ``len(lines)``).

    It is the first credit line after which no line ends a sentence: what
    follows is more credits or the 分送 list."""
    for j in range(first_body, len(lines)):
        if _is_credit_line(lines[j].text) and not _SUPPLIED.match(lines[j].text) and not any(
            li.text[-1] in "。！？!?" for li in lines[j + 1:] if not _is_credit_line(li.text)
        ):
            return j
    return len(lines)


def _credits(lines: list[Line]) -> list[Credit]:
    credits: list[Credit] = []
    for line in lines:
        if _is_credit_line(line.text):
            credits.extend(c for c in parse_credits(line) if c.role not in _HEADER_ONLY_ROLES)
        elif credits and credits[-1].role in _MULTILINE_ROLES:
            last = credits[-1]
            span = Span(last.span.start, line.end)
            credits[-1] = Credit(last.role, last.value + "\n" + line.text, span)
    return credits


# --- bulletin ------------------------------------------------------------


_PUBLISHER_AND_DATE = re.compile(r"^(?P<pub>[^\d]{4,30}?)\s*(?P<date>\d{4}年\d{1,2}月\d{1,2}日)$")
_PUBLISHER_SUFFIX = re.compile(r"(?:编印|编|主办|印发)$")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)])\s*")


def _bulletin(lines: list[Line]) -> Layout:
    layout = Layout(DocumentKind.BULLETIN)
    i = 0
    year = number = total = None
    masthead: list[Line] = []
    while i < len(lines) and i < 10:
        text = lines[i].text
        if _TOC_HEAD.match(text) or _SECTION.match(text) or _is_body(text):
            break
        m = _ISSUE.match(text)
        t = _TOTAL.match(text)
        d = _date_of_line(text)
        if m:
            year = int(m.group("y")) if m.group("y") else year
            number = int(m.group("n"))
            total = int(m.group("t")) if m.group("t") else total
        elif t:
            total = int(t.group("t"))
        elif d:
            layout.date = layout.date or d
        elif _PUBLISHER_AND_DATE.match(text):
            # 天津市科学技术协会办公室编  2024年6月20日: publisher and date on one line
            pd = _PUBLISHER_AND_DATE.match(text)
            layout.date = layout.date or _date_of_line(pd.group("date"))
            pub = _PUBLISHER_SUFFIX.sub("", pd.group("pub"))
            masthead.append(Line(lines[i].start, lines[i].start + len(pub), pub))
        else:
            masthead.append(lines[i])
        i += 1
        if layout.date and number is not None and len(masthead) >= 2:
            break
    if masthead:
        layout.title, layout.title_span = masthead[0].text, masthead[0].span
    if len(masthead) > 1:
        layout.publisher = masthead[1].text
    if year or number or total:
        layout.issue = IssueInfo(year, number, total)

    # table of contents
    if i < len(lines) and _TOC_HEAD.match(lines[i].text):
        i += 1
        while i < len(lines):
            text = lines[i].text
            b = _BULLET.match(text)
            if b:
                layout.toc.append(b.group(1).strip())
            elif _SECTION.match(text) or _is_body(text) or not _looks_like_title(text) \
                    or (layout.toc and _BULLET.match(lines[i - 1].text)) or text in layout.toc:
                break
            else:
                layout.toc.append(text)
            i += 1
        # an un-bulleted table of contents ends where its first entry comes again as a title
        if layout.toc and not _BULLET.match(lines[i - 1].text) and layout.toc[0] in layout.toc[1:]:
            k = layout.toc.index(layout.toc[0], 1)
            i -= len(layout.toc) - k
            layout.toc = layout.toc[:k]

    end = _colophon_start(lines, i)
    layout.credits = _credits(lines[end:])

    section: str | None = None
    title: Line | None = None
    body: list[Line] = []
    started = False

    def flush() -> None:
        if title is not None or body:
            layout.articles.append(_article(len(layout.articles), title, body, section))

    for line in lines[i:end]:
        s = _SECTION.match(line.text)
        if s:
            flush()
            title, body, started = None, [], False
            section = s.group(1).strip()
            layout.sections.append(Section(section, line.span))
            continue
        if _looks_like_title(line.text) and not _SUPPLIED.match(line.text) \
                and not _WHOLE_LINE_SOURCE.match(line.text) and (body or not started):
            flush()
            title, body, started = line, [], True
            continue
        body.append(line)
        started = True
    flush()
    return layout


# --- news ----------------------------------------------------------------


def _news(lines: list[Line]) -> Layout:
    layout = Layout(DocumentKind.NEWS)
    layout.date = document_date(lines)
    i = 0
    title: Line | None = None
    while i < len(lines) and not _is_body(lines[i].text):
        text = lines[i].text
        if _is_credit_line(text):
            layout.credits.extend(c for c in parse_credits(lines[i]) if c.role not in _HEADER_ONLY_ROLES)
        elif title is None and _date_of_line(text) is None and _looks_like_title(text):
            title = lines[i]
        i += 1
        if i >= 6:
            break
    if i >= len(lines):  # nothing but short lines: the first is the title, the rest is body
        i = 1 if title is not None else 0
    end = _colophon_start(lines, i)
    body = lines[i:end]
    for line in body:
        for m in _REPORTER.finditer(line.text):
            start = line.start + m.start("value")
            layout.credits.append(Credit(m.group("role"), m.group("value"), Span(start, start + len(m.group(
                "value")))))
    layout.credits.extend(_credits(lines[end:]))
    if title is not None:
        layout.title, layout.title_span = title.text, title.span
    layout.articles.append(_article(0, title, body, None))
    return layout
