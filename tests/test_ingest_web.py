"""Saved web pages: the article and the page's own metadata, not the site around it (kg.ingest.web)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDFS, Namespace

import kg
from kg.ingest import load_document
from kg.ingest.read import decode_html
from kg.ingest.web import read_web_page

FIXTURES = Path(__file__).parent / "fixtures"
SDO = Namespace("https://schema.org/")

MENU_ONLY = """<html><head><title>栏目导航</title></head><body>
<ul><li><a href="/1">首页</a></li><li><a href="/2">机构设置</a></li><li><a href="/3">南江市科协</a></li></ul>
<div class="footer">版权所有 南江市政府网</div></body></html>"""


def test_web_page_gives_the_article_and_its_metadata():
    page = read_web_page(decode_html((FIXTURES / "web_page_gbk.html").read_bytes())[0])
    assert page.headline == "南江大学举办科普讲座"
    assert page.date == "2024-03-05"
    assert page.publisher == "南江新闻网"
    assert "校长林海川出席并致辞" in page.text and "提升师生科学素养" in page.text
    for furniture in ("首页", "东岭县科协召开年度工作会议", "王明远", "南ICP备"):
        assert furniture not in page.text, furniture
    assert not page.warnings


def test_web_page_meta_charset_gbk_is_honoured():
    raw = (FIXTURES / "web_page_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, encoding = decode_html(raw)
    assert encoding == "gb18030" and "南江大学" in text


def test_web_page_furniture_never_becomes_facts():
    ds = kg.extract([FIXTURES / "web_page_gbk.html"])
    labels = {str(q[2]) for q in ds.quads((None, RDFS.label, None, None))}
    assert {"林海川", "周雅琴", "陈立新", "南江大学"} <= labels
    assert not labels & {"东岭县科协", "王明远", "南江市科技局"}
    assert "南江大学举办科普讲座" in {str(q[2]) for q in ds.quads((None, SDO.headline, None, None))}
    assert "2024-03-05" in {str(q[2]) for q in ds.quads((None, SDO.datePublished, None, None))}


def test_web_page_date_gives_the_year_of_the_event(tmp_path):
    doc = load_document(FIXTURES / "web_page_gbk.html")
    assert (doc.date.year, doc.date.month, doc.date.day) == (2024, 3, 5)
    assert doc.headline == "南江大学举办科普讲座" and doc.publisher == "南江新闻网"


def test_web_page_without_an_article_is_read_whole_with_a_warning():
    page = read_web_page(MENU_ONLY)
    assert page.warnings and "whole page" in page.warnings[0]
    assert "南江市科协" in page.text


def test_web_page_related_headlines_with_dates_after_the_article_are_cut():
    body = "".join(f"<p>{s}</p>" for s in [
        "5月8日，东岭县科协在县城广场举办科技活动周开幕式，副县长程立伟出席并讲话。" * 2,
        "活动现场设置展位二十余个，吸引群众三千余人次参与体验。" * 2])
    tail = "".join(f"<p>{h}</p><p>2024-05-0{i}</p>" for i, h in enumerate(["南江召开会议", "东岭开展调研"], 1))
    html = f"<html><body><div class='content'>{body}{tail}</div></body></html>"
    text = read_web_page(html).text
    assert "吸引群众三千余人次参与体验" in text and "东岭开展调研" not in text


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.mark.slow
def test_web_pages_of_the_shared_set_give_whole_clean_bodies_and_their_metadata(shared_dir):
    """../shared/web-pages: 42 real saved pages; the body whole and clean on at least 40, and the graph's
    schema:headline, schema:datePublished and schema:publisher equal the gold's on at least 38 (90 %)
    each; measured figures in docs/INGEST.md (bench/web_pages_bench.py)."""
    from rdflib import RDF

    kgo = Namespace("https://w3id.org/zhkg/ontology#")
    folder = shared_dir / "web-pages"
    golds = [json.loads(x) for x in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    whole_clean = 0
    right = {"headline": 0, "date": 0, "publisher": 0}
    wrong = []
    for g in golds:
        path = folder / "pages" / g["file"]
        t = _squash(read_web_page(decode_html(path.read_bytes())[0]).text)
        whole = _squash(g["body_first"]) in t and _squash(g["body_last"]) in t
        whole_clean += whole and not any(_squash(f) in t for f in g.get("furniture", []) if _squash(f))
        ds = kg.extract([path])
        (doc,) = {q[0] for q in ds.quads((None, RDF.type, kgo.Document, None))}

        def value(s, p, ds=ds):
            return next((str(q[2]) for q in ds.quads((s, p, None, None))), None)

        publisher = next((q[2] for q in ds.quads((doc, SDO.publisher, None, None))), None)
        got = {"headline": value(doc, SDO.headline), "date": value(doc, SDO.datePublished),
               "publisher": value(publisher, RDFS.label) if publisher is not None else None}
        for key, want in (("headline", g["title"]), ("date", g["date"]), ("publisher", g["publisher"])):
            ok = _squash(got[key]) == _squash(want) if want else not got[key] or got[key].startswith("--")
            right[key] += ok
            if not ok:
                wrong.append(f"{g['file']} {key}: {got[key]!r}")
    assert whole_clean >= 40, whole_clean
    assert all(n >= 38 for n in right.values()), (right, wrong)


def test_web_page_fallback_warning_reaches_the_build_report(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "menu.html").write_text(MENU_ONLY, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(tmp_path / "in"), "--store", str(tmp_path / "st"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "menu.html: no article found on the page" in report


def _web_archive(html: bytes, charset: str | None, *, before: str = "text/css") -> bytes:
    """A page saved as a browser's 'Webpage, Single File': MIME multipart/related, the HTML part
    quoted-printable in the page's charset, a style sheet part beside it."""
    import quopri

    boundary = "----MultipartBoundary--kgTestBoundary----"
    ctype = "text/html" + (f'; charset="{charset}"' if charset else "")
    head = ("From: <Saved by a browser>\r\nSnapshot-Content-Location: http://news.example.cn/a/1.html\r\n"
            "Subject: saved page\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"\r\n\r\n')
    other = (f"--{boundary}\r\nContent-Type: {before}\r\nContent-Transfer-Encoding: quoted-printable\r\n"
             "Content-Location: http://news.example.cn/s.css\r\n\r\nbody { color: black; }\r\n")
    page = (f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Location: http://news.example.cn/a/1.html\r\n\r\n").encode()
    return head.encode() + other.encode() + page + quopri.encodestring(html) + f"\r\n--{boundary}--\r\n".encode()


@pytest.mark.parametrize("charset", ["gb2312", None])  # declared by the part, or only by the page's <meta>
def test_web_archive_mhtml_reads_as_the_page_it_holds(tmp_path, charset):
    html = (FIXTURES / "web_page_gbk.html").read_bytes()
    saved = tmp_path / "page.mhtml"
    saved.write_bytes(_web_archive(html, charset))
    as_html = load_document(FIXTURES / "web_page_gbk.html")
    doc = load_document(saved)
    assert doc.text == as_html.text and "校长林海川出席并致辞" in doc.text and "首页" not in doc.text
    assert (doc.headline, doc.publisher, doc.date.iso()) == ("南江大学举办科普讲座", "南江新闻网", "2024-03-05")
    labels = {str(q[2]) for q in kg.extract([saved]).quads((None, RDFS.label, None, None))}
    assert {"林海川", "南江大学"} <= labels and "东岭县科协" not in labels


def test_web_archive_without_a_page_is_an_error_naming_the_file(tmp_path):
    from kg.errors import InputError

    saved = tmp_path / "images-only.mht"
    saved.write_bytes(_web_archive(b"", None).replace(b"text/html", b"image/png"))
    with pytest.raises(InputError, match="images-only.mht.*no text/html part"):
        load_document(saved)


# --- the page's own metadata, rule by rule, on invented pages of two layouts ---------------------------
# A news portal (menu, <h1>, an info line, the article in <div>s, a footer) and a government office's page
# (tables, no <h1>, the headline in a <td>, a 主办单位 footer).

_PORTAL_BODY = ("<p>4月7日，南江市科学技术协会在市民中心举办青少年科技创新大赛颁奖仪式，副市长赵启明出席并为获奖学生颁奖。</p>"
                "<p>本届大赛共收到全市中小学生作品八百余件，评出一等奖三十件。市科协党组书记孙慧兰主持颁奖仪式。</p>"
                "<p>孙慧兰表示，市科协将继续搭建青少年科技创新平台，激发青少年的科学兴趣。</p>")
_OFFICE_BODY = ("<p>近日，东岭县科技局组织农业技术专家深入青禾镇开展科技下乡活动，局长钱永福带队参加。</p>"
                "<p>专家们走进田间地头，为种植户讲解病虫害防治技术，现场解答群众提问四十余个，发放资料五百余份。</p>"
                "<p>钱永福要求，各镇要把科技服务延伸到村组，让农业技术真正惠及群众。</p>")


def _portal(*, title: str, meta: str = "", info: str = "", footer: str = "", h1: str | None = "青少年科技创新大赛颁奖") -> str:
    return (f"<html><head><title>{title}</title>{meta}</head><body>"
            "<div class='menu'><a href='/'>首页</a> <a href='/n'>要闻</a> <a href='/s'>社会</a></div>"
            + (f"<h1>{h1}</h1>" if h1 else "") + f"<div class='info'>{info}</div>"
            f"<div class='content'>{_PORTAL_BODY}</div>"
            "<div class='hot'><h3>热门推荐</h3><ul><li><a href='/x'>北岸区召开防汛工作会议</a></li></ul></div>"
            f"<div class='bottom'>{footer}</div></body></html>")


def _office(*, title: str, meta: str = "", info: str = "", footer: str = "",
            heading: str = "东岭县科技局开展科技下乡活动") -> str:
    return (f"<html><head><title>{title}</title>{meta}</head><body><table class='top'><tr>"
            "<td><a href='/'>网站首页</a></td><td><a href='/g'>政务公开</a></td><td><a href='/f'>办事服务</a></td>"
            f"</tr></table><table class='main'><tr><td class='biaoti'>{heading}</td></tr>"
            f"<tr><td class='xinxi'>{info}</td></tr><tr><td class='zhengwen'>{_OFFICE_BODY}</td></tr></table>"
            f"<table class='di'><tr><td>{footer}</td></tr></table></body></html>")


@pytest.mark.parametrize("html, date", [
    (_portal(title="青少年科技创新大赛颁奖", meta="<meta property='article:published_time' "
             "content='2023-04-08T10:20:00+08:00'>"), "2023-04-08"),
    (_office(title="东岭县科技局开展科技下乡活动", meta="<meta name='PubDate' content='2022-11-03 16:05'>"),
     "2022-11-03"),
])
def test_web_page_date_from_a_meta_tag(html, date):
    assert read_web_page(html).date == date


@pytest.mark.parametrize("html, date", [
    (_portal(title="青少年科技创新大赛颁奖", info="2023-04-08 09:30 来源：南江日报"), "2023-04-08"),
    (_office(title="东岭县科技局开展科技下乡活动", info="发布日期：2022年11月3日 浏览次数：215"), "2022-11-03"),
    (_office(title="东岭县科技局开展科技下乡活动", info="发布时间：22-11-03 16:05"), "2022-11-03"),
])
def test_web_page_date_from_the_date_line_under_the_headline(html, date):
    page = read_web_page(html)
    assert page.date == date
    assert "网站首页" not in page.text and "首页" not in page.text


def test_web_page_date_line_without_a_year_gives_no_date():
    # a platform that shows month and day only: no year is invented
    html = _portal(title="青少年科技创新大赛颁奖", info="发布时间：04-08 09:30")
    assert read_web_page(html).date is None


@pytest.mark.parametrize("html, source", [
    (_portal(title="青少年科技创新大赛颁奖", info="2023-04-08 09:30 来源：南江日报 编辑：王小溪"), "南江日报"),
    (_office(title="东岭县科技局开展科技下乡活动", info="发布日期：2022-11-03 信息来源：东岭县科技局"), "东岭县科技局"),
])
def test_web_page_source_from_the_source_line(html, source):
    page = read_web_page(html)
    assert page.source == source
    assert f"来源：{source}" in page.text[:200]  # the text's head says it for the structure stage


@pytest.mark.parametrize("html, publisher", [
    (_portal(title="青少年科技创新大赛颁奖", footer="Copyright © 2008-2023 南江新闻网 All Rights Reserved 南ICP备0000号"),
     "南江新闻网"),
    (_office(title="东岭县科技局开展科技下乡活动",
             footer="主办单位：东岭县人民政府办公室 版权所有<br>地址：东岭县府前路1号 联系电话：0000-0000000"),
     "东岭县人民政府办公室"),
])
def test_web_page_publisher_from_the_copyright_footer(html, publisher):
    page = read_web_page(html)
    assert page.publisher == publisher
    assert "版权所有" not in page.text and "Copyright" not in page.text


@pytest.mark.parametrize("html, headline, publisher", [
    (_portal(title="青少年科技创新大赛颁奖_要闻_南江新闻网", h1="南江新闻网"), "青少年科技创新大赛颁奖", "南江新闻网"),
    (_office(title="东岭县科技局开展科技下乡活动-东岭县人民政府", heading="东岭县科技局开展科技下乡活动"),
     "东岭县科技局开展科技下乡活动", "东岭县人民政府"),
    # a headline with a hyphen of its own keeps it
    (_office(title="1-10月东岭县科技下乡活动综述", heading="1-10月东岭县科技下乡活动综述"),
     "1-10月东岭县科技下乡活动综述", None),
])
def test_web_page_headline_without_the_site_suffix_of_its_title(html, headline, publisher):
    page = read_web_page(html)
    assert page.headline == headline
    assert page.publisher == publisher


def test_web_page_site_part_of_the_title_is_the_one_the_page_names():
    # 标题_频道_网站: the brand's channel the page names itself by, not the group's name it never shows
    html = _portal(title="青少年科技创新大赛颁奖_南江科技_南江传媒网", footer="南江科技 联系我们")
    assert read_web_page(html).publisher == "南江科技"
    html = _portal(title="青少年科技创新大赛颁奖_要闻_南江新闻网 - Nanjiang News")
    assert read_web_page(html).publisher == "南江新闻网"  # the Latin name and the channel set aside


@pytest.mark.parametrize("info, account", [
    ("<div>青禾小记</div><div>关注</div>", "青禾小记"),  # a name and its follow button
    ("<div>2023-04-08</div><div>19:02</div><div>南江观察</div><div>企鹅号</div>", "南江观察"),
    ("<div>科普东岭</div><div>发布时间：04-08 09:30</div>", "科普东岭"),
    ("<div>2023-04-08 · 北岸城事</div>", "北岸城事"),
])
def test_web_page_publisher_is_the_platform_account_the_head_shows(info, account):
    html = _portal(title="青少年科技创新大赛颁奖_某某号平台", info=info, footer="© 2023 某某平台 版权所有")
    assert read_web_page(html).publisher == account


def test_web_page_publisher_spelt_in_full_by_the_source_line():
    html = _portal(title="青少年科技创新大赛颁奖", info="2023-04-08 09:30 来源：南江观察网",
                   footer="Copyright © 2023 南江观察 All rights reserved.")
    assert read_web_page(html).publisher == "南江观察网"


def test_web_page_publisher_is_not_the_company_behind_the_site():
    html = _portal(title="青少年科技创新大赛颁奖--南江晚报",
                   footer="Copyright © 南江晚报传媒有限公司 版权所有")
    assert read_web_page(html).publisher == "南江晚报"


def test_web_page_metadata_reaches_the_graph(tmp_path):
    saved = tmp_path / "office.html"
    saved.write_text(_office(title="东岭县科技局开展科技下乡活动-东岭县人民政府",
                             info="发布日期：2022-11-03 信息来源：东岭县科技局"), encoding="utf-8")
    ds = kg.extract([saved])
    doc = next(iter(ds.quads((None, SDO.headline, None, None))))[0]
    assert {str(q[2]) for q in ds.quads((doc, SDO.headline, None, None))} == {"东岭县科技局开展科技下乡活动"}
    assert {str(q[2]) for q in ds.quads((doc, SDO.datePublished, None, None))} == {"2022-11-03"}
    publisher = next(iter(ds.quads((doc, SDO.publisher, None, None))))[2]
    assert {str(q[2]) for q in ds.quads((publisher, RDFS.label, None, None))} == {"东岭县人民政府"}


_MEETING = "".join(f"<p>{x}</p>" for x in [
    "5月9日下午，学校在图书馆报告厅召开2024年科研工作会议，校党委书记周明远出席并讲话，副校长韩晓东主持会议。",
    "会议总结了近年来科研工作取得的成绩，部署了下一阶段重点任务。各学院院长、科研骨干教师一百余人参加会议。",
    "周明远强调，要坚持问题导向，持续提升科研创新能力。"])


def test_web_page_metadata_of_a_university_page_with_its_fields_side_by_side():
    # fields in <span>s with no space between them: the source ends where the next field's cue begins
    html = ("<html><head><title>学校召开2024年科研工作会议-南江理工大学新闻网</title></head><body>"
            "<div id='header'><ul><li>首页</li><li>学校要闻</li><li>媒体南理</li></ul></div>"
            "<div class='position'>当前位置：首页 > 学校要闻 > 正文</div>"
            "<div class='arti_title'>学校召开2024年科研工作会议</div><div class='arti_metas'><span>作者：王晓</span>"
            "<span>来源：党委宣传部</span><span>发布时间：2024-05-10</span><span>点击数：1203</span></div>"
            f"<div class='wp_articlecontent'>{_MEETING}</div>"
            "<div id='footer'>Copyright © 2024 南江理工大学 版权所有 地址：南江市大学路8号</div></body></html>")
    page = read_web_page(html)
    assert (page.headline, page.date, page.source, page.publisher) == (
        "学校召开2024年科研工作会议", "2024-05-10", "党委宣传部", "南江理工大学新闻网")


def test_web_page_metadata_of_a_page_whose_title_is_only_the_site():
    # the headline in an <h2>, the <title> the site's name: the heading over the article is the headline,
    # and it is not mistaken for an account before the date line
    html = ("<html><head><title>南江市第一人民医院</title></head><body><table><tr><td>网站首页</td><td>医院概况</td>"
            "</tr></table><h2>我院召开2024年科研工作会议</h2><p class='date'>日期：2024年5月10日 作者：院办</p>"
            f"<div class='text'>{_MEETING}</div>"
            "<div class='foot'>版权所有：南江市第一人民医院 技术支持：南江某某网络科技有限公司</div></body></html>")
    page = read_web_page(html)
    assert (page.headline, page.date, page.publisher) == ("我院召开2024年科研工作会议", "2024-05-10", "南江市第一人民医院")
