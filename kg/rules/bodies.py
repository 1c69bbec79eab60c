"""The names of bodies: where a body's name begins and ends, whether a string reads as one, and
the titles that border it.  Shared by the chain rules (:mod:`kg.rules.chains`) and the finder of
bodies elsewhere in the text (:mod:`kg.rules.orgs`); imports neither."""

from __future__ import annotations

import functools
import re

from kg.rules.lexicon import (
    DEPARTMENT_HOSTS,
    DEPARTMENT_SUFFIXES,
    ORG_ROLE_CUES,
    ORG_SUFFIXES,
    PARTY_NAMES,
    Lexicon,
)

__all__ = ["BIG_BODIES", "BODY_SUFFIXES", "is_cjk", "title_at", "title_ending_at", "org_like", "has_proper_prefix",
           "split_units", "trim_org_left"]


# Strong left boundaries of an organization name inside a chain
_STRONG_CUTS = ("由", "在", "向", "到", "的", "会见了", "会见", "接见", "陪同", "邀请", "授予", "据", "被", "请",
                "对", "为", "是", "感谢", "欢迎", "邀得", "代表", "率", "带领", "组织", "参加", "出席", "前往", "来自", "通过",
                "包括", "其中", "有",
                "选举产生", "产生", "当选为", "当选", "担任", "任", "兼任", "首先", "会上", "随后", "其后", "期间",
                "并", "及其", "以及", "新当选", "上届", "原", "时任", "现任", "前任", "特邀", "特别", "假", "于")


_WEAK_CUTS = ("和", "与", "及", "同", "、")


BODY_SUFFIXES = tuple(x for x in ORG_SUFFIXES if len(x) >= 2)


_LONG_SUFFIXES = tuple(x for x in ORG_SUFFIXES if len(x) >= 3)


_JOINING = ("和", "与", "及", "、", "同", "联合", "携手", "共同")


_PROPER_PREFIXES = ("中国", "中华", "全国", "国家", "国际", "首都", "中央", "中共", "亚洲", "世界", "欧洲", "美国", "英国",
                    "我校", "我院", "我所", "我会", "本会", "我市", "我县", "我区", "我省", "省", "市", "县", "区")


_RELATIVE_ORG = re.compile(r"^(?:省|市|县|区|州|镇|乡)(?:委|政府|人大|政协|科协|老科协|委员会|.{0,8}?(?:局|厅|委|部|办|中心|协会|学会|会|馆))")


BIG_BODIES = ("学会", "协会", "大学", "学院", "联盟", "医院", "研究院", "科学院", "集团", "公司", "委员会", "基金会",
               "研究会", "促进会", "协进会", "联合会", "论坛", "政府", "科协")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def title_at(t: str, i: int, lex: Lexicon) -> int:
    """Length of the longest title starting at ``i`` (0 when none)."""
    if i >= len(t) or t[i] not in lex.title_first_chars:
        return 0
    titles, room = lex.titles, len(t) - i
    return next((n for n in lex.title_lengths if n <= room and t[i : i + n] in titles), 0)


def title_ending_at(t: str, i: int, lex: Lexicon, lo: int = 0) -> int:
    """Length of the longest title ending just before ``i`` (0 when none)."""
    if i <= lo or t[i - 1] not in lex.title_last_chars:
        return 0
    titles, room = lex.titles, i - lo
    return next((n for n in lex.title_lengths if n <= room and t[i - n : i] in titles), 0)


def org_like(name: str, lex: Lexicon) -> bool:
    """Does this string read as the name of a body (not a generic word)?"""
    if len(name) < 2 or not any(is_cjk(c) or c.isalpha() for c in name):
        return False
    if name in lex.known_orgs or name in ("我校", "我院", "我所", "我会", "本会", "本院", "本校", "我中心"):
        return True
    if not name.endswith(ORG_SUFFIXES) or any(c in name for c in "、，,；;。") or name.endswith(_ROLE_VERBS):
        return False  # a list (政府办、商务局) or a clause (医院承办) is no name
    if name.endswith(DEPARTMENT_SUFFIXES) and not any(0 < len(name) - name.rfind(h) - len(h) <= 6
                                                      for h in DEPARTMENT_HOSTS if h in name):
        return False  # 山西省胸外科: a department names its host right before it (医院神经内科), or is no body
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


_ROLE_VERBS = tuple(cue for cue, _ in ORG_ROLE_CUES if cue.endswith("办"))  # 主办, 承办, 协办, 举办


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
            if _inside_name(s, right, lex) or _inside_name(s, k, lex) or _inside_place(s, k, lex, reach=8):
                k = s.rfind(cut, 0, k)
                continue
            if not rest or rest in BIG_BODIES or (org_like(rest, lex) and (len(rest) >= 3 or _RELATIVE_ORG.match(rest))):
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
    # a bracketed aside before a whole name: (左起)|香港学者协会
    close = max(s.rfind(")", best), s.rfind("）", best))
    if close >= best and len(s) - close > 3 and org_like(s[close + 1 :], lex):
        best = close + 1
    # leading non-name characters (digits from dates, punctuation) and particles (走访了|东岭县…)
    while best < len(s) and (not (is_cjk(s[best]) or s[best].isalpha()) or
                             (s[best] in "了的着过把被将从与和及同跟向" and has_proper_prefix(s[best + 1 :], lex))):
        best += 1
    party = next((p for p in PARTY_NAMES if s[:best].endswith(p)), None)
    if party:  # 民进|北京市委 is one body: the party's committee of the city
        best -= len(party)
    return start + best


def _inside_name(s: str, j: int, lex: Lexicon) -> bool:
    """Would cutting ``s`` at ``j`` split a body the model or the lexicon knows (中国医师|协会, 控股有|限公司),
    or a body's suffix word (有|限公司)?"""
    # a known body s[a:b] with j-16 <= a < j < b <= a+24 (a model's 市科协联合市委宣传部 is two bodies and
    # protects nothing); the bodies in s are found once per s, not once per cut
    if any(j - 16 <= a < j < b <= a + 24 for a, b in _known_bodies_in(s, lex.known_orgs)):
        return True
    return any(s[a : a + n] in _LONG_SUFFIX_SET for a in range(max(0, j - 3), j) for n in _LONG_SUFFIX_LENGTHS)


_LONG_SUFFIX_SET = frozenset(_LONG_SUFFIXES)
_LONG_SUFFIX_LENGTHS = tuple(sorted({len(x) for x in _LONG_SUFFIXES}))


@functools.lru_cache(maxsize=64)
def _lengths(known: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in known}))


@functools.lru_cache(maxsize=4096)
def _known_bodies_in(s: str, known: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Every (start, end) of a known body in ``s`` that joins no two bodies."""
    lengths = _lengths(known)
    return tuple((a, a + n) for a in range(len(s)) for n in lengths
                 if a + n <= len(s) and s[a : a + n] in known and not any(w in s[a : a + n] for w in _JOINING))


def _inside_place(s: str, j: int, lex: Lexicon, reach: int = 5) -> bool:
    """Would cutting ``s`` at ``j`` split a place name (延庆|区科协, 香港|特别行政区)?"""
    places, first, top = lex.places, lex.place_first_chars, min(len(s), j + reach - 1)
    return any(s[a:b] in places for a in range(max(0, j - reach), j) if s[a] in first
               for b in range(j + 1, top + 1))
