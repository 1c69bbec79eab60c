"""curl against kg serve: what a user types in a shell works (formats, conneg, errors, auth)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.sparql.server import create_app, running

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "small_graph.trig"
Q = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }"

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@pytest.fixture(scope="module")
def base():
    store = ox.Store()
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    with running(create_app(store, timeout=5.0, max_rows=1000, allow_updates=True, token="s3cret")) as url:
        yield url


def curl(*args: str) -> tuple[int, str, str]:
    out = subprocess.run(["curl", "-s", "-w", "\n%{http_code} %{content_type}", *args],
                         capture_output=True, text=True, timeout=30, check=True).stdout
    body, _, tail = out.rpartition("\n")
    code, _, ctype = tail.partition(" ")
    return int(code), ctype, body


def test_sparql_curl_get_json(base):
    code, ctype, body = curl("-G", f"{base}/sparql", "--data-urlencode", f"query={Q}",
                             "-H", "Accept: application/sparql-results+json")
    assert code == 200 and ctype.startswith("application/sparql-results+json")
    names = {b["name"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert {"林晓峰", "周敏"} <= names


def test_sparql_curl_post_direct_csv(base):
    code, ctype, body = curl("-X", "POST", f"{base}/sparql", "-H", "Content-Type: application/sparql-query",
                             "-H", "Accept: text/csv", "--data-binary", Q)
    assert code == 200 and ctype.startswith("text/csv")
    assert body.splitlines()[0].strip() == "name" and "林晓峰" in body


def test_sparql_curl_construct_turtle_by_q_values(base):
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://schema.org/Person> ; ?p ?o }"
    code, ctype, body = curl("-G", f"{base}/sparql", "--data-urlencode", f"query={q}",
                             "-H", "Accept: application/rdf+xml;q=0.5, text/turtle;q=0.9")
    assert code == 200 and ctype.startswith("text/turtle") and "林晓峰" in body


def test_sparql_curl_bad_query_is_400_with_position(base):
    code, _, body = curl("-G", f"{base}/sparql", "--data-urlencode", "query=SELECT ?x WHERE { ?x ?y }")
    assert code == 400 and "line" in body.lower()


def test_sparql_curl_update_needs_the_token(base):
    upd = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    code, _, _ = curl("-X", "POST", f"{base}/sparql", "-H", "Content-Type: application/sparql-update",
                      "--data-binary", upd)
    assert code == 403
    code, _, _ = curl("-X", "POST", f"{base}/sparql", "-H", "Content-Type: application/sparql-update",
                      "-H", "Authorization: Bearer s3cret", "--data-binary", upd)
    assert code in (200, 204)
