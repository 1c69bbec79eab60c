"""Saved web pages: how many give the whole article body and none of the furniture, and whether the page's
headline, date and publisher come out right (../shared/web-pages: gold.jsonl, pages/).

    .venv/bin/python bench/web_pages_bench.py [WEB_PAGES_DIR] [--misses]

The metadata and the persons are read from the graph kg builds of each page (its document's
schema:headline, schema:datePublished and schema:publisher; the persons' labels), and each gold person the
graph lacks is traced to where it was lost.  Readers: ``kg`` (kg.ingest.web.read_web_page) and ``whole``
(every text node of the page, what kg read before); and, when installed (not dependencies of kg),
``trafilatura`` and ``justext`` (``pip install --target DIR trafilatura``, then ``PYTHONPATH=DIR``), with
their metadata beside kg's.  Comparison after removing white space, as the gold's README says.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import RDF, Graph, Namespace  # noqa: E402

from kg.ingest.read import decode_html  # noqa: E402
from kg.ingest.web import read_web_page  # noqa: E402

RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SDO = Namespace("https://schema.org/")
KGO = Namespace("https://w3id.org/zhkg/ontology#")


def squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def judge(text: str, gold: dict) -> tuple[bool, list[str]]:
    """(whole body: first and last words present, furniture strings left in the text)."""
    t = squash(text)
    whole = squash(gold["body_first"]) in t and squash(gold["body_last"]) in t
    return whole, [f for f in gold.get("furniture", []) if squash(f) and squash(f) in t]


def extracted(path: Path):
    """The page through kg's stages, as ``kg extract`` runs them: (Document, NER entities, Extraction, graph)."""
    from kg.graph.document import add_to_dataset
    from kg.ingest import load_document
    from kg.resolve import resolve_document
    from kg.resolve.identity import PersonRegistry
    from kg.rules import find_items
    from kg.workers import load_resources, ner_entities

    res = load_resources()
    doc = load_document(path)
    ents = ner_entities(res.nlp, doc.nlp_text, [(x.span.start, x.span.end) for x in doc.articles] or None)
    ex = resolve_document(find_items(doc, res.lexicon, ner=ents), res.lexicon)
    union = Graph()  # the document's named graph, read as one graph
    for s, p, o, _ in add_to_dataset(ex, PersonRegistry()).quads((None, None, None, None)):
        union.add((s, p, o))
    return doc, ents, ex, union


def graph_metadata(ds) -> dict[str, str | None]:
    """The document's schema:headline, schema:datePublished and the label of its schema:publisher."""
    docs = list(ds.subjects(RDF.type, KGO.Document))
    if len(docs) != 1:
        return {"headline": None, "date": None, "publisher": None}
    d = docs[0]
    publisher = ds.value(d, SDO.publisher)
    return {"headline": _str(ds.value(d, SDO.headline)), "date": _str(ds.value(d, SDO.datePublished)),
            "publisher": _str(ds.value(publisher, RDFS.label)) if publisher is not None else None}


def _str(term) -> str | None:
    return None if term is None else str(term)


def person_lost(name: str, doc, ents, ex) -> str:
    """Where a gold person the graph lacks was lost: not in the text kg read, outside the articles (not
    tagged), merged into a longer name, not an entity, wrong label, wrong bounds, or found by the NER and
    dropped later (rules, resolution)."""
    text = doc.text
    starts = [m.start() for m in re.finditer(re.escape(name), text)]
    if not starts:
        return "not in the text"
    inside = [s for s in starts if any(x.span.start <= s < x.span.end for x in doc.articles)] if doc.articles \
        else starts
    if not inside:
        return "outside the articles"
    rank = {"not an entity": 0, "wrong label": 1, "wrong bounds": 2, "dropped later": 3}
    best = "not an entity"
    for s in inside:
        e = s + len(name)
        for lo, hi, label in ents:
            if hi <= s or lo >= e:
                continue
            why = ("dropped later" if label == "PERSON" else "wrong label") if (lo, hi) == (s, e) else \
                ("wrong bounds" if label == "PERSON" else "wrong label")
            best = max(best, why, key=rank.__getitem__)
    if best == "dropped later" and any(name in p.name and name != p.name for p in ex.persons.values()):
        return "merged into a longer name"  # tagged right once, and resolved into a wrong longer one elsewhere
    return best


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


def alternative_metadata() -> dict:
    """Headline, date and publisher by other readers, when installed: readability-lxml's title (it gives no
    date or publisher) and trafilatura's metadata (title, date, sitename)."""
    from readability import Document as Readable

    out = {"readability-lxml (short title)": lambda html: (Readable(html).short_title(), None, None)}
    try:
        import trafilatura

        def traf(html):
            m = trafilatura.extract_metadata(html)
            return (m.title, m.date, m.sitename) if m else (None, None, None)

        out["trafilatura (metadata)"] = traf
    except ImportError:
        pass
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared" / "web-pages")
    ap.add_argument("--misses", action="store_true", help="name the pages each reader gets wrong")
    ap.add_argument("--only", nargs="+", metavar="FILE", help="only these pages (names as in gold.jsonl)")
    a = ap.parse_args(argv)
    golds = [json.loads(line) for line in (a.folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    golds = [g for g in golds if not a.only or g["file"] in a.only]
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
    print("\n| other reader | headline | date | publisher |\n| --- | ---: | ---: | ---: |")
    for name, read in alternative_metadata().items():
        counts = [0, 0, 0]
        for g in golds:
            for i, (got, want) in enumerate(zip(read(pages[g["file"]]), (g["title"], g["date"], g["publisher"]),
                                                strict=True)):
                counts[i] += squash(got) == squash(want) if want else not got
        print(f"| {name} | " + " | ".join(f"{c} / {len(golds)}" for c in counts) + " |")
    about = [g for g in golds if g.get("about_orgs_people") and g.get("persons")]
    meta = {"headline": 0, "date": 0, "publisher": 0}
    wrong: list[str] = []
    found_all = 0
    losses: Counter = Counter()
    lost_names: dict[str, list[str]] = {}
    for g in golds:
        doc, ents, ex, ds = extracted(a.folder / "pages" / g["file"])
        got = graph_metadata(ds)
        for key, want in (("headline", g["title"]), ("date", g["date"]), ("publisher", g["publisher"])):
            right = squash(got[key]) == squash(want) if want else not got[key] or got[key].startswith("--")
            meta[key] += right
            if not right:
                wrong.append(f"{g['file']} {key}: {got[key]!r} (gold {want!r})")
        if g in about:
            labels = {squash(str(ds.value(p, RDFS.label))) for p in ds.subjects(RDF.type, SDO.Person)}
            share = sum(squash(p) in labels for p in g["persons"]) / len(g["persons"])
            found_all += share >= 0.9
            for person in g["persons"]:
                why = "found" if squash(person) in labels else person_lost(person, doc, ents, ex)
                losses[why] += 1
                if why != "found":
                    lost_names.setdefault(why, []).append(f"{person} ({g['file']})")
    print(f"\nkg, pages about organizations and people whose gold persons are found (>= 90 % of them): "
          f"{found_all} / {len(about)}")
    total = sum(losses.values())
    print(f"gold persons on those pages: {total}; " + ", ".join(f"{k} {v}" for k, v in losses.most_common()))
    print("\nkg, the page's own metadata right in the graph (schema:headline, schema:datePublished, "
          "schema:publisher of the document):", ", ".join(f"{k} {v} / {len(golds)}" for k, v in meta.items()))
    if a.misses:
        print("\n".join(wrong))
        for why, names in lost_names.items():
            print(f"  persons {why}: " + "; ".join(names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
