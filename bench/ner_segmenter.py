"""Character vs jieba segmentation for NER: entity-boundary loss and speed.

    .venv/bin/python bench/ner_segmenter.py ../shared/datasets

NER over word tokens cannot start or end an entity inside a word.  For each dev
set this counts the gold entities whose start or end falls inside a jieba word
(lost for any word-level model), and the entities that share a jieba word with
a title (主席沈洁 as one word), then times both tokenizers.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.nlp.compile_lexicons import title_words  # noqa: E402
from kg.nlp.corpora import DEV_CORPORA, read_corpus  # noqa: E402


def main(datasets: Path) -> None:
    import jieba
    import spacy

    jieba.setLogLevel(60)
    jieba.initialize()
    titles = title_words(datasets)
    print("| dev set | entities | lost with jieba | % | names glued to a title |")
    print("| --- | ---: | ---: | ---: | ---: |")
    all_text = []
    for name in DEV_CORPORA:
        sents = read_corpus(datasets, name)
        total = lost = glued = 0
        for s in sents:
            all_text.append(s.text)
            bounds = {0, len(s.text)}
            words = []
            pos = 0
            for w in jieba.cut(s.text, HMM=True):
                words.append((pos, pos + len(w), w))
                pos += len(w)
                bounds.add(pos)
            for st, en, lab in s.spans:
                total += 1
                if st not in bounds or en not in bounds:
                    lost += 1
                    if lab == "PERSON" and any(ws < en and st < we and any(t in w for t in titles)
                                               for ws, we, w in words):
                        glued += 1
        print(f"| {name} | {total} | {lost} | {100 * lost / max(total, 1):.1f} | {glued} |")
    text = all_text[:4000]
    n = sum(len(t) for t in text)
    for seg in ("char", "jieba"):
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": seg}}})
        nlp.make_doc("预热")
        t0 = time.perf_counter()
        for t in text:
            nlp.make_doc(t)
        dt = time.perf_counter() - t0
        print(f"tokenizer {seg}: {n / dt:,.0f} chars/s over {n:,} chars")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"))
