"""Identity across documents: the evidence of a new sighting against a known person, and the decision."""

from __future__ import annotations

from kg.model import PersonEvidence
from kg.resolve import org_key
from kg.resolve.identity import PersonRegistry, Weights, is_common_name, score

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


def seen(name, orgs=(), year=None, companions=(), publisher=None, titles=(), kin=()):
    return PersonEvidence(name, frozenset(orgs), frozenset(kin), frozenset(titles),
                          frozenset({year} if year else ()), frozenset(companions),
                          frozenset({publisher} if publisher else ()))


def test_resolve_identity_common_names_are_the_short_and_the_frequent():
    assert is_common_name("王磊") and is_common_name("张建华") and is_common_name("欧阳建华")
    assert not is_common_name("林书远") and not is_common_name("司马怀德")


def test_resolve_identity_a_job_change_among_the_same_colleagues_is_one_person():
    reg = PersonRegistry()
    first = reg.decide(seen("林书远", {A}, 2022, {"周明哲", "韩立川"})).iri
    later = reg.decide(seen("林书远", {B}, 2024, {"周明哲", "韩立川"}))
    assert later.iri == first and later.close_match is None


def test_resolve_identity_other_bodies_in_the_same_year_are_two_people():
    reg = PersonRegistry()
    first = reg.decide(seen("林书远", {A}, 2024, {"周明哲"})).iri
    later = reg.decide(seen("林书远", {B}, 2024, {"周明哲"}))
    assert later.iri != first and later.close_match is None


def test_resolve_identity_a_common_name_with_nothing_else_is_a_close_match():
    reg = PersonRegistry()
    first = reg.decide(seen("王磊", {A}, 2024, {"周明哲"})).iri
    later = reg.decide(seen("王磊", (), 2024, {"赵雅琴"}))
    assert later.iri != first and later.close_match == first
    # the same name with a colleague of the first: one person
    assert reg.decide(seen("王磊", (), 2024, {"周明哲", "孙佩玲"})).iri == first


def test_resolve_identity_a_parent_body_in_common_weighs_less_than_the_body():
    same, parent = seen("林书远", {A}), seen("林书远", {B}, kin={A})
    assert score(seen("林书远", {A}), same) > score(seen("林书远", {C}, kin={A}), parent) > score(
        seen("林书远", {C}), same)


def test_resolve_identity_thresholds_are_the_registry_s():
    strict = PersonRegistry(weights=Weights(merge_at=10.0, close_at=-10.0))
    first = strict.decide(seen("林书远", {A})).iri
    later = strict.decide(seen("林书远", {A}))
    assert later.iri != first and later.close_match == first


def test_resolve_identity_asks_the_store_for_companions_only_when_the_rest_leaves_it_open():
    asked = []
    known = {"林书远": "https://w3id.org/zhkg/id/person/p-lin", "王磊": "https://w3id.org/zhkg/id/person/p-wang"}

    def companions(iri, names):
        asked.append((iri, names))
        return names & {"周明哲"}

    reg = PersonRegistry(lookup=lambda name: [(known[name], seen(name, {A}))] if name in known else [],
                         companions=companions)
    assert str(reg.iri("林书远", frozenset({A}))) == known["林书远"] and asked == []  # 1 + 3: merged anyway
    later = reg.decide(seen("王磊", (), companions={"周明哲"}))  # 0 without the colleague, 1.2 with
    assert str(later.iri) == known["王磊"] and asked == [(known["王磊"], {"周明哲"})]
