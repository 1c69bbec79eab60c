"""The SPARQL 1.1 endpoint: Protocol at /sparql, Graph Store Protocol at /rdf-graphs, a query page at /.

``create_app(store, …)`` builds the ASGI app around an injected store (a :class:`kg.store.KgStore`,
a ``pyoxigraph.Store`` or a :class:`ReopeningStore`); ``serve(path, …)`` opens the store folder and
runs it with uvicorn; ``running(app)`` runs an app in a thread on a free loopback port (tests).

Where queries run:

* A store folder served read-only (``kg serve``, a ReopeningStore or a read-only KgStore): in a
  pool of worker processes (:mod:`kg.sparql.workers`), each with its own read-only snapshot.  At
  the deadline the client gets 503 and the worker is killed and replaced, so a runaway query stops
  using CPU at once; the other workers keep answering.
* An in-memory store, or an endpoint with updates enabled: in worker threads (pyoxigraph releases
  the GIL while it evaluates, so a cheap query answers while an expensive one runs).  The client
  gets 503 at the deadline; a worker reading results lazily stops there, but a query inside one
  blocking operator (ORDER BY or GROUP BY over a huge join) finishes in the background
  (docs/SPARQL.md).

Either way at most ``max_rows`` rows are sent (then the response carries ``X-KG-Truncated: true``).
Either way :mod:`kg.sparql.admission` decides which waiting request takes a free worker, so a
flood of one query shape never holds them all.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import hmac
import os
import re
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import QueryError, StoreError
from kg.graph.vocab import PREFIXES
from kg.sparql.admission import Admission, query_shape
from kg.sparql.conneg import GRAPH, negotiate
from kg.sparql.evaluate import RDF_FORMATS as _RDF_FORMATS
from kg.sparql.evaluate import Answer, answer
from kg.sparql.evaluate import HTTPError as _HTTPError
from kg.sparql.guard import RefusedTarget, check_targets
from kg.sparql.workers import ReopeningStore, WorkerPool
from kg.store.dataset import describe_dataset
from kg.store.queries import load_queries
from kg.store.store import KgStore, open_store, query_error

__all__ = ["create_app", "serve", "running", "ReopeningStore", "loopback_hosts", "MAX_REQUEST_BYTES", "MAX_GRAPH_BYTES"]

_PARSE_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
                  "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
                  "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
                  "text/n3": ox.RdfFormat.N3}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"


_TIMED_OUT = Answer(503, b"timeout\n")
_GRACE = 0.05  # s: lets a worker that stopped itself at the deadline report it before we give up


@dataclass
class _Config:
    timeout: float
    max_rows: int
    allow_updates: bool
    token: str | None
    allowed_services: tuple[str, ...] = ()  # SERVICE / LOAD IRI prefixes (kg serve --allow-service)
    per_client: int | None = None  # queries one client address runs at once (kg serve --per-client)


def _oxigraph(store) -> ox.Store:
    return store if isinstance(store, ox.Store) else store.oxigraph


def _touch(store) -> None:
    folder = getattr(store, "folder", None)
    if isinstance(store, KgStore) and folder is not None:
        (folder / "changed").write_text(str(time.time()))


# ------------------------------------------------------------------------------------ requests

def _content_type(request: Request) -> tuple[str, dict[str, str]]:
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].lower(), params


def _check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise _HTTPError(415, f"charset {charset} is not supported; send UTF-8")


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _HTTPError(400, f"the request body is not UTF-8 (byte {err.start})") from None


# a query or update is text: a body over this is refused before it is read whole (413)
MAX_REQUEST_BYTES = 1_000_000
# a Graph Store write carries data: larger, still bounded
MAX_GRAPH_BYTES = 64_000_000


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to be over ``limit`` bytes (the
    declared Content-Length, or the bytes received so far)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _HTTPError(413, f"the request body ({int(declared):,} bytes) is over the limit of {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _HTTPError(413, f"the request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _protocol_params(request: Request) -> dict[str, list[str]]:
    """Query-string and body parameters of a Protocol request: query/update/dataset/format."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        ctype, cparams = _content_type(request)
        body = await _bounded_body(request, MAX_REQUEST_BYTES)
        if ctype == "application/x-www-form-urlencoded":
            _check_charset(cparams)
            for key, values in parse_qs(_decode(body), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif ctype in ("application/sparql-query", "application/sparql-update"):
            _check_charset(cparams)
            key = "query" if ctype == "application/sparql-query" else "update"
            params.setdefault(key, []).append(_decode(body))
        elif not ctype:
            raise _HTTPError(400, "POST needs a Content-Type: application/sparql-query, "
                                  "application/sparql-update or application/x-www-form-urlencoded")
        else:
            raise _HTTPError(415, f"Content-Type {ctype} is not a SPARQL request; use "
                                  "application/sparql-query, application/sparql-update or "
                                  "application/x-www-form-urlencoded")
    return params


def _single(params: dict[str, list[str]], key: str) -> str | None:
    values = params.get(key, [])
    if len(values) > 1:
        raise _HTTPError(400, f"more than one '{key}' parameter")
    return values[0] if values else None


def _error_response(err: _HTTPError) -> Response:
    return PlainTextResponse(str(err) + "\n", status_code=err.status, headers=err.headers)


class _App:
    def __init__(self, store, config: _Config, workers: WorkerPool | None = None) -> None:
        self.store = store
        self.config = config
        # with worker processes a thread only waits on a pipe: many are cheap, and a flood of slow
        # requests must not hold every thread while a cheap one queues for one
        threads = 64 if workers is not None else 16
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sparql")
        self.workers = workers
        # who may take a free worker process (or thread): one shape of query never takes them all
        size = workers.size if workers is not None else threads
        self.admission = Admission((lambda: workers.ready) if workers is not None else (lambda: threads),
                                   reserve=max(1, size // 4) if size > 1 else 0,
                                   per_shape=None if workers is not None else max(1, os.cpu_count() or 1),
                                   per_client=config.per_client)
        self.write_lock = threading.Lock()

    def close(self) -> None:
        """Stop the worker processes (if any) and the threads."""
        if self.workers is not None:
            self.workers.close()
        self.pool.shutdown(wait=False, cancel_futures=True)

    # -- auth
    def _authorize(self, request: Request) -> None:
        if not self.config.allow_updates:
            raise _HTTPError(403, "updates are disabled on this endpoint "
                                  "(start kg serve with --allow-updates)")
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            raise _HTTPError(403, "updates need an 'Authorization: Bearer TOKEN' header")
        given = header[7:].strip().encode()
        if not hmac.compare_digest(given, (self.config.token or "").encode()):
            raise _HTTPError(401, "wrong bearer token", {"WWW-Authenticate": 'Bearer error="invalid_token"'})

    async def _in_thread(self, fn, *, shape: str, deadline: float | None = None, client: str | None = None):
        """``fn()`` in a worker thread once :attr:`admission` lets a request of ``shape`` start.

        The request holds its place until ``fn`` returns, even after its client got 503 (a
        blocking pyoxigraph operator keeps its thread until it ends).
        """
        if deadline is None:
            deadline = time.monotonic() + self.config.timeout
        if not await self.admission.enter(shape, deadline, client=client):
            raise self._timed_out()
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self.pool, fn)
        except BaseException:
            self.admission.leave(shape, client=client)
            raise
        future.add_done_callback(lambda _: self.admission.leave(shape, client=client))
        try:
            result = await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - time.monotonic()) + _GRACE)
        except TimeoutError:
            result = _TIMED_OUT
        if result is _TIMED_OUT or (isinstance(result, Answer) and result.status == 503):
            raise self._timed_out()
        return result

    def _timed_out(self) -> _HTTPError:
        return _HTTPError(503, f"query timed out after {self.config.timeout:g} s; "
                               "make it more selective or add a LIMIT")

    async def _answer(self, request: dict, client: str | None = None) -> Answer:
        """Run a query request in a worker process (killed at the deadline) or a worker thread."""
        deadline = time.monotonic() + self.config.timeout
        shape = query_shape(request["query"])
        if self.workers is not None:
            # the thread only waits on the worker's pipe; WorkerPool.run enforces the deadline
            workers = self.workers
            outcome = await self._in_thread(
                lambda: workers.run(request, max(0.0, deadline - time.monotonic())), shape=shape, deadline=deadline,
                client=client)
            if outcome is None:
                raise self._timed_out()
            return outcome
        db = _oxigraph(self.store)
        return await self._in_thread(lambda: answer(db, deadline=deadline, **request), shape=shape, deadline=deadline,
                                     client=client)

    # -- /sparql
    async def sparql(self, request: Request) -> Response:
        try:
            params = await _protocol_params(request)
            query, update = _single(params, "query"), _single(params, "update")
            _check_nesting(query if query is not None else update)
            base = str(request.url.replace(query=""))
            if query is not None and update is not None:
                raise _HTTPError(400, "give either 'query' or 'update', not both")
            try:  # a SERVICE or LOAD would make this server fetch from any host: only the allowed ones
                check_targets(query if query is not None else update or "", self.config.allowed_services, base=base)
            except RefusedTarget as err:
                raise _HTTPError(403, str(err)) from None
            if update is not None:
                if request.method != "POST":
                    raise _HTTPError(400, "updates must be POSTed")
                return await self._update(request, update, params, base)
            if query is None:
                return self._service_description(request, base)
            default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
            dataset = (default, named) if default or named else None
            formats = params.get("format", [])
            outcome = await self._answer(dict(
                query=query, base=base, dataset=dataset, accept=request.headers.get("accept"),
                fmt=formats[0] if formats else None, max_rows=self.config.max_rows),
                client=request.client.host if request.client else None)
            return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type,
                            headers=outcome.headers)
        except _HTTPError as err:
            return _error_response(err)

    async def _update(self, request: Request, update: str, params: dict[str, list[str]],
                      base: str) -> Response:
        self._authorize(request)
        using, using_named = params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
        if using or using_named:
            if re.search(r"\b(USING|WITH)\b", _strip_strings(update), re.IGNORECASE):
                raise _HTTPError(400, "using-graph-uri/using-named-graph-uri conflict with USING/WITH "
                                      "in the update; give one or the other")
            clause = ("".join(f" USING <{g}>" for g in using)
                      + "".join(f" USING NAMED <{g}>" for g in using_named))
            update = _add_using(update, clause)

        def run() -> None:
            with self.write_lock:
                _oxigraph(self.store).update(update, base_iri=base, prefixes=PREFIXES)
                _touch(self.store)

        try:
            await self._in_thread(run, shape="update " + query_shape(update))
        except SyntaxError as err:
            raise _HTTPError(400, str(query_error(err))) from None
        except (OSError, RuntimeError, ValueError) as err:
            raise _HTTPError(400, f"update failed: {err}") from None
        return Response(status_code=204)

    def _service_description(self, request: Request, endpoint: str) -> Response:
        langs = [f"<{_SD}SPARQL11Query>"] + ([f"<{_SD}SPARQL11Update>"] if self.config.allow_updates else [])
        formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
        ttl = (f"@prefix sd: <{_SD}> .\n"
               f"[] a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n"
               f"  sd:supportedLanguage {', '.join(langs)} ;\n"
               f"  sd:resultFormat {', '.join(f'<{_FORMATS_NS}{f}>' for f in formats)} ;\n"
               + describe_dataset(_oxigraph(self.store)))
        media = negotiate(request.headers.get("accept"), GRAPH) or GRAPH[0]
        if media.fmt == "turtle":
            return Response(ttl, media_type="text/turtle; charset=utf-8")
        triples = list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
        return Response(ox.serialize(triples, format=_RDF_FORMATS[media.fmt]), media_type=media.mime)

    # -- Graph Store Protocol
    async def graph_store(self, request: Request) -> Response:
        try:
            return await self._graph_store(request)
        except _HTTPError as err:
            return _error_response(err)

    async def _graph_store(self, request: Request) -> Response:
        method = request.method
        if method in ("PUT", "POST", "DELETE") or not self.config.allow_updates:
            # reading graphs one by one is a convenience of the update-enabled endpoint only;
            # the read-only endpoint answers CONSTRUCT queries at /sparql instead
            self._authorize(request)
        query = parse_qs(request.url.query, keep_blank_values=True)
        path = request.url.path
        target: ox.NamedNode | ox.DefaultGraph | None
        if path.rstrip("/").endswith("/rdf-graphs/service") or path.rstrip("/") == "/rdf-graphs":
            if "default" in query:
                target = ox.DefaultGraph()
            elif "graph" in query:
                target = ox.NamedNode(query["graph"][0])
            elif method == "POST":
                target = None
            else:
                raise _HTTPError(400, "give ?graph=IRI or ?default")
        else:
            target = ox.NamedNode(str(request.url.replace(query="")))
        db = _oxigraph(self.store)
        exists = isinstance(target, ox.DefaultGraph) or (
            target is not None and db.contains_named_graph(target))
        if method in ("GET", "HEAD"):
            if not exists:
                raise _HTTPError(404, f"no graph {target}")
            media = negotiate(request.headers.get("accept"), GRAPH)
            if media is None:
                raise _HTTPError(406, "available: " + ", ".join(o.mime for o in GRAPH))
            body = db.dump(format=_RDF_FORMATS[media.fmt], from_graph=target, prefixes=PREFIXES) or b""
            mime = media.mime + ("; charset=utf-8" if media.fmt in ("turtle", "ntriples") else "")
            if method == "HEAD":
                return Response(status_code=200, media_type=mime, headers={"Content-Length": str(len(body))})
            return Response(body, media_type=mime)
        if method == "DELETE":
            if not exists:
                raise _HTTPError(404, f"no graph {target}")
            await self._write(lambda: db.clear_graph(target) if isinstance(target, ox.DefaultGraph)
                              else db.remove_graph(target))
            return Response(status_code=204)
        created = False
        if target is None:  # POST to the service: a new graph
            target = ox.NamedNode(f"{str(request.url.replace(query='')).rstrip('/')}/{uuid.uuid4().hex}")
            created = True
        base = target.value if isinstance(target, ox.NamedNode) else str(request.url)
        triples = _parse_body(request, await _bounded_body(request, MAX_GRAPH_BYTES), base=base)
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]
        replace = method == "PUT"

        def write() -> None:
            if replace:
                if isinstance(target, ox.DefaultGraph):
                    db.clear_graph(target)
                elif exists:
                    db.remove_graph(target)
            if isinstance(target, ox.NamedNode):
                db.add_graph(target)
            db.extend(quads)

        await self._write(write)
        if created:
            return Response(status_code=201, headers={"Location": target.value})
        return Response(status_code=204 if exists else 201)

    async def _write(self, fn) -> None:
        def run() -> None:
            with self.write_lock:
                fn()
                _touch(self.store)
        await self._in_thread(run, shape="graph store write")

    # -- the rest
    async def page(self, request: Request) -> Response:
        html = resources.files("kg.sparql").joinpath("page.html").read_text(encoding="utf-8")
        return HTMLResponse(html)

    async def queries(self, request: Request) -> Response:
        try:
            named = load_queries()
        except QueryError:
            named = {}
        return JSONResponse([{"name": q.name, "title": q.title, "description": q.description,
                              "params": {k: v[0] for k, v in q.params.items()}, "query": q.render()}
                             for q in named.values()])

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "updates": self.config.allow_updates,
                             "timeout": self.config.timeout, "max_rows": self.config.max_rows})


_MASK = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|\"[^\"\n]*\""
                   r"|<[^>\s]*>|#[^\n]*", re.S)


MAX_NESTING = 256
_BRACKETS = {ord(c): None for c in "{}()[]"}


def _check_nesting(text: str | None) -> None:
    """Refuse a request nested deeper than MAX_NESTING brackets with 400.

    pyoxigraph's parser is recursive: ~2500 nested groups overflow a thread's stack and the
    SIGSEGV kills the whole server (a worker process would just be replaced).  No real query
    comes near 256 levels.
    """
    if not text or len(text) - len(text.translate(_BRACKETS)) < 2 * MAX_NESTING:
        return  # too few brackets to nest that deep: skip the scan
    depth = deepest = 0
    for ch in _strip_strings(text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    if deepest > MAX_NESTING:
        raise _HTTPError(400, f"the request nests {deepest} brackets deep; at most {MAX_NESTING} are accepted")


def _strip_strings(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out (same length, so offsets still match)."""
    return _MASK.sub(lambda m: " " * len(m.group()), text)


def _add_using(update: str, clause: str) -> str:
    """Insert USING clauses before each WHERE (outside strings and IRIs) of an update."""
    out, pos = [], 0
    masked = _strip_strings(update)
    for m in re.finditer(r"\bWHERE\b", masked, re.IGNORECASE):
        out.append(update[pos:m.start()])
        out.append(clause.strip() + " ")
        pos = m.start()
    out.append(update[pos:])
    return "".join(out)


def _parse_body(request: Request, body: bytes, *, base: str) -> list[ox.Triple]:
    ctype, cparams = _content_type(request)
    if ctype == "multipart/form-data":
        raw = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode() + body
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
        triples: list[ox.Triple] = []
        for part in message.iter_parts():
            part_type = part.get_content_type()
            triples.extend(_parse_rdf(part.get_payload(decode=True) or b"", part_type, base))
        return triples
    _check_charset(cparams)
    return _parse_rdf(body, ctype or "text/turtle", base)


def _parse_rdf(body: bytes, ctype: str, base: str) -> list[ox.Triple]:
    fmt = _PARSE_FORMATS.get(ctype)
    if fmt is None:
        raise _HTTPError(415, f"cannot read RDF as {ctype}; send " + ", ".join(_PARSE_FORMATS))
    try:
        return [q.triple for q in ox.parse(body, format=fmt, base_iri=base)]
    except SyntaxError as err:
        raise _HTTPError(400, f"the {ctype} body does not parse: {err}") from None


def _store_folder(store) -> Path | None:
    """The folder of a store that is served read-only from disk (so worker processes can open it)."""
    if isinstance(store, ReopeningStore):
        return store.folder
    if isinstance(store, KgStore) and store.read_only and store.folder is not None:
        return store.folder
    return None


def create_app(store, *, timeout: float = 30.0, max_rows: int = 100_000, allow_updates: bool = False,
               token: str | None = None, workers: int | None = None,
               allowed_hosts: tuple[str, ...] | None = None, allowed_services: tuple[str, ...] = (),
               cors: tuple[str, ...] = (), per_client: int | None = None) -> Starlette:
    """The ASGI app serving ``store`` (KgStore, pyoxigraph.Store or ReopeningStore).

    ``workers``: the number of query worker processes for a store folder served read-only
    (default 4; 0 keeps queries in threads).  In-memory stores and update-enabled endpoints always
    use threads.  ``app.state.kg.close()`` stops the processes (``running`` does it).
    ``allowed_hosts``: the Host headers answered (others get 400: a DNS-rebinding page cannot reach a
    server bound to the loopback); None answers any.
    ``allowed_services``: IRI prefixes a SERVICE or LOAD may name (``"*"``: any); none by default, and
    such a request answers 403 saying so.  ``cors``: the origins whose pages may read the answers
    (``"*"``: every web page the user opens); none by default, so a page elsewhere can send a form
    but never read what comes back.  ``per_client``: queries one client address runs at once.
    """
    if allow_updates and not token:
        raise StoreError("--allow-updates needs a token (--token or KG_TOKEN): updates are never anonymous")
    folder = None if allow_updates else _store_folder(store)
    size = 4 if workers is None else workers
    pool = WorkerPool(folder, size=size) if folder is not None and size > 0 else None
    app = _App(store, _Config(timeout=timeout, max_rows=max_rows, allow_updates=allow_updates, token=token,
                              allowed_services=tuple(allowed_services), per_client=per_client), pool)
    methods = ["GET", "HEAD", "POST", "PUT", "DELETE"]
    routes = [
        Route("/", app.page, methods=["GET"]),
        Route("/sparql", app.sparql, methods=["GET", "POST"]),
        Route("/sparql/", app.sparql, methods=["GET", "POST"]),
        Route("/rdf-graphs", app.graph_store, methods=methods),
        Route("/rdf-graphs/{path:path}", app.graph_store, methods=methods),
        Route("/queries", app.queries, methods=["GET"]),
        Route("/health", app.health, methods=["GET"]),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=methods,
                             allow_headers=["*"], expose_headers=["X-KG-Truncated", "X-KG-Warning", "Location"],
                             max_age=600)] if cors else []
    middleware.append(Middleware(_SecurityHeaders))
    if allowed_hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    starlette = Starlette(routes=routes, middleware=middleware)
    starlette.state.kg = app
    return starlette


# the query page runs its own inline script and talks only to this server; no page may frame it
PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
               "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


class _SecurityHeaders:
    """nosniff, no framing and no referrer on every answer; the Content-Security-Policy on HTML pages."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                         (b"referrer-policy", b"no-referrer")]
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    extra.append((b"content-security-policy", PAGE_POLICY.encode()))
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


@contextlib.contextmanager
def running(app, host: str = "127.0.0.1"):
    """Run ``app`` with uvicorn in a thread on a free port; yields the base URL (tests, bench)."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", timeout_keep_alive=30))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
        kg_app = getattr(getattr(app, "state", None), "kg", None)
        if kg_app is not None:
            kg_app.close()


def serve(store: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 100_000, allow_updates: bool = False, token: str | None = None,
          workers: int = 4, allowed_services: tuple[str, ...] = (), cors: tuple[str, ...] = (),
          per_client: int | None = None) -> None:
    """``kg serve``: open the store folder and serve it until interrupted.

    Read-only (the default), queries run in ``workers`` processes that are killed at the timeout.
    """
    import uvicorn

    if allow_updates and not token:
        raise StoreError("--allow-updates needs --token (or KG_TOKEN)")
    if allow_updates:
        with open_store(store) as st:
            uvicorn.run(create_app(st, timeout=timeout, max_rows=max_rows, allow_updates=True, token=token,
                                   allowed_hosts=loopback_hosts(host, port), allowed_services=allowed_services,
                                   cors=cors, per_client=per_client), host=host, port=port)
    else:
        reader = ReopeningStore(store)
        print(f"kg serve: {store} (read-only) at http://{host}:{port}/sparql ; query page http://{host}:{port}/")
        app = create_app(reader, timeout=timeout, max_rows=max_rows, workers=workers,
                         allowed_hosts=loopback_hosts(host, port), allowed_services=allowed_services, cors=cors,
                         per_client=per_client)
        try:
            uvicorn.run(app, host=host, port=port)
        finally:
            app.state.kg.close()


def loopback_hosts(host: str, port: int) -> tuple[str, ...] | None:
    """The Host headers a server bound to the loopback answers (its own names); any when bound wider."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return ("127.0.0.1", "localhost", "[::1]", "::1")
    return None
