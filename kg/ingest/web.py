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

_WORDS = read_sections(Path(__file__).parent / "data" / "web.txt")
RELATED_HEADERS = frozenset(_WORDS["related headers"])
PROMOTION_MARKS = tuple(_WORDS["promotion marks"])

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
_DATE_LINE = re.compile(r"(?:发布(?:日期|时间)|发表(?:日期|时间)|日期|时间|发布于|更新时间)\s*[:：]?\s*" + _DATE)
_ANY_DATE = re.compile(_DATE)
_SOURCE_LINE = re.compile(r"(?:来源|來源|稿源|出处)\s*[:：]\s*([^\s|｜/，,。:：]{2,30})")
_COPYRIGHT = re.compile(r"(?:版权所有|版權所有|Copyright\s*©?|©)\s*[:：]?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                        r"([\u4e00-\u9fffA-Za-z（）()·]{2,30})")
_DATE_META = ("article:published_time", "og:article:published_time", "publishdate", "pubdate", "publish_date",
              "datepublished", "dc.date", "dc.date.issued", "article:published", "release_date", "ptime")


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


def _meta(soup, *keys: str) -> str | None:
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        if key in keys and (tag.get("content") or "").strip():
            return tag["content"].strip()
    return None


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _headline(soup, readable_title: str | None) -> str | None:
    og = _meta(soup, "og:title", "twitter:title")
    h1 = next((h.get_text(" ", strip=True) for h in soup.find_all("h1") if h.get_text(strip=True)), None)
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for cand in (h1, og, readable_title, title):
        if cand and len(cand) >= 4:
            # a <title> often carries the site: 标题_网易新闻, 标题 - 新浪
            return re.split(r"\s*(?:[_|｜]| - | – | — )\s*", cand)[0].strip() or cand
    return None


_TITLE_SEP = re.compile(r"\s*(?:[_|｜]| - | – | — |-)\s*")


def _publisher(soup, page_text: str) -> str | None:
    """og:site_name, else the site's name a <title> ends with (标题_网易财经), else the copyright footer."""
    site = _meta(soup, "og:site_name", "application-name", "site_name", "sitename", "publisher")
    if site and re.search(r"[\u4e00-\u9fff]", site):
        return site.strip()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    parts = [p for p in _TITLE_SEP.split(title) if p.strip()]
    if len(parts) >= 2 and 2 <= len(parts[-1]) <= 12:
        return parts[-1].strip()
    found = [f.replace("版权所有", "").strip() for f in _COPYRIGHT.findall(page_text)]
    found = [f for f in found if len(f) >= 2 and not re.search(r"ICP|未经|复制|禁止", f)]
    return found[-1] if found else site


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
    headline = _headline(page, readable_title)
    date = None
    meta_date = _meta(page, *_DATE_META)
    m = _ANY_DATE.search(meta_date or "")
    if m:
        date = _iso(m)
    if date is None:
        m = _DATE_LINE.search(page_text) or _ANY_DATE.search(page_text[: max(0, page_text.find(article[:20]))]
                                                              if article[:20] in page_text else "")
        date = _iso(m) if m else None
    src = _SOURCE_LINE.search(page_text)
    source = src.group(1) if src else None
    publisher = _publisher(page, page_text)

    opening = re.sub(r"\s", "", article[:300])
    head = [headline] if headline and re.sub(r"\s", "", headline) not in opening else []
    written_date = date is not None and _ANY_DATE.search(article[:300]) is not None
    stamp = " ".join(x for x in (f"发布时间：{date}" if date and not written_date else None,
                                 f"来源：{source}" if source and "来源" not in opening else None) if x)
    if stamp:
        head.append(stamp)
    text = "\n".join(head) + ("\n\n" if head else "") + article
    return WebPage(text=text, headline=headline, date=date, source=source, publisher=publisher, warnings=warnings)
