"""The ontology (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl)."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS
from test_store_fixtures import RICH, SMALL, fixture_dataset

from kg.graph.vocab import KGO, KGO_IRI, SDO

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "kg.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")


def test_ontology_declares_exactly_the_vocab_terms(onto):
    declared = {str(s) for s in onto.subjects(RDF.type, None) if str(s).startswith(KGO_IRI)}
    in_vocab = {KGO_IRI + name for name in KGO.__annotations__}
    assert in_vocab - declared == set(), "in vocab.py, missing from kg.ttl"
    assert declared - in_vocab == set(), "in kg.ttl, missing from vocab.py"


def test_ontology_every_term_has_zh_and_en_labels_and_a_comment(onto):
    for name in KGO.__annotations__:
        term = rdflib.URIRef(KGO_IRI + name)
        langs = {lbl.language for lbl in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert onto.value(term, RDFS.comment) is not None, name


@pytest.mark.parametrize("role, parent", [
    *[(r, SDO.attendee) for r in ("chair", "speaker", "delegationLeader", "guide", "accompanist",
                                  "participant", "electedMember", "receiver", "participatingOrganization",
                                  "coOrganizer")],
    ("host", SDO.organizer), ("undertaker", SDO.organizer),
])
def test_ontology_roles_are_sub_properties_of_attendee_or_organizer(onto, role, parent):
    assert (KGO[role], RDFS.subPropertyOf, parent) in onto
    assert (KGO[role], RDF.type, KGO.EventRole) in onto


def test_ontology_event_types_are_events_and_documents_are_schema_works(onto):
    for cls in ("Meeting", "Symposium", "Visit", "Training", "Ceremony", "Congress", "Forum", "Salon",
                "Launch", "Exhibition", "Activity"):
        supers = set(onto.transitive_objects(KGO[cls], RDFS.subClassOf))
        assert SDO.Event in supers or SDO.EducationEvent in supers, cls
    assert (KGO.Bulletin, RDFS.subClassOf, SDO.PublicationIssue) in onto
    assert (KGO.NewsItem, RDFS.subClassOf, SDO.NewsArticle) in onto
    assert (rdflib.URIRef("https://w3id.org/zhkg/ontology"), RDF.type, OWL.Ontology) in onto


def _union(*paths: Path) -> rdflib.Graph:
    union = rdflib.Graph()
    for s, p, o, _ in fixture_dataset(*paths).quads((None, None, None, None)):
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("fixture", [SMALL, RICH], ids=["small_graph", "store_graph"])
def test_ontology_shapes_pass_on_the_fixtures(shapes, fixture):
    conforms, _, text = pyshacl.validate(_union(fixture), shacl_graph=shapes)
    assert conforms, text


def test_ontology_shapes_pass_on_each_document_graph(shapes):
    for graph in fixture_dataset(RICH).graphs():
        if len(graph):
            plain = rdflib.Graph()
            for t in graph:
                plain.add(t)
            conforms, _, text = pyshacl.validate(plain, shacl_graph=shapes)
            assert conforms, f"{graph.identifier}\n{text}"


BAD = """
@prefix kgo: <https://w3id.org/zhkg/ontology#> . @prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://x/doc> a kgo:Document ; rdfs:label "d" ; kgo:contentHash "h" .
"""


@pytest.mark.parametrize("extra, component", [
    ("<http://x/p> a schema:Person .", "MinCount"),
    ("<http://x/o> a org:Organization .", "MinCount"),
    ("<http://x/post> a org:Post .", "MinCount"),
    ("<http://x/r> a org:Role ; rdfs:label \"r\" .", "MinCount"),
    ("<http://x/e> a schema:Event ; rdfs:label \"e\" ; schema:startDate \"2023\" .", "Node"),
    ("<http://x/e> a schema:Event ; rdfs:label \"e\" ; schema:attendee <http://x/nobody> .", "Node"),
    ("<http://x/m> a kgo:Mention ; kgo:inDocument <http://x/doc> ; kgo:startChar 9 ; kgo:endChar 3 .",
     "LessThanOrEquals"),
    ("<http://x/m> a kgo:Mention ; kgo:startChar 1 ; kgo:endChar 3 .", "MinCount"),
    ("<http://x/post> a org:Post ; org:role <http://x/r> ; org:postIn <http://x/notorg> . "
     "<http://x/r> a org:Role ; <http://www.w3.org/2004/02/skos/core#prefLabel> \"r\" .", "Class"),
])
def test_ontology_shapes_catch_bad_graphs(shapes, extra, component):
    graph = rdflib.Graph().parse(data=BAD + extra, format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    assert not conforms and component in text, text
