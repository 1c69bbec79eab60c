"""Bad input: each problem is the right InputError subclass, naming the file."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest

from kg.errors import (
    DecodeError,
    EmptyDocument,
    FileTooLarge,
    InputError,
    NoTextLayer,
    UnreadableFile,
    UnsupportedFormat,
)
from kg.ingest import iter_input_files, load_document

TEXT = "北江市科协召开座谈会\n\n9月29日下午，北江市科协召开座谈会，市科协主席苏文清出席并讲话。\n"


def _raises(path: Path, kind: type[InputError], **kwargs: int) -> InputError:
    with pytest.raises(kind) as info:
        load_document(path, **kwargs)
    assert path.name in str(info.value)
    assert info.value.path == path
    return info.value


def test_read_errors_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u3000\n\u200b\n", "utf-8")
    _raises(tmp_path / "empty.txt", EmptyDocument)
    _raises(tmp_path / "blank.txt", EmptyDocument)


def test_read_errors_binary_garbage(tmp_path: Path) -> None:
    rng = random.Random(7)
    (tmp_path / "noise.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x00\x01\x02def" * 50)
    (tmp_path / "controls.md").write_bytes(bytes(range(1, 32)) * 40)
    for name in ("noise.txt", "nul.txt", "controls.md"):
        _raises(tmp_path / name, DecodeError)


def test_read_errors_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": drawing, no text
    pdf.output(str(tmp_path / "scan.pdf"))
    err = _raises(tmp_path / "scan.pdf", NoTextLayer)
    assert "OCR" in str(err)


def test_read_errors_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "noext").write_text(TEXT, "utf-8")
    _raises(tmp_path / "table.xlsx", UnsupportedFormat)
    _raises(tmp_path / "noext", UnsupportedFormat)


def test_read_errors_missing_directory_and_unreadable(tmp_path: Path) -> None:
    _raises(tmp_path / "missing.txt", UnreadableFile)
    (tmp_path / "folder.txt").mkdir()
    _raises(tmp_path / "folder.txt", UnreadableFile)
    locked = tmp_path / "locked.txt"
    locked.write_text(TEXT, "utf-8")
    locked.chmod(0)
    try:
        if os.geteuid() == 0:  # root reads anything: the mode cannot make it fail
            assert load_document(locked).title == "北江市科协召开座谈会"
        else:
            _raises(locked, UnreadableFile)
    finally:
        locked.chmod(0o644)


def test_read_errors_file_too_large_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 20, "utf-8")
    err = _raises(path, FileTooLarge, max_bytes=100)
    assert "100" in str(err)
    assert load_document(path, max_bytes=10_000).title == "北江市科协召开座谈会"


def test_read_errors_truncated_docx_and_pdf(tmp_path: Path) -> None:
    import docx
    from fpdf import FPDF

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("北江市科协召开座谈会")
    d.save(buf)
    (tmp_path / "cut.docx").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (tmp_path / "fake.docx").write_text(TEXT, "utf-8")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Nanjiang association meeting")
    data = bytes(pdf.output())
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(300))
    for name in ("cut.docx", "fake.docx", "cut.pdf", "fake.pdf"):
        err = _raises(tmp_path / name, InputError)
        assert isinstance(err, (DecodeError, NoTextLayer)), (name, err)
        assert "Traceback" not in str(err)


def test_read_errors_empty_docx_has_no_text(tmp_path: Path) -> None:
    import docx

    docx.Document().save(str(tmp_path / "empty.docx"))
    _raises(tmp_path / "empty.docx", NoTextLayer)


def test_read_errors_folder_of_mixed_encodings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_utf8.txt").write_text(TEXT, "utf-8")
    (folder / "b_gbk.txt").write_bytes(TEXT.encode("gbk"))
    (folder / "sub" / "c_utf16.md").write_bytes(TEXT.encode("utf-16"))
    (folder / "d_big5.txt").write_bytes("澳門科學技術協進會召開會員大會。\n".encode("big5"))
    (folder / ".hidden.txt").write_text(TEXT, "utf-8")
    (folder / "notes.xlsx").write_bytes(b"PK")
    (folder / "e_bad.txt").write_bytes(b"\x00\xff" * 100)
    files = list(iter_input_files([folder]))
    assert [p.relative_to(folder).as_posix() for p in files] == [
        "a_utf8.txt", "b_gbk.txt", "d_big5.txt", "e_bad.txt", "sub/c_utf16.md"]
    docs, errors = [], []
    for path in files:
        try:
            docs.append(load_document(path))
        except InputError as err:
            errors.append(err)
    assert [d.encoding for d in docs] == ["utf-8", "gb18030", "big5", "utf-16"]
    assert len({d.doc_id for d in docs}) == 2  # the same text three times, and the Big5 one
    assert [type(e) for e in errors] == [DecodeError] and "e_bad.txt" in str(errors[0])
