"""The named queries on a store built from a real bulletin (../shared/corpus), directly and through
the endpoint.  Needs the trained NER model (kg/nlp/model/) and ../shared -- skipped without them."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.sparql.server import create_app, running
from kg.store import open_store
from kg.store.queries import load_queries

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "kg" / "nlp" / "model" / "config.cfg"
BULLETIN = "000_77c57347282a9562.txt"

pytestmark = [pytest.mark.slow, pytest.mark.shared]

# From the text: 沈洁 at the 6-08 visit and 座谈会 and at the 6-07 training with 冯建国; 于英杰 and
# 张桂华 at the 6-02 launch co-hosted by 北京市科协.  A subset that must be there, not the whole list.
EXPECTED = {("2023-06-08", "沈洁"), ("2023-06-07", "沈洁"), ("2023-06-07", "冯建国"),
            ("2023-06-02", "于英杰"), ("2023-06-02", "张桂华")}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, shared_dir) -> Path:
    if not MODEL.exists():
        pytest.skip(f"no trained NER model ({MODEL.relative_to(ROOT)} is absent); `kg train ner` makes it")
    bulletin = shared_dir / "corpus" / BULLETIN
    if not bulletin.exists():
        pytest.skip(f"{bulletin} is absent")
    out = tmp_path_factory.mktemp("bulletin")
    result = CliRunner().invoke(app, ["build", str(bulletin), "-o", str(out), "--store", str(out / "store")])
    assert result.exit_code == 0, result.output
    return out / "store"


def test_queries_real_attendees_of_events_hosted_by(store_dir):
    text = load_queries()["attendees-of-events-hosted-by"].render({"org": "北京市科协", "month": "2023-06"})
    with open_store(store_dir, create=False, read_only=True) as st:
        got = {(r["date"].value, r["attendeeName"].value) for r in st.query(text)}
    assert EXPECTED <= got, sorted(got)


def test_queries_real_attendees_through_the_endpoint_by_alias(store_dir):
    """The same question over HTTP (worker process), the organization named by its alias 市科协."""
    text = load_queries()["attendees-of-events-hosted-by"].render({"org": "市科协", "month": "2023-06"})
    with open_store(store_dir, create=False, read_only=True) as st:
        server = create_app(st, workers=1)
        with running(server) as base:
            r = httpx.post(base + "/sparql", data={"query": text}, timeout=60)
    assert r.status_code == 200, r.text
    got = {(b["date"]["value"], b["attendeeName"]["value"]) for b in r.json()["results"]["bindings"]}
    assert EXPECTED <= got, sorted(got)
