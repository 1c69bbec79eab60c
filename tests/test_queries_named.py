"""The named queries (queries/*.rq) on stores loaded from the fixtures, and ``kg query``."""

from __future__ import annotations

import json

import pytest
import rdflib
from test_store_fixtures import RICH, SMALL, fixture_dataset, fixture_store
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError
from kg.store import doc_iri, graph_iri, open_store
from kg.store.queries import load_queries

KGR = "https://w3id.org/zhkg/id/"
EXPECTED = {"who-attended-what", "posts-of-person-over-time", "co-attendance-pairs", "co-attendance-top-50",
            "who-held-title-at-organization",
            "events-by-organization-and-month", "organizations-by-hosted-events",
            "attendees-of-events-hosted-by", "documents"}


def rows(store, name: str, **params) -> list[dict[str, str]]:
    results = store.query(load_queries()[name].render(params))
    names = [v.value for v in results.variables]
    return [{n: r[n].value for n in names if r[n] is not None} for r in results]


@pytest.fixture(scope="module")
def store():
    return fixture_store(SMALL, RICH, merged=True)


def test_queries_library_is_complete_and_documented():
    queries = load_queries()
    assert EXPECTED <= set(queries)
    for q in queries.values():
        assert q.title and len(q.description) > 40, q.name
        assert q.render().startswith("PREFIX schema:")


def test_queries_who_attended_what(store):
    got = {(r["eventName"], r["attendeeName"], r.get("roles", "")) for r in rows(store, "who-attended-what")}
    assert ("青年科学家座谈会", "王明远", "chair") in got
    assert ("青年科学家座谈会", "海淀区科协", "participatingOrganization") in got
    assert ("青年科技人才座谈会", "林晓峰", "chair") in got  # from small_graph.trig
    assert len(got) == 10


def test_queries_posts_of_person_over_time(store):
    wang = [(r["title"], r["firstSeen"]) for r in rows(store, "posts-of-person-over-time", person="王明远")]
    assert wang == [("党组书记", "2023-06-20"), ("主席", "2023-07-05")]


def test_queries_co_attendance_pairs(store):
    got = {(r["nameA"], r["nameB"]): int(r["sharedEvents"]) for r in rows(store, "co-attendance-pairs")}
    assert got == {("李青", "王明远"): 2, ("王明远", "赵一"): 1}


def test_queries_events_by_organization_and_month(store):
    got = {(r["organizationName"], r["month"]): int(r["events"])
           for r in rows(store, "events-by-organization-and-month")}
    # the gMonthDay "--06-30" event takes 2023 from its document
    assert got == {("北京市科协", "2023-06"): 3, ("海淀区科协", "2023-06"): 1, ("海淀区科协", "2023-07"): 1,
                   ("南江市科协", "2024-03"): 1}


def test_queries_organizations_by_hosted_events(store):
    got = [(r["name"], int(r["events"]), int(r["asHost"]), int(r["asUndertaker"]))
           for r in rows(store, "organizations-by-hosted-events")]
    assert got == [("北京市科协", 3, 3, 0), ("海淀区科协", 2, 1, 1), ("南江市科协", 1, 1, 0)]


@pytest.mark.parametrize("org, month, expected", [
    ("北京市科协", "2023-06", {("青年科学家座谈会", "王明远"), ("青年科学家座谈会", "李青"),
                             ("青年科学家座谈会", "海淀区科协"), ("科普讲解大赛", "李青"),
                             ("科技工作者座谈会", "王明远"), ("科技工作者座谈会", "李青")}),
    ("市科协", "2023-06", None),  # the alias finds the same organization
    ("海淀区科协", "2023-07", {("专家服务中心揭牌仪式", "王明远"), ("专家服务中心揭牌仪式", "赵一")}),
    ("北京市科协", "2023-07", set()),
    ("南江市科协", "2024-03", {("青年科技人才座谈会", "林晓峰"), ("青年科技人才座谈会", "南江市科协")}),
])
def test_queries_attendees_of_events_hosted_by(store, org, month, expected):
    got = {(r["eventName"], r["attendeeName"]) for r in
           rows(store, "attendees-of-events-hosted-by", org=org, month=month)}
    if expected is None:
        expected = {(r["eventName"], r["attendeeName"]) for r in
                    rows(store, "attendees-of-events-hosted-by", org="北京市科协", month=month)}
    assert got == expected


def test_queries_render_escapes_parameters():
    q = load_queries()["attendees-of-events-hosted-by"]
    assert '"a\\"b"' in q.render({"org": 'a"b'})
    with pytest.raises(QueryError, match="no parameter"):
        q.render({"nope": "x"})


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "store"
    ds = fixture_dataset(RICH)
    with open_store(folder) as st:
        for g in ds.graphs():
            if not len(g):
                continue
            docid = str(g.identifier).rsplit("/", 1)[-1]
            one = rdflib.Dataset()
            target = one.graph(g.identifier)
            for t in g:
                target.add(t)
            st.replace_document(graph_iri(docid), doc_iri(docid), docid[:4], one, source=f"{docid}.txt")
    return folder


def test_queries_documents_lists_the_bookkeeping(store_dir):
    with open_store(store_dir, read_only=True) as st:
        got = rows(st, "documents")
    assert [(r["title"], r["source"]) for r in got] == [
        ("科协动态 2023年第6期", "a000000000000001.txt"),
        ("市科协举办科技工作者座谈", "c000000000000003.txt"),
        ("科协动态 2023年第7期", "b000000000000002.txt")]


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_queries_cli_formats(store_dir, fmt):
    result = CliRunner().invoke(app, ["query", "--store", str(store_dir),
                                      "--name", "attendees-of-events-hosted-by",
                                      "-p", "org=海淀区科协", "-p", "month=2023-07", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        names = {b["attendeeName"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]}
        assert names == {"王明远", "赵一"}
    else:
        assert "赵一" in result.stdout


def test_queries_cli_text_file_list_and_errors(store_dir, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["query", "--store", str(store_dir), "ASK { ?p a schema:Person }"])
    assert ok.exit_code == 0 and ok.stdout.strip() == "true"
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Person }", encoding="utf-8")
    ok = runner.invoke(app, ["query", "--store", str(store_dir), "--format", "csv", f"@{f}"])
    assert ok.stdout.splitlines() == ["n", "3"]
    listed = runner.invoke(app, ["query", "--store", str(store_dir), "--list"])
    assert "co-attendance-pairs" in listed.stdout
    bad = runner.invoke(app, ["query", "--store", str(store_dir), "SELECT * WHERE { ?s ?p }"])
    assert bad.exit_code == 1 and "line 1, column" in " ".join(bad.output.split())
    missing = runner.invoke(app, ["query", "--store", str(tmp_path / "nothing"), "ASK {}"])
    assert missing.exit_code == 1 and "no store here" in " ".join(missing.output.split())


def test_queries_who_attended_what_lists_every_event_role_of_the_ontology():
    """The query names the kgo:EventRole properties instead of matching IRI strings; keep them in step."""
    import re

    from rdflib.namespace import RDF

    from kg.graph.vocab import KGO, KGO_IRI

    onto = rdflib.Graph().parse(load_queries()["who-attended-what"].path.parents[1] / "ontology" / "kg.ttl")
    roles = {str(r)[len(KGO_IRI):] for r in onto.subjects(RDF.type, rdflib.URIRef(KGO.EventRole))}
    listed = set(re.findall(r'\(kgo:(\w+) "\1"\)', load_queries()["who-attended-what"].body))
    assert listed == roles


def test_queries_co_attendance_top_50_is_the_head_of_the_pairs(store):
    top = [(r["nameA"], r["nameB"], int(r["sharedEvents"])) for r in rows(store, "co-attendance-top-50")]
    assert top == [("李青", "王明远", 2), ("王明远", "赵一", 1)]


@pytest.mark.parametrize("year, expected", [("any", ["王明远"]), ("2023", ["王明远"]), ("2022", [])])
def test_queries_who_held_title_at_organization(store, year, expected):
    got = rows(store, "who-held-title-at-organization", title="党组书记", org="北京市科协", year=year)
    assert [r["name"] for r in got] == expected
    if got:
        assert (got[0]["firstSeen"], got[0]["lastSeen"]) == ("2023-06-20", "2023-06-20")
