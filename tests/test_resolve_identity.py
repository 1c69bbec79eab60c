"""Identity across documents: one person when name and organizations agree, two when they conflict."""

from __future__ import annotations

from kg.resolve import org_key
from kg.resolve.identity import PersonRegistry

A, B, C = "https://w3id.org/zhkg/id/org/o-a", "https://w3id.org/zhkg/id/org/o-b", "https://w3id.org/zhkg/id/org/o-c"


def test_resolve_identity_same_name_same_body_is_one_person():
    reg = PersonRegistry()
    assert reg.iri("林书远", frozenset({A})) == reg.iri("林书远", frozenset({A, B}))


def test_resolve_identity_a_mention_without_a_body_joins_the_known_person():
    reg = PersonRegistry()
    first = reg.iri("林书远", frozenset({A}))
    assert reg.iri("林书远", frozenset()) == first


def test_resolve_identity_conflicting_bodies_make_two_people():
    reg = PersonRegistry()
    first = reg.iri("王建华", frozenset({A}))
    second = reg.iri("王建华", frozenset({C}))
    assert first != second
    # each keeps its own: a later mention at C is the second person
    assert reg.iri("王建华", frozenset({C})) == second


def test_resolve_identity_is_deterministic_for_the_same_order():
    runs = []
    for _ in range(2):
        reg = PersonRegistry()
        runs.append([reg.iri("王建华", frozenset({A})), reg.iri("王建华", frozenset({C})), reg.iri("周敏", frozenset())])
    assert runs[0] == runs[1]


def test_resolve_identity_store_lookup_is_consulted():
    known = "https://w3id.org/zhkg/id/person/p-known"
    reg = PersonRegistry(lookup=lambda name: [(known, {A})] if name == "林书远" else [])
    assert str(reg.iri("林书远", frozenset({A}))) == known
    assert str(reg.iri("林书远", frozenset({C}))) != known


def test_resolve_org_key_folds_abbreviations():
    assert org_key("中国科学技术协会") == org_key("中国科协") == "中国科协"
    assert org_key("北京市科学技术协会") == "北京市科协"
    assert org_key("中共平谷区委员会") == "平谷区委"
    assert org_key("宁陕县人民政府") == "宁陕县政府"
