"""Extraction: from a structured Document (and the NLP entities over it) to spans of typed findings.

``find_items`` returns :class:`Findings`: person mentions with the posts their
title chains state, organization mentions (with the unit/parent structure the
text shows), document credits, and one event draft per reporting article.
Nothing here decides identity: ``kg.resolve`` turns findings into entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from kg.model import Article, Document, Span
from kg.rules.bodies import is_cjk, org_like, title_at, title_ending_at, trim_org_left
from kg.rules.chains import (
    MAX_SENTENCE_CHARS,
    OrgHit,
    PersonHit,
    PostHit,
    body_of_term,
    find_people,
    org_right_before,
    posts_for,
    sentence_end,
    sentence_start,
)
from kg.rules.events import DateHit, EventDraft, draft_event, is_mention_only
from kg.rules.lexicon import (
    ASSOCIATION_TITLES,
    EVENT_NOUNS,
    NAME_STOP_WORDS,
    NAMED_RULES,
    ORG_SUFFIXES,
    PARTY_NAMES,
    Lexicon,
    NamedRule,
    named_rule,
)
from kg.rules.orgs import GENERIC_AFTER, coordinated_units, find_org_spans

__all__ = ["Findings", "OrgMention", "CreditPerson", "find_items", "Lexicon", "NamedRule", "NAMED_RULES", "named_rule"]

CREDIT_ROLES = {"编辑": "editor", "责任编辑": "editor", "责编": "editor", "审核": "reviewer", "审稿": "reviewer",
                "终审": "reviewer", "记者": "reporter", "作者": "author", "文": "author", "供稿": "author",
                "撰稿": "author", "摄影": "photographer", "通讯员": "reporter"}


_EMBEDDED_ROLE = re.compile(r"特约记者|见习记者|记者|通讯员|摄影|编辑")


class Coverage:
    """Which characters of a text are taken: overlap tests in the length of the span, not the number of spans."""

    def __init__(self, n: int, spans: Iterable[Span] = ()) -> None:
        self._taken = bytearray(n + 1)
        for sp in spans:
            self.add(sp)

    def add(self, sp: Span) -> None:
        self._taken[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)

    def overlaps(self, sp: Span) -> bool:
        return any(self._taken[sp.start : sp.end])


@dataclass(frozen=True, slots=True)
class OrgMention:
    span: Span
    parent: OrgHit | None = None  # the body a unit belongs to (学会学术部 of 中国科协)
    prefix: str | None = None  # a place prefix shared from a list (县 for 农水局)
    implied: str | None = None  # a name implied by a title (县政府 for 副县长)
    article: int | None = None


@dataclass(frozen=True, slots=True)
class CreditPerson:
    span: Span
    role: str  # editor, reviewer, reporter, author


@dataclass(slots=True)
class Findings:
    document: Document
    persons: list[PersonHit] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    credits: list[CreditPerson] = field(default_factory=list)
    events: list[tuple[Article, EventDraft, list[int], list[int]]] = field(default_factory=list)
    # (article, draft, person indexes into .persons, org indexes into .orgs)
    elected_orgs: dict[int, int] = field(default_factory=dict)  # person index -> org index for 当选 posts


def find_items(doc: Document, lex: Lexicon, *, ner: Iterable[tuple[int, int, str]] = (),
               dates: Iterable[DateHit] | None = None) -> Findings:
    """Every person, post, organization, credit and event the document states, as spans."""
    t = doc.nlp_text
    ner = [fixed for span in ner if (fixed := _repaired(t, span, lex)) is not None]
    found = Findings(doc)

    # bodies the model found count as known bodies here: a chain's 校长 finds 东华大学 though no place
    # names it and no list holds it
    lex = lex.knowing(t[s:e] for s, e, label in ner if label == "ORG" and _model_body(t[s:e], lex))

    # persons and their chains
    ner_persons = [(s, e) for s, e, label in ner if label == "PERSON" and _plausible_person(t[s:e], lex)]
    # 张立|新作报告: a name the model cut short elsewhere in the document is the whole name
    whole = {t[s:e] for s, e in ner_persons}
    lengths = sorted({len(w) for w in whole}, reverse=True)
    ner_persons = [next(((s, s + n) for n in lengths if n > e - s and t[s : s + n] in whole), (s, e))
                   for s, e in ner_persons]
    credit_spans = _credit_people(doc, lex)
    found.credits = credit_spans
    hits = find_people(t, lex, extra_names=ner_persons)
    if ner:  # what the rules read next to a title, the model's entities may contradict
        ner_near = _SpanIndex([(s, e) for s, e, _ in ner])
        hits = [h for h in hits if not _doubtful_reading(t, h, [ner[i] for i in ner_near.overlapping(h.span)], lex)]
    credit_cover = Coverage(len(t), (c.span for c in credit_spans))
    hits = [h for h in hits if not credit_cover.overlaps(Span(h.span.start, h.span.start + 1))]
    starts = {x.span.start for x in hits}  # _whole_name moves ends only
    for h in hits:
        h.span = _whole_name(t, h.span, lex, starts)
    # repeated mentions of names already found
    names = {t[h.span.start : h.span.end] for h in hits} | {t[c.span.start : c.span.end] for c in credit_spans}
    covered = Coverage(len(t), [h.span for h in hits] + [c.span for c in credit_spans])
    found_at = _occurrences(t, {n for n in names if len(n) >= 2})
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if len(name) < 2:
            continue
        for start in found_at.get(name, ()):
            sp = Span(start, start + len(name))
            if not covered.overlaps(sp):
                hits.append(PersonHit(sp, "repeat"))
                covered.add(sp)
    hits.sort(key=lambda h: h.span.start)
    prev_org: OrgHit | None = None
    prev_sentence, prev_end = -1, 0
    for h in hits:
        sent = _sentence_start(t, h.span.start)
        if sent != prev_sentence:
            prev_org, prev_sentence = None, sent
        h.posts = posts_for(t, h, lex, prev_org, after=prev_end if prev_end > sent else 0)
        prev_end = max(prev_end, h.span.end)
        for p in h.posts:
            if p.org is not None and p.org.implied is None:
                prev_org = p.org
    _share_titles(t, hits)
    _elected_posts(t, hits, lex)
    _appointed_posts(t, hits, lex)
    _named_as_posts(t, hits, lex)
    for h in hits:  # 中国科协第六届全国委员会主席: the term is its body
        h.posts = [PostHit(p.title, p.span, _body_not_term(t, p.org, lex), p.rule) for p in h.posts]
    found.persons = hits

    # organizations: chain orgs first, then named bodies elsewhere
    spans: dict[tuple[int, int], OrgMention] = {}
    for h in hits:
        for p in h.posts:
            if p.org is not None:
                key = (p.org.span.start, p.org.span.end)
                spans.setdefault(key, OrgMention(p.org.span, parent=p.org.parent, implied=p.org.implied))
    person_cover = Coverage(len(t), (h.span for h in hits))
    org_cover = Coverage(len(t), (Span(a, b) for a, b in spans))

    def add_org(mention: OrgMention) -> None:
        spans[(mention.span.start, mention.span.end)] = mention
        org_cover.add(mention.span)

    for art in doc.articles or [Article(0, None, None, Span(0, len(t)))]:
        lo = art.title_span.start if art.title_span else art.body.start
        for sp in find_org_spans(t, lex, lo, art.body.end):
            if person_cover.overlaps(sp) or org_cover.overlaps(sp):
                continue
            add_org(OrgMention(sp))
            for unit, prefix in coordinated_units(t, sp, lex):
                if (unit.start, unit.end) not in spans:
                    add_org(OrgMention(unit, prefix=prefix))
    for s, e, label in ner:
        if "\n" in t[s:e]:
            continue  # a table of contents line run into the next
        if label == "ORG":
            s = trim_org_left(t, s, e, lex)  # 请与市科协学会部: the model's span may open with a verb
            s -= next((len(p) for p in PARTY_NAMES if t.startswith(p, s - len(p))), 0)  # 民进|北京市委
        sp = Span(s, e)
        if label == "ORG" and org_like(t[s:e], lex) and not org_cover.overlaps(sp) and not person_cover.overlaps(sp) \
                and not t.startswith(GENERIC_AFTER, e):
            add_org(OrgMention(sp))
    terms = {}  # 学会第八届理事会 is the society: the term's mention is a mention of its body
    for key, m in spans.items():
        end = m.span.start + body_of_term(t[m.span.start : m.span.end], lex)
        if end < m.span.end:
            terms[key] = OrgMention(Span(m.span.start, end), m.parent, m.prefix, m.implied)
    for key, m in terms.items():
        del spans[key]
        spans.setdefault((m.span.start, m.span.end), m)
    # every other mention of a body found once (来首发院调研 where only 首发院副院长 was read as a chain)
    surfaces = {t[a:b] for (a, b), m in spans.items() if b - a >= 3 and m.implied is None}  # 副县长 names no body
    found_at = _occurrences(t, surfaces)
    for surface in sorted(surfaces, key=lambda x: (-len(x), x)):
        for start in found_at.get(surface, ()):
            sp = Span(start, start + len(surface))
            if not org_cover.overlaps(sp) and not person_cover.overlaps(sp) and _stands_alone(t, sp, lex):
                add_org(OrgMention(sp))
    for art in doc.articles:
        if art.source and art.source_span and org_like(t[art.source_span.start : art.source_span.end], lex):
            spans.setdefault((art.source_span.start, art.source_span.end), OrgMention(art.source_span))
    article_at = _ArticleIndex(doc)
    found.orgs = [OrgMention(m.span, m.parent, m.prefix, m.implied, article_at.index(m.span.start))
                  for _, m in sorted(spans.items())]

    # events, one per reporting article
    all_dates = list(dates) if dates is not None else _find_dates(doc)
    person_spans = [(h.span, is_mention_only(t, h.span, len(t)) or credit_cover.overlaps(h.span)
                     or _quoted(t, h.span)) for h in hits]
    org_spans = [m.span for m in found.orgs]
    # each article looks only at the mentions and dates inside it (bisect over sorted offsets), so the
    # cost is the article's, not the document's, per article
    org_index = {}
    for i, m in enumerate(found.orgs):
        org_index.setdefault(m.span, i)
    date_starts = [d.span.start for d in all_dates]
    dates_sorted = date_starts == sorted(date_starts)
    person_near = _SpanIndex([(sp.start, sp.end) for sp, _ in person_spans])
    org_near = _SpanIndex([(sp.start, sp.end) for sp in org_spans])
    for art in doc.articles:
        if dates_sorted:
            art_dates = all_dates[bisect_left(date_starts, art.body.start) : bisect_left(date_starts, art.body.end)]
        else:
            art_dates = [d for d in all_dates if art.body.start <= d.span.start < art.body.end]
        source_idx = org_index.get(art.source_span) if art.source_span else None
        p_ids = person_near.starting_in(art.body, art.title_span)
        o_ids = sorted(set(org_near.starting_in(art.body, art.title_span)) | ({source_idx} - {None}))
        draft = draft_event(t, art.body, art.title, art.title_span, art_dates, [person_spans[i] for i in p_ids],
                            [org_spans[i] for i in o_ids], o_ids.index(source_idx) if source_idx is not None else None)
        if draft is None:
            continue
        draft.persons = [(p_ids[i], role, sp) for i, role, sp in draft.persons]
        draft.orgs = [(o_ids[i], role, sp) for i, role, sp in draft.orgs]
        p_idx = [i for i, _, _ in draft.persons]
        o_idx = [i for i, _, _ in draft.orgs]
        found.events.append((art, draft, p_idx, o_idx))
    return found


def _occurrences(t: str, words: set[str]) -> dict[str, list[int]]:
    """Where each word occurs in ``t``, as ``re.finditer(re.escape(word), t)`` would find it (left to
    right, not overlapping itself), for all words in one pass per word length: linear in ``t`` however
    many words there are (a loop of finditer per word is quadratic when the words grow with the text)."""
    out: dict[str, list[int]] = {}
    by_length: dict[int, list[str]] = defaultdict(list)
    for w in words:
        if w:
            by_length[len(w)].append(w)
    for n, group in by_length.items():
        pattern = re.compile("(?=(" + "|".join(map(re.escape, sorted(group))) + "))")
        ends: dict[str, int] = {}
        for m in pattern.finditer(t):
            w, start = m.group(1), m.start()
            if start >= ends.get(w, 0):
                out.setdefault(w, []).append(start)
                ends[w] = start + n
    return out


class _SpanIndex:
    """Spans sorted by start, for the ones overlapping or starting inside a range without a scan of all."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
        self.starts = [spans[i][0] for i in self.order]
        self.spans = spans
        self.longest = max((e - s for s, e in spans), default=0)

    def overlapping(self, sp: Span) -> list[int]:
        """Indices (in the given order) of the spans overlapping ``sp``."""
        lo = bisect_left(self.starts, sp.start - self.longest)
        hi = bisect_left(self.starts, sp.end)
        return sorted(i for i in self.order[lo:hi] if self.spans[i][0] < sp.end and sp.start < self.spans[i][1])

    def starting_in(self, body: Span, also: Span | None = None) -> list[int]:
        """Indices (ascending) of the spans starting in ``body`` or in ``also``."""
        ids = set(self.order[bisect_left(self.starts, body.start) : bisect_left(self.starts, body.end)])
        if also is not None:
            ids.update(self.order[bisect_left(self.starts, also.start) : bisect_left(self.starts, also.end)])
        return sorted(ids)


class _ArticleIndex:
    """``doc.article_at(offset).index`` by bisect over the articles' starts (they do not overlap)."""

    def __init__(self, doc: Document) -> None:
        self.articles = sorted(doc.articles, key=lambda a: a.span.start)
        self.starts = [a.span.start for a in self.articles]
        self.doc = doc
        self.overlap = any(a.span.end > b.span.start for a, b in pairwise(self.articles))

    def index(self, offset: int) -> int | None:
        if self.overlap:  # never seen; the first article holding it, as Document.article_at
            art = self.doc.article_at(offset)
            return art.index if art else None
        k = bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.articles[k].span.end:
            return self.articles[k].index
        return None


def _body_not_term(t: str, org: OrgHit | None, lex: Lexicon) -> OrgHit | None:
    if org is None or org.implied is not None:
        return org
    end = org.span.start + body_of_term(t[org.span.start : org.span.end], lex)
    return org if end == org.span.end else OrgHit(Span(org.span.start, end), org.parent, org.implied)


_NOT_NAME_TAIL = frozenset("等们的了着过说")


def _whole_name(t: str, sp: Span, lex: Lexicon, starts: set[int]) -> Span:
    """A name read one character short inside a name's slot (代省长蒋定|之，; 副院长甲、沈体|雁分别; 葉劉淑|儀，):
    the slot closes right after the next character, which names do hold, so it is the name's."""
    s, e = sp.start, sp.end
    if not (2 <= e - s <= 3) or e + 1 > len(t) or e in starts or not is_cjk(t[e]) or t[e] in _NOT_NAME_TAIL:
        return sp
    if e - s == 3 and not (lex.is_surname_at(t, s) and lex.surname_weight(t[s + 1]) >= 2.5):
        return sp  # four characters only for a married name (葉劉淑儀): two surnames, the second a common one
    closes = e + 1 == len(t) or t[e + 1] in _NAME_SLOT_END or t[e + 1 : e + 3] in NAME_STOP_WORDS \
        or title_at(t, e + 1, lex) >= 2
    opens = s == 0 or t[s - 1] in _NAME_SLOT_START or title_ending_at(t, s, lex) > 0
    named = lex.name_model.in_name(t[e]) >= 0.005 and not title_at(t, e, lex)  # not 为, 在, 副(主席)
    if closes and opens and named and not lex.name_model.unlikely(t[s : e + 1]):
        return Span(s, e + 1)
    return sp


def _stands_alone(t: str, sp: Span, lex: Lexicon) -> bool:
    """Is this occurrence of a body's name the body, not part of a longer name (首发院 in 首发院区)?"""
    after = t[sp.end : sp.end + 1]
    if t.startswith(_MEETINGS_OF_A_BODY, sp.end):
        return True  # 学会|会员大会: the society's own meeting, not a longer name
    return not (after and is_cjk(after) and t[sp.start : sp.end + 1] in lex.known_orgs) and \
        not t.startswith(ORG_SUFFIXES, sp.end) and not t.startswith(GENERIC_AFTER, sp.end)


_MEETINGS_OF_A_BODY = tuple(n for n in EVENT_NOUNS if len(n) >= 2 and n.endswith("会") and n != "大会")


def _doubtful_reading(t: str, hit: PersonHit, ner: list[tuple[int, int, str]], lex: Lexicon) -> bool:
    """A name the rules read beside a title (会长|从加强, 农|业大学|副校长) that the model did not take for a
    person is kept only if it neither runs into a body or place the model found nor reads unlike a name."""
    if hit.how not in ("after-title", "before-title"):
        return False
    s, e = hit.span.start, hit.span.end
    for a, b, label in ner:
        if a < e and s < b:
            if label == "PERSON":
                return False
            if label in ("ORG", "LOC"):
                if e == b and a < s and t[a:s].endswith(_BODY_ENDINGS):
                    continue  # 西北农林科技大学吉万全|教授: the model ran the body into the name
                return True  # 华中农业大学 | 副校长: the 业大学 of a body
    if hit.how == "after-title":  # 党组书记束为的接见: a title, the name, then the clause goes on
        slot = e >= len(t) or t[e] in _NAME_SLOT_END or t[e : e + 2] in NAME_STOP_WORDS
    else:
        slot = s == 0 or t[s - 1] in _NAME_SLOT_START
    name = t[s:e]
    if not lex.name_model.unlikely(name):
        return False
    # in a name's slot (after a comma, before a title) it is trusted, unless it holds a word (会议|由, 向|大会)
    return not slot or any(name[i : i + 2] in lex.common_words for i in range(len(name) - 1))


def _appointed_posts(t: str, hits: list[PersonHit], lex: Lexicon) -> None:
    """'代表团由…许敖敖担任团长，…崔世平担任副团长': the title is in the body the sentence is about."""
    for h in hits:
        m = re.match(r"(?:同志)?(?:担任|任)", t[h.span.end : h.span.end + 4])
        if not m:
            continue
        k = h.span.end + m.end()
        n = title_at(t, k, lex)
        if not n:
            continue
        a = h.span.start
        while a > 0 and t[a - 1] not in "。！？；\n":
            a -= 1
        subj = re.match(r"[^，。、由]{2,20}?(?=由)", t[a : h.span.start])
        org = None
        if subj and org_like(subj.group(0), lex) or subj and subj.group(0).endswith(("团", "组", "队", "委员会")):
            org = OrgHit(Span(a + subj.start(), a + subj.end()))
        h.posts.append(PostHit(t[k : k + n], Span(k, k + n), org, "appointed-in-the-body-of-the-sentence"))


_NAMED_AS = re.compile(r"(?:增补|补选|任命|聘任|聘请|推选|推举|选举)([^，。；：为]{2,40}?)为([^，。；]{2,40}?)(?=[，。；！\n]|$)")


def _named_as_posts(t: str, hits: list[PersonHit], lex: Lexicon) -> None:
    """'增补陈明、刘芳为县科协第三届委员会委员': each person named takes the post the sentence gives."""
    by_start = {h.span.start: h for h in hits}
    for m in _NAMED_AS.finditer(t):
        tail_start, tail_end = m.start(2), m.end(2)
        n = title_ending_at(t, tail_end, lex, tail_start)
        if not n:
            continue
        title = Span(tail_end - n, tail_end)
        org_end = tail_start + body_of_term(t[tail_start : title.start], lex)  # 县科协(第三届委员会)委员
        org_text = t[tail_start:org_end]
        org = OrgHit(Span(tail_start, org_end)) if org_text and org_like(org_text, lex) else None
        for name in re.finditer(r"[^、和及与]+", m.group(1)):
            span = Span(m.start(1) + name.start(), m.start(1) + name.end())
            h = by_start.get(span.start)
            if h is None and _plausible_person(name.group(), lex) and \
                    not any(o.span.overlaps(span) for o in hits):  # a name only this sentence gives
                h = by_start[span.start] = PersonHit(span, "named")
                hits.append(h)
            if h is not None and h.span.end == span.end and not h.posts:
                h.posts.append(PostHit(t[title.start : title.end], title, org, "named-as"))
    hits.sort(key=lambda h: h.span.start)


def _quoted(t: str, span: Span) -> bool:
    """“学雷锋”, 《王选传》: a name inside quotes or a title is talked about, not present."""
    # within the line, and no further back than a sentence may reach (a line without breaks stays linear)
    line_start = max(t.rfind("\n", max(0, span.start - MAX_SENTENCE_CHARS), span.start) + 1,
                     span.start - MAX_SENTENCE_CHARS)
    before = t[line_start : span.start]
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


def _share_titles(t: str, hits: list[PersonHit]) -> None:
    """'副理事长王海川、李秋云': a name listed right after a titled name shares its chain's titles."""
    for prev, h in zip(hits, hits[1:], strict=False):
        if h.how in ("list", "ner") and not h.posts and prev.posts and t[prev.span.end : h.span.start] in ("、", "和", "及"):
            h.posts = [replace(p, rule="shared-with-the-name-before") for p in prev.posts
                       if p.span.end <= prev.span.start]


def _find_dates(doc: Document) -> list[DateHit]:
    from kg.ingest.dates import find_dates
    from kg.model import PartialDate

    t = doc.nlp_text
    hits = [DateHit(d.span, d.start, d.end) for d in find_dates(t, doc.date) if not _is_stamp(t, d.span)]
    if doc.date is None or doc.date.year is None:
        hits = [_with_context_year(t, h, doc.title) for h in hits]
    if doc.date is not None and doc.date.year is not None:
        # '313日': 3月13日 with 月 lost, in a text dated March
        for m in re.finditer(r"(?<![0-9月年.\-/])([1-9]|1[0-2])([0-3][0-9])日", doc.nlp_text):
            month, day = int(m.group(1)), int(m.group(2))
            if month in (doc.date.month, doc.date.month - 1) and 1 <= day <= 31 and \
                    not any(h.span.overlaps(Span(m.start(), m.end())) for h in hits):
                try:
                    hits.append(DateHit(Span(m.start(), m.end()), PartialDate(doc.date.year, month, day), None))
                except ValueError:
                    pass
        hits.sort(key=lambda h: h.span.start)
    return hits


_STAMP_LABEL = re.compile(r"(?:发布|发稿|更新|录入|日期|时间)[ \t]*[:：][ \t]*$")
_YEAR_WRITTEN = re.compile(r"(?<![\d/.\-])((?:19|20)\d{2})(?=年|届|[^\d年月日/.\-:])")


def _is_stamp(t: str, span: Span) -> bool:
    """A date that says when the text was written, not when anything happened: a wire dateline
    (鲁网8月6日讯, 北京6月1日电), a publication label (发布时间：…), a line that is only a date and a time."""
    if t[span.end : span.end + 1] in ("讯", "电") or _STAMP_LABEL.search(t, max(0, span.start - 8), span.start):
        return True
    line_start = t.rfind("\n", 0, span.start) + 1
    line_end = t.find("\n", span.end)
    rest = t[span.end : line_end if line_end >= 0 else len(t)]
    return not t[line_start : span.start].strip() and bool(
        re.match(r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:$|来源|作者|编辑|责任编辑|浏览|点击)", rest))


def _with_context_year(t: str, hit: DateHit, title: str | None) -> DateHit:
    """A date without a year takes the one year written in its sentence, or else in the headline
    (3月30日…举行2022年第一季度…签约仪式; 齐鲁医院承办2022齐鲁…论坛 over 7月29—31日)."""
    from kg.model import PartialDate

    if hit.start.year is not None:
        return hit
    sent = Span(_sentence_start(t, hit.span.start), _sentence_end(t, hit.span.end))
    for where in (t[sent.start : sent.end], title or ""):
        years = {int(y) for y in _YEAR_WRITTEN.findall(where)}
        if len(years) == 1:
            year = years.pop()
            try:
                start = PartialDate(year, hit.start.month, hit.start.day)
                end = PartialDate(year, hit.end.month, hit.end.day) if hit.end else None
            except ValueError:
                return hit
            return DateHit(hit.span, start, end)
        if years:
            return hit  # years that disagree: leave the year unknown
    return hit


_SENTENCE_ENDS = "。！？；\n"


def _sentence_end(t: str, i: int) -> int:
    return sentence_end(t, i, _SENTENCE_ENDS)


def _sentence_start(t: str, i: int) -> int:
    return sentence_start(t, i, _SENTENCE_ENDS)


_ONE_CHAR_BODY_END = frozenset("科局处部院所会委厅办站馆")
_BODY_ENDINGS = tuple(x for x in ORG_SUFFIXES if len(x) >= 2)
_NAME_SLOT_END = frozenset("，,。、；;的）)\n")
_NAME_SLOT_START = frozenset("，,。、；;（(\n：:")
_ADMIN_END = frozenset("省市县区镇乡州")


def _repaired(t: str, span: tuple[int, int, str], lex: Lexicon) -> tuple[int, int, str] | None:
    """A span of the statistical model, with its edges checked against the words around it:
    平利县 is no PERSON; 刘陈立|英国: the name ends before a country; 英国最高科|学 ends inside a word;
    英国|国家科学院: the country before a body is part of its name."""
    s, e, label = span
    if label == "PERSON":
        if t[s:e] in lex.places or t[e - 1] in _ADMIN_END and e - s >= 3:
            return None
        if e - s >= 4 and e < len(t) and t[e - 1 : e + 1] in lex.places:
            return (s, e - 1, label)
    elif label == "ORG":
        if t[e - 1] in _ONE_CHAR_BODY_END and e < len(t) and t[e - 1 : e + 1] in lex.common_words \
                and not t[s:e].endswith(_BODY_ENDINGS):
            return None  # (but 中国医师协会|心胸外科: a body's whole suffix word ends the name)
        if "各" in t[s : min(e, s + 3)]:
            return None  # (全)市各社区: every community, not one body
        if re.search(r"[0-9一二三四五六七八九十百]+家|[0-9]+(?:名|个|位|人)", t[s:e]):
            return None  # 全区120名中学(生): a count
        for n in (4, 3, 2):
            if s >= n and t[s - n : s] in lex.places and not t[s:e].startswith(t[s - n : s]):
                return (s - n, e, label)
    return span


def _model_body(name: str, lex: Lexicon) -> bool:
    return 4 <= len(name) <= 20 and all(is_cjk(c) for c in name) and org_like(name, lex)


def _plausible_person(name: str, lex: Lexicon) -> bool:
    if re.fullmatch(r"[A-Za-z][A-Za-z .\-']+", name):
        return " " in name or "." in name
    if "·" in name:
        return True
    return 2 <= len(name) <= 4 and bool(lex.is_surname_at(name, 0)) and name not in lex.common_words \
        and name not in EVENT_NOUNS  # 沙龙 is a salon


def _credit_people(doc: Document, lex: Lexicon) -> list[CreditPerson]:
    out = []
    t = doc.nlp_text
    for c in doc.credits:
        role = CREDIT_ROLES.get(c.role)
        if role is None:
            continue
        # 记者王晨通讯员李静: one credit can name the next role inside its value
        for m in re.finditer(rf"{_EMBEDDED_ROLE.pattern}|[^\s、，,;；/|〡（）()]+?(?={_EMBEDDED_ROLE.pattern}|[\s、，,;；/|〡（）()]|$)",
                             t[c.span.start : c.span.end]):
            if _EMBEDDED_ROLE.fullmatch(m.group()):
                role = CREDIT_ROLES.get(m.group(), "reporter")
                continue
            s, e = c.span.start + m.start(), c.span.start + m.end()
            name = t[s:e]
            if 2 <= len(name) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in name) or \
                    re.fullmatch(r"[A-Za-z][A-Za-z .\-]+", name):
                out.append(CreditPerson(Span(s, e), role))
    for a in doc.articles:
        if a.source and a.source_span:
            name = t[a.source_span.start : a.source_span.end]
            if 2 <= len(name) <= 3 and lex.is_surname_at(name, 0) and not org_like(name, lex):
                out.append(CreditPerson(a.source_span, "author"))
    return out




_ELECTED = re.compile(r"(?:分别)?当选(?:为)?")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z .'\-]*[A-Za-z.]")


def _elected_titles(t: str, a: int, b: int, lex: Lexicon) -> list[PostHit]:
    """'会长、理事长、秘书长和监事长' / '县老科协副会长兼秘书长' / 'ORG会长': titles, each with its body if written."""

    out: list[PostHit] = []
    cur: OrgHit | None = None
    pos = a
    for item in re.split(r"(、|和|及|兼)", t[a:b]):
        start, pos = pos, pos + len(item)
        if item in ("、", "和", "及", "兼") or not item:
            continue
        n = title_ending_at(t, pos, lex, start)
        if not n:
            return out
        if pos - n > start:
            s = trim_org_left(t, start, pos - n, lex)
            if s < pos - n and org_like(t[s : pos - n], lex):
                cur = OrgHit(Span(s, pos - n))
        out.append(PostHit(t[pos - n : pos], Span(pos - n, pos), cur, "elected"))
    return out


def _listed_names(t: str, a: int, b: int, lex: Lexicon) -> list[Span]:
    """'黎栢强、陈竞荣、CAMPOS NG LORETA和梁亦星' before 分别当选: every item a name."""
    head = t[a:b]
    head = re.sub(r"(?:同志)?(?:分别)?$", "", head)
    parts = re.split(r"(、|和|及|与)", head)
    out, pos = [], a
    for part in parts:
        if part in ("、", "和", "及", "与"):
            pos += len(part)
            continue
        name = part.strip()
        off = pos + part.find(name) if name else pos
        pos += len(part)
        if not name:
            continue
        if _LATIN_RUN.fullmatch(name) or (2 <= len(name) <= 4 and lex.is_surname_at(name, 0)
                                          and all("\u4e00" <= c <= "\u9fff" for c in name)
                                          and name not in lex.common_words):
            out.append(Span(off, off + len(name)))
        else:
            return []
    if len(out) == 1 and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", t[out[0].start : out[0].end]) and \
            out[0].start - a <= 1 and out[0].end >= len(head.rstrip()) + a - 1:
        return out  # '，宋明哲当选秘书长': the clause is the name
    return out if len(out) >= 2 else []


def _elected_posts(t: str, hits: list[PersonHit], lex: Lexicon) -> None:
    """'A、B和C分别当选会长、理事长和秘书长'; 'X同志当选为ORG副会长兼秘书长'."""
    for m in _ELECTED.finditer(t):
        # subjects: persons in the clause before 当选
        a = m.start()
        while a > 0 and t[a - 1] not in "，。；！？\n":
            a -= 1
        subjects = [h for h in hits if a <= h.span.start < m.start()]
        if not subjects or (len(subjects) == 1 and "、" in t[a : m.start()]):
            listed = _listed_names(t, a, m.start(), lex)
            if listed:
                for sp in listed:
                    if not any(h.span.overlaps(sp) for h in hits):
                        hits.append(PersonHit(sp, "list"))
                hits.sort(key=lambda h: h.span.start)
                subjects = [h for h in hits if a <= h.span.start < m.start()]
        if not subjects:
            continue
        # objects: titles after 当选, to the clause end, split on 、和兼
        b = m.end()
        while b < len(t) and t[b] not in "，。；！？\n":
            b += 1
        objs: list[PostHit] = []
        segs_text = t[m.end() : b]
        objs = _elected_titles(t, m.end(), b, lex)
        if not objs or not segs_text:
            continue
        respectively = "分别" in t[m.start() : m.end()]
        if respectively and len(objs) != len(subjects):
            listed = _listed_names(t, a, m.start(), lex)
            if len(listed) == len(objs):
                hits[:] = [h for h in hits if not any(h.span.overlaps(sp) for sp in listed)]
                subjects = [PersonHit(sp, "list") for sp in listed]
                hits.extend(subjects)
                hits.sort(key=lambda h: h.span.start)
        if respectively and len(objs) == len(subjects):
            for h, p in zip(subjects, objs, strict=True):
                h.posts.append(p)
        elif not respectively:
            for h in subjects:
                h.posts.extend(objs)
    # 'ORG马忠高等27名理事'
    for m in re.finditer(r"等(?:[0-9一二三四五六七八九十百]+)(?:名|位|人)", t):
        h = next((h for h in hits if h.span.end == m.start()), None)
        if h is None:
            continue
        n = title_at(t, m.end(), lex)
        if n and t[m.end() : m.end() + n] not in ASSOCIATION_TITLES | {"委员", "代表"}:
            continue
        if n:
            org = None

            org = org_right_before(t, h.span.start, lex)
            h.posts.append(PostHit(t[m.end() : m.end() + n], Span(m.end(), m.end() + n), org, "counted-list"))
