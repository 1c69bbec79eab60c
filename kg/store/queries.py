"""The library of named SPARQL queries (``queries/*.rq``).

Each file starts with a header comment::

    # name: attendees-of-events-hosted-by
    # title: …
    # description: … (continued on indented comment lines)
    # param: org = 北京市科协   what it is
    # param: year ?= any   what it is (``?=``: optional, this value when not given)

A parameter after ``=`` must be given (the value is an example); one after ``?=`` may be left out. A parameter appears in the body as ``$org`` (a SPARQL variable, so the raw file is still valid SPARQL)
and :meth:`NamedQuery.render` replaces it with a string literal.  Rendered queries carry their
PREFIX declarations, so they run on any SPARQL endpoint.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, QueryUsageError
from kg.graph.vocab import PREFIXES

__all__ = ["NamedQuery", "load_queries", "get_query", "queries_dir", "prefix_block"]

_HEADER = re.compile(r"^#\s*(name|title|description|param):\s?(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(\??=)\s*(\S+)\s*(.*)$")


def queries_dir() -> Path:
    """``$KG_QUERIES`` or the ``queries/`` folder of the source tree."""
    env = os.environ.get("KG_QUERIES")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "queries"


def prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    body: str
    path: Path
    params: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (example or default, help)
    optional: frozenset[str] = frozenset()  # the params declared with ?=: their value is a default

    def missing(self, values: dict[str, str] | None = None) -> list[str]:
        """The required parameters not in ``values``."""
        return [p for p in self.params if p not in self.optional and p not in (values or {})]

    def describe_params(self) -> str:
        """One line: each parameter with its example (or default) and meaning."""
        return "; ".join(f"{p}{'?=' if p in self.optional else '='}{ex} ({meaning})" if meaning
                         else f"{p}{'?=' if p in self.optional else '='}{ex}"
                         for p, (ex, meaning) in self.params.items())

    def render(self, values: dict[str, str] | None = None) -> str:
        """The standalone query text, parameters replaced by literals (defaults where not given)."""
        values = values or {}
        unknown = set(values) - set(self.params)
        if unknown:
            raise QueryUsageError(f"query '{self.name}' has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(self.params) or 'none'}")
        text = self.body
        for pname, (default, _help) in self.params.items():
            literal = str(ox.Literal(values.get(pname, default)))
            text = re.sub(rf"\${pname}\b", lambda _m, lit=literal: lit, text)
        return prefix_block() + text


def _parse(path: Path) -> NamedQuery:
    meta: dict[str, str] = {}
    params: dict[str, tuple[str, str]] = {}
    optional: set[str] = set()
    body_lines: list[str] = []
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if body_lines or not line.startswith("#"):
            body_lines.append(line)
            continue
        m = _HEADER.match(line)
        if m and m.group(1) == "param":
            p = _PARAM.match(m.group(2).strip())
            if not p:
                raise QueryError(f"{path}: bad param line '{line}'; write '# param: NAME = EXAMPLE  meaning' "
                                 "(or NAME ?= DEFAULT for an optional one)")
            params[p.group(1)] = (p.group(3), p.group(4).strip())
            if p.group(2) == "?=":
                optional.add(p.group(1))
            last = None
        elif m:
            last = m.group(1)
            meta[last] = m.group(2).strip()
        elif last == "description":
            meta["description"] += " " + line.lstrip("#").strip()
    name = meta.get("name", path.stem)
    return NamedQuery(name=name, title=meta.get("title", name), description=meta.get("description", ""),
                      body="\n".join(body_lines).strip() + "\n", path=path, params=params,
                      optional=frozenset(optional))


def load_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries, by name, in name order."""
    folder = folder or queries_dir()
    if not folder.is_dir():
        raise QueryUsageError(f"no named queries: {folder} is not a folder (set KG_QUERIES to it)")
    return {q.name: q for q in sorted((_parse(p) for p in folder.glob("*.rq")), key=lambda q: q.name)}


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    queries = load_queries(folder)
    if name not in queries:
        raise QueryUsageError(f"no named query '{name}'; known: {', '.join(queries)} (kg query --list)")
    return queries[name]
