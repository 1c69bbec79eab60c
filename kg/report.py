"""What a batch did, file by file: ``report.json``, ``report.md``, ``errors.txt`` and the table on the terminal.

Per file: status (new, updated, unchanged, extracted, failed), date, title and what was found in it;
beside them, for kg build, the distinct persons, organizations and events the store holds afterwards
(the per-file counts add up mentions of one person in many files).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.model import Extraction

__all__ = ["FileResult", "Report", "counts_of", "file_result", "write_reports", "print_report", "TABLE_ROWS"]

TABLE_ROWS = 40  # kg build prints a per-file table up to this many files (report.md always has it)
COUNTED = ("persons", "organizations", "posts", "events")


@dataclass
class FileResult:
    path: str
    status: str  # new, updated, unchanged, extracted, failed
    doc_id: str | None = None
    title: str | None = None
    date: str | None = None
    kind: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # the file was read, with repairs (say what, where)


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    # distinct entities in the store after the run (kg build): persons, organizations, posts, events
    in_store: dict[str, int] = field(default_factory=dict)

    @property
    def failures(self) -> list[str]:
        return [f.error or f.path for f in self.files if f.status == "failed"]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            for k, v in f.counts.items():
                out[k] = out.get(k, 0) + v
        return out

    def summary(self) -> str:
        by_status: dict[str, int] = {}
        for f in self.files:
            by_status[f.status] = by_status.get(f.status, 0) + 1
        parts = [f"{n} {s}" for s, n in sorted(by_status.items())]
        tot = self.totals()
        found = ", ".join(f"{tot[k]} {k}" for k in COUNTED if k in tot)
        text = "; ".join(parts) + (f" — {found} found in the files" if found else "")
        if self.in_store:
            text += " — in the store: " + ", ".join(f"{self.in_store[k]} {k}" for k in COUNTED if k in self.in_store)
        return text


def counts_of(ex: Extraction) -> dict[str, int]:
    return {"persons": len(ex.persons), "organizations": len(ex.organizations), "posts": len(ex.posts),
            "events": len(ex.events), "places": len(ex.places), "articles": len(ex.document.articles)}


def file_result(path: str, status: str, ex: Extraction, secs: float) -> FileResult:
    d = ex.document
    return FileResult(path, status, doc_id=d.doc_id, title=d.title, date=d.date.iso() if d.date else None,
                      kind=d.kind.value, counts=counts_of(ex), seconds=round(secs, 3), warnings=list(d.warnings))


def write_reports(report: Report, output: Path, store_dir: Path) -> None:
    """report.json, report.md and errors.txt in ``output``, each written whole or not at all."""
    from kg.graph.serialize import atomic_write

    data = {"store": str(store_dir), "summary": report.summary(), "totals": report.totals(),
            "in_store": report.in_store, "files": [asdict(f) for f in report.files]}
    atomic_write(output / "report.json", lambda tmp: tmp.write_text(
        json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"))
    lines = ["# kg build report", "", f"Store: `{store_dir}`", "", f"**{report.summary()}**", "",
             "| file | status | date | persons | orgs | posts | events | title |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | --- |"]
    for f in report.files:
        c = f.counts
        lines.append(f"| {Path(f.path).name} | {f.status} | {f.date or ''} | {c.get('persons', '')} | "
                     f"{c.get('organizations', '')} | {c.get('posts', '')} | {c.get('events', '')} | "
                     f"{(f.title or f.error or '').replace('|', '/')} |")
    if report.warnings:
        lines += ["", "Warnings (read, with repairs):", ""] + [f"- {w}" for w in report.warnings]
    atomic_write(output / "report.md", lambda tmp: tmp.write_text("\n".join(lines) + "\n", encoding="utf-8"))
    atomic_write(output / "errors.txt", lambda tmp: tmp.write_text(
        "".join(e + "\n" for e in report.failures)
        + "".join(f"warning: {w}\n" for w in report.warnings), encoding="utf-8"))


def print_report(report: Report, output: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True)
    if not console.is_terminal:  # a pipe or a log file: whole file names, never cut to 80 columns
        console = Console(stderr=True, width=10_000)
    if len(report.files) > TABLE_ROWS:
        for e in report.failures:
            console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
        for w in report.warnings:
            console.print(f"warning: {w}", markup=False, highlight=False)
        console.print(f"kg build → {output}/ ({len(report.files)} files; one line each in "
                      f"{output / 'report.md'})", highlight=False, markup=False)
        console.print(report.summary(), highlight=False, markup=False)
        return
    table = Table(title=f"kg build → {output}/", show_lines=False)
    for col in ("file", "status", "date", "persons", "orgs", "posts", "events"):
        table.add_column(col, justify="right" if col in ("persons", "orgs", "posts", "events") else "left",
                         overflow="fold")  # in a narrow terminal a name wraps, it is not cut
    for f in report.files:
        c = f.counts
        table.add_row(Path(f.path).name, f.status, f.date or "", str(c.get("persons", "")),
                      str(c.get("organizations", "")), str(c.get("posts", "")), str(c.get("events", "")))
    console.print(table)
    for e in report.failures:
        console.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
    for w in report.warnings:
        console.print(f"warning: {w}", markup=False, highlight=False)
    console.print(report.summary(), highlight=False, markup=False)
