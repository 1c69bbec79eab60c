"""``kg query`` and ``kg --version`` as a Unix tool: whole cells outside a terminal, parameters that
must be given, a warning for the wrong schema.org namespace."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("sample")
    result = CliRunner().invoke(app, ["build", str(ROOT / "data" / "sample"), "--store", str(base / "store"),
                                      "-o", str(base / "out")])
    assert result.exit_code == 0, result.output
    return base / "store"


def test_cli_version_prints_the_package_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"kg {__version__}"


def test_cli_query_list_in_a_pipe_gives_whole_names(sample_store):
    result = CliRunner().invoke(app, ["query", "--list", "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t") == ["name", "parameters", "what it answers"]
    names = {line.split("\t")[0] for line in lines[1:]}
    assert {"attendees-of-events-hosted-by", "who-held-title-at-organization"} <= names
    assert "…" not in result.output


def test_cli_query_results_in_a_pipe_are_tab_separated_and_uncut(sample_store):
    result = CliRunner().invoke(app, ["query", "--store", str(sample_store),
                                      "SELECT ?p ?n WHERE { ?p a schema:Person ; rdfs:label ?n }"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[0] == ["?p", "?n"]
    assert len(rows) > 5 and all(r[0].startswith("<https://w3id.org/zhkg/id/") and r[0].endswith(">")
                                 for r in rows[1:])


def test_cli_named_query_without_its_parameters_fails_naming_them(sample_store):
    result = CliRunner().invoke(app, ["query", "--store", str(sample_store), "-n", "attendees-of-events-hosted-by",
                                      "-p", "org=南江市科协"])
    assert result.exit_code == 1
    assert "month" in result.output and "YYYY-MM" in result.output and "org=VALUE" not in result.output


def test_cli_readme_example_of_a_named_query_answers_on_the_sample(sample_store):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("kg query --store DIR -n attendees-of-events"))
    args = line.split()[1:]
    args[args.index("DIR")] = str(sample_store)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) > 3


def test_cli_query_with_http_schema_org_warns(sample_store):
    result = CliRunner().invoke(app, ["query", "--store", str(sample_store),
                                      "SELECT ?p WHERE { ?p a <http://schema.org/Person> }"])
    assert result.exit_code == 0
    assert "https://schema.org/" in result.output and "warning" in result.output


def test_cli_query_list_shows_each_parameter_with_its_meaning(sample_store):
    result = CliRunner().invoke(app, ["query", "--list", "--store", str(sample_store)])
    row = next(line.split("\t") for line in result.output.splitlines()
               if line.startswith("attendees-of-events-hosted-by\t"))
    assert "org=北京市科协 (label or alias of the organizing organization)" in row[1]
    assert "month=2023-06 (YYYY-MM)" in row[1]


def test_cli_named_query_optional_parameter_may_be_left_out(sample_store):
    """``# param: year ?= any`` declares a default: the query runs without -p year, and --list says so."""
    base = ["query", "--store", str(sample_store), "-n", "who-held-title-at-organization"]
    result = CliRunner().invoke(app, [*base, "-p", "title=党组书记", "-p", "org=南江市科协"])
    assert result.exit_code == 0, result.output
    assert "林书远" in result.output
    missing = CliRunner().invoke(app, [*base, "-p", "org=南江市科协"])
    assert missing.exit_code == 1 and "title" in missing.output and "year" not in missing.output.split("needs")[1]
    assert "SPARQL error" not in missing.output  # the call is wrong, not the query's SPARQL
    unknown = CliRunner().invoke(app, ["query", "--store", str(sample_store), "-n", "no-such-query"])
    assert unknown.exit_code == 1 and "SPARQL error" not in unknown.output and "--list" in unknown.output
    bad = CliRunner().invoke(app, ["query", "--store", str(sample_store), "SELECT ?x WHERE { ?x"])
    assert bad.exit_code == 1 and "SPARQL error" in bad.output  # a parse error still says so
    listed = CliRunner().invoke(app, ["query", "--list", "--store", str(sample_store)])
    assert "year?=any" in listed.output
    one = CliRunner().invoke(app, ["query", "--list", "-n", "who-held-title-at-organization"])
    assert one.exit_code == 0 and one.output.count("\n") == 2 and "title=" in one.output  # header + that query
