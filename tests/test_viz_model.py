"""The intermediate model the views are drawn from, read from the graph fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset

from kg.viz.model import EntityKind, LinkKind, build_model
from kg.viz.source import read_graph

VIZ = Path(__file__).parent / "fixtures" / "viz"
KGR = "https://w3id.org/zhkg/id/"


def _small_graph(path: Path) -> Dataset:
    """tests/fixtures/small_graph.trig; its prefixed names hold '/', which Turtle does not allow
    unescaped (rdflib and oxigraph both refuse), so spell them out when the plain parse fails."""
    try:
        return read_graph(path)
    except Exception:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"kgr:([\w-]+(?:/[\w-]+)+)", rf"<{KGR}\1>", text)
        ds = Dataset(default_union=True)
        ds.parse(data=text, format="trig")
        return ds


@pytest.fixture(scope="module")
def small(small_graph_path):
    return build_model(_small_graph(small_graph_path))


@pytest.fixture(scope="module")
def people():
    return build_model(read_graph(VIZ / "people.trig"))


def by_label(model, label):
    return next(e for e in model.entities.values() if e.label == label)


def test_viz_model_small_graph_entities(small):
    kinds = sorted((e.kind.value, e.label) for e in small.entities.values())
    assert kinds == [
        ("event", "青年科技人才座谈会"),
        ("organization", "南江市科协"),
        ("organization", "南江市科协青年工作部"),
        ("person", "周敏"),
        ("person", "林晓峰"),
        ("place", "南江市科技会堂"),
    ]


def test_viz_model_small_graph_posts_roles_and_source(small):
    lin = by_label(small, "林晓峰")
    org = by_label(small, "南江市科协")
    assert sorted(p.title for p in lin.posts) == ["主席", "党组书记"]
    assert {p.organization for p in lin.posts} == {org.id}
    assert org.aliases == ("南江市科学技术协会", "市科协")
    event = by_label(small, "青年科技人才座谈会")
    assert event.start == "2024-03-14" and event.event_type == "Symposium"
    assert event.place == by_label(small, "南江市科技会堂").id
    roles = {(small.entities[r.agent].label, r.labels) for r in small.roles_at(event.id)}
    assert roles == {("林晓峰", ("主持",)), ("南江市科协", ("主办",))}
    [src] = lin.sources
    assert src.sentence.startswith("3月14日，南江市科协党组书记") and src.anchor == "林晓峰"
    assert src.document_label == "科协工作动态 2024年第3期" and src.published == "2024-03-18"
    assert (src.start, src.end) == (150, 153)
    assert small.sub_organizations == [(by_label(small, "南江市科协青年工作部").id, org.id)]


def test_viz_model_roles_keep_the_precise_word(people):
    day = by_label(people, "2024年科技工作者日座谈会")
    roles = {people.entities[r.agent].label: r.labels for r in people.roles_at(day.id)}
    assert roles == {
        "王雪梅": ("主持",),
        "陈立新": ("致辞",),
        "赵一鸣": ("致辞",),
        "刘芳": ("出席",),
        "东岭市科协": ("主办",),
        "东岭大学": ("承办",),
    }
    outreach = by_label(people, "科普进社区活动")
    roles = {people.entities[r.agent].label: r.labels for r in people.roles_at(outreach.id)}
    assert roles == {"王雪梅": ("出席",), "东岭大学": ("参加",), "东岭市科技馆": ("主办",)}


def test_viz_model_year_less_date_kept_as_month_day(people):
    assert by_label(people, "科普进社区活动").start == "--06-08"


def test_viz_model_sources_from_posts_participations_and_mentions(people):
    chen = by_label(people, "陈立新")
    assert [s.document_label for s in chen.sources] == [
        "东岭市科协工作简报 2024年第5期",
        "科普动态 </script><b>第2期</b>",
    ]
    assert chen.aliases == ("陈教授",)
    wang = by_label(people, "王雪梅")
    assert len(wang.sources) == 1  # the same sentence through the person, a post and a participation


def test_viz_model_links(people):
    links = people.links()
    kinds = {k: sum(1 for lk in links if lk.kind is k) for k in LinkKind}
    assert kinds[LinkKind.POST] == 4  # 王 (科协), 陈 (科协, 大学), 赵 (大学)
    post = next(
        lk for lk in links if lk.kind is LinkKind.POST and people.entities[lk.source].label == "王雪梅"
    )
    assert post.label == "主席、党组书记" or post.label == "党组书记、主席"
    assert kinds[LinkKind.LOCATION] == 2 and kinds[LinkKind.SUB_ORGANIZATION] == 1
    assert kinds[LinkKind.ORGANIZES] == 6
    assert all(lk.source in people.entities and lk.target in people.entities for lk in links)
    assert len(people.of_kind(EntityKind.PERSON)) == 5


def test_viz_model_empty_graph():
    model = build_model(Dataset(default_union=True))
    assert model.entities == {} and model.links() == []
