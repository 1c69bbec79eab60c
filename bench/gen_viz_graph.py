"""Generate a graph for the views (invented, deterministic): persons, organizations, events, places.

    python bench/gen_viz_graph.py --persons 2000 --events 300 -o /tmp/viz.trig

Shaped like the extracted graphs: a few organizations and persons are in most events (Pareto
draws), most persons hold one or two posts, some are named once and linked to nothing.  Events
are dated over ``years`` (more in the later ones), a share of them with a month and day only
(``xsd:gMonthDay``, as kg keeps dates without a year).  Same arguments, same graph.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.graph.vocab import KGO, ORG, RDFS, SDO, SKOS

__all__ = ["generate"]

BASE = "https://w3id.org/zhkg/id/bench/"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华书远雅琴立川哲怀德慧建思岚晓峰雨桐启航振宇"
PLACES = "南东西北青临云安平清长新永丰宁泰嘉兴华恒"
FIELDS = [
    "人工智能",
    "计算机",
    "医学",
    "农学",
    "机械工程",
    "电子学",
    "化学化工",
    "环境科学",
    "生物工程",
    "材料",
]
KINDS = ["学术年会", "座谈会", "培训班", "论坛", "代表大会", "揭牌仪式", "科普活动", "调研"]
ROLES = [KGO.chair, KGO.speaker, KGO.participant, KGO.participant, KGO.participant, KGO.guide]
TITLES = ["主席", "副主席", "党组书记", "秘书长", "理事长", "院长", "教授", "主任"]


def generate(
    *,
    persons: int,
    events: int,
    orgs: int | None = None,
    places: int | None = None,
    years: tuple[int, int] = (2017, 2024),
    yearless: float = 0.06,
    seed: int = 1,
) -> Dataset:
    """The graph, in one named graph of a Dataset with ``default_union``."""
    rnd = random.Random(seed)
    n_org = orgs if orgs is not None else max(5, persons // 8)
    n_place = places if places is not None else max(3, events // 10)
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef(BASE + "graph/1"))

    def iri(kind: str, i) -> URIRef:
        return URIRef(f"{BASE}{kind}/{i}")

    for i, title in enumerate(TITLES):
        g.add((iri("role", i), SKOS.prefLabel, Literal(title, lang="zh")))
    for i in range(n_org):
        o = iri("org", i)
        place = PLACES[i % len(PLACES)] + PLACES[(i // len(PLACES)) % len(PLACES)]
        g.add((o, RDF.type, ORG.Organization))
        g.add((o, RDFS.label, Literal(f"{place}市{FIELDS[i % len(FIELDS)]}学会{i}", lang="zh")))
        g.add((o, SKOS.altLabel, Literal(f"{place}{i}会", lang="zh")))
    for i in range(n_place):
        g.add((iri("place", i), RDF.type, SDO.Place))
        g.add((iri("place", i), RDFS.label, Literal(f"{PLACES[i % len(PLACES)]}江第{i}会堂", lang="zh")))
    for i in range(persons):
        p = iri("person", i)
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN) + str(i)
        g.add((p, RDF.type, SDO.Person))
        g.add((p, RDFS.label, Literal(name, lang="zh")))
        for j in range(rnd.choice([0, 1, 1, 1, 2])):
            post = iri("post", f"{i}-{j}")
            g.add((p, ORG.holds, post))
            g.add((post, ORG.role, iri("role", rnd.randrange(len(TITLES)))))
            g.add((post, ORG.postIn, iri("org", int(rnd.paretovariate(1.1)) % n_org)))
    first, last = years
    weights = [1 + k for k in range(last - first + 1)]  # more events in the later years
    for i in range(events):
        e = iri("event", i)
        g.add((e, RDF.type, SDO.Event))
        kind = rnd.choice(KINDS)
        g.add((e, RDFS.label, Literal(f"{FIELDS[i % len(FIELDS)]}{kind}{i}", lang="zh")))
        month, day = rnd.randint(1, 12), rnd.randint(1, 28)
        if rnd.random() < yearless:
            g.add((e, SDO.startDate, Literal(f"--{month:02d}-{day:02d}", datatype=XSD.gMonthDay)))
        else:
            year = rnd.choices(range(first, last + 1), weights)[0]
            g.add((e, SDO.startDate, Literal(f"{year}-{month:02d}-{day:02d}", datatype=XSD.date)))
            if kind == "培训班":
                end = f"{year}-{month:02d}-{day + 2:02d}"
                g.add((e, SDO.endDate, Literal(end, datatype=XSD.date)))
        g.add((e, SDO.location, iri("place", rnd.randrange(n_place))))
        host = iri("org", int(rnd.paretovariate(1.0)) % n_org)
        g.add((e, SDO.organizer, host))
        g.add((e, KGO.host, host))
        if rnd.random() < 0.5:  # 承办: another body organizes it with the host
            g.add((e, KGO.undertaker, iri("org", rnd.randrange(n_org))))
        if rnd.random() < 0.3:  # a body that takes part
            g.add((e, KGO.participatingOrganization, iri("org", int(rnd.paretovariate(1.0)) % n_org)))
        for _ in range(rnd.randint(3, 9)):
            p = iri(
                "person",
                int(rnd.paretovariate(0.9)) % persons if rnd.random() < 0.3 else rnd.randrange(persons),
            )
            g.add((e, SDO.attendee, p))
            g.add((e, rnd.choice(ROLES), p))
    return ds


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    generate(persons=args.persons, events=args.events, seed=args.seed).serialize(args.out, format="trig")


if __name__ == "__main__":
    main()
