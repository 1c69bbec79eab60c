"""Identity across documents: the same person in two bulletins is one entity when name and context agree.

A person is known by name (simplified) and by the organizations they hold
posts in.  A new mention reuses an existing IRI when the name matches and the
organizations do not conflict (they share one, or one side has none); two
people with one name whose organizations differ stay apart.  IRIs are minted
deterministically: the first holder of a name gets ``hash(name)``, a later
conflicting one ``hash(name, its first organization)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from rdflib import URIRef

from kg.graph.vocab import KGR

__all__ = ["PersonRegistry"]

Lookup = Callable[[str], Iterable[tuple[str, set[str]]]]


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


class PersonRegistry:
    """Person IRIs for one run; ``lookup`` (e.g. ``KgStore.persons_named``) adds what a store already knows."""

    def __init__(self, lookup: Lookup | None = None, lookup_many=None) -> None:
        self._known: dict[str, dict[str, set[str]]] = {}
        self._lookup = lookup
        self._lookup_many = lookup_many  # names -> {name: [(iri, orgs)]}: one store query per document
        self._looked_up: set[str] = set()

    def prefetch(self, names) -> None:
        """Ask the store about all these names at once (when it can), before :meth:`iri` is called."""
        todo = sorted({n for n in names if n not in self._looked_up})
        if not todo or self._lookup_many is None:
            return
        for name, found in self._lookup_many(todo).items():
            known = self._known.setdefault(name, {})
            for iri, orgs in found:
                known.setdefault(iri, set()).update(orgs)
        self._looked_up.update(todo)

    def _candidates(self, name: str) -> dict[str, set[str]]:
        known = self._known.setdefault(name, {})
        if self._lookup is not None and name not in self._looked_up:
            self._looked_up.add(name)
            for iri, orgs in self._lookup(name):
                known.setdefault(iri, set()).update(orgs)
        return known

    @staticmethod
    def default_iri(name: str) -> URIRef:
        """The IRI the first holder of ``name`` gets (what a worker builds a graph with)."""
        return URIRef(f"{KGR}person/p-{_h(name)}")

    def iri(self, name: str, orgs: frozenset[str]) -> URIRef:
        """The IRI for a person called ``name`` holding posts in ``orgs`` (organization IRIs)."""
        known = self._candidates(name)
        best, best_overlap = None, -1
        for iri, their in sorted(known.items()):
            if orgs and their and not (orgs & their):
                continue  # conflicting organizations: another person
            overlap = len(orgs & their)
            if overlap > best_overlap:
                best, best_overlap = iri, overlap
        if best is None:
            base = self.default_iri(name)
            best = base if str(base) not in known else URIRef(f"{KGR}person/p-{_h(name, *sorted(orgs)[:1])}")
            known[str(best)] = set()
        known[str(best)].update(orgs)
        return URIRef(best)
