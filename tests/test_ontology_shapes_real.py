"""The SHACL shapes (ontology/shapes.ttl) on what ``kg build`` really writes: data/sample and the
shared corpus.  Needs the trained NER model (kg/nlp/model/) -- skipped while it is absent."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "kg" / "nlp" / "model" / "config.cfg"

pytestmark = pytest.mark.slow


def kg_build(inputs: list[Path], folder: Path) -> rdflib.Dataset:
    """``kg build INPUTS -o FOLDER --store FOLDER/store``; the graph it exported."""
    if not MODEL.exists():
        pytest.skip(f"no trained NER model ({MODEL.relative_to(ROOT)} is absent); `kg train ner` makes it")
    result = CliRunner().invoke(app, ["build", *map(str, inputs), "-o", str(folder),
                                      "--store", str(folder / "store")])
    assert result.exit_code == 0, result.output
    ds = rdflib.Dataset()
    ds.parse(folder / "graph.trig", format="trig")
    return ds


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")


@pytest.fixture(scope="module")
def sample_graph(tmp_path_factory) -> rdflib.Dataset:
    return kg_build([ROOT / "data" / "sample"], tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory, shared_dir) -> rdflib.Dataset:
    return kg_build(sorted((shared_dir / "corpus").glob("*.txt")), tmp_path_factory.mktemp("corpus"))


def _violations(graph: rdflib.Graph, shapes: rdflib.Graph) -> str | None:
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return None if conforms else text


def _documents(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for g in ds.graphs():
        if len(g):
            plain = rdflib.Graph()
            for t in g:
                plain.add(t)
            out[str(g.identifier)] = plain
    return out


def _union(ds: rdflib.Dataset) -> rdflib.Graph:
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def test_ontology_shapes_real_sample_union_conforms(sample_graph, shapes):
    assert len(_documents(sample_graph)) >= 5
    assert (text := _violations(_union(sample_graph), shapes)) is None, text


def test_ontology_shapes_real_sample_each_document_graph_conforms(sample_graph, shapes):
    """Each document graph stands alone (the store drops and replaces them one by one; the named
    queries match an event with its attendees' and organizers' names inside one graph)."""
    bad = {iri: text for iri, g in _documents(sample_graph).items() if (text := _violations(g, shapes))}
    assert not bad, "\n\n".join(f"{iri}\n{text}" for iri, text in bad.items())


@pytest.mark.shared
def test_ontology_shapes_real_corpus_union_conforms(corpus_graph, shapes):
    assert len(_documents(corpus_graph)) >= 10
    assert (text := _violations(_union(corpus_graph), shapes)) is None, text


@pytest.mark.shared
def test_ontology_shapes_real_corpus_each_document_graph_conforms(corpus_graph, shapes):
    bad = {iri: text for iri, g in _documents(corpus_graph).items() if (text := _violations(g, shapes))}
    assert not bad, "\n\n".join(f"{iri}\n{text}" for iri, text in bad.items())
