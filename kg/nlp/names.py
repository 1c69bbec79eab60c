"""Where personal names begin and end: a small model of the characters of Chinese names.

The statistical NER finds that a run of characters is a name, but in the genre names often stand
side by side with nothing between them (王建民张中华 under a photo), or run into the verb after them
(彭丽娟宣读…).  :class:`NameModel` reads ``data/name_chars.tsv`` (``kg.nlp.compile_names``: how often
each character opens a name and stands in a given name in the training corpora) and segments such a
run into names: each a surname (single or compound) and a given name of one or two characters, the
segmentation that gives every character its likeliest role.  :meth:`NameModel.names_in` is the whole
public face; :class:`kg.nlp.components.PersonNameSplitter` applies it to ``doc.ents``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NameModel", "load_name_model"]

_ALPHA = 0.5
_EXTEND_COST = math.log(0.5)  # taking a character the model left outside the name
_TRIM_COST = math.log(0.5)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass(frozen=True)
class NameModel:
    surnames: frozenset[str]
    opens: dict[str, int]
    given: dict[str, int]
    seen: dict[str, int]
    foreign: dict[str, int]
    followers: frozenset[str] = frozenset()  # words after a name that are not a name (同志, 先生)
    min_opens: int = 3  # a surname seen opening fewer names than this does not start a second name
    min_in_name: float = 0.01
    min_list_opens: int = 5  # a name read after another, with nothing between, opens with a common surname  # a character outside the span joins a name only this often in names

    @classmethod
    def from_file(cls, path: Path, surnames: frozenset[str], followers: frozenset[str] = frozenset()) -> NameModel:
        opens, given, seen, foreign = {}, {}, {}, {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            c, o, g, s, f = line.split("\t")
            opens[c], given[c], seen[c], foreign[c] = int(o), int(g), int(s), int(f)
        return cls(surnames, opens, given, seen, foreign, followers)

    # --- character roles ----------------------------------------------------------------------

    def _open(self, s: str) -> float:
        """log P(the character opens a name | it stands in a name); compound surnames count as one."""
        if len(s) == 2:
            return 0.0 if s in self.surnames else -math.inf
        o, g = self.opens.get(s, 0), self.given.get(s, 0)
        if o < self.min_opens or s not in self.surnames:
            return -math.inf
        return math.log((o + _ALPHA) / (o + g + 2 * _ALPHA))

    def _given(self, c: str) -> float:
        o, g = self.opens.get(c, 0), self.given.get(c, 0)
        if not _cjk(c) or g == 0:
            return math.log(_ALPHA / (o + g + 2 * _ALPHA)) - 2.0
        return math.log((g + _ALPHA) / (o + g + 2 * _ALPHA))

    def unlikely(self, name: str) -> bool:
        """Do the characters speak against a name: a first character that rarely opens one (从, 由, 和 open
        names in well under 1 % of their uses) followed by one that rarely stands in one (从|加强, 和|中国)?"""
        if len(name) < 2 or not all(_cjk(c) for c in name):
            return False
        first = (self.opens.get(name[0], 0) + 0.5) / (self.seen.get(name[0], 0) + 1)
        return first < 0.01 and min(self.in_name(c) for c in name[1:]) < 0.05

    def transliterated(self, name: str) -> bool:
        """Does the name read as a transliteration (奥尔布赖特), whose characters are not surname + given?"""
        hits = 0
        for c in name:
            f = self.foreign.get(c, 0)
            if f > self.opens.get(c, 0) + self.given.get(c, 0):
                hits += 1
        return hits >= 2 or hits * 2 >= len(name)

    def _strong_open(self, s: str) -> bool:
        """A surname that opens names far more often than it stands inside one (a second name may start)."""
        o, g = self.opens.get(s, 0), self.given.get(s, 0)
        return s in self.surnames and o >= self.min_list_opens and o >= g and o >= 2 * self.foreign.get(s, 0)

    def in_name(self, c: str) -> float:
        """How often the character, wherever it stands in text, is part of a name."""
        seen = self.seen.get(c, 0)
        if seen == 0:
            return 0.5 if _cjk(c) else 0.0  # a character the corpora never show is most often a name's
        return (self.opens.get(c, 0) + self.given.get(c, 0)) / (seen + 1)

    # --- segmentation -------------------------------------------------------------------------

    def _segment(self, t: str, a: int, b: int) -> tuple[float, list[tuple[int, int]]] | None:
        """Best split of ``t[a:b]`` into whole names (score, spans), or None."""
        best: dict[int, tuple[float, list[tuple[int, int]]]] = {a: (0.0, [])}
        for i in range(a, b):
            if i not in best:
                continue
            base, spans = best[i]
            for k in (1, 2):
                sur = self._open(t[i : i + k])
                if sur == -math.inf or (i > a and k == 1 and not self._strong_open(t[i])):
                    continue  # a second name opens with a common surname (王建民|张中华, not 克林|斯曼)
                for n in (1, 2):
                    j = i + k + n
                    if j > b or not all(_cjk(c) for c in t[i:j]):
                        continue
                    score = base + sur + sum(self._given(c) for c in t[i + k : j])
                    if j not in best or score > best[j][0]:
                        best[j] = (score, [*spans, (i, j)])
        return best.get(b)

    def names_after(self, t: str, start: int, limit: int) -> list[tuple[int, int]]:
        """Names written right after another name with nothing between them (…张敏|陈立), up to ``limit``.

        Each is a surname and one or two given characters; a second given character is taken when
        names hold it more often than the text does (陈立|新 but 罗敏|出席).
        """
        out: list[tuple[int, int]] = []
        i = start
        while i < limit and not any(t.startswith(w, i) for w in self.followers):
            k = 2 if self._open(t[i : i + 2]) == 0.0 else 1
            if (k == 1 and not self._strong_open(t[i])) or i + k >= limit:
                break
            g = i + k
            if not _cjk(t[g]) or self._given(t[g]) < math.log(0.5) or self.in_name(t[g]) < self.min_in_name:
                break
            j = g + 1
            if j < limit and _cjk(t[j]) and self._given(t[j]) >= math.log(0.5) and self.in_name(t[j]) >= 0.05:
                j += 1
            out.append((i, j))
            i = j
        return out

    def names_in(self, t: str, start: int, end: int, limit: int) -> list[tuple[int, int]] | None:
        """The names a PERSON span ``t[start:end]`` holds, or None to leave it as it is.

        The span may give up its last character (彭丽娟|宣读) or take up to ``limit - end`` characters
        after it (林涛邵文胡|静 → 林涛 邵文 胡静) when that gives every character a likelier role.
        """
        span = t[start:end]
        if not all(_cjk(c) for c in span) or len(span) < 3 or self.transliterated(span):
            return None
        options: list[tuple[float, list[tuple[int, int]]]] = []
        exact = self._segment(t, start, end)
        if exact:
            options.append(exact)
        if len(span) >= 4 and self.in_name(t[end - 1]) < self.min_in_name:
            trimmed = self._segment(t, start, end - 1)
            if trimmed:
                options.append((trimmed[0] + _TRIM_COST, trimmed[1]))
        for extra in (1, 2):
            e = end + extra
            if e > limit or not all(_cjk(c) and self.in_name(c) >= self.min_in_name for c in t[end:e]):
                break
            longer = self._segment(t, start, e)
            if longer:
                options.append((longer[0] + extra * _EXTEND_COST, longer[1]))
        if not options:
            return None
        score, spans = max(options, key=lambda o: o[0])
        if spans == [(start, end)]:
            return None
        if len(span) == 3 and len(spans) == 1:
            return None  # a three-character name stays as the model read it unless it splits
        return spans


def load_name_model(path: Path, surnames: frozenset[str], followers: Path | None = None) -> NameModel:
    words = frozenset()
    if followers is not None:
        words = frozenset(w for w in followers.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#"))
    return NameModel.from_file(path, surnames, words)
