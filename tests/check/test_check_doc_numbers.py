"""The 发文字号 model: 令 and standard numbers recognised, broken forms reported once with one
suggestion mending all their defects, the 机关代字 not taking in the words before it."""

from __future__ import annotations

import pytest
from check_docs import para

from gongwen.check.citations import check_citations
from gongwen.check.doc_numbers import find_numbers, normalize_number
from gongwen.check.structure import check_structure


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


def test_decimal_headings_and_lists_under_them():
    lines = [
        "1 总则",
        "1.1 编制目的",
        "1.2 编制依据",
        "1.《中华人民共和国安全生产法》",
        "2.《中华人民共和国突发事件应对法》",
        "1.3 适用范围",
        "1.造成3人以上10人以下死亡的生产安全事故；",
        "2.超出县（区）人民政府应急处置能力的生产安全事故；",
        "1.4 工作原则",
        "（1）人民至上，生命至上。",
        "2.组织指挥体系及职责",
        "3.预警发布",
        "3.1发布内容",
        "4.信息报告",
        "5.应急处置",
        "5.1先期处置",
    ]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    # a list out of order under a decimal heading is still reported
    lines[7] = "3.超出县（区）人民政府应急处置能力的生产安全事故；"
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert [(f.rule, f.paragraph) for f in check_structure(paragraphs, "a.docx")] == [("GW201", 8)]


def test_table_of_contents_then_body_restarts_numbering():
    lines = [
        "目 录",
        "一、总则",
        "二、组织体系",
        "三、附则",
        "一、总则",
        "（一）编制目的",
        "二、组织体系",
    ]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    # the restart after 目录 holds below the first level too
    lines = ["目 录", "1.总则", "2.组织体系", "1.总则", "（1）编制目的", "2.组织体系"]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    paragraphs = [para(t, n=i) for i, t in enumerate(lines[1:], 1)]
    assert [(f.rule, f.paragraph) for f in check_structure(paragraphs, "a.docx")] == [("GW201", 3)]


def test_signing_date_ends_the_notice_before_its_attachment():
    lines = [
        "一、提高认识",
        "二、加强领导",
        "北仑区人民政府办公室",
        "2018年11月15日",
        "北仑区生产安全事故应急预案",
        "一、总则",
    ]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    # an attachment opening below the first level: only the date says the numbering restarts
    lines = ["一、提高认识", "（一）统一思想", "（二）明确目标", "2018年11月15日", "（一）编制目的"]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    paragraphs = [para(t, n=i) for i, t in enumerate(lines[:3] + lines[4:], 1)]
    assert [(f.rule, f.paragraph) for f in check_structure(paragraphs, "a.docx")] == [("GW201", 4)]


def test_contents_headings_repeated_in_the_body_are_not_a_paste_error():
    toc = [
        "1 总则",
        "1.1 县安全生产事故灾难救灾指挥部工作组组成及职责",
        "1.2 县应急专家组组成及职责",
    ]
    body = [
        "目 录",
        *toc,
        "正文开始。",
        *toc,
        "为规范全县生产安全事故灾难应急管理和应急响应程序，制定本预案。",
    ]
    paragraphs = [para(t, n=i) for i, t in enumerate(body, 1)]
    assert check_structure(paragraphs, "a.docx") == []
    # a repeated block of running text is still reported
    text = "为规范全县生产安全事故灾难应急管理和应急响应程序，有效预防和减少各类生产安全事故。"
    paragraphs = [para(t, n=i) for i, t in enumerate([text, "其他。", text], 1)]
    assert [f.rule for f in check_structure(paragraphs, "a.docx")] == ["GW204"]


def test_bracket_broken_over_two_lines_is_paired():
    lines = ["本预案适用于锅炉、压力容器（含", "气瓶）、压力管道、电梯等设备的事故。"]
    found = check_citations([para(t, n=i) for i, t in enumerate(lines, 1)], "a.docx")
    assert found == []


def test_full_width_point_after_an_arabic_number_is_right():
    assert check_structure([para("1．指导思想。"), para("2．目标任务。", n=2)], "a.docx") == []
    found = check_structure([para("1、指导思想。")], "a.docx")
    assert [(f.rule, f.suggestion) for f in found] == [("GW202", "1.")]


def test_top_level_numbering_starting_again_is_a_new_document():
    lines = [
        "一、提高认识",
        "二、加强领导",
        "（此件公开发布）",
        "××应急预案",
        "一、总则",
        "（一）编制目的",
    ]
    paragraphs = [para(t, n=i) for i, t in enumerate(lines, 1)]
    assert check_structure(paragraphs, "a.docx") == []
