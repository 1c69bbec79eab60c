"""Bytes to text: one function per format, all ending in a :class:`RawText`.

    .txt .md     decode_bytes: BOM, strict UTF-8, GB18030 or Big5 (the more
                 plausible of the two), then charset-normalizer
    .html .htm   <meta charset>, BeautifulSoup + lxml; blocks become
                 paragraphs, <br> a line break; script/style/nav dropped
    .mhtml .mht  a saved "web archive" (MIME multipart): its first text/html
                 part, decoded (quoted-printable, base64) in its charset, read as .html
    .docx        python-docx: body paragraphs and table cells, in order
    .pdf         pdfplumber's text layer, page by page

Every failure is an :class:`kg.errors.InputError` naming the file.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.ingest.web import WebPage

from kg.errors import (
    DecodeError,
    EmptyDocument,
    FileTooLarge,
    NoTextLayer,
    UnreadableFile,
    UnsupportedFormat,
)

__all__ = ["RawText", "read_file", "decode_bytes", "decode_html", "SUPPORTED_SUFFIXES", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 50_000_000

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".mhtml": "mhtml",
    ".mht": "mhtml",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUPPORTED_SUFFIXES = frozenset(FORMATS)


@dataclass(frozen=True, slots=True)
class RawText:
    """The text of a file as decoded, before any cleaning."""

    text: str
    format: str  # txt, md, html, mhtml, docx, pdf
    encoding: str | None  # for byte formats; None for docx/pdf
    warnings: tuple[str, ...] = ()  # what was repaired on the way (bytes replaced), with where
    page: WebPage | None = None  # a web page's own metadata (headline, date, source, publisher)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Read ``path`` and return its text.

    Raises UnreadableFile, UnsupportedFormat, FileTooLarge, DecodeError,
    NoTextLayer or EmptyDocument (all InputErrors) with the file in the message.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except OSError as err:
        raise UnreadableFile(path, f"cannot stat ({err.strerror or err})") from None
    if path.is_dir():
        raise UnreadableFile(path, "is a directory, not a file")
    if fmt is None:
        raise UnsupportedFormat(path, f"unknown file type {path.suffix or '(no extension)'!r}")
    if st.st_size > max_bytes:
        raise FileTooLarge(path, f"{st.st_size} bytes is over the limit of {max_bytes} bytes")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UnreadableFile(path, f"cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:  # grew since stat
        raise FileTooLarge(path, f"{len(data)} bytes is over the limit of {max_bytes} bytes")
    if not data.strip():
        raise EmptyDocument(path, "the file is empty")

    if fmt in ("txt", "md"):
        warnings: list[str] = []
        text, encoding = decode_bytes(data, path=path, warnings=warnings)
        raw = RawText(text, fmt, encoding, tuple(warnings))
    elif fmt == "html":
        raw = _read_html(data, path)
    elif fmt == "mhtml":
        raw = _read_mhtml(data, path)
    elif fmt == "docx":
        raw = RawText(_read_docx(path), fmt, None)
    else:
        raw = RawText(_read_pdf(path), fmt, None)
    if not raw.text.strip():
        raise EmptyDocument(path, "no text left after reading")
    return raw


# --- plain text ----------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CJK_PUNCT = "，。、：；！？“”‘’（）《》【】…—"


@cache
def _common_hanzi() -> frozenset[str]:
    """The everyday characters of both scripts: GB2312 level 1 and Big5 level 1."""
    chars: set[str] = set(_CJK_PUNCT)
    for lead in range(0xB0, 0xD8):  # GB2312 level 1
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):  # Big5 frequently used characters
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that are everyday Chinese characters."""
    common = _common_hanzi()
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    return sum(c in common for c in wide) / len(wide)


def _printable_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(
        1
        for c in text
        if (unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn") and c not in "\n\r\t\f\v")
        or c == "\ufffd"
    )
    return 1 - bad / len(text)


def decode_bytes(data: bytes, *, path: Path | str | None = None,
                 warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Order: a BOM; strict UTF-8; UTF-8 with a few damaged bytes (far fewer than its valid multi-byte
    characters, e.g. some GBK bytes pasted into a UTF-8 file): those become U+FFFD and a warning saying
    how many and on which lines is appended to ``warnings``; GB18030 and Big5 (when both decode, the
    one whose characters are the more common wins, GB18030 on a tie); then charset-normalizer.  Binary
    data raises DecodeError.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as err:
                raise DecodeError(path, f"has a {enc} byte-order mark but is not {enc}",
                                  position=f"byte {err.start}") from None
    if b"\x00" in data:
        raise DecodeError(path, "binary data (NUL bytes), not text", position=f"byte {data.index(0)}")

    text: str | None = None
    encoding = ""
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        repaired = _utf8_with_damage(data)
        if repaired is not None:
            text, note = repaired
            encoding = "utf-8"
            if warnings is not None:
                warnings.append(f"{path}: {note}")
    if text is None:
        candidates: list[tuple[float, int, str, str]] = []
        for rank, enc in enumerate(("gb18030", "big5")):
            try:
                decoded = data.decode(enc)
            except UnicodeDecodeError:
                continue
            candidates.append((_plausibility(decoded), -rank, decoded, enc))
        if candidates:
            score, _, text, encoding = max(candidates)
            if score < 0.5:  # decodes, but as nonsense: ask charset-normalizer
                text = None
        if text is None:
            text, encoding = _detect(data, path)
    if _printable_ratio(text) < 0.95:
        raise DecodeError(path, f"looks like binary data, not {encoding} text")
    return text, encoding


_REPLACEMENT = "\ufffd"
_SHOWN_LINES = 5


def _utf8_with_damage(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with its invalid bytes replaced, and a note of how many and where, when the damage is small
    beside the valid multi-byte characters (a GBK file read as UTF-8 has almost none valid): else None."""
    text = data.decode("utf-8", errors="replace")
    original = data.count(_REPLACEMENT.encode())  # U+FFFD written in the file itself
    replaced = text.count(_REPLACEMENT) - original
    valid_bytes = len(text.encode("utf-8")) - 3 * replaced
    bad_bytes = len(data) - valid_bytes
    multibyte = len(text.encode("utf-8")) - len(text) - 2 * text.count(_REPLACEMENT)  # extra bytes of valid chars
    if replaced == 0 or bad_bytes * 20 > max(multibyte, 0):
        return None
    lines: list[int] = []
    start, line, pos, more = 0, 1, 0, False
    while (pos := text.find(_REPLACEMENT, pos)) >= 0:
        line += text.count("\n", start, pos)
        start = pos
        if not lines or lines[-1] != line:
            if len(lines) == _SHOWN_LINES:
                more = True
                break
            lines.append(line)
        pos += 1
    where = ", ".join(map(str, lines)) + (" …" if more else "")
    return text, (f"{bad_bytes} bytes are not valid UTF-8 (another encoding mixed in?): replaced by U+FFFD "
                  f"in {replaced} places, on line{'s' if len(lines) > 1 else ''} {where}")


def _detect(data: bytes, path: Path | str | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(path, "not text in any encoding we know")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(path, f"not valid {best.encoding} text") from None


# --- HTML ----------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def _html_encoding(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # a page that says gb2312 is almost always GBK or GB18030 in practice
    return "gb18030" if name in ("gb2312", "gbk", "euc_cn", "hz") else name


def decode_html(data: bytes, path: Path | None = None) -> tuple[str, str]:
    """The text of an HTML file: in the encoding its ``<meta charset>`` declares, else as detected."""
    declared = None if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else _html_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, path=path)


def _read_html(data: bytes, path: Path) -> RawText:
    from kg.ingest.web import read_web_page

    text, encoding = decode_html(data, path)
    try:
        page = read_web_page(text)
    except Exception as err:  # lxml gives up on some broken bytes
        raise DecodeError(path, f"cannot parse the HTML ({err})") from None
    return RawText(page.text, "html", encoding, page=page)


def _read_mhtml(data: bytes, path: Path) -> RawText:
    """A saved web archive (RFC 2557, as browsers write it): the page is its first text/html part;
    images, styles and frames beside it are not read."""
    import email
    import email.policy

    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as err:  # the email parser is lenient; this is a last guard
        raise DecodeError(path, f"cannot parse the web archive ({err})") from None
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    body = part.get_payload(decode=True) if part is not None else None
    if not body:
        raise DecodeError(path, "no text/html part in this web archive; save the page again as "
                                "'Webpage, Single File' (.mhtml) or 'Webpage, HTML only'")
    charset = part.get_content_charset()
    text = encoding = None
    if charset:
        try:
            encoding = codecs.lookup(charset).name
            encoding = "gb18030" if encoding in ("gb2312", "gbk", "euc_cn", "hz") else encoding
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:  # no charset or a wrong one: as an .html file, by its <meta charset> or detected
        text, encoding = decode_html(body, path)
    from kg.ingest.web import read_web_page

    try:
        page = read_web_page(text)
    except Exception as err:  # lxml gives up on some broken bytes
        raise DecodeError(path, f"cannot parse the HTML of the web archive ({err})") from None
    return RawText(page.text, "mhtml", encoding, page=page)


# --- DOCX ----------------------------------------------------------------


def _docx_blocks(document) -> Iterator[str]:
    """Paragraph texts of the body in reading order, table cells included."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def cells(table: Table) -> Iterator[str]:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell repeats
                    continue
                seen.add(id(cell._tc))
                for block in cell.iter_inner_content():
                    if isinstance(block, Paragraph):
                        yield block.text
                    else:
                        yield from cells(block)

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from cells(block)


DOCX_MAX_UNPACKED = 200_000_000  # bytes a .docx may unpack to; a zip bomb says far more
DOCX_MAX_RATIO = 200  # unpacked / packed size of one member; XML packs about 5-20x


def _check_zip_sizes(path: Path) -> None:
    """Refuse a .docx whose members unpack to too much, from the zip directory alone (nothing unpacked)."""
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise DecodeError(path, f"not a valid .docx (truncated or damaged: {err})",
                          hint="open and re-save it in a word processor") from None
    total = sum(m.file_size for m in members)
    if total > DOCX_MAX_UNPACKED:
        raise FileTooLarge(path, f"the .docx unpacks to {total} bytes, over the limit of {DOCX_MAX_UNPACKED} "
                           "(a zip bomb, or a document of mostly images)",
                           hint="check where the file came from; save the text as a smaller .docx or .txt")
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > DOCX_MAX_RATIO * max(m.compress_size, 1):
            raise FileTooLarge(path, f"member {m.filename} unpacks {m.file_size // max(m.compress_size, 1)}x "
                               f"({m.compress_size} to {m.file_size} bytes): a zip bomb, not a document",
                               hint="check where the file came from; save the text as a .txt")


def _read_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_zip_sizes(path)
    try:
        document = docx.Document(str(path))
        blocks = list(_docx_blocks(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as err:
        raise DecodeError(path, f"not a valid .docx (truncated or damaged: {err})",
                          hint="open and re-save it in a word processor") from None
    except Exception as err:  # lxml or python-docx on damaged XML
        raise DecodeError(path, f"cannot read the .docx ({type(err).__name__}: {err})",
                          hint="open and re-save it in a word processor") from None
    text = "\n\n".join(blocks)
    if not text.strip():
        raise NoTextLayer(path, "the .docx has no text", hint="the document is empty or only has images")
    return text


# --- PDF -----------------------------------------------------------------


def _read_pdf(path: Path) -> str:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
    except Exception as err:  # pdfminer raises a zoo of types on damaged files
        raise DecodeError(path, f"not a valid PDF (truncated or damaged: {type(err).__name__})",
                          hint="re-export or repair the PDF") from None
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise NoTextLayer(path, f"the PDF has {len(pages)} page(s) but no text layer")
    return text

