"""The read-ahead of kg build --jobs N: files read while the model loads, each read once, never a stall."""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from corpus_generator import gen_corpus

import kg.ingest
import kg.orchestrate as orchestrate
import kg.workers as workers
from kg.ingest import load_document
from kg.read_ahead import _HEADER, ReadAhead
from kg.store import META_GRAPH, open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return gen_corpus().generate(20, tmp_path_factory.mktemp("corpus"), seed=11)


def _read_all(paths) -> dict[int, tuple[float, bytes]]:
    ahead = ReadAhead.start(paths)
    assert ahead is not None
    assert ahead.wait_read(timeout=60), "the read-ahead did not finish 20 small files in a minute"
    return ahead.documents()


def test_scale_read_ahead_reads_what_a_worker_would_and_skips_bad_files(corpus, tmp_path) -> None:
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes((ROOT / "data/sample/news_qinghu_meeting.pdf").read_bytes()[:900])
    paths = [*corpus[:4], bad, tmp_path / "gone.txt", *corpus[4:8]]
    found = _read_all(paths)
    assert sorted(found) == [0, 1, 2, 3, 6, 7, 8, 9]  # the bad and the missing file: left to the workers
    for index, (secs, data) in found.items():
        assert secs > 0
        assert pickle.loads(data) == load_document(paths[index])


def test_scale_read_ahead_a_record_cut_short_is_left_out(corpus) -> None:
    ahead = ReadAhead.start(corpus[:3])
    assert ahead.wait_read(timeout=60)
    with open(ahead.spool, "ab") as spool:  # as if killed in the middle of writing the fourth
        spool.write(_HEADER.pack(3, 0.01, 5000) + b"\x80\x05" + b"x" * 100)
    found = ahead.documents()
    assert sorted(found) == [0, 1, 2]
    assert not os.path.exists(ahead.spool)


def test_scale_read_ahead_stuck_in_a_file_is_killed_and_keeps_what_it_read(corpus, tmp_path) -> None:
    fifo = tmp_path / "never-written.txt"
    os.mkfifo(fifo)  # opening it for reading blocks until someone writes: a reader stuck for good
    ahead = ReadAhead.start([*corpus[:3], fifo, *corpus[3:6]])
    deadline = time.monotonic() + 60
    while os.path.getsize(ahead.spool) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # the other two files before the FIFO take milliseconds
    assert not ahead.wait_read(timeout=0)  # stuck
    t0 = time.monotonic()
    found = ahead.documents(wait=0.1)
    assert time.monotonic() - t0 < 5
    assert sorted(found) == [0, 1, 2]
    assert not ahead.running  # killed, not left behind
    assert not os.path.exists(ahead.spool)


def _quads(store: Path) -> set[str]:
    with open_store(store, create=False, read_only=True) as st:
        return {str(q) for q in st.oxigraph.quads_for_pattern(None, None, None, None)
                if getattr(q.graph_name, "value", None) != META_GRAPH}  # the default graph has no value


def test_scale_read_ahead_in_kg_build_each_file_is_read_once(corpus, tmp_path, monkeypatch) -> None:
    """kg build --jobs 2: files the read-ahead read go to the workers as read (not read again), the
    rest are read by the workers, and the store is that of a build in one process."""
    from kg.rules.lexicon import load_lexicon

    monkeypatch.setattr(workers, "_RESOURCES", {})  # no model loaded in this process yet
    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    monkeypatch.setattr(workers, "load_resources", lambda config=None: resources)
    orchestrate.build(corpus, tmp_path / "out1", store_dir=tmp_path / "one", jobs=1, quiet=True)

    log = tmp_path / "reads.log"
    real = kg.ingest.load_document

    def logged(path, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\t{path}\n")
        return real(path, *args, **kwargs)

    def slow_model(config=None):  # the model loads while the read-ahead reads about half the files
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not log.exists() or len(log.read_text().splitlines()) < 10):
            time.sleep(0.01)
        return resources

    started: list[ReadAhead] = []
    start = ReadAhead.start

    def remembered(paths):
        started.append(start(paths))
        return started[-1]

    monkeypatch.setattr(kg.ingest, "load_document", logged)
    monkeypatch.setattr(workers, "load_resources", slow_model)
    monkeypatch.setattr(ReadAhead, "start", remembered)
    report = orchestrate.build(corpus, tmp_path / "out2", store_dir=tmp_path / "two", jobs=2, quiet=True)

    assert [f.status for f in report.files] == ["new"] * len(corpus)
    reads = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert Counter(path for _, path in reads) == Counter(str(p) for p in corpus)  # each once
    by_reader = [path for pid, path in reads if int(pid) == started[0]._process.pid]
    assert len(by_reader) >= 10
    assert by_reader == [str(p) for p in corpus[:len(by_reader)]]  # in input order
    assert _quads(tmp_path / "two") == _quads(tmp_path / "one")


def test_scale_read_ahead_not_with_one_job_or_a_loaded_model(corpus, tmp_path, monkeypatch) -> None:
    from kg.rules.lexicon import load_lexicon

    started = []
    monkeypatch.setattr(ReadAhead, "start", lambda paths: started.append(paths))
    monkeypatch.setattr(workers, "_RESOURCES", {})
    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    monkeypatch.setitem(workers._RESOURCES, "", resources)  # loaded already (tests, a long-lived process)
    orchestrate.build(corpus, tmp_path / "out", store_dir=tmp_path / "a", jobs=2, quiet=True)
    monkeypatch.delitem(workers._RESOURCES, "")
    monkeypatch.setattr(workers, "load_resources", lambda config=None: resources)
    orchestrate.build(corpus, tmp_path / "out", store_dir=tmp_path / "b", jobs=1, quiet=True)
    assert started == []
    orchestrate.build(corpus, tmp_path / "out", store_dir=tmp_path / "c", jobs=2, quiet=True)
    assert len(started) == 1  # and with --jobs 2 and a model to load, it reads ahead


def test_scale_read_ahead_outliving_its_parent_removes_its_spool(corpus, tmp_path) -> None:
    """kg build killed while the model loads: its read-ahead stops at the next file and cleans up."""
    import errno
    import subprocess
    import sys

    fifo, said = tmp_path / "held.txt", tmp_path / "spool-path"
    os.mkfifo(fifo)  # holds the read-ahead until its parent is gone
    script = ("import os, time\nfrom kg.read_ahead import ReadAhead\n"
              f"ahead = ReadAhead.start([{str(corpus[0])!r}, {str(fifo)!r}, {str(corpus[1])!r}])\n"
              "while os.path.getsize(ahead.spool) == 0:\n    time.sleep(0.01)\n"
              "time.sleep(1.0)\n"  # the first file is read: the read-ahead is in the FIFO, for good
              f"open({str(said)!r}, 'w').write(ahead.spool)\nos._exit(0)\n")
    # no pipes: the orphan keeps what it inherited open, and nobody may wait for it to close them
    subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, cwd=ROOT, timeout=60)
    spool = said.read_text()
    deadline = time.monotonic() + 30
    while True:  # a writer can open the FIFO once the orphan is there, waiting to read it
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as err:
            assert err.errno == errno.ENXIO and time.monotonic() < deadline, err
            time.sleep(0.05)
    assert os.path.exists(spool)
    os.write(fd, "一份只有一行的文件。\n".encode())
    os.close(fd)  # lets the orphan go on to the next file, where it finds its parent gone
    while os.path.exists(spool) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(spool)


def test_scale_read_ahead_a_damaged_record_means_the_worker_reads_the_file(corpus, monkeypatch) -> None:
    from kg.rules.lexicon import load_lexicon

    monkeypatch.setitem(workers._RESOURCES, "", workers.Resources(nlp=None, lexicon=load_lexicon()))
    found = _read_all(corpus[:3])
    found[1] = (found[1][0], found[1][1][:-40])  # cut short: unpickling fails
    found[2] = (found[2][0], pickle.dumps("not a Document"))
    results = list(workers.run_files(corpus[:3], None, 1, read=dict(found)))
    assert [status for _, status, _, _ in results] == ["extracted"] * 3
    assert [ex.document for _, _, ex, _ in results] == [load_document(p) for p in corpus[:3]]


def test_scale_read_ahead_done_early_waits_for_its_parent_or_cleans_up(corpus, tmp_path) -> None:
    """Fewer files than a model load takes to read: the read-ahead waits with its spool for the parent,
    and removes it if the parent is killed meanwhile."""
    import subprocess
    import sys

    ahead = ReadAhead.start(corpus[:2])
    assert ahead.wait_read(timeout=60)
    time.sleep(0.2)
    assert ahead.running and os.path.exists(ahead.spool)  # waiting to be asked
    assert sorted(ahead.documents()) == [0, 1]

    said = tmp_path / "spool-path"
    script = ("import os\nfrom kg.read_ahead import ReadAhead\n"
              f"ahead = ReadAhead.start([{str(corpus[0])!r}, {str(corpus[1])!r}])\n"
              "assert ahead.wait_read(60)\n"
              f"open({str(said)!r}, 'w').write(ahead.spool)\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, cwd=ROOT, timeout=60)
    spool = said.read_text()
    deadline = time.monotonic() + 30
    while os.path.exists(spool) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(spool)


def test_scale_read_ahead_no_process_no_read_ahead_and_no_spool(corpus, monkeypatch) -> None:
    """Out of processes (fork fails): kg build goes on without a read-ahead, and leaves no spool."""
    import multiprocessing.process

    made: list[str] = []
    mkstemp = tempfile.mkstemp

    def remembered(*args, **kwargs):
        made.append(mkstemp(*args, **kwargs))
        return made[-1]

    def no_fork(self):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(tempfile, "mkstemp", remembered)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", no_fork)
    assert ReadAhead.start(corpus) is None
    assert made and not os.path.exists(made[0][1])
