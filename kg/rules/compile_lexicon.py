"""Rebuild kg/rules/data/ from the public lexicons: ``python -m kg.rules.compile_lexicon ../shared/datasets``.

- surname_freq.tsv   surname and relative frequency (chinese_names, Apache-2.0)
- person_names.txt   2-3 character personal names (HanLP 1.x 人名词典, Apache-2.0)
- common_words.txt   frequent 2-3 character words that are not personal names (jieba's dictionary, MIT):
                     a candidate name that is one of these (代表, 主持) is rejected
- frequent_words.txt very frequent words (jieba's dictionary): never the short form of a place (中心, 新城)
- verbs.txt          two-character verbs (jieba's dictionary): no one-character-suffix name holds one
- cut_words.txt      verbs, adverbs, conjunctions… (jieba's dictionary): an organization name starts after them
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).with_name("data")


def compile_lexicon(datasets: Path, out: Path = DATA) -> None:
    lex = datasets / "lexicons"
    out.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader((lex / "chinese_names/Chinese_Family_Name_1k.derived.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    (out / "surname_freq.tsv").write_text(
        "".join(f"{r['NameB']}\t{r['TF']}\n" for r in rows), encoding="utf-8")
    names = set()
    for line in (lex / "hanlp_1x_dictionary/custom/人名词典.txt").open(encoding="utf-8"):
        parts = line.split()
        if parts and 2 <= len(parts[0]) <= 3 and parts[1:2] == ["nr"]:
            names.add(parts[0])
    (out / "person_names.txt").write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    common = sorted(w for w, tag in jieba.posseg.dt.word_tag_tab.items()
                    if 2 <= len(w) <= 3 and not tag.startswith(("nr", "ns")) and jieba.dt.FREQ.get(w, 0) >= 20)
    (out / "common_words.txt").write_text("\n".join(common) + "\n", encoding="utf-8")
    cut_tags = {"v", "vn", "d", "p", "c", "a", "ad", "b", "r", "u", "vd", "vg", "i", "l"}
    cut = sorted(w for w, tag in jieba.posseg.dt.word_tag_tab.items()
                 if 1 <= len(w) <= 3 and tag in cut_tags and jieba.dt.FREQ.get(w, 0) >= 100)
    (out / "cut_words.txt").write_text("\n".join(cut + ["领导", "同志"]) + "\n", encoding="utf-8")
    frequent = sorted(w for w, f in jieba.dt.FREQ.items() if 2 <= len(w) <= 3 and f >= 3000)
    (out / "frequent_words.txt").write_text("\n".join(frequent) + "\n", encoding="utf-8")
    verbs = sorted(w for w, tag in jieba.posseg.dt.word_tag_tab.items()
                   if len(w) == 2 and tag == "v" and jieba.dt.FREQ.get(w, 0) >= 100)
    (out / "verbs.txt").write_text("\n".join(verbs) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    compile_lexicon(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"))
