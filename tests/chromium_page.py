"""Headless Chromium for the view tests: launch it, open a page with the network blocked.

Needs Debian's chromium (``apt-get install -y chromium``, or KG_CHROMIUM=path) and the playwright
Python package; ``launch`` skips the calling test cleanly without them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["CHROMIUM", "ARGS", "launch", "Page"]

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def launch() -> Iterator:
    """A headless Chromium browser (playwright), or a skip of the calling test."""
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Page:
    """A page with every non-file request aborted and recorded, errors and dialogs recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 850}, locale="zh-CN")
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on(
            "request",
            lambda req: None if req.url.startswith(("file:", "data:")) else self.outside.append(req.url),
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-drawn='1']", timeout=15_000)

    def clean(self) -> None:
        assert self.outside == [], f"requests left the file: {self.outside}"
        assert self.errors == [], f"errors in the page: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"

    def node_id(self, label: str) -> str:
        return self.page.evaluate("l => window.kg.data.nodes.find(n => n.label === l).id", label)

    def hidden(self, node_id: str) -> bool:
        return bool(self.page.evaluate("id => !!window.kg.nodes.get(id).hidden", node_id))

    def search(self, text: str) -> None:
        self.page.fill("#kg-search", text)
        self.page.wait_for_selector("#kg-suggest li")

    def close(self) -> None:
        self.context.close()
