"""Identity: one entity per real person, organization and place in a document.

``resolve_document`` turns the spans of :mod:`kg.rules` into an
:class:`~kg.model.Extraction` whose keys are canonical names:

- organizations: abbreviations and full names fold together (中国科协 =
  中国科学技术协会), names relative to the publisher or the article are made
  whole (市科协 in a Beijing bulletin is 北京市科协; 区委 in a 平谷区 article
  is 平谷区委), units take their parent (学会学术部 of 中国科协), and nested
  names give their parents (博鳌亚洲论坛秘书处 ⊂ 博鳌亚洲论坛);
- persons: one per name, with traditional/simplified spellings and one-letter
  variants of the same officer (宁桂玲/宁桂林) as aliases.

Identity across documents is :mod:`kg.resolve.identity`'s job.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache
from importlib.resources import files

from kg.model import (
    DocumentRole,
    EntityLabel,
    Event,
    Extraction,
    Mention,
    Organization,
    Participation,
    Person,
    Place,
    Post,
    RoleKind,
    Span,
)
from kg.resolve.context import DocumentContext, document_context
from kg.rules import Findings, OrgMention
from kg.rules.bodies import has_proper_prefix, is_cjk, org_like, split_units
from kg.rules.chains import title_unit
from kg.rules.lexicon import ASSOCIATION_TITLES, HONORIFICS, Lexicon

__all__ = ["resolve_document", "org_key", "is_relative", "is_markup_name", "written_in_traditional", "ABBREVIATIONS",
           "DocumentContext", "context_of"]

# long form -> short form; keys are built from short forms so both spellings meet
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("科学技术协会", "科协"),
    ("老科技教育工作者协会", "老科协"),
    ("科学技术协进会", "科协"),
    ("人民政府", "政府"),
    ("科学技术委员会", "科技委"),
    ("专业委员会", "专委会"),
    ("中国科学院", "中科院"),
    ("中国科学技术馆", "中国科技馆"),
    ("中国共产党中央委员会", "党中央"),
    ("中共中央", "党中央"),
    ("中华人民共和国国务院", "国务院"),
    ("先进技术研究院", "先进院"),
    ("人力资源和社会保障局", "人社局"),
    ("中央人民政府驻澳门特别行政区联络办公室", "中联办"),
    ("澳门中联办", "中联办"),
)
_CPC_COMMITTEE = re.compile(r"^中共(.+?)(?:委员会|委)$")
_RELATIVE = re.compile(r"^(省|市|县|区|州|镇|乡|村)(?=.)")
_LEVEL_SUFFIX = {"省": "省", "市": "市", "县": "县", "区": "区", "州": "州", "镇": "镇", "乡": "乡", "村": "村"}


def org_key(name: str) -> str:
    """The name two spellings of one body share: 中国科学技术协会 and 中国科协 -> 中国科协."""
    k = re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")
    for long, short in ABBREVIATIONS:
        k = k.replace(long, short)
    m = _CPC_COMMITTEE.match(k)
    if m and not m.group(1).endswith(("中央",)):
        k = m.group(1) + "委"
    return k


def _is_relative(key: str) -> bool:
    if key.startswith(("市民政", "县民政", "区民政", "省民政")):
        return True  # 市民政局: the city's civil affairs bureau (市民 alone is the citizens)
    return bool(_RELATIVE.match(key)) and not key.startswith(("市场", "市民", "县域", "区域", "省级", "市级", "市属", "省属", "县属", "区属",
                                                                   "市直", "省直", "县直", "区直"))


def is_relative(key: str) -> bool:
    """Is this organization key relative to its document (市科协, 我所: one entity per document)?"""
    return _is_relative(key)


_HONOURS = tuple(sorted(HONORIFICS, key=len, reverse=True))  # 中国工程院院士: a body named for an honour


def context_of(found: Findings, keys: list[str] | None = None) -> DocumentContext:
    """The document context of what the rules found (publisher, self-references, date frame)."""
    doc = found.document
    if keys is None:
        keys = [org_key(_full_name(m, doc.nlp_text, doc.text)[0]) for m in found.orgs]
    publisher = doc.publisher or next((c.value for c in doc.credits if c.role == "来源"), None)
    return document_context(doc, [m.span for m in found.orgs], keys, is_relative=_is_relative,
                            publisher_key=org_key(publisher) if publisher else None,
                            honours=_HONOURS)


def resolve_document(found: Findings, lex: Lexicon) -> Extraction:
    doc = found.document
    t, text = doc.nlp_text, doc.text
    ex = Extraction(doc)
    traditional = written_in_traditional(doc)

    # --- organizations -------------------------------------------------------
    def written(span: Span) -> str:
        return text[span.start : span.end]

    full_names: list[tuple[str, str]] = []  # (simplified full name, as written) per mention
    for m in found.orgs:
        full_names.append(_full_name(m, t, text))
    keys = [org_key(s) for s, _ in full_names]
    context = context_of(found, keys)

    # regions: the places bodies in this document are named after, by level, and per article for districts
    regions: dict[str, Counter] = defaultdict(Counter)
    art_regions: dict[tuple[int | None, str], str] = {}
    for m, k in zip(found.orgs, keys, strict=True):
        for level in ("省", "市", "县", "区", "村"):
            i = k.find(level)
            if 2 <= i <= 6 and not _is_relative(k):
                place = k[: i + 1]
                # a village's name is often a plain word (青石村): any two or three characters will do
                if _plausible_place(place[:-1], lex) or level == "村" and i <= 3 and all(is_cjk(c) for c in place):
                    regions[level][place] += 1
                    art_regions.setdefault((m.article, level), place)
                break
    for pm in _PLACE_IN_TEXT.finditer(t):
        place = pm.group(1)
        if place[:-1] not in lex.places and any(c in "请与和及在对向为由将把被从到给让同跟" for c in place[:-1]):
            continue  # 请与|市科协学会部联系: words before a relative name, not a place
        if not place.startswith(("全", "各", "我", "本", "该")):
            regions[place[-1]][place] += 1
    if doc.publisher:
        pk = org_key(doc.publisher)
        for level in ("省", "市", "县", "区"):
            i = pk.find(level)
            if 2 <= i <= 6 and _plausible_place(pk[:i], lex):
                regions[level][pk[: i + 1]] += 5
                break

    def absolute(key: str, article: int | None) -> str:
        if (meant := context.body_meant(key)) is not None:  # 我校 in a university's own news
            return meant
        if _names_its_body(key):  # 部成果转化与区域创新司 in an article about 科学技术部
            bodies = Counter(k for k in keys if len(k) >= 3 and k.endswith(key[0]) and not _names_its_body(k))
            if bodies:
                key = sorted(bodies.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0] + key[1:]
        if not _is_relative(key):
            return key
        level = key[0]
        candidates = [k for k in sorted(set(keys)) if not _is_relative(k) and k.endswith(key) and len(k) > len(key)
                      and _plausible_place(k[: len(k) - len(key)], lex)]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            same_art = [k for k, m in zip(keys, found.orgs, strict=True) if k in candidates and m.article == article]
            return same_art[0] if same_art else sorted(candidates, key=lambda k: (-keys.count(k), k))[0]
        region = art_regions.get((article, level)) if level == "区" else None
        if region is None and regions.get(level):
            region = regions[level].most_common(1)[0][0]
        if region:
            return region[:-1] + key if key.startswith(level) else key
        return key

    canonical = [absolute(k, m.article) for k, m in zip(keys, found.orgs, strict=True)]
    # a unit written without its body but known whole elsewhere (创新服务中心 = 市科协创新服务中心)
    whole = sorted(set(canonical), key=lambda k: (-len(k), k))
    for i, c in enumerate(canonical):
        longer = [w for w in whole if w != c and w.endswith(c) and not has_proper_prefix(c, lex)
                  and (len(c) >= 4 or len(c) == 3 and c[-1] in "处科室")]  # 科研处 = 我院科研处
        if len(longer) == 1:
            canonical[i] = longer[0]

    # 北京科协 is 北京市科协; 中国医学科学院北京协和医院 is 北京协和医院 (its parent written in front)
    names = sorted(set(canonical), key=lambda k: (-len(k), k))
    for i, c in enumerate(canonical):
        for level in "市省县区":
            for n in (2, 3):
                longer = c[:n] + level + c[n:]
                if c[:n] in lex.places and longer in names:
                    canonical[i] = longer
        for other in names:
            if other != c and len(other) >= 4 and c.endswith(other) and has_proper_prefix(other, lex):
                head = c[: len(c) - len(other)]
                if head in names or (org_like(head, lex) and len(head) >= 4):
                    canonical[i] = other
                    break
    # a delegation is one body however it is called: 代表团, 澳门代表团, 澳门科技界代表团
    delegations = sorted({c for c in canonical if c.endswith("代表团")}, key=lambda k: (-len(k), k))
    for i, c in enumerate(canonical):
        if c in delegations and c != delegations[0]:
            same = [d for d in delegations if d.endswith("代表团") and (c == "代表团" or d[:2] == c[:2])]
            if same:
                canonical[i] = same[0]
        elif c in ("筹备组", "理事会", "学会", "协会", "研究会", "工作组", "专委会"):
            longer = sorted({w for w in canonical if w != c and w.endswith(c)})
            if len(longer) == 1:
                canonical[i] = longer[0]
    labels: dict[str, Counter] = defaultdict(Counter)
    for c, (simp, wr), m in zip(canonical, full_names, found.orgs, strict=True):
        org = ex.organizations.get(c)
        if org is None:
            org = ex.organizations[c] = Organization(key=c, name=wr)
        if m.implied is None:
            org.mentions.append(Mention(written(m.span), EntityLabel.ORG, m.span))
        labels[c][wr] += 1
        labels[c][simp] += 0
    for c, org in ex.organizations.items():
        org.name = _best_label(c, labels[c], text_is_traditional=traditional)
        org.aliases = {a for a in labels[c] if a != org.name}
        if c not in (org.name, *org.aliases) and not _is_relative(c):
            org.aliases.add(c)
        for long, short in ABBREVIATIONS[:2]:
            if short in org.name and not _is_relative(org.name):
                org.aliases.add(org.name.replace(short, long))
    # parents: units (a mention's parent) and nested names
    for c in canonical:
        _add_parents(ex, c, lex)

    org_of_mention = dict(enumerate(canonical))

    # --- persons ----------------------------------------------------------------
    person_key: dict[int, str] = {}
    for i, h in enumerate(found.persons):
        k = t[h.span.start : h.span.end]
        person_key[i] = k
        p = ex.persons.get(k)
        if p is None:
            p = ex.persons[k] = Person(key=k, name=written(h.span))
        p.mentions.append(Mention(written(h.span), EntityLabel.PERSON, h.span))
        if written(h.span) != k:
            p.aliases.add(k)
    for c in found.credits:
        k = t[c.span.start : c.span.end]
        p = ex.persons.setdefault(k, Person(key=k, name=written(c.span)))
        p.mentions.append(Mention(written(c.span), EntityLabel.PERSON, c.span))
        ex.document_roles.append(DocumentRole(k, c.role, c.span))

    # posts
    span_to_org = {(m.span.start, m.span.end): c for m, c in zip(found.orgs, canonical, strict=True)}
    posts: list[Post] = []
    for i, h in enumerate(found.persons):
        for p in h.posts:
            org = None
            if p.org is not None:
                org = span_to_org.get((p.org.span.start, p.org.span.end))
                if org is None and p.org.implied:
                    org = absolute(org_key(p.org.implied), doc.article_at(p.span.start).index
                                   if doc.article_at(p.span.start) else None)
                    ex.organizations.setdefault(org, Organization(key=org, name=org))
            posts.append(Post(person_key[i], written(p.span), org, p.span))

    # 所长助理 with no body in an institute's own news: the body the document speaks for
    homes = sorted({context.publisher, *context.self_references.values()} - {None})
    for n, post in enumerate(posts):
        # only a title that opens its chain (学院院长, 孔德亮院长: another body or a name comes first)
        opens = post.span.start == 0 or not is_cjk(t[post.span.start - 1])
        unit = title_unit(t[post.span.start : post.span.end]) if post.org is None and opens else None
        fitting = [h for h in homes if unit and h.endswith(unit)]
        if len(fitting) == 1:
            home = fitting[0]
            if home not in ex.organizations:
                ex.organizations[home] = Organization(key=home, name=home)
            posts[n] = replace(post, org=home)

    # --- places ---------------------------------------------------------------
    place_of_event: dict[int, str] = {}
    for n, (_, draft, _, _) in enumerate(found.events):
        if draft.place_span:
            name = written(draft.place_span)
            k = t[draft.place_span.start : draft.place_span.end]
            if k == "京":
                k, name = "北京", "北京"
            pl = ex.places.setdefault(k, Place(key=k, name=name))
            pl.mentions.append(Mention(name, EntityLabel.LOC, draft.place_span))
            place_of_event[n] = k

    # --- events -------------------------------------------------------------
    for n, (art, draft, _, _) in enumerate(found.events):
        label = draft.label
        if draft.label_span is not None and t[draft.label_span.start : draft.label_span.end] == draft.label:
            label = written(draft.label_span)  # as written (traditional stays traditional)
        elif draft.label_span is not None:
            label = _as_written(draft.label, t, text, draft.label_span)
        ev = Event(key=f"{art.index}", label=label, type=draft.type, start=draft.start, end=draft.end,
                   place=place_of_event.get(n), span=draft.span, article=art.index)
        seen: set[tuple[str, RoleKind]] = set()
        present: list[str] = []
        for idx, role, span in draft.persons:
            k = person_key[idx]
            if (k, role) in seen:  # credit-line mentions were excluded by extract, other mentions count
                continue
            seen.add((k, role))
            ev.participants.append(Participation(k, True, role, span))
            present.append(k)
        for idx, role, span in draft.orgs:
            k = org_of_mention[idx]
            if (k, role) not in seen:
                seen.add((k, role))
                ev.participants.append(Participation(k, False, role, span))
        # the body of whoever presided or received is a host (座谈会由…主持; 副校长…会见来访客人)
        hosts_named = any(pp.role.organizes and not pp.agent_is_person for pp in ev.participants)
        for pp in list(ev.participants):
            if pp.agent_is_person and pp.role in (RoleKind.PRESIDED, RoleKind.RECEIVED):
                for post in posts:
                    if post.person == pp.agent and post.org and (post.org, RoleKind.HOSTED) not in seen \
                            and (not hosts_named or pp.role is RoleKind.PRESIDED):
                        seen.add((post.org, RoleKind.HOSTED))
                        ev.participants.append(Participation(post.org, False, RoleKind.HOSTED, pp.span))
                        break
        # 宁陕县召开…会议: a county that convenes is its government
        if draft.span is not None:
            sent = t[draft.span.start : draft.span.end]
            pm = re.search(r"([\u4e00-\u9fff]{2,6}?(?:省|市|县|区))(?:委|政府)?(?:召开|举办|举行)", sent)
            if pm and not pm.group(1).startswith(("全", "各", "我", "本", "该")) and not any(pp.role.organizes and not pp.agent_is_person
                                                             for pp in ev.participants):
                gov = org_key(pm.group(1) + "政府")
                ex.organizations.setdefault(gov, Organization(key=gov, name=pm.group(1) + "政府"))
                ev.participants.append(Participation(gov, False, RoleKind.HOSTED, draft.span))
        # bodies present through their officers
        for post in posts:
            if post.person in present and post.org and (post.org, RoleKind.TOOK_PART) not in seen:
                if not any(pp.agent == post.org for pp in ev.participants):
                    seen.add((post.org, RoleKind.TOOK_PART))
                    ev.participants.append(Participation(post.org, False, RoleKind.TOOK_PART, post.span))
        ex.events.append(ev)

    # association officers elected or named without their body: the body whose meeting it is
    for ev in ex.events:
        hosts = [p.agent for p in ev.participants if not p.agent_is_person and p.role.organizes
                 and p.agent.endswith(("会", "协", "学会", "协会"))]
        if not hosts:
            continue
        people = {p.agent for p in ev.participants if p.agent_is_person}

        def same_article(span: Span, ev: Event = ev) -> bool:
            art = doc.article_at(span.start)
            return art is not None and art.index == ev.article

        posts = [Post(p.person, p.title, hosts[0], p.span)
                 if p.org is None and p.person in people and same_article(p.span)
                 and t[p.span.start : p.span.end] in ASSOCIATION_TITLES else p
                 for p in posts]

    ex.posts = _dedupe_posts(posts, t)
    _merge_nested_names(ex, lex)
    _merge_variants(ex, t)
    _drop_markup_names(ex)
    return ex


@cache
def _markup_chars() -> frozenset[str]:
    lines = (files("kg.resolve") / "data" / "not_in_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_markup_name(name: str) -> bool:
    """A name holding markup or code characters (< > / = quotes braces): not a person or organization name.
    The one check for every way a name is found (rules, model, credits)."""
    return not _markup_chars().isdisjoint(name)


def _drop_markup_names(ex: Extraction) -> None:
    """Drop persons and organizations whose name or key is markup, and every fact that names them."""
    persons = {k for k, p in ex.persons.items() if is_markup_name(k) or is_markup_name(p.name)}
    orgs = {k for k, o in ex.organizations.items() if is_markup_name(k) or is_markup_name(o.name)}
    if not persons and not orgs:
        return
    for k in persons:
        del ex.persons[k]
    for k in orgs:
        del ex.organizations[k]
    for o in ex.organizations.values():
        o.aliases = {a for a in o.aliases if not is_markup_name(a)}
        if o.parent in orgs:
            o.parent = None
    for p in ex.persons.values():
        p.aliases = {a for a in p.aliases if not is_markup_name(a)}
    ex.posts = [p if p.org not in orgs else replace(p, org=None) for p in ex.posts if p.person not in persons]
    for ev in ex.events:
        ev.participants = [p for p in ev.participants if p.agent not in (persons if p.agent_is_person else orgs)]
    ex.document_roles = [r for r in ex.document_roles if r.person not in persons]


def _merge_nested_names(ex: Extraction, lex: Lexicon) -> None:
    """中国医学科学院北京协和医院 and 北京协和医院 are one body: a name that is another body's name with its
    parent written in front is that body."""
    keys = sorted(ex.organizations, key=lambda k: (-len(k), k))
    alias_of: dict[str, str] = {}
    known = set(keys)
    for long in keys:
        if long in alias_of:
            continue
        # the shorter names it ends with, longest first (the order of ``keys``): its suffixes, not every key
        for n in range(len(long) - 3, 3, -1):
            short = long[-n:]
            if short not in known or short in alias_of:
                continue
            head = long[: len(long) - len(short)]
            if len(head) >= 3 and (head in ex.organizations or org_like(head, lex)) and has_proper_prefix(short, lex):
                alias_of[short] = long
    # 省农科院 is 省农业科学院 when both are in the document: the short form keeps characters from the
    # words of the long one (not a word dropped whole: 北京大学 is not 北京师范大学)
    for short in keys:
        org = ex.organizations[short]
        written_long = any(len(org_key(a)) > len(short) for a in (org.name, *org.aliases))
        if short not in alias_of and not written_long:
            longer = [long for long in keys if long not in alias_of and _abbreviates(short, long, lex)]
            if len(longer) == 1:
                alias_of[short] = longer[0]
    if not alias_of:
        return

    def to(k: str | None) -> str | None:
        while k in alias_of:
            k = alias_of[k]
        return k

    for short, long in alias_of.items():
        gone = ex.organizations.pop(short)
        keep = ex.organizations[to(long)]
        keep.aliases |= {gone.name, *gone.aliases} - {keep.name}
        keep.mentions.extend(gone.mentions)
    for org in ex.organizations.values():
        org.parent = to(org.parent)
        if org.parent == org.key:
            org.parent = None
    ex.posts = [Post(p.person, p.title, to(p.org), p.span) for p in ex.posts]
    for ev in ex.events:
        seen: set[tuple[str, RoleKind]] = set()
        parts = []
        for pp in ev.participants:
            q = pp if pp.agent_is_person else Participation(to(pp.agent), False, pp.role, pp.span)
            if (q.agent, q.role) not in seen:
                seen.add((q.agent, q.role))
                parts.append(q)
        ev.participants = parts


_PLACE_IN_TEXT = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}(?:省|市|县|区))(?=召开|举办|举行|开展|印发|出台|"
                            r"科协|委|政府|人民政府|人大|政协|的|，|、)")


def _as_written(label: str, t: str, text: str, span: Span) -> str:
    """A label cut from the simplified text (quotes stripped), mapped back onto the text as written."""
    k = t.find(label, span.start, span.end)
    return text[k : k + len(label)] if k >= 0 else label


def written_in_traditional(doc) -> bool:
    """Does the text differ from its simplified form in any Chinese character (not just punctuation)?"""
    return any(a != b for a, b in zip(doc.text, doc.nlp_text, strict=True) if "\u4e00" <= a <= "\u9fff")


def _plausible_place(name: str, lex: Lexicon, strict: bool = False) -> bool:
    if not name:
        return False
    if name in lex.places:
        return True
    return not strict and 2 <= len(name) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in name) and \
        name not in lex.common_words


# 院党委, 所办公室, 部成果转化与区域创新司: a unit written after the one character that stands for its
# body (the academy, the institute, the ministry the article is about)
_BODY_CHARS = "部院所校局厅委"
_UNIT_OF_BODY = re.compile(r"^.(?:党委|党组|纪委|机关党委|机关|办公室|团委|工会)|^..+[司处室厅]$")


def _abbreviates(short: str, long: str, lex: Lexicon) -> bool:
    """Is ``short`` a contraction of ``long`` (省农科院 of 省农业科学院, 南江市科委 of 南江市科学技术委员会)?

    Each character dropped from the long name must be dropped from inside a word (农|业, 科|学:
    the kept character and the first dropped one make a word), never a whole word (东山县|科协第三届
    委员会 is no 东山县委; 北京|师范|大学 no 北京大学), and at least two things must be dropped.
    """
    if len(short) < 3 or len(long) < len(short) + 2 or short[0] != long[0] \
            or long[long.rfind(short[-1]):] not in (short[-1], short[-1] + "会", short[-1] + "员会") \
            or _is_relative(short) != _is_relative(long):
        return False  # it must end as the long name does: 科协 for 协会, 科委 for 委员会
    if any(conventional in short for _, conventional in ABBREVIATIONS):
        return False  # 科协 is 科学技术协会 (the table above), never 科普教育协会
    at, gaps = 0, 0
    for ch in short:
        k = long.find(ch, at)
        if k < 0:
            return False
        if k > at:
            if at == 0 or long[at - 1 : at + 1] not in lex.common_words:
                return False  # a whole word dropped
            gaps += 1
        at = k + 1
    return gaps + (at < len(long)) >= 2


def _names_its_body(name: str) -> bool:
    return len(name) >= 3 and name[0] in _BODY_CHARS and bool(_UNIT_OF_BODY.match(name))


def _full_name(m: OrgMention, t: str, text: str) -> tuple[str, str]:
    if m.implied is not None:
        return m.implied, m.implied
    simp, wr = t[m.span.start : m.span.end], text[m.span.start : m.span.end]
    if m.parent is not None:
        ps, pw = _full_name(OrgMention(m.parent.span, m.parent.parent, None, m.parent.implied), t, text)
        if _names_its_body(simp) and ps.endswith(simp[0]):
            simp, wr = simp[1:], wr[1:]  # 省农业科学院 + 院党委: 省农业科学院党委
        simp, wr = ps + simp, pw + wr
    elif m.prefix:
        simp, wr = m.prefix + simp, m.prefix + wr
    return simp, wr


def _best_label(key: str, surfaces: Counter, text_is_traditional: bool) -> str:
    """The usual full short name: an absolute abbreviated form as written, if the text has one."""
    written_forms = [s for s, n in surfaces.most_common() if n > 0] or list(surfaces)
    absolute = [s for s in written_forms if not _is_relative(org_key(s)) and not _names_its_body(org_key(s))]
    pool = absolute or written_forms
    exact = [s for s in pool if org_key(s) == key]
    if exact:
        return sorted(exact, key=lambda s: (-surfaces[s], len(s), s))[0]
    if not absolute:
        return key if not text_is_traditional else pool[0]
    return sorted(pool, key=lambda s: (len(s), -surfaces[s], s))[0]


def _add_parents(ex: Extraction, key: str, lex: Lexicon) -> None:
    org = ex.organizations[key]
    cuts = split_units(key, lex)
    if not cuts:
        return
    parent_key = key[: cuts[-1]]
    parent_key = org_key(parent_key)
    if parent_key == key:
        return
    if parent_key not in ex.organizations:
        # the parent as written: the same prefix of the label
        label = org.name[: len(org.name) - (len(key) - cuts[-1])] if len(org.name) == len(key) else parent_key
        if len(org.name) != len(key):
            for c in split_units(org.name, lex):
                if org_key(org.name[:c]) == parent_key:
                    label = org.name[:c]
        ex.organizations[parent_key] = Organization(key=parent_key, name=label)
        _add_parents(ex, parent_key, lex)
    org.parent = parent_key


def _dedupe_posts(posts: list[Post], t: str) -> list[Post]:
    seen: set[tuple[str, str, str | None]] = set()
    with_org = {(p.person, t[p.span.start : p.span.end]) for p in posts if p.org}
    out = []
    for p in posts:
        simp = t[p.span.start : p.span.end]
        if p.org is None and (p.person, simp) in with_org:
            continue
        k = (p.person, simp, p.org)
        if k in seen:
            continue
        seen.add(k)
        out.append(p)
    return out


def _merge_variants(ex: Extraction, t: str) -> None:
    """宁桂玲 and 宁桂林 holding the same post in one document are one person written two ways."""
    posts_of: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for p in ex.posts:
        if t[p.span.start : p.span.end] not in HONORIFICS:
            posts_of[p.person].add((t[p.span.start : p.span.end], p.org))
    keys = list(ex.persons)
    alias_of: dict[str, str] = {}
    # 布兰德 after 克劳斯·布兰德: a foreign name is shortened to its last part
    by_last: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if "·" in k:
            by_last[k.rsplit("·", 1)[1]].append(k)
    for k in keys:
        if len(by_last.get(k, ())) == 1:
            alias_of[k] = by_last[k][0]
    # only names of one length differing in the last character can be variants: compare within those groups
    groups: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) >= 3:
            groups[k[:-1]].append(k)
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if b in alias_of or a in alias_of:
                    continue
                if a[-1] != b[-1] and {x[0] for x in posts_of[a]} & {x[0] for x in posts_of[b]}:
                    alias_of[b] = a
    for b, a in alias_of.items():
        pb = ex.persons.pop(b)
        pa = ex.persons[a]
        pa.aliases.add(pb.name)
        pa.mentions.extend(pb.mentions)
    if alias_of:
        ex.posts = _dedupe_posts([Post(alias_of.get(p.person, p.person), p.title, p.org, p.span)
                                  for p in ex.posts], t)
        for ev in ex.events:
            seen = set()
            parts = []
            for pp in ev.participants:
                q = Participation(alias_of.get(pp.agent, pp.agent), pp.agent_is_person, pp.role, pp.span) \
                    if pp.agent_is_person else pp
                if (q.agent, q.role) not in seen:
                    seen.add((q.agent, q.role))
                    parts.append(q)
            ev.participants = parts
        ex.document_roles = [DocumentRole(alias_of.get(r.person, r.person), r.role, r.span)
                             for r in ex.document_roles]
