# ruff: noqa: E501  (templates of Chinese text: ruff counts each CJK character as two columns)
"""Generate a synthetic corpus of bulletins and news items (invented, deterministic) for scale tests.

    python bench/gen_corpus.py --docs 1000 --out /tmp/corpus --seed 0

Every name, place and organization is invented: places from two-character lists plus 市/县/区,
persons from a surname list and given-name characters, organizations from place + field + suffix.
A fixed pool of persons holding posts at organizations recurs across documents, as in real data.

The generator knows who is who: every person has a true identity (``Person.pid``) and
:func:`document_cast` gives, for a document, each name written in it with the identity behind it.
Persons are not one per name: some bear a common name (王磊) that a person of another city bears too
(at another body, or with no body at all: the volunteers an award names), one of them a namesake in
the same city; and careers move: a county's 科协主席 becomes the city 科协's 副主席 in 2023 (a retiree
leaves the post, a newcomer takes the county), and two cities swap their 党组成员、副主席 in 2024.

Document ``i`` depends only on ``(seed, i)``: ``--docs 100`` writes the first 100 files of
``--docs 1000``.  About 60 % are bulletins (masthead 2024年 第N期 (总第M期), publisher, date, 目录,
【sections】, 5-10 articles with attributions, credit lines), 40 % news items (时间:/来源: header,
one-paragraph items with ASCII punctuation and no year, reporter leads).  Artifacts as in real
files: page breaks inside words ("科\\n\\n普"), hard wraps, full-width digits, stray spaces.
Formats: mostly UTF-8 .txt, some GBK .txt, some .html (UTF-8 or GBK) and some .docx.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

# --- the invented world ---------------------------------------------------------------------------

PLACE_FIRST = "南东西北青临云安平清长新永丰宁泰嘉兴华恒"
PLACE_SECOND = "江湖岭海川阳山州原城溪林峰桥门浦"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "书远雅琴立川明哲怀德慧敏建平思岚晓峰雨桐启航振宇佩玲知夏文涛青静怡志强海燕国华春梅秀英俊杰子涵欣然浩然宏伟丽娟永福家豪婉清嘉怡博文若曦天佑"
FIELDS = ["人工智能", "计算机", "医学", "农学", "机械工程", "电子学", "化学化工", "环境科学", "生物工程", "材料",
          "土木建筑", "地理", "气象", "水利", "中医药", "心理", "数学", "物理", "林学", "营养"]
SOCIETY_SUFFIX = ["学会", "协会", "研究会"]
TOPICS = ["人工智能与科学传播", "新时代科普工作的创新路径", "基层科协组织建设", "科技成果转化的实践",
          "青少年科学素质提升", "数字化转型与产业升级", "乡村振兴中的科技服务", "精准医学的临床转化"]
SECTIONS = ["党建引领", "科普工作", "学会动态", "基层动态", "学术交流", "决策咨询", "创新服务", "工作要闻"]
ACTIVITIES = ["科技之春宣传月活动", "全国科普日活动", "科技工作者日座谈会", "院士专家进基层活动", "科普大篷车巡展",
              "青少年科学营", "学术沙龙", "创新方法培训"]
DEPARTMENTS = ["科普部", "学会部", "组织人事部", "办公室", "调研宣传部", "科技人才部"]
CREDIT_EDITORS = 6  # persons who edit and review the bulletins


YEARS = (2022, 2023, 2024)
COMMON_GIVEN = "磊军伟勇涛斌静敏杰"  # one-character given names many people bear


@dataclass(frozen=True)
class Person:
    name: str
    title: str  # e.g. 党组书记、常务副主席
    org: str  # full name, e.g. 南江市科协
    short_org: str  # as a bulletin says it, e.g. 市科协
    pid: str = ""  # the true identity: one per real person, whatever their name or post


@dataclass
class World:
    """Places, organizations and persons shared by all documents of one seed."""

    cities: list[str]
    counties: dict[str, list[str]]
    universities: dict[str, str]
    societies: dict[str, list[str]]
    officials: dict[str, list[Person]]  # city -> persons at the city's 科协 (in 2022)
    scholars: dict[str, list[Person]]  # city -> professors, society heads
    county_people: dict[str, list[Person]]  # city -> (主席 of the county's 科协, county official) per county
    editors: list[str]
    volunteers: dict[str, list[Person]] = field(default_factory=dict)  # city -> volunteers (no body)
    officials_by_year: dict[tuple[str, int], list[Person]] = field(default_factory=dict)
    county_by_year: dict[tuple[str, int], list[Person]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # pid -> "namesake", "mover" (else plain)

    def staff(self, city: str, year: int) -> list[Person]:
        """The persons at the city's 科协 in ``year``."""
        return self.officials_by_year.get((city, year), self.officials[city])

    def locals(self, city: str, year: int) -> list[Person]:
        """The county persons of the city in ``year`` (two per county, as ``county_people``)."""
        return self.county_by_year.get((city, year), self.county_people[city])


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))
        if n not in used:
            used.add(n)
            return n


def make_world(seed: int) -> World:
    rng = random.Random(f"world:{seed}")
    names = [a + b for a in PLACE_FIRST for b in PLACE_SECOND]
    rng.shuffle(names)
    cities = [n + "市" for n in names[:8]]
    rest = names[8:]
    used: set[str] = set()
    counties: dict[str, list[str]] = {}
    universities: dict[str, str] = {}
    societies: dict[str, list[str]] = {}
    officials: dict[str, list[Person]] = {}
    scholars: dict[str, list[Person]] = {}
    county_people: dict[str, list[Person]] = {}
    for k, city in enumerate(cities):
        base = city[:-1]
        counties[city] = [rest[k * 4 + j] + rng.choice(("县", "区")) for j in range(4)]
        universities[city] = base + rng.choice(("大学", "理工大学", "医科大学", "师范大学"))
        societies[city] = [city + f + rng.choice(SOCIETY_SUFFIX) for f in rng.sample(FIELDS, 8)]
        kx, short = city + "科协", "市科协"
        officials[city] = [
            Person(_name(rng, used), "党组书记、常务副主席", kx, short),
            Person(_name(rng, used), "党组成员、副主席", kx, short),
            Person(_name(rng, used), "副主席", kx, short),
            *[Person(_name(rng, used), d + ("主任" if d == "办公室" else "部长"), kx, short)
              for d in rng.sample(DEPARTMENTS, 3)],
        ]
        scholars[city] = [Person(_name(rng, used), "教授", universities[city], universities[city])
                          for _ in range(3)]
        scholars[city] += [Person(_name(rng, used), "理事长", s, s) for s in societies[city][:3]]
        county_people[city] = []
        for county in counties[city]:
            county_people[city] += [Person(_name(rng, used), "主席", county + "科协", county + "科协"),
                                    Person(_name(rng, used), rng.choice(("副县长", "县委常委、宣传部部长", "副区长")),
                                           county, county)]
    editors = [_name(rng, used) for _ in range(CREDIT_EDITORS)]
    world = World(cities, counties, universities, societies, officials, scholars, county_people, editors)
    _people_of_the_world(world, random.Random(f"people:{seed}"), used)
    return world


def _common_name(rng: random.Random, used: set[str]) -> str:
    while True:
        n = rng.choice(SURNAMES[:12]) + rng.choice(COMMON_GIVEN)
        if n not in used:
            used.add(n)
            return n


def _people_of_the_world(w: World, rng: random.Random, used: set[str]) -> None:
    """Identities, namesakes, volunteers and careers, drawn after the base world (which stays as it was)."""
    count = iter(range(1_000_000))

    def ided(p: Person) -> Person:
        return replace(p, pid=f"w{next(count)}")

    for city in w.cities:
        w.officials[city] = [ided(p) for p in w.officials[city]]
        w.scholars[city] = [ided(p) for p in w.scholars[city]]
        w.county_people[city] = [ided(p) for p in w.county_people[city]]
        w.volunteers[city] = [ided(Person(_name(rng, used), "", "", "")) for _ in range(6)]
    # namesakes: a common name borne in two cities (two bodies; a body and none; one pair in one city)
    for j in range(0, len(w.cities) - 1, 2):
        here, there = w.cities[j], w.cities[j + 1]
        name = _common_name(rng, used)  # the 主席 of a county's 科协 here, a professor there
        w.county_people[here][2] = replace(w.county_people[here][2], name=name)
        w.scholars[there][1] = replace(w.scholars[there][1], name=name)
        name = _common_name(rng, used)  # a department head here, a volunteer there
        w.officials[here][4] = replace(w.officials[here][4], name=name)
        w.volunteers[there][0] = replace(w.volunteers[there][0], name=name)
        pids = [w.county_people[here][2].pid, w.scholars[there][1].pid, w.officials[here][4].pid,
                w.volunteers[there][0].pid]
        if j % 4 == 0:  # a volunteer of the same city as a county official of that name
            name = _common_name(rng, used)
            w.county_people[there][5] = replace(w.county_people[there][5], name=name)
            w.volunteers[there][1] = replace(w.volunteers[there][1], name=name)
            pids += [w.county_people[there][5].pid, w.volunteers[there][1].pid]
        w.kinds.update(dict.fromkeys(pids, "namesake"))
    # careers, by year: the 主席 of county 0 becomes the city 科协's 副主席 in 2023 ...
    for city in w.cities:
        staff, local = list(w.officials[city]), list(w.county_people[city])
        for year in YEARS:
            w.officials_by_year[city, year], w.county_by_year[city, year] = list(staff), list(local)
            if year == 2022:
                mover = local[0]
                promoted = replace(mover, title="副主席", org=staff[2].org, short_org=staff[2].short_org)
                newcomer = ided(Person(_name(rng, used), mover.title, mover.org, mover.short_org))
                w.kinds[mover.pid] = "mover"
                staff[2], local[0] = promoted, newcomer
    # ... and two pairs of cities swap their 党组成员、副主席 in 2024
    for j in range(0, min(4, len(w.cities) - 1), 2):
        a, b = w.cities[j], w.cities[j + 1]
        pa, pb = w.officials_by_year[a, 2024][1], w.officials_by_year[b, 2024][1]
        w.officials_by_year[a, 2024][1] = replace(pb, org=pa.org, short_org=pa.short_org)
        w.officials_by_year[b, 2024][1] = replace(pa, org=pb.org, short_org=pb.short_org)
        w.kinds[pa.pid] = w.kinds[pb.pid] = "mover"


# --- text pieces ----------------------------------------------------------------------------------


def _day(rng: random.Random, month: int) -> int:
    return rng.randint(1, 28 if month == 2 else 30)


def date_phrase(rng: random.Random, month: int) -> str:
    d = _day(rng, month)
    r = rng.random()
    if r < 0.55:
        return f"{month}月{d}日" + rng.choice(("", "", "上午", "下午"))
    if r < 0.8 and d < 27:
        return f"{month}月{d}日-{d + rng.randint(1, 2)}日"
    if d < 27:
        return f"{month}月{d}日至{d + rng.randint(1, 2)}日"
    return f"{month}月{d}日"


def chain(p: Person, short: bool = True) -> str:
    """``市科协党组书记、常务副主席林书远``."""
    return f"{p.short_org if short else p.org}{p.title}{p.name}"


Cast = dict[str, set[str]]  # name as written in a document -> the identities it stands for there


def cast_of(cast: Cast, *persons: Person) -> None:
    for p in persons:
        cast.setdefault(p.name, set()).add(p.pid)


def article_meeting(rng, w: World, city: str, month: int, year: int, cast: Cast) -> tuple[str, list[str], str | None]:
    a, b = rng.sample(w.staff(city, year), 2)
    field = rng.choice(FIELDS)
    soc = rng.sample(w.societies[city], 3)
    title = f"市科协召开{year}年{field}工作座谈会"
    paras = [
        f"{date_phrase(rng, month)}，{city}科协召开{year}年{field}工作座谈会。{chain(a)}出席并讲话，{chain(b)}主持会议。"
        f"{soc[0][len(city):]}、{soc[1][len(city):]}、{soc[2][len(city):]}等{rng.randint(5, 20)}家学会负责人作交流发言。",
        f"{a.name}指出，要围绕全市科技创新大局谋划工作，在学术交流、科学普及和决策咨询中发挥更大作用。"
        f"他要求，各学会要加强秘书处建设，规范财务和会员管理，力争年内打造一批品牌学术活动。",
    ]
    cast_of(cast, a, b)
    return title, paras, None


def article_training(rng, w: World, city: str, month: int, year: int, cast: Cast):
    county = rng.choice(w.counties[city])
    off = rng.choice(w.staff(city, year)[3:])
    prof = w.scholars[city][rng.randrange(3)]
    field = rng.choice(("科普骨干", "学会秘书长", "基层科协干部", "科技志愿者"))
    title = f"全市{field}培训班在{county}开班"
    paras = [
        f"{date_phrase(rng, month)}，由{city}科协主办、{county}科协承办的{year}年全市{field}培训班在{county}委党校举办，"
        f"来自各区县科协、市级学会的{rng.randint(40, 150)}余名学员参加培训。{chain(off)}作开班动员，"
        f"{prof.org}{prof.title}{prof.name}作“{rng.choice(TOPICS)}”专题辅导。",
        "培训期间，学员们还赴科技馆开展现场教学，围绕科普活动策划和新媒体传播进行了分组研讨。",
    ]
    cast_of(cast, off, prof)
    return title, paras, f"{county}科协供稿"


def article_visit(rng, w: World, city: str, month: int, year: int, cast: Cast):
    k = rng.randrange(len(w.counties[city]))
    county = w.counties[city][k]
    host = w.locals(city, year)[2 * k + 1]
    vis = rng.choice(w.staff(city, year)[:3])
    title = f"市科协赴{county}调研基层组织建设"
    paras = [
        f"{date_phrase(rng, month)}，{chain(vis)}一行赴{county}调研基层组织建设工作，{host.org}{host.title}{host.name}陪同调研。"
        f"调研组先后走访了{county}农业技术协会和{county}第{rng.choice('一二三四')}中学，详细了解基层科普阵地建设情况。",
        f"在随后召开的座谈会上，{vis.name}充分肯定了{county}科协近年来的工作，希望进一步延伸工作手臂，把科技服务送到田间地头。",
    ]
    cast_of(cast, vis, host)
    return title, paras, f"（{county}科协）"


def article_congress(rng, w: World, city: str, month: int, year: int, cast: Cast):
    soc = rng.choice(w.societies[city])
    uni = w.universities[city]
    off = w.staff(city, year)[1]
    used = {p.name for p in w.scholars[city]}
    pres = rng.choice(w.scholars[city][:3])
    sec = _name(random.Random(f"{soc}:{year}:{month}"), set(used))
    n = rng.choice("二三四五六七")
    title = f"{soc}第{n}届会员代表大会召开"
    paras = [
        f"{date_phrase(rng, month)}，{soc}第{n}届会员代表大会在{uni}召开，{rng.randint(60, 300)}余名会员代表参加会议。"
        f"{chain(off)}出席并致辞。大会审议通过了理事会工作报告和财务报告，选举产生了新一届理事会。"
        f"{uni}教授{pres.name}当选理事长，{sec}当选秘书长。",
    ]
    cast_of(cast, off, pres, Person(sec, "秘书长", soc, soc, f"sec:{soc}:{year}:{month}"))
    return title, paras, f"（{soc}）"


def article_conference(rng, w: World, city: str, month: int, year: int, cast: Cast):
    soc = rng.choice(w.societies[city])
    uni = w.universities[city]
    prof = rng.choice(w.scholars[city])
    title = f"{soc}{year}年学术年会举办"
    paras = [
        f"{date_phrase(rng, month)}，由{soc}主办、{uni}承办的{soc}{year}年学术年会在{city[:-1]}国际会议中心举行。"
        f"{prof.org}{prof.title}{prof.name}作题为《{rng.choice(TOPICS)}》的主旨报告，{chain(w.staff(city, year)[2])}致辞。",
    ]
    cast_of(cast, prof, w.staff(city, year)[2])
    return title, paras, f"（{soc}）"


def article_activity(rng, w: World, city: str, month: int, year: int, cast: Cast):
    k = rng.randrange(len(w.counties[city]))
    county = w.counties[city][k]
    head = w.locals(city, year)[2 * k]
    act = rng.choice(ACTIVITIES)
    title = f"{county}科协开展“{act}”"
    paras = [
        f"{date_phrase(rng, month)}，{county}科协联合{county}教育局在全{county[-1]}中小学开展“{act}”，组织科普讲座、"
        f"科学实验秀等活动{rng.randint(5, 40)}场，惠及师生{rng.randint(1, 9)}000余人次。{head.org}{head.title}{head.name}出席启动仪式。",
    ]
    cast_of(cast, head)
    return title, paras, f"（{county}科协）"


def article_award(rng, w: World, city: str, month: int, year: int, cast: Cast):
    """Volunteers named with no body: what a namesake at a body elsewhere can be confused with."""
    a, b = rng.sample(w.staff(city, year)[:3], 2)
    honoured = rng.sample(w.volunteers[city], rng.randint(2, 4))
    title = f"市科协表彰{year}年度优秀科技志愿者"
    paras = [
        f"{date_phrase(rng, month)}，{city}科协召开{year}年度优秀科技志愿者表彰会。{chain(a)}出席并讲话，{chain(b)}主持会议。"
        f"会议表彰了{'、'.join(p.name for p in honoured)}等{rng.randint(10, 40)}名优秀科技志愿者。",
        "受表彰的志愿者长期深入社区、学校和农村开展科普宣传，累计服务群众数万人次。",
    ]
    cast_of(cast, a, b, *honoured)
    return title, paras, None


ARTICLES = [article_meeting, article_training, article_visit, article_congress, article_conference,
            article_activity, article_award]


# --- artifacts ------------------------------------------------------------------------------------


_FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def page_break(rng: random.Random, para: str) -> str:
    """A page break inside a word: 科\\n\\n普 (the text runs on after it)."""
    spots = [i for i in range(10, len(para) - 10) if _is_han(para[i - 1]) and _is_han(para[i])]
    if not spots:
        return para
    i = rng.choice(spots)
    return para[:i] + "\n\n" + para[i:]


def hard_wrap(para: str, width: int) -> str:
    return "\n".join(para[i:i + width] for i in range(0, len(para), width))


def stray_spaces(rng: random.Random, para: str) -> str:
    """Spaces around digits and inside words, as PDF and Word copies leave them ("6 月 7 日")."""
    out = []
    for ch in para:
        out.append(ch)
        if (ch.isdigit() or ch in "月日") and rng.random() < 0.3:
            out.append(" ")
    return "".join(out)


def with_artifacts(rng: random.Random, paras: list[str]) -> list[str]:
    out = []
    for p in paras:
        r = rng.random()
        if r < 0.12:
            p = page_break(rng, p)
        elif r < 0.2:
            p = hard_wrap(p, rng.randint(28, 40))
        if rng.random() < 0.1:
            p = stray_spaces(rng, p)
        out.append(p)
    return out


# --- documents ------------------------------------------------------------------------------------


def bulletin(rng: random.Random, w: World, i: int, cast: Cast | None = None) -> tuple[str, str]:
    cast = {} if cast is None else cast
    city = rng.choice(w.cities)
    year = rng.choice((2022, 2023, 2024))
    issue = rng.randint(1, 24)
    month = min(12, (issue + 1) // 2)
    name = rng.choice(("科协工作动态", "科协每周动态", "学会工作简报", "科技工作信息"))
    n_articles = rng.randint(5, 10)
    sections = rng.sample(SECTIONS, rng.randint(2, 4))
    articles = [rng.choice(ARTICLES)(rng, w, city, month, year, cast) for _ in range(n_articles)]
    head = [name, f"{year}年 第{issue}期", f"（总第{issue + 24 * (year - 2019) + 3}期）",
            f"{city}科协办公室", f"{year}年{month}月{_day(rng, month)}日", "目  录"]
    head += [f"- {t}" for t, _, _ in articles]
    body: list[str] = []
    per = -(-n_articles // len(sections))
    for k, (title, paras, source) in enumerate(articles):
        if k % per == 0:
            body.append(f"【{sections[k // per]}】" if rng.random() < 0.7 else f"【 {sections[k // per]} 】")
        body.append(title)
        paras = with_artifacts(rng, paras)
        if source and source.startswith("（") and rng.random() < 0.6:
            paras[-1] += source  # the attribution closes the last paragraph
        elif source:
            paras.append(source)
        body += paras
    ed, rev = rng.sample(w.editors, 2)
    cast_of(cast, *(Person(n, "", "", "", f"editor:{n}") for n in (ed, rev)))
    tail = [f"信息报送邮箱：kxdt{i % 97}@example.cn", f"编辑：{ed}", f"审核：{rev}",
            "分送：市科协主席、副主席、常委\n\n市各学会、区县科协\n\n机关各部门"]
    text = "\n\n".join(head + body + tail) + "\n"
    if rng.random() < 0.15:
        text = text.translate(_FULL_DIGITS)
    return f"bulletin_{i:05d}", text


def news(rng: random.Random, w: World, i: int, cast: Cast | None = None) -> tuple[str, str]:
    cast = {} if cast is None else cast
    city = rng.choice(w.cities)
    year = rng.choice((2022, 2023, 2024))
    month = rng.randint(1, 12)
    title, paras, source = rng.choice(ARTICLES)(rng, w, city, month, year, cast)
    title = title.replace("市科协", city + "科协", 1) if title.startswith("市科协") else title
    layout = rng.random()
    ed, rev = rng.sample(w.editors, 2)
    cast_of(cast, *(Person(n, "", "", "", f"editor:{n}") for n in (ed, rev)))
    if layout < 0.4:  # title, 时间:/来源: line, paragraphs
        lines = [title, f"时间:{year}-{month:02d}-{_day(rng, month):02d}  来源:{city}科协{rng.choice(DEPARTMENTS)}"]
        lines += with_artifacts(rng, paras)
        lines.append(f"编辑:{ed}〡审核:{rev}")
    elif layout < 0.7:  # one paragraph, ASCII punctuation, no year
        one = "".join(paras).translate(str.maketrans("，、：；（）“”", ",,:;()\"\""))
        if source and source.startswith("（"):
            one += "(" + source[1:-1] + ")"
        lines = [one]
    else:  # title, date line, reporter lead
        paper = city[:-1] + rng.choice(("日报", "融媒", "晚报"))
        reporter = _name(random.Random(f"reporter:{paper}"), set())
        cast_of(cast, Person(reporter, "记者", paper, paper, f"reporter:{paper}"))
        lines = [title, f"{year}-{month:02d}-{_day(rng, month):02d} {rng.randint(8, 18)}:{rng.choice(('00', '30'))}"]
        first, *more = with_artifacts(rng, paras)
        lines += [f"{paper}讯(记者 {reporter}){first}", *more, f"(编辑:{ed})"]
    return f"news_{i:05d}", "\n\n".join(lines) + "\n"


# --- formats --------------------------------------------------------------------------------------

_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def to_docx(text: str) -> bytes:
    """A minimal .docx (one paragraph per line), written directly: fast and byte-for-byte reproducible."""
    paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
                    for line in text.split("\n") if line.strip())
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
           f"<w:body>{paras}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS),
                           ("word/document.xml", doc)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buf.getvalue()


def to_html(text: str, encoding: str) -> bytes:
    blocks = [b for b in text.split("\n\n") if b.strip()]
    title = escape(blocks[0])
    body = "\n".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)
    page = (f'<!DOCTYPE html>\n<html><head><meta charset="{encoding}"><title>{title}</title>'
            f"<script>var x = 1;</script></head>\n<body><nav>首页 | 工作动态</nav>"
            f'<div class="content">\n{body}\n</div></body></html>\n')
    return page.encode(encoding)


def document_cast(seed: int, world: World, i: int) -> Cast:
    """Each name written in document ``i`` with the true identities (``Person.pid``) it stands for there
    (one, but for a name two persons of one document bear)."""
    cast: Cast = {}
    document(seed, world, i, cast)
    return cast


def document(seed: int, world: World, i: int, cast: Cast | None = None) -> tuple[str, bytes]:
    """File name and bytes of document ``i``; depends only on ``(seed, i)``.  ``cast``: filled with who
    is named in it (:func:`document_cast`)."""
    rng = random.Random(f"doc:{seed}:{i}")
    cast = {} if cast is None else cast
    stem, text = bulletin(rng, world, i, cast) if rng.random() < 0.6 else news(rng, world, i, cast)
    r = rng.random()
    if r < 0.08:
        return stem + "_gbk.txt", text.encode("gbk")
    if r < 0.13:
        return stem + ".html", to_html(text, "utf-8")
    if r < 0.15:
        return stem + "_gbk.html", to_html(text, "gbk")
    if r < 0.20:
        return stem + ".docx", to_docx(text)
    return stem + ".txt", text.encode("utf-8")


def generate(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` documents into ``out`` (created); return their paths in order."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = make_world(seed)
    paths = []
    for i in range(n):
        name, data = document(seed, world, i)
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100, help="number of documents (e.g. 10, 100, 1000, 10000)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    paths = generate(args.docs, args.out, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out} ({time.perf_counter() - t0:.1f} s)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
