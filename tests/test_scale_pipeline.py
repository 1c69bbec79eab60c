"""The batch machinery of kg build at small scale: parallel order, bad files in a batch, dead workers, reruns.

These tests run the rule-based extraction without the statistical NER model (``nlp=None``), so
they test the machinery, not the model; tests/test_scale_build.py runs the real thing.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from corpus_generator import gen_corpus
from typer.testing import CliRunner

import kg.graph.document as docgraph
import kg.orchestrate as orchestrate
import kg.report as kg_report
import kg.workers as workers
from kg.cli import app
from kg.store import open_store

ROOT = Path(__file__).resolve().parent.parent




@pytest.fixture
def rules_only(monkeypatch):
    """Extraction without the NER model (forked workers inherit the patch)."""
    from kg.rules.lexicon import load_lexicon

    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    monkeypatch.setattr(workers, "load_resources", lambda config=None: resources)
    return resources


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return gen_corpus().generate(16, tmp_path_factory.mktemp("corpus"), seed=3)


def _summary(results) -> list[tuple]:
    out = []
    for path, status, payload, _ in results:
        if status == "extracted":
            counts = tuple(sorted(kg_report.counts_of(payload).items()))
            out.append((path, status, payload.document.doc_id, counts))
        else:
            out.append((path, status, payload if status == "failed" else payload.doc_id))
    return out


def test_scale_pipeline_two_processes_give_the_same_results_in_order(rules_only, corpus) -> None:
    one = _summary(workers.run_files(corpus, None, 1))
    two = _summary(workers.run_files(corpus, None, 2))
    assert [r[0] for r in two] == [str(p) for p in corpus]
    assert two == one
    assert all(r[1] == "extracted" for r in one)


def test_scale_pipeline_a_dying_worker_fails_only_its_file(rules_only, corpus, monkeypatch) -> None:
    """A worker killed by its file (segfault, OOM) costs that file only; the batch goes on."""
    poison = corpus[5]
    work = workers.work_on_file

    def dying_work(path, *args):
        if path == str(poison):
            os._exit(139)
        return work(path, *args)

    monkeypatch.setattr(workers, "work_on_file", dying_work)
    results = list(workers.run_files(corpus, None, 2))
    assert [r[0] for r in results] == [str(p) for p in corpus]
    statuses = {r[0]: r[1] for r in results}
    assert statuses.pop(str(poison)) == "failed"
    assert set(statuses.values()) == {"extracted"}
    assert "worker process died" in results[5][2] and poison.name in results[5][2]


def test_scale_pipeline_known_hashes_mark_unchanged_in_workers(rules_only, corpus) -> None:
    first = list(workers.run_files(corpus, None, 2, {}))
    known = {}
    for _, _, ex, _ in first[:10]:
        known[ex.document.doc_id] = hashlib.sha256(ex.document.text.encode()).hexdigest()
    again = [r[1] for r in workers.run_files(corpus, None, 2, known)]
    assert again == ["unchanged"] * 10 + ["extracted"] * (len(corpus) - 10)
    assert [r[1] for r in workers.run_files(corpus, None, 2, known, force=True)] == ["extracted"] * len(corpus)


def _hostile_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "random.txt": bytes(range(256)) * 20,
        "truncated.docx": (ROOT / "data/sample/news_binhai_cooperation.docx").read_bytes()[:700],
        "truncated.pdf": (ROOT / "data/sample/news_qinghu_meeting.pdf").read_bytes()[:900],
        "empty.md": b"",
        "controls.txt": bytes(range(1, 32)) * 100,
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    return [folder / n for n in bad]


@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_pipeline_batch_with_good_and_bad_files(rules_only, corpus, tmp_path, jobs) -> None:
    """kg build on good and bad files: good ones in the store, errors.txt names each bad one, exit 1."""
    bad = _hostile_files(tmp_path / "bad")
    good = corpus[:6]
    out, store = tmp_path / "out", tmp_path / "store"
    result = CliRunner().invoke(app, ["build", *map(str, good), str(tmp_path / "bad"), "-o", str(out),
                                      "--store", str(store), "--jobs", str(jobs)])
    assert result.exit_code == 1, result.output
    errors = (out / "errors.txt").read_text(encoding="utf-8").splitlines()
    assert len(errors) == len(bad)
    for path in bad:
        assert sum(path.name in e for e in errors) == 1, (path.name, errors)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(f["status"] for f in report["files"]) == ["failed"] * len(bad) + ["new"] * len(good)
    with open_store(store, create=False, read_only=True) as st:
        assert len(st.documents()) == len(good) == len(st.graphs())
    assert (out / "graph.trig").stat().st_size > 0


def test_scale_pipeline_rerun_on_unchanged_corpus_extracts_nothing(rules_only, corpus, tmp_path,
                                                                  monkeypatch) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    first = orchestrate.build(corpus[:8], out, store_dir=store, quiet=True)
    assert {f.status for f in first.files} == {"new"}

    def no_extraction(*args, **kwargs):
        raise AssertionError("extract_document called on an unchanged corpus")

    monkeypatch.setattr(workers, "extract_document", no_extraction)
    for jobs in (1, 2):
        again = orchestrate.build(corpus[:8], out, store_dir=store, jobs=jobs, quiet=True)
        assert [f.status for f in again.files] == ["unchanged"] * 8
        assert not again.failures


def _trig_quads(path: Path) -> set[str]:
    import pyoxigraph as ox

    return {str(q) for q in ox.parse(path=path, format=ox.RdfFormat.TRIG)}


def _store_quads(folder: Path) -> set[str]:
    import pyoxigraph as ox

    from kg.store import META_GRAPH

    with open_store(folder, create=False, read_only=True) as st:
        return {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None, None)
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != ox.NamedNode(META_GRAPH)}


def test_scale_pipeline_graph_trig_always_equals_the_store(rules_only, corpus, tmp_path) -> None:
    """graph.trig after each kind of run (first, added, unchanged, updated, removed, other store) is the store."""
    from kg.store import open_store as open_

    out, store, other = tmp_path / "out", tmp_path / "store", tmp_path / "other"
    trig = out / "graph.trig"
    orchestrate.build(corpus[:5], out, store_dir=store, quiet=True)
    assert _trig_quads(trig) == _store_quads(store), "first"
    before = trig.read_bytes()
    orchestrate.build(corpus[5:8], out, store_dir=store, quiet=True)
    assert _trig_quads(trig) == _store_quads(store), "added"
    assert trig.read_bytes().startswith(before), "new documents only: the graphs are appended"
    mtime = trig.stat().st_mtime_ns
    orchestrate.build(corpus[:8], out, store_dir=store, quiet=True)
    assert trig.stat().st_mtime_ns == mtime, "an unchanged rerun rewrote graph.trig"
    orchestrate.build(corpus[:2], out, store_dir=store, force=True, quiet=True)  # status "updated"
    assert _trig_quads(trig) == _store_quads(store), "updated"
    with open_(store) as st:  # removed by hand between two runs
        st.remove_document(st.documents()[0].docid)
    orchestrate.build(corpus[:1], out, store_dir=store, quiet=True)
    assert _trig_quads(trig) == _store_quads(store), "removed"
    orchestrate.build(corpus[8:10], out, store_dir=other, quiet=True)  # same output folder, another store
    assert _trig_quads(trig) == _store_quads(other), "other store"


@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_pipeline_a_file_over_the_time_limit_fails_alone(rules_only, corpus, tmp_path, monkeypatch,
                                                               jobs) -> None:
    """KG_DOCUMENT_TIMEOUT: a file that takes too long is reported; the files around it are extracted."""
    slow = tmp_path / "slow.txt"
    slow.write_text("南江市科协召开会议，林书远主持。\n\n慢慢来\n", encoding="utf-8")
    extract = workers.extract_document

    def stuck_on_slow(doc, resources):  # stands for a pathological document (forked workers inherit it)
        if "慢慢来" in doc.text:
            time.sleep(60)
        return extract(doc, resources)

    monkeypatch.setattr(workers, "extract_document", stuck_on_slow)
    monkeypatch.setenv("KG_DOCUMENT_TIMEOUT", "1")
    files = [*corpus[:3], slow, *corpus[3:5]]
    t0 = time.monotonic()
    results = list(workers.run_files(files, None, jobs))
    assert time.monotonic() - t0 < 15
    assert [r[1] for r in results] == ["extracted"] * 3 + ["failed"] + ["extracted"] * 2
    assert "longer than 1 s" in results[3][2] and "slow.txt" in results[3][2]


def _reference_quads(files: list[Path], resources) -> set[str]:
    """One document after the other: extract, identify persons against the store, build, write."""
    import pyoxigraph as ox

    from kg.graph.build import document_iri, graph_iri
    from kg.ingest import load_document
    from kg.resolve.identity import PersonRegistry
    from kg.store import META_GRAPH, KgStore

    store = KgStore(ox.Store())
    registry = PersonRegistry(lookup=store.persons_named)
    for path in files:
        ex = workers.extract_document(load_document(path), resources)
        ds = docgraph.add_to_dataset(ex, registry)
        doc_id = ex.document.doc_id
        store.replace_document(str(graph_iri(doc_id)), str(document_iri(doc_id)), "h", ds)
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != ox.NamedNode(META_GRAPH)}


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_pipeline_build_equals_one_document_after_the_other(rules_only, tmp_path, jobs) -> None:
    """Graphs built in workers with person IRIs from the parent: the same store as the plain serial loop,
    also when the store already holds half of the corpus (identity then asks the store)."""
    files = gen_corpus().generate(30, tmp_path / "corpus", seed=8)
    reference = _reference_quads(files, rules_only)
    store = tmp_path / "store"
    orchestrate.build(files[:12], tmp_path / "out", store_dir=store, jobs=jobs, quiet=True)
    orchestrate.build(files, tmp_path / "out", store_dir=store, jobs=jobs, quiet=True)
    assert _store_quads(store) == reference


@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_pipeline_a_changed_file_is_written_before_identity_asks_about_later_ones(
        rules_only, tmp_path, jobs) -> None:
    """A changed file drops a person from the store; a later file of the same run names someone else
    of that name at another body.  One document after the other, the later file no longer sees the
    dropped person: the same store as a fresh build of the new files."""
    old = "青山科技简讯\n2024年3月5日\n\n3月4日，青山市科学技术协会召开科普工作座谈会。青山市农业研究所所长王五出席并讲话。\n"
    new = old.replace("王五", "赵六")
    later = "白水科技简讯\n2024年3月9日\n\n3月8日，白水市科学技术协会召开青年人才座谈会。白水大学校长王五出席并讲话。\n"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    a, b = corpus / "a.txt", corpus / "b.txt"
    a.write_text(old, encoding="utf-8")
    store = tmp_path / "store"
    orchestrate.build([a], tmp_path / "out", store_dir=store, jobs=jobs, quiet=True)
    a.write_text(new, encoding="utf-8")
    b.write_text(later, encoding="utf-8")
    report = orchestrate.build([a, b], tmp_path / "out", store_dir=store, jobs=jobs, quiet=True)
    assert [f.status for f in report.files] == ["updated", "new"]

    fresh = tmp_path / "fresh"
    orchestrate.build([a, b], tmp_path / "out-fresh", store_dir=fresh, jobs=jobs, quiet=True)
    quads = _store_quads(store)
    assert quads == _store_quads(fresh)
    assert any('"王五"' in q for q in quads) and not any('"青山市农业研究所所长王五' in q for q in quads)


_REAL_DOCUMENT_GRAPH = docgraph.document_graph
_BROKEN = {"name": None}  # read in forked graph workers too


def _sometimes_broken_graph(ex, persons, trig=True, close=None):
    """A module-level stand-in for docgraph.document_graph (graph workers get it pickled by name)."""
    graph = _REAL_DOCUMENT_GRAPH(ex, persons, trig, close)
    if ex.document.path is not None and ex.document.path.name == _BROKEN["name"]:
        return docgraph.DocumentGraph(graph.nquads + b"<http://x/s> <http://x/p> \"unclosed .\n", graph.trig)
    return graph


@pytest.mark.parametrize("jobs", [1, 2])  # 2: the batches are written by a thread of their own
def test_scale_pipeline_a_bad_graph_in_a_write_batch_fails_alone(rules_only, corpus, tmp_path, monkeypatch,
                                                                 jobs) -> None:
    """New documents go in a batch at a time, all or nothing; one whose graph the store refuses costs only itself,
    and the report keeps the input order."""
    from kg.ingest import load_document

    victim = corpus[3]
    monkeypatch.setitem(_BROKEN, "name", victim.name)
    monkeypatch.setattr(docgraph, "document_graph", _sometimes_broken_graph)
    store, out = tmp_path / "store", tmp_path / "out"
    report = orchestrate.build(corpus[:8], out, store_dir=store, jobs=jobs, quiet=True)
    assert [Path(f.path).name for f in report.files] == [p.name for p in corpus[:8]]
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses.pop(victim.name) == "failed"
    assert set(statuses.values()) == {"new"}
    failed = next(f for f in report.files if f.status == "failed")
    assert victim.name in failed.error and "do not parse" in failed.error
    with open_store(store, create=False, read_only=True) as st:
        ids = {info.docid for info in st.documents()}
    assert len(ids) == 7 and load_document(victim).doc_id not in ids
    assert _trig_quads(out / "graph.trig") == _store_quads(store)


def test_scale_pipeline_a_graph_that_cannot_be_built_fails_only_its_file(rules_only, corpus, tmp_path, monkeypatch) -> None:
    from kg.errors import StoreError

    real = docgraph.document_graph
    victim = corpus[2]

    def refusing(ex, persons, trig=True, close=None):
        if ex.document.path is not None and ex.document.path.name == victim.name:
            raise StoreError("quad in graph <http://x/other> while writing document graph <…>")
        return real(ex, persons, trig, close)

    monkeypatch.setattr(docgraph, "document_graph", refusing)
    report = orchestrate.build(corpus[:5], tmp_path / "out", store_dir=tmp_path / "store", jobs=1, quiet=True)
    statuses = [(Path(f.path).name, f.status) for f in report.files]
    assert statuses == [(p.name, "failed" if p == victim else "new") for p in corpus[:5]]
    assert "other" in next(f.error for f in report.files if f.status == "failed")


@pytest.mark.parametrize("jobs", [1, 2])
def test_scale_pipeline_a_namesake_gets_its_own_iri_and_posts(rules_only, tmp_path, jobs) -> None:
    """Workers build each graph with the default person IRI; identity in the parent gives a namesake
    with other bodies another IRI, and the IRIs of their posts follow."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    a, b = corpus / "a.txt", corpus / "b.txt"
    a.write_text("青山科技简讯\n2024年3月5日\n\n3月4日，青山市科学技术协会召开座谈会。青山市农业研究所所长王海峰出席并讲话。\n",
                 encoding="utf-8")
    b.write_text("白水科技简讯\n2024年3月9日\n\n3月8日，白水市科学技术协会召开年会。白水大学校长王海峰出席并讲话。\n",
                 encoding="utf-8")
    store = tmp_path / "store"
    orchestrate.build([a, b], tmp_path / "out", store_dir=store, jobs=jobs, quiet=True)
    quads = _store_quads(store)
    assert quads == _reference_quads([a, b], rules_only)
    holders = {q.split()[0] for q in quads if "<http://www.w3.org/ns/org#holds>" in q}
    assert len(holders) == 2  # two people called 王海峰


def test_scale_pipeline_a_large_batch_prints_a_summary_not_a_table(capsys, tmp_path) -> None:
    report = kg_report.Report(files=[kg_report.FileResult(f"/corpus/doc{i:03d}.txt", "new", doc_id=f"{i:016x}",
                                                        counts={"persons": 2}) for i in range(kg_report.TABLE_ROWS + 1)]
                             + [kg_report.FileResult("/corpus/bad.pdf", "failed", error="/corpus/bad.pdf: not a PDF")])
    kg_report.print_report(report, tmp_path / "out")
    err = capsys.readouterr().err
    assert "doc000.txt" not in err  # no per-file rows
    assert "bad.pdf: not a PDF" in err and "report.md" in err and str(kg_report.TABLE_ROWS + 2) in err
    small = kg_report.Report(files=report.files[:3])
    kg_report.print_report(small, tmp_path / "out")
    assert "doc000.txt" in capsys.readouterr().err
