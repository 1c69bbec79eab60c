"""The ingest stage: files to :class:`kg.model.Document`.

    read_file (bytes -> text) -> normalize (clean text + OffsetMap + nlp_text)
    -> structure (bulletin or news item: masthead, sections, articles, credits)

    >>> doc = load_document(Path("data/sample/bulletin_2024_03.txt"))
    >>> doc.kind, doc.issue.number, [a.title for a in doc.articles][:1]

The same text gives the same ``doc_id`` and the same Document whatever the
file format or encoding; only ``path``, ``source_format``, ``encoding`` and
``source_text`` differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import EmptyDocument
from kg.ingest.dates import DateMention, find_dates
from kg.ingest.normalize import NormalizedText, normalize
from kg.ingest.read import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, RawText, read_file
from kg.ingest.structure import Layout, structure
from kg.ingest.web import WebPage
from kg.model import Document, PartialDate

__all__ = [
    "load_document",
    "document_from_text",
    "iter_input_files",
    "find_dates",
    "DateMention",
    "normalize",
    "NormalizedText",
    "read_file",
    "RawText",
    "structure",
    "Layout",
    "doc_id_of",
    "SUPPORTED_SUFFIXES",
    "DEFAULT_MAX_BYTES",
]


def doc_id_of(text: str) -> str:
    """First 16 hex digits of the SHA-256 of the normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def document_from_text(source_text: str, *, path: Path | None = None, source_format: str | None = None,
                       encoding: str | None = None, warnings: tuple[str, ...] = (),
                       page: WebPage | None = None) -> Document:
    """Normalize and structure already-decoded text (what load_document does after reading).  A web
    page's own date and publisher (``page``) win over what the structure stage reads from the text."""
    norm = normalize(source_text)
    if not norm.text.strip():
        raise EmptyDocument(path, "no text left after cleaning")
    layout = structure(norm.text)
    date, publisher = layout.date, layout.publisher
    if page is not None:
        if page.date:
            y, m, d = map(int, page.date.split("-"))
            date = PartialDate(y, m, d)
        publisher = page.publisher or publisher
    return Document(
        doc_id=doc_id_of(norm.text),
        text=norm.text,
        nlp_text=norm.nlp_text,
        source_text=source_text,
        offsets=norm.offsets,
        kind=layout.kind,
        path=path,
        source_format=source_format,
        encoding=encoding,
        title=layout.title,
        title_span=layout.title_span,
        date=date,
        publisher=publisher,
        headline=page.headline if page is not None else None,
        issue=layout.issue,
        toc=layout.toc,
        sections=layout.sections,
        articles=layout.articles,
        credits=layout.credits,
        warnings=warnings,
    )


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read, normalize and structure one file.  Raises a :class:`kg.errors.InputError` subclass."""
    path = Path(path)
    raw = read_file(path, max_bytes=max_bytes)
    page_warnings = tuple(f"{path}: {w}" for w in raw.page.warnings) if raw.page is not None else ()
    return document_from_text(raw.text, path=path, source_format=raw.format, encoding=raw.encoding,
                              warnings=tuple(raw.warnings) + page_warnings, page=raw.page)


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files to ingest: files as given, folders walked recursively in sorted order.

    Inside folders, hidden files and folders (``.name``) and files of other
    types are skipped; a file named explicitly is always yielded, so that
    reading it reports what is wrong with it.
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield p
