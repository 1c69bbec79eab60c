"""The merged graph: every fact of every document graph asserted once, in the store's default graph.

A document's named graph re-asserts each person, organization, post and label it mentions, so the
union of the document graphs counts a person once per document that names her.  The store's default
graph is the *set* union of the document graphs instead (each triple once, whatever the number of
documents asserting it), plus what can only be said looking at all documents at once:

* ``?post kgo:firstSeen ?d ; kgo:lastSeen ?d2``: the earliest and latest ``kgo:observedOn`` of the
  post that has a year (``xsd:date``; a document dated by month and day contributes no year);
* ``?c a kgo:CoAttendance ; kgo:coAttendee ?a, ?b ; kgo:sharedEvents ?n``: two persons who attended
  ``?n`` common events (``schema:attendee``), so rankings need no join over every event.

It is kept up to date by the store's writes (:class:`kg.store.KgStore`):

* a replaced or removed document: in the same SPARQL Update (one transaction) that drops its graph,
  its triples leave the merged graph unless another document graph asserts them, and its
  co-attendances are subtracted; the new version's triples are inserted and its co-attendances
  added; the dates of every post it touched are computed again;
* new documents (bulk loads): their triples go into the merged graph in the same load as their
  graphs, with a ``kgo:mergePending`` mark per graph; the derived facts follow in the next
  transaction, which removes the marks.  A store opened for writing with marks left (a process
  killed in between) finishes them first, so each document is counted exactly once.

:func:`remerge` (``kg remerge``) computes the whole merged graph again from the document graphs.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph.vocab import KGO, KGR_IRI, PREFIXES, RDF

__all__ = ["MERGED_FLAG", "has_merged_graph", "default_copy", "pending_quad", "pending_graphs",
           "finish_pending", "remerge", "removal_update", "addition_update", "posts_of", "COATTENDANCE_PREFIX",
           "ranking_update", "RANKING", "TOP_PAIRS"]

COATTENDANCE_PREFIX = KGR_IRI + "coattendance/"
# the pairs with most shared events, kept with the counts (``RANKING kgo:topPair ?pair``): the named query
# co-attendance-top-50 reads these instead of ordering every count of the store
RANKING = KGR_IRI + "coattendance-ranking"
TOP_PAIRS = 50
_META = KGR_IRI + "graph/_meta"
_MERGED = KGR_IRI + "graph/merged"
# in the bookkeeping graph: this store's default graph is the merged graph (else: a store loaded by hand,
# whose default graph is the union of its named graphs, as before the merged graph)
MERGED_FLAG = ox.Quad(ox.NamedNode(_MERGED), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KGO.MergedGraph)),
                      ox.NamedNode(_META))
_PENDING = ox.NamedNode(str(KGO.mergePending))
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))

# the operations below use kg's prefixes (schema:, org:, kgo:, xsd:): run them with prefixes=PREFIXES


def has_merged_graph(db: ox.Store) -> bool:
    """Is this store's default graph the merged graph?"""
    return next(iter(db.quads_for_pattern(MERGED_FLAG.subject, MERGED_FLAG.predicate, MERGED_FLAG.object,
                                          MERGED_FLAG.graph_name)), None) is not None


def default_copy(nquads: bytes, graph: str) -> bytes:
    """A document graph's N-Quads (every line ending in `` <graph> .``) as default-graph lines.  (A
    literal cannot hold a line break: N-Quads escapes it, so the graph term only ends a line.)"""
    return nquads.replace(f" <{graph}> .\n".encode(), b" .\n")


def pending_quad(graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(graph), _PENDING, _TRUE, ox.NamedNode(_META))


def pending_graphs(db: ox.Store) -> list[str]:
    return sorted(q.subject.value for q in db.quads_for_pattern(None, _PENDING, None, ox.NamedNode(_META)))


def _values(name: str, iris) -> str:
    return f"VALUES ?{name} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def _coattendance(graphs: list[str] | None, sign: int) -> str:
    """Add (sign 1) or subtract (-1) the co-attendances of these document graphs (None: all of them)."""
    which = _values("g", graphs) if graphs is not None else ""
    only = f"FILTER(?g != <{_META}>)" if graphs is None else ""
    return f"""DELETE {{ ?c kgo:sharedEvents ?old . ?c a kgo:CoAttendance . ?c kgo:coAttendee ?a, ?b }}
INSERT {{ ?k a kgo:CoAttendance ; kgo:coAttendee ?a, ?b ; kgo:sharedEvents ?n }}
WHERE {{
  {{ SELECT ?a ?b (COUNT(DISTINCT ?e) AS ?d) WHERE {{ {which}
      GRAPH ?g {{ ?e schema:attendee ?a . ?a a schema:Person . ?e schema:attendee ?b . ?b a schema:Person
                 FILTER(STR(?a) < STR(?b)) }} {only} }} GROUP BY ?a ?b }}
  BIND(IRI(CONCAT("{COATTENDANCE_PREFIX}", SHA1(CONCAT(STR(?a), " ", STR(?b))))) AS ?c)
  OPTIONAL {{ ?c kgo:sharedEvents ?old }}
  BIND(COALESCE(?old, 0) + {sign} * ?d AS ?n)
  BIND(IF(?n > 0, ?c, ?unbound) AS ?k)
}}"""


def _seen(posts: list[str]) -> str:
    """First and last seen computed again for these posts (from the merged graph's kgo:observedOn)."""
    if not posts:
        return ""
    v = _values("post", posts)
    return f"""DELETE {{ ?post kgo:firstSeen ?f }} WHERE {{ {v} ?post kgo:firstSeen ?f }} ;
DELETE {{ ?post kgo:lastSeen ?l }} WHERE {{ {v} ?post kgo:lastSeen ?l }} ;
INSERT {{ ?post kgo:firstSeen ?f ; kgo:lastSeen ?l }} WHERE {{
  {{ SELECT ?post (MIN(?d) AS ?f) (MAX(?d) AS ?l) WHERE {{ {v} ?post kgo:observedOn ?d
     FILTER(DATATYPE(?d) = xsd:date && STRLEN(STR(?d)) = 10) }} GROUP BY ?post }} }}"""


def posts_of(db: ox.Store, graphs: list[str]) -> list[str]:
    """The posts these document graphs mention."""
    if not graphs:
        return []
    rows = db.query(f"SELECT DISTINCT ?post WHERE {{ {_values('g', graphs)} GRAPH ?g {{ ?post a org:Post }} }}",
                    prefixes=PREFIXES)
    return sorted(r["post"].value for r in rows)


def removal_update(graph: str) -> list[str]:
    """Update operations taking one document graph out of the merged graph (before it is dropped)."""
    return [_coattendance([graph], -1),
            f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} "
            f"FILTER(?h != <{graph}> && ?h != <{_META}>) }} }}"]


def addition_update(graph: str) -> list[str]:
    """Update operations adding the derived facts of one document graph already inserted (with its
    triples copied into the default graph by the same update)."""
    return [_coattendance([graph], 1)]


def _ranking_missing(db: ox.Store) -> bool:
    ranked = next(iter(db.quads_for_pattern(ox.NamedNode(RANKING), None, None, ox.DefaultGraph())), None)
    counted = next(iter(db.quads_for_pattern(None, ox.NamedNode(str(KGO.sharedEvents)), None, ox.DefaultGraph())), None)
    return ranked is None and counted is not None


def ranking_update() -> list[str]:
    """The kept ranking computed again from the counts (after any change of them, same transaction).
    Ties at the last place are taken in the store's order, as ``ORDER BY`` on the count alone gives them."""
    return [f"DELETE WHERE {{ <{RANKING}> kgo:topPair ?old }}",
            f"""INSERT {{ <{RANKING}> kgo:topPair ?pair }} WHERE {{
  {{ SELECT ?pair WHERE {{ ?pair kgo:sharedEvents ?n }} ORDER BY DESC(?n) LIMIT {TOP_PAIRS} }} }}"""]


def seen_update(posts: list[str]) -> list[str]:
    op = _seen(posts)
    return [op] if op else []


def finish_pending(store) -> int:
    """Derive what the merged graph still lacks for the documents loaded in bulk (``kgo:mergePending``),
    in one transaction that removes their marks.  Returns how many documents were finished."""
    db = store.oxigraph
    graphs = pending_graphs(db)
    if not graphs:
        if has_merged_graph(db) and _ranking_missing(db):  # a store made before the ranking was kept
            db.update(" ;\n".join(ranking_update()), prefixes=PREFIXES)
        return 0
    ops = [_coattendance(graphs, 1), *ranking_update(), *seen_update(posts_of(db, graphs)),
           f"DELETE WHERE {{ GRAPH <{_META}> {{ ?g <{KGO.mergePending}> ?x }} }}"]
    db.update(" ;\n".join(ops), prefixes=PREFIXES)
    return len(graphs)


def remerge(store) -> int:
    """Compute the merged graph again from the document graphs, in one transaction.  Returns its size."""
    db = store.oxigraph
    graphs = store.graphs()
    ops = ["DROP SILENT DEFAULT",
           f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{_META}>) }}",
           f"DELETE WHERE {{ GRAPH <{_META}> {{ ?g <{KGO.mergePending}> ?x }} }}",
           f"INSERT DATA {{ GRAPH <{_META}> {{ {MERGED_FLAG.subject} {MERGED_FLAG.predicate} {MERGED_FLAG.object} }} }}"]
    if graphs:
        ops.append(_coattendance(None, 1))
        ops += ranking_update()
        ops.append("""INSERT { ?post kgo:firstSeen ?f ; kgo:lastSeen ?l } WHERE {
  { SELECT ?post (MIN(?d) AS ?f) (MAX(?d) AS ?l) WHERE { ?post a org:Post ; kgo:observedOn ?d
     FILTER(DATATYPE(?d) = xsd:date && STRLEN(STR(?d)) = 10) } GROUP BY ?post } }""")
    db.update(" ;\n".join(ops), prefixes=PREFIXES)
    return sum(1 for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
