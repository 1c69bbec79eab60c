"""One SPARQL query against one pyoxigraph store, answered as bytes: the part of the endpoint that
runs in a worker (a thread of the server, or a worker process -- :mod:`kg.sparql.workers`).

No web framework here: an :class:`Answer` is a status, a body, a media type and headers, so it
crosses a process boundary as it is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.graph.vocab import PREFIXES
from kg.sparql.conneg import BOOLEAN, GRAPH, SOLUTIONS, MediaType, by_format, negotiate
from kg.store.results import serialize_boolean, serialize_solutions
from kg.store.store import query_error

__all__ = ["Answer", "HTTPError", "QueryTimeout", "answer", "choose", "RDF_FORMATS"]

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


@dataclass
class Answer:
    """What the endpoint sends back for one query."""

    status: int
    body: bytes
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


class QueryTimeout(Exception):
    pass


def choose(accept: str | None, fmt: str | None, offers: list[MediaType]) -> MediaType:
    """``format=`` when it names a format this query can produce, else the Accept header.

    (Clients such as SPARQLWrapper send ``format=json`` with every query, even a CONSTRUCT, so an
    unknown or unfitting ``format`` falls back to content negotiation rather than failing.)
    """
    if fmt:
        media = by_format(fmt, offers)
        if media is not None:
            return media
    media = negotiate(accept, offers)
    if media is None:
        raise HTTPError(406, "none of the accepted media types can be produced; available: "
                             + ", ".join(o.mime for o in offers))
    return media


def _evaluate(db: ox.Store, query: str, *, base: str, dataset: tuple[list[str], list[str]] | None,
              accept: str | None, fmt: str | None, deadline: float, max_rows: int) -> Answer:
    """Run the query and serialize its results (raises HTTPError or QueryTimeout)."""
    kwargs: dict = {"prefixes": PREFIXES, "base_iri": base}
    if dataset is not None:
        default, named = dataset
        if default:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
        if named:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    else:
        kwargs["use_default_graph_as_union"] = True
    try:
        results = db.query(query, **kwargs)
    except SyntaxError as err:
        raise HTTPError(400, str(query_error(err))) from None
    except (ValueError, OSError, RuntimeError) as err:
        raise HTTPError(400, f"SPARQL error: {err}") from None
    if isinstance(results, ox.QueryBoolean):
        media = choose(accept, fmt, BOOLEAN)
        return Answer(200, serialize_boolean(bool(results), media.fmt), media.mime)
    offers = GRAPH if isinstance(results, ox.QueryTriples) else SOLUTIONS
    media = choose(accept, fmt, offers)  # before evaluating: a 406 costs nothing
    items, truncated = [], False
    try:
        for item in results:
            if len(items) >= max_rows:
                truncated = True
                break
            items.append(item)
            if len(items) % 256 == 0 and time.monotonic() > deadline:
                raise QueryTimeout()
    except (OSError, RuntimeError) as err:
        raise HTTPError(500, f"query evaluation failed: {err}") from None
    if time.monotonic() > deadline:
        raise QueryTimeout()
    headers = {"X-KG-Truncated": "true"} if truncated else {}
    if offers is GRAPH:
        body = ox.serialize(items, format=RDF_FORMATS[media.fmt], prefixes=PREFIXES) or b""
    else:
        body = serialize_solutions([v.value for v in results.variables], items, media.fmt)
    mime = media.mime + ("; charset=utf-8" if media.fmt in ("turtle", "csv", "tsv", "ntriples") else "")
    return Answer(200, body, mime, headers)


def answer(db: ox.Store, query: str, *, base: str, dataset: tuple[list[str], list[str]] | None = None,
           accept: str | None = None, fmt: str | None = None, deadline: float = float("inf"),
           max_rows: int = 100_000) -> Answer:
    """:func:`_evaluate` with every failure turned into an Answer (503 for the deadline).

    Failures are returned as fresh values, never raised: pyoxigraph result iterators must be freed
    on the thread that made them, and an exception carrying this frame (and so the iterator) to
    another thread would free it there.
    """
    try:
        return _evaluate(db, query, base=base, dataset=dataset, accept=accept, fmt=fmt, deadline=deadline,
                         max_rows=max_rows)
    except QueryTimeout:
        failure = (503, "timeout", {})
    except HTTPError as err:
        failure = (err.status, str(err), err.headers)
    return Answer(failure[0], (failure[1] + "\n").encode(), "text/plain; charset=utf-8", dict(failure[2]))
