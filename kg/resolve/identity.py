"""Identity across documents: a person seen in a new document is a known person when the evidence adds up.

Each document shows a person with some evidence (:class:`kg.model.PersonEvidence`): the bodies of
their posts and those bodies' parents, their titles, the document's year and publisher, and the other
persons it names.  A known person carries the union of what their documents showed.  :func:`score`
weighs a new sighting against a known person; the registry takes the known person of that name with
the highest score and decides:

* score >= ``Weights.merge_at``: the same person (their IRI);
* ``Weights.close_at`` <= score < ``merge_at``: unsure: a person of their own, recorded as a
  ``skos:closeMatch`` candidate of the known one;
* below: another person of the same name.

What weighs (``Weights``): a distinctive name (three characters or more, not a common given name from
``data/common_given_names.txt``) is a start; a shared body is strong, a shared parent body or a body
that is the other's parent less so; bodies with nothing in common count against, much more when seen
in the same year (two posts at once in unrelated bodies: two people) than in different years (a job
change); every person named beside them in both counts for, as do the same publisher and the same
title.  IRIs are minted deterministically: the first holder of a name gets ``hash(name)``, a later
one ``hash(name, its first body)`` (or a counter when it has none).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from rdflib import URIRef

from kg.graph.vocab import KGR
from kg.model import PersonEvidence

__all__ = ["PersonRegistry", "Decision", "Weights", "score", "is_common_name"]

Known = Iterable[tuple[str, "PersonEvidence | set[str]"]]
Lookup = Callable[[str], Known]


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


@cache
def _common_given_names() -> frozenset[str]:
    text = (files("kg.resolve") / "data" / "common_given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


def is_common_name(name: str) -> bool:
    """A name many people bear: two characters (王磊), or a common given name (王建华, 欧阳建华)."""
    if len(name) <= 2:
        return True
    return name[-2:] in _common_given_names() and len(name) <= 4


@dataclass(frozen=True)
class Weights:
    """The weights of :func:`score` and its thresholds (log-odds-like points)."""

    distinctive_name: float = 1.0
    shared_body: float = 3.0
    shared_parent: float = 1.5
    other_bodies_same_year: float = -4.0
    other_bodies: float = -0.5
    companion: float = 1.2
    companions_at_most: int = 3
    same_publisher: float = 0.5
    same_title: float = 0.5
    merge_at: float = 1.0
    close_at: float = -0.5


def score(new: PersonEvidence, known: PersonEvidence, w: Weights = Weights()) -> float:
    """How strongly the evidence says ``new`` is ``known`` (same name assumed); see the module doc."""
    s = 0.0 if is_common_name(new.name) else w.distinctive_name
    if new.orgs and known.orgs:
        if new.orgs & known.orgs:
            s += w.shared_body
        elif (new.orgs | new.kin) & (known.orgs | known.kin):
            s += w.shared_parent
        elif new.years & known.years:
            s += w.other_bodies_same_year
        else:
            s += w.other_bodies
    shared = len((new.companions & known.companions) - {new.name, known.name})
    s += w.companion * min(shared, w.companions_at_most)
    if new.publishers & known.publishers:
        s += w.same_publisher
    if new.titles & known.titles:
        s += w.same_title
    return s


@dataclass(frozen=True)
class Decision:
    """Who a sighting is: ``iri``; ``close_match``: the known person it may also be (unsure), or None;
    ``score``: the best score against a known person of that name (None: nobody of that name known)."""

    iri: URIRef
    close_match: URIRef | None = None
    score: float | None = None


@dataclass
class _Known:
    """What the documents seen so far say of one person (a mutable union of evidence)."""

    orgs: set[str] = field(default_factory=set)
    kin: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    companions: set[str] = field(default_factory=set)
    publishers: set[str] = field(default_factory=set)
    from_store: bool = False  # known from a store: its companions are asked name by name
    checked: set[str] = field(default_factory=set)  # the names asked already

    def absorb(self, ev: PersonEvidence) -> None:
        self.orgs |= ev.orgs
        self.kin |= ev.kin
        self.titles |= ev.titles
        self.years |= ev.years
        self.companions |= ev.companions
        self.publishers |= ev.publishers

    def evidence(self, name: str) -> PersonEvidence:
        return PersonEvidence(name, frozenset(self.orgs), frozenset(self.kin), frozenset(self.titles),
                              frozenset(self.years), frozenset(self.companions), frozenset(self.publishers))


def _as_evidence(name: str, found: PersonEvidence | set[str] | frozenset[str]) -> PersonEvidence:
    """A lookup may give a person's organizations only (``KgStore.persons_named``) or all evidence."""
    if isinstance(found, PersonEvidence):
        return found
    return PersonEvidence(name, orgs=frozenset(found))


class PersonRegistry:
    """Person IRIs for one run; ``lookup`` / ``lookup_many`` (``KgStore.person_evidence_many``) add what a
    store already knows: (IRI, :class:`PersonEvidence`) per person of a name; ``companions``
    (``KgStore.person_companions``: IRI, names -> those of the names seen beside that person) is asked
    of a person known from the store only for the names a new sighting has beside it, and only when the
    rest of the evidence leaves the decision open (companions can only raise a score, so one candidate
    already at ``merge_at`` is the answer whatever they say)."""

    def __init__(self, lookup: Lookup | None = None, lookup_many=None, companions=None,
                 weights: Weights = Weights()) -> None:
        self._known: dict[str, dict[str, _Known]] = {}
        self._lookup = lookup
        self._lookup_many = lookup_many  # names -> {name: [(iri, evidence)]}: one store query per document
        self._companions = companions
        self._looked_up: set[str] = set()
        self.weights = weights

    def _learn(self, name: str, found: Known) -> None:
        known = self._known.setdefault(name, {})
        for iri, ev in found:
            them = known.setdefault(iri, _Known())
            them.absorb(_as_evidence(name, ev))
            them.from_store = self._companions is not None

    def _ask_companions(self, iri: str, them: _Known, names: frozenset[str]) -> None:
        """Which of ``names`` the store saw beside the person ``iri`` (all that scoring needs of them)."""
        todo = names - them.checked
        if them.from_store and todo:
            them.companions |= self._companions(iri, todo)
            them.checked |= todo

    def prefetch(self, names) -> None:
        """Ask the store about all these names at once (when it can), before :meth:`decide` is called."""
        todo = sorted({n for n in names if n not in self._looked_up})
        if not todo or self._lookup_many is None:
            return
        for name, found in self._lookup_many(todo).items():
            self._learn(name, found)
        self._looked_up.update(todo)

    def _candidates(self, name: str) -> dict[str, _Known]:
        if self._lookup is not None and name not in self._looked_up:
            self._looked_up.add(name)
            self._learn(name, self._lookup(name))
        return self._known.setdefault(name, {})

    @staticmethod
    def default_iri(name: str) -> URIRef:
        """The IRI the first holder of ``name`` gets (what a worker builds a graph with)."""
        return URIRef(f"{KGR}person/p-{_h(name)}")

    def _mint(self, ev: PersonEvidence, known: dict[str, _Known]) -> str:
        tries = [str(self.default_iri(ev.name))]
        if ev.orgs:
            tries.append(f"{KGR}person/p-{_h(ev.name, sorted(ev.orgs)[0])}")
        n = 2
        while True:
            for iri in tries:
                if iri not in known:
                    return iri
            tries = [f"{KGR}person/p-{_h(ev.name, str(n))}"]
            n += 1

    def decide(self, ev: PersonEvidence) -> Decision:
        """Who this sighting is, and learn from it."""
        known = self._candidates(ev.name)
        items = sorted(known.items())
        if not (len(items) == 1 and score(ev, items[0][1].evidence(ev.name), self.weights) >= self.weights.merge_at):
            for iri, them in items:
                self._ask_companions(iri, them, ev.companions)
        best, best_score = None, None
        for iri, them in items:
            s = score(ev, them.evidence(ev.name), self.weights)
            if best_score is None or s > best_score:
                best, best_score = iri, s
        close = None
        if best is None or best_score < self.weights.merge_at:
            if best is not None and best_score >= self.weights.close_at:
                close = URIRef(best)
            best = self._mint(ev, known)
            known[best] = _Known()
        known[best].absorb(ev)
        return Decision(URIRef(best), close, best_score)

    def iri(self, name: str, orgs: frozenset[str]) -> URIRef:
        """The IRI for a person called ``name`` holding posts in ``orgs`` (organization IRIs), nothing else known."""
        return self.decide(PersonEvidence(name, orgs=frozenset(orgs))).iri
