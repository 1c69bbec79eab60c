"""The exceptions kg raises.  Every message says what went wrong, where, and what to do.

    KgError
     ├── InputError            a file that cannot become a Document (path, position)
     │    ├── UnreadableFile   missing, a folder, no permission
     │    ├── UnsupportedFormat
     │    ├── FileTooLarge
     │    ├── DecodeError      bytes that are no text in any encoding we know
     │    ├── NoTextLayer      a scanned PDF, an empty DOCX
     │    └── EmptyDocument    nothing left after cleaning
     ├── PipelineError         the NLP pipeline or its model cannot be loaded
     ├── OutputError           a graph or report cannot be written
     ├── StoreError            the persistent store is missing, locked or damaged
     └── QueryError            a SPARQL query that does not parse or run (position)

This module imports nothing of ours.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "KgError",
    "InputError",
    "UnreadableFile",
    "UnsupportedFormat",
    "FileTooLarge",
    "DecodeError",
    "NoTextLayer",
    "EmptyDocument",
    "PipelineError",
    "OutputError",
    "StoreError",
    "QueryError",
]


class KgError(Exception):
    """Base of every error kg raises on purpose."""


class InputError(KgError):
    """A file that cannot become a Document.  ``str()`` is one line for the user."""

    hint = "check the file"

    def __init__(self, path: Path | str | None, what: str, *, position: str | None = None,
                 hint: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.what = what
        self.position = position
        if hint is not None:
            self.hint = hint
        where = str(self.path) if self.path else "<input>"
        if position:
            where += f" ({position})"
        super().__init__(f"{where}: {what}; {self.hint}")


class UnreadableFile(InputError):
    hint = "check that the path exists, is a file and is readable"


class UnsupportedFormat(InputError):
    hint = "give a .txt, .md, .html, .docx or .pdf file"


class FileTooLarge(InputError):
    hint = "split it into smaller files or raise --max-bytes"


class DecodeError(InputError):
    hint = "save it as UTF-8 (or GBK / Big5) text"


class NoTextLayer(InputError):
    hint = "run OCR on it first (e.g. ocrmypdf) or give the text version"


class EmptyDocument(InputError):
    hint = "the file has no text to extract from"


class PipelineError(KgError):
    """The NLP pipeline, its config or its model cannot be loaded."""


class OutputError(KgError):
    """A graph, report or view cannot be written."""


class StoreError(KgError):
    """The persistent store is missing, locked or damaged."""


class QueryError(KgError):
    """A SPARQL query that does not parse or cannot run."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL error{where}: {message}")


class QueryUsageError(QueryError):
    """A ``kg query`` call that names no runnable query (a named query's missing or unknown
    parameters, an unknown name or format): the words of the call, not of SPARQL, are wrong."""

    def __init__(self, message: str) -> None:
        self.line = self.column = None
        KgError.__init__(self, message)
