"""Person identity across documents: B-cubed precision and recall on generated bulletins whose truth is known,
before (main's rule: one person unless their bodies conflict) and after (kg.resolve.identity's score).

    python bench/identity_bench.py [--docs 300] [--seed 0] [--main /work/main]
    python bench/identity_bench.py --names FOLDER [FOLDER ...]     # same-name persons of real folders

The corpus is bench/gen_corpus.py's (namesakes and careers, each person with a true identity;
``document_cast`` names who is who in each document).  Every document is extracted once, with the
real pipeline; both rules then identify the same Extractions in the same order, one document after
the other, as ``kg build`` does.  An element is one person of one document whose name the generator
wrote there for one identity; its cluster is the IRI identity gave it.  Per element, precision is
the share of its cluster that is truly it, recall the share of its true identity that its cluster
holds; both averaged over the elements (Bagga & Baldwin's B-cubed), over all of them and over the
persons the generator made namesakes or movers.  "closeMatch followed" counts a candidate link as a
merge (what a reader who follows every skos:closeMatch sees).

``--names``: the names that occur in more than one document of the folders, and what each rule
decided for each sighting (a Markdown table, for docs/IDENTITY.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main_rule(main: Path):
    """main's kg/resolve/identity.py, loaded from its file under another module name (its own imports
    are of kg.graph.vocab, the same in both trees)."""
    spec = importlib.util.spec_from_file_location("main_identity", main / "kg" / "resolve" / "identity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main_orgs(ex) -> dict[str, frozenset[str]]:
    """What main's rule weighs, as main's kg.graph.document.person_orgs gives it: the IRIs of the
    absolute bodies of each person's posts."""
    from kg.graph.build import IriMinter
    from kg.resolve import is_relative

    orgs: dict[str, set[str]] = {}
    for p in ex.posts:
        if p.org and not is_relative(p.org):
            orgs.setdefault(p.person, set()).add(str(IriMinter.org(p.org, ex.document.doc_id, False)))
    return {k: frozenset(orgs.get(k, ())) for k in ex.persons}


def extractions(paths: list[Path]) -> list:
    from kg import workers
    from kg.ingest import load_document

    res = workers.load_resources()
    out = []
    for p in paths:
        try:
            out.append(workers.extract_document(load_document(p), res))
        except Exception as err:  # noqa: BLE001 (a bench reports and goes on)
            print(f"{p}: {err}", file=sys.stderr)
            out.append(None)
    return out


def decide_before(exs, main: Path) -> list[dict[str, tuple[str, str | None, float | None]]]:
    """Per document: person key -> (IRI, closeMatch, score) by main's rule (no candidates, no score)."""
    registry = main_rule(main).PersonRegistry()
    return [{} if ex is None else {k: (str(registry.iri(k, orgs)), None, None) for k, orgs in main_orgs(ex).items()}
            for ex in exs]


def decide_after(exs) -> list[dict[str, tuple[str, str | None, float | None]]]:
    from kg.graph.document import person_evidence
    from kg.resolve.identity import PersonRegistry

    registry = PersonRegistry()
    out = []
    for ex in exs:
        if ex is None:
            out.append({})
            continue
        decided = {k: registry.decide(ev) for k, ev in person_evidence(ex).items()}
        out.append({k: (str(d.iri), str(d.close_match) if d.close_match else None, d.score)
                    for k, d in decided.items()})
    return out


def bcubed(elements: list[tuple[str, str]], subset=None) -> tuple[float, float, int]:
    """B-cubed (precision, recall, n) of (cluster, truth) elements; averaged over those ``subset`` keeps."""
    by_cluster: dict[str, list[str]] = defaultdict(list)
    by_truth: dict[str, list[str]] = defaultdict(list)
    for cluster, truth in elements:
        by_cluster[cluster].append(truth)
        by_truth[truth].append(cluster)
    p = r = 0.0
    n = 0
    for cluster, truth in elements:
        if subset is not None and not subset(truth):
            continue
        both = sum(1 for t in by_cluster[cluster] if t == truth)
        p += both / len(by_cluster[cluster])
        r += both / len(by_truth[truth])
        n += 1
    return (p / n if n else 1.0, r / n if n else 1.0, n)


def followed(decisions) -> dict[str, str]:
    """IRI -> the representative of its group when every closeMatch is taken as the same person."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for doc in decisions:
        for iri, close, _ in doc.values():
            if close:
                a, b = find(iri), find(close)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {x: find(x) for x in parent}


def generated(args) -> int:
    import tempfile

    import gen_corpus

    world = gen_corpus.make_world(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        paths = gen_corpus.generate(args.docs, Path(tmp), args.seed)
        t0 = time.perf_counter()
        exs = extractions(paths)
        secs = time.perf_counter() - t0
    casts = [gen_corpus.document_cast(args.seed, world, i) for i in range(args.docs)]
    written = sum(1 for cast in casts for pids in cast.values() if len(pids) == 1)
    print(f"{args.docs} generated documents (seed {args.seed}), extracted in {secs:.0f} s; "
          f"{written} persons written one name for one identity")
    rows = []
    for label, decisions in (("before (main's rule)", decide_before(exs, args.main)),
                             ("after (score)", decide_after(exs))):
        elements, close = [], []
        for ex, cast, doc in zip(exs, casts, decisions, strict=True):
            if ex is None:
                continue
            for key, (iri, candidate, _) in doc.items():
                pids = cast.get(ex.persons[key].name)
                if pids and len(pids) == 1:
                    elements.append((iri, next(iter(pids))))
                    if candidate:
                        close.append((iri, candidate))
        rows.append((label, elements))
        if close:
            group = followed(decisions)
            rows.append((label.replace("after", "after, closeMatch followed"),
                         [(group.get(c, c), t) for c, t in elements]))
            truth_of = dict(elements)
            same = sum(1 for a, b in set(close) if truth_of.get(a) == truth_of.get(b))
            print(f"{len(set(close))} closeMatch candidates, {same} of them truly one person")
    kinds = world.kinds
    if args.errors:
        _print_errors(exs, casts, decide_after(exs), kinds)
    print(f"\n{'rule':<34} {'set':<10} {'B3 precision':>12} {'B3 recall':>10} {'elements':>9}")
    for label, elements in rows:
        for name, subset in (("all", None), ("namesakes", lambda t: kinds.get(t) == "namesake"),
                             ("movers", lambda t: kinds.get(t) == "mover")):
            p, r, n = bcubed(elements, subset)
            print(f"{label:<34} {name:<10} {p:>12.3f} {r:>10.3f} {n:>9}")
    return 0


def _print_errors(exs, casts, decisions, kinds) -> None:
    """Each identity the rule split, and each IRI that holds more than one identity, with the sightings."""
    sightings: dict[str, list[tuple[int, str, str, str | None, float | None]]] = defaultdict(list)
    for i, (ex, cast, doc) in enumerate(zip(exs, casts, decisions, strict=True)):
        for key, (iri, close, score) in doc.items():
            pids = cast.get(ex.persons[key].name)
            if pids and len(pids) == 1:
                sightings[next(iter(pids))].append((i, key, iri, close, score))
    iris: dict[str, set[str]] = defaultdict(set)
    for pid, seen in sightings.items():
        for _, _, iri, _, _ in seen:
            iris[iri].add(pid)
    for pid, seen in sorted(sightings.items()):
        if len({s[2] for s in seen}) > 1 or any(len(iris[s[2]]) > 1 for s in seen):
            print(f"{pid} ({kinds.get(pid, 'plain')}):", "; ".join(
                f"doc {i} {key} {iri[-10:]}{' ~' + close[-10:] if close else ''}"
                f"{'' if score is None else f' {score:+.1f}'}" for i, key, iri, close, score in seen))


def names(args) -> int:
    paths = sorted(p for folder in args.names for p in Path(folder).rglob("*")
                   if p.is_file() and p.suffix.lower() in {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".mhtml"})
    base = Path(os.path.commonpath([str(Path(f).resolve().parent) for f in args.names]))
    paths = [p.resolve() for p in paths]
    exs = extractions(paths)
    before, after = decide_before(exs, args.main), decide_after(exs)
    seen: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(exs):
        for key in ex.persons if ex is not None else ():
            seen[key].append(i)
    print(f"{len(paths)} documents; names in more than one: "
          f"{sum(1 for docs in seen.values() if len(docs) > 1)}\n")
    print("| name | document | bodies there | before | after (score) |")
    print("| --- | --- | --- | --- | --- |")
    for key in sorted(k for k, docs in seen.items() if len(docs) > 1):
        first_before: dict[str, str] = {}
        first_after: dict[str, str] = {}
        for i in seen[key]:
            ex = exs[i]
            bodies = "、".join(sorted({p.org for p in ex.posts if p.person == key and p.org})) or "—"
            b_iri = before[i][key][0]
            a_iri, close, score = after[i][key]
            b = first_before.setdefault(b_iri, f"person {len(first_before) + 1}")
            a = first_after.setdefault(a_iri, f"person {len(first_after) + 1}")
            note = "" if score is None else f" ({score:+.1f})"
            if close:
                note += f", closeMatch {first_after.get(close, '?')}"
            doc = paths[i].relative_to(base)
            print(f"| {key} | {doc} | {bodies} | {b} | {a}{note} |")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--main", type=Path, default=Path("/work/main"), help="a checkout of main (the rule before)")
    ap.add_argument("--errors", action="store_true", help="print the identities split or merged wrongly (after)")
    ap.add_argument("--names", type=Path, nargs="+", help="list the same-name persons of these folders instead")
    args = ap.parse_args(argv)
    return names(args) if args.names else generated(args)


if __name__ == "__main__":
    sys.exit(main())
