"""Bench (not a test): a generated graph of ~5,000 entities -> the whole-graph view -> headless Chromium.

    .venv/bin/python bench/viz_bench.py [--nodes 5000] [--seed 1] [--out bench/out/viz]

Prints: model build time, layout + HTML time and size, then the page's own timings in
Chromium: first draw and "stabilized" (physics is off above 300 nodes, so the two are equal),
both measured from navigation start.  Network blocked as in the tests.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.graph.vocab import KGO, ORG, RDFS, SDO, SKOS

BASE = "https://w3id.org/zhkg/id/bench/"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
ROLES = [KGO.chair, KGO.speaker, KGO.participant, KGO.participant, KGO.participant, KGO.guide]
TITLES = ["主席", "副主席", "党组书记", "秘书长", "理事长", "院长", "教授", "主任"]


def generate(n: int, seed: int) -> Dataset:
    rnd = random.Random(seed)
    n_person, n_org, n_event, n_place = int(n * 0.6), int(n * 0.12), int(n * 0.24), int(n * 0.04)
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef(BASE + "graph/1"))
    iri = lambda kind, i: URIRef(f"{BASE}{kind}/{i}")  # noqa: E731
    for i in range(n_person):
        p = iri("person", i)
        g.add((p, RDF.type, SDO.Person))
        g.add(
            (
                p,
                RDFS.label,
                Literal(rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN) + str(i), lang="zh"),
            )
        )
        for j in range(rnd.choice([0, 1, 1, 2])):
            post, role = iri("post", f"{i}-{j}"), iri("role", rnd.randrange(len(TITLES)))
            g.add((p, ORG.holds, post))
            g.add((post, ORG.role, role))
            g.add((role, SKOS.prefLabel, Literal(TITLES[int(str(role).rsplit("/", 1)[1])], lang="zh")))
            g.add((post, ORG.postIn, iri("org", int(rnd.paretovariate(1.2)) % n_org)))
    for i in range(n_org):
        o = iri("org", i)
        g.add((o, RDF.type, ORG.Organization))
        g.add((o, RDFS.label, Literal(f"第{i}科技协会", lang="zh")))
        g.add((o, SKOS.altLabel, Literal(f"{i}协", lang="zh")))
    for i in range(n_place):
        g.add((iri("place", i), RDF.type, SDO.Place))
        g.add((iri("place", i), RDFS.label, Literal(f"第{i}会堂", lang="zh")))
    for i in range(n_event):
        e = iri("event", i)
        g.add((e, RDF.type, SDO.Event))
        g.add((e, RDFS.label, Literal(f"座谈会{i}", lang="zh")))
        date = f"2023-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        g.add((e, SDO.startDate, Literal(date, datatype=XSD.date)))
        g.add((e, SDO.location, iri("place", rnd.randrange(n_place))))
        host = iri("org", int(rnd.paretovariate(1.0)) % n_org)
        g.add((e, SDO.organizer, host))
        g.add((e, KGO.host, host))
        for _ in range(rnd.randint(2, 6)):
            p = iri(
                "person",
                int(rnd.paretovariate(0.8)) % n_person if rnd.random() < 0.3 else rnd.randrange(n_person),
            )
            g.add((e, SDO.attendee, p))
            g.add((e, rnd.choice(ROLES), p))
    return ds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("bench/out/viz"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from kg.viz.model import build_model
    from kg.viz.render import render_view
    from kg.viz.views import whole_graph

    t = time.perf_counter()
    ds = generate(args.nodes, args.seed)
    print(f"generated {len(ds)} triples in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    model = build_model(ds)
    print(
        f"model: {len(model.entities)} entities, {len(model.links())} links "
        f"in {time.perf_counter() - t:.1f} s"
    )
    t = time.perf_counter()
    view = whole_graph(model)
    html = render_view(view, model)
    path = args.out / "graph.html"
    path.write_text(html, encoding="utf-8")
    print(
        f"whole-graph view (layout + HTML): {time.perf_counter() - t:.1f} s, "
        f"{path.stat().st_size / 1e6:.2f} MB, {len(view.nodes)} nodes, {len(view.links)} edges"
    )

    from playwright.sync_api import sync_playwright

    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=flags)
        for run in range(3):
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            outside: list[str] = []
            page.route(
                "**/*",
                lambda r, outside=outside: (
                    r.continue_()
                    if r.request.url.startswith(("file:", "data:"))
                    else (outside.append(r.request.url), r.abort())
                ),
            )
            t = time.perf_counter()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-stabilized='1']", timeout=120_000)
            wall = time.perf_counter() - t
            timing = page.evaluate("window.kg.timing")
            drawn = page.evaluate("Object.keys(window.kg.network.body.nodes).length")
            print(
                f"chromium run {run + 1}: script start {timing['scriptStart'] / 1000:.2f} s, first draw "
                f"{timing['firstDraw'] / 1000:.2f} s, stabilized {timing['stabilized'] / 1000:.2f} s "
                f"(from navigation start); wall {wall:.2f} s; {drawn} nodes drawn; "
                f"{len(outside)} outside requests"
            )
            if run == 0:
                page.screenshot(path=str(args.out / "graph-5000.png"))
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
