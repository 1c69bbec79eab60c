# ruff: noqa: E501  (tables of Chinese sentences: ruff counts each CJK character as two columns)
"""kg.ingest.read: bytes of every supported format and encoding become the same text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.ingest.read import decode_bytes, read_file

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
SIMPLIFIED = "6月8日，北江市科协召开学会工作座谈会，市科协主席苏文清出席并讲话。\n与会代表围绕学术交流展开讨论。\n"
TRADITIONAL = "澳門科學技術協進會組織代表團參加年會，團長許明遠表示感謝。\n會議期間舉行了座談。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gb18030", "gb18030"),  # traditional characters saved as GB18030 stay GB18030
        (TRADITIONAL, "utf-16", "utf-16"),
        ("会议", "gbk", "gb18030"),  # very short
        ("會議", "big5", "big5"),
    ],
)
def test_read_decode_bytes_finds_the_encoding(text: str, encoding: str, expected: str) -> None:
    decoded, found = decode_bytes(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text
    assert found == expected


def test_read_decode_bytes_reencoded_corpus(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "corpus").glob("*.txt")):
        text = path.read_text("utf-8")
        for enc in ("utf-8", "utf-16", "gb18030"):
            assert decode_bytes(text.encode(enc))[0] == text, (path.name, enc)
        big5 = text.encode("big5", errors="ignore")  # the traditional items, less what Big5 lacks
        if path.name in ("news20.txt", "news21.txt"):
            assert decode_bytes(big5) == (big5.decode("big5"), "big5")


def test_read_txt_and_md(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode())
    (tmp_path / "a.md").write_bytes(SIMPLIFIED.encode("gbk"))
    a, b = read_file(tmp_path / "a.txt"), read_file(tmp_path / "a.md")
    assert a.text == b.text == SIMPLIFIED
    assert (a.format, b.format) == ("txt", "md")


def test_read_html_blocks_breaks_and_meta_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>页面标题</title><style>p {color: red}</style></head><body>"
        "<nav>首页 | 新闻</nav><script>var x = '脚本';</script>"
        "<h1>北江市科协召开座谈会</h1><div><p>第一段，\n  正文。</p><p>第二段<br>换行。</p></div>"
        "<table><tr><td>姓名</td><td>苏文清</td></tr></table></body></html>"
    )
    (tmp_path / "a.html").write_bytes(html.encode("gbk"))
    raw = read_file(tmp_path / "a.html")
    assert raw.encoding == "gb18030"
    assert raw.text == "北江市科协召开座谈会\n\n第一段， 正文。\n\n第二段\n换行。\n\n姓名\n\n苏文清"
    for dropped in ("页面标题", "脚本", "首页", "color"):
        assert dropped not in raw.text


def test_read_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("北江市科协召开座谈会")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("姓名", "职务"), ("苏文清", "主席")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("会议结束。")
    d.save(str(tmp_path / "a.docx"))
    raw = read_file(tmp_path / "a.docx")
    assert raw.text.split("\n\n") == ["北江市科协召开座谈会", "姓名", "职务", "苏文清", "主席", "会议结束。"]
    assert (raw.format, raw.encoding) == ("docx", None)


def test_read_pdf_text_layer_page_by_page() -> None:
    raw = read_file(SAMPLE / "news_qinghu_meeting.pdf")
    assert raw.format == "pdf"
    assert raw.text.startswith("青湖区科协召开2024年度工作会议\n")
    assert "区委副书记程雨桐" in raw.text
    assert "编辑:顾晓岚〡审核:陈思远" in raw.text


def test_read_html_drops_page_furniture_marked_by_class_id_or_role(tmp_path: Path) -> None:
    page = ("<html><head><title>页面</title></head><body>"
            "<div class='top-nav'><a href='/'>首页</a> | <a href='/n'>新闻中心</a></div>"
            "<ul class='breadcrumb'><li>当前位置：首页 &gt; 工作动态</li></ul>"
            "<div role='navigation'>网站地图</div>"
            "<div class='article'><h1>南江县科协召开全体会议</h1><p>1月16日，南江县科协召开全体会议。</p></div>"
            "<div id='footer'>版权所有：南江县科学技术协会</div></body></html>")
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    text = read_file(f).text
    assert text.startswith("南江县科协召开全体会议")
    assert "南江县科协召开全体会议。" in text
    for furniture in ("首页", "新闻中心", "当前位置", "网站地图", "版权所有"):
        assert furniture not in text
