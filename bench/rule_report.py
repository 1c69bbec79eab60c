"""How many facts each named rule produces on a gold folder, and how many of them the gold holds.

    PYTHONPATH=. .venv/bin/python bench/rule_report.py [--gold tests/gold-wild] [--texts ../shared/corpus-wild/texts]

Counts what the rules find (``kg.rules.find_items``, model entities included): persons by the rule
that read the name (``PersonHit.how``), posts by the rule that read the title and chose its body
(``PostHit.rule``), organizers by the rule that gave a body its role (``EventDraft.org_rules``).
Posts are judged as they leave resolution (``kg.resolve.resolve_document``: the body a post ends
with, e.g. the congress's body for an officer it elected), each counted under the rule that read
its title.  "in gold" is a plain comparison with the gold file of the document: a person whose
written name is a gold person; a post whose person and title the gold pairs, and whose body is one
of the gold body's names (its aliases), or none where the gold has none; an organizer that is one of
a gold event's organizers.  A diagnostic, not the referee (``../shared/eval/score_corpus.py`` is): a rule that fires
often and is seldom in the gold is the one to look at.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from kg.ingest import load_document
from kg.resolve import resolve_document
from kg.rules import NAMED_RULES, find_items, named_rule
from kg.workers import load_resources, ner_entities

ORGANIZER_ROLES = {"hosted", "undertook", "co_organized"}


def _aliases(gold: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for org in gold.get("organizations", []):
        out[org["name"]] = {org["name"], *org.get("aliases", [])}
    return out


def tally(doc, found, extraction, gold: dict, counts: dict[str, Counter]) -> None:
    t = doc.text
    aliases = _aliases(gold)
    names = {p["name"] for p in gold.get("persons", [])}
    posts = {(p["name"], title): org for p in gold.get("persons", []) for title, org in p.get("posts", [])}
    organizers = {a for e in gold.get("events", []) for o in e.get("organizers", []) for a in aliases.get(o, {o})}
    rule_of: dict[tuple[str, int, int], str] = {}
    for h in found.persons:
        name = t[h.span.start : h.span.end]
        counts["person"][h.how] += 1
        counts["person+"][h.how] += name in names
        for p in h.posts:
            rule_of.setdefault((name, p.span.start, p.span.end), p.rule or "(unnamed)")
    for post in extraction.posts:
        person = extraction.persons[post.person].name
        rule = rule_of.get((person, post.span.start, post.span.end), "(not from a rule's post)")
        counts["post"][rule] += 1
        gold_org = posts.get((person, t[post.span.start : post.span.end]), False)
        if gold_org is False:
            continue
        org = extraction.organizations.get(post.org) if post.org else None
        ours = {org.name, *org.aliases} if org else set()
        counts["post+"][rule] += (not ours and gold_org is None) or \
            (bool(ours) and gold_org is not None and bool(ours & aliases.get(gold_org, {gold_org})))
    for _art, draft, _p, _o in found.events:
        for (idx, role, _span), rule in zip(draft.orgs, draft.org_rules, strict=True):
            if role.value not in ORGANIZER_ROLES:
                continue
            m = found.orgs[idx]
            counts["organizer"][rule] += 1
            counts["organizer+"][rule] += t[m.span.start : m.span.end] in organizers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=Path("tests/gold-wild"))
    ap.add_argument("--texts", type=Path, default=Path("../shared/corpus-wild/texts"))
    args = ap.parse_args(argv)
    if not args.texts.is_dir():
        print(f"{args.texts}: no such folder of texts; pass --texts", file=sys.stderr)
        return 2
    resources = load_resources(None)
    counts: dict[str, Counter] = {k: Counter() for k in ("person", "person+", "post", "post+", "organizer", "organizer+")}
    files = sorted(args.gold.glob("*.json"))
    for gold_path in files:
        text = next(iter(sorted(args.texts.glob(gold_path.stem + ".*"))), None)
        if text is None:
            print(f"{gold_path.name}: no text {gold_path.stem}.* in {args.texts}; skipped", file=sys.stderr)
            continue
        doc = load_document(text)
        spans = [(a.span.start, a.span.end) for a in doc.articles] or None
        found = find_items(doc, resources.lexicon, ner=ner_entities(resources.nlp, doc.nlp_text, spans))
        extraction = resolve_document(found, resources.lexicon)
        tally(doc, found, extraction, json.loads(gold_path.read_text(encoding="utf-8")), counts)
    print(f"{len(files)} gold files in {args.gold}\n")
    for kind in ("person", "post", "organizer"):
        print(f"| {kind} rule | facts | in gold | share |\n| --- | ---: | ---: | ---: |")
        for rule, n in counts[kind].most_common():
            k = counts[kind + "+"][rule]
            unnamed = "" if named_rule(rule) else " (not in kg/rules/data/rules.tsv)"
            print(f"| {rule}{unnamed} | {n} | {k} | {k / n:.2f} |")
        fired = {named_rule(r) for r in counts[kind]}
        for r in NAMED_RULES:
            if r.fact == kind and r not in fired:
                print(f"| {r.name} (never fired) | 0 | 0 | – |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
