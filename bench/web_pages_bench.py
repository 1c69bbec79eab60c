"""Saved web pages: how many give the whole article body and none of the furniture, and whether the page's
headline, date and publisher come out right (../shared/web-pages: gold.jsonl, pages/).

    .venv/bin/python bench/web_pages_bench.py [WEB_PAGES_DIR] [--misses]

Readers: ``kg`` (kg.ingest.web.read_web_page) and ``whole`` (every text node of the page, what kg read
before); and, when installed (not dependencies of kg), ``trafilatura`` and ``justext``.  Comparison after
removing white space, as the gold's README says.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.ingest.read import decode_html  # noqa: E402
from kg.ingest.web import read_web_page  # noqa: E402


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def judge(text: str, gold: dict) -> tuple[bool, list[str]]:
    """(whole body: first and last words present, furniture strings left in the text)."""
    t = squash(text)
    whole = squash(gold["body_first"]) in t and squash(gold["body_last"]) in t
    return whole, [f for f in gold.get("furniture", []) if squash(f) and squash(f) in t]


def readers() -> dict:
    from bs4 import BeautifulSoup

    from kg.ingest.web import html_to_text

    out = {"kg": lambda html: read_web_page(html).text,
           "whole": lambda html: html_to_text(BeautifulSoup(html, "lxml"), drop_furniture=False)}
    try:
        import trafilatura

        out["trafilatura"] = lambda html: trafilatura.extract(html) or ""
    except ImportError:
        pass
    try:
        import justext

        out["justext"] = lambda html: "\n".join(p.text for p in justext.justext(html.encode("utf-8"),
                                                justext.get_stoplist("English")) if not p.is_boilerplate)
    except ImportError:
        pass
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "web-pages")
    ap.add_argument("--misses", action="store_true", help="name the pages each reader gets wrong")
    a = ap.parse_args(argv)
    golds = [json.loads(line) for line in (a.folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    pages = {g["file"]: decode_html((a.folder / "pages" / g["file"]).read_bytes())[0] for g in golds}
    print(f"{len(golds)} pages in {a.folder}\n")
    print("| reader | whole body | no furniture | whole and clean |")
    print("| --- | ---: | ---: | ---: |")
    for name, read in readers().items():
        whole = clean = both = 0
        misses = []
        for g in golds:
            ok, left = judge(read(pages[g["file"]]), g)
            whole += ok
            clean += not left
            both += ok and not left
            if not (ok and not left):
                misses.append(f"{g['file']} ({'body cut' if not ok else 'furniture: ' + left[0][:20]})")
        print(f"| {name} | {whole} | {clean} | **{both}** / {len(golds)} |")
        if a.misses and misses:
            print("  misses:", "; ".join(misses))
    meta = {"headline": 0, "date": 0, "publisher": 0}
    wrong = []
    for g in golds:
        page = read_web_page(pages[g["file"]])
        for key, got, want in (("headline", page.headline, g["title"]), ("date", page.date, g["date"]),
                               ("publisher", page.publisher, g["publisher"])):
            right = squash(got) == squash(want) if want else got is None
            meta[key] += right
            if not right:
                wrong.append(f"{g['file']} {key}: {got!r} (gold {want!r})")
    about = [g for g in golds if g.get("about_orgs_people") and g.get("persons")]
    found_all = 0
    for g in about:
        from rdflib import RDFS

        import kg

        labels = {squash(q[2]) for q in kg.extract([a.folder / "pages" / g["file"]]).quads((None, RDFS.label, None, None))}
        share = sum(squash(p) in labels for p in g["persons"]) / len(g["persons"])
        found_all += share >= 0.9
        if a.misses and share < 0.9:
            print(f"  persons missed on {g['file']}: {[p for p in g['persons'] if squash(p) not in labels]}")
    print(f"\nkg, pages about organizations and people whose gold persons are found (>= 90 % of them): "
          f"{found_all} / {len(about)}")
    print("\nkg, the page's own metadata right:",
          ", ".join(f"{k} {v} / {len(golds)}" for k, v in meta.items()))
    if a.misses:
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
