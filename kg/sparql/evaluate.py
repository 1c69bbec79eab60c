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
from kg.store.dataset import query_dataset
from kg.store.explain import namespace_warnings
from kg.store.results import serialize_boolean, serialize_solutions
from kg.store.store import query_error

__all__ = ["Answer", "HTTPError", "QueryTimeout", "answer", "choose", "header_value", "RDF_FORMATS",
           "WARNING_HEADER"]

# a warning about the query that does not stop it (e.g. http://schema.org/ where the graph has https)
WARNING_HEADER = "X-KG-Warning"

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
RESULTS_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


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


class _MayExceedCap(Exception):
    """The native serializer's output may hold more rows than the cap (see :class:`_CappedSink`)."""


class _CappedSink:
    """Where pyoxigraph's own results serializer writes; it stops the serializer (by raising from
    ``write``) once the output may hold more than ``max_rows`` rows, or at the deadline.

    Rows are bounded by counting a marker that every row boundary writes and that escaping keeps
    out of values: ``},{`` between JSON bindings (a ``"`` inside a value is escaped, and between
    two variables of one row the writer puts ``},"``), ``<result>`` per XML row, a newline per
    CSV/TSV line (a CSV value may hold a newline, which only over-counts).  An over-count at worst
    sends a result near the cap down the exact, slower path.
    """

    MARKS = {"json": (b"},{", 1), "xml": (b"<result>", 0), "csv": (b"\n", -1), "tsv": (b"\n", -1)}

    def __init__(self, fmt: str, max_rows: int, deadline: float) -> None:
        self.mark, self.offset = self.MARKS[fmt]
        self.max_rows, self.deadline = max_rows, deadline
        self.parts: list[bytes] = []
        self.marks = 0
        self.tail = b""

    def write(self, chunk) -> int:
        chunk = bytes(chunk)
        seen = self.tail + chunk  # a marker may straddle two chunks
        self.marks += seen.count(self.mark) - self.tail.count(self.mark)
        self.tail = seen[-(len(self.mark) - 1):] if len(self.mark) > 1 else b""
        self.parts.append(chunk)
        if self.marks + self.offset > self.max_rows:
            raise _MayExceedCap()
        if time.monotonic() > self.deadline:
            raise QueryTimeout()
        return len(chunk)

    def flush(self) -> None:
        pass

    def body(self) -> bytes:
        return b"".join(self.parts)


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
    kwargs: dict = {"prefixes": PREFIXES, "base_iri": base, **query_dataset(db, query, *(dataset or ((), ())))}
    try:
        results = db.query(query, **kwargs)
    except SyntaxError as err:
        raise HTTPError(400, str(query_error(err, query))) from None
    except (ValueError, OSError, RuntimeError) as err:
        raise HTTPError(400, f"SPARQL error: {err}") from None
    if isinstance(results, ox.QueryBoolean):
        media = choose(accept, fmt, BOOLEAN)
        return Answer(200, serialize_boolean(bool(results), media.fmt), media.mime)
    offers = GRAPH if isinstance(results, ox.QueryTriples) else SOLUTIONS
    media = choose(accept, fmt, offers)  # before evaluating: a 406 costs nothing
    if offers is SOLUTIONS:
        # pyoxigraph's serializer (Rust) when the rows fit under the cap: building the body in
        # Python costs about 2.5 us a cell (+60 % on a 7,000 x 7 result).
        sink = _CappedSink(media.fmt, max_rows, deadline)
        try:
            results.serialize(sink, RESULTS_FORMATS[media.fmt])
        except _MayExceedCap:
            results = db.query(query, **kwargs)  # near or over the cap: the exact path below
        except (OSError, RuntimeError) as err:
            raise HTTPError(500, f"query evaluation failed: {err}") from None
        else:
            if time.monotonic() > deadline:
                raise QueryTimeout()
            return Answer(200, sink.body(), _mime(media))
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
    return Answer(200, body, _mime(media), headers)


def header_value(text: str) -> str:
    """``text`` as an HTTP header value: one line of ASCII (other characters as \\uXXXX escapes)."""
    return " ".join(text.split()).encode("ascii", "backslashreplace").decode("ascii")


def _mime(media: MediaType) -> str:
    return media.mime + ("; charset=utf-8" if media.fmt in ("turtle", "csv", "tsv", "ntriples") else "")


def answer(db: ox.Store, query: str, *, base: str, dataset: tuple[list[str], list[str]] | None = None,
           accept: str | None = None, fmt: str | None = None, deadline: float = float("inf"),
           max_rows: int = 100_000) -> Answer:
    """:func:`_evaluate` with every failure turned into an Answer (503 for the deadline).

    Failures are returned as fresh values, never raised: pyoxigraph result iterators must be freed
    on the thread that made them, and an exception carrying this frame (and so the iterator) to
    another thread would free it there.
    """
    try:
        reply = _evaluate(db, query, base=base, dataset=dataset, accept=accept, fmt=fmt, deadline=deadline,
                          max_rows=max_rows)
        warnings = namespace_warnings(db, query, base=base)
        if warnings:
            reply.headers[WARNING_HEADER] = header_value(" | ".join(warnings))
        return reply
    except QueryTimeout:
        failure = (503, "timeout", {})
    except HTTPError as err:
        failure = (err.status, str(err), err.headers)
    return Answer(failure[0], (failure[1] + "\n").encode(), "text/plain; charset=utf-8", dict(failure[2]))
