"""SPARQL text read without the parser: where its strings, IRIs and comments are, what its prologue
declares, which IRIs it names and which keyword starts it.

The endpoint's safety checks (a SERVICE target, an update sent as a query) and the explanations
of a failed query (:mod:`kg.store.explain`) need to see the query as the parser sees it, so the
terminals here follow the SPARQL 1.1 grammar (§19.8) where a difference could hide code:

* an IRI may hold ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes (pyoxigraph decodes them);
* a comment ends at a line feed *or* a carriage return;
* a string holds escapes (``\\"``), a short string ends at the end of its line.

:func:`code` blanks those terminals with spaces, keeping every offset, so a keyword found in the
result is a keyword of the query, not a word inside a string or an IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

__all__ = ["Terminal", "terminals", "code", "iri_value", "Prologue", "prologue_at", "first_keyword",
           "named_iris", "prefixed_name_before", "UPDATE_KEYWORDS"]

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TERMINALS = re.compile(rf'''
    (?P<string> "{{3}}(?:[^"\\]|\\.|"(?!""))*"{{3}} | '{{3}}(?:[^'\\]|\\.|'(?!''))*'{{3}}
              | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*' )
  | (?P<iri> <(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*> )
  | (?P<comment> \#[^\r\n]* )
''', re.VERBOSE | re.DOTALL)
_UCHARS = re.compile(_UCHAR)
# a PREFIX or BASE declaration in the blanked code (its IRI is the next terminal)
_DECLARATION = re.compile(r"(?<![\w?$:])(?:(?P<base>BASE)|PREFIX\s+(?P<label>[^\W\d][\w.-]*)?:)\s*$",
                          re.IGNORECASE)
_PREFIXED = re.compile(r"(?<![\w?$:.\-])(?P<label>[^\W\d][\w.-]*)?:(?P<local>[\w%:\\-]+(?:\.+[\w%:\\-]+)*)?")
_WORD = re.compile(r"[A-Za-z]+")

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


@dataclass(frozen=True)
class Terminal:
    """A string, IRI or comment of a query: ``kind`` and its span ``[start, end)``."""

    kind: str
    start: int
    end: int


def terminals(text: str) -> list[Terminal]:
    """Every string, IRI and comment of ``text``, in order."""
    return [Terminal(m.lastgroup or "", m.start(), m.end()) for m in _TERMINALS.finditer(text)]


def code(text: str) -> str:
    """``text`` with its strings, IRIs and comments replaced by spaces (same length)."""
    return _TERMINALS.sub(lambda m: " " * len(m.group()), text)


def iri_value(raw: str) -> str:
    """The IRI an ``<…>`` terminal stands for, its ``\\u`` escapes decoded."""
    inner = raw[1:-1] if raw.startswith("<") else raw
    return _UCHARS.sub(lambda m: chr(int(m.group()[2:], 16)), inner)


@dataclass(frozen=True)
class Prologue:
    """What the declarations before some place of a query say: the base IRI and the prefixes."""

    base: str | None
    prefixes: dict[str, str]

    def resolve(self, iri: str) -> str:
        """An IRI of the query made absolute against the base (unchanged without one)."""
        return urljoin(self.base, iri) if self.base and ":" not in iri.split("/", 1)[0] else iri

    def expand(self, label: str, local: str) -> str | None:
        """The IRI of the prefixed name ``label:local``; None if the prefix is not declared."""
        ns = self.prefixes.get(label)
        return None if ns is None else ns + re.sub(r"\\(.)", r"\1", local)


def prologue_at(text: str, pos: int, *, base: str | None = None,
                predeclared: dict[str, str] | None = None) -> Prologue:
    """The base and prefixes in force at offset ``pos`` of ``text`` (declarations are read in
    order, an update's later operations may add their own), starting from ``base`` and
    ``predeclared``."""
    prefixes = dict(predeclared or {})
    blanked = code(text)
    for term in terminals(text):
        if term.kind != "iri" or term.start >= pos:
            continue
        m = _DECLARATION.search(blanked, 0, term.start)
        if m is None:
            continue
        iri = iri_value(text[term.start:term.end])
        iri = urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri
        if m.group("base"):
            base = iri
        else:
            prefixes[m.group("label") or ""] = iri
    return Prologue(base, prefixes)


def first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (SELECT, ASK, INSERT, …), upper-cased; None if none."""
    blanked = code(text)
    pos = 0
    while True:
        m = _WORD.search(blanked, pos)
        if m is None:
            return None
        word = m.group().upper()
        if word == "PREFIX":  # PREFIX label: <iri>
            after = re.compile(r"\s*[^\s:]*:").match(blanked, m.end())
            pos = after.end() if after else m.end()
        elif word == "BASE":
            pos = m.end()
        else:
            return word


def named_iris(text: str, prologue: Prologue) -> list[str]:
    """The absolute IRIs the query names, written ``<…>`` or as prefixed names (outside the
    prologue's own declarations), in order."""
    blanked = code(text)
    found = []
    for term in terminals(text):
        if term.kind == "iri" and not _DECLARATION.search(blanked, 0, term.start):
            found.append(prologue.resolve(iri_value(text[term.start:term.end])))
    for m in _PREFIXED.finditer(blanked):
        iri = prologue.expand(m.group("label") or "", m.group("local") or "")
        if iri is not None and not _DECLARATION.search(blanked, 0, m.end()):
            found.append(iri)
    return found


def prefixed_name_before(text: str, pos: int) -> tuple[str, str, int] | None:
    """The prefixed name running through or ending just before offset ``pos``:
    ``(label, local, start)``; None if there is none."""
    blanked = code(text)
    hit = None
    for m in _PREFIXED.finditer(blanked, max(0, pos - 200), min(len(blanked), pos + 200)):
        if m.start() <= pos <= m.end() + 1:
            hit = (m.group("label") or "", m.group("local") or "", m.start())
    return hit
