"""The ``kg`` command as a Unix tool beyond ``kg query``: nothing cut in a pipe or a narrow terminal, and a
mistyped ``--store`` is an error naming it, not a new empty store (issue 16, point 1)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.workers as workers
from kg.cli import app

DOC = ("白河科技简讯\n2024年5月9日\n\n5月8日，白河市科学技术协会召开青少年科技教育推进会。"
       "白河市第二中学校长许明轩、白河市科学技术协会副主席高若岚出席会议。\n")
LONG_NAME = "bulletin_baihe_science_association_youth_education_2024_05.txt"


@pytest.fixture
def rules_only(monkeypatch):
    from kg.rules.lexicon import load_lexicon

    resources = workers.Resources(nlp=None, lexicon=load_lexicon())
    monkeypatch.setattr(workers, "load_resources", lambda config=None: resources)
    return resources


@pytest.fixture
def built(rules_only, tmp_path) -> tuple[Path, str]:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / LONG_NAME).write_text(DOC, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(folder), "--store", str(tmp_path / "store"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    return tmp_path / "store", result.output


def test_cli_build_table_in_a_pipe_keeps_whole_file_names(built):
    _store, output = built
    assert LONG_NAME in output
    assert "…" not in output


def test_cli_query_table_in_a_narrow_terminal_wraps_instead_of_cutting(built):
    store, _ = built
    sparql = "SELECT ?p ?n WHERE { ?p a schema:Person ; rdfs:label ?n }"
    tsv = CliRunner().invoke(app, ["query", "--store", str(store), sparql])
    iris = [line.split("\t")[0].strip("<>") for line in tsv.output.splitlines()[1:]]
    assert iris and all(len(i) > 30 for i in iris)
    table = CliRunner().invoke(app, ["query", "--store", str(store), sparql],
                               env={"FORCE_COLOR": "1", "COLUMNS": "40", "NO_COLOR": "1"})
    assert table.exit_code == 0, table.output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", table.output)
    assert "…" not in plain
    assert "┃" in plain  # a table, not TSV: the terminal case
    first_column = "".join(line.split("│")[1].strip() for line in plain.splitlines() if line.startswith("│"))
    for iri in iris:
        assert iri in first_column


def test_cli_query_list_in_a_narrow_terminal_keeps_whole_names(built):
    store, _ = built
    result = CliRunner().invoke(app, ["query", "--list", "--store", str(store)],
                                env={"FORCE_COLOR": "1", "COLUMNS": "50", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    names = "".join(line.split("│")[1].strip() for line in result.output.splitlines() if line.startswith("│"))
    assert "attendees-of-events-hosted-by" in names and "who-held-title-at-organization" in names


def test_cli_remove_from_a_mistyped_store_names_it_and_creates_nothing(tmp_path):
    missing = tmp_path / "stroe"
    result = CliRunner().invoke(app, ["remove", "--store", str(missing), "some-document"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {missing}: no store here")  # one line, the path whole
    assert not missing.exists()


@pytest.mark.parametrize("verb", ["extract", "build", "ner"])
def test_cli_mistyped_config_is_one_usage_error_naming_the_path_as_typed(verb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    args = {"extract": ["a.txt", "-o", "a.ttl"], "build": ["a.txt", "-o", "out", "--store", "store"],
            "ner": ["a.txt", "-o", "a.jsonl"]}[verb]
    result = CliRunner().invoke(app, [verb, *args, "--config", "pipline.cfg"])
    assert result.exit_code == 2
    assert "'pipline.cfg' does not exist" in result.output and str(tmp_path) not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written, no store made
