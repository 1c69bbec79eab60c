"""Readers for the public NER corpora and the examples we train on.

Every corpus is read into :class:`Sentence` records (text + character spans,
end exclusive) with labels folded to PERSON / ORG / LOC / TITLE.  Each corpus
also says which of our labels it *annotates*; a span that could be an entity
of a label the corpus does not annotate (a title in MSRA, a scenic spot in
CLUENER) is marked *missing* in the training example, so the model is not
taught that it is "not an entity".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import PipelineError

__all__ = [
    "Sentence",
    "Corpus",
    "CORPORA",
    "FOLD",
    "spans_from_tags",
    "read_corpus",
    "find_lexicon_spans",
    "mark_missing_titles",
    "make_example",
]

LABELS = ("PERSON", "ORG", "LOC", "TITLE")

# corpus label -> our label; None = the corpus has the type but we leave it out (O);
# "-" = our label set may overlap it but the corpus decides otherwise: missing.
FOLD: dict[str, dict[str, str | None]] = {
    "cluener": {"name": "PERSON", "organization": "ORG", "government": "ORG", "company": "ORG",
                "address": "LOC", "position": "TITLE", "scene": "-",
                "book": None, "game": None, "movie": None},
    "resume": {"NAME": "PERSON", "ORG": "ORG", "TITLE": "TITLE", "LOC": "LOC", "CONT": "-",
               "EDU": None, "PRO": None, "RACE": None},
    "bio": {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"},
}


@dataclass(slots=True)
class Sentence:
    text: str
    spans: list[tuple[int, int, str]]  # folded, end exclusive
    missing: list[tuple[int, int]] = field(default_factory=list)  # unknown, not "O"


@dataclass(frozen=True, slots=True)
class Corpus:
    name: str
    path: str  # relative to the datasets folder
    fold: str  # key of FOLD
    labels: frozenset[str]  # which of our labels the corpus annotates


CORPORA: dict[str, Corpus] = {
    "msra_train": Corpus("msra_train", "msra_ner/train.char.bio", "bio", frozenset({"PERSON", "ORG", "LOC"})),
    "msra_val": Corpus("msra_val", "msra_ner/val", "bio", frozenset({"PERSON", "ORG", "LOC"})),
    "pd_dev": Corpus("pd_dev", "people_daily_1998_ner/dev.char.bio", "bio",
                     frozenset({"PERSON", "ORG", "LOC"})),
    "cluener_train": Corpus("cluener_train", "cluener2020/train.jsonl", "cluener", frozenset(LABELS)),
    "cluener_dev": Corpus("cluener_dev", "cluener2020/dev.jsonl", "cluener", frozenset(LABELS)),
    "resume_train": Corpus("resume_train", "resume_ner/train.char.bmes", "resume", frozenset(LABELS)),
    "resume_dev": Corpus("resume_dev", "resume_ner/dev.char.bmes", "resume", frozenset(LABELS)),
    "uner_train": Corpus("uner_train", "uner_chinese_gsdsimp/zh_gsdsimp-ud-train.iob2", "bio",
                         frozenset({"PERSON", "ORG", "LOC"})),
    "uner_dev": Corpus("uner_dev", "uner_chinese_gsdsimp/zh_gsdsimp-ud-dev.iob2", "bio",
                       frozenset({"PERSON", "ORG", "LOC"})),
}
TRAIN_CORPORA = ("msra_train", "cluener_train", "resume_train", "uner_train")
DEV_CORPORA = ("pd_dev", "msra_val", "cluener_dev", "resume_dev", "uner_dev")


def spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Character tags in BIO / BIOES / BMES to ``(start, end, label)`` spans (end exclusive)."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    cur: str | None = None
    for i, tag in enumerate([*tags, "O"]):
        pos, _, lab = tag.partition("-")
        pos = pos.upper()
        if pos in ("B", "S", "O") or (pos in ("I", "M", "E") and lab != cur):
            if cur is not None and start is not None:
                spans.append((start, i, cur))
            start, cur = (i, lab) if pos != "O" else (None, None)
            if pos == "S":
                spans.append((i, i + 1, lab))
                start, cur = None, None
        if pos == "E" and cur is not None and start is not None:
            spans.append((start, i + 1, cur))
            start, cur = None, None
    return spans


def _fold(raw: list[tuple[int, int, str]], fold: dict[str, str | None], text: str) -> Sentence:
    spans, missing = [], []
    for s, e, lab in raw:
        ours = fold.get(lab, None)
        if ours == "-":
            missing.append((s, e))
        elif ours is not None:
            spans.append((s, e, ours))
    return Sentence(text, spans, missing)


def _read_char_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    chars: list[str] = []
    tags: list[str] = []
    conll = False
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), tags
                chars, tags = [], []
                continue
            if line.startswith("#"):
                continue
            row = line.split("\t") if "\t" in line else line.split(" ")
            row = [c for c in row if c != ""] or [" ", "O"]
            if len(row) >= 3 and row[0].isdigit():  # CoNLL: idx token TAG (word level)
                conll = True
            if conll:
                tok, tag = row[1], row[2]
                pos, _, lab = tag.partition("-")
                chars.append(tok)
                tags += [tag] + [("I-" + lab) if pos in ("B", "I") else "O"] * (len(tok) - 1)
            else:
                if len(row) == 1:  # a space character: "  O" split to ["O"]
                    row = [" ", row[0]]
                chars.append(row[0])
                tags.append(row[-1])
    if chars:
        yield "".join(chars), tags


def read_corpus(datasets: Path, name: str) -> list[Sentence]:
    """Read one corpus of :data:`CORPORA` from the datasets folder, labels folded."""
    try:
        corpus = CORPORA[name]
    except KeyError:
        raise PipelineError(f"unknown corpus {name!r}; known: {', '.join(CORPORA)}") from None
    path = Path(datasets) / corpus.path
    if not path.exists():
        raise PipelineError(f"{path}: corpus {name} not found; pass the datasets folder (../shared/datasets)")
    fold = FOLD[corpus.fold]
    out: list[Sentence] = []
    if path.is_dir():
        sents = (path / "sentences.txt").read_text(encoding="utf-8").splitlines()
        tags = (path / "tags.txt").read_text(encoding="utf-8").splitlines()
        for s, t in zip(sents, tags, strict=True):
            chars, tg = s.split(), t.split()
            text = "".join(chars)
            out.append(_fold(spans_from_tags(tg[: len(chars)]), fold, text))
    elif path.suffix == ".jsonl":
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            raw = [(s, e + 1, lab) for lab, ents in rec.get("label", {}).items()
                   for positions in ents.values() for s, e in positions]
            out.append(_fold(raw, fold, rec["text"]))
    else:
        for text, tags in _read_char_lines(path):
            out.append(_fold(spans_from_tags(tags), fold, text))
    return out


def find_lexicon_spans(text: str, words: Iterable[str] | frozenset[str], max_len: int = 8
                       ) -> list[tuple[int, int]]:
    """Leftmost-longest occurrences of lexicon words in ``text``."""
    lex = words if isinstance(words, (set, frozenset)) else frozenset(words)
    out = []
    i, n = 0, len(text)
    while i < n:
        for j in range(min(n, i + max_len), i + 1, -1):
            if text[i:j] in lex:
                out.append((i, j))
                i = j
                break
        else:
            i += 1
    return out


def mark_missing_titles(sent: Sentence, titles: frozenset[str]) -> Sentence:
    """For a corpus that does not annotate TITLE: title-like spans become missing, not O."""
    taken = [False] * len(sent.text)
    for s, e, _ in sent.spans:
        for k in range(s, e):
            taken[k] = True
    missing = list(sent.missing)
    for s, e in find_lexicon_spans(sent.text, titles):
        if not any(taken[s:e]):
            missing.append((s, e))
    return Sentence(sent.text, sent.spans, missing)


def make_example(nlp, sent: Sentence):
    """A spaCy ``Example``: gold entities, missing spans as "-", everything else "O"."""
    from spacy.training import Example

    pred = nlp.make_doc(sent.text)
    ref = nlp.make_doc(sent.text)
    ents, missing = [], []
    for s, e, lab in sent.spans:
        span = ref.char_span(s, e, label=lab, alignment_mode="expand")
        if span is not None and len(span):
            ents.append(span)
    for s, e in sent.missing:
        span = ref.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            missing.append(span)
    ents = _drop_overlaps(ents)
    ent_tokens = {i for sp in ents for i in range(sp.start, sp.end)}
    missing = [sp for sp in missing if not any(i in ent_tokens for i in range(sp.start, sp.end))]
    missing = _drop_overlaps(missing)
    ref.set_ents(ents, missing=missing, default="outside")
    return Example(pred, ref)


def _drop_overlaps(spans):
    out, last_end = [], -1
    for sp in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if sp.start >= last_end:
            out.append(sp)
            last_end = sp.end
    return out
