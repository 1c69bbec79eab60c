"""Lexicons compiled under kg/nlp/data/ (see compile_lexicons.py and data/NOTICE).

    from kg.nlp import load_gazetteers
    gaz = load_gazetteers()           # loaded once per folder
    gaz.is_surname("欧阳")             # True
    gaz.surname_of("欧阳明")           # "欧阳"
    gaz.expand_abbreviation("北京市科协")  # "北京市科学技术协会"
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from kg.errors import PipelineError

__all__ = ["Gazetteers", "load_gazetteers", "LexiconMatcher", "DATA_DIR", "load_name_model_default"]

DATA_DIR = Path(__file__).with_name("data")


class LexiconMatcher:
    """Leftmost-longest dictionary matching over a string (a prefix-set scan, no dependency).

    Every prefix of every entry is kept in a set, so the scan at a position stops
    as soon as the text there is no prefix of any entry: a few set look-ups a character.
    """

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._label: dict[str, str] = {}
        self._prefixes: set[str] = set()
        for word, label in entries:
            if not word:
                continue
            self._label.setdefault(word, label)
            for k in range(1, len(word)):
                self._prefixes.add(word[:k])

    def __len__(self) -> int:
        return len(self._label)

    def __contains__(self, word: object) -> bool:
        return word in self._label

    def finditer(self, text: str, *, overlapping: bool = False) -> Iterator[tuple[int, int, str]]:
        """``(start, end, label)`` of matches; leftmost-longest, non-overlapping unless asked."""
        n = len(text)
        i = 0
        label, prefixes = self._label, self._prefixes
        while i < n:
            best = None
            j = i + 1
            while j <= n:
                piece = text[i:j]
                if piece in label:
                    best = j
                if piece not in prefixes:
                    break
                j += 1
            if best is not None:
                yield i, best, label[text[i:best]]
                i = i + 1 if overlapping else best
            else:
                i += 1


def _read_list(path: Path) -> frozenset[str]:
    if not path.exists():
        raise PipelineError(f"{path}: lexicon missing; rebuild with python -m kg.nlp.compile_lexicons "
                            "../shared/datasets")
    return frozenset(w for w in path.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#"))


@dataclass(frozen=True)
class Gazetteers:
    """The compiled lexicons, as frozen sets (simplified script)."""

    surnames: frozenset[str]
    titles: frozenset[str]
    org_suffixes: frozenset[str]
    places: frozenset[str]
    place_suffixes: frozenset[str]
    orgs: frozenset[str]
    abbreviations: MappingProxyType  # whole short name -> full name
    abbreviation_suffixes: MappingProxyType  # short tail -> full tail (科协 -> 科学技术协会)
    _suffix_order: tuple[str, ...] = field(repr=False, default=())

    @classmethod
    def from_dir(cls, folder: Path) -> Gazetteers:
        folder = Path(folder)
        names: dict[str, str] = {}
        suffixes: dict[str, str] = {}
        abbr = folder / "abbreviations.tsv"
        if not abbr.exists():
            raise PipelineError(f"{abbr}: lexicon missing; rebuild with python -m kg.nlp.compile_lexicons")
        for lineno, line in enumerate(abbr.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in ("name", "suffix"):
                raise PipelineError(f"{abbr}:{lineno}: want kind<TAB>short<TAB>full, kind name or suffix")
            (names if parts[0] == "name" else suffixes)[parts[1]] = parts[2]
        return cls(
            surnames=_read_list(folder / "surnames.txt"),
            titles=_read_list(folder / "titles.txt"),
            org_suffixes=_read_list(folder / "org_suffixes.txt"),
            places=_read_list(folder / "places.txt"),
            place_suffixes=_read_list(folder / "place_suffixes.txt"),
            orgs=_read_list(folder / "orgs.txt"),
            abbreviations=MappingProxyType(names),
            abbreviation_suffixes=MappingProxyType(suffixes),
            _suffix_order=tuple(sorted(suffixes, key=len, reverse=True)),
        )

    def is_surname(self, s: str) -> bool:
        """``s`` is a known surname (single or compound: 王, 欧阳)."""
        return s in self.surnames

    def surname_of(self, name: str) -> str | None:
        """The surname a full name starts with, compound surnames first (欧阳明 -> 欧阳)."""
        for k in (2, 1):
            if len(name) > k and name[:k] in self.surnames:
                return name[:k]
        return None

    def is_title(self, s: str) -> bool:
        return s in self.titles

    def is_place(self, s: str) -> bool:
        return s in self.places

    def is_org(self, s: str) -> bool:
        return s in self.orgs

    def has_org_suffix(self, name: str) -> bool:
        return any(name.endswith(suf) for suf in self.org_suffixes if len(suf) < len(name))

    def expand_abbreviation(self, name: str) -> str | None:
        """The full form of an abbreviated organization name, or None.

        中国科协 -> 中国科学技术协会 (a known name); 北京市科协 -> 北京市科学技术协会
        (a known short tail after any prefix).
        """
        if name in self.abbreviations:
            full = self.abbreviations[name]
            return full if full != name else None
        for short in self._suffix_order:
            if name.endswith(short) and len(name) > len(short):
                full = name[: -len(short)] + self.abbreviation_suffixes[short]
                return full if full != name else None
        return None

    def matcher(self, kinds: Iterable[str] = ("orgs", "places")) -> LexiconMatcher:
        """A matcher over some of the lexicons; labels ORG / LOC / TITLE / PERSON-less."""
        labels = {"orgs": "ORG", "places": "LOC", "titles": "TITLE"}
        entries: list[tuple[str, str]] = []
        for kind in kinds:
            if kind not in labels:
                raise PipelineError(f"no lexicon {kind!r} to match; choose from {', '.join(labels)}")
            entries += [(w, labels[kind]) for w in getattr(self, kind)]
            if kind == "orgs":
                entries += [(w, "ORG") for w in self.abbreviations]
        return LexiconMatcher(entries)


@functools.cache
def _load(folder: str) -> Gazetteers:
    return Gazetteers.from_dir(Path(folder))


def load_gazetteers(folder: Path | str | None = None) -> Gazetteers:
    """The lexicons of ``folder`` (default: kg/nlp/data), loaded once per process."""
    return _load(str(Path(folder or DATA_DIR).resolve()))


@functools.cache
def load_name_model_default():
    """The name model of the shipped lexicons (``data/name_chars.tsv``), loaded once per process."""
    from kg.nlp.names import load_name_model

    data = Path(__file__).with_name("data")
    return load_name_model(data / "name_chars.tsv", load_gazetteers().surnames, data / "name_followers.txt")
