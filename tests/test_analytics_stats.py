"""kg.analytics on a tiny graph whose every number is known (tests/fixtures/viz/tiny.ttl)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest
from rich.console import Console

from kg.analytics import entity_network, export_network, network_stats, print_stats
from kg.viz.model import build_model
from kg.viz.source import read_graph

TINY = Path(__file__).parent / "fixtures" / "viz" / "tiny.ttl"


@pytest.fixture(scope="module")
def model():
    return build_model(read_graph(TINY))


def test_analytics_degree_and_betweenness(model):
    stats = network_stats(model)
    assert (stats.nodes, stats.edges, stats.components) == (9, 8, 1)
    assert [(r.label, r.degree) for r in stats.persons] == [
        ("甲一", 2),
        ("乙一", 1),
        ("乙二", 1),
        ("甲三", 1),
        ("甲二", 1),
    ]
    assert [(r.label, r.degree) for r in stats.organizations] == [("乙会", 2), ("甲会", 1)]
    # 甲一 lies on every path between the 4 nodes of star A and the 4 of star B plus 乙会's 3 ... exactly:
    g = entity_network(model)
    expected = nx.betweenness_centrality(g)
    assert stats.persons[0].betweenness == pytest.approx(expected[stats.persons[0].id], abs=1e-6)
    assert stats.persons[0].betweenness == pytest.approx(16 / 28, abs=1e-6)  # 4 x 4 pairs of 28
    assert not stats.betweenness_sampled


def test_analytics_communities(model):
    assert network_stats(model).communities == [
        ["甲三", "甲二", "甲会", "甲会议"],
        ["乙一", "乙二", "乙会议"],
        ["乙会", "甲一"],
    ]


def test_analytics_counts_and_months(model):
    stats = network_stats(model)
    assert stats.counts == {"person": 5, "organization": 2, "place": 0, "event": 2}
    assert stats.events_by_month == {"2024-03": 1, "--06": 1}


def test_analytics_json_output(model):
    out = io.StringIO()
    print_stats(graph=read_graph(TINY), as_json=True, console=Console(file=out, width=200))
    data = json.loads(out.getvalue())
    assert data["persons"][0]["label"] == "甲一" and data["counts"]["event"] == 2


def test_analytics_tables_show_names_as_text():
    g = read_graph(TINY)
    g.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        'DELETE { ?s rdfs:label "甲一" } INSERT { ?s rdfs:label "[bold]甲一[/bold]" } '
        'WHERE { ?s rdfs:label "甲一" }'
    )
    out = io.StringIO()
    print_stats(graph=g, console=Console(file=out, width=200))
    assert "[bold]甲一[/bold]" in out.getvalue()


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_analytics_export_round_trip(model, tmp_path, suffix):
    path = export_network(model, tmp_path / f"net{suffix}")
    g = entity_network(model)
    back = nx.read_gexf(path) if suffix == ".gexf" else nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in g.edges}
    for n, data in g.nodes(data=True):
        assert back.nodes[n]["label"] == data["label"] and back.nodes[n]["kind"] == data["kind"]
    a1 = next(n for n, lab in g.nodes(data="label") if lab == "甲一")
    ob = next(n for n, lab in g.nodes(data="label") if lab == "乙会")
    assert back[a1][ob]["role"] == "顾问" and float(back[a1][ob]["weight"]) == 1.0


def test_analytics_export_refuses_other_formats(model, tmp_path):
    from kg.errors import OutputError

    with pytest.raises(OutputError, match="gexf"):
        export_network(model, tmp_path / "net.csv")


def test_analytics_cli_stats(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(
        app, ["stats", "--graph", str(TINY), "--json", "--export", str(tmp_path / "n.graphml")]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"] == 9
    assert (tmp_path / "n.graphml").is_file()


def test_viz_cli_viz(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["viz", "--graph", str(TINY), "-o", str(tmp_path / "v")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "v" / "index.html").is_file()
