"""The persistent graph store: one pyoxigraph (RocksDB) store on disk, one named graph per document.

Layout of a store folder::

    data/store/
        kg-store.json   marker: format version (what makes a folder a kg store)
        db/             the pyoxigraph RocksDB files
        kg.lock         held (flock) by the one writer; holds its pid
        changed         touched after every committed write (readers reopen on change)

Graphs:

* ``https://w3id.org/zhkg/id/graph/{docid}`` -- everything extracted from one document.  Entities
  are re-asserted in every document that mentions them, so dropping a document's graph removes
  exactly that document's facts and nothing else.
* ``https://w3id.org/zhkg/id/graph/_meta`` -- store bookkeeping, outside the documents' graphs so a
  document graph stays a pure function of the document text::

      <graph/{docid}> prov:wasDerivedFrom <doc/{docid}> ;
                      prov:generatedAtTime "…"^^xsd:dateTime ;   # ingest time
                      kgo:contentHash "…" .
      <doc/{docid}>   kgo:sourcePath "corpus/a.txt" .

Writes go through one SPARQL Update per document, which Oxigraph applies as one transaction:
a process killed mid-ingest leaves the store as it was before that document.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError
from kg.graph.vocab import KGO, KGR_IRI, PREFIXES, PROV, XSD
from kg.model import PersonEvidence
from kg.store import merged
from kg.store.dataset import query_dataset
from kg.store.explain import explain_syntax_error

__all__ = ["KgStore", "DocumentInfo", "NewDocument", "document_nquads", "open_store", "graph_iri", "doc_iri",
           "META_GRAPH",
           "GRAPH_PREFIX", "DOC_PREFIX", "query_error"]

FORMAT_VERSION = 1
GRAPH_PREFIX = KGR_IRI + "graph/"
DOC_PREFIX = KGR_IRI + "doc/"
META_GRAPH = GRAPH_PREFIX + "_meta"
# oxigraph's bulk loader ingests each million quads as one RocksDB ingestion (atomic); stay well below
BULK_MAX_QUADS = 500_000
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DOCID = re.compile(r"^[0-9a-f]{16}$")


def graph_iri(docid: str) -> str:
    """The named graph of one document."""
    return GRAPH_PREFIX + docid


def doc_iri(docid: str) -> str:
    """The IRI of one document."""
    return DOC_PREFIX + docid


def query_error(err: Exception, sparql: str | None = None) -> QueryError:
    """Turn pyoxigraph's ``SyntaxError('error at 1:25: …')`` into a QueryError saying in words what is
    wrong, with line and column (:func:`kg.store.explain.explain_syntax_error`)."""
    return explain_syntax_error(err, sparql)


@dataclass(frozen=True)
class DocumentInfo:
    """One document in the store, as the bookkeeping and its graph record it."""

    iri: str
    graph: str
    content_hash: str | None
    title: str | None
    date: str | None
    source: str | None
    ingested: str | None
    counts: dict[str, int] | None = None  # what was found in it (persons, organizations, posts, events)

    @property
    def docid(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class NewDocument:
    """A document the store has never seen, ready to go in (:meth:`KgStore.add_new_documents`)."""

    graph: str          # its named graph's IRI
    document: str       # the document's IRI
    content_hash: str
    nquads: bytes       # every quad in ``graph``: from :func:`document_nquads`
    source: str | None = None  # the file it came from
    counts: dict[str, int] | None = None  # what was found in it (kept for the report of a rerun)


class _WriterLock:
    """One writer per store folder: an flock on ``kg.lock`` (released by the OS if the writer dies)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "kg.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise StoreError(f"{self.path.parent}: store locked by pid {holder}; wait for that kg process to "
                             "finish (or open the store read-only)") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class KgStore:
    """A kg store: a pyoxigraph ``Store`` (``.oxigraph``) plus document bookkeeping.

    Use :func:`open_store`; ``KgStore(ox.Store())`` wraps an in-memory store for tests.
    """

    def __init__(self, oxigraph: ox.Store, *, folder: Path | None = None, read_only: bool = False) -> None:
        self.oxigraph = oxigraph
        self.folder = folder
        self.read_only = read_only

    # ---- reading -------------------------------------------------------------------------------

    def query(self, sparql: str, *, union: bool | None = None):
        """Run SPARQL (our prefixes predeclared) on the dataset :func:`kg.store.dataset.query_dataset`
        gives it: the query's FROM / FROM NAMED, else the merged default graph and the document graphs.
        ``union=True``: the default graph is the union of the named graphs instead.

        Returns pyoxigraph results (QuerySolutions, QueryTriples or QueryBoolean).
        """
        dataset = {"use_default_graph_as_union": True} if union else query_dataset(self.oxigraph, sparql)
        try:
            return self.oxigraph.query(sparql, prefixes=PREFIXES, **dataset)
        except SyntaxError as err:
            raise query_error(err, sparql) from None
        except OSError as err:
            raise StoreError(f"{self.folder or '<memory>'}: cannot read the store: {err}") from None

    def _select(self, sparql: str, **values: ox.NamedNode | ox.Literal) -> list[ox.QuerySolution]:
        """SELECT with ``VALUES`` bindings appended (terms print as valid SPARQL)."""
        for name, term in values.items():
            sparql = sparql.replace(f"VALUES_{name}", f"VALUES ?{name} {{ {term} }}")
        return list(self.query(sparql))

    def content_hash(self, doc_iri: str) -> str | None:
        """The content hash recorded for this document, or None if it is not in the store."""
        rows = self._select(
            f"SELECT ?h WHERE {{ VALUES_doc GRAPH <{META_GRAPH}> {{ ?g prov:wasDerivedFrom ?doc ; "
            "kgo:contentHash ?h } }",
            doc=ox.NamedNode(doc_iri))
        return rows[0]["h"].value if rows else None

    def documents(self) -> list[DocumentInfo]:
        """Every document in the store, ordered by IRI."""
        rows = self._select(f"""
            SELECT ?doc ?g ?h ?src ?t ?n (SAMPLE(?title0) AS ?title) (SAMPLE(?date0) AS ?date) WHERE {{
              GRAPH <{META_GRAPH}> {{ ?g prov:wasDerivedFrom ?doc .
                OPTIONAL {{ ?g kgo:contentHash ?h }} OPTIONAL {{ ?g prov:generatedAtTime ?t }}
                OPTIONAL {{ ?g kgo:extractionCounts ?n }}
                OPTIONAL {{ ?doc kgo:sourcePath ?src }} }}
              OPTIONAL {{ GRAPH ?g {{ ?doc rdfs:label|schema:headline|schema:name ?title0 }} }}
              OPTIONAL {{ GRAPH ?g {{ ?doc schema:datePublished ?date0 }} }}
            }} GROUP BY ?doc ?g ?h ?src ?t ?n ORDER BY ?doc""")

        def val(row: ox.QuerySolution, name: str) -> str | None:
            term = row[name]
            return term.value if term is not None else None

        return [DocumentInfo(iri=r["doc"].value, graph=r["g"].value, content_hash=val(r, "h"),
                             title=val(r, "title"), date=val(r, "date"), source=val(r, "src"),
                             ingested=val(r, "t"), counts=_counts(val(r, "n"))) for r in rows]

    def graphs(self) -> list[str]:
        """The IRIs of the document graphs (not the bookkeeping graph), sorted."""
        return sorted(g.value for g in self.oxigraph.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value != META_GRAPH)

    def persons_named(self, label: str) -> list[tuple[str, set[str]]]:
        """Persons whose rdfs:label or skos:altLabel is ``label``, each with the organizations
        they hold a post in (over all documents).  For cross-document person resolution."""
        return self.persons_named_many([label])[label]

    def persons_named_many(self, labels) -> dict[str, list[tuple[str, set[str]]]]:
        """:meth:`persons_named` for many labels at once (one query for the names)."""
        labels = sorted(set(labels))
        found: dict[str, list[tuple[str, set[str]]]] = {label: [] for label in labels}
        if not labels:
            return found
        forms = " ".join(lit.n3() for label in labels for lit in (
            rdflib.Literal(label, lang="zh"), rdflib.Literal(label, lang="zh-hant"), rdflib.Literal(label)))
        people: dict[str, set[str]] = {}
        for r in self.query(f"""
            SELECT DISTINCT ?p ?l WHERE {{ VALUES ?l {{ {forms} }}
              {{ ?p rdfs:label ?l }} UNION {{ ?p skos:altLabel ?l }} }}"""):
            people.setdefault(r["l"].value, set()).add(r["p"].value)
        for label, iris in people.items():
            for iri in sorted(iris):
                p = ox.NamedNode(iri)
                if not bool(self.query(f"ASK {{ {p} a schema:Person }}")):
                    continue
                orgs = {r["o"].value for r in self.query(
                    f"SELECT DISTINCT ?o WHERE {{ {p} org:holds ?post . ?post org:postIn ?o }}")}
                found.setdefault(label, []).append((iri, orgs))
        return found

    def person_evidence_many(self, labels) -> dict[str, list[tuple[str, PersonEvidence]]]:
        """:meth:`persons_named_many` with what identity weighs of each person, united over the document
        graphs that name them (:class:`kg.store.evidence.EvidenceReader`): bodies and their parents,
        titles, years and publishers.  The persons named beside them: :meth:`person_companions`."""
        reader = self._evidence_reader()
        return {label: [(iri, reader.person_evidence(label, iri)) for iri, _ in people]
                for label, people in self.persons_named_many(labels).items()}

    def person_companions(self, iri: str, names) -> frozenset[str]:
        """Which of ``names`` were named beside this person in one of their documents (same article;
        anywhere in a document that credits the person)."""
        return self._evidence_reader().named_beside(iri, names)

    def _evidence_reader(self):
        from kg.store.evidence import EvidenceReader

        if getattr(self, "_evidence", None) is None or self._evidence.store is not self.oxigraph:
            self._evidence = EvidenceReader(self.oxigraph)
        return self._evidence

    def entity_counts(self) -> dict[str, int]:
        """Distinct persons, organizations, posts and events in the store (for the build report)."""
        out = {}
        for name, cls in (("persons", "schema:Person"), ("organizations", "org:Organization"),
                          ("posts", "org:Post"), ("events", "schema:Event")):
            rows = list(self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}"))
            out[name] = int(rows[0]["n"].value) if rows else 0
        return out

    def to_dataset(self, *, include_meta: bool = False) -> rdflib.Dataset:
        """The whole store as an rdflib Dataset (for small graphs: views, analytics)."""
        ds = rdflib.Dataset()
        ds.parse(data=self._nquads(include_meta=include_meta), format="nquads")
        for prefix, iri in PREFIXES.items():
            ds.bind(prefix, iri, override=True, replace=True)
        return ds

    def _nquads(self, *, include_meta: bool) -> bytes:
        quads = (q for q in self.oxigraph.quads_for_pattern(None, None, None, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph))  # the merged graph: derived
        if not include_meta:
            meta = ox.NamedNode(META_GRAPH)
            quads = (q for q in quads if q.graph_name != meta)
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

    def export(self, path: Path, *, include_meta: bool = False) -> Path:
        """Write the store to a file; the extension picks the format.

        .trig and .nq keep one named graph per document; .ttl, .nt and .jsonld write the union
        of the document graphs (JSON-LD keeps the graphs too).
        """
        path = Path(path)
        suffix = path.suffix.lower()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if suffix in (".trig", ".jsonld", ".json"):
                self.to_dataset(include_meta=include_meta).serialize(
                    destination=path, format="trig" if suffix == ".trig" else "json-ld", encoding="utf-8")
            elif suffix == ".nq":
                path.write_bytes(self._nquads(include_meta=include_meta))
            elif suffix in (".ttl", ".nt"):
                graph = rdflib.Graph()
                for prefix, iri in PREFIXES.items():
                    graph.bind(prefix, iri, override=True, replace=True)
                for t in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                    f"FILTER(?g != <{META_GRAPH}>) }}"):
                    graph.add(_to_rdflib_triple(t))
                graph.serialize(destination=path, format="turtle" if suffix == ".ttl" else "nt",
                                encoding="utf-8")
            else:
                raise StoreError(f"{path}: cannot export to '{suffix}'; use .trig, .nq, .ttl, .nt or .jsonld")
        except OSError as err:
            raise StoreError(f"{path}: cannot write the export: {err}") from None
        return path

    # ---- writing -------------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.folder}: store opened read-only; open it without read_only to write")

    def replace_document(self, graph_iri: str, doc_iri: str, content_hash: str,
                         quads: rdflib.Dataset | rdflib.Graph | bytes, *, source: str | Path | None = None,
                         ingested_at: datetime | None = None, replaces: Sequence[tuple[str, str]] = (),
                         new: bool = False, counts: dict[str, int] | None = None) -> None:
        """Put one document's graph in the store, replacing its previous version, in ONE transaction.

        ``quads``: an rdflib Dataset/Graph or N-Quads bytes.  Triples in the default graph or in
        ``graph_iri`` go into ``graph_iri``; a quad in any other graph is refused (a document's facts
        live in its own graph only).  ``source`` (the file path) and the ingest time go to the
        bookkeeping graph.  ``replaces``: (doc IRI, graph IRI) of earlier versions of the same file
        (a changed text has a new id), dropped in the same transaction.  ``new``: the graph is known
        not to be in the store (its drop is skipped: 16 ms saved per document).
        """
        self._check_writable()
        when = (ingested_at or datetime.now(UTC)).isoformat(timespec="seconds")
        if new and not replaces and isinstance(quads, bytes):
            # a document the store has never seen: one transactional extend, no SPARQL to parse
            self._extend_new(graph_iri, doc_iri, content_hash, quads, source, when, counts)
            return
        body = _insert_body(quads, graph_iri)
        g, d, m = f"<{graph_iri}>", f"<{doc_iri}>", f"<{META_GRAPH}>"
        meta = [f"{g} <{PROV.wasDerivedFrom}> {d} .",
                f"{g} <{PROV.generatedAtTime}> {_lit(when)}^^<{XSD.dateTime}> .",
                f"{g} <{KGO.contentHash}> {_lit(content_hash)} ."]
        if source is not None:
            meta.append(f"{d} <{KGO.sourcePath}> {_lit(str(source))} .")
        if counts:
            meta.append(f"{g} <{KGO.extractionCounts}> {_lit(json.dumps(counts, sort_keys=True))} .")
        drops = []
        old_graphs = [old_graph for _, old_graph in replaces] + ([] if new else [graph_iri])
        touched = merged.posts_of(self.oxigraph, old_graphs)
        for old_doc, old_graph in replaces:
            drops += [op + " ;" for op in merged.removal_update(old_graph)]
            drops += [f"DROP SILENT GRAPH <{old_graph}> ;",
                      f"DELETE WHERE {{ GRAPH {m} {{ <{old_graph}> ?p ?o }} }} ;",
                      f"DELETE WHERE {{ GRAPH {m} {{ <{old_doc}> ?p ?o }} }} ;"]
        if not new:
            drops += [op + " ;" for op in merged.removal_update(graph_iri)]
            drops += [f"DROP SILENT GRAPH {g} ;",
                      f"DELETE WHERE {{ GRAPH {m} {{ {g} ?p ?o }} }} ;",
                      f"DELETE WHERE {{ GRAPH {m} {{ {d} ?p2 ?o2 }} }} ;"]
        meta.append(str(merged.MERGED_FLAG.subject) + " " + str(merged.MERGED_FLAG.predicate) + " "
                    + str(merged.MERGED_FLAG.object) + " .")
        update = ("\n".join(drops) + "\n" +
                  f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}\n{body}\n GRAPH {m} {{\n" + "\n".join(meta) + "\n} }")
        ops = [*merged.addition_update(graph_iri), *merged.ranking_update(),
               *merged.seen_update(sorted(set(touched) | set(_posts_in(body))))]
        self._update(update + "".join(" ;\n" + op for op in ops))

    def _extend_new(self, graph_iri: str, doc_iri: str, content_hash: str, data: bytes,
                    source: str | Path | None, when: str, counts: dict[str, int] | None = None) -> None:
        doc = NewDocument(graph_iri, doc_iri, content_hash, document_nquads(data, graph_iri),
                          None if source is None else str(source), counts)
        self.add_new_documents([doc], ingested_at=datetime.fromisoformat(when))

    def add_new_documents(self, docs: Sequence[NewDocument], *, ingested_at: datetime | None = None) -> None:
        """Put documents the store has never seen in it, with their bookkeeping, all or nothing.

        pyoxigraph parses the N-Quads itself (no Python object per quad).  On disk, its bulk loader
        writes the batch as sorted files that RocksDB takes in whole, instead of a transaction that
        goes through the write-ahead log and memtables and is compacted again later: a third of the
        CPU and of the time for batches of 128 documents (bench/RESULTS.md).  It stays all or
        nothing, also when the process is killed: the loader parses everything before it writes,
        and below a million quads it hands RocksDB a single ingestion, which is atomic across column
        families (tests/test_crash_store.py).  Bigger batches, and in-memory stores, go through one
        transaction.  On an error no document of ``docs`` is in.
        """
        self._check_writable()
        if not docs:
            return
        when = ox.Literal((ingested_at or datetime.now(UTC)).isoformat(timespec="seconds"),
                          datatype=ox.NamedNode(str(XSD.dateTime)))
        meta_g = ox.NamedNode(META_GRAPH)
        derived, at = ox.NamedNode(str(PROV.wasDerivedFrom)), ox.NamedNode(str(PROV.generatedAtTime))
        hashed, source = ox.NamedNode(str(KGO.contentHash)), ox.NamedNode(str(KGO.sourcePath))
        counted = ox.NamedNode(str(KGO.extractionCounts))
        meta = []
        for doc in docs:
            g, d = ox.NamedNode(doc.graph), ox.NamedNode(doc.document)
            meta += [ox.Quad(g, derived, d, meta_g), ox.Quad(g, at, when, meta_g),
                     ox.Quad(g, hashed, ox.Literal(doc.content_hash), meta_g)]
            if doc.source is not None:
                meta.append(ox.Quad(d, source, ox.Literal(doc.source), meta_g))
            if doc.counts:
                meta.append(ox.Quad(g, counted, ox.Literal(json.dumps(doc.counts, sort_keys=True)), meta_g))
            meta.append(merged.pending_quad(doc.graph))
        meta.append(merged.MERGED_FLAG)
        # each document's triples go into the merged default graph in the same load; what is derived
        # from all documents (kg.store.merged) follows in one transaction that removes the pending marks
        data = b"".join([*(doc.nquads for doc in docs), *(merged.default_copy(doc.nquads, doc.graph) for doc in docs),
                         ox.serialize(meta, format=ox.RdfFormat.N_QUADS)])
        try:
            if self.folder is not None and data.count(b"\n") < BULK_MAX_QUADS:
                self.oxigraph.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            else:
                self.oxigraph.load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as err:
            names = ", ".join(f"<{doc.graph}>" for doc in docs)
            raise StoreError(f"document graph {names}: the N-Quads do not parse: {err}") from None
        except OSError as err:
            raise StoreError(f"{self.folder or '<memory>'}: write failed: {err}") from None
        self.finish_merge()

    def finish_merge(self) -> int:
        """Derive what the merged graph lacks for documents loaded in bulk (after a load, or a process
        killed right after one); returns how many documents it finished."""
        try:
            n = merged.finish_pending(self)
        except OSError as err:
            raise StoreError(f"{self.folder or '<memory>'}: write failed: {err}") from None
        if self.folder is not None and n:
            (self.folder / "changed").write_text(datetime.now(UTC).isoformat())
        return n

    def remerge(self) -> int:
        """Compute the merged default graph again from the document graphs (``kg remerge``); its size."""
        self._check_writable()
        try:
            n = merged.remerge(self)
        except OSError as err:
            raise StoreError(f"{self.folder or '<memory>'}: write failed: {err}") from None
        if self.folder is not None:
            self.oxigraph.flush()
            (self.folder / "changed").write_text(datetime.now(UTC).isoformat())
        return n

    def _resolve(self, doc: str) -> tuple[str, str]:
        """(doc IRI, graph IRI) for a doc id, doc IRI, graph IRI or a recorded source path."""
        doc = str(doc).strip()
        docs = self.documents()
        for info in docs:
            if doc in (info.iri, info.graph, info.docid, info.source):
                return info.iri, info.graph
        resolved = str(Path(doc).resolve())
        for info in docs:
            if info.source and str(Path(info.source).resolve()) == resolved:
                return info.iri, info.graph
        # a graph without bookkeeping (e.g. pushed in by hand) can still be removed by id or IRI
        docid = doc.rsplit("/", 1)[-1]
        if _DOCID.match(docid) and graph_iri(docid) in self.graphs():
            return doc_iri(docid), graph_iri(docid)
        raise StoreError(f"{self.folder or '<memory>'}: no document '{doc}' in the store; "
                         "`kg query --name documents` lists them (id, IRI or source path)")

    def remove_document(self, doc: str) -> str:
        """Drop one document (its named graph and its bookkeeping).  Returns what was removed."""
        self._check_writable()
        d, g = self._resolve(doc)
        touched = merged.posts_of(self.oxigraph, [g])
        ops = [*merged.removal_update(g), *merged.ranking_update(), *merged.seen_update(touched)]
        self._update("".join(op + " ;\n" for op in ops) + f"DROP SILENT GRAPH <{g}> ;\n"
                     f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{g}> ?p ?o }} }} ;\n"
                     f"DELETE WHERE {{ GRAPH <{META_GRAPH}> {{ <{d}> ?p2 ?o2 }} }}")
        return f"{d} (graph {g})"

    def _update(self, update: str) -> None:
        try:
            self.oxigraph.update(update, prefixes=PREFIXES)
        except SyntaxError as err:  # our own update text: a bug, or a term we failed to escape
            raise StoreError(f"{self.folder or '<memory>'}: internal update did not parse: {err}") from None
        except OSError as err:
            raise StoreError(f"{self.folder or '<memory>'}: write failed: {err}") from None
        if self.folder is not None:
            (self.folder / "changed").write_text(datetime.now(UTC).isoformat())

    def load(self, data: bytes | str | Path, *, format: str | None = None) -> None:
        """Bulk-load RDF as is (tests, fixtures, benchmarks); no bookkeeping."""
        self._check_writable()
        fmt = _rdf_format(format or (Path(data).suffix if isinstance(data, Path) else ".nq"))
        if isinstance(data, Path):
            self.oxigraph.bulk_load(path=data, format=fmt)
        else:
            self.oxigraph.bulk_load(input=data.encode() if isinstance(data, str) else data, format=fmt)
        self.remerge()
        self.oxigraph.flush()


# ---- helpers ------------------------------------------------------------------------------------

_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
            ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}


def _rdf_format(ext: str) -> ox.RdfFormat:
    key = ext if ext.startswith(".") else "." + ext
    if key not in _FORMATS:
        raise StoreError(f"unknown RDF format '{ext}'; use one of {', '.join(_FORMATS)}")
    return _FORMATS[key]


_POST_LINE = f"<{RDF_TYPE}> <http://www.w3.org/ns/org#Post> ."


def _posts_in(body: str) -> list[str]:
    """The posts an INSERT DATA body (N-Triples lines) types as org:Post."""
    return [line[1:line.index(">")] for line in body.splitlines() if line.endswith(_POST_LINE)]


def _counts(text: str | None) -> dict[str, int] | None:
    try:
        return {str(k): int(v) for k, v in json.loads(text).items()} if text else None
    except (ValueError, AttributeError, TypeError):
        return None


def _lit(value: str) -> str:
    return str(ox.Literal(value))


def _insert_body(quads: rdflib.Dataset | rdflib.Graph | bytes, graph: str) -> str:
    """N-Triples lines for INSERT DATA (N-Triples terms are valid SPARQL terms)."""
    if isinstance(quads, rdflib.Graph):  # Dataset is a Graph subclass
        fmt = "nquads" if isinstance(quads, rdflib.Dataset) else "nt"
        data = quads.serialize(format=fmt, encoding="utf-8")
    else:
        data = quads
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in _document_quads(data, graph))


def _document_quads(data: bytes, graph: str) -> list[ox.Quad]:
    """The quads of N-Quads ``data`` moved into ``graph``; a quad of any other named graph is refused."""
    target = ox.NamedNode(graph)
    out = []
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != target:
                raise StoreError(f"quad in graph {q.graph_name} while writing document graph <{graph}>; "
                                 "a document's facts must all be in its own graph")
            out.append(ox.Quad(q.subject, q.predicate, q.object, target))
    except SyntaxError as err:
        raise StoreError(f"document graph <{graph}>: the N-Quads do not parse: {err}") from None
    return out


def document_nquads(data: bytes, graph: str) -> bytes:
    """N-Quads ``data`` with every quad in ``graph`` (a triple of the default graph is moved there; a
    quad of another named graph is refused with StoreError), as N-Quads for :class:`NewDocument`."""
    return ox.serialize(_document_quads(data, graph), format=ox.RdfFormat.N_QUADS) or b""


def _to_rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _to_rdflib_triple(t: ox.Triple):
    return (_to_rdflib_term(t.subject), _to_rdflib_term(t.predicate), _to_rdflib_term(t.object))


_MARKER = "kg-store.json"
_DB, _DB_NEW, _MARKER_NEW = "db", "db.new", "kg-store.json.new"
_CREATION_LEFTOVERS = {_DB_NEW, _MARKER_NEW}  # what a process killed while creating a store can leave


def _check_folder(path: Path, *, create: bool) -> None:
    """Check that ``path`` is a kg store (or, with ``create``, make it the start of one: the marker).

    The marker is written whole or not at all (a temporary name, then a rename), so a process killed
    here leaves either no store or a marker; the db is made later, under the writer lock (:func:`_create_db`).
    """
    marker = path / _MARKER
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no store here; run `kg build DOCS --store {path}` to create one")
        path.mkdir(parents=True, exist_ok=True)
    if not path.is_dir():
        raise StoreError(f"{path}: is a file, not a store folder; give a folder with --store")
    if marker.exists():
        try:
            version = json.loads(marker.read_text())["format"]
        except (ValueError, KeyError, OSError):
            raise StoreError(f"{path}: kg-store.json is damaged; restore the store from a backup or "
                             "rebuild it (`kg build … --store` into an empty folder)") from None
        if version != FORMAT_VERSION:
            raise StoreError(f"{path}: store format {version}, this kg reads {FORMAT_VERSION}; rebuild it")
        if not (path / _DB).is_dir() and not create:
            raise StoreError(f"{path}: the store was never finished (its db/ folder is missing: the process "
                             f"creating it stopped); run `kg build DOCS --store {path}` to create it")
        return
    if any(p.name not in _CREATION_LEFTOVERS for p in path.iterdir()):
        raise StoreError(f"{path}: not a kg store (no kg-store.json) and not empty; give an empty or new "
                         "folder, or the folder of an existing store")
    if not create:
        raise StoreError(f"{path}: empty folder, no store here; run `kg build DOCS --store {path}`")
    tmp = path / _MARKER_NEW
    with open(tmp, "w") as f:
        f.write(json.dumps({"format": FORMAT_VERSION, "created": datetime.now(UTC).isoformat()}))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, marker)
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_db(path: Path) -> None:
    """Make the store's RocksDB in ``db.new`` and rename it to ``db`` once it is complete.

    RocksDB creates a new database in steps (the default column family, then each of oxigraph's column
    families, one manifest write each); a process killed between them left a ``db/`` that opens for
    writing but not read-only ("Column family not found: id2str").  Built under another name and renamed,
    ``db/`` is either absent or whole.  Called with the writer lock held, so no two processes create it.
    """
    new = path / _DB_NEW
    if new.exists():  # left by a process killed while creating the store
        shutil.rmtree(new)
    db = ox.Store(str(new))
    db.flush()
    del db
    os.rename(new, path / _DB)
    _fsync_dir(path)


def _open_read_only(db: Path, attempts: int = 5) -> ox.Store:
    """A read-only snapshot; retried, as opening can race with a writer renaming its files."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(db))
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _merge_up_to_date(store: KgStore) -> None:
    """A store opened for writing: finish the merged graph of documents whose bulk load a killed process
    left pending, or build the merged graph of a store made before there was one."""
    if merged.has_merged_graph(store.oxigraph):
        store.finish_merge()
    elif store.graphs():
        store.remerge()


@contextlib.contextmanager
def open_store(path: Path, *, create: bool = True, read_only: bool = False) -> Iterator[KgStore]:
    """Open the store in folder ``path`` (one writer, many readers) and close it afterwards.

    Read-only stores see a snapshot taken when opened and never take the writer lock.
    Raises StoreError when the folder is not a store, is damaged, or another process writes to it.
    """
    path = Path(path)
    _check_folder(path, create=create and not read_only)
    lock = None
    try:
        if read_only:
            db = _open_read_only(path / _DB)
        else:
            lock = _WriterLock(path)
            lock.acquire()
            if not (path / _DB).is_dir():
                _create_db(path)
            db = ox.Store(str(path / _DB))
    except StoreError:
        raise
    except (OSError, RuntimeError) as err:
        if lock:
            lock.release()
        raise StoreError(f"{path}: cannot open the store ({err}); if another program has it open, stop it; "
                         "if the store is damaged, rebuild it with `kg build`") from None
    store = KgStore(db, folder=path, read_only=read_only)
    try:
        if not read_only:
            _merge_up_to_date(store)
        yield store
    finally:
        if not read_only:
            with contextlib.suppress(OSError):
                db.flush()
        del store.oxigraph
        del db
        if lock:
            lock.release()
