"""What kg build and kg extract leave behind: the report (distinct entities in the store, the counts of
unchanged files), files as the umask says, nothing from a failed extract, errors naming the user's path,
the budget of a file and store batches bounded by time."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.orchestrate as orchestrate
import kg.workers as workers
from kg.cli import app
from kg.errors import InputError
from kg.store import open_store

DOC = ("青山科技简讯\n2024年3月5日\n\n3月4日，青山市科学技术协会召开科普工作座谈会。"
       "青山市农业研究所所长王海峰、青山市科学技术协会主席李春梅出席会议并讲话。\n")
DOC2 = DOC.replace("3月4日", "3月6日").replace("科普工作座谈会", "青年人才座谈会")


@pytest.fixture
def rules_only(monkeypatch):
    from kg.rules.lexicon import load_lexicon

    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    monkeypatch.setattr(workers, "load_resources", lambda config=None: resources)
    return resources


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    (folder / "b.txt").write_text(DOC2, encoding="utf-8")
    return folder


def test_report_build_summary_counts_distinct_entities_in_the_store(rules_only, corpus, tmp_path) -> None:
    report = orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    assert report.totals()["persons"] == 4  # two per file
    assert report.in_store["persons"] == 2 and report.in_store["events"] == 2
    assert "in the store: 2 persons" in report.summary()
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["in_store"]["persons"] == 2


def test_report_build_rerun_shows_the_counts_of_unchanged_files(rules_only, corpus, tmp_path) -> None:
    first = orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    again = orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert [f.counts for f in again.files] == [f.counts for f in first.files]
    assert "| 2 |" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_report_build_output_files_honour_the_umask(rules_only, corpus, tmp_path) -> None:
    old = os.umask(0o022)
    try:
        orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
        CliRunner().invoke(app, ["extract", str(corpus / "a.txt"), "-o", str(tmp_path / "a.ttl")])
    finally:
        os.umask(old)
    for name in ("report.md", "report.json", "errors.txt", "graph.trig"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((tmp_path / "a.ttl").stat().st_mode) == 0o644


def test_report_extract_that_fails_leaves_no_output_file(rules_only, tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    result = CliRunner().invoke(app, ["extract", str(bad), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 1
    assert not (tmp_path / "g.ttl").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".g.ttl")]


def test_report_build_empty_folder_is_named_as_given(rules_only, tmp_path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    with pytest.raises(InputError) as err:
        orchestrate.build([empty], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    assert str(empty) in str(err.value) and "<input>" not in str(err.value)
    result = CliRunner().invoke(app, ["build", str(empty), "-o", str(tmp_path / "out"), "--store",
                                      str(tmp_path / "store")])
    assert result.exit_code == 1 and "nothing-here" in result.output and "<input>" not in result.output


def test_report_build_an_empty_folder_beside_good_files_is_one_error(rules_only, corpus, tmp_path) -> None:
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    report = orchestrate.build([corpus, empty], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    assert [f.status for f in report.files].count("new") == 2
    assert len(report.failures) == 1 and "nothing-here" in report.failures[0]


def test_report_build_a_file_over_its_time_budget_fails_alone(rules_only, corpus, tmp_path, monkeypatch) -> None:
    slow = corpus / "slow.txt"
    slow.write_text(DOC.replace("王海峰", "赵慢慢"), encoding="utf-8")
    real = workers.extract_document

    def stuck(doc, resources):
        if doc.path is not None and doc.path.name == "slow.txt":
            time.sleep(30)
        return real(doc, resources)

    monkeypatch.setattr(workers, "extract_document", stuck)
    t0 = time.monotonic()
    report = orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True,
                               budget=workers.Budget(seconds=1))
    assert time.monotonic() - t0 < 20
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {"a.txt": "new", "b.txt": "new", "slow.txt": "failed"}
    assert "longer than 1 s" in report.failures[0]


def test_report_build_a_file_over_its_memory_budget_fails_alone(rules_only, corpus, tmp_path, monkeypatch) -> None:
    """In a worker process (--jobs 2): the memory a file may take on is bounded too."""
    hog = corpus / "hog.txt"
    hog.write_text(DOC.replace("王海峰", "钱多多"), encoding="utf-8")
    real = workers.extract_document

    def greedy(doc, resources):
        if doc.path is not None and doc.path.name == "hog.txt":
            _ = bytearray(1 << 30)  # 1 GB
        return real(doc, resources)

    monkeypatch.setattr(workers, "extract_document", greedy)
    report = orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True, jobs=2,
                               budget=workers.Budget(memory_mb=200))
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {"a.txt": "new", "b.txt": "new", "hog.txt": "failed"}
    assert "more than 200 MB" in report.failures[0]


def test_report_build_store_batches_are_bounded_by_time(rules_only, corpus, tmp_path, monkeypatch) -> None:
    """A batch whose first document has waited long enough goes to the store before it is full."""
    import kg.store.ingest as ingest

    monkeypatch.setattr(ingest, "WRITE_SECONDS", 0.0)
    writes = []
    from kg.store.store import KgStore

    real = KgStore.add_new_documents

    def counting(self, docs, **kw):
        writes.append(len(docs))
        return real(self, docs, **kw)

    monkeypatch.setattr(KgStore, "add_new_documents", counting)
    orchestrate.build([corpus], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    assert writes == [1, 1]
    with open_store(tmp_path / "store", create=False, read_only=True) as st:
        assert len(st.documents()) == 2
