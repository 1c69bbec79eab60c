"""Rebuild the compact lexicons under kg/nlp/data/ from the permissive public lexicons.

    python -m kg.nlp.compile_lexicons ../shared/datasets

Sources (see kg/nlp/data/NOTICE): HanLP 1.x dictionaries (Apache-2.0), the
administrative divisions of China (WTFPL), Chinese-Names-Corpus surnames
(Apache-2.0), THUOCL place names (MIT), and our own curated lists
(``titles_curated.txt``, ``abbreviations_curated.tsv``).  The abbreviation
corpus in ../shared has no stated license and is not used.

Outputs, one entry a line, sorted, UTF-8:
    surnames.txt  titles.txt  org_suffixes.txt  places.txt  place_suffixes.txt
    orgs.txt  abbreviations.tsv
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["compile_lexicons", "title_words", "curated_titles", "strip_place_suffix", "PLACE_SUFFIXES"]

DATA = Path(__file__).with_name("data")
LEX = "lexicons"

# longest first: 新疆维吾尔自治区 -> 新疆, 延边朝鲜族自治州 -> 延边
PLACE_SUFFIXES = (
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗",
    "林区", "新区", "矿区", "地区", "街道", "省", "市", "区", "县", "镇", "乡", "村", "州", "盟", "旗",
)
_ETHNIC = ("朝鲜族", "土家族", "苗族", "藏族", "彝族", "侗族", "布依族", "哈尼族", "傣族", "蒙古族", "回族",
           "壮族", "瑶族", "羌族", "白族", "黎族", "畲族", "满族", "土族", "撒拉族", "哈萨克族", "柯尔克孜族",
           "景颇族", "傈僳族", "拉祜族", "佤族", "纳西族", "仫佬族", "毛南族", "仡佬族", "水族", "各族")
# title heads: an HanLP nnt position counts as a job title when it ends with one of these
_TITLE_HEADS = ("长", "书记", "主任", "主席", "委员", "常委", "院士", "教授", "研究员", "巡视员", "调研员",
                "总裁", "经理", "董事", "监事", "理事", "总监", "顾问", "秘书", "大使", "领事", "参赞",
                "总理", "总统", "首相", "主编", "总编辑", "工程师", "医师", "讲师", "干事", "专员", "政委",
                "参谋", "司令", "议员", "主委", "执行官", "会计师", "经济师", "农艺师", "审判员", "检察员")
_NOT_TITLES = frozenset({"代表", "成员", "会员", "学员", "团员", "党员", "队员", "组员", "社员", "编委",
                         "纪委", "常委会", "船长", "家长", "班长", "学长", "师长", "兄长", "董秘"})


def _words(path: Path, *, min_freq: int = 0) -> list[str]:
    """First column of a word list; CR-only files, BOMs and ``#`` comments handled."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for line in text.split("\n"):
        parts = line.replace("\t", " ").split()
        if not parts or parts[0].startswith("#"):
            continue
        if min_freq and len(parts) > 1 and parts[-1].isdigit() and int(parts[-1]) < min_freq:
            continue
        out.append(parts[0])
    return out


def curated_titles(data: Path = DATA) -> list[str]:
    return _words(data / "titles_curated.txt")


def title_words(datasets: Path, data: Path = DATA) -> frozenset[str]:
    """All title-like words (HanLP nnt positions + curated): what a corpus without TITLE must not call O."""
    nnt = _words(Path(datasets) / LEX / "hanlp_1x_dictionary" / "positions_nnt.derived.txt")
    return frozenset(w for w in [*nnt, *curated_titles(data)] if 2 <= len(w) <= 8)


def job_titles(datasets: Path, data: Path = DATA) -> list[str]:
    """The titles the title recognizer tags: curated + HanLP nnt positions with a title head."""
    nnt = _words(Path(datasets) / LEX / "hanlp_1x_dictionary" / "positions_nnt.derived.txt")
    picked = {w for w in nnt if w.endswith(_TITLE_HEADS) and 2 <= len(w) <= 8}
    picked |= set(curated_titles(data))
    return sorted(picked - _NOT_TITLES)


def strip_place_suffix(name: str) -> str | None:
    """北京市 -> 北京, 新疆维吾尔自治区 -> 新疆, 朝阳区 -> 朝阳.

    None when less than two characters would be left.
    """
    for suf in PLACE_SUFFIXES:
        if name.endswith(suf):
            core = name[: -len(suf)]
            for eth in _ETHNIC:
                if core.endswith(eth) and len(core) - len(eth) >= 2:
                    core = core[: -len(eth)]
                    break
            return core if len(core) >= 2 else None
    return None


def _admin_divisions(folder: Path) -> set[str]:
    names: set[str] = set()
    for fname in ("provinces.csv", "cities.csv", "areas.csv"):
        with (folder / fname).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                n = row["name"].strip()
                if n and n not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    names.add(n)
    tree = json.loads((folder / "HK-MO-TW.json").read_text(encoding="utf-8"))

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                names.add(k.split("（")[0])
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(tree)
    return names


def _core_entries(path: Path, tags: Iterable[str]) -> list[str]:
    """Words of HanLP's core dictionary whose *first* (most frequent) tag is one of ``tags``."""
    wanted = tuple(tags)
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1] in wanted:
                out.append(parts[0])
    return out


def compile_lexicons(datasets: Path, out: Path = DATA) -> dict[str, int]:
    """Write the compiled lexicons to ``out``; return the entry count of each file."""
    datasets = Path(datasets)
    lex = datasets / LEX
    hanlp = lex / "hanlp_1x_dictionary"
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}

    def write(name: str, items: Iterable[str]) -> None:
        uniq = sorted(set(items))
        (out / name).write_text("".join(x + "\n" for x in uniq), encoding="utf-8")
        counts[name] = len(uniq)

    def is_han(w: str) -> bool:
        return all("\u4e00" <= c <= "\u9fff" or c == "·" for c in w)

    surnames = [w for w in _words(lex / "chinese_names" / "Chinese_Family_Name_1k.derived.tsv")
                if w != "NameB" and is_han(w)]
    write("surnames.txt", surnames)
    write("titles.txt", job_titles(datasets, out if (out / "titles_curated.txt").exists() else DATA))

    org_suffixes = [w for w in _words(hanlp / "org_suffixes_nis.derived.txt") if is_han(w)]
    write("org_suffixes.txt", org_suffixes)

    admin = _admin_divisions(lex / "admin_divisions_cn")
    places = set(admin)
    places |= {s for s in (strip_place_suffix(n) for n in admin) if s}
    places |= {w for w in _core_entries(hanlp / "CoreNatureDictionary.txt", ("ns", "nsf"))
               if len(w) >= 2 and is_han(w)}
    admin_tails = ("省", "市", "县", "区", "镇", "乡", "州", "盟", "旗")
    org_tails = tuple(w for w in org_suffixes if len(w) >= 2) + ("委", "府", "院", "局", "厅", "所")
    for w in _words(lex / "thuocl" / "THUOCL_diming.txt", min_freq=50):
        if 3 <= len(w) <= 8 and is_han(w) and w.endswith(admin_tails) and not w.endswith(org_tails):
            places.add(w)
    write("places.txt", places)
    write("place_suffixes.txt", PLACE_SUFFIXES)

    orgs = set(_words(hanlp / "custom" / "机构名词典.txt"))
    orgs |= set(_core_entries(hanlp / "CoreNatureDictionary.txt",
                              ("nt", "nto", "ntc", "ntcb", "ntcf", "ntch", "nth", "nts", "ntu")))
    write("orgs.txt", (w for w in orgs if len(w) >= 3 and "#" not in w))

    abbr_src = (out if (out / "abbreviations_curated.tsv").exists() else DATA) / "abbreviations_curated.tsv"
    rows = [line for line in abbr_src.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    write("abbreviations.tsv", rows)
    return counts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m kg.nlp.compile_lexicons DATASETS_DIR [OUT_DIR]", file=sys.stderr)
        return 2
    datasets = Path(args[0])
    if not (datasets / LEX).is_dir():
        print(f"{datasets}: no {LEX}/ folder here; pass ../shared/datasets", file=sys.stderr)
        return 2
    out = Path(args[1]) if len(args) == 2 else DATA
    for name, n in compile_lexicons(datasets, out).items():
        print(f"{out / name}: {n}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
