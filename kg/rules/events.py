"""Events: what happened, when, where, who was there and who ran it.  One per reporting article.

The genre reports one happening per article (a bulletin article, a news item),
sometimes with parts (开幕式, 座谈会 during a visit) that belong to it.  The
event's date is the first date the article gives for something that happened
(not a plan: 将于…), its end the end of a range starting there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.model import EventType, PartialDate, RoleKind, Span
from kg.rules.lexicon import (
    EVENT_NOUNS,
    FUTURE_CUES,
    MENTION_ONLY_AFTER,
    ORG_ROLE_CUES,
    OWN_OCCASIONS,
    PERSON_ROLE_CUES,
    SENTENCE_END,
)

__all__ = ["DateHit", "EventDraft", "draft_event", "event_type", "is_mention_only"]


@dataclass(frozen=True, slots=True)
class DateHit:
    span: Span
    start: PartialDate
    end: PartialDate | None


@dataclass(slots=True)
class EventDraft:
    label: str
    label_span: Span | None
    type: EventType
    start: PartialDate | None
    end: PartialDate | None
    span: Span  # the sentence that reports it
    place_span: Span | None
    persons: list[tuple[int, RoleKind, Span]]  # (index into the person list, role, cue span)
    orgs: list[tuple[int, RoleKind, Span]]  # (index into the org list, role, cue span)
    org_rules: list[str] = field(default_factory=list)  # the rule that gave each of ``orgs`` its role


_TYPE_BY_NOUN = [
    (("座谈会", "座谈", "恳谈会", "茶话会", "见面会"), EventType.SYMPOSIUM),
    (("培训班", "培训会", "培训", "研修班", "讲习班", "训练营", "党课", "讲座", "讲堂"), EventType.TRAINING),
    (("调研", "考察", "视察", "访问", "来访", "到访", "走访", "参观", "初评"), EventType.VISIT),
    (("代表大会", "会员大会", "全体会议", "年会", "学术大会", "学术年会"), EventType.CONGRESS),
    (("论坛", "峰会"), EventType.FORUM),
    (("沙龙",), EventType.SALON),
    (("启动仪式", "启动", "发布会", "发布", "揭牌"), EventType.LAUNCH),
    (("签约仪式", "签约", "签署", "合作协议"), EventType.CEREMONY),
    (("仪式", "典礼", "开幕式", "闭幕式", "颁奖"), EventType.CEREMONY),
    (("科技周", "展览", "博览会", "展会", "亮相", "展"), EventType.EXHIBITION),
    (("会见", "接见", "会谈"), EventType.MEETING),
    (("研讨会", "交流会", "报告会", "学术会议", "会议", "大会", "联席会议", "工作会"), EventType.MEETING),
]


def event_type(label: str) -> EventType:
    for nouns, kind in _TYPE_BY_NOUN:
        if any(label.endswith(n) for n in nouns):
            return kind
    for nouns, kind in _TYPE_BY_NOUN:
        if any(n in label for n in nouns):
            return kind
    return EventType.MEETING if label.endswith("会") else EventType.ACTIVITY


def _sentence_of(t: str, i: int, lo: int, hi: int) -> Span:
    a = i
    while a > lo and t[a - 1] not in SENTENCE_END:
        a -= 1
    b = i
    while b < hi and t[b] not in SENTENCE_END:
        b += 1
    return Span(a, b)


def is_future(t: str, span: Span, lo: int) -> bool:
    """A date in a clause that plans rather than reports (将于, 拟于, 届时)."""
    a = max(lo, span.start - 8)
    window = t[a : span.end + 12]
    return any(cue in window for cue in FUTURE_CUES) or re.search(r"将(?:在|于)?[^，。]{0,12}$", t[a : span.start]) \
        is not None


def is_mention_only(t: str, span: Span, hi: int) -> bool:
    """习近平总书记关于…, 曾庆红同志的重要讲话: the person is talked about, not present."""
    after = t[span.end : min(hi, span.end + 40)]
    clause = re.split(r"[，。；！？\n]", after, maxsplit=1)[0]
    head = clause[:12]
    if any(cue in head[:4] for cue, _ in PERSON_ROLE_CUES if cue not in ("表示", "指出", "要求", "强调")):
        return False
    return any(cue in clause for cue in MENTION_ONLY_AFTER)


_LABEL_LEFT_STOP = re.compile(r"(?:召开了?|举办了?|举行了?|开展了?|参加了?|出席了?|组织了?|启动了?|在|于|由|的|，|、|。|"
                              r"：|；|\d+日电?|上午|下午|晚上|成功|顺利|隆重|圆满|共同)$")  # 北京12月6日电: a dateline


def _label_in(t: str, sent: Span) -> Span | None:
    """The event's name in its sentence: “首都学术”启动暨集成电路学术交流会, 党员干部培训班."""
    s = t[sent.start : sent.end]
    best: Span | None = None
    for noun in EVENT_NOUNS:
        for m in re.finditer(re.escape(noun), s):
            e = m.end()
            if re.match(r"(?:中心|厅|室|馆|楼|大厦)", s[e:]):
                continue  # 国际会议中心 is a place
            if noun == "展" and (s[m.start() - 1 : m.start()] in "开发进拓施扩伸" or s[e : e + 1] in "开示现出望"):
                continue  # 开展, 发展, 展示: verbs, not an exhibition
            # extend over 暨 joins: X暨Y会
            k = m.start()
            while k > 0:
                # the stop words end at k and are short (one digit is enough for \d+日): look at the last 8
                if _LABEL_LEFT_STOP.search(s, max(0, k - 8), k) and not s.endswith(("的", "在"), 0, k):
                    break
                if s.endswith(("的",), 0, k) and k < m.start():
                    break
                k -= 1
                if m.end() - k > 60:
                    break
            if s.count("“", k, e) > s.count("”", k, e) and s[e : e + 1] == "”":
                e += 1  # “青年科技工作者创新沙龙”
            cand = Span(sent.start + k, sent.start + e)
            if len(cand) >= len(noun) + 2 and (best is None or len(cand) > len(best)):
                best = cand
    return best


def _subject_label(t: str, sent: Span, date: Span | None) -> Span | None:
    """'北京科技周于5月20日至5月31日举办': the subject before the date is the event."""
    if date is None or not (sent.start <= date.start <= sent.end):
        return None
    head = t[sent.start : date.start]
    m = re.search(r"([^，。、；：\s]{2,30}?)(?:于|在)$", head)
    if m and re.match(r"\s*(?:[^，。]{0,12}?)(?:举办|举行|召开|开幕|开展)", t[date.end : sent.end]) and \
            any(n in m.group(1) for n in EVENT_NOUNS):
        return Span(sent.start + m.start(1), sent.start + m.end(1))
    return None


_NOTICE = re.compile(r"^(?:关于|關於).{2,60}(?:通知|公示|公告|通告|决定|決定|意见|意見|办法|辦法|批复|批復|函)$")
_PLACE = re.compile(r"(?:在|于|假|赴|到)([^，。、；：“”\s]{2,24}?)(?:召开|举办|举行|开班|开幕|成功举办|顺利召开|隆重举行|"
                    r"顺利举办|举办了|召开了|举行了|进行|访问|调研|会见|开展)")


def draft_event(
    t: str,
    body: Span,
    title: str | None,
    title_span: Span | None,
    dates: Sequence[DateHit],
    persons: Sequence[tuple[Span, bool]],  # (mention span, excluded: credit or mention-only)
    orgs: Sequence[Span],
    source_org: int | None,
) -> EventDraft | None:
    """The event an article reports, or None when it reports none."""
    lo, hi = body.start, body.end
    if title and _NOTICE.match(title):
        return None  # 关于…的公示: a notice announces, nothing happened
    happened = [d for d in dates if not is_future(t, d.span, lo)]
    if len(happened) > 1 and re.fullmatch(r"\s*[（(]\s*", t[lo : happened[0].span.start]) \
            and t[happened[0].span.end : happened[0].span.end + 2].strip().startswith(("）", ")")):
        happened = happened[1:]  # （2024年11月3日）opening the body: when it was published, not held
    if not happened and not title:
        return None
    first = happened[0] if happened else None
    start = first.start if first else None
    end = first.end if first else None
    if first and end is None:
        end = next((d.end for d in happened[1:] if d.start == first.start and d.end), None)
    sent = _sentence_of(t, first.span.start, lo, hi) if first else Span(lo, min(hi, lo + 120))
    label_span = _subject_label(t, sent, first.span if first else None) or _label_in(t, sent)
    if title and title_span and any(n in title for n in ("调研", "考察", "访问", "座谈", "来访", "视察")):
        label_span = title_span
    label = t[label_span.start : label_span.end] if label_span else (title or t[sent.start : sent.end][:40])
    if label.startswith("“") and label.endswith("”") and label.count("“") == 1:
        label = label[1:-1]
    kind = event_type(label)
    if first is None and kind is EventType.ACTIVITY:
        return None
    pm = _PLACE.search(t, sent.start, sent.end)
    place_span = Span(pm.start(1), pm.end(1)) if pm else None
    if place_span:  # 于11月2日在澳门科学馆举办: the place is what follows the last 在/于 (and no date)
        inner = re.search(r".*(?:在|于)", t[place_span.start : place_span.end])
        if inner and place_span.start + inner.end() < place_span.end:
            place_span = Span(place_span.start + inner.end(), place_span.end)
        if re.search(r"[0-9０-９]+(?:月|日|号)", t[place_span.start : place_span.end]):
            place_span = None
    if place_span and (re.search(r"(会议|大会|活动|仪式|期间|座谈)$", t[place_span.start : place_span.end]) or
                       re.match(r"(随后|此前|此后|会上|会后|其间|期间|当天|次日|同日|上午|下午|近日|日前)",
                                t[place_span.start : place_span.end])):
        place_span = None

    person_roles: list[tuple[int, RoleKind, Span]] = []
    for idx, (span, excluded) in enumerate(persons):
        if excluded or not (lo <= span.start < hi or (title_span and title_span.contains(span))):
            continue
        person_roles += [(idx, role, span) for role in _person_roles(t, span, hi)]

    org_roles: list[tuple[int, RoleKind, Span]] = []
    org_rules: list[str] = []
    for idx, span in enumerate(orgs):
        if not (lo <= span.start < hi or (title_span and title_span.contains(span)) or idx == source_org):
            continue
        venue = bool(re.search(r"(?:在|于|假)$", t[max(0, span.start - 1) : span.start]))
        role, rule = (None, "") if venue else _org_role(t, span, hi)
        if role is None and not venue and label_span and label_span.contains(span) and \
                re.match(r"(?:第[一二三四五六七八九十0-9]+[届次]|[0-9]{4}年)?", t[span.end : label_span.end]) and \
                re.match(r"(?:第|[0-9]{4}|年会|学术年会|会员|代表大会|理事会)", t[span.end : label_span.end]):
            role, rule = RoleKind.HOSTED, "body-named-in-its-meeting"
        if role is None and not venue and _own_occasion(t, span, label_span):
            role, rule = RoleKind.HOSTED, "own-occasion"  # 四川科技馆开馆仪式, 研究院正式揭牌: the body's own occasion
        if role is None and _visited(t, span):
            role, rule = RoleKind.HOSTED, "visited-body"
        if role is None and idx == source_org:
            role, rule = RoleKind.HOSTED, "source-line-body"
        if role is not None:
            org_roles.append((idx, role, span))
            org_rules.append(rule)
    return EventDraft(label=label, label_span=label_span, type=kind, start=start, end=end, span=sent,
                      place_span=place_span, persons=person_roles, orgs=org_roles, org_rules=org_rules)


def _person_roles(t: str, span: Span, hi: int) -> list[RoleKind]:
    """What the person named at ``span`` did: the first role verb of the clause after the name, and
    those joined to it by 并 (出席会议并致辞: attended and spoke)."""
    after = t[span.end : min(hi, span.end + 30)]
    clause = re.split(r"[，。；！？\n]", after, maxsplit=1)[0]
    found: list[tuple[int, RoleKind]] = []
    for cue, role in PERSON_ROLE_CUES:
        k = clause.find(cue)
        if k >= 0:
            found.append((k, RoleKind(role)))
    if found:
        found.sort(key=lambda kr: kr[0])
        first_at, first = found[0]
        roles = [first]
        for k, role in found[1:]:
            joined = re.fullmatch(r"[^并和及]{0,12}(?:并|并作|并发表|和|及)", clause[first_at:k])
            if joined and role not in roles and role in (RoleKind.SPOKE, RoleKind.PRESIDED, RoleKind.GUIDED):
                roles.append(role)
        return roles
    before = t[max(0, span.start - 30) : span.start]
    if re.search(r"由[^，。]*$", before) and "主持" in after[:40]:
        return [RoleKind.PRESIDED]
    return [RoleKind.ATTENDED]


def _org_role(t: str, span: Span, hi: int) -> tuple[RoleKind | None, str]:
    """The role the clause after the body gives it, and the rule's name (``role-cue:主办`` …)."""
    after = t[span.end : min(hi, span.end + 48)]
    clause = re.split(r"[，。；！？\n]", after, maxsplit=1)[0]
    # skip over a coordinated org list: X和Y共同主办
    for cue, role in ORG_ROLE_CUES:
        k = clause.find(cue)
        if k < 0:
            continue
        gap = clause[:k]
        if cue == "组织" and not re.match(r"组织(?:召开|开展|举办|举行|了)", clause[k:]):
            continue
        joined = re.fullmatch(r"(?:(?:和|与|及|、|联合|会同)[^，。；]{2,30}?)+(?:共同|联合)?", gap)
        if (len(gap) <= 14 or joined) and not re.search(r"(?:指出|表示|强调|要求|希望|认为)", gap):
            if role in ("hosted",) and "作为" in gap:
                continue
            return RoleKind(role), ("role-cue-after-a-list:" if joined and len(gap) > 14 else "role-cue:") + cue
    joins = re.fullmatch(r"(?:将|还将|也将)?(?:联合|会同|携手)[^，。；！？\n]{2,40}", clause)
    if joins:  # 市科协将联合市委宣传部…等单位，在全市组织开展…: the act is in the next clause
        rest = after[len(clause) + 1 :]
        nxt = re.split(r"[，。；！？\n]", rest, maxsplit=1)[0]
        for cue, role in ORG_ROLE_CUES:
            k = nxt.find(cue)
            if 0 <= k <= 8 and role == "hosted" and re.match(r"(?:组织|举办|主办|召开|举行)(?:开展|召开|举办|举行|了)?",
                                                              nxt[k:]):
                return RoleKind.HOSTED, "joins-others-to-hold"
    if re.match(r"作为(?:承办|主办|协办)单位", after):
        return ({"承": RoleKind.UNDERTOOK, "主": RoleKind.HOSTED, "协": RoleKind.CO_ORGANIZED}[after[2]],
                "as-organizing-unit")
    return None, ""


_OWN_OCCASION = re.compile(r"(?:宣告|宣布|正式|隆重|今天|当天|顺利){0,3}(?:" + "|".join(OWN_OCCASIONS) + ")")


def _own_occasion(t: str, span: Span, label_span: Span | None) -> bool:
    """Is the event the body's own occasion: its name in the event's name right before 开馆, 揭牌…, or
    the body as the subject of such a word (四川科技馆宣告正式开馆)?"""
    if label_span and label_span.contains(span) and t.startswith(OWN_OCCASIONS, span.end):
        return True
    return bool(_OWN_OCCASION.match(t, span.end)) and not t.startswith(OWN_OCCASIONS, span.end)


def _visited(t: str, span: Span) -> bool:
    before = t[max(0, span.start - 3) : span.start]
    after = re.sub(r"^[（(][^）)]{0,30}[）)]", "", t[span.end : span.end + 40])[:6]
    return bool(re.search(r"(?:到|来|赴|对|莅临|走进)$", before) and
                re.match(r"(?:调研|访问|参访|参观|考察|视察|交流|座谈|进行|检查|指导|学习|洽谈)", after))
