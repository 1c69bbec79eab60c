"""Shared fixtures.  Tests that need ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is not here")
    return SHARED


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def small_graph_path() -> Path:
    return FIXTURES / "small_graph.trig"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium of tests/chromium_page.py, one per test module (a skip without Chromium)."""
    from chromium_page import launch

    with launch() as b:
        yield b
