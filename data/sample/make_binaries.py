# ruff: noqa: E501  (paragraphs of Chinese text: ruff counts each CJK character as two columns)
"""Write the sample files that are not plain UTF-8 text, from the texts below.

    .venv/bin/python data/sample/make_binaries.py

news_youth_contest_gbk.txt   a news item saved as GBK
news_binhai_cooperation.docx a news item as a Word document (python-docx)
news_qinghu_meeting.pdf      a news item as a PDF with a real text layer (fpdf2;
                             needs a CJK font: apt-get install fonts-wqy-microhei
                             or fonts-noto-cjk)

Everything here is invented: 南江市 and its people do not exist.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2024, 3, 20, 9, 0, tzinfo=dt.UTC)  # so the files come out the same each time

YOUTH_CONTEST = """\
第三十八届南江市青少年科技创新大赛开幕

2024-03-25 09:30

南江日报讯(记者 方知夏)3月23日，第三十八届南江市青少年科技创新大赛在南江科技馆开幕。大赛由南江市科协、市教育局、市科技局联合主办，南江科技馆承办。市科协党组书记、常务副主席林书远，市教育局副局长钱佩玲出席开幕式。

本届大赛共收到全市中小学生科技创新作品612件，经初评有186件作品进入终评。林书远在致辞中表示，希望同学们保持好奇心，敢于动手、勇于探索。

编辑:顾晓岚〡审核:陈思远
"""

BINHAI_COOPERATION = [
    "南江市科协与滨海市科协签署科普合作协议",
    "3月20日，南江市科协与滨海市科协在滨海市签署科普资源共建共享合作协议。"
    "滨海市科协党组书记、主席罗振宇主持签约仪式，南江市科协党组书记、常务副主席林书远出席并讲话。",
    "根据协议，两市科协将在科普展品巡展、科普人才培训和科学教育等方面开展常态化合作，"
    "每年联合举办不少于两场科普活动。",
    "(编辑:顾晓岚)",
]

QINGHU_MEETING = [
    "青湖区科协召开2024年度工作会议",
    "时间:2024-02-28  来源:青湖区科协",
    "2月27日，青湖区科协召开2024年度工作会议，区委副书记程雨桐出席会议并讲话，",
    "区科协主席韩晓峰作工作报告。会议表彰了2023年度科普工作先进集体和先进个人。",
    "程雨桐要求，区科协要围绕全区中心工作，持续推进基层科普阵地建设。",
    "编辑:顾晓岚〡审核:陈思远",
]

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def write_gbk(path: Path) -> None:
    path.write_bytes(YOUTH_CONTEST.encode("gbk"))


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.author = "kg sample"
    document.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    document.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    for paragraph in BINHAI_COOPERATION:
        document.add_paragraph(paragraph)
    document.save(str(path))


def write_pdf(path: Path) -> bool:
    from fpdf import FPDF

    font = next((f for f in FONT_CANDIDATES if Path(f).exists()), None)
    if font is None:
        print("no CJK font found; install fonts-wqy-microhei to rebuild the PDF", file=sys.stderr)
        return False
    pdf = FPDF(format="A5")
    pdf.set_creation_date(FIXED_TIME)
    pdf.add_page()
    pdf.add_font("cjk", fname=font)
    pdf.set_font("cjk", size=10)
    for k, line in enumerate(QINGHU_MEETING):
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
        if k in (0, 1):
            pdf.ln(2)
    pdf.output(str(path))
    return True


def main() -> None:
    write_gbk(HERE / "news_youth_contest_gbk.txt")
    write_docx(HERE / "news_binhai_cooperation.docx")
    write_pdf(HERE / "news_qinghu_meeting.pdf")


if __name__ == "__main__":
    main()
