"""Content negotiation: pick a media type from an Accept header (with q-values) or a format name."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MediaType", "parse_accept", "negotiate", "SOLUTIONS", "BOOLEAN", "GRAPH", "by_format"]


@dataclass(frozen=True)
class MediaType:
    mime: str        # what we send in Content-Type
    fmt: str         # our internal name: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml
    aliases: tuple[str, ...] = ()   # other media types and format= names that mean the same


# the first of each list is the default
SOLUTIONS = [
    MediaType("application/sparql-results+json", "json", ("application/json", "json", "srj")),
    MediaType("application/sparql-results+xml", "xml", ("application/xml", "text/xml", "xml", "srx")),
    MediaType("text/csv", "csv", ("csv",)),
    MediaType("text/tab-separated-values", "tsv", ("tsv",)),
]
BOOLEAN = SOLUTIONS[:2]
GRAPH = [
    MediaType("text/turtle", "turtle", ("application/x-turtle", "turtle", "ttl", "text/n3", "text/rdf+n3",
                                        "n3")),
    MediaType("application/n-triples", "ntriples", ("text/plain", "ntriples", "nt", "n-triples")),
    MediaType("application/ld+json", "jsonld", ("application/json", "jsonld", "json-ld", "json")),
    MediaType("application/rdf+xml", "rdfxml", ("application/xml", "text/xml", "rdfxml", "rdf", "xml",
                                                 "rdf+xml")),
]


def parse_accept(header: str) -> list[tuple[str, float]]:
    """``[(media range, q)]`` from an Accept header; malformed q-values count as 1."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(f[2:])))
                except ValueError:
                    q = 1.0
        ranges.append((fields[0].lower(), q))
    return ranges


def _quality(mime: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """q of the most specific range matching ``mime`` (specificity 2 exact, 1 type/*, 0 */*)."""
    best: tuple[int, float] | None = None
    main = mime.split("/")[0]
    for rng, q in ranges:
        spec = 2 if rng == mime else 1 if rng == f"{main}/*" else 0 if rng == "*/*" else -1
        if spec >= 0 and (best is None or spec > best[0]):
            best = (spec, q)
    return (best[1], best[0]) if best else (0.0, -1)


def negotiate(accept: str | None, offers: list[MediaType]) -> MediaType | None:
    """The offer the client prefers most (ties: our order); the default with no Accept; None if none fits."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    best, best_key = None, (0.0, -len(offers))
    for rank, offer in enumerate(offers):
        # wildcards match our primary type only; an alias (text/xml for results) only when named exactly
        q = max([_quality(offer.mime, ranges)[0]]
                + [q for rng, q in ranges if rng in offer.aliases and "/" in rng])
        if q > 0 and (q, -rank) > best_key:
            best, best_key = offer, (q, -rank)
    return best


def by_format(name: str, offers: list[MediaType]) -> MediaType | None:
    """The offer named by a ``format=`` parameter (json, csv, ttl, …, or a media type)."""
    name = name.strip().lower()
    for offer in offers:
        if name in (offer.mime, offer.fmt, *offer.aliases):
            return offer
    return None
