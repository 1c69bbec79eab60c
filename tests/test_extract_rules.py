"""Extraction rules on sentences of the genre (invented people and bodies), without the statistical model.

Each row is one pattern the issue names: title chains, titles after names, shared
titles, elided organizations, units of the body just named, credit lines, foreign
names, traditional script, ASCII punctuation, plans that are not events.
"""

from __future__ import annotations

import pytest

from kg.ingest import document_from_text
from kg.model import RoleKind
from kg.resolve import resolve_document
from kg.rules import find_items
from kg.rules.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def run(text: str, lex):
    doc = document_from_text(text)
    return resolve_document(find_items(doc, lex), lex)


def hosts_of(ex) -> set[str]:
    """Names of the bodies that host (organize) any event of the extraction."""
    return {ex.organizations[p.agent].name for ev in ex.events for p in ev.participants
            if p.agent in ex.organizations and p.role is RoleKind.HOSTED}


def posts_of(ex) -> set[tuple[str, str, str | None]]:
    names = {k: p.name for k, p in ex.persons.items()}
    orgs = {k: o.name for k, o in ex.organizations.items()}
    return {(names[p.person], p.title, orgs.get(p.org, p.org) if p.org else None) for p in ex.posts}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ORG TITLE、TITLE NAME: two posts at one body
        ("3月2日，南江市科协党组书记、常务副主席林书远主持会议。",
         {("林书远", "党组书记", "南江市科协"), ("林书远", "常务副主席", "南江市科协")}),
        # 兼 chains with a second body
        ("5月6日，中国科协党组成员、书记处书记兼中国科技馆馆长周明远带队到南江市科协调研。",
         {("周明远", "党组成员", "中国科协"), ("周明远", "书记处书记", "中国科协"),
          ("周明远", "馆长", "中国科技馆")}),
        # an organization left out because the previous chain named it; a unit of that body
        ("会上，南江市科协党组成员、副主席周雅琴，党组成员兼学会部部长马静怡分别讲话。",
         {("周雅琴", "党组成员", "南江市科协"), ("周雅琴", "副主席", "南江市科协"),
          ("马静怡", "党组成员", "南江市科协"), ("马静怡", "部长", "南江市科协学会部")}),
        # one title shared by two names
        ("4月9日，南江市农学会副理事长王海川、李秋云出席活动。",
         {("王海川", "副理事长", "南江市农学会"), ("李秋云", "副理事长", "南江市农学会")}),
        # titles after names: an honorific has no organization
        ("邀请科普专家赵立新老师和南江大学孙博文教授授课。",
         {("赵立新", "老师", None), ("孙博文", "教授", None)}),
        # a county officer whose organization is implied by the title
        ("8月3日，东岭县召开科普工作联席会议。副县长程立伟主持会议。",
         {("程立伟", "副县长", "东岭县政府")}),
        # standing committee member and a department of the same committee
        ("东岭县委常委、宣传部部长贺建平出席并讲话。",
         {("贺建平", "常委", "东岭县委"), ("贺建平", "部长", "东岭县委宣传部")}),
        # foreign names with a middle dot
        ("英国皇家化学会会长史蒂芬·韦尔比在南江大学作报告。",
         {("史蒂芬·韦尔比", "会长", "英国皇家化学会")}),
        # traditional script: names and titles kept as written
        ("6月1日，澳門科學技術協進會理事長何子謙出席開幕式。",
         {("何子謙", "理事長", "澳門科學技術協進會")}),
        # ASCII punctuation
        ("9月3日,东岭县科协主席蒋文涛主持会议,县科协副主席柳青出席.",
         {("蒋文涛", "主席", "东岭县科协"), ("柳青", "副主席", "东岭县科协")}),
        # titles after names, with no organization written
        ("会上，钱立群所长助理介绍了研究所的科研进展，王建新书记作总结讲话。",
         {("钱立群", "所长助理", None), ("王建新", "书记", None)}),
        # 院士 of an academy, 教授 of a university, in one list
        ("中国科学院院士孙海川、南江大学教授李文博等专家出席论坛。",
         {("孙海川", "院士", "中国科学院"), ("李文博", "教授", "南江大学")}),
        # a shared title, then a second chain that inherits the body
        ("南江市科协副理事长云宏川、齐志远，秘书长赵一鸣出席会议。",
         {("云宏川", "副理事长", "南江市科协"), ("齐志远", "副理事长", "南江市科协"),
          ("赵一鸣", "秘书长", "南江市科协")}),
        # elected posts: 1:1 with 分别
        ("3月9日，南江市化学学会召开会员大会，王立群、赵明和陈思雨分别当选会长、副会长和秘书长。",
         {("王立群", "会长", "南江市化学学会"), ("赵明", "副会长", "南江市化学学会"),
          ("陈思雨", "秘书长", "南江市化学学会")}),
        # a province before a title is a place, not a name; the title implies its government
        ("7月2日，科学技术部副部长韩振宇带队赴江西省调研，江西省副省长邹明远陪同调研。",
         {("韩振宇", "副部长", "科学技术部"), ("邹明远", "副省长", "江西省政府")}),
        # 部…司 in an article about a ministry: a department of that ministry
        ("7月2日，科学技术部副部长韩振宇带队调研。部基础研究司司长邹明远参加调研。",
         {("韩振宇", "副部长", "科学技术部"), ("邹明远", "司长", "科学技术部基础研究司")}),
        # 院党委 after the academy: its party committee (not 院院党委); 党委副书记 and 纪委书记, like 党委书记,
        # are posts at the academy (an organ before a title stays in the title: data/titles.txt)
        ("3月14日，江西省农业科学院召开工作会议。院党委书记、院长陈立安出席会议并讲话，"
         "院党委副书记、纪委书记刘海静主持会议。",
         {("陈立安", "党委书记", "江西省农业科学院"), ("陈立安", "院长", "江西省农业科学院"),
          ("刘海静", "党委副书记", "江西省农业科学院"), ("刘海静", "纪委书记", "江西省农业科学院")}),
        # a shared title before ，以及
        ("3月14日，江西省农业科学院召开工作会议。副院长郑国栋、孙志峰，以及各研究所所长参加会议。",
         {("郑国栋", "副院长", "江西省农业科学院"), ("孙志峰", "副院长", "江西省农业科学院")}),
        # a unit before its head's title is not a name (管理科|科长); 社会组织 is a noun here
        ("6月25日，南江市科协召开会议。南江市民政局社会组织管理科科长谢海川应邀出席。",
         {("谢海川", "科长", "南江市民政局社会组织管理科")}),
        # 组织人事部 is a department (组织 a noun); a second department in the list is its sibling
        ("5月28日，南江省科协召开座谈会。出席会议的还有南江省科协组织人事部部长孙晓雯、学会学术部副部长钱伟明。",
         {("孙晓雯", "部长", "南江省科协组织人事部"), ("钱伟明", "副部长", "南江省科协学会学术部")}),
        # 兼 inside the first person's chain; the second person's chain starts after 和, it does not reach back
        ("南江市医学会外科分会副会长兼秘书长林海峰教授和南江市医学会内科分会常委兼副秘书长周敏讲课。",
         {("林海峰", "副会长", "南江市医学会外科分会"), ("林海峰", "秘书长", "南江市医学会外科分会"),
          ("林海峰", "教授", None), ("周敏", "常委", "南江市医学会内科分会"),
          ("周敏", "副秘书长", "南江市医学会内科分会")}),
        # a society's term board (第八届理事会) is the society; 理事会 before a title is the board of that term
        ("3月2日，临江市机械学会第八届理事会第三次会议召开。临江市机械学会第八届理事会理事长林志刚讲话。",
         {("林志刚", "理事长", "临江市机械学会")}),
        ("会上，临江县科协第十届委员会主席陈立、常务理事会副理事长王明讲话。",
         {("陈立", "主席", "临江县科协"), ("王明", "副理事长", "临江县科协")}),
        # 由 before a bare generic body: the short form of the body named paragraphs earlier
        ("5月6日，南江控股有限公司向南江大学教育基金会捐赠仪式举行。" + "双方回顾了多年来的合作历程。" * 30 +
         "\n仪式由基金会秘书长林晓燕主持。",
         {("林晓燕", "秘书长", "南江大学教育基金会")}),
        # 工委 (工作委员会) ends a body: a committee of the party's city committee
        ("会上，民盟南江市委委员、参政议政工委主任陈立出席。",
         {("陈立", "委员", "民盟南江市委"), ("陈立", "主任", "民盟南江市委参政议政工委")}),
        # a person named before in the sentence ends where the next chain may begin (甲与|乙部副经理丙);
        # a unit's party committee is its organ: 党委书记 at the unit (二部党委|书记 is no body); a bare
        # department after the group is read as the group's
        ("3月2日，南江建工集团党委副书记、总经理王晓峰与第二工程部副经理徐林，在协议上签字。第二工程部党委书记李明出席。",
         {("王晓峰", "党委副书记", "南江建工集团"), ("王晓峰", "总经理", "南江建工集团"),
          ("徐林", "副经理", "南江建工集团第二工程部"), ("李明", "党委书记", "南江建工集团第二工程部")}),
    ],
)
def test_extract_posts_from_title_chains(text, expected, lex):
    assert posts_of(run(text, lex)) == expected


def test_extract_name_followed_by_等_is_not_part_of_the_name(lex):
    ex = run("3月9日，东岭县老科协召开会员大会，选举产生东岭县老科协王大林等15名理事。", lex)
    assert "王大林" in {p.name for p in ex.persons.values()}
    assert not any(p.name.endswith("等") for p in ex.persons.values())
    assert ("王大林", "理事", "东岭县老科协") in posts_of(ex)


def test_extract_credit_lines_are_document_roles_not_posts(lex):
    text = "东岭县科协召开座谈会\n3月2日，东岭县科协召开座谈会。\n编辑：顾晓岚\n审核：陈思远"
    ex = run(text, lex)
    roles = {(ex.persons[r.person].name, r.role) for r in ex.document_roles}
    assert roles == {("顾晓岚", "editor"), ("陈思远", "reviewer")}
    assert not any(p.person in ("顾晓岚", "陈思远") for p in ex.posts)
    assert all(pp.agent not in ("顾晓岚", "陈思远") for e in ex.events for pp in e.participants)


def test_extract_relative_names_resolve_to_the_publishers_body(lex):
    text = ("科协工作动态\n2024年 第3期\n南江市科协办公室\n2024年3月18日\n市科协召开座谈会\n"
            "3月12日，市科协召开座谈会，市科协副主席周雅琴主持会议。")
    ex = run(text, lex)
    assert "南江市科协" in ex.organizations
    assert "市科协" in ex.organizations["南江市科协"].aliases
    assert not any(k == "市科协" for k in ex.organizations)


def test_extract_abbreviation_and_full_name_are_one_body(lex):
    ex = run("3月1日，南江市科学技术协会召开年会，南江市科协主席林书远出席。", lex)
    keys = [k for k in ex.organizations if "南江市" in k and k.endswith("科协")]
    assert keys == ["南江市科协"]
    assert "南江市科学技术协会" in ex.organizations["南江市科协"].aliases | {ex.organizations["南江市科协"].name}


def test_extract_contracted_name_and_full_name_are_one_body(lex):
    ex = run("3月14日，江西省农业科学院召开工作会议。江西省农科院院长陈立安出席。", lex)
    assert [k for k in ex.organizations if "农" in k] == ["江西省农业科学院"]
    assert "江西省农科院" in ex.organizations["江西省农业科学院"].aliases


@pytest.mark.parametrize(("short", "long", "same"), [
    ("省农科院", "省农业科学院", True),
    ("市农科所", "市农业科学研究所", True),
    ("南江市科委", "南江市科学技术委员会", True),
    ("北京大学", "北京师范大学", False),   # a word dropped whole: another university
    ("省农科院", "省农业科学院党委", False),  # the party committee of the academy
    ("澳门科协", "澳门青少年科普教育协会", False),
    ("市科协", "南江市科学技术协会", False),  # relative: resolved by place, not by letters
    ("东山县委", "东山县科协第三届委员会", False),  # 科协第三届 is dropped whole: another body
])
def test_extract_contraction_rule(short, long, same, lex):
    from kg.resolve import _abbreviates

    assert _abbreviates(short, long, lex) is same


def test_extract_coordinated_units_share_the_place_prefix(lex):
    ex = run("8月13日，东岭县召开联席会议。县教育局、农业局、民政局作交流发言。", lex)
    assert {"东岭县教育局", "东岭县农业局", "东岭县民政局"} <= set(ex.organizations)


def test_extract_nested_names_give_their_parents(lex):
    ex = run("4月2日，南江国际论坛秘书处秘书长许明杰来访。", lex)
    child = ex.organizations["南江国际论坛秘书处"]
    assert child.parent == "南江国际论坛"
    assert ("许明杰", "秘书长", "南江国际论坛") in posts_of(ex) or \
        ("许明杰", "秘书长", "南江国际论坛秘书处") in posts_of(ex)


def test_extract_event_with_range_hosts_and_undertakers(lex):
    text = ("全市科普骨干培训班开班\n科协工作动态\n2024年3月18日\n"
            "3月5日至7日，由南江市科协主办、青湖区科协承办的全市科普骨干培训班在青湖区委党校举办，"
            "南江市科协副主席周雅琴作开班动员。")
    ex = run(text, lex)
    (ev,) = ex.events
    assert (ev.start.iso(), ev.end.iso()) == ("2024-03-05", "2024-03-07")
    roles = {(p.agent, p.role) for p in ev.participants}
    assert ("南江市科协", RoleKind.HOSTED) in roles
    assert ("青湖区科协", RoleKind.UNDERTOOK) in roles
    assert any(p.agent == "周雅琴" for p in ev.participants)


@pytest.mark.parametrize("text", [
    # news item: the headline names the society's term board, the body its own congress
    "临江市机械学会理事会换届完成\n2024年4月20日，临江市机械学会会员大会在临江召开。来自南江大学等单位的120余位会员参加。",
    # bulletin article: the term board in the body, the congress in the next sentence
    "学会动态\n2024年4月22日\n临江市机械学会第八届理事会任期届满。4月20日，临江市机械学会会员代表大会召开，会长林志刚主持。",
])
def test_extract_a_society_holding_its_own_congress_organizes_it(text, lex):
    ex = run(text, lex)
    (ev,) = ex.events
    assert ("临江市机械学会", RoleKind.HOSTED) in {(p.agent, p.role) for p in ev.participants}
    assert "临江市机械学会理事会" not in ex.organizations and \
        not any("届" in key for key in ex.organizations)  # the term is not a second body


@pytest.mark.parametrize(("sentence", "roles"), [
    ("南江市科协党组书记、主席林书远出席开幕式并致辞。", {RoleKind.ATTENDED, RoleKind.SPOKE}),
    ("南江市科协副主席周雅琴主持会议并讲话。", {RoleKind.PRESIDED, RoleKind.SPOKE}),
    ("南江市科协副主席周雅琴出席会议。", {RoleKind.ATTENDED}),
    ("南江市科协副主席周雅琴陪同调研，并介绍了有关情况。", {RoleKind.ACCOMPANIED}),  # 并 after a comma
])
def test_extract_a_person_can_do_several_things_at_one_event(sentence, roles, lex):
    ex = run("南江市科协召开年会\n10月26日，南江市科协召开2024年学术年会。" + sentence, lex)
    (ev,) = ex.events
    person = next(p for p in ex.persons if p in sentence)
    assert {p.role for p in ev.participants if p.agent == person} == roles


def test_extract_plans_are_not_events(lex):
    text = "南江市化学学会将举办年会\n该会将于4月10日在南江科技馆举办2024年学术年会。"
    ex = run(text, lex)
    assert not any(e.start is not None for e in ex.events)


def test_extract_mentioned_leaders_are_persons_but_not_attendees(lex):
    text = ("东岭县科协召开学习会\n5月8日，东岭县科协召开学习会，深入学习习近平总书记重要讲话精神，"
            "县科协主席蒋文涛主持会议。")
    ex = run(text, lex)
    assert "习近平" in {p.name for p in ex.persons.values()}
    (ev,) = ex.events
    agents = {p.agent for p in ev.participants}
    assert "蒋文涛" in agents and "习近平" not in agents


def test_extract_month_day_without_a_year_stays_without_a_year(lex):
    ex = run("11月8日,东岭县科协在石桥镇举办果树栽培技术培训班,县科协主席蒋文涛出席并讲话。", lex)
    (ev,) = ex.events
    assert ev.start.year is None and ev.start.iso() == "--11-08"


def test_extract_shared_title_reaches_a_name_the_model_found_first(lex):
    """副院长郑国栋、孙志峰: when the statistical model has already tagged 孙志峰, the list still shares
    the title (the rule used to share it only with names the list rule itself found)."""
    text = "3月14日，江西省农业科学院召开工作会议。副院长郑国栋、孙志峰，以及各研究所所长参加会议。"
    doc = document_from_text(text)
    k = doc.nlp_text.index("孙志峰")
    ex = resolve_document(find_items(doc, lex, ner=[(k, k + 3, "PERSON")]), lex)
    assert ("孙志峰", "副院长", "江西省农业科学院") in posts_of(ex)


def test_extract_a_body_the_model_found_anchors_titles_without_an_organization(lex):
    """东华大学 has no place in its name and is in no list: the model's ORG span makes it the
    university of 校党委书记 and 校长."""
    text = "4月12日，青禾大学召开科技工作大会。校党委书记刘国安，校长张立业，副校长王晓川出席大会。"
    doc = document_from_text(text)
    k = doc.nlp_text.index("青禾大学")
    ex = resolve_document(find_items(doc, lex, ner=[(k, k + 4, "ORG")]), lex)
    assert posts_of(ex) == {("刘国安", "党委书记", "青禾大学"), ("张立业", "校长", "青禾大学"),
                            ("王晓川", "副校长", "青禾大学")}
    without = resolve_document(find_items(document_from_text(text), lex), lex)
    assert ("张立业", "校长", None) in posts_of(without)  # the rules alone cannot know the body


def test_extract_a_foreign_name_shortened_to_its_last_part_is_one_person(lex):
    doc = document_from_text("11月8日，德国南河学会副主席克劳斯·布兰德一行来访。布兰德表示，期待双方深入合作。")
    k = doc.nlp_text.index("。布兰德") + 1  # the model tags the short form on its own
    ex = resolve_document(find_items(doc, lex, ner=[(k, k + 3, "PERSON")]), lex)
    assert [p.name for p in ex.persons.values()] == ["克劳斯·布兰德"]
    assert "布兰德" in ex.persons["克劳斯·布兰德"].aliases


def test_extract_relative_bureau_counts_and_bracketed_lists_in_a_bulletin(lex):
    text = ("科协工作简报\n2024年第12期\n南江市科学技术协会办公室    2024年6月28日\n\n市科协召开学会工作会议\n"
            "6月25日，市科协召开学会工作会议。市民政局社会组织管理科科长谢海川应邀出席。"
            "全市45家市级学会的理事长参加会议。\n送：各市级学会，各县（市、区）科协\n")
    ex = run(text, lex)
    assert ("谢海川", "科长", "南江市民政局社会组织管理科") in posts_of(ex)
    assert "南江市民政局" in ex.organizations  # 市民政局 is the city's bureau, not 市民 (citizens)
    assert not any("45家" in k or ")" in k or "）" in k for k in ex.organizations), sorted(ex.organizations)


def test_extract_village_branch_and_activity_label_with_ascii_punctuation(lex):
    text = ("区科协赴帮扶村开展科普进乡村活动\n为推进乡村振兴,8月15日,青湖区科协党组书记何立强带队赴帮扶村"
            "石溪村开展科普进乡村活动.活动中,何立强与村党支部书记潘国栋进行了交流.石溪村村委会主任邓小梅陪同.")
    ex = run(text, lex)
    assert ("潘国栋", "书记", "石溪村党支部") in posts_of(ex)
    assert ("邓小梅", "主任", "石溪村村委会") in posts_of(ex)
    (ev,) = ex.events
    assert ev.label == "科普进乡村活动"  # not "…开展": 开展 is a verb, not an exhibition (展)
    assert ev.type.value != "Exhibition"


def test_extract_college_dean_and_units_of_our_institute(lex):
    text = ("我院举办学术沙龙\n5月9日，由我院科研处主办、生物医学工程学院承办的学术沙龙在图书馆报告厅举行。"
            "中国工程院院士、北方医科大学校长钱建民作主旨报告。学院院长孔德亮教授主持沙龙。"
            "出席活动的还有科研处处长罗晓明。\n发布日期：2024-05-10\n")
    doc = document_from_text(text)
    assert doc.date.iso() == "2024-05-10"  # the date line at the end of a web page
    ex = resolve_document(find_items(doc, lex), lex)
    posts = posts_of(ex)
    assert ("孔德亮", "院长", "中国工程院") not in posts  # 学院院长: a college, not the academy
    assert ("罗晓明", "处长", "我院科研处") in posts  # 科研处 is the 我院科研处 named before
    (ev,) = ex.events
    assert ev.start.iso() == "2024-05-09"


def test_extract_a_chain_does_not_run_back_over_another_persons_clause(lex):
    text = ("省科协领导会见代表团\n9月12日，南江省科协党组书记、副主席马立新在省科技会堂会见了以新罗科学技术联合会"
            "副会长金成宇为团长的代表团一行。南江省科协党组成员、副主席许婉，国际联络部部长方志成参加会见。")
    posts = posts_of(run(text, lex))
    assert ("金成宇", "副会长", "新罗科学技术联合会") in posts
    assert not any(p == "金成宇" and org == "南江省科协" for p, _, org in posts)
    assert ("方志成", "部长", "南江省科协国际联络部") in posts  # a department of the body just named


def test_extract_a_notice_is_not_an_event_and_verbs_do_not_open_names(lex):
    text = ("关于2024年度市级学会评估结果的公示\n经专家评审，现将评估结果公示如下：市物理学会等12家学会评估等级为5A。"
            "公示期为2024年7月1日至7月7日。如有异议，请与南江市科协学会部联系。")
    ex = run(text, lex)
    assert ex.events == []
    assert not any(k.startswith(("请", "与")) for k in ex.organizations), sorted(ex.organizations)


def test_extract_a_date_opening_the_body_is_the_publication_date_and_the_place_has_no_date(lex):
    text = ("南濠工程師學會舉辦研討會\n（2024年11月3日）南濠工程師學會於11月2日在南濠科學館舉辦“智慧城市”研討會。"
            "學會理事長梁志遠致歡迎辭。")
    doc = document_from_text(text)
    assert doc.date.iso() == "2024-11-03"
    ex = resolve_document(find_items(doc, lex), lex)
    (ev,) = ex.events
    assert ev.start.iso() == "2024-11-02"  # the day it was held, with the year of the date line
    assert ex.places[ev.place].name in ("南濠科學館", "南濠科学馆")


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("刘全祥当选为平利县老科协会长。", ("平利县", "PERSON"), None),             # a county is no person
    ("座谈中，刘陈海英国皇家学会的来访表示欢迎。", ("刘陈海英", "PERSON"), "刘陈海"),  # 英|国: a country begins
    ("学会是英国最高科学学术机构。", ("英国最高科", "ORG"), None),                # 科|学: ends inside a word
    ("肩负着英国国家科学院的职能。", ("国家科学院", "ORG"), "英国国家科学院"),      # the country is part of it
    ("南江大学校长出席。", ("南江大学", "ORG"), "南江大学"),                      # a good span stays
    ("南江省医师协会心胸外科分会成立。", ("南江省医师协会", "ORG"), "南江省医师协会"),  # 协会|心: the suffix word ends it
])
def test_extract_model_spans_are_checked_against_the_words_around_them(text, span, expected, lex):
    from kg.rules import _repaired

    k = text.index(span[0])
    out = _repaired(text, (k, k + len(span[0]), span[1]), lex)
    assert (text[out[0] : out[1]] if out else None) == expected


def test_extract_a_name_the_model_cut_short_is_the_whole_name_and_a_salon_is_no_one(lex):
    text = "4月12日，南江大学召开大会。校长张立业出席。副校长王晓川主持。张立业作报告。学院院长孔德亮主持沙龙。"
    doc = document_from_text(text)
    t = doc.nlp_text
    first, second = t.index("张立业"), t.rindex("张立业")
    salon = t.index("沙龙")
    ner = [(first, first + 3, "PERSON"), (second, second + 2, "PERSON"), (salon, salon + 2, "PERSON")]
    ex = resolve_document(find_items(doc, lex, ner=ner), lex)
    assert "张立" not in ex.persons and "沙龙" not in ex.persons
    assert len(ex.persons["张立业"].mentions) == 2


@pytest.mark.parametrize("text", [
    "10月9日，民盟南江市委召开课题评审会。会议由专职副主委兼秘书长林晓红主持。",
    "10月9日，南江市科协召开年会，向大会致辞的有市科协主席林晓红。",
])
def test_extract_a_fragment_before_a_title_is_no_person_even_in_a_names_slot(text):
    # the whole pipeline, model included: the rules' reading 会议由|专职副主委 must fail the name check
    from kg.workers import extract_document, load_resources

    ex = extract_document(document_from_text(text), load_resources())
    assert set(ex.persons) == {"林晓红"}


@pytest.mark.parametrize(("text", "names"), [
    # a name's slot closes right after a character names hold: it is the name's (之, 雁, 儀)
    ("会上，南江省人民政府代省长林定之，南江市市长周海出席。", {"林定之", "周海"}),
    ("南江研究院副院长蔡海、沈文雁分别介绍了研究进展。", {"蔡海", "沈文雁"}),
    ("名譽會務顧問葉劉淑儀議員致辭。", {"葉劉淑儀"}),
    # but not a word that goes on the clause (为, 在) nor the first character of a title (副)
    ("会议推举南江市科协主席林海为名誉会长。", {"林海"}),
    ("南江州州长朱非副州长陈立出席。", {"朱非", "陈立"}),
])
def test_extract_a_name_read_one_character_short_in_its_slot_is_whole(text, names, lex):
    assert {p.name for p in run(text, lex).persons.values()} == names


def test_extract_a_byline_names_reporters_not_attendees(lex):
    text = ("全市科普工作推进会召开\n本报讯（记者 王晨曦 通讯员 李静怡）4月18日，全市科普工作推进会在市会议中心召开。"
            "会议由南江市科协主席周建成主持。")
    ex = run(text, lex)
    roles = {(ex.persons[r.person].name, r.role) for r in ex.document_roles}
    assert roles == {("王晨曦", "reporter"), ("李静怡", "reporter")}
    (ev,) = ex.events
    assert {p.agent for p in ev.participants if p.agent_is_person} == {"周建成"}


def test_extract_persons_named_to_a_post_take_it(lex):
    text = ("南江县科协召开全体会议\n1月16日，南江县科协召开第三届委员会第五次全体会议。"
            "会议增补陈明远、刘芳菲为南江县科协第三届委员会委员，聘请张立行为南江县科协顾问。")
    posts = posts_of(run(text, lex))
    # the third committee is a term of the association (issue 13, class 8): the posts are at the association
    assert ("陈明远", "委员", "南江县科协") in posts
    assert ("刘芳菲", "委员", "南江县科协") in posts
    assert ("张立行", "顾问", "南江县科协") in posts


def test_extract_lecturers_and_tutors_and_no_body_for_every_community(lex):
    text = ("市老科协举办科技助老讲座,3月12日上午,南江市老科协在老年大学举办“智能手机使用”科技助老讲座."
            "南江市老科协会长陈国强出席活动.讲座由南江科技馆张伟明工程师主讲,王丽娜老师进行现场辅导."
            "来自全市各社区的80余名老年朋友参加了讲座.")
    ex = run(text, lex)
    (ev,) = ex.events
    roles = {(p.agent, p.role) for p in ev.participants}
    assert ("张伟明", RoleKind.SPOKE) in roles and ("王丽娜", RoleKind.GUIDED) in roles
    assert not any("各" in k for k in ex.organizations), sorted(ex.organizations)


def test_extract_a_name_in_quotes_is_talked_about_not_present(lex):
    text = ("滨江区科协开展“学雷锋”科普志愿服务活动\n3月5日，滨江区科协在区文化广场开展“学雷锋”科普志愿服务活动。"
            "区科协主席罗晓峰带领30余名科技志愿者参加活动。")
    ex = run(text, lex)
    (ev,) = ex.events
    people = {(p.agent, p.role) for p in ev.participants if p.agent_is_person}
    assert people == {("罗晓峰", RoleKind.LED)}
    assert ex.places[ev.place].name == "区文化广场"


def test_extract_a_wire_dateline_is_not_part_of_the_event_label(lex):
    text = ("青年科技奖颁奖仪式在京举行\n新华社北京12月6日电 2024年度青年科技奖颁奖仪式6日在北京人民大会堂举行。"
            "中国科协主席万立华出席并为获奖者颁奖。")
    (ev,) = run(text, lex).events
    assert ev.label == "2024年度青年科技奖颁奖仪式"


def test_extract_counts_are_not_bodies_but_numbered_hospitals_are(lex):
    ex = run("7月15日，平安区科协与区教育局共同举办青少年科学营活动，全区120名中学生参加。"
             "南江市第一人民医院院长赵明德出席。", lex)
    assert not any("120名" in k for k in ex.organizations), sorted(ex.organizations)
    assert "南江市第一人民医院" in ex.organizations


@pytest.mark.parametrize(("text", "expected"), [
    # an organ and a rank before the head: one title each, at the body
    ("5月9日，南江市科协召开全委会。市科协党组副书记、第一副主席林国华主持会议。",
     {("林国华", "党组副书记", "南江市科协"), ("林国华", "第一副主席", "南江市科协")}),
    # a company's offices: 副总经济师, 工会主席
    ("临江轮胎集团副总经济师、工会主席高立新介绍了项目情况。",
     {("高立新", "副总经济师", "临江轮胎集团"), ("高立新", "工会主席", "临江轮胎集团")}),
    # an acting governor: the government the title implies, named after the province before it
    ("9月2日，江西省代省长周文华出席开幕式。", {("周文华", "代省长", "江西省政府")}),
])
def test_extract_title_grammar_organ_rank_head(text, expected, lex):
    assert posts_of(run(text, lex)) == expected


def _persons_with_model(text: str, ner: list[tuple[str, str]], lex) -> set[str]:
    """Persons found when the model's entities are ``ner`` ((surface, label) pairs, first occurrence)."""
    doc = document_from_text(text)
    spans = [(doc.nlp_text.index(w), doc.nlp_text.index(w) + len(w), label) for w, label in ner]
    found = find_items(doc, lex, ner=spans)
    return {doc.nlp_text[h.span.start : h.span.end] for h in found.persons}


@pytest.mark.parametrize(("text", "ner", "absent", "present"), [
    # 会长|从加强…: a verb phrase after a title, no name by its characters, the clause goes on
    ("会上，南江市农学会会长王立群从加强党的领导等方面作了报告。",
     [("南江市农学会", "ORG"), ("会长", "TITLE")], "从加强", None),
    # a reading inside a body the model found: 华中农|业大学 before 副校长
    ("临江农业大学副校长严立新教授出席。", [("临江农业大学", "ORG"), ("副校长", "TITLE")], "业大学", None),
    # the model ran a body into the name: the name stays
    ("中国作物学会副理事长、东湖农林科技大学吉海波教授出席。",
     [("东湖农林科技大学吉海波", "ORG"), ("教授", "TITLE")], None, "吉海波"),
    # a title, a name with rare characters, then 的: a name's slot
    ("期间代表团受到南江市科协党组书记束为的接见。", [("南江市科协", "ORG"), ("党组书记", "TITLE")], None, "束为"),
])
def test_extract_readings_beside_titles_checked_against_the_model(text, ner, absent, present, lex):
    persons = _persons_with_model(text, ner, lex)
    if absent:
        assert absent not in persons
    if present:
        assert present in persons


@pytest.mark.parametrize(("text", "org"), [
    ("4月3日，民进临江市委赴临江大学调研。民进临江市委副主委周文华带队。", "民进临江市委"),
    ("九三学社南江市委员会召开参政议政工作会议，九三学社南江市委员会主委林海出席。", "九三学社南江市委员会"),
])
def test_extract_a_party_committee_keeps_the_party_in_its_name(text, org, lex):
    assert org in {o.name for o in run(text, lex).organizations.values()}


def test_extract_the_body_visited_hosts_the_visit(lex):
    text = "10月9日，东湖研究院院长周立新一行莅临临江大学参访交流，临江大学校长陈海东主持座谈。"
    (ev,) = run(text, lex).events
    assert "临江大学" in {p.agent for p in ev.participants if p.role is RoleKind.HOSTED}


@pytest.mark.parametrize(("text", "ner", "post"), [
    # 有 is a cut word, but not inside 有限公司
    ("校党委书记周立新向临江澳华控股有限公司董事长王海东一行表示欢迎。",
     [("临江澳华控股有限公司", "ORG"), ("董事长", "TITLE")], ("王海东", "董事长", "临江澳华控股有限公司")),
    # 医师 is a title, but not inside a body the model found
    ("会上，中国医师协会胸外科医师分会副会长林国栋教授作报告。",
     [("中国医师协会", "ORG"), ("副会长", "TITLE")], ("林国栋", "副会长", "中国医师协会胸外科医师分会")),
])
def test_extract_a_body_is_not_cut_inside_a_name_the_model_or_its_suffix_knows(text, ner, post, lex):
    doc = document_from_text(text)
    spans = [(doc.nlp_text.index(w), doc.nlp_text.index(w) + len(w), label) for w, label in ner]
    ex = resolve_document(find_items(doc, lex, ner=spans), lex)
    assert post in posts_of(ex)


@pytest.mark.parametrize(("text", "expected"), [
    ("10月11日，东湖大学西南研究院院长周立新、副院长何建华一行到访。",
     {("周立新", "院长", "东湖大学西南研究院"), ("何建华", "副院长", "东湖大学西南研究院")}),
    ("南江科技馆馆长林国强、副馆长陈海燕出席活动。",
     {("林国强", "馆长", "南江科技馆"), ("陈海燕", "副馆长", "南江科技馆")}),
])
def test_extract_a_body_before_its_heads_title_ends_before_the_title(text, expected, lex):
    assert posts_of(run(text, lex)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the second title of a chain stays at the chain's body, not at a hospital named earlier
    ("近日，南江市第一人民医院与东岭县中医医院举行签约仪式。南江市第一人民医院党委委员、副院长林海东参加。",
     {("林海东", "党委委员", "南江市第一人民医院"), ("林海东", "副院长", "南江市第一人民医院")}),
    # 校党委书记: 校 is the university the text names, also inside a longer name (南江大学教育基金会)
    ("临江公司向南江大学教育基金会捐赠。基金会秘书长、校党委书记金德林致辞。",
     {("金德林", "秘书长", "南江大学教育基金会"), ("金德林", "党委书记", "南江大学")}),
    # 宣传部长: the department and its head's title written as one word
    ("东岭县委常委、组织部长周立新主持会议。",
     {("周立新", "常委", "东岭县委"), ("周立新", "部长", "东岭县委组织部")}),
])
def test_extract_chain_bodies_elided_contracted_and_relative(text, expected, lex):
    assert posts_of(run(text, lex)) == expected


@pytest.mark.parametrize(("text", "organizers"), [
    # X联合Y、Z共同组织: the body that joins the others organizes too
    ("9月16日，临江市科协科普日活动启动。活动由市科协联合市委宣传部、市教育局、市卫健委共同组织开展。",
     {"临江市科协", "临江市委宣传部", "临江市教育局", "临江市卫健委"}),
    # 会同 in a bulletin's lead sentence, an abbreviated government commission among them
    ("5月8日，东岭县科协会同县发改委在县城广场举办科技活动周开幕式，副县长程立伟出席。",
     {"东岭县科协", "东岭县发改委"}),
])
def test_extract_bodies_joined_by_lianhe_organize_together(text, organizers, lex):
    ex = run(text, lex)
    (ev,) = ex.events
    hosts = {ex.organizations[p.agent].name for p in ev.participants
             if p.agent in ex.organizations and p.role is RoleKind.HOSTED}
    assert hosts == organizers


@pytest.mark.parametrize(("text", "post"), [
    # a ministry's bureau written after another body's officer is no unit of that body
    ("省科协副主席林海峰、农业部农垦局热作处处长陈雨桐出席会议。", ("陈雨桐", "处长", "农业部农垦局热作处")),
    ("会上，南江大学副校长周立新，教育部高教司综合处处长马晓岚分别致辞。",
     ("马晓岚", "处长", "教育部高教司综合处")),
])
def test_extract_a_body_with_its_own_hierarchy_is_no_unit_of_the_last_body(text, post, lex):
    assert post in posts_of(run(text, lex))


@pytest.mark.parametrize(("text", "post"), [
    # a prefecture's deputy head is at the prefecture's government
    ("6月2日，楚雄彝族自治州副州长林海川等来宾参观展览。", ("林海川", "副州长", "楚雄彝族自治州政府")),
    ("大理白族自治州州长周立新出席仪式。", ("周立新", "州长", "大理白族自治州政府")),
    # a military region is a body
    ("南京军区副司令员陈国栋出席开馆仪式。", ("陈国栋", "副司令员", "南京军区")),
    # the second of a list of name-title pairs after one body
    ("南江农业科学院王海川院长、李秋云书记出席会议。", ("李秋云", "书记", "南江农业科学院")),
    ("会议邀请东岭大学周明远校长、陈雅琴副校长作报告。", ("陈雅琴", "副校长", "东岭大学")),
    # a former post: 原 or 前 between the body and the title
    ("南江大学原党委书记、市老科协会长欧阳平出席。", ("欧阳平", "党委书记", "南江大学")),
    ("东岭县科协原主席林立新作报告。", ("林立新", "主席", "东岭县科协")),
    # the chain in front of the body a name is written after (ORG1 TITLE、ORG2 NAME教授)
    ("中国植物学会副理事长、南江农业大学周海峰教授出席。", ("周海峰", "副理事长", "中国植物学会")),
    ("会上，东岭县科协副主席、东岭大学林雅琴教授，南江大学王立新教授先后发言。",
     ("林雅琴", "副主席", "东岭县科协")),
])
def test_extract_posts_of_lists_prefectures_and_former_holders(text, post, lex):
    assert post in posts_of(run(text, lex))


@pytest.mark.parametrize("text", [
    "全国人大常委会委员、中国老科协会长李学勇率调研组来南江调研。",
    "省科协党组书记王明远率队到东岭县调研。",
])
def test_extract_a_three_character_name_does_not_take_the_verb_after_it(text, lex):
    names = {p.name for p in run(text, lex).persons.values()}
    assert names and all(not n.endswith("率") for n in names), names


@pytest.mark.parametrize("text", [
    "会上，楚雄彝族自治州副州长林海川出席。林海川副州长介绍了展览。",
    "东岭县副县长程立伟主持会议。会后，程立伟副县长带队调研。",
])
def test_extract_a_title_that_implies_a_body_names_no_body_when_repeated(text, lex):
    names = {o.name for o in run(text, lex).organizations.values()}
    assert names and all(not n.endswith("长") for n in names), names


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("会议由南江协和医院神经内科主任林海川主持，全省胸外科领域专家参加。", "南江协和医院神经内科", "全省胸外科"),
    ("东岭县人民医院心胸外科承办，县内多家医院的普外科医师参加。", "东岭县人民医院心胸外科", "县内多家医院的普外科"),
])
def test_extract_a_hospital_department_is_a_body_only_after_its_host(text, present, absent, lex):
    names = {o.name for o in run(text, lex).organizations.values()}
    assert present in names and absent not in names, names


@pytest.mark.parametrize(("text", "present", "absent"), [
    # a body's name never holds a list separator or ends in the verb of its role
    ("东岭县科协主办、县实验中学承办的科技节开幕。", "东岭县科协", "东岭县科协主办"),
    ("会议由南江市医学会主办，南江人民医院承办。", "南江人民医院", "南江人民医院承办"),
    # a party committee's or a government's office by its short name
    ("东岭县委常委程立伟，县委办、县政府办、县发改委负责人参加会议。", "东岭县政府办", "县委办、县政府办"),
    ("南江市委办、市政府办有关负责同志出席。", "南江市委办", "南江市委办、市政府办"),
])
def test_extract_a_body_name_is_neither_a_list_nor_a_clause(text, present, absent, lex):
    names = {o.name for o in run(text, lex).organizations.values()}
    assert present in names and absent not in names, names


@pytest.mark.parametrize(("text", "post"), [
    # the head of an autonomous region or a special administrative region is at its government,
    # not at the body of the person named before in the list
    ("南江省人民政府省长林海川，广西壮族自治区主席周立新出席。", ("周立新", "主席", "广西壮族自治区政府")),
    ("开幕式上，澳门特别行政区行政长官陈明远致辞。", ("陈明远", "行政长官", "澳门特别行政区政府")),
    # a special administrative region opens the name of its bureau (特别 is no cut inside it)
    ("香港特别行政区教育局局长王立新出席。", ("王立新", "局长", "香港特别行政区教育局")),
])
def test_extract_heads_of_regions_and_their_bureaus(text, post, lex):
    assert post in posts_of(run(text, lex))


@pytest.mark.parametrize(("text", "post"), [
    # a caption's aside in brackets opens no body's name
    ("(左起)南江学者协会理事林雅琴教授、南江学者协会会长周立新合影。", ("林雅琴", "理事", "南江学者协会")),
    ("（从右至左）东岭大学校长陈海东、东岭大学副校长林晓峰出席。", ("陈海东", "校长", "东岭大学")),
    # 邀得 (was invited) is a verb before the body
    ("是次典礼更邀得运输及物流局局长林海川先生出席。", ("林海川", "局长", "运输及物流局")),
])
def test_extract_asides_and_verbs_before_a_body_are_cut(text, post, lex):
    assert post in posts_of(run(text, lex))


@pytest.mark.parametrize(("text", "host"), [
    # the body whose own occasion the event is hosts it
    ("3月8日，南江市科技馆开馆仪式在新馆广场举行，副市长林海川出席。", "南江市科技馆"),
    ("3月9日上午，东岭县农业科学研究院正式揭牌。县委书记周立新出席揭牌仪式并致辞。", "东岭县农业科学研究院"),
])
def test_extract_the_body_of_its_own_occasion_hosts_it(text, host, lex):
    ex = run(text, lex)
    hosts = hosts_of(ex)
    assert host in hosts, hosts


def test_extract_a_body_founded_long_ago_hosts_no_event_for_it(lex):
    ex = run("5月6日，东岭县科协召开工作会议，会上介绍了南江大学成立以来的科普成果。", lex)
    hosts = hosts_of(ex)
    assert hosts == {"东岭县科协"}


@pytest.mark.parametrize(("text", "post"), [
    # an industrial or science park is a body with officers of its own
    ("南江集团总裁林海川、江苏东岭纺织产业园董事长周立新出席签约仪式。", ("周立新", "董事长", "江苏东岭纺织产业园")),
    ("会上，南江软件园主任陈雅琴介绍了园区情况。", ("陈雅琴", "主任", "南江软件园")),
])
def test_extract_parks_are_bodies(text, post, lex):
    assert post in posts_of(run(text, lex))


@pytest.mark.parametrize(("text", "host"), [
    # X将联合Y、Z等单位，在…组织开展: the act is in the clause after the list of partners
    ("9月16日，东岭县科普日活动启动。活动期间，东岭县科协将联合县教育局、县卫健委等单位，在全县组织开展科普活动。",
     "东岭县科协"),
    ("5月8日，南江市科技活动周开幕。南江市科协会同市科技局等部门，举办了科普展览。", "南江市科协"),
])
def test_extract_a_body_that_joins_partners_organizes_in_the_next_clause(text, host, lex):
    ex = run(text, lex)
    hosts = hosts_of(ex)
    assert host in hosts, hosts


# --- rule names (docs/RULES.md): each fact carries the name of the rule that produced it ---------------

def _post_rules(text: str, lex) -> dict[tuple[str, str], str]:
    doc = document_from_text(text)
    found = find_items(doc, lex)
    t = doc.nlp_text
    return {(t[h.span.start : h.span.end], p.title): p.rule for h in found.persons for p in h.posts}


def _organizer_rules(text: str, lex) -> dict[str, str]:
    doc = document_from_text(text)
    found = find_items(doc, lex)
    t = doc.nlp_text
    return {t[found.orgs[idx].span.start : found.orgs[idx].span.end]: rule
            for _art, draft, _p, _o in found.events for (idx, _role, _s), rule in zip(draft.orgs, draft.org_rules, strict=True)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bulletin layout: a chain, the body written once before two titles
        ("3月2日，南江市科协党组书记、常务副主席林书远主持会议。",
         {("林书远", "党组书记"): "chain-body-written", ("林书远", "常务副主席"): "chain-body-earlier-in-the-chain"}),
        # a chain without a body after one that named it
        ("会上，南江市科协党组成员、副主席周雅琴，党组成员兼学会部部长马静怡分别讲话。",
         {("周雅琴", "党组成员"): "chain-body-written", ("马静怡", "党组成员"): "chain-body-of-the-chain-before"}),
        # news-item layout: the title after the name, the body before it
        ("活动邀请临江理工大学陈卫东教授作专题报告。", {("陈卫东", "教授"): "title-after-name"}),
        # a congress that elects its officers
        ("大会选举产生了临江县科协第四届委员会，陈立当选主席，吴敏、赵可当选副主席。",
         {("陈立", "主席"): "elected"}),
    ],
)
def test_rules_name_the_rule_that_read_each_post(text, expected, lex):
    rules = _post_rules(text, lex)
    for key, rule in expected.items():
        assert rules.get(key) == rule, (key, rules)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bulletin layout: organizers in one sentence, each before its role word
        ("5月8日，第三届青少年科技节在临江市开幕。本届科技节由临江市科协主办，临江区科协承办。",
         {"临江市科协": "role-cue:主办", "临江区科协": "role-cue:承办"}),
        # news-item layout: the body a delegation visited
        ("4月12日，南江市科协党组书记林书远一行到南江大学调研科普工作。", {"南江大学": "visited-body"}),
    ],
)
def test_rules_name_the_rule_that_gave_each_organizer_its_role(text, expected, lex):
    rules = _organizer_rules(text, lex)
    for body, rule in expected.items():
        assert rules.get(body) == rule, (body, rules)


def test_every_rule_name_a_fact_carries_is_in_the_registry(lex):
    from kg.rules import NAMED_RULES, named_rule

    texts = ["3月2日，南江市科协党组书记、常务副主席林书远主持会议。南江大学孙博文教授、王海川同志参加。",
             "大会选举产生了临江县科协第四届委员会，陈立当选主席。活动由临江市科协主办，临江区科协承办。",
             "4月12日，南江市科协党组书记林书远一行到南江大学调研科普工作，副主席王海川、李秋云陪同。"]
    seen = set()
    for text in texts:
        doc = document_from_text(text)
        found = find_items(doc, lex)
        seen |= {h.how for h in found.persons} | {p.rule for h in found.persons for p in h.posts}
        seen |= {r for _a, d, _p, _o in found.events for r in d.org_rules}
    assert seen and all(named_rule(name) is not None for name in seen), sorted(seen)
    assert len({r.name for r in NAMED_RULES}) == len(NAMED_RULES)
    assert {r.fact for r in NAMED_RULES} == {"person", "post", "organizer"}
