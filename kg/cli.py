"""The ``kg`` command.  Each command parses its options and calls one plain function.

Imports of the heavy stages happen inside the commands, so ``kg --help`` is instant.
Exit status: 0 when everything worked, 1 when some input failed (the rest was
still processed), 2 on a usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of organizations, people and events from Chinese bulletins and news.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
train_app = typer.Typer(help="Train the models kg ships.", no_args_is_help=True)
app.add_typer(train_app, name="train")

DEFAULT_STORE = Path("data/store")

StoreOpt = Annotated[Path, typer.Option("--store", "-s", help="Folder of the persistent graph store.")]
# checked before any document is read: a mistyped config is one usage error naming the path as typed,
# not a failure per document
_CONFIG_CHECK = {"exists": True, "dir_okay": False, "readable": True}


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Print the version and exit.")] = False) -> None:
    """Build a knowledge graph of organizations, people and events from Chinese bulletins and news."""


def _fail(err: KgError) -> None:
    from rich.console import Console
    from rich.markup import escape

    # soft_wrap: one error, one line (a path is never broken across lines; grep finds it)
    Console(stderr=True, soft_wrap=True).print(f"[red]error:[/red] {escape(str(err))}", highlight=False)
    raise typer.Exit(1)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Input files (.txt .md .html .htm .shtml .mhtml .docx .pdf).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Graph file; the extension picks the format: "
                                         ".ttl .trig .nq .nt .jsonld")],
    config: Annotated[Path | None, typer.Option(help="Pipeline config (.cfg); default: the bundled one.",
                                                **_CONFIG_CHECK)] = None,
) -> None:
    """Extract the graph of just these documents into one file."""
    from kg.orchestrate import extract_to_file

    try:
        report = extract_to_file(files, output, config=config)
    except KgError as err:
        _fail(err)
    for failure in report.failures:
        typer.echo(f"error: {failure}", err=True)
    typer.echo(f"{output}: {report.summary()}", err=True)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Files or folders of documents.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for graph.trig, report.json, "
                                         "report.md and errors.txt")] = Path("out"),
    store: StoreOpt = DEFAULT_STORE,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction.")] = 1,
    config: Annotated[Path | None, typer.Option(help="Pipeline config (.cfg).", **_CONFIG_CHECK)] = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents even when unchanged.")] = False,
    file_seconds: Annotated[float | None, typer.Option(
        "--file-seconds", help="Time one file may take; over it, the file fails and the batch goes on "
                               "(default 600, env KG_DOCUMENT_TIMEOUT; 0: no limit).")] = None,
    file_memory: Annotated[int | None, typer.Option(
        "--file-memory", help="Memory (MB) a worker may take on for one file, with --jobs 2 or more "
                              "(default: no limit, env KG_DOCUMENT_MEMORY).")] = None,
) -> None:
    """The main job: extract many documents into the store and write a graph, a report and the errors."""
    import dataclasses

    from kg.orchestrate import build as run_build
    from kg.workers import Budget

    budget = Budget.from_env()
    if file_seconds is not None:
        budget = dataclasses.replace(budget, seconds=file_seconds)
    if file_memory is not None:
        budget = dataclasses.replace(budget, memory_mb=file_memory)
    try:
        report = run_build(inputs, output, store_dir=store, jobs=jobs, config=config, force=force, budget=budget)
    except KgError as err:
        _fail(err)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def ner(
    sentences: Annotated[Path, typer.Argument(help="Text file, one sentence a line.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL: {text, ents: [[start, end, label]]}")],
    config: Annotated[Path | None, typer.Option(help="Pipeline config (.cfg).", **_CONFIG_CHECK)] = None,
) -> None:
    """Tag PERSON / ORG / LOC / TITLE in each line (for ../shared/eval/ner_score.py)."""
    from kg.nlp import tag_file

    try:
        n = tag_file(sentences, output, config=config)
    except KgError as err:
        _fail(err)
    typer.echo(f"{output}: {n} lines tagged", err=True)


@train_app.command("ner")
def train_ner(
    datasets: Annotated[Path, typer.Option(help="Folder of the public NER corpora.")] = Path("../shared/datasets"),
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where the trained model goes (default: a new folder models/ner-DATE-TIME; "
                               "the shipped model is replaced only with -o kg/nlp/model --force).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite a folder that already holds files.")] = False,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    max_minutes: Annotated[float, typer.Option(help="Stop training after this long.")] = 58.0,
    exclude_dev: Annotated[bool, typer.Option("--exclude-dev/--include-dev", help="Leave out training sentences that stand in the dev sets "
                                              "(as the committed model was trained; --include-dev only inflates dev scores).")] = True,
    init: Annotated[Path | None, typer.Option("--init", help="Start from this trained model (fine-tune), e.g. kg/nlp/model.")] = None,
    synthetic: Annotated[float, typer.Option(min=0.0, max=0.9, help="Share of the training stream drawn from "
                                             "bulletin-style templates with invented names (kg/nlp/synthetic.py).")] = 0.0,
    learn_rate: Annotated[float | None, typer.Option(help="Peak learning rate (default: ner_train.cfg's).")] = None,
) -> None:
    """Train the statistical NER model on the public corpora (see docs/NER.md for the committed one)."""
    import time

    from kg.errors import OutputError
    from kg.nlp.training import train_ner as run_train

    try:
        output = output or Path("models") / time.strftime("ner-%Y%m%d-%H%M%S")
        if output.exists() and any(output.iterdir()) and not force:
            raise OutputError(f"{output}: the folder already holds files (a model?); give --force to "
                              "overwrite it, or another --output")
        typer.echo(f"training into {output} (at most {max_minutes:g} minutes)", err=True)
        run_train(datasets, output, seed=seed, max_minutes=max_minutes, exclude_dev=exclude_dev,
                  init=init, synthetic=synthetic, learn_rate=learn_rate)
    except KgError as err:
        _fail(err)


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query, @FILE, or omit with --name.")] = None,
    store: StoreOpt = DEFAULT_STORE,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A named query from queries/ (its parameters: "
                                                                  "kg query --list -n NAME).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or tsv")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE for a named query, e.g. -p org=北京市科协 "
                              "-p month=2023-06")] = None,
) -> None:
    """Run SPARQL against the store from the command line."""
    from kg.errors import QueryUsageError
    from kg.store.cli import run_query

    try:
        bad = [p for p in param or [] if "=" not in p]
        if bad:
            raise QueryUsageError(f"--param {bad[0]}: write NAME=VALUE")
        params = dict(p.split("=", 1) for p in param or [])
        run_query(store, sparql=sparql, name=name, fmt=fmt, list_queries=list_queries, params=params or None)
    except KgError as err:
        _fail(err)


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    port: Annotated[int, typer.Option(help="TCP port.")] = 7878,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    timeout: Annotated[float, typer.Option(help="Query timeout in seconds.")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="Row cap for SELECT results.")] = 100_000,
    allow_updates: Annotated[bool, typer.Option("--allow-updates", help="Enable SPARQL Update and the Graph "
                                                "Store Protocol (needs --token or KG_TOKEN).")] = False,
    token: Annotated[str | None, typer.Option(envvar="KG_TOKEN", help="Bearer token for updates.")] = None,
    workers: Annotated[int, typer.Option(min=0, help="Query worker processes (read-only serving; killed at "
                                         "the timeout).  0: worker threads.")] = 4,
    allow_service: Annotated[list[str] | None, typer.Option(
        "--allow-service", metavar="PREFIX", help="Let SERVICE (and LOAD) fetch IRIs under this prefix; "
        "repeatable.  Default: none (such queries answer 403).")] = None,
    cors: Annotated[list[str] | None, typer.Option(
        "--cors", metavar="ORIGIN", help="Let pages of this origin (https://host:port, or '*' for every page "
        "you open) read the answers; repeatable.  Default: none (same origin only).")] = None,
    per_client: Annotated[int | None, typer.Option(
        min=1, help="Queries one client address may run at once (default: no cap; set it on a server "
        "bound beyond the loopback).")] = None,
) -> None:
    """Serve the store as a SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    from kg.sparql.server import serve as run_serve

    try:
        run_serve(store, host=host, port=port, timeout=timeout, max_rows=max_rows,
                  allow_updates=allow_updates, token=token, workers=workers,
                  allowed_services=tuple(allow_service or ()), cors=tuple(cors or ()), per_client=per_client)
    except KgError as err:
        _fail(err)


@app.command()
def push(
    endpoint: Annotated[str, typer.Option(help="Graph Store Protocol URL of the target server.")],
    store: StoreOpt = DEFAULT_STORE,
    token: Annotated[str | None, typer.Option(envvar="KG_PUSH_TOKEN", help="Bearer token, if the server "
                                              "needs one.")] = None,
) -> None:
    """Send every named graph to another SPARQL server (Graph Store Protocol)."""
    from kg.store.push import push_graphs

    try:
        n = push_graphs(store, endpoint, token=token)
    except KgError as err:
        _fail(err)
    typer.echo(f"pushed {n} graphs to {endpoint}", err=True)


@app.command()
def remove(
    documents: Annotated[list[str], typer.Argument(help="Document ids, IRIs or file paths.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Remove documents (their named graphs) from the store."""
    from kg.store import open_store

    try:
        with open_store(store, create=False) as st:  # a mistyped --store is an error, not a new store
            for doc in documents:
                typer.echo(f"removed {st.remove_document(doc)}", err=True)
    except KgError as err:
        _fail(err)


@app.command()
def remerge(store: StoreOpt = DEFAULT_STORE) -> None:
    """Compute the merged default graph again from the document graphs (e.g. after graphs were loaded by
    hand); kg build and kg remove keep it up to date themselves."""
    from kg.store import open_store

    try:
        with open_store(store, create=False) as st:
            n, graphs = st.remerge(), len(st.graphs())
    except KgError as err:
        _fail(err)
    typer.echo(f"{store}: merged graph computed from {graphs} document graphs: {n} triples", err=True)


@app.command()
def viz(
    store: StoreOpt = DEFAULT_STORE,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the HTML views.")] = Path(
        "visualizations"),
    graph: Annotated[Path | None, typer.Option(help="Read this RDF file instead of the store.")] = None,
    hops: Annotated[int, typer.Option(help="Radius of the ego networks.")] = 2,
) -> None:
    """Write self-contained interactive HTML views of the graph (no network needed)."""
    from kg.viz import write_views

    try:
        paths = write_views(output, store_dir=None if graph else store, graph_file=graph, hops=hops)
    except KgError as err:
        _fail(err)
    typer.echo(f"wrote {len(paths)} views to {output}/ (open {output}/index.html)", err=True)


@app.command()
def stats(
    store: StoreOpt = DEFAULT_STORE,
    graph: Annotated[Path | None, typer.Option(help="Read this RDF file instead of the store.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    export: Annotated[Path | None, typer.Option(help="Also write the network as .gexf or .graphml.")] = None,
) -> None:
    """Network analytics: most connected persons and organizations, communities, counts."""
    from kg.analytics import print_stats

    try:
        print_stats(store_dir=None if graph else store, graph_file=graph, as_json=as_json, export=export)
    except KgError as err:
        _fail(err)


if __name__ == "__main__":  # pragma: no cover
    app()
