"""Word-list files, the one format of the data files that hold words (kg/rules/data, kg/ingest/data)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_sections", "read_words"]


def read_sections(path: Path) -> dict[str, list[str]]:
    """A word-list file in sections: ``[name]`` lines open a section, words are separated by white space,
    ``#`` starts a comment."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{path}:{lineno}: words before the first [section]")
        else:
            current.extend(line.split())
    return out


def read_words(path: Path) -> list[str]:
    """A plain word-list file: words separated by white space, ``#`` starts a comment."""
    return [w for line in path.read_text(encoding="utf-8").splitlines() for w in line.split("#", 1)[0].split()]
