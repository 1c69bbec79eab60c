"""`kg ner` through Typer's runner: offsets, labels and errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_cli_ner_writes_one_json_line_per_input_line(tmp_path):
    src = tmp_path / "s.txt"
    lines = ["北京市科协党组书记、常务副主席沈洁主持会议。", "", "副县长王力在上海调研。", "甲" * 5000]
    src.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    out = tmp_path / "out" / "pred.jsonl"
    result = runner.invoke(app, ["ner", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in recs] == lines
    assert recs[1]["ents"] == []
    for r in recs:
        for start, end, label in r["ents"]:
            assert 0 <= start < end <= len(r["text"])
            assert label in {"PERSON", "ORG", "LOC", "TITLE"}
    first = {(recs[0]["text"][s:e], lab) for s, e, lab in recs[0]["ents"]}
    assert ("沈洁", "PERSON") in first and ("党组书记", "TITLE") in first


def test_cli_ner_missing_file_names_it(tmp_path):
    result = runner.invoke(app, ["ner", str(tmp_path / "none.txt"), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "none.txt" in result.output


def test_cli_ner_rejects_non_utf8(tmp_path):
    src = tmp_path / "gbk.txt"
    src.write_bytes("北京市科协".encode("gbk"))
    result = runner.invoke(app, ["ner", str(src), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1
    assert "gbk.txt" in result.output and "UTF-8" in result.output


def test_train_ner_refuses_to_overwrite_a_model_folder(tmp_path):
    """The shipped model is replaced only when told: a folder that holds files needs --force."""
    from typer.testing import CliRunner

    from kg.cli import app

    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "ner", "--datasets", str(tmp_path / "none"), "-o", str(model)])
    assert result.exit_code == 1
    assert "--force" in result.output and str(model) in result.output
    assert (model / "meta.json").read_text(encoding="utf-8") == "{}"
