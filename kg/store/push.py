"""``kg push``: send every document graph to another SPARQL server with the Graph Store Protocol.

Each named graph is PUT to ``ENDPOINT?graph=<graph IRI>`` as N-Triples (replacing that graph on the
target), with ``Authorization: Bearer TOKEN`` when a token is given.  The bookkeeping graph stays
local.  Works with Oxigraph (``/store``), Fuseki (``/DATASET/data``), GraphDB and others.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.store import open_store

__all__ = ["push_graphs"]


def push_graphs(store: Path, endpoint: str, *, token: str | None = None, timeout: float = 60.0) -> int:
    """PUT every document graph of the store at ``endpoint``; returns how many were sent."""
    headers = {"Content-Type": "application/n-triples"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    sent = 0
    with open_store(store, create=False, read_only=True) as st, httpx.Client(timeout=timeout) as client:
        for graph in st.graphs():
            body = st.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
            try:
                resp = client.put(endpoint, params={"graph": graph}, content=body, headers=headers)
            except httpx.ConnectError as err:
                raise StoreError(f"{endpoint}: cannot connect ({err}); is the server running and the URL "
                                 "right (e.g. http://localhost:7878/store for Oxigraph)?") from None
            except httpx.HTTPError as err:
                raise StoreError(f"{endpoint}: {type(err).__name__}: {err}") from None
            if resp.status_code >= 400:
                hint = " (check --token / KG_PUSH_TOKEN)" if resp.status_code in (401, 403) else ""
                raise StoreError(f"{endpoint}: PUT graph <{graph}> answered {resp.status_code} "
                                 f"{resp.reason_phrase}{hint}: {resp.text.strip()[:500]} "
                                 f"({sent} graphs had been sent)")
            sent += 1
    return sent
