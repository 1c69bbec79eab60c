"""Organization mentions outside title chains: named bodies, coordinated lists, 我校-style self references."""

from __future__ import annotations

import re

from kg.model import Span
from kg.rules.bodies import has_proper_prefix, is_cjk, org_like, split_units, trim_org_left
from kg.rules.lexicon import CLAUSE_END, EVENT_NOUNS, ORG_SUFFIXES, Lexicon

__all__ = ["find_org_spans", "SELF_REFERENCES"]

# Multi-character suffixes safe to anchor a search on; single characters only with a strong prefix.
_ANCHORS = tuple(s for s in ORG_SUFFIXES if len(s) >= 2)
_ANCHOR_SET = frozenset(_ANCHORS)
_ANCHOR_LENS = tuple(sorted({len(a) for a in _ANCHORS}, reverse=True))
_ANCHOR_LAST = frozenset(a[-1] for a in _ANCHORS)
_SINGLE = ("局", "处", "部", "厅", "院", "所", "馆", "站", "委", "办", "会")
GENERIC_AFTER = ("系统", "组织", "工作者", "之家", "事业", "品牌", "建设", "会员", "干部", "党员")
_AFTER_SINGLE_OK = frozenset("的和与及等在对为向到是将举召开组参出主承协负、，。；：）)")
_GENERIC_CORES = ("中小学", "区县科协", "县区科协", "级学会", "级科协", "企业科协", "高校科协", "基层科协", "各级科协", "学会", "协会", "研究会", "科协组织", "基层组织",
                  "企事业科协", "成员单位", "有关部门", "各部门", "有关单位")
SELF_REFERENCES = ("我校", "我院", "我所", "我会", "本会", "我中心", "本院", "本校")
_NOT_ORGS = frozenset({"中国", "全国", "国家", "中央", "党", "人大", "首都", "委员会", "政府", "科协", "学会", "协会",
                       "科学院", "研究院", "大学", "中心", "基金会", "工作站", "代表团", "理事会", "监事会", "书记处",
                       "党组", "党委", "高校科协", "企业科协", "企事业科协", "基层组织", "有关部门", "各部门",
                       "成员单位", "区科协", "团体会员"})
_ORG_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）·]")


def _scan_left(t: str, end: int, lo: int) -> int:
    k = end
    while k > lo and t[k - 1] not in CLAUSE_END and t[k - 1] not in "、“”《》\"'「」" and _ORG_CHARS.match(t[k - 1]):
        k -= 1
        if end - k > 40:
            break
    return k


_VENUE_ENDINGS = ("会议厅", "会议室", "礼堂", "大厅", "报告厅", "会客室", "会堂", "展厅", "广场", "剧院", "体育馆")
_JOINING_VERBS = ("调研", "考察", "视察", "访问", "座谈", "召开", "举办", "举行", "参加", "出席", "带队", "率团", "来到",
                  "前往", "会见", "接见", "主持", "指导", "签约", "交流", "开展", "来", "到", "赴", "与", "和", "同", "对",
                  "向", "在")


def _verb_inside(name: str, lex: Lexicon) -> bool:
    for v in _JOINING_VERBS:
        k = name.find(v, 2)
        while k > 0:
            left = name[:k]
            if org_like(left, lex) and has_proper_prefix(left, lex) and len(name) - k - len(v) >= 2:
                return True
            k = name.find(v, k + 1)
    return False


def find_org_spans(t: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> list[Span]:
    """Spans of organization names in ``t[lo:hi]``, longest first where they nest."""
    hi = len(t) if hi is None else hi
    found: list[Span] = []
    for e in range(lo + 2, hi + 1):
        suffix = None if t[e - 1] not in _ANCHOR_LAST else next(
            (t[e - n : e] for n in _ANCHOR_LENS if e - n >= lo and t[e - n : e] in _ANCHOR_SET), None)
        single = suffix is None and t[e - 1] in _SINGLE
        if suffix is None and not single:
            continue
        if e < hi and t.startswith(GENERIC_AFTER, e):
            continue
        if single and e < hi and t[e] == "长" and t[e - 2] == t[e - 1]:
            continue  # 研究院|院长, 科技馆|馆长: the body ends before the title's first character
        if single and (t[e - 2 : e] in lex.common_words or (
                e < hi and is_cjk(t[e]) and t[e] not in _AFTER_SINGLE_OK and t[e : e + 2] not in lex.cut_words
                and not t.startswith(("长", "副", "主任", "书记", "成功", "顺利", "隆重"), e))):
            continue
        k = _scan_left(t, e, lo)
        if k >= e - 1:
            continue
        s = trim_org_left(t, k, e, lex)
        name = t[s:e]
        # drop a leading date or number ("2023年密云区科协" cannot happen, but "6月7日，" is cut already)
        m = re.match(r"^(?:[0-9]+(?:年|月|日|届|次)?|第[一二三四五六七八九十百零〇○0-9]+[届次])", name)
        if m:
            s += m.end()
            name = t[s:e]
        if len(name) < 3 and not name.startswith(("市", "县", "区", "省")):
            if name not in lex.known_orgs:
                continue
        if name.endswith(_VENUE_ENDINGS) or re.search(r"等|[0-9]{4}年|[0-9一二三四五六七八九十百]+家|[0-9]+(?:名|个|位|人)", name):
            continue  # 45家市级学会: a count of bodies, not one
        if name.count("(") != name.count(")") or name.count("（") != name.count("）"):
            continue  # 县（市、区）科协 cut inside its brackets
        if s > 0 and t[s - 1] == "各" or "各" in name[:3] or name.startswith(("各", "全市", "全省", "全县", "全区", "市级",
                                                                               "省级", "县级", "区级")):
            continue
        for g in _GENERIC_CORES:
            if name.endswith(g) and len(name) > len(g) and org_like(name[: -len(g)], lex):
                e -= len(g)  # 北京市科协企业科协: the body, not its corporate branches
                name = t[s:e]
                break
        core = re.sub(r"^(?:[\u4e00-\u9fff]{0,4}?(?:省|市|县|区)|全|各)", "", name)
        if core in _GENERIC_CORES:
            continue
        inner = _verb_inside(name, lex)
        if inner:
            continue  # 北京市科协调研企业科协: the body before the verb is found on its own
        m2 = re.fullmatch(r"((?:省|市|县|区)委)((?:省|市|县|区)政府)", name)
        if m2:
            found.append(Span(s, s + len(m2.group(1))))
            found.append(Span(s + len(m2.group(1)), e))
            continue
        if name in _NOT_ORGS or name.endswith(EVENT_NOUNS) and not name.endswith(("委员会", "联合会", "学会",
                                                                                    "协会", "研究会", "促进会")):
            continue
        if not org_like(name, lex):
            continue
        if single and not (has_proper_prefix(name, lex) and len(name) >= 4):
            continue
        if single and any(name[i : i + 2] in lex.verbs for i in range(len(name) - 3)):
            continue
        if single and name[-3] == name[-1] and org_like(name[:-2], lex) and has_proper_prefix(name[:-2], lex):
            continue  # 深圳先进院建院
        if not has_proper_prefix(name, lex) and name not in lex.known_orgs:
            continue
        found.append(Span(s, e))
    found.extend(_listed_bodies(t, lex, lo, hi))
    for ref in SELF_REFERENCES:
        for m in re.finditer(ref, t[lo:hi]):
            found.append(Span(lo + m.start(), lo + m.end()))
    # keep maximal spans: a name inside a longer one is its parent, added by resolve
    found.sort(key=lambda sp: (sp.start, -(sp.end - sp.start)))
    out: list[Span] = []
    for sp in found:
        if out and out[-1].contains(sp):
            continue
        if out and out[-1].overlaps(sp):
            if len(sp) > len(out[-1]):
                out[-1] = sp
            continue
        out.append(sp)
    return out


_MULTI_BODY = tuple(x for x in ORG_SUFFIXES if len(x) >= 2 and x not in ("中心站",)) + ("初中", "高中", "小学", "中学")


def _listed_bodies(t: str, lex: Lexicon, lo: int, hi: int) -> list[Span]:
    """'…深入园区、老林果业专业技术协会、山河初中、步天医药有限公司' : a list of three or more named bodies."""
    out: list[Span] = []
    for m in re.finditer(r"[^，。；：！？\n]+", t[lo:hi]):
        items = m.group(0).split("、")
        if len(items) < 3:
            continue
        spans, pos = [], lo + m.start()
        for it in items:
            spans.append(Span(pos, pos + len(it)))
            pos += len(it) + 1
        # the first item carries the clause head (先后深入我县现代农业示范园区): keep only its tail
        good = [sp for sp in spans[1:] if t[sp.start : sp.end].endswith(_MULTI_BODY) and 4 <= len(sp) <= 16
                and t[sp.start : sp.end] not in _NOT_ORGS and org_like(t[sp.start : sp.end], lex)]
        if len(good) >= 2 and len(good) >= (len(spans) - 1) // 2:
            out.extend(good)
    return out


def coordinated_units(t: str, first: Span, lex: Lexicon) -> list[tuple[Span, str]]:
    """Units listed after an organization that share its place prefix: 县教体科技局、农水局、人社局.

    Returns (span, prefix) pairs; the prefix (县) is what the unit inherits.
    """

    name = t[first.start : first.end]
    prefix = ""
    cuts = split_units(name, lex)
    if cuts:
        prefix = name[: cuts[-1]]
    for n in range(min(len(name) - 2, 8), 0, -1) if not prefix else ():
        head = name[:n]
        if head in lex.places or head in ("市", "县", "区", "省") or head.endswith(("省", "市", "县", "区")):
            prefix = head
            break
    if not prefix:
        return []
    out: list[tuple[Span, str]] = []
    e = first.end
    suffix_kind = next((s for s in ORG_SUFFIXES if name.endswith(s)), "")
    while e < len(t) and t[e] in "、和及":
        k = e + 1
        j = k
        while j < len(t) and j - k <= 8 and is_cjk(t[j]) and t[j] not in "、和及等":
            j += 1
            if suffix_kind and t.endswith(suffix_kind, k, j):
                break
        unit = t[k:j]
        if not unit or not org_like(unit, lex) or len(unit) > 8 or has_proper_prefix(unit, lex):
            break
        if unit in _NOT_ORGS or (not cuts and suffix_kind and not unit.endswith(suffix_kind[-1])):
            break
        out.append((Span(k, j), prefix))
        e = j
    return out
