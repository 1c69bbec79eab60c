"""The domain words extraction rules are made of: titles, unit suffixes, event nouns, role verbs.

These lists are curated for the genre (institutional bulletins and news of
科协, academies, governments, universities and hospitals).  Names of real
people and places come from the compiled gazetteers (kg.nlp.gazetteers); what
is here is the closed-class vocabulary of the genre, in simplified script (the
rules run over ``Document.nlp_text``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_DATA = Path(__file__).with_name("data")

__all__ = ["Lexicon", "TITLE_HEADS", "HONORIFICS", "ORG_SUFFIXES", "EVENT_NOUNS", "read_sections", "read_words", "implied_org", "PARTY_NAMES"]

def read_sections(path: Path) -> dict[str, list[str]]:
    """A word-list file in sections: ``[name]`` lines open a section, words are separated by white space,
    ``#`` starts a comment."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{path}:{lineno}: words before the first [section]")
        else:
            current.extend(line.split())
    return out


def read_words(path: Path) -> list[str]:
    """A plain word-list file: words separated by white space, ``#`` starts a comment."""
    return [w for line in path.read_text(encoding="utf-8").splitlines() for w in line.split("#", 1)[0].split()]


# parties whose name opens the names of their committees (民进北京市委): never cut off a body's name
PARTY_NAMES = tuple(sorted(read_words(_DATA / "party_names.txt"), key=len, reverse=True))
_TITLE_GRAMMAR = read_sections(_DATA / "titles.txt")
_POST_HEADS = frozenset(_TITLE_GRAMMAR["post heads"])
# titles that only ever come after a name (孙枢院士, 赵树兵老师) or mainly so
HONORIFICS = frozenset(_TITLE_GRAMMAR["honorific heads"])
TITLE_HEADS = _POST_HEADS | HONORIFICS
_ORGANS = tuple(_TITLE_GRAMMAR["organ modifiers"])
_RANKS = tuple(_TITLE_GRAMMAR["rank modifiers"])
_WHOLE_TITLES = frozenset(_TITLE_GRAMMAR["whole titles"])
_NOT_TITLES = frozenset(_TITLE_GRAMMAR["not titles"])

# Organisation-implying titles: 副县长 with no organization written is at the county government.
IMPLIED_ORG = {
    "县长": "县政府", "副县长": "县政府", "市长": "市政府", "副市长": "市政府", "区长": "区政府",
    "副区长": "区政府", "省长": "省政府", "副省长": "省政府", "镇长": "镇政府", "副镇长": "镇政府",
    "乡长": "乡政府", "副乡长": "乡政府",
}


def implied_org(title: str) -> str | None:
    """The body a title implies when none is written: 副县长 and 代县长 are at the 县政府."""
    if title in IMPLIED_ORG:
        return IMPLIED_ORG[title]
    for rank in sorted(_RANKS, key=len, reverse=True):
        if title.startswith(rank) and title[len(rank) :] in IMPLIED_ORG:
            return IMPLIED_ORG[title[len(rank) :]]
    return None


# Association officers: with no organization written, they belong to the body whose meeting elects them.
ASSOCIATION_TITLES = frozenset("会长 副会长 常务副会长 理事长 副理事长 常务理事 理事 监事长 副监事长 监事 秘书长 副秘书长".split())

# Last characters / words of organization names, longest first when matched.
ORG_SUFFIXES = tuple(sorted(set("""
科学技术协会 科协 学会 协会 研究会 促进会 协进会 联合会 基金会 委员会 专业委员会 专委会 工作委员会 党委 党组 党工委 纪委 市委
县委 区委 省委 州委 镇委 政协 人大 人大常委会 政府 人民政府 办公厅 办公室 办事处 联络办公室 中心 研究院 研究所 研究中心 科学院
工程院 医学院 学院 大学 中学 小学 初中 高中 医院 总医院 附属医院 卫生院 图书馆 博物馆 科技馆 科学馆 纪念馆 馆 出版社 报社
杂志社 电视台 电台 使馆 大使馆 领事馆 总领事馆 公司 有限公司 集团 银行 工厂 厂 局 处 部 厅 署 司 科 室 所 站 院 社 团 队 组 会 盟 联盟 总会 分会 中心站
工作站 实验室 重点实验室 孵化中心 服务中心 事务所 合作社 论坛 秘书处 书记处 常委会 理事会 监事会 指导组 巡回指导组 筹备组
领导小组 工作组 代表团 内科 外科 科技委 联席会议办公室 国务院 党中央 中央 新华社 管委会 管理委员会 街道 社区 村委会
""".split()), key=len, reverse=True))

# Organization names so well known they need no suffix.
KNOWN_ORGS = frozenset("""
党中央 中共中央 国务院 全国人大 全国政协 中央军委 新华社 中联办 中科院 工程院 社科院 科技部 教育部 工信部 财政部
外交部 商务部 民政部 人社部 卫健委 发改委 国资委 团中央 妇联 全国妇联 共青团 博鳌亚洲论坛
""".split())

# Nouns that end an event name, longest first.
EVENT_NOUNS = tuple(sorted(set("""
会议 大会 代表大会 会员大会 会员代表大会 全体会议 座谈会 研讨会 交流会 报告会 推进会 调度会 培训班 培训会 训练营
论坛 年会 学术年会 峰会 沙龙 讲座 讲堂 仪式 启动仪式 开幕式 闭幕式 颁奖典礼 典礼 签约仪式 揭牌仪式 活动 主题活动 展览
展 博览会 展会 竞赛 大赛 比赛 联席会议 工作会 工作会议 调研 考察 视察 访问 见面会 发布会 宣讲会 观摩会 学术会议 学术大会
科技周 科普日 科技节 演讲 党课 联谊会 茶话会 恳谈会 对接会 洽谈会 评审会 答辩会 路演 讲习班 研修班 夏令营 冬令营
""".split()), key=len, reverse=True))

# Verbs that say an event happened (as opposed to plans: 将, 拟, 计划).
HAPPENED_VERBS = ("召开", "举办", "举行", "开班", "开幕", "闭幕", "启动", "开展", "组织", "进行", "访问", "调研", "考察",
                  "视察", "座谈", "会见", "接见", "参加", "出席", "亮相", "发布", "成立", "揭牌", "签约", "颁奖",
                  "顺利召开", "成功举办", "隆重举行", "圆满结束", "走访", "来访", "到访", "参观", "授牌", "培训")
FUTURE_CUES = ("将于", "将在", "拟于", "拟在", "计划于", "预计", "即将", "将举行", "将举办", "将召开", "届时")

# Role verbs: what a person or organization did at an event.
PERSON_ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("主持", "presided"), ("致辞", "spoke"), ("致欢迎辞", "spoke"), ("讲话", "spoke"), ("讲党课", "spoke"),
    ("作报告", "spoke"), ("做报告", "spoke"), ("作动员讲话", "spoke"), ("发言", "spoke"), ("讲课", "spoke"),
    ("宣读", "spoke"), ("介绍", "spoke"), ("汇报", "spoke"), ("表示", "spoke"), ("指出", "spoke"),
    ("强调", "spoke"), ("要求", "spoke"), ("带队", "led"), ("带领", "led"), ("率团", "led"), ("率队", "led"), ("一行", "led"),
    ("指导", "guided"), ("陪同", "accompanied"), ("出席", "attended"), ("参加", "attended"),
    ("参会", "attended"), ("到会", "attended"), ("当选", "elected"), ("会见", "received"), ("接见", "received"),
    ("宣布", "spoke"), ("授牌", "spoke"), ("颁奖", "spoke"), ("授予", "attended"), ("主讲", "spoke"),
    ("授课", "spoke"), ("点评", "spoke"), ("辅导", "guided"),
)
ORG_ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("主办", "hosted"), ("举办", "hosted"), ("召开", "hosted"), ("举行", "hosted"), ("组织", "hosted"),
    ("承办", "undertook"), ("协办", "co_organized"), ("支持", "co_organized"), ("参加", "took_part"),
    ("参与", "took_part"), ("出席", "took_part"),
)

# Words that show a person is only mentioned (习近平总书记…重要讲话精神), not present.
MENTION_ONLY_AFTER = ("的重要讲话", "的讲话", "重要讲话", "的重要指示", "重要指示", "的报告", "所作的", "关于",
                      "新时代", "系列重要", "视察", "思想", "同志的", "总书记关于", "总书记视察", "总书记系列",
                      "总书记的", "总书记重要", "的指示")

# Single characters that cannot continue a personal name: the name ends before them.
NAME_STOP_CHARS = frozenset("的了是在与及对为到等说讲作将把被让并也都又还已就之以其所而或兼"
                            "，。、；：！？（）“”《》「」『』,.;:!?()\"' \n\t")
# Two-character words that start right after a name.
NAME_STOP_WORDS = frozenset("""
带队 主持 出席 参加 致辞 讲话 指出 表示 强调 介绍 代表 首先 充分 感谢 进行 宣读 汇报 发表 会见 陪同 率团 率队 一行
同志 分别 当选 宣布 授牌 为题 作为 认为 希望 要求 提出 回顾 总结 对此 结合 围绕 针对 还有 以及 等人 先生 女士 讲授
担任 兼任 出任 任职 主讲 带领 率领 发布 讲解 解读 前往 来到 到访 访问 参观 考察 调研 慰问 看望 听取 审议 部署 通报
传达 点评 颁发 颁奖 获得 荣获 一同 一起 共同 亲切 热情 详细 全文 认真 高度 积极 进一步 以来 为大家 向与会
""".split())

SENTENCE_END = "。！？!?；;\n"
CLAUSE_END = "，,。！？!?；;：:\n"


@dataclass(frozen=True)
class Lexicon:
    """Closed-class words plus the open-class gazetteers (surnames, places, person names)."""

    surnames: frozenset[str]
    places: frozenset[str]
    person_names: frozenset[str] = frozenset()
    known_orgs: frozenset[str] = KNOWN_ORGS

    def knowing(self, orgs: Iterable[str]) -> Lexicon:
        """This lexicon with ``orgs`` (bodies the model found in one document) among the known bodies."""
        extra = frozenset(orgs) - self.known_orgs
        if not extra:
            return self
        other = dataclasses.replace(self, known_orgs=self.known_orgs | extra)
        # the cached word lists do not depend on the known bodies: share them, do not rebuild them
        other.__dict__.update({k: v for k, v in self.__dict__.items() if k not in _LEXICON_FIELDS})
        return other

    @cached_property
    def titles(self) -> frozenset[str]:
        """Every title the grammar of ``data/titles.txt`` makes: [organ] [rank] head, and the whole titles."""
        out: set[str] = set(_WHOLE_TITLES)
        for head in TITLE_HEADS:
            for organ in ("", *_ORGANS):
                out.add(organ + head)
                out.update(organ + rank + head for rank in _RANKS)
        return frozenset(t for t in out if t not in _NOT_TITLES)

    @cached_property
    def title_first_chars(self) -> frozenset[str]:
        return frozenset(t[0] for t in self.titles)

    @cached_property
    def title_last_chars(self) -> frozenset[str]:
        return frozenset(t[-1] for t in self.titles)

    @cached_property
    def max_title_len(self) -> int:
        return max(map(len, self.titles))

    @cached_property
    def name_model(self):
        """The character statistics of names (:class:`kg.nlp.names.NameModel`)."""
        from kg.nlp.gazetteers import load_name_model_default

        return load_name_model_default()

    @property
    def common_words(self) -> frozenset[str]:
        return getattr(self, "_common", frozenset())

    @property
    def verbs(self) -> frozenset[str]:
        return getattr(self, "_verbs", frozenset())

    @property
    def cut_words(self) -> frozenset[str]:
        return getattr(self, "_cut", frozenset())

    def surname_weight(self, surname: str) -> float:
        return getattr(self, "_weights", {}).get(surname, 1.0 if surname in self.surnames else 0.0)

    def is_surname_at(self, text: str, i: int) -> int:
        """Length of the surname starting at ``text[i]`` (2 for 欧阳), or 0."""
        if text[i : i + 2] in self.surnames and len(text[i : i + 2]) == 2:
            return 2
        return 1 if text[i : i + 1] in self.surnames else 0


_LEXICON_FIELDS = frozenset(f.name for f in dataclasses.fields(Lexicon))


def _surname_weights(freqs: dict[str, float]) -> dict[str, float]:
    import math

    top = max(freqs.values(), default=1.0)
    return {s: 1.0 + math.log10(1.0 + 1000.0 * f / top) for s, f in freqs.items()}


def build_lexicon(*, surname_freqs: dict[str, float], places: set[str], person_names: set[str],
                  common_words: set[str]) -> Lexicon:
    lex = Lexicon(surnames=frozenset(surname_freqs), places=frozenset(places),
                  person_names=frozenset(person_names))
    object.__setattr__(lex, "_weights", _surname_weights(surname_freqs))
    object.__setattr__(lex, "_common", frozenset(common_words))
    return lex


# short names that are frequent words too, yet always places when they open a body's name
_PROVINCES_AND_CITIES = """
北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南
陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 广州 深圳 南京 武汉 成都 杭州 西安 沈阳 长春 哈尔滨 济南 青岛
郑州 长沙 合肥 南昌 福州 厦门 昆明 贵阳 南宁 海口 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特 石家庄 太原 大连 宁波 苏州 无锡
"""


def load_lexicon() -> Lexicon:
    """The extraction lexicon: our compiled word lists plus the NLP gazetteers' surnames and places."""
    return _load_lexicon()


@__import__("functools").cache
def _load_lexicon() -> Lexicon:
    from pathlib import Path

    from kg.errors import PipelineError

    data = Path(__file__).with_name("data")
    try:
        freqs = {}
        for line in (data / "surname_freq.tsv").read_text(encoding="utf-8").splitlines():
            s, _, f = line.partition("\t")
            freqs[s] = float(f or 0)
        names = set((data / "person_names.txt").read_text(encoding="utf-8").split())
        common = set((data / "common_words.txt").read_text(encoding="utf-8").split())
        cut = set((data / "cut_words.txt").read_text(encoding="utf-8").split())
        verbs = set((data / "verbs.txt").read_text(encoding="utf-8").split())
        frequent = set((data / "frequent_words.txt").read_text(encoding="utf-8").split())
    except OSError as err:
        raise PipelineError(f"{data}: extraction lexicon missing ({err}); rebuild it with "
                            "python -m kg.rules.compile_lexicon ../shared/datasets") from err
    from kg.nlp.gazetteers import load_gazetteers

    gaz = load_gazetteers()
    for s in gaz.surnames:
        freqs.setdefault(s, 0.0)
    admin = ("省", "市", "县", "区", "州", "盟", "旗", "特别行政区")
    places = {p for p in gaz.places if len(p) <= 8 and p.endswith(admin)}
    # short forms of administrative names: 北京市 -> 北京, 平谷区 -> 平谷
    for p in list(places):
        for suf in ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县"):
            if p.endswith(suf) and len(p) - len(suf) >= 2:
                if p[: -len(suf)] not in cut and p[: -len(suf)] not in frequent:
                    places.add(p[: -len(suf)])
                break
    places |= set(_PROVINCES_AND_CITIES.split())
    places |= {"中国", "北京", "上海", "天津", "重庆", "香港", "澳门", "台湾", "英国", "美国", "加拿大", "日本", "德国",
               "法国", "俄罗斯", "韩国", "澳大利亚", "首都", "京津冀", "大湾区"}
    lex = build_lexicon(surname_freqs=freqs, places=places, person_names=names, common_words=common - places)
    object.__setattr__(lex, "_cut", frozenset(cut))
    object.__setattr__(lex, "_verbs", frozenset(verbs))
    return lex
