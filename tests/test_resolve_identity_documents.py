"""Identity across invented documents, extracted whole: careers stay one person, namesakes stay two,
and an unsure pair is two persons linked by skos:closeMatch."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.graph.vocab import ORG, SDO
from kg.orchestrate import extract

QINGSHAN_2022 = ("青山科技简讯\n2022年3月5日\n\n3月4日，青山市科学技术协会召开科普工作座谈会。"
                 "青山市农业研究所所长林书远、青山市科学技术协会主席周明哲、白水大学校长韩立川出席会议并讲话。\n")
QINGSHAN_2024 = ("青山科技简讯\n2024年5月20日\n\n5月18日，青山市科学技术协会召开学会工作座谈会。"
                 "青山市科学技术协会主席周明哲主持会议，青山市科学技术协会副主席林书远、白水大学校长韩立川出席并讲话。\n")
WANG_AT_QINGSHAN = ("青山科技简讯\n2024年4月2日\n\n4月1日，青山市科学技术协会召开农技推广座谈会。"
                    "青山市科学技术协会主席周明哲主持会议，青山市农业研究所所长王磊出席并讲话。\n")
WANG_AT_BAISHUI = ("白水科技简讯\n2024年6月12日\n\n6月11日，白水市科学技术协会召开青年人才座谈会。"
                   "白水市科学技术协会主席韩雨桐主持会议，白水大学教授王磊作报告。\n")
RELATIVE_BODY = ("青山科技简讯\n2024年7月1日\n\n6月30日，青山市科学技术协会召开科普工作座谈会。"
                 "区政府副区长常思岚出席并讲话。\n")
WANG_WITHOUT_BODY = ("白水科技简讯\n2024年3月9日\n\n3月8日，白水市科学技术协会召开青年人才座谈会。"
                     "白水市科学技术协会主席韩雨桐主持会议，王磊、赵雅琴出席会议并发言。\n")


def graph_of(tmp_path: Path, *texts: str):
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return extract(paths)


def persons_named(ds, name: str) -> set[URIRef]:
    return {s for s, _, o, _ in ds.quads((None, RDFS.label, None, None))
            if isinstance(o, Literal) and str(o) == name and any(ds.quads((s, RDF.type, SDO.Person, None)))}


def objects(ds, s, p) -> set:
    """Objects of ``s p`` in any graph of the dataset."""
    return {o for _, _, o, _ in ds.quads((s, p, None, None))}


def close_matches(ds) -> set[tuple[URIRef, URIRef]]:
    return {(s, o) for s, _, o, _ in ds.quads((None, SKOS.closeMatch, None, None))}


@pytest.mark.slow
def test_resolve_identity_a_person_who_changes_body_stays_one(tmp_path):
    ds = graph_of(tmp_path, QINGSHAN_2022, QINGSHAN_2024)
    lin = persons_named(ds, "林书远")
    assert len(lin) == 1
    (person,) = lin
    titles = {str(t) for post in objects(ds, person, ORG.holds) for role in objects(ds, post, ORG.role)
              for t in objects(ds, role, SKOS.prefLabel)}
    assert titles == {"所长", "副主席"}
    assert not close_matches(ds)


@pytest.mark.slow
def test_resolve_identity_namesakes_at_other_bodies_with_other_company_stay_two(tmp_path):
    ds = graph_of(tmp_path, WANG_AT_QINGSHAN, WANG_AT_BAISHUI)
    assert len(persons_named(ds, "王磊")) == 2
    assert not close_matches(ds)


@pytest.mark.slow
def test_resolve_identity_an_unsure_namesake_is_a_close_match(tmp_path):
    """王磊 without a body, in another city's bulletin, beside nobody the first one was seen with:
    today's rule made them one; the evidence is too thin either way."""
    ds = graph_of(tmp_path, WANG_AT_QINGSHAN, WANG_WITHOUT_BODY)
    wang = persons_named(ds, "王磊")
    assert len(wang) == 2
    (pair,) = close_matches(ds)
    assert set(pair) == wang


@pytest.mark.slow
def test_resolve_identity_the_store_gives_back_what_the_documents_showed(tmp_path):
    """What a store gives identity of a person (KgStore.person_evidence_many, person_companions) is the
    union of what each of its documents showed (person_evidence): a build that resumes on a store
    decides as one that ran through."""
    import pyoxigraph as ox

    from kg import workers
    from kg.graph import document as docgraph
    from kg.graph.build import document_iri, graph_iri
    from kg.ingest import load_document
    from kg.resolve.identity import PersonRegistry
    from kg.store import KgStore

    store, registry, shown, extracted = KgStore(ox.Store()), PersonRegistry(), {}, []
    for i, text in enumerate((QINGSHAN_2022, QINGSHAN_2024, WANG_AT_QINGSHAN, WANG_WITHOUT_BODY, RELATIVE_BODY)):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(text, encoding="utf-8")
        ex = workers.extract_document(load_document(path), workers.load_resources())
        extracted.append(ex)
        ds = docgraph.add_to_dataset(ex, registry)
        for key, ev in docgraph.person_evidence(ex).items():
            iri = next(s for s, _, o, _ in ds.quads((None, RDFS.label, None, None))
                       if str(o) == ex.persons[key].name and any(ds.quads((s, RDF.type, SDO.Person, None))))
            shown.setdefault((key, str(iri)), []).append(ev)
        doc_id = ex.document.doc_id
        store.replace_document(str(graph_iri(doc_id)), str(document_iri(doc_id)), "h", ds)
    given = store.person_evidence_many(sorted({key for key, _ in shown}))
    # 区政府, left relative to its document, is no body to share or to conflict with
    assert [ev.titles for _, ev in given["常思岚"]] == [{"副区长"}] and [ev.orgs for _, ev in given["常思岚"]] == [set()]
    for (key, iri), evs in shown.items():
        (back,) = [ev for i, ev in given[key] if i == iri]
        for part in ("orgs", "kin", "titles", "years", "publishers"):
            assert getattr(back, part) == frozenset().union(*(getattr(ev, part) for ev in evs)), (key, part)
        everyone = {p.name for ex in extracted for p in ex.persons.values()} | {"无此人"}
        assert store.person_companions(iri, everyone) == frozenset().union(*(ev.companions for ev in evs)), key


CLOSE_MATCH_QUERY = """
SELECT ?name ?p ?q (GROUP_CONCAT(DISTINCT ?body; separator="、") AS ?bodies) WHERE {
  ?p skos:closeMatch ?q ; rdfs:label ?name .
  OPTIONAL { ?q org:holds/org:postIn/rdfs:label ?body }
} GROUP BY ?name ?p ?q"""  # the query of ontology/README.md ("Unsure identity")


@pytest.mark.slow
def test_resolve_identity_kg_build_writes_the_close_match_into_the_merged_graph(tmp_path):
    """Also the named query persons-who-may-be-one."""
    from kg.orchestrate import build
    from kg.store import open_store
    from kg.store.queries import load_queries

    paths = []
    for i, text in enumerate((WANG_AT_QINGSHAN, WANG_WITHOUT_BODY)):
        paths.append(tmp_path / f"doc{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    build(paths, tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    with open_store(tmp_path / "store") as store:
        rows = [(r["name"].value, r["bodies"].value) for r in store.query(CLOSE_MATCH_QUERY)]
        named = [tuple(r[v].value if r[v] is not None else "" for v in ("name", "bodies", "itsBodies"))
                 for r in store.query(load_queries()["persons-who-may-be-one"].render({}))]
        persons = list(store.query('SELECT ?p WHERE { ?p a schema:Person ; rdfs:label "王磊"@zh }'))
    assert rows == [("王磊", "青山市农业研究所")]
    assert named == [("王磊", "", "青山市农业研究所")]
    assert len(persons) == 2
