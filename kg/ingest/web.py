"""Saved web pages: the article, not the site around it, and what the page says about itself.

A saved page holds the site's menu, sidebars, share widgets, related headlines and footer around one
article.  ``read_web_page`` takes the page's HTML text and returns a :class:`WebPage`: the article's
text (main content by readability-lxml, the maintained Apache-2.0 port of Arc90's Readability; blocks
become paragraphs), and the page's own metadata — headline, publication date, source and publisher —
from its meta tags, its date and source lines and its copyright footer.  When readability finds no
article, the whole page's text is kept and the page says so in ``warnings``.

The text kg reads is the page's header (headline, then a date-and-source line) followed by the
article, so the structure stage sees a news item's usual head: the headline gives the event its
name and the date line gives every month-and-day date its year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.wordlists import read_sections

__all__ = ["WebPage", "read_web_page", "html_to_text"]

WORDS_FILE = Path(__file__).parent / "data" / "web.txt"
_WORDS = read_sections(WORDS_FILE)


def _words(section: str) -> tuple[str, ...]:
    if section not in _WORDS:
        raise KeyError(f"{WORDS_FILE}: no [{section}] section; add it (kg/ingest/web.py reads it)")
    return tuple(_WORDS[section])


RELATED_HEADERS = frozenset(_words("related headers"))
PROMOTION_MARKS = _words("promotion marks")
DATE_META = frozenset(w.lower() for w in _words("date meta"))
SITE_META = frozenset(w.lower() for w in _words("site meta"))
HEADLINE_META = frozenset(w.lower() for w in _words("headline meta"))
DATE_CUES = _words("date cues")
SOURCE_CUES = _words("source cues")
OWNER_CUES = _words("owner cues")
FOLLOW_MARKS = frozenset(_words("follow marks"))
ACCOUNT_KINDS = _words("account kinds")
COMPANY_ENDINGS = _words("company endings")
OWNER_AFTER = _words("owner marks after")
NOT_OWNER_NAMES = _words("not owner names")
DOMAIN_ENDINGS = _words("domain endings")
TIME_MARKS = _words("time marks")
FIELD_CUES = _words("field cues")

# an article shorter than this (characters of text) is no article: the page is read whole
MIN_ARTICLE_CHARS = 80

_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "form", "button")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer h1 h2 h3 h4 h5 h6 header hr li main ol p pre section summary table tbody td tfoot th "
    "thead tr ul html".split()
)
_FURNITURE = re.compile(r"(?:^|[-_])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|share|copyright|toolbar)"
                        r"(?:$|[-_])", re.IGNORECASE)

_DATE = r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_ANY_DATE = re.compile(_DATE)
_TIME = r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# 发布时间：2023-04-08 09:30, and the short year of some platforms (发布时间：18-03-08 23:16)
_DATE_LINE = re.compile(rf"(?:{_alternation(DATE_CUES)})\s*[:：]?\s*(?:{_DATE}|(\d{{2}})-(\d{{2}})-(\d{{2}})(?=\d{{1,2}}:\d{{2}}|\D|$))")
_SOURCE_LINE = re.compile(rf"(?:{_alternation(SOURCE_CUES)})\s*[:：]\s*([^\s|｜/，,。:：]{{2,30}})")
_OWNER = re.compile(rf"(?:{_alternation(OWNER_CUES)})\s*[:：]?\s*(?:\d{{4}}(?:\s*[-–~]\s*\d{{4}})?\s*)?"
                    r"([\u4e00-\u9fffA-Za-z（）()·]{2,30})")
_OWNER_BEFORE = re.compile(rf"([\u4e00-\u9fff（）()·]{{2,30}})[ \t]*(?:{_alternation(OWNER_AFTER)})")
_NOT_OWNER = re.compile(_alternation(NOT_OWNER_NAMES), re.I)
# a title's parts: 标题_频道_网站, 标题 - 网站, 标题|网站, 网站--标题
_TITLE_SEP = re.compile(r"\s*(?:_+|[|｜]|\s[-–—]\s|-{1,2}|–|—)\s*")
_STRONG_SEP = re.compile(r"_|[|｜]|\s[-–—]\s|--")
_DOMAIN = re.compile(rf"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_alternation(DOMAIN_ENDINGS)})$", re.I)
_LATIN = re.compile(r"^[\x00-\x7f]+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# a date and the account beside it: 2019-05-17 · 苏皖城市报道
_DATE_DOT_NAME = re.compile(_DATE + _TIME + r"\s*[·•]\s*(\S{2,20})\s*$")
# the name a date line opens with: 中国网 2019-11-25 10:37:31
_NAME_DATE = re.compile(r"^\s*([^\d\s:：|｜/，,。·•]{2,20})\s+" + _DATE + _TIME + r"\s*$")


@dataclass
class WebPage:
    """A saved page, read: its article's text and what it says about itself."""

    text: str  # header (headline, date and source line) + the article body
    headline: str | None = None
    date: str | None = None  # YYYY-MM-DD
    source: str | None = None
    publisher: str | None = None
    warnings: list[str] = field(default_factory=list)


def _is_furniture(tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    attrs = getattr(tag, "attrs", None) or {}
    classes = attrs.get("class") or []
    names = [*(classes if isinstance(classes, list) else [classes]), attrs.get("id") or ""]
    return attrs.get("role") in ("navigation", "contentinfo") or any(_FURNITURE.search(str(n)) for n in names)


_BLOCK_END = object()  # pushed on the walk's stack to close a block


def html_to_text(soup, *, drop_furniture: bool = True) -> str:
    """The text of parsed HTML, blocks as paragraphs (an explicit stack: hostile HTML nests deep)."""
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    if drop_furniture:  # page furniture marked by class, id or role (div.nav, div#footer, ul.breadcrumb)
        for tag in soup.find_all(_is_furniture):
            tag.decompose()
    parts: list[str] = []
    stack: list[tuple[object, bool]] = [(child, False) for child in reversed(list(soup.children))]
    while stack:
        child, pre = stack.pop()
        if child is _BLOCK_END:
            parts.append("\n\n")
            continue
        if isinstance(child, (Comment, Doctype, Declaration, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            s = str(child)
            parts.append(s if pre else re.sub(r"\s+", " ", s))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name == "br":
                parts.append("\n")
                continue
            if name in _BLOCK_TAGS:
                parts.append("\n\n")
                stack.append((_BLOCK_END, pre))
            inner = pre or name == "pre"
            stack.extend((c, inner) for c in reversed(list(child.children)))
    joined = "".join(parts)
    joined = re.sub(r"[ \t]*\n[ \t]*", "\n", joined)  # spaces around the breaks we inserted are layout
    return re.sub(r"\n{3,}", "\n\n", joined).strip("\n")


# a block whose text is mostly the text of its links is a list of other pages (related headlines)
MAX_LINK_SHARE = 0.6


def _drop_link_lists(soup) -> None:
    """Remove the blocks of the article that are lists of links to other pages (相关新闻, 热门推荐)."""
    for block in list(soup.find_all(("li", "ul", "ol", "p", "div", "dl", "dd", "dt", "table", "h2", "h3", "h4"))):
        if getattr(block, "decomposed", False):
            continue
        text = re.sub(r"\s", "", block.get_text())
        if not text:
            continue
        linked = sum(len(re.sub(r"\s", "", a.get_text())) for a in block.find_all("a"))
        if linked / len(text) > MAX_LINK_SHARE:
            block.decompose()


_DATE_ONLY = re.compile(r"^\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def _trim_article(text: str) -> str:
    """The article without the site's lists that readability kept at its edges: a 推荐阅读 block, a tail
    of headlines with their dates, a promotion paragraph."""
    lines = [ln for ln in text.split("\n") if not any(m in ln for m in PROMOTION_MARKS)]
    for i, ln in enumerate(lines):
        if ln.strip() in RELATED_HEADERS and i > 0:
            lines = lines[:i]
            break
    # a tail of short lines holding two or more bare dates: headlines of other pages
    k, dates = len(lines), 0
    while k > 0 and len(lines[k - 1].strip()) <= 40:
        dates += bool(_DATE_ONLY.match(lines[k - 1]))
        k -= 1
    if dates >= 2 and k > 0:
        lines = lines[:k]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _meta(soup, keys) -> str | None:
    """The content of the first <meta> whose name (white space removed, any case) is one of ``keys``."""
    for tag in soup.find_all("meta"):
        key = re.sub(r"\s", "", tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in keys and (tag.get("content") or "").strip():
            return tag["content"].strip()
    return None


def _iso(y: int, mo: int, d: int) -> str | None:
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _full_date(text: str) -> str | None:
    m = _ANY_DATE.search(text or "")
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@dataclass
class _Head:
    """Where the article begins on the whole page's text, and the lines between its headline and it."""

    body_at: int  # offset of the article's first words in the page's text, -1 when not found
    lines: list[str]  # the page's lines between the headline and the article


# the prose of an article: a line with a clause's punctuation, or a long one
_PROSE = re.compile(r"[，。；,;]|\S{40}")


def _article_start(page_text: str, article: str, headline: str | None = None) -> int:
    """Where the article's prose begins in the page's text: its first line that is not the headline (nor
    holds it) and reads as prose; -1 when that line is not on the page."""
    sh = _squash(headline or "")
    for line in article.split("\n"):
        line = line.strip()
        sl = _squash(line)
        # the headline, a piece of it, or it with a word or two around it (原创 + headline)
        if len(sl) < 4 or sh and (sl in sh or sh in sl and len(sl) <= len(sh) + 8) or not _PROSE.search(line):
            continue
        for n in (16, 8):
            at = page_text.find(line[:n])
            if at >= 0:
                return at
        return -1
    return -1


def _head(page_text: str, body_at: int, headline: str | None, headings: frozenset[str] = frozenset()) -> _Head:
    """The lines between the headline, as the page shows it last before the article, and the article
    (its date, source and author lines); without the headline, the few lines before the article; the
    page's headings (``headings``, white space removed) left out."""
    if body_at < 0:
        return _Head(-1, [])
    start = -1
    if headline:
        key = headline.strip()[:10]
        start = page_text.rfind(key, 0, body_at) if key else -1
        if start >= 0:
            line_end = page_text.find("\n", start)
            start = line_end + 1 if 0 <= line_end < body_at else body_at
    if start < 0:
        start = max(0, body_at - 200)
    sh = _squash(headline or "")
    lines = [ln.strip() for ln in page_text[start:body_at].split("\n")
             if ln.strip() and not (sh and _squash(ln) in sh)  # a headline set on several lines
             and _squash(ln) not in headings]  # nor a heading of the page
    return _Head(body_at, lines)


def _headline(soup, readable_title: str | None, page_text: str, body_at: int) -> str | None:
    """The item's headline: of the page's headings (<h1>, <h2>), its headline meta tags, readability's title, the
    <title> and the <title>'s parts (标题_网易新闻: 标题), the one shown just before the article, then one the
    <title> holds, then one the page shows, then one without a site's separator (_ | ｜ -- " - "), then the longest."""
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    cands = [h.get_text(" ", strip=True) for h in soup.find_all(("h1", "h2"))]
    cands += [_meta(soup, {k}) for k in sorted(HEADLINE_META)] + [readable_title]
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    cands += parts if len(parts) > 1 else []
    near = _squash(page_text[max(0, body_at - 600): body_at + 80]) if body_at >= 0 else ""
    squashed_title, shown = _squash(title), _squash(page_text)

    def score(c: str) -> tuple:
        sc = _squash(c)
        return bool(near) and sc in near, sc in squashed_title, sc in shown, not _STRONG_SEP.search(c), len(sc)

    scored = [(score(c), c.strip()) for c in (*cands, title) if c and len(_squash(c)) >= 4]
    return max(scored, key=lambda x: x[0])[1] if scored else None


def _date(soup, page_text: str, head: _Head, article: str) -> str | None:
    """The publication date: a date meta tag, else the date line under the headline (发布时间：…, or the
    first full date there), else a date in brackets opening the article (（2007年6月29日…）), else an
    element the page marks as the item's time (class or id naming time or date), else a 发布时间 line
    anywhere on the page."""
    found = _full_date(_meta(soup, DATE_META) or "")
    if found:
        return found
    zone = "\n".join(head.lines)
    bracket = _BRACKET_DATE.search(article[:600])
    for text in (zone, bracket.group(0) if bracket else ""):
        m = _DATE_LINE.search(text)
        if m:
            if m.group(1):
                return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return _iso(2000 + int(m.group(4)), int(m.group(5)), int(m.group(6)))
        found = _full_date(text)
        if found:
            return found
    for tag in soup.find_all(_marks_time):
        found = _full_date(tag.get_text(" ", strip=True)[:40])
        if found:
            return found
    m = _DATE_LINE.search(page_text)
    if m and m.group(1):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


_NEXT_FIELD = re.compile(_alternation((*FIELD_CUES, *DATE_CUES, *SOURCE_CUES)))
_BRACKET_DATE = re.compile(r"(?m)^\s*[（(]\s*" + _DATE)
_TIME_MARK = re.compile(rf"(?:^|[-_\s])(?:{_alternation(TIME_MARKS)})(?:$|[-_\s])", re.I)


def _marks_time(tag) -> bool:
    if tag.name in ("html", "body", "script", "style"):
        return False
    classes = tag.get("class") or []
    names = [*(classes if isinstance(classes, list) else [classes]), tag.get("id") or ""]
    return any(_TIME_MARK.search(str(n)) for n in names)


def _is_name(s: str) -> bool:
    """A short name: no sentence punctuation, not a date or a number, not a cue word."""
    return 2 <= len(s) <= 20 and not re.search(r"[：:，,。！？!?、；;]|^\d|\d{1,2}:\d{2}", s) \
        and s not in FOLLOW_MARKS and not s.startswith(ACCOUNT_KINDS) \
        and not any(s.startswith(c) for c in (*DATE_CUES, *SOURCE_CUES))


def _dated(cues) -> re.Pattern:
    return re.compile(rf"(?:{_alternation(cues)})\s*[:：]?\s*\d")


_DATED = _dated(DATE_CUES)


def _account(head: _Head) -> str | None:
    """The account that put the item out on a platform, as its head shows it: a name followed by a
    follow button (关注), by an account kind (企鹅号, 微信号 …) or by a date line with its cue (发布时间：),
    or a name after the date (2019-05-17 · 苏皖城市报道)."""
    lines = head.lines
    for i, line in enumerate(lines):
        m = _DATE_DOT_NAME.search(line)
        if m and _is_name(m.group(4)):
            return m.group(4)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_name(line) and (nxt in FOLLOW_MARKS or nxt.startswith(ACCOUNT_KINDS)
                               or _DATED.match(nxt)):
            return line
    return None


def _title_site(title: str, headline: str | None, page_text: str) -> str | None:
    """The site's name a <title> carries after the headline (标题_频道_网易新闻): of the parts after it, domains (cjn.cn) and Latin names set aside when a Chinese one is there, the last one the
    page's text also names, else the last; a domain alone is the name without its ending (CSDN.NET: CSDN)."""
    parts = [p.strip() for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) < 2:
        return None
    sh = _squash(headline or "")
    at = [i for i, p in enumerate(parts) if sh and (_squash(p) in sh or sh in _squash(p))]
    rest = parts[at[-1] + 1:] if at else parts[1:]  # before the headline: sections (明日股市预测--标题)
    rest = [p for p in rest if len(p) <= 20 and not _ANY_DATE.search(p)]
    if not rest:
        return None
    named = [p for p in rest if not _DOMAIN.match(p)]
    if not named:
        return re.sub(rf"^www\.|(?:\.(?:{_alternation(DOMAIN_ENDINGS)}))+$", "", rest[-1], flags=re.I) or None
    chinese = [p for p in named if _CJK.search(p)] or named
    last = chinese[-1]
    if last not in page_text:  # 标题_新浪财经_新浪网 on a page that names only 新浪财经: the brand's channel
        for p in reversed(chinese[:-1]):
            if p in page_text and p[:2] == last[:2]:
                return p
    return last


def _owners(page_text: str) -> list[str]:
    """The names a footer gives the site's owner: 版权所有：X, X 版权所有, 主办单位：X, Copyright © X."""
    found = [m.group(1) for m in _OWNER.finditer(page_text)]
    found += [m.group(1) for m in _OWNER_BEFORE.finditer(page_text)]
    found = [re.sub(rf"^(?:{_alternation(OWNER_CUES)})", "", f).strip() for f in found]
    return [f for f in found if len(f) >= 2 and not _NOT_OWNER.search(f)]


def _publisher(soup, page_text: str, head: _Head, headline: str | None, sources: list[str]) -> str | None:
    """Who put the item out, as the page names it (docs/INGEST.md): the platform account its head shows;
    else the site's own name (a site-name meta tag, else the <title> beside the headline); else the name
    its date line opens with; else the owner its footer names.  A footer or source name that spells the
    chosen name out in full (观察者: 观察者网) is taken instead."""
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    owners = _owners(page_text)
    chosen = _account(head)
    if chosen:
        return chosen
    site = _meta(soup, SITE_META)
    chosen = site if site and _CJK.search(site) else None
    chosen = chosen or _title_site(title, headline, page_text)
    if not chosen:
        for line in head.lines:
            m = _NAME_DATE.match(line)
            if m and _is_name(m.group(1)):
                chosen = m.group(1)
                break
    chosen = chosen or (owners[-1] if owners else site)
    if chosen:
        fuller = [n for n in (*owners, *sources) if chosen in n and n != chosen and not _TITLE_SEP.search(n)
                  and "·" not in n and not n.endswith(COMPANY_ENDINGS)]
        if fuller:
            chosen = max(fuller, key=len)
    return chosen


def read_web_page(html: str) -> WebPage:
    """Read the article and the metadata of a saved page (HTML already decoded to text)."""
    from bs4 import BeautifulSoup
    from readability import Document as Readable

    page = BeautifulSoup(html, "lxml")
    whole = BeautifulSoup(html, "lxml")
    page_text = html_to_text(whole, drop_furniture=False)
    warnings: list[str] = []
    article = ""
    readable_title = None
    try:
        readable = Readable(html)
        readable_title = readable.short_title()
        summary = BeautifulSoup(readable.summary(html_partial=True), "lxml")
        _drop_link_lists(summary)
        article = html_to_text(summary, drop_furniture=False)
    except Exception as err:  # readability gives up on some broken pages: read the page whole
        warnings.append(f"no article found by readability ({type(err).__name__}); the whole page is read")
    plain = html_to_text(BeautifulSoup(html, "lxml"))  # the page's text without tagged furniture
    size = len(re.sub(r"\s", "", article))
    if size < MIN_ARTICLE_CHARS:
        if not warnings:
            warnings.append("no article found on the page; the whole page is read, menus and footers included")
        article = plain
    else:
        article = _trim_article(article)
    headline = _headline(page, readable_title, page_text, _article_start(page_text, article))
    body_at = _article_start(page_text, article, headline)
    headings = frozenset(_squash(h.get_text()) for h in page.find_all(("h1", "h2", "h3")))
    head = _head(page_text, body_at, headline, headings)
    date = _date(page, page_text, head, article)
    zone = "\n".join(head.lines)
    sources = [_NEXT_FIELD.split(m.group(1))[0] for m in
               (list(_SOURCE_LINE.finditer(zone)) or list(_SOURCE_LINE.finditer(page_text)))]
    sources = [x for x in sources if len(x) >= 2]
    source = sources[0] if sources else None
    publisher = _publisher(page, page_text, head, headline, sources)

    opening = re.sub(r"\s", "", article[:300])
    head_lines = [headline] if headline and re.sub(r"\s", "", headline) not in opening else []
    written_date = date is not None and _ANY_DATE.search(article[:300]) is not None
    stamp = " ".join(x for x in (f"发布时间：{date}" if date and not written_date else None,
                                 f"来源：{source}" if source and "来源" not in opening else None) if x)
    if stamp:
        head_lines.append(stamp)
    text = "\n".join(head_lines) + ("\n\n" if head_lines else "") + article
    return WebPage(text=text, headline=headline, date=date, source=source, publisher=publisher, warnings=warnings)
