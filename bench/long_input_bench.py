"""Cost per character of one long document: ordinary text repeated, and the same without punctuation.

    PYTHONPATH=. python bench/long_input_bench.py --sizes 25000 200000 1000000
    PYTHONPATH=. python bench/long_input_bench.py --sizes 200000 --profile   # cProfile, top 25

A document of ``size`` characters is an invented news item repeated (names vary per copy, so persons
and organizations grow with the length, as in a long real file); ``flat`` is the same characters with
every punctuation mark and line break removed (one line, no sentence ends).  Each is read, normalized,
structured and extracted (NER model included) as ``kg build`` does for one file; the figure is
microseconds per character, which stays flat when the cost is linear.  Seconds are CPU seconds of
this process (``time.process_time``), with the linear-algebra libraries on one thread, so that other
jobs on the machine move the figures less than wall time would; the wall seconds are printed beside.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy loads: one thread, so CPU seconds measure work

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.ingest import document_from_text  # noqa: E402
from kg.workers import extract_document, load_resources  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国明华立新秀英海燕志强丽娟文斌玉兰晓东春梅"
PLACES = ["青石", "东坪", "云溪", "白沙", "南湖", "凤岭", "柳塘", "金川"]
ITEM = ("{place}区科协召开{n}季度工作会议\n"
        "{n}月{d}日，{place}区科学技术协会召开季度工作会议。区科协党组书记{a}主持会议，副主席{b}通报了"
        "上一阶段的工作情况。会议指出，要围绕科普进社区、青少年科技创新大赛等重点任务，加强与{place}区教育局、"
        "{place}区科技局的协作。{place}区青少年科技辅导员协会理事长{c}作了发言。\n"
        "会后，与会人员参观了{place}区科技馆新展厅。（通讯员 {d2}）\n\n")
PUNCT = re.compile(r"[\s，。、：；！？“”‘’（）《》【】…—,.;:!?()\[\]\"']")


def name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)] + GIVEN[(i * 3 + 1) % len(GIVEN)]


def document(size: int) -> str:
    out, i, total = [], 0, 0
    while total < size:
        item = ITEM.format(place=PLACES[i % len(PLACES)], n=i % 4 + 1, d=i % 28 + 1, a=name(4 * i),
                           b=name(4 * i + 1), c=name(4 * i + 2), d2=name(4 * i + 3))
        out.append(item)
        total += len(item)
        i += 1
    return "".join(out)[:size]


def flat(text: str) -> str:
    """The same characters with punctuation and line breaks removed, cut back to the same length."""
    body = PUNCT.sub("", text)
    while len(body) < len(text):
        body += body
    return body[: len(text)]


def measure(text: str, resources, profile: bool) -> tuple[float, float]:
    """(CPU seconds, wall seconds) to read and extract ``text`` as one file."""
    t0, c0 = time.perf_counter(), time.process_time()
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    doc = document_from_text(text, path=Path("long.txt"))
    extract_document(doc, resources)
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return time.process_time() - c0, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 200_000, 1_000_000])
    ap.add_argument("--shape", choices=["text", "flat", "both"], default="both")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    resources = load_resources(None)
    measure(document(2000), resources, False)  # warm up: lazy loads
    shapes = ["text", "flat"] if args.shape == "both" else [args.shape]
    print(f"{'shape':6} {'chars':>9} {'CPU s':>8} {'wall s':>8} {'µs/char':>8}")
    base: dict[str, float] = {}
    for shape in shapes:
        for size in args.sizes:
            text = document(size) if shape == "text" else flat(document(size))
            cpu, wall = measure(text, resources, args.profile)
            per = cpu / size * 1e6
            base.setdefault(shape, per)
            than_text = f", ×{per / base['text']:.2f} of text at {args.sizes[0]}" if shape == "flat" and "text" in base else ""
            print(f"{shape:6} {size:9d} {cpu:8.2f} {wall:8.2f} {per:8.1f}   ×{per / base[shape]:.2f} of the first size"
                  + than_text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
