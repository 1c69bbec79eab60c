"""The same text in .txt (UTF-8 or GBK), .docx and .html gives the same Document."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from kg.ingest import iter_input_files, load_document
from kg.model import Document


def _write_variants(text: str, folder: Path) -> list[Path]:
    import docx

    (folder / "gbk.txt").write_bytes(text.encode("gbk"))
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(str(folder / "doc.docx"))
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title>'
            f"<script>var a = 1;</script></head><body><nav>首页</nav>\n{paragraphs}\n</body></html>")
    (folder / "page.html").write_text(page, "utf-8")
    return [folder / "gbk.txt", folder / "doc.docx", folder / "page.html"]


def _graph_view(doc: Document) -> tuple:
    return (doc.text, doc.nlp_text, doc.doc_id, doc.kind, doc.title, doc.title_span, doc.date, doc.publisher,
            doc.issue, doc.toc, doc.sections, doc.articles, doc.credits)


@pytest.mark.slow
def test_formats_real_bulletin_same_document_in_four_formats(shared_dir: Path, tmp_path: Path) -> None:
    original = shared_dir / "corpus" / "000_77c57347282a9562.txt"
    reference = load_document(original)
    assert len(reference.articles) == 10
    for path in _write_variants(original.read_text("utf-8"), tmp_path):
        doc = load_document(path)
        assert _graph_view(doc) == _graph_view(reference), path.name
    formats = {load_document(p).source_format for p in iter_input_files([tmp_path])}
    assert formats == {"txt", "docx", "html"}


def test_formats_sample_news_same_document_in_four_formats(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parent.parent / "data" / "sample" / "news_2024_04_cooperation.txt"
    reference = load_document(sample)
    for path in _write_variants(sample.read_text("utf-8"), tmp_path):
        doc = load_document(path)
        assert _graph_view(doc) == _graph_view(reference), path.name
        assert doc.source_text != reference.source_text or path.suffix == ".txt"
