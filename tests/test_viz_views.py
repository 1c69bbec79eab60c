"""Views (which nodes and links), layout, and the HTML they become (without a browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.viz import write_model_views, write_views
from kg.viz.layout import compute_layout
from kg.viz.model import EntityKind, LinkKind, build_model
from kg.viz.render import LIB_DIR, LIB_FILES, render_view
from kg.viz.source import read_graph
from kg.viz.views import co_attendance, ego_view, organization_network, timeline, whole_graph

VIZ = Path(__file__).parent / "fixtures" / "viz"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def model():
    return build_model(read_graph(VIZ / "people.trig"))


def iri(model, label):
    return next(e.id for e in model.entities.values() if e.label == label)


def labels(model, ids):
    return sorted(model.entities[i].label for i in ids)


def test_viz_views_co_attendance_weights(model):
    view = co_attendance(model)
    w = {tuple(labels(model, [lk.source, lk.target])): lk.weight for lk in view.links}
    assert w[("赵一鸣", "陈立新")] == 2.0  # 座谈会 and 论坛
    assert w[("刘芳", "陈立新")] == 2.0
    assert w[("王雪梅", "陈立新")] == 1.0
    assert ("<img src=x onerror=alert(1)>", "王雪梅") in w
    assert all(lk.kind is LinkKind.CO_ATTENDANCE for lk in view.links)


def test_viz_views_organization_network(model):
    view = organization_network(model)
    got = set()
    for lk in view.links:
        a, b = model.entities[lk.source].label, model.entities[lk.target].label
        if lk.kind is LinkKind.CO_HOSTING:  # undirected
            a, b = sorted(
                [a, b],
                key=lambda s: ("东岭大学", "东岭市科协").index(s) if s in ("东岭大学", "东岭市科协") else 9,
            )
        got.add((a, b, lk.kind.value, lk.weight))
    assert ("东岭大学", "东岭市科协", "co_hosting", 1.0) in got
    assert ("东岭大学", "东岭市青年科学家协会", "co_hosting", 1.0) in got
    assert ("东岭大学", "东岭市科技馆", "org_participation", 1.0) in got
    assert ("东岭市青年科学家协会", "东岭市科协", "sub_organization", 1.0) in got


def test_viz_views_ego_hops(model):
    one = ego_view(model, iri(model, "刘芳"), hops=1)
    assert labels(model, one.nodes) == ["2024年科技工作者日座谈会", "刘芳", "青年科学家论坛"]
    assert one.focus == iri(model, "刘芳") and one.slug.startswith("ego/person-")
    two = ego_view(model, iri(model, "刘芳"), hops=2)
    assert {"王雪梅", "东岭市科技会堂", "东岭市青年科学家协会"} <= set(labels(model, two.nodes))


def test_viz_views_timeline_separates_year_less_dates(model):
    view = timeline(model)
    pos = {model.entities[i].label: xy for i, xy in view.positions.items()}
    assert pos["院士专家工作站揭牌仪式"][0] < pos["青年科学家论坛"][0] < pos["2024年科技工作者日座谈会"][0]
    dated_rows = {pos[k][1] for k in ("院士专家工作站揭牌仪式", "青年科学家论坛", "2024年科技工作者日座谈会")}
    assert pos["科普进社区活动"][1] > max(dated_rows)
    assert [b.kind for b in view.bands] == ["dated", "monthday"]
    assert view.bands[0].bottom < pos["科普进社区活动"][1]


def test_viz_layout_is_deterministic_and_complete():
    nodes = [f"n{i}" for i in range(700)]
    edges = [(f"n{i}", f"n{(i * 7 + 3) % 700}") for i in range(700)] + [("n1", "n2")]
    a = compute_layout(nodes, edges, seed=3)
    assert a == compute_layout(nodes, edges, seed=3)
    assert set(a) == set(nodes)
    assert len(set(a.values())) == len(nodes)  # no two nodes on one spot


def test_viz_render_escapes_document_text(model):
    html = render_view(whole_graph(model), model)
    assert EVIL not in html and "<script>alert(2)</script>" not in html and "</script><b>" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # in the JSON, as text
    assert html.count("</script>") == 5  # the data, vis-network, ours (labels, time axis, app)


def test_viz_render_loads_only_the_folder_lib(model):
    html = render_view(whole_graph(model), model)
    assert '<meta charset="utf-8">' in html
    refs = re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=\"([^\"]+)\"", html)
    assert sorted(refs) == sorted(f"lib/{n}" for n in LIB_FILES)  # relative, beside the page
    assert "cdn" not in html.lower().replace("cdnjs", "")  # no CDN reference
    assert "vis.Network" not in html.split("</head>", 1)[1].split('id="kg-data"', 1)[0]


def test_viz_write_views_one_lib_per_folder(tmp_path, model):
    paths = write_model_views(model, tmp_path)
    libs = [p for p in paths if p.parent.name == LIB_DIR]
    assert sorted(p.name for p in libs) == sorted(LIB_FILES)
    ego = next(p for p in paths if p.parent.name == "ego")
    assert 'src="../lib/vis-network.min.js"' in ego.read_text(encoding="utf-8")
    vis_size = (tmp_path / LIB_DIR / "vis-network.min.js").stat().st_size
    pages = [p for p in paths if p.suffix == ".html"]
    assert all(p.stat().st_size < vis_size for p in pages)  # no page carries its own copy


def test_viz_write_views_details_once_per_folder(tmp_path, model):
    paths = write_model_views(model, tmp_path)
    details = tmp_path / "details.js"
    assert details in paths
    text = details.read_text(encoding="utf-8")
    assert text.startswith("window.kgDetails = {") and "王雪梅" in text
    assert "<script>alert(2)</script>" not in text  # escaped as in the pages
    ego = next(p for p in paths if p.parent.name == "ego").read_text(encoding="utf-8")
    assert 'src="../details.js"' in ego and '"details":null' in ego
    assert "王雪梅主持召开" not in ego  # sentences are in details.js only


def test_viz_render_edges_name_their_ends_by_place(model):
    view = whole_graph(model)
    html = render_view(view, model)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1))
    ends = {(view.nodes[e["from"]], view.nodes[e["to"]]) for e in data["edges"]}
    assert ends == {(lk.source, lk.target) for lk in view.links}


def test_viz_write_views_files(tmp_path):
    paths = write_views(tmp_path, graph_file=VIZ / "people.trig", hops=2)
    names = {p.relative_to(tmp_path).as_posix() for p in paths}
    assert {"index.html", "graph.html", "coattendance.html", "organizations.html", "timeline.html"} <= names
    egos = [n for n in names if n.startswith("ego/")]
    assert len(egos) == 5 + 4 + 4  # persons, organizations and events with links
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index and EVIL not in index
    for p in paths:
        p.read_bytes().decode("utf-8")


def test_viz_write_views_caps_ego_pages(tmp_path, model):
    paths = write_model_views(model, tmp_path, top={EntityKind.PERSON: 2, EntityKind.ORGANIZATION: 1})
    assert len([p for p in paths if p.parent.name == "ego"]) == 3


def test_viz_views_timeline_lanes_keep_label_boxes_apart():
    """Without a browser: the estimated label boxes of 300 events over eight years never meet."""
    from corpus_generator import gen_viz_graph

    from kg.viz.model import build_model
    from kg.viz.timeline_layout import GAP, NODE_PX, label_width

    model = build_model(gen_viz_graph().generate(persons=300, events=300))
    view = timeline(model)
    assert len(view.nodes) == 300
    boxes = []
    for iri in view.nodes:
        x, y = view.positions[iri]
        w = max(map(label_width, view.lines[iri]))
        boxes.append((x - w / 2, y, x + w / 2, view.lines[iri]))
    rows: dict[float, list] = {}
    for b in boxes:
        rows.setdefault(b[1], []).append(b)
    assert len(rows) > 1  # several lanes
    for row in rows.values():  # one lane: a box ends GAP before the next begins
        row.sort()
        assert all(a[2] + GAP <= b[0] + 1e-6 for a, b in zip(row, row[1:], strict=False))
    lane = sorted(rows)
    assert all(b - a >= 2 * NODE_PX + 2 * 17 for a, b in zip(lane, lane[1:], strict=False))
    assert max(len(t) for _, _, _, (t, _) in boxes) <= 16  # long names are cut, with …


@pytest.mark.slow
def test_viz_write_views_of_the_sample_take_at_most_8_mb(tmp_path):
    """Issue 16: the bundled sample's views (every page, lib/, details.js) fit in 8 MB."""
    import kg

    root = Path(__file__).resolve().parent.parent
    kg.build([root / "data" / "sample"], tmp_path / "out", store_dir=tmp_path / "store", quiet=True)
    paths = write_views(tmp_path / "views", graph_file=tmp_path / "out" / "graph.trig")
    size = sum(p.stat().st_size for p in (tmp_path / "views").rglob("*") if p.is_file())
    assert len([p for p in paths if p.suffix == ".html"]) > 40
    assert size <= 8_000_000, f"{size / 1e6:.2f} MB"


def test_viz_person_details_show_when_each_post_was_seen(tmp_path):
    """A post seen in two dated documents: the details panel gives its body and first – last date."""
    import kg
    from kg.viz.details import entity_details

    (tmp_path / "a.txt").write_text("南江市科协工作简报\n2023年6月7日\n6月6日，南江市科协党组书记林书远主持召开学会工作座谈会。\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("南江市科协工作简报\n2024年3月2日\n3月1日，南江市科协党组书记林书远出席科普讲解大赛。\n",
                                    encoding="utf-8")
    kg.extract([tmp_path / "a.txt", tmp_path / "b.txt"]).serialize(tmp_path / "g.trig", format="trig")
    m = build_model(read_graph(tmp_path / "g.trig"))
    person = m.entities[iri(m, "林书远")]
    post = next(p for p in person.posts if p.title == "党组书记")
    assert (post.first_seen, post.last_seen) == ("2023-06-07", "2024-03-02")
    items = next(s for s in entity_details(m, person)["sections"] if s["heading"] == "职务")["items"]
    assert {"text": "党组书记", "node": post.organization, "note": "南江市科协 · 2023-06-07 – 2024-03-02"} in items
