"""RDF building: contract shape, provenance, and round trips through every output format."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from kg.graph.build import IriMinter, extraction_graph
from kg.graph.serialize import write_graph
from kg.graph.vocab import KGO, ORG, SDO
from kg.ingest import document_from_text
from kg.model import (
    EntityLabel,
    Event,
    EventType,
    Extraction,
    Mention,
    Organization,
    PartialDate,
    Participation,
    Person,
    Post,
    RoleKind,
    Span,
)
from kg.resolve import resolve_document
from kg.rules import find_items
from kg.rules.lexicon import load_lexicon

TEXT = ("南江市科协召开座谈会\n3月12日，南江市科协召开座谈会。市科协党组书记、常务副主席林书远主持会议，"
        "东岭县科协主席蒋文涛出席。\n编辑：顾晓岚")


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


@pytest.fixture(scope="module")
def graph(lex) -> Graph:
    doc = document_from_text(TEXT)
    ex = resolve_document(find_items(doc, lex), lex)
    ds = extraction_graph(ex)
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def by_label(g: Graph, label: str):
    return next(s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == label)


def test_graph_build_posts_follow_the_contract(graph):
    person = by_label(graph, "林书远")
    assert (person, RDF.type, SDO.Person) in graph
    titles = set()
    for post in graph.objects(person, ORG.holds):
        assert (post, RDF.type, ORG.Post) in graph
        role = graph.value(post, ORG.role)
        titles.add(str(graph.value(role, SKOS.prefLabel)))
        assert str(graph.value(graph.value(post, ORG.postIn), RDFS.label)) == "南江市科协"
    assert titles == {"党组书记", "常务副主席"}


def test_graph_build_event_has_date_organizer_attendees_and_roles(graph):
    (event,) = graph.subjects(RDF.type, SDO.Event)
    start = graph.value(event, SDO.startDate)
    assert start.datatype == XSD.gMonthDay and str(start) == "--03-12"
    assert by_label(graph, "南江市科协") in set(graph.objects(event, SDO.organizer))
    attendees = set(graph.objects(event, SDO.attendee))
    assert {by_label(graph, "林书远"), by_label(graph, "蒋文涛")} <= attendees
    assert (event, KGO.chair, by_label(graph, "林书远")) in graph
    # the editor is the document's, not the event's
    assert by_label(graph, "顾晓岚") not in attendees
    assert (None, SDO.editor, by_label(graph, "顾晓岚")) in graph


def test_graph_build_mentions_point_at_the_text(graph):
    doc = document_from_text(TEXT)
    for m in graph.subjects(RDF.type, KGO.Mention):
        start, end = int(graph.value(m, KGO.startChar)), int(graph.value(m, KGO.endChar))
        assert doc.text[start:end] == str(graph.value(m, KGO.anchorOf))
        assert str(graph.value(m, KGO.anchorOf)) in str(graph.value(m, KGO.sentence))


def test_graph_build_relative_names_are_aliases_of_one_body(graph):
    org = by_label(graph, "南江市科协")
    assert "市科协" in {str(a) for a in graph.objects(org, SKOS.altLabel)}
    assert sum(1 for o in graph.subjects(RDF.type, ORG.Organization)
               if str(graph.value(o, RDFS.label)).endswith("市科协")) == 1


names = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=names, org=names, title=names, label=names)
def test_graph_build_round_trips_any_names_through_every_format(tmp_path_factory, person, org, title, label):
    doc = document_from_text("南江市科协召开座谈会\n3月12日，南江市科协召开座谈会。")
    span = Span(0, 2)
    ex = Extraction(doc)
    ex.persons[person] = Person(person, person, [Mention(person, EntityLabel.PERSON, span)])
    ex.organizations[org] = Organization(org, org, {org + "x"})
    ex.posts.append(Post(person, title, org, span))
    ex.events.append(Event("0", label, EventType.MEETING, PartialDate(None, 3, 12),
                           participants=[Participation(person, True, RoleKind.PRESIDED, span)]))
    ds = extraction_graph(ex, IriMinter())
    folder = tmp_path_factory.mktemp("rt")
    for suffix, fmt in ((".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld")):
        path = folder / f"g{suffix}"
        write_graph(ds, path)
        back = Dataset()
        back.parse(path, format=fmt)
        for g in ds.graphs():
            if len(g):
                assert isomorphic(back.graph(g.identifier), g), suffix
    ttl = folder / "g.ttl"
    write_graph(ds, ttl)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(Graph().parse(ttl, format="turtle"), union)
