"""Hostile input files: each is one clear error or a warning, the batch goes on, the good files are stored.

The big files (a 30 MB text, a 5 MB line without punctuation) are generated in tmp at test time.
"""

from __future__ import annotations

import json
import resource
import time
import zipfile
from pathlib import Path

import pytest

from kg.errors import FileTooLarge
from kg.ingest import load_document
from kg.ingest.read import decode_bytes, read_file
from kg.report import FileResult, Report, write_reports
from kg.resolve import is_markup_name

ROOT = Path(__file__).resolve().parent.parent
LINE = "区工商联召开年度工作会议，会长周立新出席并讲话，副会长何秀英主持。\n"


def mixed_encoding_bytes() -> bytes:
    """A UTF-8 bulletin with two words pasted in from a GBK file (lines 4 and 9; one GBK pair, D0 AD, happens to be valid UTF-8)."""
    lines = [LINE] * 12
    data = b"".join(x.encode() for x in lines[:3]) + "青年".encode("gbk") + b"\n"
    data += b"".join(x.encode() for x in lines[3:7]) + "科协".encode("gbk") + LINE.encode()
    return data + b"".join(x.encode() for x in lines[7:])


def test_mixed_encoding_decodes_with_replacement_and_a_warning() -> None:
    warnings: list[str] = []
    text, enc = decode_bytes(mixed_encoding_bytes(), path="mixed.txt", warnings=warnings)
    assert enc == "utf-8"
    assert text.count(LINE) == 13 and "\ufffd" in text
    assert len(warnings) == 1
    assert "mixed.txt" in warnings[0] and "6 bytes are not valid UTF-8" in warnings[0]
    assert "lines 4, 9" in warnings[0]


def test_a_gbk_file_is_still_read_as_gbk_without_warning() -> None:
    warnings: list[str] = []
    text, enc = decode_bytes((LINE * 10).encode("gbk"), path="g.txt", warnings=warnings)
    assert enc == "gb18030" and text == LINE * 10 and warnings == []


def test_the_warning_reaches_the_report(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\xe5\x8c\x97\xe4\xba\xac\n" + mixed_encoding_bytes())
    doc = load_document(path)
    assert len(doc.warnings) == 1
    report = Report(files=[FileResult(str(path), "new", warnings=list(doc.warnings))])
    write_reports(report, tmp_path, tmp_path / "store")
    assert json.loads((tmp_path / "report.json").read_text())["files"][0]["warnings"] == list(doc.warnings)
    assert "warning: " + doc.warnings[0] in (tmp_path / "errors.txt").read_text()
    assert doc.warnings[0] in (tmp_path / "report.md").read_text()


def test_a_zip_bomb_docx_is_refused_fast_with_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(600):
                f.write(b"<w:t>" + b"A" * (1 << 20))
    assert bomb.stat().st_size < 1_000_000
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.monotonic()
    with pytest.raises(FileTooLarge, match="bomb.docx.*unpacks to"):
        read_file(bomb)
    assert time.monotonic() - t0 < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0 < 50_000  # KB


@pytest.mark.parametrize("name", ["蒋</", "img src=x onerror=alert(1)>协会", "<b>张伟", "{{李明}}", "王'a'"])
def test_markup_is_not_a_name(name: str) -> None:
    assert is_markup_name(name)


@pytest.mark.parametrize("name", ["周立新", "区工商联", "欧阳·娜娜", "John Smith", "中国科学技术协会"])
def test_names_are_names(name: str) -> None:
    assert not is_markup_name(name)


needs_model = pytest.mark.skipif(not (ROOT / "kg/nlp/model/config.cfg").is_file(),
                                 reason="the trained NER model kg/nlp/model is not here")


@needs_model
def test_markup_names_are_dropped_from_an_extraction(tmp_path: Path) -> None:
    from kg.workers import extract_document, load_resources

    path = tmp_path / "m.txt"
    path.write_text("区科协召开工作会议\n\n3月5日，区科协党组书记王建国主持会议。蒋</出席会议。"
                    "img src=x onerror=alert(1)>协会副会长李明出席。\n", encoding="utf-8")
    ex = extract_document(load_document(path), load_resources(None))
    names = [*ex.persons, *(p.name for p in ex.persons.values()), *ex.organizations,
             *(o.name for o in ex.organizations.values())]
    assert names and not any(is_markup_name(n) for n in names), names
    assert "王建国" in ex.persons
    assert all(p.org is None or not is_markup_name(p.org) for p in ex.posts)


def hostile_folder(folder: Path) -> tuple[list[str], list[str]]:
    """Hostile files beside three good ones; returns (good names, bad names)."""
    folder.mkdir()
    good = {"good_a.txt": "区工商联召开年度工作会议\n\n" + LINE * 3,
            "good_b.txt": "云溪县科协举办科普讲座\n\n5月8日，云溪县科协主席郑海波出席讲座并致辞。\n",
            "good_c.txt": "白沙区妇联开展走访活动\n\n6月2日，白沙区妇联主席唐秀梅带队走访社区。\n"}
    for name, text in good.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "mixed.txt").write_bytes(mixed_encoding_bytes())  # read, with a warning
    bad = ["empty.txt", "binary.txt", "bomb.docx", "fake.docx", "huge.txt", "nul.md"]
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(1, 32)) * 2000)
    (folder / "nul.md").write_bytes(b"# title\n\x00\x00\x00")
    (folder / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"<w:t>" + b"A" * (1 << 20))
    with open(folder / "huge.txt", "w", encoding="utf-8") as f:  # 30 MB of text: over --max-bytes
        for _ in range(30 * 1024 * 1024 // (len(LINE.encode()) * 100) + 1):
            f.write(LINE * 100)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a symlink loop
    (folder / "markup.txt").write_text("蒋</出席会议。img src=x onerror=alert(1)>协会副会长李明出席。\n",
                                       encoding="utf-8")
    return [*good, "mixed.txt", "markup.txt"], bad


@pytest.mark.slow
@needs_model
def test_a_build_over_a_hostile_folder_reports_each_bad_file_and_stores_every_good_one(tmp_path: Path) -> None:
    import subprocess
    import sys

    from kg.store import open_store

    good, bad = hostile_folder(tmp_path / "in")
    # a 5 MB line without punctuation: stored, or one clear error when over the per-file budget
    (tmp_path / "in" / "long_line.txt").write_text("区科协召开工作会议" * (5_000_000 // 27), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                           "--store", str(tmp_path / "store"), "--jobs", "2", "--file-seconds", "60"],
                          capture_output=True, text=True, timeout=1800)
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    status = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert all(status.get(n) == "failed" for n in bad), (status, proc.stderr[-2000:])
    assert all(status.get(n) == "new" for n in good), (status, proc.stderr[-2000:])
    errors = (tmp_path / "out" / "errors.txt").read_text()
    if status.get("long_line.txt") == "new":
        good.append("long_line.txt")
    else:
        assert status.get("long_line.txt") == "failed" and "long_line.txt" in errors
    assert all(n in errors for n in bad) and "mixed.txt" in errors and "warning:" in errors
    with open_store(tmp_path / "store", create=False, read_only=True) as store:
        sources = {Path(d.source).name for d in store.documents() if d.source}
    assert sources == set(good)
