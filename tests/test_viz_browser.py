"""The views in real headless Chromium with the network blocked.

Needs Debian's chromium (``apt-get install -y chromium``) and the playwright Python package;
skips cleanly without them.  KG_VIZ_GRAPH=path/to/graph.trig also checks that graph's views.
Screenshots go to the test's tmp folder (KG_VIZ_SHOTS=folder keeps them somewhere else).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from chromium_page import Page

from kg.viz import write_views

pytestmark = [pytest.mark.browser]

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "people.trig"
EVIL = "<img src=x onerror=alert(1)>"



@pytest.fixture(scope="module")
def views(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    write_views(out, graph_file=FIXTURE, hops=2)
    return out


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("KG_VIZ_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("shots")


@pytest.fixture()
def open_page(browser):
    pages: list[Page] = []

    def _open(path: Path) -> Page:
        p = Page(browser, path)
        pages.append(p)
        return p

    yield _open
    for p in pages:
        p.close()


@pytest.mark.parametrize("name", ["graph", "coattendance", "organizations", "timeline"])
def test_viz_browser_view_draws_offline(open_page, views, shots, name):
    p = open_page(views / f"{name}.html")
    drawn = p.page.evaluate("""() => ({
        canvas: !!document.querySelector('#kg-network canvas'),
        data: window.kg.data.nodes.length,
        body: Object.keys(window.kg.network.body.nodes).filter(k => !k.startsWith('axis:')).length,
        charset: document.characterSet })""")
    assert drawn["canvas"] and drawn["data"] > 0
    assert drawn["body"] == drawn["data"]
    assert drawn["charset"] == "UTF-8"
    p.page.screenshot(path=str(shots / f"{name}.png"))
    p.clean()


def test_viz_browser_index_and_ego_pages_are_offline(open_page, views, shots):
    ctx = open_page(views / "graph.html")
    ctx.page.goto((views / "index.html").resolve().as_uri())
    links = ctx.page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert "graph.html" in links and any(h.startswith("ego/person-") for h in links)
    ctx.page.screenshot(path=str(shots / "index.png"), full_page=True)
    ego = next(h for h in links if h.startswith("ego/person-"))
    p = open_page(views / ego)
    focus = p.page.evaluate("window.kg.data.focus")
    assert p.page.text_content(".kg-details h2") == p.page.evaluate(
        "f => window.kg.details[f].title", focus
    )
    p.page.screenshot(path=str(shots / "ego-person.png"))
    ctx.clean()
    p.clean()


def test_viz_browser_legend_lists_types_with_counts(open_page, views):
    p = open_page(views / "graph.html")
    rows = p.page.eval_on_selector_all(".kg-legend-row[data-kind]", "rs => rs.map(r => r.textContent)")
    assert rows == ["人物5", "机构4", "活动4", "地点1"]
    p.page.uncheck("input[data-kind='person']")
    assert p.hidden(p.node_id("王雪梅"))
    p.clean()


def test_viz_browser_search_by_name_shows_posts_and_source(open_page, views, shots):
    p = open_page(views / "graph.html")
    p.search("王雪")
    assert p.page.text_content("#kg-suggest li .kg-sugg-text") == "王雪梅"
    p.page.press("#kg-search", "Enter")
    panel = p.page.locator("#kg-details")
    assert panel.locator("h2").text_content() == "王雪梅"
    posts = panel.locator("section[data-heading='职务'] li").all_text_contents()
    assert any("党组书记" in t and "东岭市科协" in t for t in posts)
    sources = panel.locator("section[data-heading='出处'] li").all_text_contents()
    assert any("王雪梅主持召开2024年科技工作者日座谈会" in t and "东岭市科协工作简报" in t for t in sources)
    assert p.page.evaluate("window.kg.network.getSelectedNodes()") == [p.node_id("王雪梅")]
    p.page.screenshot(path=str(shots / "graph-details.png"))
    p.clean()


def test_viz_browser_search_by_alias(open_page, views):
    p = open_page(views / "graph.html")
    p.search("岭大")
    first = p.page.locator("#kg-suggest li").first
    assert first.locator(".kg-sugg-text").text_content() == "岭大"
    assert "东岭大学" in first.text_content()
    first.dispatch_event("mousedown")
    assert p.page.text_content("#kg-details h2") == "东岭大学"
    p.clean()


def test_viz_browser_click_on_node_shows_details_and_neighbours(open_page, views):
    p = open_page(views / "graph.html")
    wang = p.node_id("王雪梅")
    p.page.evaluate("window.kg.network.fit()")
    x, y = p.page.evaluate(
        """id => { const n = window.kg.network;
        const c = n.canvasToDOM(n.getPositions([id])[id]);
        const r = document.querySelector('#kg-network canvas').getBoundingClientRect();
        return [r.left + c.x, r.top + c.y]; }""",
        wang,
    )
    p.page.mouse.click(x, y)
    p.page.wait_for_function("document.querySelector('#kg-details h2')?.textContent === '王雪梅'")
    events = p.page.locator("section[data-heading='活动'] li").all_text_contents()
    assert any("2024年科技工作者日座谈会" in t and "主持" in t for t in events)
    dim = p.page.evaluate(
        "window.kg.nodes.get(window.kg.data.nodes.find(n => n.label === '东岭大学').id).color.background"
    )
    assert dim.startswith("rgba(190")  # not a neighbour: dimmed
    p.clean()


def test_viz_browser_date_filter_hides_events_outside_range(open_page, views, shots):
    p = open_page(views / "graph.html")
    station, forum, day = (
        p.node_id(n) for n in ("院士专家工作站揭牌仪式", "青年科学家论坛", "2024年科技工作者日座谈会")
    )
    yearless = p.node_id("科普进社区活动")
    p.page.fill("#kg-from", "2024-01-01")
    p.page.fill("#kg-to", "2024-04-30")
    assert p.hidden(station) and p.hidden(day)
    assert not p.hidden(forum)
    assert p.hidden(yearless)  # 6月8日 falls outside January-April
    edges_to_station = p.page.evaluate(
        "id => window.kg.edges.get().filter(e => e.to === id || e.from === id).map(e => !!e.hidden)", station
    )
    assert edges_to_station and all(edges_to_station)
    assert not p.hidden(p.node_id("王雪梅"))  # persons stay
    p.page.screenshot(path=str(shots / "graph-date-filter.png"))
    p.page.fill("#kg-to", "")
    p.page.fill("#kg-from", "")
    assert not p.hidden(station) and not p.hidden(yearless)
    p.clean()


def test_viz_browser_injected_name_stays_text(open_page, views, shots):
    p = open_page(views / "graph.html")
    p.search("<img")
    assert p.page.text_content("#kg-suggest li .kg-sugg-text") == EVIL
    p.page.press("#kg-search", "Enter")
    assert p.page.text_content("#kg-details h2") == EVIL
    quotes = p.page.locator("#kg-details .kg-quote").all_text_contents()
    assert any("<script>alert(2)</script>" in q for q in quotes)
    notes = p.page.locator("#kg-details section[data-heading='出处'] .kg-note").all_text_contents()
    assert any("</script><b>第2期</b>" in n for n in notes)
    assert p.page.evaluate("document.querySelectorAll('img, b, #kg-details script').length") == 0
    p.page.wait_for_timeout(200)  # give an onerror handler the chance it must not have
    p.page.screenshot(path=str(shots / "injection.png"))
    p.clean()


def test_viz_browser_physics_toggle(open_page, views):
    p = open_page(views / "graph.html")
    assert p.page.is_checked("#kg-physics")  # small graph: physics on
    p.page.uncheck("#kg-physics")
    assert p.page.evaluate("window.kg.network.physics.physicsEnabled") is False
    p.clean()


def test_viz_browser_lead_graph(open_page, tmp_path):
    """KG_VIZ_GRAPH=graph.trig: the views of a real graph load offline, and search finds its first person."""
    graph = os.environ.get("KG_VIZ_GRAPH")
    if not graph:
        pytest.skip("set KG_VIZ_GRAPH to check the views of a real graph")
    write_views(tmp_path, graph_file=Path(graph))
    p = open_page(tmp_path / "graph.html")
    name = p.page.evaluate("window.kg.data.nodes.find(n => n.kind === 'person')?.label")
    if name:
        p.search(name)
        p.page.press("#kg-search", "Enter")
        assert p.page.text_content("#kg-details h2") == name
    p.clean()
