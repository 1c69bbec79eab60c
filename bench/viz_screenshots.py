"""The screenshots of docs/img/: the bundled sample's views in headless Chromium (not a test).

    PYTHONPATH=. .venv/bin/python bench/viz_screenshots.py [--out docs/img] [--work /tmp/kg-shots]

Builds data/sample into a fresh store, writes its views, prints the folder's size, and
shoots graph, timeline, coattendance, organizations and the ego page of the most connected
person at their first zoom (1400 × 850, the network blocked).  Needs a CJK font for the
labels to read (Debian: fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import kg
from kg.viz import write_views

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from chromium_page import ARGS  # noqa: E402  (the browser tests' flags: one list for tests and benches)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-shots"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    kg.build([ROOT / "data" / "sample"], args.work / "out", store_dir=args.work / "store", quiet=True)
    views = args.work / "views"
    paths = write_views(views, graph_file=args.work / "out" / "graph.trig")
    size = sum(p.stat().st_size for p in views.rglob("*") if p.is_file())
    print(f"{len(paths)} files, {size / 1e6:.2f} MB in {views}")
    index = (views / "index.html").read_text(encoding="utf-8")
    ego = index.split('href="ego/person-', 1)[1].split('"', 1)[0]
    pages = {
        "graph": "graph.html",
        "timeline": "timeline.html",
        "coattendance": "coattendance.html",
        "organizations": "organizations.html",
        "ego-person": f"ego/person-{ego}",
    }
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
        for name, page_path in pages.items():
            page = browser.new_page(viewport={"width": 1400, "height": 850}, locale="zh-CN")
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto((views / page_path).resolve().as_uri())
            page.wait_for_selector("body[data-stabilized='1']", timeout=30_000)
            page.wait_for_timeout(500)
            shot = args.out / f"viz-{name}.png"
            page.screenshot(path=str(shot))
            print(f"{shot}: {page.evaluate('window.kgLabelBoxes().length')} labels")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
