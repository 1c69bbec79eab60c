"""PERSON recall on three hard name shapes, on invented sentences (bench/data/name_cases.tsv).

    .venv/bin/python bench/ner_names_eval.py [--cases FILE] [--misses]

Kinds: ``three`` (three-character names, compound surnames), ``after`` (a name right after a title or a
title chain), ``list`` (names listed with no separator between them).  A name counts as found when the
pipeline (``kg ner``: model + gazetteers + titles) tags exactly its span as PERSON; precision counts the
PERSON spans that are not a gold name.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CASES = Path(__file__).resolve().parent / "data" / "name_cases.tsv"
_NAME = re.compile(r"\[([^\]]+)\]")


def read_cases(path: Path) -> list[tuple[str, str, set[tuple[int, int]]]]:
    """(kind, plain sentence, gold name spans) per line."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, marked = line.split("\t", 1)
        plain, spans, shift = [], set(), 0
        last = 0
        for m in _NAME.finditer(marked):
            plain.append(marked[last : m.start()])
            start = m.start() - shift
            spans.add((start, start + len(m.group(1))))
            plain.append(m.group(1))
            shift += 2
            last = m.end()
        plain.append(marked[last:])
        out.append((kind, "".join(plain), spans))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--misses", action="store_true", help="print the names missed and the spans wrongly tagged")
    args = ap.parse_args(argv)
    from kg.nlp import tag_lines

    cases = read_cases(args.cases)
    tagged = tag_lines([c[1] for c in cases])
    found, total, wrong = Counter(), Counter(), Counter()
    for (kind, text, gold), ents in zip(cases, tagged, strict=True):
        pred = {(s, e) for s, e, label in ents if label == "PERSON"}
        total[kind] += len(gold)
        found[kind] += len(gold & pred)
        wrong[kind] += len(pred - gold)
        if args.misses and pred != gold:
            print(f"{kind}\t{text}\tmissed={[text[s:e] for s, e in sorted(gold - pred)]}"
                  f"\twrong={[text[s:e] for s, e in sorted(pred - gold)]}")
    print("| kind | names | PERSON recall | PERSON precision |")
    print("| --- | ---: | ---: | ---: |")
    for kind in ("three", "after", "list"):
        n, k, w = total[kind], found[kind], wrong[kind]
        print(f"| {kind} | {n} | {k / n:.3f} | {k / (k + w) if k + w else 0:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
