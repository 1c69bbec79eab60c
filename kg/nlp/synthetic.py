"""Bulletin-style training sentences with invented names, for the name shapes the corpora lack.

The public corpora hold few sentences of the genre's hardest name shapes: names run together with
nothing between them (王建民张中华 under a photo or after 出席的有), a name right after a title chain
(党组书记、常务副主席沈洁), three-character and compound-surname names before a one-character verb
(韩立群为…).  :func:`synthetic_sentences` fills the templates of ``data/synthetic_templates.txt``
(written for kg) with invented persons (a surname and one or two given-name characters, drawn by how
often each opens or stands in a name in the training corpora: ``data/name_chars.tsv``), titles,
organizations and places from the lexicons, and labels every slot: PERSON, TITLE, ORG, LOC.  The
text of a template outside its slots is "not an entity".

Deterministic for a seed.  Evaluation never uses these sentences: ``bench/ner_names_eval.py``
reads its own invented cases (``bench/data/name_cases.tsv``), other sentences and other names.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import PipelineError
from kg.nlp.corpora import Sentence

__all__ = ["TEMPLATES", "NamePool", "synthetic_sentences"]

_DATA = Path(__file__).with_name("data")
TEMPLATES = _DATA / "synthetic_templates.txt"
_SLOT = re.compile(r"\{(PP|PL|P|T|O|L)\}")
_LABEL = {"P": "PERSON", "T": "TITLE", "O": "ORG", "L": "LOC"}


@dataclass(frozen=True)
class NamePool:
    """What invented names and fillers are drawn from."""

    surnames: tuple[str, ...]
    surname_weights: tuple[float, ...]
    compound_surnames: tuple[str, ...]
    given: tuple[str, ...]
    given_weights: tuple[float, ...]
    titles: tuple[str, ...]
    orgs: tuple[str, ...]
    places: tuple[str, ...]

    @classmethod
    def from_data(cls, folder: Path = _DATA) -> NamePool:
        """The pool from kg's compiled lexicons (``kg/nlp/data``)."""
        def words(name: str) -> list[str]:
            path = folder / name
            if not path.exists():
                raise PipelineError(f"{path}: lexicon missing; run python -m kg.nlp.compile_lexicons")
            return [w for w in path.read_text(encoding="utf-8").split("\n") if w and not w.startswith("#")]

        surnames = set(words("surnames.txt"))
        opens: dict[str, int] = {}
        given: dict[str, int] = {}
        for line in words("name_chars.tsv"):
            ch, o, g, _seen, foreign = line.split("\t")
            if int(foreign) * 4 > int(g) + int(o):
                continue  # a character of transliterations (斯, 克), not of Chinese given names
            opens[ch], given[ch] = int(o), int(g)
        single = sorted(s for s in surnames if len(s) == 1 and opens.get(s, 0) >= 5)
        gchars = sorted(c for c, n in given.items() if n >= 3)
        titles = sorted({t for t in words("titles.txt") + words("titles_curated.txt") if 2 <= len(t) <= 6})
        orgs = sorted(o for o in words("orgs.txt") if 4 <= len(o) <= 14)
        places = sorted(p for p in words("places.txt") if 2 <= len(p) <= 6)
        if not (single and gchars and titles and orgs and places):
            raise PipelineError(f"{folder}: the lexicons give no names, titles, bodies or places to fill templates with")
        compound = sorted(s for s in surnames if len(s) == 2 and opens.get(s[0], 0) >= 1)  # 欧阳, 司马
        return cls(tuple(single), tuple(float(opens[s]) for s in single), tuple(compound),
                   tuple(gchars), tuple(float(given[c]) for c in gchars),
                   tuple(titles), tuple(orgs), tuple(places))

    def person(self, rng: random.Random) -> str:
        if self.compound_surnames and rng.random() < 0.02:
            surname = rng.choice(self.compound_surnames)
        else:
            surname = rng.choices(self.surnames, self.surname_weights)[0]
        n = 1 if rng.random() < 0.3 else 2
        return surname + "".join(rng.choices(self.given, self.given_weights, k=n))


def read_templates(path: Path = TEMPLATES) -> list[str]:
    lines = [x.strip() for x in path.read_text(encoding="utf-8").splitlines()]
    out = [x for x in lines if x and not x.startswith("#")]
    if not out:
        raise PipelineError(f"{path}: no templates")
    return out


def fill(template: str, pool: NamePool, rng: random.Random) -> Sentence:
    """One sentence from ``template``, every slot labelled."""
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos, last = 0, 0
    for m in _SLOT.finditer(template):
        lead = template[last : m.start()]
        text.append(lead)
        pos += len(lead)
        slot = m.group(1)
        if slot in ("PP", "PL"):
            sep = "" if slot == "PP" else "、"
            for k in range(rng.randint(2, 4)):
                if k:
                    text.append(sep)
                    pos += len(sep)
                name = pool.person(rng)
                text.append(name)
                spans.append((pos, pos + len(name), "PERSON"))
                pos += len(name)
        else:
            vice = slot == "T" and lead.endswith("副")
            if slot == "P":
                word = pool.person(rng)
            elif slot == "T":
                word = rng.choice([t for t in pool.titles if not t.startswith(("副", "常务"))] if vice else pool.titles)
            elif slot == "O":
                word = rng.choice(pool.orgs)
            else:
                word = rng.choice(pool.places)
            start = pos - 1 if vice else pos  # 副 + 主席 is one title
            text.append(word)
            pos += len(word)
            spans.append((start, pos, _LABEL[slot]))
        last = m.end()
    text.append(template[last:])
    return Sentence("".join(text), spans)


def synthetic_sentences(n: int, seed: int = 0, *, pool: NamePool | None = None,
                        templates: list[str] | None = None) -> list[Sentence]:
    """``n`` filled templates, the same for the same seed."""
    rng = random.Random(seed)
    pool = pool or NamePool.from_data()
    templates = templates or read_templates()
    return [fill(rng.choice(templates), pool, rng) for _ in range(n)]
