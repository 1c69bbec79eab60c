"""bench/gen_corpus.py and bench/gen_viz_graph.py as modules for the tests (bench/ is not a package)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["gen_corpus", "gen_viz_graph"]


@functools.cache
def _bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def gen_corpus():
    return _bench_module("gen_corpus")


def gen_viz_graph():
    return _bench_module("gen_viz_graph")
