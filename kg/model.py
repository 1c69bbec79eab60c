"""Typed items that cross the stages of kg.

    ingest  -> Document (with Articles, Sections, Credits, an OffsetMap)
    nlp     -> spaCy Docs over Document.nlp_text (entities PERSON / ORG / LOC / TITLE)
    extract -> Mentions, Posts, Events, Participations (raw names, character spans)
    resolve -> Persons, Organizations, Places with stable keys (one per real thing)
    graph   -> RDF, one named graph per Document

Every offset is a character offset into ``Document.text`` (end exclusive).
``Document.offsets`` maps those offsets back to ``Document.source_text``, the
text as decoded from the file, so a fact can always be shown where it stands.

This module imports nothing of ours.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

__all__ = [
    "Span",
    "OffsetMap",
    "PartialDate",
    "DocumentKind",
    "IssueInfo",
    "Section",
    "Article",
    "Credit",
    "Document",
    "EntityLabel",
    "Mention",
    "Person",
    "Organization",
    "Place",
    "Post",
    "EventType",
    "RoleKind",
    "Participation",
    "Event",
    "DocumentRole",
    "Extraction",
    "PersonEvidence",
]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` in ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in a derived text back to offsets in its source text.

    ``targets[i]`` is the source offset of derived character ``i``; one more
    entry at the end gives the source offset just past the last character, so
    that an end-exclusive span maps too.  Built by the normalizer as it edits.
    """

    targets: tuple[int, ...]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(tuple(range(length + 1)))

    def __len__(self) -> int:
        return len(self.targets) - 1

    def to_source(self, offset: int) -> int:
        return self.targets[offset]

    def span_to_source(self, span: Span) -> Span:
        if span.end == span.start:
            s = self.targets[span.start]
            return Span(s, s)
        # the end maps to one past the source of the last character
        return Span(self.targets[span.start], self.targets[span.end - 1] + 1)

    def from_source(self, source_offset: int) -> int:
        """The first derived offset at or after ``source_offset``."""
        return bisect.bisect_left(self.targets, source_offset)

    def compose(self, inner: OffsetMap) -> OffsetMap:
        """``self`` maps C -> B and ``inner`` maps B -> A; the result maps C -> A."""
        return OffsetMap(tuple(inner.targets[t] for t in self.targets))


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar day whose year may be unknown (then it is an xsd:gMonthDay)."""

    year: int | None
    month: int
    day: int

    def __post_init__(self) -> None:
        # validates month/day (leap day allowed when the year is unknown)
        dt.date(self.year or 2000, self.month, self.day)

    @classmethod
    def of(cls, d: dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    def to_date(self) -> dt.date | None:
        return dt.date(self.year, self.month, self.day) if self.year else None

    def iso(self) -> str:
        """``2023-06-08``, or ``--06-08`` when the year is unknown."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


class DocumentKind(StrEnum):
    BULLETIN = "bulletin"
    NEWS = "news"


@dataclass(frozen=True, slots=True)
class IssueInfo:
    """A bulletin's masthead: 2023年 第18期 (总第71期)."""

    year: int | None
    number: int | None
    total_number: int | None


@dataclass(frozen=True, slots=True)
class Section:
    """A bulletin section such as 【主题教育】; ``span`` covers its heading."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Article:
    """One article: its title, the section it stands in and its body."""

    index: int  # 0-based, in reading order
    title: str | None  # None for a news item that opens with its body
    title_span: Span | None
    body: Span
    section: str | None = None
    source: str | None = None  # attribution such as （北京人工智能学会） or 天津市科协供稿
    source_span: Span | None = None

    @property
    def span(self) -> Span:
        start = self.title_span.start if self.title_span else self.body.start
        return Span(start, self.body.end)


@dataclass(frozen=True, slots=True)
class Credit:
    """A credit line: 编辑：张红波, 审核：李金涛, 来源：科研处, 分送：..."""

    role: str  # the label as written: 编辑, 审核, 责任编辑, 来源, 分送, 记者, 供稿
    value: str
    span: Span  # span of the value


@dataclass(slots=True)
class Document:
    """A decoded, normalized and structured input file."""

    doc_id: str  # stable id from the normalized text: same text, same id
    text: str  # normalized text, script as written; all offsets point here
    nlp_text: str  # same length as text: simplified script, unified punctuation
    source_text: str  # text as decoded from the file
    offsets: OffsetMap  # text -> source_text
    kind: DocumentKind = DocumentKind.NEWS
    path: Path | None = None
    source_format: str | None = None  # txt, md, html, docx, pdf
    encoding: str | None = None
    title: str | None = None
    title_span: Span | None = None
    date: PartialDate | None = None
    publisher: str | None = None
    headline: str | None = None  # a web page's own headline (its <h1>, og:title or <title>)
    issue: IssueInfo | None = None
    toc: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    warnings: tuple[str, ...] = ()  # repairs made while reading (e.g. damaged bytes replaced), with where

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def article_at(self, offset: int) -> Article | None:
        for a in self.articles:
            if a.span.start <= offset < a.span.end:
                return a
        return None

    @property
    def name(self) -> str:
        return self.path.name if self.path else self.doc_id


# --- extraction ----------------------------------------------------------


class EntityLabel(StrEnum):
    PERSON = "PERSON"
    ORG = "ORG"
    LOC = "LOC"
    TITLE = "TITLE"


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names something."""

    text: str  # as written in Document.text
    label: EntityLabel
    span: Span


@dataclass(slots=True)
class Person:
    key: str  # simplified name, unique within a document
    name: str  # as written
    mentions: list[Mention] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Organization:
    key: str  # canonical simplified name, unique within a document
    name: str  # usual full short name, as written (e.g. 北京市科协)
    aliases: set[str] = field(default_factory=set)  # other names seen or known
    parent: str | None = None  # key of the body it belongs to (org:subOrganizationOf)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    key: str
    name: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Post:
    """A title a person holds, at an organization or none (院士, 老师)."""

    person: str  # Person.key
    title: str  # as written: 党组书记
    org: str | None  # Organization.key
    span: Span  # where the title is stated


class EventType(StrEnum):
    MEETING = "Meeting"
    SYMPOSIUM = "Symposium"
    VISIT = "Visit"
    TRAINING = "Training"
    CEREMONY = "Ceremony"
    CONGRESS = "Congress"
    FORUM = "Forum"
    SALON = "Salon"
    LAUNCH = "Launch"
    EXHIBITION = "Exhibition"
    ACTIVITY = "Activity"


class RoleKind(StrEnum):
    """What someone did at an event.  Persons and organizations alike."""

    PRESIDED = "presided"  # 主持
    SPOKE = "spoke"  # 致辞 讲话 讲党课 作报告
    LED = "led"  # 带队 率团
    GUIDED = "guided"  # 指导
    ACCOMPANIED = "accompanied"  # 陪同
    ATTENDED = "attended"  # 出席 参加 (the plain case)
    ELECTED = "elected"  # 当选
    RECEIVED = "received"  # 会见 接见 (the host side of a visit)
    HOSTED = "hosted"  # 主办 举办 召开 组织
    UNDERTOOK = "undertook"  # 承办
    CO_ORGANIZED = "co_organized"  # 协办
    TOOK_PART = "took_part"  # an organization present

    @property
    def organizes(self) -> bool:
        return self in (RoleKind.HOSTED, RoleKind.UNDERTOOK)


@dataclass(frozen=True, slots=True)
class Participation:
    agent: str  # Person.key or Organization.key
    agent_is_person: bool
    role: RoleKind
    span: Span  # where the text says so


@dataclass(slots=True)
class Event:
    key: str  # unique within a document
    label: str
    type: EventType
    start: PartialDate | None
    end: PartialDate | None = None
    place: str | None = None  # Place.key
    participants: list[Participation] = field(default_factory=list)
    span: Span | None = None  # the sentence that reports it
    article: int | None = None  # Article.index


@dataclass(frozen=True, slots=True)
class DocumentRole:
    """A person credited by the document itself (编辑, 审核), not a post."""

    person: str  # Person.key
    role: str  # editor, reviewer, reporter, author
    span: Span


@dataclass(slots=True)
class Extraction:
    """Everything found in one document, resolved within it."""

    document: Document
    persons: dict[str, Person] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    document_roles: list[DocumentRole] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PersonEvidence:
    """What identity across documents weighs for one person: as one document shows them, or summed
    over the documents a store already holds (then the sets hold every document's share).

    ``orgs`` and ``kin`` are organization IRIs (the bodies of their posts; the parents of those
    bodies), ``companions`` the names of the other persons of the same documents, ``years`` the
    years of those documents, ``publishers`` their publishers' IRIs."""

    name: str
    orgs: frozenset[str] = frozenset()
    kin: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    companions: frozenset[str] = frozenset()
    publishers: frozenset[str] = frozenset()
