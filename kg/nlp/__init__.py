"""kg.nlp: the spaCy pipeline (PERSON / ORG / LOC / TITLE), its gazetteers and its training.

    from kg.nlp import load_pipeline, load_gazetteers, tag_file, tag_lines
    nlp = load_pipeline()                    # once per process
    doc = nlp(document.nlp_text)
    gaz = load_gazetteers()                  # surnames, titles, places, orgs, abbreviations

Importing this package is cheap: spaCy loads on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import DecodeError, OutputError, UnreadableFile

__all__ = ["LABELS", "load_pipeline", "load_gazetteers", "Gazetteers", "tag_lines", "tag_file", "read_lines",
           "to_simplified"]

LABELS = ("PERSON", "ORG", "LOC", "TITLE")


def load_pipeline(config: Path | None = None, overrides=None):
    from kg.nlp.pipeline import load_pipeline as _load

    return _load(config, overrides)


def load_gazetteers(folder: Path | str | None = None, *, config: Path | None = None):
    """The compiled lexicons (once per process): of ``folder``, else of ``config``'s paths.lexicons,
    else of the bundled kg/nlp/data."""
    from kg.nlp.gazetteers import load_gazetteers as _load

    if folder is None and config is not None:
        from kg.nlp.pipeline import load_config

        folder = Path(config).resolve().parent / load_config(config)["paths"]["lexicons"]
    return _load(folder)


def to_simplified(text: str) -> str:
    from kg.nlp.pipeline import to_simplified as _t2s

    return _t2s(text)


def __getattr__(name: str):
    if name == "Gazetteers":
        from kg.nlp.gazetteers import Gazetteers

        return Gazetteers
    raise AttributeError(name)


def tag_lines(lines: Iterable[str], config: Path | None = None) -> Iterator[list[tuple[int, int, str]]]:
    """Entities ``(start, end, label)`` of each line (end exclusive, offsets into the line as given).

    Lines are converted to simplified script (same length) and long lines are cut
    at sentence punctuation, then tagged in batches with ``nlp.pipe``.
    """
    from kg.nlp.pipeline import chunk_text, to_simplified

    nlp = load_pipeline(config)
    max_chars = nlp.meta["kg"]["max_chunk_chars"]
    lines = list(lines)
    pieces: list[tuple[int, int, str]] = []  # (line index, offset, simplified text)
    for i, line in enumerate(lines):
        for off, piece in chunk_text(to_simplified(line), max_chars):
            if piece.strip():
                pieces.append((i, off, piece))
    found: list[list[tuple[int, int, str]]] = [[] for _ in lines]
    docs = nlp.pipe((p[2] for p in pieces), batch_size=nlp.batch_size)
    for (i, off, _), doc in zip(pieces, docs, strict=True):
        found[i] += [(off + e.start_char, off + e.end_char, e.label_) for e in doc.ents]
    yield from found


def read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file (BOM and CRLF tolerated), or an InputError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "no such file" if not path.exists() else "not a file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DecodeError(path, f"not UTF-8 ({err.reason})", position=f"byte {err.start}") from None
    except OSError as err:
        raise UnreadableFile(path, err.strerror or str(err)) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def tag_file(sentences: Path, output: Path, config: Path | None = None) -> int:
    """Tag each line of ``sentences``; write JSONL ``{"text", "ents": [[start, end, label]]}``.

    Returns the number of lines.  Raises an InputError naming the file, or OutputError.
    """
    lines = read_lines(sentences)
    results = tag_lines(lines, config)
    output = Path(output)
    try:
        if output.parent and not output.parent.exists():
            output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as fh:
            for line, ents in zip(lines, results, strict=True):
                rec = {"text": line, "ents": [list(e) for e in ents]}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    except OSError as err:
        raise OutputError(f"{output}: cannot write the tagged lines: {err.strerror or err}") from None
    return len(lines)
