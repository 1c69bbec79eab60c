"""The domain words extraction rules are made of: titles, unit suffixes, event nouns, role verbs.

These lists are curated for the genre (institutional bulletins and news of
科协, academies, governments, universities and hospitals).  Names of real
people and places come from the compiled gazetteers (kg.nlp.gazetteers); what
is here is the closed-class vocabulary of the genre, in simplified script (the
rules run over ``Document.nlp_text``).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kg.wordlists import read_sections, read_words

_DATA = Path(__file__).with_name("data")

__all__ = ["Lexicon", "TITLE_HEADS", "HONORIFICS", "ORG_SUFFIXES", "EVENT_NOUNS", "read_sections", "read_words", "implied_org", "PARTY_NAMES",
           "NamedRule", "NAMED_RULES", "named_rule"]

# parties whose name opens the names of their committees (民进北京市委): never cut off a body's name
PARTY_NAMES = tuple(sorted(read_words(_DATA / "party_names.txt"), key=len, reverse=True))
_TITLE_GRAMMAR = read_sections(_DATA / "titles.txt")
_POST_HEADS = frozenset(_TITLE_GRAMMAR["post heads"])
# titles that only ever come after a name (孙枢院士, 赵树兵老师) or mainly so
HONORIFICS = frozenset(_TITLE_GRAMMAR["honorific heads"])
TITLE_HEADS = _POST_HEADS | HONORIFICS
_ORGANS = tuple(_TITLE_GRAMMAR["organ modifiers"])
_RANKS = tuple(_TITLE_GRAMMAR["rank modifiers"])
_WHOLE_TITLES = frozenset(_TITLE_GRAMMAR["whole titles"])
_NOT_TITLES = frozenset(_TITLE_GRAMMAR["not titles"])

_GENRE = read_sections(_DATA / "genre.txt")


@dataclass(frozen=True, slots=True)
class NamedRule:
    """One named extraction rule (``kg/rules/data/rules.tsv``)."""

    name: str  # as facts carry it; a name ending in ":" takes a cue word after it (role-cue:主办)
    family: str  # the module it lives in
    fact: str  # person, post or organizer
    reads: str  # what it reads, in a line


def _named_rules(path: Path) -> tuple[NamedRule, ...]:
    rules = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise ValueError(f"{path}:{lineno}: a rule is four tab-separated cells (name, family, fact, reads)")
        rules.append(NamedRule(*cells))
    return tuple(rules)


NAMED_RULES = _named_rules(_DATA / "rules.tsv")
_RULE_BY_NAME = {r.name: r for r in NAMED_RULES}


def named_rule(name: str) -> NamedRule | None:
    """The registry entry of a rule name a fact carries (``role-cue:主办`` → ``role-cue:``), or None."""
    if name in _RULE_BY_NAME:
        return _RULE_BY_NAME[name]
    head, colon, _ = name.partition(":")
    return _RULE_BY_NAME.get(head + ":") if colon else None


def _pairs(section: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(w.split("=", 1)) for w in _GENRE[section])  # type: ignore[misc]


# Organisation-implying titles: 副县长 with no organization written is at the county government.
IMPLIED_ORG = dict(_pairs("implied orgs"))


def implied_org(title: str) -> str | None:
    """The body a title implies when none is written: 副县长 and 代县长 are at the 县政府."""
    if title in IMPLIED_ORG:
        return IMPLIED_ORG[title]
    for rank in sorted(_RANKS, key=len, reverse=True):
        if title.startswith(rank) and title[len(rank) :] in IMPLIED_ORG:
            return IMPLIED_ORG[title[len(rank) :]]
    return None


# Association officers: with no organization written, they belong to the body whose meeting elects them.
ASSOCIATION_TITLES = frozenset(_GENRE["association titles"])
# Last characters / words of organization names, longest first when matched.
ORG_SUFFIXES = tuple(sorted(set(_GENRE["org suffixes"]), key=len, reverse=True))
# Organization names so well known they need no suffix.
KNOWN_ORGS = frozenset(_GENRE["known orgs"])
# The title of a place's head, by the place's last word (自治区+主席): the post is at the place's government.
PLACE_OFFICES = frozenset(tuple(w.split("+", 1)) for w in _GENRE["place offices"])
# Departments that exist only inside a host body (神经内科 of a 医院).
DEPARTMENT_SUFFIXES = tuple(_GENRE["department suffixes"])
DEPARTMENT_HOSTS = tuple(_GENRE["department hosts"])
# Nouns that end an event name, longest first.
EVENT_NOUNS = tuple(sorted(set(_GENRE["event nouns"]), key=len, reverse=True))
# Verbs that say an event happened (as opposed to plans: 将, 拟, 计划).
HAPPENED_VERBS = tuple(_GENRE["happened verbs"])
FUTURE_CUES = tuple(_GENRE["future cues"])
# Role verbs: what a person or organization did at an event.
PERSON_ROLE_CUES: tuple[tuple[str, str], ...] = _pairs("person role cues")
ORG_ROLE_CUES: tuple[tuple[str, str], ...] = _pairs("org role cues")
# Words that show a person is only mentioned (习近平总书记…重要讲话精神), not present.
MENTION_ONLY_AFTER = tuple(_GENRE["mention only after"])
# Words after a body's name in an event's name that make it the body's own occasion (…开馆仪式).
OWN_OCCASIONS = tuple(_GENRE["own occasions"])

# Single characters that cannot continue a personal name: the name ends before them.
NAME_STOP_CHARS = frozenset("的了是在与及对为到等说讲作将把被让并也都又还已就之以其所而或兼"
                            "，。、；：！？（）“”《》「」『』,.;:!?()\"' \n\t")
# Two-character words that start right after a name.
NAME_STOP_WORDS = frozenset(_GENRE["name stop words"])

SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = "，,。！？!?；;：:\n"


@functools.cache
def _title_grammar() -> tuple[frozenset[str], frozenset[str], frozenset[str], tuple[int, ...]]:
    """The titles data/titles.txt makes, with their first and last characters and their lengths (longest
    first): built once per process (about 0.2 s), shared by every Lexicon."""
    out: set[str] = set(_WHOLE_TITLES)
    for head in TITLE_HEADS:
        for organ in ("", *_ORGANS):
            out.add(organ + head)
            out.update(organ + rank + head for rank in _RANKS)
    titles = frozenset(t for t in out if t not in _NOT_TITLES)
    lengths = tuple(sorted({len(t) for t in titles}, reverse=True))
    return titles, frozenset(t[0] for t in titles), frozenset(t[-1] for t in titles), lengths


@dataclass(frozen=True)
class Lexicon:
    """Closed-class words plus the open-class gazetteers (surnames, places, person names)."""

    surnames: frozenset[str]
    places: frozenset[str]
    person_names: frozenset[str] = frozenset()
    known_orgs: frozenset[str] = KNOWN_ORGS

    def knowing(self, orgs: Iterable[str]) -> Lexicon:
        """This lexicon with ``orgs`` (bodies the model found in one document) among the known bodies."""
        extra = frozenset(orgs) - self.known_orgs
        if not extra:
            return self
        other = dataclasses.replace(self, known_orgs=self.known_orgs | extra)
        # the cached word lists do not depend on the known bodies: share them, do not rebuild them
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k not in _LEXICON_FIELDS})
        return other

    # cached on the instance (and shared by :meth:`knowing`): the title scanners ask for these per character
    @cached_property
    def titles(self) -> frozenset[str]:
        """Every title the grammar of ``data/titles.txt`` makes: [organ] [rank] head, and the whole titles."""
        return _title_grammar()[0]

    @cached_property
    def title_first_chars(self) -> frozenset[str]:
        return _title_grammar()[1]

    @cached_property
    def title_last_chars(self) -> frozenset[str]:
        return _title_grammar()[2]

    @cached_property
    def title_lengths(self) -> tuple[int, ...]:
        """The lengths of the titles, longest first."""
        return _title_grammar()[3]

    @cached_property
    def place_first_chars(self) -> frozenset[str]:
        return frozenset(p[0] for p in self.places if p)

    @cached_property
    def name_model(self):
        """The character statistics of names (:class:`kg.nlp.names.NameModel`)."""
        from kg.nlp.gazetteers import load_name_model_default

        return load_name_model_default()

    @property
    def common_words(self) -> frozenset[str]:
        return getattr(self, "_common", frozenset())

    @property
    def verbs(self) -> frozenset[str]:
        return getattr(self, "_verbs", frozenset())

    @property
    def cut_words(self) -> frozenset[str]:
        return getattr(self, "_cut", frozenset())

    def surname_weight(self, surname: str) -> float:
        return getattr(self, "_weights", {}).get(surname, 1.0 if surname in self.surnames else 0.0)

    def is_surname_at(self, text: str, i: int) -> int:
        """Length of the surname starting at ``text[i]`` (2 for 欧阳), or 0."""
        if text[i : i + 2] in self.surnames and len(text[i : i + 2]) == 2:
            return 2
        return 1 if text[i : i + 1] in self.surnames else 0


_LEXICON_FIELDS = frozenset(f.name for f in dataclasses.fields(Lexicon))


def _surname_weights(freqs: dict[str, float]) -> dict[str, float]:
    import math

    top = max(freqs.values(), default=1.0)
    return {s: 1.0 + math.log10(1.0 + 1000.0 * f / top) for s, f in freqs.items()}


def build_lexicon(*, surname_freqs: dict[str, float], places: set[str], person_names: set[str],
                  common_words: set[str]) -> Lexicon:
    lex = Lexicon(surnames=frozenset(surname_freqs), places=frozenset(places),
                  person_names=frozenset(person_names))
    object.__setattr__(lex, "_weights", _surname_weights(surname_freqs))
    object.__setattr__(lex, "_common", frozenset(common_words))
    return lex


# short names that are frequent words too, yet always places when they open a body's name
_PROVINCES_AND_CITIES = """
北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南
陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 广州 深圳 南京 武汉 成都 杭州 西安 沈阳 长春 哈尔滨 济南 青岛
郑州 长沙 合肥 南昌 福州 厦门 昆明 贵阳 南宁 海口 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特 石家庄 太原 大连 宁波 苏州 无锡
"""


def load_lexicon() -> Lexicon:
    """The extraction lexicon: our compiled word lists plus the NLP gazetteers' surnames and places."""
    return _load_lexicon()


@__import__("functools").cache
def _load_lexicon() -> Lexicon:
    from pathlib import Path

    from kg.errors import PipelineError

    data = Path(__file__).with_name("data")
    try:
        freqs = {}
        for line in (data / "surname_freq.tsv").read_text(encoding="utf-8").splitlines():
            s, _, f = line.partition("\t")
            freqs[s] = float(f or 0)
        names = set((data / "person_names.txt").read_text(encoding="utf-8").split())
        common = set((data / "common_words.txt").read_text(encoding="utf-8").split())
        cut = set((data / "cut_words.txt").read_text(encoding="utf-8").split())
        verbs = set((data / "verbs.txt").read_text(encoding="utf-8").split())
        frequent = set((data / "frequent_words.txt").read_text(encoding="utf-8").split())
    except OSError as err:
        raise PipelineError(f"{data}: extraction lexicon missing ({err}); rebuild it with "
                            "python -m kg.rules.compile_lexicon ../shared/datasets") from err
    from kg.nlp.gazetteers import load_gazetteers

    gaz = load_gazetteers()
    for s in gaz.surnames:
        freqs.setdefault(s, 0.0)
    admin = ("省", "市", "县", "区", "州", "盟", "旗", "特别行政区")
    places = {p for p in gaz.places if len(p) <= 8 and p.endswith(admin)}
    # short forms of administrative names: 北京市 -> 北京, 平谷区 -> 平谷
    for p in list(places):
        for suf in ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县"):
            if p.endswith(suf) and len(p) - len(suf) >= 2:
                if p[: -len(suf)] not in cut and p[: -len(suf)] not in frequent:
                    places.add(p[: -len(suf)])
                break
    places |= set(_PROVINCES_AND_CITIES.split())
    places |= {"中国", "北京", "上海", "天津", "重庆", "香港", "澳门", "台湾", "英国", "美国", "加拿大", "日本", "德国",
               "法国", "俄罗斯", "韩国", "澳大利亚", "首都", "京津冀", "大湾区"}
    lex = build_lexicon(surname_freqs=freqs, places=places, person_names=names, common_words=common - places)
    object.__setattr__(lex, "_cut", frozenset(cut))
    object.__setattr__(lex, "_verbs", frozenset(verbs))
    return lex
