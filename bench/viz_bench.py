"""Bench (not a test): a generated graph of ~5,000 entities -> the whole-graph view -> headless Chromium;
or the size of the view folder for generated graphs of 100, 1,000 and 10,000 persons.

    PYTHONPATH=. .venv/bin/python bench/viz_bench.py [--nodes 5000] [--seed 1] [--out bench/out/viz]
    PYTHONPATH=. .venv/bin/python bench/viz_bench.py --sizes 100 1000 10000

The graphs come from bench/gen_viz_graph.py.  --sizes prints a Markdown table: the folder
kg viz writes (index, four views, 60 ego pages, lib/, details.js), lib/ (vis-network and our
scripts), details.js (what the graph says of each entity, once), the pages, the folder beyond
details.js, and the graph itself as TriG for comparison.

Prints: model build time, layout + HTML time and size, then the page's own timings in
Chromium: first draw and "stabilized" (physics is off above 300 nodes, so the two are equal),
both measured from navigation start.  Network blocked as in the tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import gen_viz_graph  # bench/ is on the path when this file is run


def generate(n: int, seed: int):
    """~``n`` entities: 60 % persons, 24 % events, 12 % organizations, 4 % places."""
    return gen_viz_graph.generate(
        persons=int(n * 0.6), events=int(n * 0.24), orgs=int(n * 0.12), places=int(n * 0.04), seed=seed
    )


def folder_sizes(persons_list: list[int], out: Path, seed: int) -> None:
    """For each count of persons: a generated graph (events = 15 % of persons, as 300 per 2,000),
    all its views written by write_model_views, and the folder's size, part by part."""
    from kg.viz import build_model, write_model_views
    from kg.viz.render import DETAILS_FILE, LIB_DIR

    def mb(size: int) -> str:
        return f"{size / 1e6:.2f}"

    def du(path: Path) -> int:
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())

    print(
        "| persons | entities | pages | folder MB | lib/ MB | details.js MB | pages MB | beyond details.js MB "
        "| graph as TriG MB | write s |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for persons in persons_list:
        ds = gen_viz_graph.generate(persons=persons, events=max(10, persons * 3 // 20), seed=seed)
        folder = out / f"views-{persons}"
        shutil.rmtree(folder, ignore_errors=True)
        trig = out / f"graph-{persons}.trig"
        ds.serialize(trig, format="trig")
        model = build_model(ds)
        t = time.perf_counter()
        paths = write_model_views(model, folder)
        secs = time.perf_counter() - t
        total, lib, details = du(folder), du(folder / LIB_DIR), (folder / DETAILS_FILE).stat().st_size
        pages = sum(1 for p in paths if p.suffix == ".html")
        print(
            f"| {persons:,} | {len(model.entities):,} | {pages} | {mb(total)} | {mb(lib)} | {mb(details)} "
            f"| {mb(total - lib - details)} | {mb(total - details)} | {mb(trig.stat().st_size)} | {secs:.0f} |",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("bench/out/viz"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        metavar="PERSONS",
        help="instead: the size of the view folder for generated graphs of so many persons (100 1000 10000)",
    )
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.sizes is not None:
        folder_sizes(args.sizes or [100, 1000, 10000], args.out, args.seed)
        return

    from kg.viz.model import build_model
    from kg.viz.render import render_view, write_lib
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
    write_lib(args.out)  # the page loads lib/ beside it
    path = args.out / "graph.html"
    path.write_text(html, encoding="utf-8")
    print(
        f"whole-graph view (layout + HTML): {time.perf_counter() - t:.1f} s, "
        f"{path.stat().st_size / 1e6:.2f} MB, {len(view.nodes)} nodes, {len(view.links)} edges"
    )

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from chromium_page import ARGS as flags  # the browser tests' flags: one list for both
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
