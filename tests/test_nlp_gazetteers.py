"""Lexicon compilation on a tiny synthetic lexicon tree, and the Gazetteers object."""

from __future__ import annotations

import pytest

from kg.nlp.compile_lexicons import compile_lexicons, strip_place_suffix
from kg.nlp.gazetteers import Gazetteers, LexiconMatcher, load_gazetteers


@pytest.fixture()
def tiny_datasets(tmp_path):
    lex = tmp_path / "datasets" / "lexicons"
    h = lex / "hanlp_1x_dictionary"
    (h / "custom").mkdir(parents=True)
    (h / "positions_nnt.derived.txt").write_text("记者\t9\n市长\t8\n学生\t7\n副站长\t3\n", encoding="utf-8")
    (h / "org_suffixes_nis.derived.txt").write_text("协会\t9\n委员会\t8\n", encoding="utf-8")
    (h / "custom" / "机构名词典.txt").write_text("星光研究所 nt 3\n未##团 nt 1\n", encoding="utf-8")
    (h / "CoreNatureDictionary.txt").write_text("云梦泽\tns\t5\n望江大学\tntu\t4\n跑步\tv\t9\n",
                                                encoding="utf-8")
    a = lex / "admin_divisions_cn"
    a.mkdir()
    (a / "provinces.csv").write_text('code,name\n91,"东岳省"\n', encoding="utf-8")
    (a / "cities.csv").write_text('code,name,provinceCode\n9101,"市辖区",91\n9102,"青禾市",91\n',
                                  encoding="utf-8")
    (a / "areas.csv").write_text('code,name,cityCode,provinceCode\n910201,"北坡区",9102,91\n'
                                 '910202,"红石彝族自治县",9102,91\n', encoding="utf-8")
    (a / "HK-MO-TW.json").write_text('{"示例特别行政区": {"甲岛": ["乙区"]}}', encoding="utf-8")
    (lex / "chinese_names").mkdir()
    (lex / "chinese_names" / "Chinese_Family_Name_1k.derived.tsv").write_text("NameB\tTF\n王\t9\n欧阳\t3\n",
                                                                            encoding="utf-8")
    (lex / "thuocl").mkdir()
    (lex / "thuocl" / "THUOCL_diming.txt").write_bytes("\ufeff白云镇\t900\r医院\t999\r".encode())
    return tmp_path / "datasets"


def test_gazetteers_compile_tiny_lexicon(tiny_datasets, tmp_path):
    out = tmp_path / "data"
    counts = compile_lexicons(tiny_datasets, out)
    assert counts["surnames.txt"] == 2
    gaz = Gazetteers.from_dir(out)
    assert gaz.is_surname("欧阳") and gaz.surname_of("欧阳明") == "欧阳" and gaz.surname_of("王") is None
    assert {"市长", "副站长", "党组书记", "二级巡视员"} <= gaz.titles
    assert "学生" not in gaz.titles and "记者" not in gaz.titles
    assert {"东岳省", "东岳", "青禾", "北坡区", "北坡", "红石"} <= gaz.places
    assert {"云梦泽", "白云镇", "示例特别行政区"} <= gaz.places
    assert "医院" not in gaz.places and "市辖区" not in gaz.places
    assert "星光研究所" in gaz.orgs and "望江大学" in gaz.orgs and "未##团" not in gaz.orgs
    assert "协会" in gaz.org_suffixes
    assert gaz.expand_abbreviation("青禾市科协") == "青禾市科学技术协会"


@pytest.mark.parametrize(("name", "core"), [
    ("北京市", "北京"), ("新疆维吾尔自治区", "新疆"), ("延边朝鲜族自治州", "延边"), ("朝阳区", "朝阳"),
    ("和县", None), ("海淀", None),
])
def test_gazetteers_strip_place_suffix(name, core):
    assert strip_place_suffix(name) == core


def test_gazetteers_bundled_lexicons_load_once():
    gaz = load_gazetteers()
    assert load_gazetteers() is gaz
    assert gaz.is_surname("王") and gaz.is_title("党组书记") and gaz.is_place("北京")
    assert gaz.expand_abbreviation("中国科协") == "中国科学技术协会"
    assert gaz.expand_abbreviation("北京市科协") == "北京市科学技术协会"
    assert gaz.expand_abbreviation("北京大学") is None


def test_gazetteers_matcher_is_leftmost_longest():
    m = LexiconMatcher([("北京", "LOC"), ("北京市", "LOC"), ("北京市科协", "ORG"), ("科协", "ORG")])
    assert list(m.finditer("在北京市科协和北京")) == [(1, 6, "ORG"), (7, 9, "LOC")]


def test_gazetteers_from_the_pipeline_config():
    from kg.nlp import load_gazetteers as from_package
    from kg.nlp.pipeline import DEFAULT_CONFIG

    assert from_package(config=DEFAULT_CONFIG) is load_gazetteers()
