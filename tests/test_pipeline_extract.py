"""The whole extraction: files in, RDF out (kg extract / kg.extract), with the trained model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.graph.vocab import KGO, ORG, SDO

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
BULLETIN = "000_77c57347282a9562.txt"

pytestmark = pytest.mark.skipif(not (ROOT / "kg/nlp/model/config.cfg").is_file(),
                                reason="the trained NER model kg/nlp/model is not here")


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail("graphs differ:\n- " + "\n- ".join(sorted(map(str, only_a))[:20]) +
                    "\n+ " + "\n+ ".join(sorted(map(str, only_b))[:20]))


def labels(g: Graph, cls) -> set[str]:
    return {str(lab) for s in g.subjects(RDF.type, cls) for lab in g.objects(s, RDFS.label)}


def test_pipeline_extract_sample_bulletin_has_people_posts_and_events():
    g = union(kg.extract([SAMPLE / "bulletin_2024_03.txt"]))
    assert {"林书远", "周雅琴", "韩立川"} <= labels(g, SDO.Person)
    assert "南江市科协" in labels(g, ORG.Organization)
    assert len(set(g.subjects(RDF.type, SDO.Event))) >= 5
    # every person, post and event points at where it was said
    for cls in (SDO.Person, ORG.Post, SDO.Event):
        for s in g.subjects(RDF.type, cls):
            mentions = list(g.objects(s, KGO.denotedBy))
            assert mentions, f"{s} has no provenance"
            m = mentions[0]
            assert (m, KGO.startChar, None) in g and (m, KGO.sentence, None) in g


def test_pipeline_extract_is_deterministic():
    a = union(kg.extract([SAMPLE / "bulletin_2024_03.txt", SAMPLE / "news_youth_contest_gbk.txt"]))
    b = union(kg.extract([SAMPLE / "bulletin_2024_03.txt", SAMPLE / "news_youth_contest_gbk.txt"]))
    assert set(a) == set(b)  # same IRIs, not just the same shape


def test_pipeline_same_person_across_documents_is_one_entity():
    g = union(kg.extract([SAMPLE / "bulletin_2024_03.txt", SAMPLE / "news_youth_contest_gbk.txt"]))
    people = [s for s in g.subjects(RDF.type, SDO.Person) if (s, RDFS.label, None) in g
              and str(g.value(s, RDFS.label)) == "林书远"]
    assert len(people) == 1


def test_pipeline_namesakes_with_conflicting_bodies_stay_apart(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("东岭县科协召开座谈会\n3月2日，东岭县科协主席王建华主持座谈会。\n", encoding="utf-8")
    b.write_text("南江大学召开学术年会\n4月6日，南江大学副校长王建华出席学术年会并致辞。\n", encoding="utf-8")
    g = union(kg.extract([a, b]))
    people = {s for s in g.subjects(RDF.type, SDO.Person) if str(g.value(s, RDFS.label)) == "王建华"}
    assert len(people) == 2


@pytest.mark.slow
def test_pipeline_same_graph_from_txt_gbk_docx_html(tmp_path, shared_dir):
    import docx

    text = (shared_dir / "corpus" / BULLETIN).read_text(encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(text.encode("gbk"))
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(tmp_path / "b.docx")
    paras = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    (tmp_path / "b.html").write_text(f"<html><head><meta charset='utf-8'></head><body>{paras}</body></html>",
                                     encoding="utf-8")
    graphs = [union(kg.extract([tmp_path / n])) for n in ("b.txt", "gbk.txt", "b.docx", "b.html")]
    for other in graphs[1:]:
        assert_isomorphic(graphs[0], other)


@pytest.mark.parametrize("suffix", [".ttl", ".trig", ".nq", ".nt", ".jsonld"])
def test_pipeline_cli_extract_writes_the_format_of_the_extension(tmp_path, suffix):
    out = tmp_path / f"g{suffix}"
    result = CliRunner().invoke(app, ["extract", str(SAMPLE / "news_dongling_training.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    fmt = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}[suffix]
    ds = Dataset(default_union=True)
    ds.parse(out, format=fmt)
    assert "蒋文涛" in {str(o) for o in ds.objects(None, RDFS.label)}


def test_pipeline_cli_extract_reports_bad_files_and_keeps_the_good(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    odd = tmp_path / "notes.xyz"
    odd.write_text("x", encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(app, ["extract", str(SAMPLE / "news_dongling_training.txt"), str(empty), str(odd),
                                      "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "notes.xyz" in result.output
    g = Graph().parse(out, format="turtle")
    assert "蒋文涛" in {str(o) for o in g.objects(None, RDFS.label)}


def test_pipeline_cli_extract_unknown_output_format_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(SAMPLE / "news_dongling_training.txt"), "-o",
                                      str(tmp_path / "g.xlsx")])
    assert result.exit_code == 1
    assert "g.xlsx" in result.output and ".ttl" in result.output


def test_pipeline_build_is_incremental_and_reports(tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--store", str(store)])
    assert first.exit_code == 0, first.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    statuses = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert set(statuses.values()) == {"new"} and len(statuses) >= 6
    assert (out / "errors.txt").read_text(encoding="utf-8") == ""
    assert Dataset().parse(out / "graph.trig", format="trig")
    second = runner.invoke(app, ["build", str(SAMPLE), "-o", str(out), "--store", str(store)])
    assert second.exit_code == 0, second.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {f["status"] for f in report["files"]} == {"unchanged"}


def test_pipeline_build_replaces_the_old_version_of_a_changed_file(tmp_path):
    src = tmp_path / "in" / "item.txt"
    src.parent.mkdir()
    src.write_text("东岭县科协召开座谈会\n3月2日，东岭县科协主席王建华主持座谈会。\n", encoding="utf-8")
    out, store = tmp_path / "out", tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(src.parent), "-o", str(out), "--store", str(store)]).exit_code == 0
    src.write_text("东岭县科协召开座谈会\n3月2日，东岭县科协主席李明远主持座谈会。\n", encoding="utf-8")
    second = runner.invoke(app, ["build", str(src.parent), "-o", str(out), "--store", str(store)])
    assert second.exit_code == 0, second.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [f["status"] for f in report["files"]] == ["updated"]
    from kg.store import open_store

    with open_store(store, read_only=True) as st:
        assert len(st.documents()) == 1
        names = {str(r["l"].value) for r in st.query("SELECT ?l WHERE { ?p a schema:Person ; rdfs:label ?l }")}
    assert "李明远" in names and "王建华" not in names
