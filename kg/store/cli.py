"""``kg query``: SPARQL against the store from the command line, as a table, JSON, CSV or TSV."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, QueryUsageError
from kg.store.explain import namespace_warnings
from kg.store.queries import get_query, load_queries
from kg.store.results import serialize_solutions
from kg.store.store import open_store

__all__ = ["run_query", "resolve_query"]

_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def resolve_query(sparql: str | None, name: str | None, params: dict[str, str] | None = None) -> str:
    """The query text from an argument (text or @FILE) or a named query with its parameters."""
    if name:
        if sparql:
            raise QueryUsageError("give either a query or --name, not both")
        query = get_query(name)
        missing = query.missing(params)
        if missing:
            needs = "; ".join(f"-p {p}=VALUE ({query.params[p][1]}; e.g. {p}={query.params[p][0]})"
                              for p in missing)
            raise QueryUsageError(f"query '{name}' needs its parameter{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)}: {needs}")
        return query.render(params)
    if not sparql:
        raise QueryUsageError("no query: give SPARQL text, @FILE, or --name NAME (kg query --list)")
    if params:
        raise QueryUsageError("--param only goes with --name")
    if sparql.startswith("@"):
        path = Path(sparql[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise QueryError(f"{path}: cannot read the query file: {err}") from None
    return sparql


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def run_query(store: Path, *, sparql: str | None, name: str | None, fmt: str = "table",
              list_queries: bool = False, params: dict[str, str] | None = None, out=None) -> int:
    """Run one query against the store (opened read-only) and print the results to ``out``.

    Returns the number of rows (or triples; 1/0 for ASK).
    """
    out = out or sys.stdout
    from rich.console import Console
    from rich.table import Column, Table

    console = Console(file=out, soft_wrap=True)
    terminal = console.is_terminal
    if list_queries:
        chosen = [get_query(name)] if name else load_queries().values()  # --list -n NAME: that one
        rows = [(q.name, q.describe_params(), q.title) for q in chosen]
        if not terminal:  # a pipe or a file: whole names, one query a line, tab-separated
            out.write("".join("\t".join(r) + "\n" for r in [("name", "parameters", "what it answers"), *rows]))
            return len(rows)
        table = Table(*(Column(h, overflow="fold") for h in ("name", "parameters", "what it answers")),
                      title="named queries (queries/*.rq)")
        for r in rows:
            table.add_row(*r)
        console.print(table)
        return len(rows)
    if fmt == "table" and not terminal:
        fmt = "tsv"  # outside a terminal, results are never cut to a width
    if fmt not in ("table", *_RESULT_FORMATS):
        raise QueryUsageError(f"unknown --format '{fmt}'; use table, json, csv or tsv")
    text = resolve_query(sparql, name, params)
    with open_store(store, create=False, read_only=True) as st:
        results = st.query(text)
        for warning in namespace_warnings(st.oxigraph, text):
            print(f"warning: {warning}", file=sys.stderr)
        if isinstance(results, ox.QueryBoolean):
            print("true" if bool(results) else "false", file=out)
            return int(bool(results))
        if isinstance(results, ox.QueryTriples):
            triples = list(results)
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES if fmt in ("csv", "tsv")
                                else ox.RdfFormat.TURTLE)
            out.write((data or b"").decode("utf-8"))
            return len(triples)
        if fmt != "table":
            rows = list(results)
            out.write(serialize_solutions([v.value for v in results.variables], rows, fmt).decode("utf-8"))
            return len(rows)
        variables = [v.value for v in results.variables]
        table = Table(*(Column(v, overflow="fold") for v in variables), title=name)
        n = 0
        for row in results:
            table.add_row(*(_cell(row[v]) for v in variables))
            n += 1
        console.print(table)
        console.print(f"{n} rows", style="dim")
        return n

