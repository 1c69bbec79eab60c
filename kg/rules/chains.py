"""Persons, titles and the organizations they belong to: plain functions over text.

The genre writes people as *title chains*: ``ORG TITLE、TITLE兼ORG TITLE NAME``
("北京市科协党组书记、常务副主席沈洁"), with titles after names ("李笃中教授"),
names shared by one title ("副理事长云宏年、齐志英"), organizations left out
because the previous chain named them, and sub-units of the body just named
("党组成员兼学会学术部部长宋军").  Everything here runs on ``Document.nlp_text``
(simplified script, same length as the text as written) and returns spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Span
from kg.rules.bodies import (
    BIG_BODIES,
    BODY_SUFFIXES,
    has_proper_prefix,
    is_cjk,
    org_like,
    split_units,
    title_at,
    title_ending_at,
    trim_org_left,
)
from kg.rules.lexicon import (
    CLAUSE_END,
    HONORIFICS,
    NAME_STOP_CHARS,
    NAME_STOP_WORDS,
    PLACE_OFFICES,
    SENTENCE_END,
    Lexicon,
    implied_org,
)
from kg.rules.orgs import find_org_spans

__all__ = ["PersonHit", "OrgHit", "PostHit", "find_people", "posts_for", "parse_chain", "body_of_term", "unit_fits", "title_unit",
           "org_right_before", "sentence_start", "sentence_end", "MAX_SENTENCE_CHARS", "MAX_ORG_CHARS"]

_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'\-]*(?:[ .·]{1,2}[A-Z][A-Za-z'\-.]*)+|[A-Z]{2,}(?: [A-Z]{2,})+")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,8})+")
_NOT_NAME_END = frozenset("会委协院局处部所馆站室团组司厅校中副常务兼")
_TITLE_GLUE = "会处部长员"
_GENERIC_BODY_WORDS = ("学院", "大学", "研究院", "研究所", "医院", "中学", "小学", "学校")
_PARTY_ORGANS = ("党委", "党组", "纪委", "党总支", "党支部", "纪检组")  # a title followed by these is part of a longer word (理事会, 书记处)


@dataclass(frozen=True, slots=True)
class OrgHit:
    span: Span  # the name as it stands in the text
    parent: OrgHit | None = None  # the body it is a unit of, when only the unit is written
    implied: str | None = None  # a name implied by a title (县政府 for 副县长), when nothing is written

    def text(self, t: str) -> str:
        own = t[self.span.start : self.span.end] if self.implied is None else self.implied
        return own


@dataclass(frozen=True, slots=True)
class PostHit:
    title: str  # as it stands in nlp_text (simplified)
    span: Span
    org: OrgHit | None
    rule: str = ""  # which rule read it and found its body (the names: docs/RULES.md)


@dataclass(slots=True)
class PersonHit:
    span: Span
    how: str  # chain, after-title, before-title, comrade, list, credit, ner, repeat
    posts: list[PostHit] = field(default_factory=list)


# --- names ----------------------------------------------------------------


def _common_word(w: str, lex: Lexicon) -> bool:
    return w in lex.common_words


def read_name_forward(t: str, i: int, lex: Lexicon) -> int:
    """End of a personal name starting at ``i``, or -1."""
    if i >= len(t):
        return -1
    m = _LATIN_NAME.match(t, i)
    if m:
        return m.end()
    m = _DOT_NAME.match(t, i)
    if m:
        return _trim_dot_name(t, i, m.end(), lex)
    if t[i : i + 2] in NAME_STOP_WORDS or t[i] in "和及与或等并":
        return -1
    if t[i : i + 3] not in lex.person_names and t[i : i + 2] not in lex.person_names and (
            t[i : i + 2] in lex.cut_words or (t[i : i + 2] in lex.common_words and lex.surname_weight(t[i]) < 2.5)):
        return -1  # 关于…, 能力…: a word, not a name
    k = lex.is_surname_at(t, i)
    if not k:
        return -1
    g = i + k
    if g >= len(t) or not is_cjk(t[g]):
        return -1
    if t[g] in NAME_STOP_CHARS:
        if t[g] in "为与同由和" and g + 1 < len(t) and t[g + 1] in "的，。、；":
            return g + 1
        return -1
    if t[g : g + 2] in NAME_STOP_WORDS or title_at(t, g, lex) >= 2:
        return -1
    # given name of one or two characters
    two = g + 2 <= len(t) and is_cjk(t[g + 1]) and t[g + 1] not in NAME_STOP_CHARS
    if two and (t[g + 1 : g + 3] in NAME_STOP_WORDS or title_at(t, g + 1, lex) >= 2):
        two = False
    end = g + 2 if two else g + 1
    name = t[i:end]
    if _common_word(name, lex) or name in lex.places:  # 江西省, 南昌市: places, not names
        return -1
    return end


def _trim_dot_name(t: str, s: int, e: int, lex: Lexicon) -> int:
    """史蒂芬·韦尔比在南江大学…: the last part ends where a function word or a title begins."""
    last = max(t.rfind(d, s, e) for d in "·•・") + 1
    for p in range(last + 2, e):
        if t[p] in NAME_STOP_CHARS or t[p : p + 2] in NAME_STOP_WORDS or title_at(t, p, lex) >= 2:
            return p
    return e


def read_name_backward(t: str, j: int, lex: Lexicon, lo: int = 0) -> int:
    """Start of a personal name ending just before ``j``, or -1."""
    # Latin names: "Alison Noble教授", "William E.Reichman教授"
    k = j
    while k > lo and (t[k - 1].isascii() and (t[k - 1].isalpha() or t[k - 1] in " .-'")):
        k -= 1
    if j - k >= 3:
        m = _LATIN_NAME.search(t, k, j)
        if m and m.end() == j:
            return m.start()
    best, best_score = -1, 0.0
    for n in (3, 2):
        s = j - n
        if s < lo:
            continue
        cand = t[s:j]
        k = lex.is_surname_at(t, s)
        if not k or k >= n:
            continue
        if not all(is_cjk(c) for c in cand) or any(c in NAME_STOP_CHARS for c in cand[k:]):
            continue
        if any(title_ending_at(t, p, lex, s) for p in range(s + 2, j)) or \
                any(title_ending_at(t, p, lex) > p - s for p in range(s + 1, j)):
            continue  # 会长兼 / 会|长理: the tail of a title, not a name
        score = lex.surname_weight(t[s : s + k]) + (1.0 if cand in lex.person_names else 0.0)
        if n == 3 and (s == lo or t[s - 1] in NAME_STOP_CHARS or title_ending_at(t, s, lex, lo)):
            score += 1.5
        if _common_word(cand, lex) or cand[-1] in _NOT_NAME_END or cand in lex.places:
            continue  # 江西省副省长: a place before the title, not a name
        if j < len(t) and cand[-1] == t[j] and cand not in lex.person_names:
            continue  # 管理科科长, 办公室室主任: a unit and its head's title
        if score > best_score:
            best, best_score = s, score
    return best


# --- organizations ----------------------------------------------------------


# 临江市机械学会第八届理事会, 临江县科协第十届委员会, 中国化学会理事会: a term of the society, not a second body
_TERM = re.compile(r"(?:第?[一二三四五六七八九十百零〇○0-9]+届(?:常务理事会|理事会|全国委员会|委员会|常委会)?|(?<=会)(?:常务)?理事会)$")


# a body ending in one of these is a unit whose party committee is its own organ (总承包二部|党委书记)
_UNIT_ENDS = frozenset("部所处院局厅司室馆站厂校")
_AFTER_A_NAME = frozenset("与和及同跟、，, ")
_TERM_ORGANS = ("常务理事会", "理事会")
_FORMER = ("原", "前", "时任", "前任", "现任")


def body_of_term(name: str, lex: Lexicon) -> int:
    """The length of the body a term names (第八届理事会 of a society is the society), else ``len(name)``."""
    m = _TERM.search(name)
    if m is None or m.start() < 2:
        return len(name)
    body = name[: m.start()]
    return len(body) if body.endswith(("会", "科协")) and org_like(body, lex) else len(name)


# --- chains -------------------------------------------------------------------


_SEP = "、兼"


def _sentence_bounds(t: str, i: int) -> tuple[int, int]:
    return sentence_start(t, i, SENTENCE_END), sentence_end(t, i, SENTENCE_END)


# a sentence runs to its end mark or this far (a line without punctuation is not one sentence): each
# look for the sentence of a mention costs at most this, not the length of the line
MAX_SENTENCE_CHARS = 1000


def sentence_start(t: str, i: int, ends: str) -> int:
    """Where the sentence holding offset ``i`` starts: after the last of ``ends`` before ``i``, at most
    MAX_SENTENCE_CHARS back."""
    lo = max(0, i - MAX_SENTENCE_CHARS)
    k = max(t.rfind(c, lo, i) for c in ends)
    return k + 1 if k >= 0 else lo


def sentence_end(t: str, i: int, ends: str) -> int:
    """Where the sentence holding offset ``i`` ends: at the first of ``ends`` from ``i``, at most
    MAX_SENTENCE_CHARS on."""
    hi = min(len(t), i + MAX_SENTENCE_CHARS)
    found = [k for c in ends if (k := t.find(c, i, hi)) >= 0]
    return min(found) if found else hi


def _continues_chain(t: str, sep: int, lex: Lexicon, lo: int) -> bool:
    """Does the chain go on left of the 、 at ``sep``?  Only over a title that no name stands before (李笃中教授、)."""
    tl = title_ending_at(t, sep, lex, lo)
    if not tl:
        return False
    title = t[sep - tl : sep]
    if title not in HONORIFICS:
        return True
    return org_like(t[max(lo, sep - tl - 12) : sep - tl].split("、")[-1], lex)


# What body a title belongs to, by the body's last character (所长 of a 所, 校长 of a 校).
TITLE_UNITS = {"所长": ("所",), "校长": ("校", "大学", "学院"), "院长": ("院",), "馆长": ("馆",), "站长": ("站",),
               "局长": ("局",), "处长": ("处",), "科长": ("科",), "厅长": ("厅",), "社长": ("社",), "台长": ("台",),
               "行长": ("行",), "团长": ("团",), "队长": ("队",), "司长": ("司",)}


def title_unit(title: str) -> tuple[str, ...] | None:
    """The endings of the body a title belongs to (副所长, 所长助理 → ("所",)), or None if it does not say."""
    head = title
    for mod in ("常务副", "副", "执行", "名誉", "代理"):
        if head.startswith(mod):
            head = head[len(mod) :]
            break
    return TITLE_UNITS.get(head) or (TITLE_UNITS.get(head[:2]) if head.endswith("助理") else None)


def unit_fits(title: str, org_name: str) -> bool:
    need = title_unit(title)
    return need is None or org_name.endswith(need)


def parse_chain(t: str, name_start: int, lex: Lexicon, lo: int) -> list[tuple[Span, Span | None]]:
    """Walk left from a name over ``ORG TITLE、TITLE兼ORG TITLE``; return [(title span, org span|None)], in order."""
    segs: list[tuple[Span, Span | None]] = []
    pos = name_start
    while True:
        n = title_ending_at(t, pos, lex, lo)
        if not n:
            break
        tstart = pos - n
        k = tstart
        while k > lo and t[k - 1] not in CLAUSE_END and t[k - 1] not in _SEP and t[k - 1] not in "“”《》":
            k -= 1
        k = _balance_brackets(t, k, tstart)
        org: Span | None = None
        former = next((w for w in _FORMER if t.endswith(w, k, tstart)), "")
        if former and k < tstart - len(former):  # 重庆大学原党委书记: the post was held at the body before 原
            s = trim_org_left(t, k, tstart - len(former), lex)
            if s < tstart - len(former) and org_like(t[s : tstart - len(former)], lex):
                org = Span(s, tstart - len(former))
        if org is None and k < tstart:
            s = trim_org_left(t, k, tstart, lex)
            term = s + body_of_term(t[s:tstart], lex) if s < tstart else tstart
            if s < tstart and org_like(t[s:term], lex):
                org = Span(s, term)
            elif s < tstart and t[tstart] in "部处局科" and t[tstart + 1 : tstart + 2] == "长" and \
                    org_like(t[s : tstart + 1], lex):
                org = Span(s, tstart + 1)  # 宣传部长: 部长 of the 宣传部, the department and its head in one
            elif t[tstart - 1] in "村镇乡" and (tstart - k == 1 or t[tstart - 2] in "与和及同"):
                org = Span(tstart - 1, tstart)  # (与)村党支部书记: the village named before (resolve finds which)
            elif tstart - k == 1 and t[k] in "院校所会局部厅处":
                # 院党委书记: 院 is the institute the text is about
                head = t[k] + "长"  # 校 is the university (大学, 学院) as for 校长
                near = _last_fitting_org(t, head, k, lex, last_char=None if head in TITLE_UNITS else t[k])
                org = near.span if near else None
                # the org text may itself end in a title-like word (党组): handled by the title lexicon
            elif s < tstart and t[s:tstart].endswith(BODY_SUFFIXES) and len(t[s:tstart]) <= 6:
                # 基金会秘书长 after 南江大学教育基金会 was named: the short form is that body
                near = _last_fitting_org(t, "", k, lex, ending=t[s:tstart])
                org = near.span if near and near.span.end - near.span.start > tstart - s else None
        if org is not None and org.end == tstart and t[tstart:pos].startswith(("党委", "党工委", "党总支", "党支部")) \
                and len(t[tstart:pos]) > 2 and not t[org.start : org.end].endswith(BODY_SUFFIXES) \
                and t[org.end - 1] not in _UNIT_ENDS:
            # 市科技社团党委书记: the party committee is the body, 书记 the title
            cut = 2 if t[tstart : pos].startswith("党委") else 3  # 党工委, 党总支, 党支部
            org, tstart = Span(org.start, tstart + cut), tstart + cut
        segs.insert(0, (Span(tstart, pos), org))
        if org is not None and org.start > k:
            break  # 副会长兼总干事甲教授和ORG常委兼…乙: what was cut off the body's left ends the chain
        if k > lo and t[k - 1] == "兼" or (k > lo and t[k - 1] == "、" and org is None
                                             and _continues_chain(t, k - 1, lex, lo)):
            pos = k - 1
            continue
        if k > lo and t[k - 1] == "、" and org is not None and (org.start == k or org.end <= k):
            # "ORG1 TITLE、ORG2 TITLE NAME" is one chain only when what precedes is a title (not 李笃中教授、),
            # and only when the org opens its segment (not 副主席马立群在…会见了以ORG2 TITLE NAME)
            if _continues_chain(t, k - 1, lex, lo):
                pos = k - 1
                continue
        break
    return segs


def find_people(t: str, lex: Lexicon, *, extra_names: Iterable[tuple[int, int]] = ()) -> list[PersonHit]:
    """All person mentions in ``t`` with the posts their chains state."""
    hits: dict[int, PersonHit] = {}
    n = len(t)
    taken = bytearray(n + 1)

    def add(s: int, e: int, how: str) -> PersonHit | None:
        if s < 0 or e <= s or any(taken[s:e]):
            return None
        h = PersonHit(Span(s, e), how)
        hits[s] = h
        taken[s:e] = b"\x01" * (e - s)
        return h

    # 1. names right after a title: the heart of the genre
    i = 1
    while i < n:
        tl = title_ending_at(t, i, lex)
        if tl and title_at(t, i - tl, lex) == tl and t[i] not in _TITLE_GLUE:
            e = read_name_forward(t, i, lex)
            if e > 0:
                add(i, e, "after-title")
                i = e
                continue
        i += 1
    # 2. names right before a title (孙枢院士, 李笃中教授, 习近平总书记)
    for i in range(1, n):
        tl = title_at(t, i, lex)
        if tl and title_ending_at(t, i + tl, lex) == tl and (i + tl == n or t[i + tl] not in _TITLE_GLUE):
            s = read_name_backward(t, i, lex)
            if s >= 0 and not _name_boundary_before(t, s, i, lex):
                s = -1
            if s >= 0 and not any(taken[s:i]):
                # what precedes the name must not glue it into a word
                add(s, i, "before-title")
    # 3. 同志
    for m in re.finditer("同志", t):
        s = read_name_backward(t, m.start(), lex)
        if s >= 0 and (s == 0 or t[s - 1] in NAME_STOP_CHARS or t[s - 1] in CLAUSE_END or title_ending_at(t, s, lex)):
            add(s, m.start(), "comrade")
    # 'ORG王大林等15名理事': a name before 等 and a count
    for m in re.finditer(r"等(?:[0-9]+|[一二三四五六七八九十百]+)(?:名|位|人)", t):
        s = read_name_backward(t, m.start(), lex)
        if s >= 0 and _name_boundary_before(t, s, m.start(), lex):
            add(s, m.start(), "listed")
    for s, e in extra_names:
        add(s, e, "ner")
    # 4. lists: a name, then 、/和/及 and another name
    changed = True
    while changed:
        changed = False
        for h in sorted(hits.values(), key=lambda h: h.span.start):
            e = h.span.end
            while e < n and title_at(t, e, lex) and t[e : e + title_at(t, e, lex)] in HONORIFICS:
                e += title_at(t, e, lex)
            if e < n and t[e] in "、和及与":
                e2 = read_name_forward(t, e + 1, lex)
                if e2 > 0 and not title_at(t, e + 1, lex) and (e2 >= n or t[e2] in "、和及与，。等分同一出参" or
                                                                title_at(t, e2, lex)):
                    if add(e + 1, e2, "list"):
                        changed = True
    return sorted(hits.values(), key=lambda h: h.span.start)


def _name_boundary_before(t: str, s: int, e: int, lex: Lexicon) -> bool:
    """Can a name start at ``s``?  Not inside a word (孵|化中心, 澳|门机电)."""
    if s == 0 or t[s - 1] in NAME_STOP_CHARS or t[s - 1] in CLAUSE_END or not is_cjk(t[s - 1]):
        return True
    if t[s:e] in lex.person_names or title_ending_at(t, s, lex) or t[s - 1] in "院会协委局处部所馆站室校科心司":
        return True
    return t[max(0, s - 2) : s] in lex.common_words or t[max(0, s - 2) : s] in lex.cut_words


def posts_for(t: str, person: PersonHit, lex: Lexicon, prev_chain_org: OrgHit | None,
              after: int = 0) -> list[PostHit]:
    """The posts a chain in front of (and a title right after) a person states; the chain begins after
    ``after`` (the end of the person named before in the sentence: 甲与乙部副经理丙 is no body 甲与乙部)."""
    s0, _ = _sentence_bounds(t, person.span.start)
    if after > s0:
        s0 = after
        while s0 < person.span.start and t[s0] in _AFTER_A_NAME:
            s0 += 1  # 甲与|乙部: the word joining two persons opens no body
    segs = parse_chain(t, person.span.start, lex, s0)
    if not segs:
        # 学会副理事长、南江大学甲教授: the chain in front of the body the name is written after
        before = org_right_before(t, person.span.start, lex)
        tl = title_at(t, person.span.end, lex)
        if before is not None and before.span.start - 1 > s0 and t[before.span.start - 1] == "、" \
                and tl and t[person.span.end : person.span.end + tl] in HONORIFICS:
            segs = [(ts, os) for ts, os in parse_chain(t, before.span.start - 1, lex, s0)
                    if os is not None and t[ts.start : ts.end] not in HONORIFICS]
    posts: list[PostHit] = []
    cur: OrgHit | None = None
    for k, (tspan, ospan) in enumerate(segs):
        title = t[tspan.start : tspan.end]
        organ = next((o for o in _TERM_ORGANS if title.startswith(o) and len(title) > len(o) + 1), None)
        if organ:  # (第八届)理事会副理事长: the board is a term of the society, the post is at the society
            tspan = Span(tspan.start + len(organ), tspan.end)
            title = title[len(organ) :]
        how = "chain-body-written"
        if ospan is not None:
            name = t[ospan.start : ospan.end]
            parent = cur or (prev_chain_org if k == 0 else None)
            if parent is not None and cur is None and name[-1] in "部处室" and not parent.implied:
                # 省科协组织人事部部长甲、学会学术部副部长乙: a sibling department of the same body
                pname = t[parent.span.start : parent.span.end]
                if pname[-1] in "部处室":
                    cuts = split_units(pname, lex)
                    if parent.parent is not None:
                        parent = parent.parent
                    elif cuts:
                        parent = OrgHit(Span(parent.span.start, parent.span.start + cuts[-1]))
            department = name.startswith("国际") and len(name) <= 7 and name[-1] in "部处室科"  # 国际联络部
            if parent is not None and (department or not has_proper_prefix(name, lex)) and not _named_body(name) \
                    and not split_units(name, lex):  # 农业部农垦局热作处 has its own hierarchy: no unit of the last body
                cur = OrgHit(ospan, parent=parent)
            else:
                cur = OrgHit(ospan)
        elif (office := _place_office(t, tspan, title, lex)) is not None:
            cur, how = office, "chain-place-office"
        elif cur is None and k == 0 and prev_chain_org is not None and title not in HONORIFICS:
            cur, how = prev_chain_org, "chain-body-of-the-chain-before"
        elif cur is not None:
            how = "chain-body-earlier-in-the-chain"
        else:
            how = "chain-no-body"
        # 学院院长: the nearest body named …学院, never another kind of 院
        kind = next((g for g in _GENERIC_BODY_WORDS if t.endswith(g, 0, tspan.start)), None) if ospan is None else None
        if ospan is None and cur is not None and not unit_fits(title, t[cur.span.start : cur.span.end]):
            cur, how = _last_fitting_org(t, title, person.span.start, lex, ending=kind), "chain-nearest-fitting-body"
        elif ospan is None and cur is None and (title in TITLE_UNITS or title[1:] in TITLE_UNITS):
            cur, how = _last_fitting_org(t, title, person.span.start, lex, ending=kind), "chain-nearest-fitting-body"
        org = cur
        if ospan is None and cur is not None and cur.parent is not None and title.startswith(_PARTY_ORGANS) \
                and t[cur.span.start : cur.span.end].endswith(_PARTY_ORGANS):
            # 院党委副书记、纪委书记: the second post is at the academy, not in its party committee
            org, how = cur.parent, "chain-party-organ-of-its-body"
        implied = implied_org(title)
        if implied and ospan is None and (org is None or not t[org.span.start : org.span.end].endswith("政府")):
            # 副区长 after 区委常委: the district government, named after the same place
            # 江西省副省长: the government of the province written right before the title
            place = next((t[tspan.start - n : tspan.start] for n in range(8, 1, -1)
                          if tspan.start >= n and t[tspan.start - n : tspan.start] in lex.places), None)
            if place and place.endswith(implied[0]):
                implied = place + implied[1:]
            elif org is not None:
                base = re.sub(r"(?:委|人大|政协)$", "", t[org.span.start : org.span.end])
                if len(base) >= 2 and base[-1] == base[-2]:
                    base = base[:-1]  # 滨海新区区委 -> 滨海新区
                if base.endswith(implied[0]):
                    implied = base + "政府"
            org, how = OrgHit(tspan, implied=implied), "chain-government-implied-by-title"
        if title in HONORIFICS and ospan is None:
            org = None if k > 0 or cur is None or title in ("院士", "博士", "老师", "爵士") else org
            how = "chain-honorific"
        posts.append(PostHit(title, tspan, org, how))
    # a title right after the name
    e = person.span.end
    tl = title_at(t, e, lex)
    if tl and (e + tl >= len(t) or t[e + tl] not in _TITLE_GLUE):
        title = t[e : e + tl]
        org, how = None, "title-after-name"
        if title not in HONORIFICS and not segs:
            org = org_right_before(t, person.span.start, lex)
            m = re.match(r"代表([^，。、；：的]{2,30}?)(?:所作|作|的|，|。)", t[e + tl : e + tl + 40])
            if org is None and m and org_like(m.group(1), lex):
                org, how = OrgHit(Span(e + tl + 2, e + tl + 2 + len(m.group(1)))), "title-after-name-on-behalf-of"
            if org is None and prev_chain_org is not None and prev_chain_org.implied is None \
                    and t[person.span.start - 1 : person.span.start] == "、" \
                    and unit_fits(title, t[prev_chain_org.span.start : prev_chain_org.span.end]):
                # 某院甲院长、乙书记: the second of a list of name-title pairs, same body
                org, how = prev_chain_org, "title-after-name-listed-pair"
        posts.append(PostHit(title, Span(e, e + tl), org, how))
    return posts


def _place_office(t: str, tspan: Span, title: str, lex: Lexicon) -> OrgHit | None:
    """广西壮族自治区主席, 澳门特别行政区行政长官: the head of the place named right before the title is at
    the place's government."""
    for n in range(min(12, tspan.start), 2, -1):
        place = t[tspan.start - n : tspan.start]
        if place in lex.places or (place.endswith(("自治区", "特别行政区")) and all(is_cjk(c) for c in place)):
            if any(place.endswith(end) and title == head for end, head in PLACE_OFFICES):
                return OrgHit(tspan, implied=place + "政府")
            return None
    return None


def _balance_brackets(t: str, k: int, end: int) -> int:
    """Move ``k`` right past any bracket in ``t[k:end]`` that is not closed inside it."""
    depth_open: list[int] = []
    for i in range(k, end):
        c = t[i]
        if c in "(（":
            depth_open.append(i)
        elif c in ")）":
            if depth_open:
                depth_open.pop()
            else:
                k = i + 1
    if depth_open:
        k = depth_open[-1] + 1
    return k


def _last_fitting_org(t: str, title: str, before: int, lex: Lexicon, last_char: str | None = None,
                      ending: str | None = None) -> OrgHit | None:
    """The nearest body named before ``before`` that a title such as 所长 or 副校长 can belong to
    (and whose name ends with ``ending``, when given: 学院 for 学院院长)."""

    lo = max(0, before - (1500 if ending else 400))  # a short form (基金会) may stand paragraphs after its name
    # a body and the bodies its name nests (南江大学 in 南江大学教育基金会)
    found = [part for sp in find_org_spans(t, lex, lo, before)
             for part in (sp, *(Span(sp.start, sp.start + c) for c in split_units(t[sp.start : sp.end], lex)))]
    spans = [sp for sp in found if unit_fits(title, t[sp.start : sp.end])
             and (last_char is None or t[sp.end - 1] == last_char)
             and (ending is None or t[sp.start : sp.end].endswith(ending))]
    return OrgHit(max(spans, key=lambda sp: (sp.start, sp.end))) if spans else None


def _named_body(name: str) -> bool:
    """A unit that names a body of its own (…联盟澳门工作站) rather than a department (学会学术部)."""
    for big in BIG_BODIES:
        k = name.find(big)
        if k >= 2:
            return True
    return False


# no body's name runs longer: bounds the look-back for a name before a title on a line without punctuation
MAX_ORG_CHARS = 64


def org_right_before(t: str, s: int, lex: Lexicon) -> OrgHit | None:
    k = s
    floor = max(0, s - MAX_ORG_CHARS)
    while k > floor and t[k - 1] not in CLAUSE_END and t[k - 1] not in _SEP and t[k - 1] not in "（）()“”《》":
        k -= 1
    if k >= s:
        return None
    a = trim_org_left(t, k, s, lex)
    if a < s and org_like(t[a:s], lex):
        return OrgHit(Span(a, s))
    return None
