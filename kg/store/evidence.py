"""What identity across documents asks of a store: the evidence of a known person, read from the
document graphs that name them (each as ``kg.graph.document.person_evidence`` made it, united).

Read with pyoxigraph's quad patterns (each an index lookup), not SPARQL: a person named in hundreds
of documents costs a few lookups per document.  The persons named beside them (:meth:`EvidenceReader.named_beside`)
cost more: they are asked only for the names a new sighting has beside it, and only when the cheaper evidence leaves the decision open
(``kg.resolve.identity.PersonRegistry``).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph.vocab import KGO, KGR_IRI, ORG, RDF, RDFS, SDO, SKOS, XSD
from kg.model import PersonEvidence

__all__ = ["EvidenceReader"]

GRAPH_PREFIX = KGR_IRI + "graph/"
_N = ox.NamedNode
TYPE, PERSON, LABEL, ALT = _N(str(RDF.type)), _N(str(SDO.Person)), _N(str(RDFS.label)), _N(str(SKOS.altLabel))
HOLDS, POST_IN, PARENT = _N(str(ORG.holds)), _N(str(ORG.postIn)), _N(str(ORG.subOrganizationOf))
ROLE, PREF = _N(str(ORG.role)), _N(str(SKOS.prefLabel))
PUBLISHED, PUBLISHER, DATE = _N(str(SDO.datePublished)), _N(str(SDO.publisher)), _N(str(XSD.date))
DENOTED, IN_ARTICLE = _N(str(KGO.denotedBy)), _N(str(KGO.inArticle))
CREDITS = [_N(str(p)) for p in (SDO.editor, KGO.reviewer, KGO.reporter, SDO.author, SDO.contributor)]


class EvidenceReader:
    """Reads identity's evidence from one pyoxigraph store.  What a document graph says is kept once
    read: a graph's IRI is its document's text hash, so what it holds does not change while it exists
    (and a graph removed is never asked again: the graphs of a person are read anew each time)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._documents: dict[ox.NamedNode, tuple[set[int], set[str], set]] = {}
        self._where: dict[tuple[ox.NamedNode, ox.NamedNode], set[str]] = {}
        self._relative: dict[tuple[ox.NamedNode, ox.NamedNode], bool] = {}
        self._absolute: set[ox.NamedNode] = set()
        self._posts: dict[ox.NamedNode, tuple[set[str], list[ox.NamedNode]]] = {}
        self._graphs: dict[ox.NamedNode, list[ox.NamedNode]] = {}

    def graphs(self, p: ox.NamedNode) -> list[ox.NamedNode]:
        """The document graphs that name ``p`` (not the merged default graph), as first read: what a
        registry learns of a person it keeps for its run, and the documents of the run it learns itself."""
        if p not in self._graphs:
            self._graphs[p] = sorted({q.graph_name for q in self.store.quads_for_pattern(p, TYPE, PERSON, None)
                                      if isinstance(q.graph_name, ox.NamedNode)
                                      and q.graph_name.value.startswith(GRAPH_PREFIX)}, key=lambda g: g.value)
        return self._graphs[p]

    def post(self, post: ox.NamedNode, g: ox.NamedNode) -> tuple[set[str], list[ox.NamedNode]]:
        """A post's titles and bodies (the same in every graph: a post's IRI is person, title and body)."""
        if post not in self._posts:
            titles = {t.value for role in self._objects(post, ROLE, g) for t in self._objects(role, PREF, g)}
            self._posts[post] = (titles, self._objects(post, POST_IN, g))
        return self._posts[post]

    def _objects(self, s, p, g) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, p, None, g)]

    def document(self, g: ox.NamedNode) -> tuple[set[int], set[str], set]:
        """The years (of its date), publishers and credited persons of the graph's document."""
        if g not in self._documents:
            d = _N(KGR_IRI + "doc/" + g.value[len(GRAPH_PREFIX):])
            years = {int(x.value[:4]) for x in self._objects(d, PUBLISHED, g)
                     if isinstance(x, ox.Literal) and x.datatype == DATE and x.value[:4].isdigit()}
            publishers = {x.value for x in self._objects(d, PUBLISHER, g)}
            credited = {x for prop in CREDITS for x in self._objects(d, prop, g)}
            self._documents[g] = (years, publishers, credited)
        return self._documents[g]

    def relative(self, org: ox.NamedNode, g: ox.NamedNode) -> bool:
        """Named relative to that document and left so (区政府): its IRI is the document's own."""
        if org in self._absolute:
            return False
        if (org, g) not in self._relative:
            from kg.graph.build import IriMinter
            from kg.resolve import org_key

            doc_id = g.value[len(GRAPH_PREFIX):]
            keys = {org_key(label.value) for prop in (LABEL, ALT) for label in self._objects(org, prop, g)}
            if any(str(IriMinter.org(k, "", False)) == org.value for k in keys):
                self._absolute.add(org)  # the IRI of its own name, whatever the document
                return False
            self._relative[org, g] = any(str(IriMinter.org(k, doc_id, True)) == org.value for k in keys)
        return self._relative[org, g]

    def where(self, q: ox.NamedNode, g: ox.NamedNode) -> set[str]:
        """The articles of ``q``'s mentions in ``g`` ("" for a mention outside any article)."""
        if (q, g) not in self._where:
            out: set[str] = set()
            for m in self._objects(q, DENOTED, g):
                arts = self._objects(m, IN_ARTICLE, g)
                out.update(a.value for a in arts) if arts else out.add("")
            self._where[q, g] = out
        return self._where[q, g]

    def person_evidence(self, name: str, iri: str) -> PersonEvidence:
        """Everything but the companions (:meth:`named_beside`) of the person ``iri``, over their documents."""
        p = _N(iri)
        orgs, kin, titles, years, publishers = set(), set(), set(), set(), set()
        for g in self.graphs(p):
            for post in self._objects(p, HOLDS, g):
                post_titles, post_orgs = self.post(post, g)
                titles |= post_titles
                for org in post_orgs:
                    if self.relative(org, g):
                        continue
                    orgs.add(org.value)
                    kin.update(x.value for x in self._objects(org, PARENT, g) if not self.relative(x, g))
            doc_years, doc_publishers, _ = self.document(g)
            years |= doc_years
            publishers |= doc_publishers
        return PersonEvidence(name, frozenset(orgs), frozenset(kin), frozenset(titles), frozenset(years),
                              frozenset(), frozenset(publishers))

    def _labelled(self, name: str) -> set[ox.NamedNode]:
        forms = (ox.Literal(name, language="zh"), ox.Literal(name, language="zh-hant"), ox.Literal(name))
        return {q.subject for form in forms for q in self.store.quads_for_pattern(None, LABEL, form, None)
                if isinstance(q.subject, ox.NamedNode)}

    def _beside(self, p: ox.NamedNode, q: ox.NamedNode, g: ox.NamedNode) -> bool:
        credited = self.document(g)[2]
        if p in credited:  # an editor's company: everyone the document names
            return True
        return q not in credited and bool(self.where(p, g) & self.where(q, g))

    def named_beside(self, iri: str, names) -> frozenset[str]:
        """Which of ``names`` name a person named beside ``iri`` in one of its documents: in the same
        article, among those not credited (编辑, 记者); anyone in a document that credits ``iri``."""
        p = _N(iri)
        mine = set(self.graphs(p))
        out = set()
        for name in sorted(set(names)):
            if any(self._beside(p, q, g) for q in self._labelled(name) if q != p
                   for g in sorted(mine & set(self.graphs(q)), key=lambda g: g.value)):
                out.add(name)
        return frozenset(out)
