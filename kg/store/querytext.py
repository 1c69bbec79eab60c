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

__all__ = ["Terminal", "terminals", "code", "iri_value", "Prologue", "QueryText", "first_keyword",
           "UPDATE_KEYWORDS"]

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TERMINALS = re.compile(rf'''
    (?P<string> "{{3}}(?:[^"\\]|\\.|"(?!""))*"{{3}} | '{{3}}(?:[^'\\]|\\.|'(?!''))*'{{3}}
              | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*' )
  | (?P<iri> <(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*> )
  | (?P<comment> \#[^\r\n]* )
''', re.VERBOSE | re.DOTALL)
_UCHARS = re.compile(_UCHAR)
# a PREFIX or BASE declaration in the blanked code, up to the spaces before its IRI (which the
# blanked code shows as spaces too: the IRI starts at the first space that is an IRI's start)
_DECLARATION = re.compile(r"(?<![\w?$:])(?:(?P<base>BASE)|PREFIX\s+(?P<label>[^\W\d][\w.-]*)?:)",
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


def _resolve(base: str | None, iri: str) -> str:
    return urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri


@dataclass(frozen=True)
class Prologue:
    """What the declarations before some place of a query say: the base IRI and the prefixes."""

    base: str | None
    prefixes: dict[str, str]

    def resolve(self, iri: str) -> str:
        """An IRI of the query made absolute against the base (unchanged without one)."""
        return _resolve(self.base, iri)

    def expand(self, label: str, local: str) -> str | None:
        """The IRI of the prefixed name ``label:local``; None if the prefix is not declared."""
        ns = self.prefixes.get(label)
        return None if ns is None else ns + re.sub(r"\\(.)", r"\1", local)


class QueryText:
    """One query's text, lexed once: its code (terminals blanked), its terminals and declarations.

    Every method is linear in the length of the text (or logarithmic, for :meth:`prologue_at`).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.code = code(text)
        self.terminals = terminals(text)
        self.iris = {t.start: t for t in self.terminals if t.kind == "iri"}
        # (offset of the declared IRI, "base" or a prefix label, the IRI as written)
        self.declarations: list[tuple[int, str | None, str]] = []
        for m in _DECLARATION.finditer(self.code):
            at = m.end()
            while at < len(self.code) and self.code[at].isspace() and at not in self.iris:
                at += 1
            term = self.iris.get(at)
            if term is not None:
                label = None if m.group("base") else (m.group("label") or "")
                self.declarations.append((term.start, label, iri_value(text[term.start:term.end])))

    def iri_at(self, pos: int) -> str | None:
        """The IRI (escapes decoded, not resolved) of the ``<…>`` starting at ``pos``, if any."""
        term = self.iris.get(pos)
        return None if term is None else iri_value(self.text[term.start:term.end])

    def prologue_at(self, pos: int, *, base: str | None = None,
                    predeclared: dict[str, str] | None = None) -> Prologue:
        """The base and prefixes in force at offset ``pos`` (declarations read in order: an update's
        later operations may add their own), starting from ``base`` and ``predeclared``."""
        prefixes = dict(predeclared or {})
        for at, label, iri in self.declarations:
            if at >= pos:
                break
            if label is None:
                base = _resolve(base, iri)
            else:
                prefixes[label] = _resolve(base, iri)
        return Prologue(base, prefixes)

    def first_keyword(self) -> str | None:
        """The first keyword after the prologue (SELECT, ASK, INSERT, …), upper-cased; None if none."""
        pos = 0
        while True:
            m = _WORD.search(self.code, pos)
            if m is None:
                return None
            word = m.group().upper()
            if word == "PREFIX":  # PREFIX label: <iri>
                after = re.compile(r"\s*[^\s:]*:").match(self.code, m.end())
                pos = after.end() if after else m.end()
            elif word == "BASE":
                pos = m.end()
            else:
                return word

    def named_iris(self, *, base: str | None = None, predeclared: dict[str, str] | None = None) -> list[str]:
        """The absolute IRIs the query names, as ``<…>`` or as prefixed names (not counting the
        declarations themselves), in order of kind."""
        declared = {at for at, _, _ in self.declarations}
        prologue = self.prologue_at(len(self.text), base=base, predeclared=predeclared)
        found = [prologue.resolve(iri_value(self.text[t.start:t.end]))
                 for t in self.iris.values() if t.start not in declared]
        for m in _PREFIXED.finditer(self.code):
            if not m.group("local"):
                continue  # a declaration's label, or a bare ":"
            iri = prologue.expand(m.group("label") or "", m.group("local") or "")
            if iri is not None:
                found.append(iri)
        return found


def first_keyword(text: str) -> str | None:
    """:meth:`QueryText.first_keyword` of ``text``."""
    return QueryText(text).first_keyword()
