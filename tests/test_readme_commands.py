"""Every ``kg`` command the README shows answers on the bundled sample (issue 16: the README tells the truth).

The commands are read from README.md's code blocks, so a command added there is run here.  Placeholders
become real paths: DIR a store built from data/sample, FILE... and INPUT... a sample file and the sample
folder, DOC a document of the store, SENTENCES.txt a file of invented sentences; ``[--json]``-style
optional parts are dropped.  Commands that need another server or an hour (serve, push, train) are
left to their own tests, named here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
ELSEWHERE = {"serve": "tests/test_sparql_*.py", "push": "tests/test_store_push.py",
             "train": "tests/test_nlp_training.py"}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    out = []
    for block in blocks:
        for line in block.splitlines():
            line = line.strip()
            for prefix in (".venv/bin/", ""):
                if line.startswith(prefix + "kg "):
                    out.append(line[len(prefix):].split("  #")[0].split(" | ")[0].strip())
                    break
    return list(dict.fromkeys(out))


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("readme")
    result = CliRunner().invoke(app, ["build", str(SAMPLE), "--store", str(base / "store"), "-o", str(base / "out")])
    assert result.exit_code == 0, result.output
    return base / "store"


def test_readme_shows_the_commands_users_rely_on():
    verbs = {c.split()[1] for c in readme_commands()}
    assert {"extract", "build", "query", "viz", "ner", "stats", "remove", "serve"} <= verbs


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_answers_on_the_sample(command, sample_store, tmp_path):
    verb = command.split()[1]
    if verb in ELSEWHERE:
        pytest.skip(f"kg {verb} needs a server or an hour; tested in {ELSEWHERE[verb]}")
    sentences = tmp_path / "sentences.txt"
    sentences.write_text("南江市科协党组书记林书远出席会议。\n", encoding="utf-8")
    text = re.sub(r"\s\[[^\]]*\]", "", command)  # optional parts
    args = shlex.split(text)[1:]
    sample_file = sorted(SAMPLE.glob("*.txt"))[0]
    doc = str(sample_file)
    store = sample_store
    if verb == "remove":  # a store of its own: removing must not change what the other commands ask
        store = tmp_path / "store"
        assert CliRunner().invoke(app, ["build", str(sample_file), "--store", str(store),
                                        "-o", str(tmp_path / "o")]).exit_code == 0
    subst = {"DIR": str(store), "FILE...": str(sample_file), "INPUT...": str(SAMPLE), "DOC": doc,
             "SENTENCES.txt": str(sentences)}
    args = [subst.get(a, a) for a in args]
    args = [str(tmp_path / a) if a.endswith(("/", ".ttl", ".jsonl", ".gexf")) and not a.startswith("/") else a
            for a in args]
    if verb == "build":  # the sample's own store stays as the fixture built it; none is made in the checkout
        args = [str(tmp_path / "built") if a == str(store) else a for a in args]
        if "--store" not in args:
            args += ["--store", str(tmp_path / "built")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{command}\n{result.output}"
    written = [Path(a) for a in args if a.startswith(str(tmp_path)) and Path(a).exists()]
    assert result.output.strip() or any(p.is_dir() and any(p.iterdir()) or p.is_file() and p.stat().st_size
                                        for p in written), f"{command}: no answer"
    if verb == "query" and "--list" not in args and "--version" not in args:
        assert len(result.output.strip().splitlines()) >= 2, f"{command}: no rows\n{result.output}"
