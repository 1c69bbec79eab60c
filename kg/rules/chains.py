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
from functools import lru_cache

from kg.model import Span
from kg.rules.lexicon import (
    CLAUSE_END,
    HONORIFICS,
    NAME_STOP_CHARS,
    NAME_STOP_WORDS,
    ORG_SUFFIXES,
    PARTY_NAMES,
    SENTENCE_END,
    Lexicon,
    implied_org,
)

__all__ = ["PersonHit", "OrgHit", "PostHit", "find_people", "org_like", "split_units", "is_cjk", "sentence_start",
           "sentence_end", "MAX_SENTENCE_CHARS", "MAX_ORG_CHARS"]

_LATIN_NAME = re.compile(r"[A-Z][A-Za-z'\-]*(?:[ .·]{1,2}[A-Z][A-Za-z'\-.]*)+|[A-Z]{2,}(?: [A-Z]{2,})+")
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,8})+")
# Strong left boundaries of an organization name inside a chain
_STRONG_CUTS = ("由", "在", "向", "到", "的", "会见了", "会见", "接见", "陪同", "邀请", "授予", "据", "被", "请",
                "对", "为", "是", "感谢", "欢迎", "代表", "率", "带领", "组织", "参加", "出席", "前往", "来自", "通过",
                "包括", "其中", "有",
                "选举产生", "产生", "当选为", "当选", "担任", "任", "兼任", "首先", "会上", "随后", "其后", "期间",
                "并", "及其", "以及", "新当选", "上届", "原", "时任", "现任", "前任", "特邀", "特别", "假", "于")
_WEAK_CUTS = ("和", "与", "及", "同", "、")
_BODY_SUFFIXES = tuple(x for x in ORG_SUFFIXES if len(x) >= 2)
_LONG_SUFFIXES = tuple(x for x in ORG_SUFFIXES if len(x) >= 3)
_JOINING = ("和", "与", "及", "、", "同", "联合", "携手", "共同")
_NOT_NAME_END = frozenset("会委协院局处部所馆站室团组司厅校中副常务兼")
_TITLE_GLUE = "会处部长员"
_GENERIC_BODY_WORDS = ("学院", "大学", "研究院", "研究所", "医院", "中学", "小学", "学校")
_PARTY_ORGANS = ("党委", "党组", "纪委", "党总支", "党支部", "纪检组")  # a title followed by these is part of a longer word (理事会, 书记处)
_PROPER_PREFIXES = ("中国", "中华", "全国", "国家", "国际", "首都", "中央", "中共", "亚洲", "世界", "欧洲", "美国", "英国",
                    "我校", "我院", "我所", "我会", "本会", "我市", "我县", "我区", "我省", "省", "市", "县", "区")
_RELATIVE_ORG = re.compile(r"^(?:省|市|县|区|州|镇|乡)(?:委|政府|人大|政协|科协|老科协|委员会|.{0,8}?(?:局|厅|委|部|办|中心|协会|学会|会|馆))")
_BIG_BODIES = ("学会", "协会", "大学", "学院", "联盟", "医院", "研究院", "科学院", "集团", "公司", "委员会", "基金会",
               "研究会", "促进会", "协进会", "联合会", "论坛", "政府", "科协")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


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


@dataclass(slots=True)
class PersonHit:
    span: Span
    how: str  # chain, after-title, before-title, comrade, list, credit, ner, repeat
    posts: list[PostHit] = field(default_factory=list)


# --- names ----------------------------------------------------------------


def title_at(t: str, i: int, lex: Lexicon) -> int:
    """Length of the longest title starting at ``i`` (0 when none)."""
    if i >= len(t) or t[i] not in lex.title_first_chars:
        return 0
    for n in range(min(lex.max_title_len, len(t) - i), 0, -1):
        if t[i : i + n] in lex.titles:
            return n
    return 0


def title_ending_at(t: str, i: int, lex: Lexicon, lo: int = 0) -> int:
    """Length of the longest title ending just before ``i`` (0 when none)."""
    if i <= lo or t[i - 1] not in lex.title_last_chars:
        return 0
    for n in range(min(lex.max_title_len, i - lo), 0, -1):
        if t[i - n : i] in lex.titles:
            return n
    return 0


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


def org_like(name: str, lex: Lexicon) -> bool:
    """Does this string read as the name of a body (not a generic word)?"""
    if len(name) < 2 or not any(is_cjk(c) or c.isalpha() for c in name):
        return False
    if name in lex.known_orgs or name in ("我校", "我院", "我所", "我会", "本会", "本院", "本校", "我中心"):
        return True
    if not name.endswith(ORG_SUFFIXES):
        return False
    if name in ORG_SUFFIXES:  # 学会, 中心: a bare suffix names nothing
        return bool(_RELATIVE_ORG.match(name))
    return True


_ADMIN_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:省|市|县|区|镇|乡|州)(?=[\u4e00-\u9fff])")


def has_proper_prefix(name: str, lex: Lexicon) -> bool:
    if name.startswith(_PROPER_PREFIXES) or _RELATIVE_ORG.match(name):
        return True
    m = _ADMIN_HEAD.match(name)
    if m:
        head = name[: m.end() - 1]
        if head not in lex.common_words and head not in lex.cut_words and not any(c in "了的是在和与及对为到等次首各全该本我这那"
                                                                               for c in head):
            return True  # 东岭县委: a place we do not know is still a place
    for n in range(min(len(name), 8), 1, -1):
        if name[:n] in lex.places or name[:n] in lex.known_orgs:
            return True
    return False


def split_units(name: str, lex: Lexicon) -> list[int]:
    """Cut points of a nested name: 中国科学院国际合作局欧洲处 -> [5, 10] (中国科学院 | 国际合作局 | 欧洲处).

    A prefix is a parent when it reads as a body of its own and what follows is a unit.
    """
    cuts = []
    for i in range(3, len(name) - 1):
        head, rest = name[:i], name[i:]
        if len(rest) < 3 or not (org_like(rest, lex) or rest in ORG_SUFFIXES):
            continue
        if any(head[:-len(x)].endswith(ORG_SUFFIXES) for x in ("学会", "协会") if head.endswith(x)):
            continue  # 中国科协|学会服务中心: 中国科协学会 is no body
        if head.endswith(("科协", "学会", "协会", "大学", "学院", "医院", "研究院", "科学院", "联盟", "论坛", "政府",
                          "中心", "委员会", "专委会", "总医院", "中联办", "政协", "市委", "县委", "区委", "省委",
                          "研究所", "局", "办", "委")) or head in lex.known_orgs:
            if head.endswith(("中心",)) and rest.startswith(("站",)):
                continue
            cuts.append(i)
    # keep only cuts whose pieces are all reasonable units (no 1-char pieces)
    out: list[int] = []
    for c in cuts:
        if not out or c - out[-1] >= 2:
            out.append(c)
        elif name[: out[-1]].endswith(("委", "局", "办")) and name[:c].endswith(("委会", "委员会")) and \
                (len(out) == 1 or c - out[-2] >= 2):
            out[-1] = c  # 专委|会 and 专委会|: the head that ends with a whole committee is the body
    return out


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


def trim_org_left(t: str, start: int, end: int, lex: Lexicon) -> int:
    """Move ``start`` right past words that cannot begin an organization name."""
    s = t[start:end]
    best = 0
    for cut in _STRONG_CUTS:
        k = s.rfind(cut)
        while k >= 0:
            right = k + len(cut)
            if cut == "组织" and (s[:k].endswith(("社会", "基层", "群团", "党")) or s[right : right + 1] in "部处"
                                 or (len(s) - right <= 4 and s[-1] in "部处科室")):
                k = s.rfind(cut, 0, k)  # 社会组织管理科, 组织部, 组织人事部: the noun, not the verb
                continue
            # do not cut inside a known name (对外经济贸易大学, 协和医院)
            rest = s[right:]
            if _inside_name(s, right, lex) or _inside_name(s, k, lex):
                k = s.rfind(cut, 0, k)
                continue
            if not rest or rest in _BIG_BODIES or (org_like(rest, lex) and (len(rest) >= 3 or _RELATIVE_ORG.match(rest))):
                best = max(best, right)
                break
            k = s.rfind(cut, 0, k)
    for cut in _WEAK_CUTS:
        k = s.rfind(cut)
        if k >= 0 and k + 1 > best and not _inside_name(s, k, lex):
            rest, left = s[k + 1 :], s[best:k]
            if rest and has_proper_prefix(rest, lex) and org_like(rest, lex) and (
                    org_like(left, lex) or any(left[i:j] in lex.titles for i in range(len(left))
                                               for j in range(i + 2, min(len(left), i + 8) + 1))):
                best = k + 1
    # verbs and adverbs before a named body: 中国科协领导调研|北京市科协
    for j in range(len(s) - 2, best, -1):
        if _inside_place(s, j, lex) or s[:j].endswith(("届", "次", "期")) or _inside_name(s, j, lex):
            continue
        if title_ending_at(s, j, lex, 0) >= 2 and org_like(s[j:], lex):
            best = j  # 市属学会研究会秘书长|和企业科协
            break
        if any(s[j - n : j] in lex.cut_words and s[j - n : j] not in _WEAK_CUTS + ("以及", "及其")
               for n in (1, 2, 3) if j - n >= 0):
            rest = s[j:]
            if org_like(rest, lex) and has_proper_prefix(rest, lex) and (len(rest) >= 3 or _RELATIVE_ORG.match(rest)):
                best = j
                break
    # leading non-name characters (digits from dates, punctuation) and particles (走访了|东岭县…)
    while best < len(s) and (not (is_cjk(s[best]) or s[best].isalpha()) or
                             (s[best] in "了的着过把被将从与和及同跟向" and has_proper_prefix(s[best + 1 :], lex))):
        best += 1
    party = next((p for p in PARTY_NAMES if s[:best].endswith(p)), None)
    if party:  # 民进|北京市委 is one body: the party's committee of the city
        best -= len(party)
    return start + best


# --- chains -------------------------------------------------------------------


_SEP = "、兼"


def _inside_name(s: str, j: int, lex: Lexicon) -> bool:
    """Would cutting ``s`` at ``j`` split a body the model or the lexicon knows (中国医师|协会, 控股有|限公司),
    or a body's suffix word (有|限公司)?"""
    # a known body s[a:b] with j-16 <= a < j < b <= a+24 (a model's 市科协联合市委宣传部 is two bodies and
    # protects nothing); the bodies in s are found once per s, not once per cut
    if any(j - 16 <= a < j < b <= a + 24 for a, b in _known_bodies_in(s, lex.known_orgs)):
        return True
    return any(_LONG_SUFFIX.match(s, a) for a in range(max(0, j - 3), j))


_LONG_SUFFIX = re.compile("|".join(map(re.escape, sorted(_LONG_SUFFIXES, key=len, reverse=True))))


@lru_cache(maxsize=64)
def _lengths(known: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in known}))


@lru_cache(maxsize=4096)
def _known_bodies_in(s: str, known: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Every (start, end) of a known body in ``s`` that joins no two bodies."""
    lengths = _lengths(known)
    return tuple((a, a + n) for a in range(len(s)) for n in lengths
                 if a + n <= len(s) and s[a : a + n] in known and not any(w in s[a : a + n] for w in _JOINING))


def _inside_place(s: str, j: int, lex: Lexicon) -> bool:
    """Would cutting ``s`` at ``j`` split a place name (延庆|区科协)?"""
    for a in range(max(0, j - 5), j):
        for b in range(j + 1, min(len(s), j + 4) + 1):
            if s[a:b] in lex.places:
                return True
    return False


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


def unit_fits(title: str, org_name: str) -> bool:
    head = title
    for mod in ("常务副", "副", "执行", "名誉", "代理"):
        if head.startswith(mod):
            head = head[len(mod) :]
            break
    need = TITLE_UNITS.get(head)
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
            elif s < tstart and t[s:tstart].endswith(_BODY_SUFFIXES) and len(t[s:tstart]) <= 6:
                # 基金会秘书长 after 南江大学教育基金会 was named: the short form is that body
                near = _last_fitting_org(t, "", k, lex, ending=t[s:tstart])
                org = near.span if near and near.span.end - near.span.start > tstart - s else None
        if org is not None and org.end == tstart and t[tstart:pos].startswith(("党委", "党工委", "党总支", "党支部")) \
                and len(t[tstart:pos]) > 2 and not t[org.start : org.end].endswith(_BODY_SUFFIXES) \
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
        elif cur is None and k == 0 and prev_chain_org is not None and title not in HONORIFICS:
            cur = prev_chain_org
        # 学院院长: the nearest body named …学院, never another kind of 院
        kind = next((g for g in _GENERIC_BODY_WORDS if t.endswith(g, 0, tspan.start)), None) if ospan is None else None
        if ospan is None and cur is not None and not unit_fits(title, t[cur.span.start : cur.span.end]):
            cur = _last_fitting_org(t, title, person.span.start, lex, ending=kind)
        elif ospan is None and cur is None and (title in TITLE_UNITS or title[1:] in TITLE_UNITS):
            cur = _last_fitting_org(t, title, person.span.start, lex, ending=kind)
        org = cur
        if ospan is None and cur is not None and cur.parent is not None and title.startswith(_PARTY_ORGANS) \
                and t[cur.span.start : cur.span.end].endswith(_PARTY_ORGANS):
            # 院党委副书记、纪委书记: the second post is at the academy, not in its party committee
            org = cur.parent
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
            org = OrgHit(tspan, implied=implied)
        if title in HONORIFICS and ospan is None:
            org = None if k > 0 or cur is None or title in ("院士", "博士", "老师", "爵士") else org
        posts.append(PostHit(title, tspan, org))
    # a title right after the name
    e = person.span.end
    tl = title_at(t, e, lex)
    if tl and (e + tl >= len(t) or t[e + tl] not in _TITLE_GLUE):
        title = t[e : e + tl]
        org = None
        if title not in HONORIFICS and not segs:
            org = org_right_before(t, person.span.start, lex)
            m = re.match(r"代表([^，。、；：的]{2,30}?)(?:所作|作|的|，|。)", t[e + tl : e + tl + 40])
            if org is None and m and org_like(m.group(1), lex):
                org = OrgHit(Span(e + tl + 2, e + tl + 2 + len(m.group(1))))
            if org is None and prev_chain_org is not None and prev_chain_org.implied is None \
                    and t[person.span.start - 1 : person.span.start] == "、" \
                    and unit_fits(title, t[prev_chain_org.span.start : prev_chain_org.span.end]):
                org = prev_chain_org  # 某院甲院长、乙书记: the second of a list of name-title pairs, same body
        posts.append(PostHit(title, Span(e, e + tl), org))
    return posts


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
    from kg.rules.orgs import find_org_spans

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
    for big in _BIG_BODIES:
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
