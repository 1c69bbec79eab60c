"""What a query that fails, or that finds nothing for a known reason, means, in words: shared by
``kg query`` (KgStore.query) and the endpoint.

pyoxigraph's parser reports the alternatives of its grammar at the furthest place it reached
(``expected one of Prefix not found, ['%'], ['-' | '0' ..= '9' …``, or ``expected CONSTRUCT`` for a
misspelt SELECT).  :func:`explain_syntax_error` looks at the query itself first -- a prefix that
is not declared, a string or bracket left open, a bracket that closes nothing -- and only then
turns the parser's list into a sentence, with the line and column and the line itself::

    SPARQL error at line 1, column 22: unknown prefix 'foo:' (in foo:bar); the predeclared
    prefixes are schema: org: … ; declare others with PREFIX foo: <…>
        SELECT ?s WHERE { ?s foo:bar ?o }
                             ^

:func:`namespace_warnings` says when a query asks for terms in a namespace the graph does not use
(``http://schema.org/`` where kg writes ``https://schema.org/``).
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from importlib import resources

import pyoxigraph as ox

from kg.errors import QueryError
from kg.graph.vocab import PREFIXES
from kg.store import querytext

__all__ = ["explain_syntax_error", "namespace_warnings", "predeclared_prefixes", "NAMESPACE_MIXUPS"]

_POSITION = re.compile(r"error at (\d+):(\d+)")
_OPENERS, _CLOSERS = "{([", "})]"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# a namespace people write -> the one kg's graph uses
NAMESPACE_MIXUPS = {"http://schema.org/": "https://schema.org/"}


@cache
def _keywords() -> tuple[str, ...]:
    """The bare words of SPARQL (kg/store/data/sparql-words.txt), upper-cased."""
    text = resources.files("kg.store").joinpath("data/sparql-words.txt").read_text(encoding="utf-8")
    return tuple(w.strip().upper() for w in text.splitlines() if w.strip() and not w.startswith("#"))


# the tokens of blanked code that hold letters: variables, prefixed names, language tags, numbers
# (1e5), and bare words -- only the last group must be a SPARQL word
_TOKEN = re.compile(r"[?$][\w]+|(?:[^\W\d][\w.-]*)?:[\w%:.-]*|@[\w-]+|\d[\w.]*|(?P<bare>[^\W\d][\w]*)")


def _unknown_word(text: str) -> tuple[str, int] | None:
    """The first bare word of the query that is no SPARQL keyword or function (a typo)."""
    for m in _TOKEN.finditer(querytext.code(text)):
        word = m.group("bare")
        if word and word.upper() not in _keywords():
            return word, m.start()
    return None


def predeclared_prefixes() -> str:
    """The prefixes every query may use without declaring them, as one line."""
    return " ".join(f"{label}:" for label in PREFIXES)


def _offset(text: str, line: int, column: int) -> int:
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[:line - 1])
    return min(len(text), start + max(0, column - 1))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _excerpt(text: str, offset: int) -> str:
    """The line holding ``offset`` and a caret under it (long lines cut around the place)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)].rstrip("\r")
    col = offset - start
    if len(line) > 100:
        cut = max(0, col - 50)
        line, col = ("…" if cut else "") + line[cut:cut + 100], col - cut + (1 if cut else 0)
    return f"\n    {line}\n    {' ' * col}^"


def _found(text: str, offset: int) -> str:
    rest = text[offset:].lstrip()
    if not rest:
        return "the end of the query"
    m = re.match(r"[\w:?$.-]+|.", rest)
    return f"'{m.group() if m else rest[0]}'"


def _undeclared_prefix(text: str) -> tuple[str, str, int] | None:
    """The first prefixed name whose prefix neither the query nor kg declares."""
    query = querytext.QueryText(text)
    blanked = query.code
    declared = {at for at, _, _ in query.declarations}
    for m in re.finditer(r"(?<![\w?$:.\-])([^\W\d][\w.-]*)?:([\w%-]*)", blanked):
        label = m.group(1) or ""
        rest = blanked[m.end():m.end() + 200]
        if label == "_" or blanked[m.start() - 1:m.start()] == "<" or (
                not m.group(2) and m.end() + len(rest) - len(rest.lstrip()) in declared):
            continue  # a blank node, a broken IRI, or the declaration itself
        if label not in query.prologue_at(m.start(), predeclared=PREFIXES).prefixes:
            return label, m.group(2), m.start()
    return None


def _open_string(text: str) -> int | None:
    blanked = querytext.code(text)
    for i, ch in enumerate(blanked):
        if ch in "\"'":
            return i
    return None


def _bracket_problem(text: str) -> tuple[str, int] | None:
    """An unclosed bracket, one that closes nothing, or one that closes the wrong kind."""
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(querytext.code(text)):
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            want = _OPENERS[_CLOSERS.index(ch)]
            if not stack:
                return f"this '{ch}' closes nothing", i
            opener, at = stack.pop()
            if opener != want:
                line, col = _line_col(text, at)
                return (f"this '{ch}' comes while the '{opener}' of line {line}, column {col} is still "
                        f"open; close it with '{_CLOSERS[_OPENERS.index(opener)]}' first"), i
    if stack:
        opener, at = stack[-1]
        return f"this '{opener}' is never closed: add '{_CLOSERS[_OPENERS.index(opener)]}'", at
    return None


def _words(expected: str) -> list[str]:
    """The tokens of the parser's 'expected one of …' list that a person can read."""
    items = re.findall(r'"((?:[^"\\]|\\.)+)"|\b([A-Za-z][A-Za-z_]+)\b', expected)
    words = []
    for quoted, word in items:
        token = quoted.replace('\\"', '"') if quoted else word
        if token and token not in words and not token.startswith("u{"):
            words.append(token)
    return words


def _from_message(text: str, message: str, offset: int, *, is_update: bool) -> str:
    """The parser's own message, as a sentence."""
    found = _found(text, offset)
    word = found.strip("'").upper()
    if "unbound" in message and "SELECT" in message:
        return ("a variable of the SELECT is neither grouped nor aggregated: add it to GROUP BY, or "
                "wrap it in SAMPLE(…) or another aggregate")
    if "IRI parsing failed" in message:
        return "this IRI is not valid (an IRI has no spaces and none of <>\"{}|^`\\)"
    if message.strip() == "expected BY":
        return f"ORDER and GROUP need BY (ORDER BY ?x, GROUP BY ?x); found {found}"
    if message.strip() == "expected CONSTRUCT" and querytext.first_keyword(text) is not None:
        first = querytext.first_keyword(text) or ""
        if first in querytext.UPDATE_KEYWORDS:
            return (f"this is a SPARQL Update ({first}), not a query"
                    + ("" if is_update else ": a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE"))
        if re.match(r"\s*(PREFIX|BASE)\b", querytext.code(text)[offset - 7:offset + 1], re.IGNORECASE) \
                or found.startswith("'<"):
            return "a PREFIX line reads PREFIX name: <IRI> (the colon after the name is missing?)"
        return (f"expected a query form (SELECT, CONSTRUCT, ASK or DESCRIBE, after any PREFIX and BASE "
                f"lines), found {found}" + _did_you_mean(word))
    if found == "the end of the query":
        return ("the query does not parse as a whole (the parser got to its end without finding one place "
                "to blame): check that each triple pattern has a subject, a predicate and an object, that "
                "patterns are separated by '.' or ';', and that LIMIT / OFFSET have a number")
    words = _words(message.split("expected", 1)[-1])
    keywords = [w for w in words if w.isupper() and len(w) > 2 and w not in ("PREDICATE", "LATERAL")]
    if words and all(not w.isalpha() or w in ("true", "false") for w in words):
        shown = ", ".join(f"'{w}'" for w in words if w not in ("[_]",))
        return f"expected one of {shown}; found {found}"
    if len(keywords) > 8:
        return f"expected an expression (a variable, a value or a function call); found {found}"
    if keywords:
        return f"expected {' or '.join(', '.join(keywords).rsplit(', ', 1))} here; found {found}"
    return f"the query does not parse here; found {found}"


def _did_you_mean(word: str) -> str:
    close = difflib.get_close_matches(word.upper(), _keywords(), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def explain_syntax_error(err: Exception, text: str | None = None, *, is_update: bool = False) -> QueryError:
    """A QueryError for pyoxigraph's ``SyntaxError('error at 1:25: …')`` on ``text``, saying in words
    what is wrong and where (line, column, the line itself)."""
    message = str(err)
    m = _POSITION.search(message)
    line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
    if m:
        message = message[m.end():].lstrip(": ")
    if text is None:
        return QueryError(message, line=line, column=column)
    offset = _offset(text, line, column) if line is not None and column is not None else len(text)
    what: str
    undeclared = _undeclared_prefix(text)
    open_string = _open_string(text)
    brackets = _bracket_problem(text)
    unknown = _unknown_word(text) if open_string is None else None
    if open_string is not None:
        offset, what = open_string, f"this string is never closed: add {text[open_string]}"
    elif undeclared is not None:
        label, local, offset = undeclared
        what = (f"unknown prefix '{label}:' (in {label}:{local}); the predeclared prefixes are "
                f"{predeclared_prefixes()}; declare others with PREFIX {label}: <…>")
    elif unknown is not None:
        word, offset = unknown
        before = querytext.code(text)[:offset].split()[-1:] or [""]
        if before[0].upper() == "PREFIX":
            what = f"a PREFIX line reads PREFIX {word}: <IRI> (the colon after the name is missing)"
        elif before[0].upper() in ("LIMIT", "OFFSET"):
            what = f"{before[0].upper()} takes a whole number, not '{word}'"
        else:
            what = (f"'{word}' is no SPARQL keyword or function{_did_you_mean(word)}"
                    + ("" if _did_you_mean(word) else " (a variable starts with ?, a prefixed name has a colon)"))
    elif brackets is not None:
        what, offset = brackets
    else:
        what = _from_message(text, message, offset, is_update=is_update)
    line, column = _line_col(text, offset)
    return QueryError(what + _excerpt(text, offset), line=line, column=column)


def namespace_warnings(db: ox.Store, text: str, *, base: str | None = None) -> list[str]:
    """Warnings for terms the query names in a namespace the graph does not use (see NAMESPACE_MIXUPS):
    one for each such namespace when none of the query's terms in it is in ``db``."""
    try:
        iris = querytext.QueryText(text).named_iris(base=base, predeclared=PREFIXES)
    except ValueError:  # an IRI urljoin cannot read
        return []
    warnings = []
    for written, used in NAMESPACE_MIXUPS.items():
        terms = list(dict.fromkeys(i for i in iris if i.startswith(written)))[:20]
        if not terms or any(_in_graph(db, t) for t in terms):
            continue
        example = terms[0][len(written):]
        label = next((k for k, v in PREFIXES.items() if v == used), "ns")
        warnings.append(f"the query uses {written} but this graph uses {used} (e.g. <{used}{example}>): "
                        f"write PREFIX {label}: <{used}>, or leave the PREFIX out ({label}: is predeclared)")
    return warnings


def _in_graph(db: ox.Store, iri: str) -> bool:
    node = ox.NamedNode(iri)
    for pattern in ((None, node, None), (None, _RDF_TYPE, node), (node, None, None)):
        if next(iter(db.quads_for_pattern(*pattern)), None) is not None:
            return True
    return False
