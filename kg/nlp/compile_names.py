"""Character statistics of personal names, from the PERSON spans of the training corpora.

    python -m kg.nlp.compile_names ../shared/datasets

Writes ``kg/nlp/data/name_chars.tsv``: per character, how often it opens a name (surname), how often
it stands in a given name, how often it occurs at all in the corpora's text, and how often it stands
in a transliterated name (奥尔布赖特).  The person-name
component (:class:`kg.nlp.names.NameModel`) reads it to tell where one name ends and the next begins
(王建民张中华 is two names, 彭丽娟宣读 ends the name before 宣).  Only the training corpora are read
(``TRAIN_CORPORA``), never a dev set.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from kg.nlp.corpora import TRAIN_CORPORA, read_corpus

__all__ = ["compile_name_chars", "NAME_CHARS"]

NAME_CHARS = Path(__file__).with_name("data") / "name_chars.tsv"


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def compile_name_chars(datasets: Path, surnames: frozenset[str], out: Path = NAME_CHARS) -> int:
    """Count the characters of 2–4 character Chinese names; returns the number of names read."""
    opens, given, seen, foreign = Counter(), Counter(), Counter(), Counter()
    names = 0
    for corpus in TRAIN_CORPORA:
        for sent in read_corpus(datasets, corpus):
            seen.update(c for c in sent.text if _cjk(c))
            for s, e, label in sent.spans:
                name = sent.text[s:e]
                if label != "PERSON" or not all(_cjk(c) for c in name):
                    continue
                k = 2 if name[:2] in surnames and len(name) >= 3 else 1
                if name[:k] not in surnames or len(name) - k > 2 or len(name) < 2:
                    foreign.update(name)  # 奥尔布赖特, 克林斯曼: a transliteration, not surname + given name
                    continue
                names += 1
                opens[name[:k]] += 1
                given.update(name[k:])
    rows = sorted(set(opens) | set(given) | set(foreign), key=lambda c: (-(opens[c] + given[c] + foreign[c]), c))
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# char\topens a name\tin a given name\tin the text\tin a transliterated name; "
                 "from the training corpora (kg.nlp.compile_names)\n")
        for c in rows:
            fh.write(f"{c}\t{opens[c]}\t{given[c]}\t{max(seen[c], opens[c] + given[c] + foreign[c])}\t{foreign[c]}\n")
    return names


def main(argv: list[str] | None = None) -> int:
    from kg.nlp.gazetteers import load_gazetteers

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    n = compile_name_chars(Path(args[0]), load_gazetteers().surnames)
    print(f"{NAME_CHARS}: {n} names read")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
