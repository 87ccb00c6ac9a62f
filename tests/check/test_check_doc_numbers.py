"""The 发文字号 model: 令 and standard numbers recognised, broken forms reported once with one
suggestion mending all their defects, the 机关代字 not taking in the words before it."""

from __future__ import annotations

import pytest
from check_docs import para

from gongwen.check.citations import check_citations
from gongwen.check.doc_numbers import find_numbers, normalize_number


def run(text: str):
    return check_citations([para(text)], "a.docx")


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("《生产安全事故报告和调查处理条例》（国务院令第493号）", "decree", "国务院令第493号"),
        ("（中华人民共和国主席令第二十九号）", "decree", "中华人民共和国主席令第二十九号"),
        ("（中华人民共和国主席令第13号）", "decree", "中华人民共和国主席令第13号"),
        ("应急管理部令第2号修改", "decree", "应急管理部令第2号"),
        ("（甘肃省人大常委会公告第39号）", "decree", "甘肃省人大常委会公告第39号"),
        ("按照GB/T 9704—2012执行", "standard", "GB/T 9704—2012"),
        ("GB 6722-2014 爆破安全规程", "standard", "GB 6722-2014"),
        ("《安全社区建设基本要求》（AQ/T 9001-2006）", "standard", "AQ/T 9001-2006"),
        ("公安委办字〔2014〕3号", "serial", "公安委办字〔2014〕3号"),
        ("鲁政发〔2014〕20号", "serial", "鲁政发〔2014〕20号"),
    ],
)
def test_kinds_of_number(text, kind, number):
    [found] = find_numbers(text)
    assert (found.kind, found.text) == (kind, number)
    assert run(text) == [] or kind == "serial"
    assert not [f for f in run(text) if f.rule in ("GW101", "GW102", "GW104")]


def test_standard_numbers_compare_across_dashes():
    assert normalize_number("GB/T 9704—2012") == normalize_number("GB/T 9704-2012")


@pytest.mark.parametrize(
    ("text", "number", "suggestion", "words"),
    [
        ("见静府发〔2023〕15，", "静府发〔2023〕15", "静府发〔2023〕15号", ["缺少“号”字"]),
        ("静府发〔202315", "静府发〔202315", "静府发〔2023〕15号", ["没有闭合", "缺少“号”字"]),
        ("静府发202315号", "静府发202315号", "静府发〔2023〕15号", ["没有六角括号"]),
        ("（莆市安监2007163号）", "莆市安监2007163号", "莆市安监〔2007〕163号", ["没有六角括号"]),
    ],
)
def test_broken_forms_one_finding_one_suggestion(text, number, suggestion, words):
    found = run(text)
    assert [f.rule for f in found] == ["GW102"]
    assert found[0].suggestion == suggestion
    assert f"“{number}”" in found[0].message
    assert all(w in found[0].message for w in words)


def test_blank_serial():
    found = run("静府发〔2023〕  号")
    assert [f.rule for f in found] == ["GW102"]  # the blank is not also reported as spaces
    assert "没有序号" in found[0].message and "填写" in found[0].suggestion


def test_every_suggestion_mends_every_defect():
    text = "区安委办文件北碚安委办〔2024〕第08号"
    found = run(text)
    assert [(f.rule, f.offset) for f in found] == [("GW102", 17), ("GW102", 18)]
    assert {f.suggestion for f in found} == {"北碚安委办〔2024〕8号"}
    assert all("“北碚安委办〔2024〕第08号”" in f.message for f in found)
    found = run("渝府发[2024]第 08 号")
    assert {f.suggestion for f in found} == {"渝府发〔2024〕8号"}
    assert sorted(f.rule for f in found) == ["GW101", "GW102", "GW102", "GW104"]


def test_own_doc_number_line_is_checked():
    lines = ["静观镇人民政府", "静府发〔2023〕15", "关于印发安全社区创建工作实施方案的通知"]
    found = check_citations([para(t, n=i) for i, t in enumerate(lines, 1)], "a.docx")
    assert [(f.rule, f.paragraph, f.suggestion) for f in found] == [
        ("GW102", 2, "静府发〔2023〕15号")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "会议室在3号楼，第（2）项",
        "（2011—2015年）规划",
        "共计20231号",
        "编号2019123号",
        "京ICP备2021001234号",
        "2021年8月12日",
        "二00六年四月十一日",
        "国办发明电〔2007〕16号",
    ],
)
def test_not_numbers_or_right_numbers(text):
    assert not [f for f in run(text) if f.rule in ("GW101", "GW102", "GW104")]


def test_chinese_numeral_zero_in_dates_is_not_a_placeholder():
    assert run("二○○八年五月十二日") == []
    assert run("二○一三年八月六日") == []
    assert [f.rule for f in run("○○社区")] == ["GW103"]
