"""What a request may make the server do beyond reading its own store: SERVICE and LOAD targets.

``SERVICE <http://…> { … }`` makes pyoxigraph send an HTTP request to any host and port, and the
remote's error text comes back to the client: from a web page, a way into the user's own network.
pyoxigraph has no switch for it, so the request text is checked before it runs: every SERVICE
(and LOAD, in updates) must name an IRI under one of the prefixes given with
``kg serve --allow-service PREFIX…``; none is allowed by default.  A SERVICE whose target is a
variable cannot be checked and is refused.

The check reads the text as the parser does (:mod:`kg.store.querytext`): a keyword hidden from it
inside what it takes for a string, IRI or comment would be hidden from the parser too.  A word
that only *looks* like the keyword (``ex:WebService``, ``?service``) is left alone; anything else
spelled SERVICE is taken for one -- refusing a query wrongly is the safe mistake.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from kg.graph.vocab import PREFIXES
from kg.store import querytext

__all__ = ["RefusedTarget", "check_targets", "outside_targets"]

# SERVICE or LOAD as the parser may read it: not inside a variable name or a prefixed name
_KEYWORD = re.compile(r"SERVICE|LOAD", re.IGNORECASE)
_PREFIXED = re.compile(r"(?P<label>[^\W\d][\w.-]*)?:(?P<local>[\w%:\\-]+(?:\.+[\w%:\\-]+)*)?")


class RefusedTarget(ValueError):
    """A SERVICE or LOAD the allow-list does not cover: ``str()`` says which and what to do."""


def _is_keyword(blanked: str, m: re.Match) -> bool:
    """Is this occurrence the keyword, not part of a variable or prefixed name?"""
    token_start, limit = m.start(), max(0, m.start() - 256)  # bounded: linear in the text
    while token_start > limit and (blanked[token_start - 1].isalnum() or blanked[token_start - 1] in "_.%:\\-"):
        token_start -= 1
    token = blanked[token_start:m.start()]
    if token_start > 0 and blanked[token_start - 1] in "?$" and re.fullmatch(r"\w*", token):
        return False  # ?service, ?webService
    rest = re.match(r"[\w.%:\\-]*", blanked[m.end():m.end() + 256])
    whole = token + m.group() + (rest.group() if rest else "")
    # ex:Service, service:x, _:service are names; a token longer than the window counts as the
    # keyword (refused: the safe mistake)
    return ":" not in whole or m.start() - token_start >= 256


def outside_targets(text: str, allowed: Sequence[str], *, base: str | None = None) -> list[str]:
    """The SERVICE / LOAD targets of ``text`` that no prefix in ``allowed`` covers (``?var`` for a
    variable), in order."""
    query = querytext.QueryText(text)
    blanked = query.code
    refused = []
    for m in _KEYWORD.finditer(blanked):
        if not _is_keyword(blanked, m):
            continue
        at = _skip_blank(query, blanked, m.end())
        silent = re.match(r"SILENT(?![\w:-])", blanked[at:at + 7], re.IGNORECASE)
        if silent:
            at = _skip_blank(query, blanked, at + silent.end())
        target: str | None
        prologue = query.prologue_at(at, base=base, predeclared=PREFIXES)
        written = query.iri_at(at)
        if written is not None:
            target = prologue.resolve(written)
        elif blanked[at:at + 1] in ("?", "$"):
            target = None
        elif m.group().upper() == "LOAD" and not blanked[at:at + 1].strip():
            continue  # not a LOAD operation (nothing follows)
        else:
            name = _PREFIXED.match(blanked, at)
            target = prologue.expand(name.group("label") or "", name.group("local") or "") if name else None
        if target is None:
            refused.append(blanked[at:at + 40].split()[0] if blanked[at:at + 40].split() else "?")
        elif not any(_covers(prefix, target) for prefix in allowed):
            refused.append(target)
    return refused


def _skip_blank(query: querytext.QueryText, blanked: str, at: int) -> int:
    """The offset of the next token from ``at``: past spaces and comments, never past an IRI (the
    code view blanks IRIs to spaces too)."""
    while at < len(blanked) and blanked[at].isspace() and query.iri_at(at) is None:
        at += 1
    return at


def _covers(prefix: str, iri: str) -> bool:
    """Is ``iri`` under ``prefix``?  Scheme and host:port must be equal (so ``http://example.org``
    does not cover ``http://example.org.evil.net/``), the path must start with the prefix's path."""
    if prefix == "*":
        return True
    p, i = urlsplit(prefix), urlsplit(iri)
    if (p.scheme.lower(), p.netloc.lower()) != (i.scheme.lower(), i.netloc.lower()):
        return False
    return i.path.startswith(p.path) and (not p.query or iri.startswith(prefix))


def check_targets(text: str, allowed: Sequence[str], *, base: str | None = None) -> None:
    """Raise :class:`RefusedTarget` if ``text`` has a SERVICE or LOAD outside ``allowed``."""
    refused = outside_targets(text, allowed, base=base)
    if not refused:
        return
    shown = ", ".join(dict.fromkeys(refused))
    if not allowed:
        raise RefusedTarget(
            f"federated queries are off: this request would make the server fetch {shown}; "
            "start kg serve with --allow-service PREFIX (e.g. --allow-service https://query.wikidata.org/) "
            "to allow the SERVICE and LOAD IRIs under that prefix")
    raise RefusedTarget(f"SERVICE / LOAD of {shown} is not allowed: this endpoint allows only IRIs under "
                        f"{', '.join(allowed)} (kg serve --allow-service); a SERVICE with a variable is "
                        "never allowed")
