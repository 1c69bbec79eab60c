"""Hostile input to ingestion: load_document gives a Document or an InputError naming the file, never a crash.

Bounded here (a few hundred hypothesis examples, about 20 s in all); the long run is

    KG_FUZZ_EXAMPLES=20000 .venv/bin/pytest tests/test_fuzz_ingest.py -p no:cacheprovider

(see bench/RESULTS.md).
"""

from __future__ import annotations

import io
import os
import random
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from corpus_generator import gen_corpus
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import DecodeError, EmptyDocument, InputError
from kg.ingest import document_from_text, load_document
from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None)
SUFFIXES = [".txt", ".md", ".html", ".docx", ".pdf"]




def check_document(doc: Document) -> None:
    """What every Document promises, whatever the input."""
    n = len(doc.text)
    assert len(doc.nlp_text) == n
    assert len(doc.offsets) == n
    assert all(0 <= t <= len(doc.source_text) for t in (doc.offsets.targets[0], doc.offsets.targets[-1]))
    spans = [a.span for a in doc.articles] + [s.span for s in doc.sections] + [c.span for c in doc.credits]
    spans += [a.body for a in doc.articles]
    for span in spans:
        assert 0 <= span.start <= span.end <= n
    assert len(doc.doc_id) == 16


def load_or_error(path: Path) -> Document | InputError:
    """load_document's result; anything but a Document or an InputError naming the file fails the test."""
    try:
        doc = load_document(path)
    except InputError as err:
        assert path.name in str(err), f"error does not name the file: {err}"
        return err
    check_document(doc)
    return doc


def _write(data: bytes, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="fuzz")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return Path(name)


def _load_bytes(data: bytes, suffix: str) -> Document | InputError:
    path = _write(data, suffix)
    try:
        return load_or_error(path)
    finally:
        path.unlink()


# --- property tests ----------------------------------------------------------------------------------

MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
        st.sampled_from(list("，。、：；！？“”（）【】《》—…〡·")),
        st.sampled_from(list("\n\n\n 　\t\r\x0b\x0c\u2028\u200b\ufeff\u202e")),  # breaks, spaces, marks
        st.characters(min_codepoint=0, max_codepoint=0x1F),  # controls
        st.characters(codec="utf-8"),  # anything: Cyrillic, Arabic, emoji, combining marks, surrogates out
        st.sampled_from(list("0123456789０１２３４５６７８９年月日第期总编辑审核-:")),
    ),
    max_size=600,
)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_fuzz_ingest_random_bytes(data: bytes, suffix: str) -> None:
    _load_bytes(data, suffix)


@FUZZ
@given(text=MIXED)
def test_fuzz_ingest_mixed_scripts_and_controls(text: str) -> None:
    try:
        doc = document_from_text(text)
    except EmptyDocument:
        return
    check_document(doc)


@FUZZ
@given(text=MIXED, encoding=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-8-sig"]),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_fuzz_ingest_text_in_any_encoding(text: str, encoding: str, suffix: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    _load_bytes(data, suffix)


MUTATIONS = ["drop", "dup", "noise", "swap"]


@FUZZ
@given(seed=st.integers(0, 10_000),
       cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.sampled_from(MUTATIONS)),
                     max_size=6))
def test_fuzz_ingest_mutated_bulletins(seed: int, cuts: list[tuple[float, float, str]]) -> None:
    """Realistic documents with lines dropped, duplicated, swapped and noise inserted."""
    gc = gen_corpus()
    _, text = gc.bulletin(random.Random(seed), gc.make_world(0), seed)
    lines = text.split("\n")
    rng = random.Random(seed)
    for a, b, op in cuts:
        i, j = sorted((int(a * len(lines)), int(b * len(lines))))
        if op == "drop":
            del lines[i:j]
        elif op == "dup":
            lines[i:i] = lines[i:j]
        elif op == "swap" and lines:
            k = rng.randrange(len(lines))
            lines[i % len(lines)], lines[k] = lines[k], lines[i % len(lines)]
        else:
            lines.insert(i, "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(40))))
    try:
        doc = document_from_text("\n".join(lines))
    except EmptyDocument:
        return
    check_document(doc)


# --- damaged binaries --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["news_binhai_cooperation.docx", "news_qinghu_meeting.pdf"])
def test_fuzz_ingest_truncated_binaries(name: str) -> None:
    data = (SAMPLE / name).read_bytes()
    rng = random.Random(1)
    cuts = sorted({1, 4, 30, 100, len(data) // 2, len(data) - 20, len(data) - 1,
                   *(rng.randrange(1, len(data)) for _ in range(20))})
    errors = 0
    for cut in cuts:
        errors += isinstance(_load_bytes(data[:cut], Path(name).suffix), InputError)
    assert errors >= len(cuts) - 2  # a cut in the PDF's trailer may still read


@pytest.mark.parametrize("name", ["news_binhai_cooperation.docx", "news_qinghu_meeting.pdf"])
def test_fuzz_ingest_flipped_bytes(name: str) -> None:
    data = bytearray((SAMPLE / name).read_bytes())
    rng = random.Random(2)
    for _ in range(40):
        broken = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            broken[rng.randrange(len(broken))] = rng.randrange(256)
        _load_bytes(bytes(broken), Path(name).suffix)


def test_fuzz_ingest_docx_with_damaged_xml() -> None:
    gc = gen_corpus()
    good = gc.to_docx("南江市科协召开座谈会\n3月12日，市科协主席林书远出席。")
    src = zipfile.ZipFile(io.BytesIO(good))
    for broken_xml in ("<w:document", "<?xml version='1.0'?><a><b></a>", "", "\x00\x01"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for item in src.infolist():
                z.writestr(item, broken_xml if item.filename == "word/document.xml" else src.read(item))
        assert isinstance(_load_bytes(buf.getvalue(), ".docx"), InputError)


def test_fuzz_ingest_control_characters_only() -> None:
    assert isinstance(_load_bytes(bytes(range(1, 32)) * 500, ".txt"), DecodeError)


# --- big and deep ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("line", ["南江市科协召开会议，林书远主持", "科", "Latin words and 中文 mixed, "])
def test_fuzz_ingest_megabyte_line(line: str) -> None:
    """A 1 MB line with no break: read, normalized and structured in bounded time."""
    data = (line * (1_000_000 // len(line.encode()))).encode()
    t0 = time.perf_counter()
    result = _load_bytes(data, ".txt")
    assert isinstance(result, Document)
    assert time.perf_counter() - t0 < 60


@pytest.mark.slow
def test_fuzz_ingest_many_short_lines() -> None:
    t0 = time.perf_counter()
    assert isinstance(_load_bytes("科\n".encode() * 200_000, ".txt"), Document)
    assert time.perf_counter() - t0 < 60


@pytest.mark.parametrize("depth", [1200, 5000])
def test_fuzz_ingest_deeply_nested_html(depth: int) -> None:
    """Nesting deeper than Python's recursion limit (read.py walked HTML recursively until d9d32de)."""
    text = "南江市科协召开座谈会，林书远主持。"
    html = "<html><body>" + "<div><span>" * depth + text + "</span></div>" * depth
    result = _load_bytes(html.encode(), ".html")
    assert isinstance(result, Document) and "林书远" in result.text


def test_fuzz_ingest_nested_html_within_limits() -> None:
    html = "<html><body>" + "<div>" * 200 + "<p>南江市科协召开座谈会，林书远主持。</p>" + "</div>" * 200
    assert isinstance(_load_bytes(html.encode(), ".html"), Document)
