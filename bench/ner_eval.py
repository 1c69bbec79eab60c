"""Score NER on the dev sets with ../shared/eval/ner_score.py, and time the pipeline.

    .venv/bin/python bench/ner_eval.py ../shared/datasets [--systems jieba,model,pipeline] [--speed]

Rows (one per system and dev set), each reproducible by hand, e.g. for PD dev:
    python ../shared/eval/ner_score.py sentences ../shared/datasets/people_daily_1998_ner/dev.char.bio > s.txt
    kg ner s.txt -o pred.jsonl                                   # (c) full pipeline
    python ../shared/eval/ner_score.py score ../shared/datasets/people_daily_1998_ner/dev.char.bio pred.jsonl
(b) is the same with the model alone (``nlp.after_ner = []``), (a) is jieba.posseg
(nr -> PERSON, ns -> LOC, nt -> ORG).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.nlp.corpora import CORPORA, DEV_CORPORA  # noqa: E402

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ner_score.py"
MODEL_ONLY = {"nlp.after_ner": []}
EXTRA: dict = {}
SETS: list[str] = list(DEV_CORPORA)
UNSEEN: list[bool] = []  # --model PATH -> {"paths.model": PATH}


def sentences(gold: Path) -> list[str]:
    out = subprocess.run([sys.executable, str(SCORER), "sentences", str(gold)], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    lines = out.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def score(gold: Path, pred: list[list[tuple[int, int, str]]], texts: list[str]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        for t, ents in zip(texts, pred, strict=True):
            fh.write(json.dumps({"text": t, "ents": [list(e) for e in ents]}, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), "score", str(gold), fh.name, "--json"], check=True,
                         capture_output=True, text=True, encoding="utf-8").stdout
    os.unlink(fh.name)
    return json.loads(res.splitlines()[0])


def jieba_baseline(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)
    fold = {"nr": "PERSON", "ns": "LOC", "nt": "ORG"}
    out = []
    for t in texts:
        ents, pos = [], 0
        for w, flag in pseg.cut(t):
            if flag in fold:
                ents.append((pos, pos + len(w), fold[flag]))
            pos += len(w)
        out.append(ents)
    return out


def spacy_system(texts: list[str], overrides: dict | None) -> list[list[tuple[int, int, str]]]:
    from kg.nlp.pipeline import chunk_text, load_pipeline, to_simplified

    nlp = load_pipeline(None, {**(overrides or {}), **EXTRA})
    out = []
    for t in texts:
        ents = []
        for off, piece in chunk_text(to_simplified(t), 2000):
            if piece.strip():
                ents += [(off + e.start_char, off + e.end_char, e.label_) for e in nlp(piece).ents]
        out.append(ents)
    return out


def unseen_gold(datasets: Path, name: str, tmp: Path) -> Path:
    """A char-BIO copy (outside the repo) of a dev set without the sentences that occur verbatim
    in the training corpora: MSRA train holds most of PD dev and MSRA val."""
    from kg.nlp.corpora import TRAIN_CORPORA, read_corpus

    seen = {s.text for c in TRAIN_CORPORA for s in read_corpus(datasets, c)}
    out = tmp / f"{name}.unseen.char.bio"
    with out.open("w", encoding="utf-8") as fh:
        for sent in read_corpus(datasets, name):
            if sent.text in seen or not sent.text.strip() or " " in sent.text:
                continue
            tags = ["O"] * len(sent.text)
            for st, en, lab in sent.spans:
                tags[st] = "B-" + lab
                for k in range(st + 1, en):
                    tags[k] = "I-" + lab
            fh.write("".join(f"{c} {t}\n" for c, t in zip(sent.text, tags, strict=True)) + "\n")
    return out


def run_systems(datasets: Path, systems: list[str]) -> None:
    print("| system | dev set | P | R | F1 | PERSON R | PERSON F1 | ORG F1 | LOC F1 | TITLE F1 |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for system in systems:
        for name in SETS:
            gold = datasets / CORPORA[name].path
            if UNSEEN:
                gold = unseen_gold(datasets, name, Path(tempfile.mkdtemp()))
                name += " (unseen)"
            texts = sentences(gold)
            if system == "jieba":
                pred = jieba_baseline(texts)
            else:
                pred = spacy_system(texts, MODEL_ONLY if system == "model" else None)
            r = score(gold, pred, texts)
            m = r["micro"]
            per = " | ".join(f"{r[lab]['f1']:.3f}" if lab in r else "–"
                             for lab in ("PERSON", "ORG", "LOC", "TITLE"))
            person_recall = f"{r['PERSON']['recall']:.3f}" if "PERSON" in r else "–"
            print(f"| {system} | {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} "
                  f"| {person_recall} | {per} |",
                  flush=True)


def run_speed(datasets: Path) -> None:
    """Wall time and CPU time of one process; on a shared machine the CPU figure is the fair one."""
    w0, c0 = time.perf_counter(), time.process_time()
    from kg.nlp.pipeline import load_pipeline

    load_pipeline(None, EXTRA or None)
    load_wall, load_cpu = time.perf_counter() - w0, time.process_time() - c0
    texts = sentences(datasets / CORPORA["msra_val"].path) + sentences(datasets / CORPORA["pd_dev"].path)
    n = sum(len(t) for t in texts)
    for label, overrides in (("model alone", MODEL_ONLY), ("full pipeline", None)):
        nlp = load_pipeline(None, {**(overrides or {}), **EXTRA} or None)
        list(nlp.pipe(texts[:200]))
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=nlp.batch_size):
            pass
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print(f"{label}: {n / cpu:,.0f} chars per CPU second ({n / wall:,.0f} chars/s wall) "
              f"over {n:,} chars, 1 process, 1 thread")
    print(f"load (import spaCy, model, lexicons): {load_cpu:.2f} CPU s ({load_wall:.2f} s wall)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("datasets", type=Path, nargs="?", default=Path("../shared/datasets"))
    ap.add_argument("--systems", default="jieba,model,pipeline")
    ap.add_argument("--speed", action="store_true", help="time loading and tagging instead of scoring")
    ap.add_argument("--model", help="score this model folder instead of kg/nlp/model")
    ap.add_argument("--sets", default=",".join(DEV_CORPORA), help="dev sets, comma separated")
    ap.add_argument("--unseen", action="store_true",
                    help="score only dev sentences that do not occur in the training corpora")
    a = ap.parse_args()
    if a.unseen:
        UNSEEN.append(True)
    if a.model:
        EXTRA["paths.model"] = str(Path(a.model).resolve())
    SETS[:] = [s for s in a.sets.split(",") if s]
    if a.speed:
        run_speed(a.datasets)
    else:
        run_systems(a.datasets, [s for s in a.systems.split(",") if s])


if __name__ == "__main__":
    main()
