"""The document context: what a document as a whole says, decided once, for every stage after the rules.

A document names its publisher (a web page's publisher, a 来源 line), calls itself 我院, 本会 or 该中心,
and dates its events against its own date. ``document_context`` reads those once from the document
and the bodies its rules found; resolution reads the answers instead of re-deriving them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from kg.model import Document, PartialDate, Span
from kg.wordlists import read_sections

__all__ = ["DocumentContext", "document_context", "self_reference_unit"]


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """Once per document: its publisher, what its self-references mean, its date frame."""

    publisher: str | None  # the publishing body's key (a web page's publisher, a 来源 line), if the document says
    self_references: dict[str, str] = field(default_factory=dict)  # 我院 -> the key of the body it means
    date: PartialDate | None = None  # the frame a date without a year is read in

    def body_meant(self, key: str) -> str | None:
        """The body a self-reference (我校, 本会) stands for, or None when the document does not say."""
        return self.self_references.get(key)


@cache
def _table() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]:
    sections = read_sections(files("kg.resolve") / "data" / "self_references.txt")
    units = {name.removeprefix("unit "): tuple(words) for name, words in sections.items() if name.startswith("unit ")}
    return tuple(sections["self words"]), tuple(sections["guest after"]), units


def self_reference_unit(key: str) -> str | None:
    """The unit a self-reference names (我校 → 校, 该中心 → 中心), or None when ``key`` is not one."""
    words, _, units = _table()
    if len(key) < 2 or key[0] not in words:
        return None
    return key[1:] if key[1:] in units else None


def document_context(doc: Document, mentions: Sequence[Span], keys: Sequence[str], *,
                     is_relative, publisher_key: str | None = None,
                     honours: tuple[str, ...] = ()) -> DocumentContext:
    """Decide the document's context from its text and the bodies named in it (``mentions`` with their ``keys``).

    A self-reference means the publisher when the publisher's name ends as the unit does; otherwise the
    one body of that kind the document names outside the clauses that say 我院 (a body named beside
    the self-reference is another one: X莅临我院) and never as a guest (X…一行, X代表团: a visitor) or as
    the body of an honour (``honours``: 中国工程院院士).
    Where two bodies could be meant, or none, the self-reference stays as written: a wrong body would
    merge two real ones.
    """
    _, guests, units = _table()
    t = doc.nlp_text
    selves = {k for k in keys if self_reference_unit(k)}
    self_clauses = {_clause(t, s) for s, k in zip(mentions, keys, strict=True) if k in selves}
    meant: dict[str, str] = {}
    for self_key in sorted(selves):
        endings = units[self_reference_unit(self_key)]
        if publisher_key and publisher_key.endswith(endings):
            meant[self_key] = publisher_key
            continue
        candidates: set[str] = set()
        visitors: set[str] = set()
        for span, k in zip(mentions, keys, strict=True):
            if k in selves or is_relative(k) or len(k) < 3 or not k.endswith(endings):
                continue
            clause = _clause(t, span)
            if t.startswith(honours, span.end):
                continue  # 中国工程院院士: the body of an honour, not the one who says 我院
            if any(g in t[span.end : clause[1]] for g in guests):
                visitors.add(k)  # 台湾科技大学副校长某某一行: a visitor
            elif clause not in self_clauses:
                candidates.add(k)
        candidates -= visitors
        # a generic name inside a longer one is that body (研究院 of 苏州研究院), not a second candidate
        candidates = {k for k in candidates if not any(o != k and o.endswith(k) for o in candidates)}
        if len(candidates) == 1:
            meant[self_key] = candidates.pop()
    return DocumentContext(publisher=publisher_key, self_references=meant, date=doc.date)


_CLAUSE_END = frozenset("，。；！？\n,;!?")
_CLAUSE_REACH = 120  # a clause is read at most this far each side: a line without punctuation stays linear


def _clause(t: str, span: Span) -> tuple[int, int]:
    """The clause around ``span`` (between punctuation), at most ``_CLAUSE_REACH`` characters each side."""
    s, lo = span.start, max(0, span.start - _CLAUSE_REACH)
    while s > lo and t[s - 1] not in _CLAUSE_END:
        s -= 1
    e, hi = span.end, min(len(t), span.end + _CLAUSE_REACH)
    while e < hi and t[e] not in _CLAUSE_END:
        e += 1
    return s, e
