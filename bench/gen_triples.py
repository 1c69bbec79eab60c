"""Generate ~1 million triples in kg's shape (invented, deterministic) into a store folder.

    python bench/gen_triples.py --store /tmp/bench-store --triples 1000000

One named graph per invented document (≈120 quads each): the document, eight persons re-asserted
with the post the document shows them in and that post's organization, three organizations, two
events with organizer, host and five attendees with roles.  Persons and organizations come from
fixed pools (triples/200 persons, triples/2000 organizations), so the same entity appears in many
documents, and a person holds one or two stable posts in a home organization that many documents
observe on their own dates (as in real bulletins).  Each document also gets the store's bookkeeping
in the ``_meta`` graph, as ``kg build`` writes it, and the merged default graph is computed from the
document graphs (kg remerge).  The same seed gives the same store.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import pyoxigraph as ox

from kg.store import META_GRAPH, doc_iri, graph_iri, open_store

K = "https://w3id.org/zhkg/id/"
KGO = "https://w3id.org/zhkg/ontology#"
S = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PREF = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明远青一华伟芳敏静丽强磊军洋勇艳杰娟涛超秀霞平刚"
TITLES = ["主席", "副主席", "党组书记", "秘书长", "部长", "副部长", "处长", "主任", "理事长", "研究员"]
PLACES = ["北京", "南江", "东川", "西宁", "海淀", "朝阳", "丰台", "通州", "昌平", "顺义"]
KINDS = [("Meeting", "工作会议"), ("Symposium", "座谈会"), ("Training", "培训班"), ("Forum", "论坛"),
         ("Visit", "调研"), ("Ceremony", "揭牌仪式"), ("Activity", "科普活动")]
ROLES = ["chair", "speaker", "participant", "participant", "guide", "accompanist"]


def person_name(p: int) -> str:
    """A distinct invented name for each of the first 20 x 24 x 24 person numbers."""
    s, g = len(SURNAMES), len(GIVEN)
    return SURNAMES[p % s] + GIVEN[(p // s) % g] + GIVEN[(p // (s * g)) % g]


def person_posts(p: int, orgs: int) -> list[tuple[int, int]]:
    """The (title index, organization) posts person ``p`` holds: one, or two for every third person."""
    home = (p * 7919) % orgs
    posts = [(p % len(TITLES), home)]
    if p % 3 == 0 and (p // 3) % len(TITLES) != p % len(TITLES):
        posts.append(((p // 3) % len(TITLES), home))
    return posts


def org_lines(o: int, g: str) -> list[str]:
    oi = f"<{K}org/o{o}>"
    return [f"{oi} {RDF_TYPE} <{ORG}Organization> {g} .", f'{oi} {LABEL} "{PLACES[o % 10]}市第{o}科协"@zh {g} .']


def document_nquads(i: int, rng: random.Random, persons: int, orgs: int) -> str:
    docid = f"{i:016x}"
    g = f"<{graph_iri(docid)}>"
    d = f"<{doc_iri(docid)}>"
    year = 2019 + i % 6
    month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
    date = f'"{year}-{month:02d}-{day:02d}"^^<{XSD}date>'
    content_hash = f"{rng.getrandbits(64):016x}"
    lines = [f"{d} {RDF_TYPE} <{KGO}Bulletin> {g} .", f"{d} {RDF_TYPE} <{KGO}Document> {g} .",
             f'{d} {LABEL} "工作动态 {year}年第{i % 40 + 1}期"@zh {g} .', f"{d} <{S}datePublished> {date} {g} .",
             f'{d} <{KGO}contentHash> "{content_hash}" {g} .']
    org_ids = [rng.randrange(orgs) for _ in range(3)]
    for o in org_ids:
        lines += org_lines(o, g)
    people = [rng.randrange(persons) for _ in range(8)]
    for n, p in enumerate(people):
        pi = f"<{K}person/p{p}>"
        posts = person_posts(p, orgs)
        title, org = posts[(i + n) % len(posts)]
        post = f"<{K}post/t{p}-{org}-{title}>"
        role = f"<{K}role/r{title}>"
        lines += [f"{pi} {RDF_TYPE} <{S}Person> {g} .", f'{pi} {LABEL} "{person_name(p)}"@zh {g} .',
                  f"{pi} <{ORG}holds> {post} {g} .",
                  f"{post} {RDF_TYPE} <{ORG}Post> {g} .", f"{post} <{ORG}role> {role} {g} .",
                  f"{post} <{ORG}postIn> <{K}org/o{org}> {g} .", f"{post} <{ORG}heldBy> {pi} {g} .",
                  f"{post} <{KGO}observedOn> {date} {g} .",
                  f"{role} {RDF_TYPE} <{ORG}Role> {g} .", f'{role} {PREF} "{TITLES[title]}"@zh {g} .',
                  *org_lines(org, g)]
    for e in range(2):
        kind, word = KINDS[rng.randrange(len(KINDS))]
        ev = f"<{K}event/e{i}-{e}>"
        host = f"<{K}org/o{org_ids[e]}>"
        lines += [f"{ev} {RDF_TYPE} <{S}Event> {g} .", f"{ev} {RDF_TYPE} <{KGO}{kind}> {g} .",
                  f'{ev} {LABEL} "{PLACES[i % 10]}{word}{i}"@zh {g} .',
                  f"{ev} <{S}startDate> {date} {g} .", f"{ev} <{S}organizer> {host} {g} .",
                  f"{ev} <{KGO}host> {host} {g} ."]
        for n, p in enumerate(people[e * 3:e * 3 + 5]):
            pi = f"<{K}person/p{p}>"
            lines += [f"{ev} <{S}attendee> {pi} {g} .", f"{ev} <{KGO}{ROLES[n % len(ROLES)]}> {pi} {g} ."]
    m = f"<{META_GRAPH}>"
    lines += [f"{g} <{PROV}wasDerivedFrom> {d} {m} .",
              f'{g} <{PROV}generatedAtTime> "2025-01-01T00:00:00+00:00"^^<{XSD}dateTime> {m} .',
              f'{g} <{KGO}contentHash> "{content_hash}" {m} .', f'{d} <{KGO}sourcePath> "bench/{docid}.txt" {m} .']
    return "\n".join(dict.fromkeys(lines)) + "\n"  # a person or organization drawn twice is one set of quads


def generate(store: Path, triples: int = 1_000_000, seed: int = 7) -> int:
    """Write at least ``triples`` quads into the store folder ``store``; returns the number written."""
    rng = random.Random(seed)
    persons, orgs = max(50, triples // 200), max(10, triples // 2000)
    t0 = time.monotonic()
    with open_store(store) as st:
        n, i, chunk = 0, 0, []
        while n < triples:
            text = document_nquads(i, rng, persons, orgs)
            n += text.count("\n")
            chunk.append(text)
            i += 1
            if len(chunk) == 500 or n >= triples:
                st.oxigraph.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_QUADS)
                chunk = []
        t1 = time.monotonic()
        merged = st.remerge()  # the merged default graph, as kg build keeps it
        print(f"merged graph: {merged} triples, {time.monotonic() - t1:.1f} s")
        st.oxigraph.optimize()
        total = len(st.oxigraph)
    print(f"{total} quads in {i} document graphs, {time.monotonic() - t0:.1f} s -> {store}")
    return total


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    generate(args.store, args.triples, args.seed)
