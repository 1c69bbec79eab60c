"""Which dataset a query sees: the one decision shared by ``kg query`` (KgStore.query) and the endpoint.

In order (SPARQL 1.1 Query §13.2 and Protocol §2.1.4):

1. the protocol's ``default-graph-uri`` / ``named-graph-uri``, when given, replace any dataset the
   query text states;
2. else the query's own ``FROM`` / ``FROM NAMED`` (``FROM <urn:nonexistent>`` sees an empty graph);
3. else the store's default graph -- the merged graph (kg.store.merged) -- and every named graph for
   ``GRAPH ?g``.  A store without a merged graph (RDF loaded by hand) answers over the union of its
   named graphs instead, as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from kg.store.merged import has_merged_graph

__all__ = ["query_dataset", "states_dataset", "describe_dataset"]

# what may hide the word FROM: IRIs, strings (short and long), comments
_HIDING = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_FROM = re.compile(r"(?<![?$:\w])FROM(?![\w:-])", re.IGNORECASE)


def states_dataset(query: str) -> bool:
    """Does the query text have a FROM or FROM NAMED clause?"""
    return _FROM.search(_HIDING.sub(" ", query)) is not None


def query_dataset(db: ox.Store, query: str, default_graphs: Sequence[str] = (),
                  named_graphs: Sequence[str] = ()) -> dict:
    """The keyword arguments of ``pyoxigraph.Store.query`` that give ``query`` its dataset."""
    if default_graphs or named_graphs:
        out: dict = {}
        if default_graphs:
            out["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            out["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return out
    if has_merged_graph(db) or states_dataset(query):
        return {}
    return {"use_default_graph_as_union": True}


_RDFS_COMMENT = "<http://www.w3.org/2000/01/rdf-schema#comment>"
_SD = "http://www.w3.org/ns/sparql-service-description#"


def describe_dataset(db: ox.Store) -> str:
    """The service description's default dataset, as Turtle statements of the ``[] a sd:Service``
    subject (``sd:`` declared by the caller): which graph is which."""
    from kg.store.merged import MERGED_FLAG

    meta = MERGED_FLAG.graph_name.value
    named = (f'sd:namedGraph [ a sd:NamedGraph ; sd:name <{meta}> ; {_RDFS_COMMENT} "the store\'s bookkeeping: '
             'per document graph its source file, content hash and ingest time"@en ] ;\n'
             f'      {_RDFS_COMMENT} "One named graph per document, <{meta[:-len("_meta")]}{{docid}}>: '
             'what that document says, with its provenance (kgo:denotedBy)."@en')
    if has_merged_graph(db):
        return (f"  sd:defaultDataset [ a sd:Dataset ;\n"
                f'      sd:defaultGraph [ a sd:Graph ; {_RDFS_COMMENT} "The merged graph: every fact of every '
                'document graph once, plus kgo:firstSeen / kgo:lastSeen of posts and kgo:CoAttendance."@en ] ;\n'
                f"      {named} ] .\n")
    return ("  sd:feature sd:UnionDefaultGraph ;\n"
            f"  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ;\n      {named} ] .\n")
