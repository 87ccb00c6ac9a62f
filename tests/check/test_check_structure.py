"""GW201–GW204: heading order, numbering punctuation, dates, repeated text."""

from __future__ import annotations

import pytest
from check_docs import para

from gongwen.check.findings import Edit
from gongwen.check.structure import check_structure


def run(*texts, kind="body"):
    return check_structure([para(t, kind, n) for n, t in enumerate(texts, start=1)], "a.docx")


def rules(findings):
    return [(f.rule, f.paragraph, f.offset) for f in findings]


def test_gw201_correct_order_passes():
    assert (
        run(
            "一、总则",
            "（一）目标",
            "1.内容",
            "（1）细则",
            "（2）细则",
            "2.内容",
            "（二）要求",
            "二、附则",
        )
        == []
    )


def test_gw201_out_of_order():
    found = run("一、总则", "三、附则")
    assert rules(found) == [("GW201", 2, 0)]
    assert found[0].severity == "warning"
    assert found[0].suggestion == "二、"


def test_gw201_level_skipped():
    found = run("一、总则", "1.内容")
    assert rules(found) == [("GW201", 2, 0)]
    assert "（一）" in found[0].message


def test_gw201_attachment_restarts_and_attachment_list_is_not_headings():
    texts = ("一、总则", "二、附则", "附件：1.名单", "2.台账", "附件1", "一、说明")
    assert run(*texts) == []


def test_gw201_ignores_tables():
    assert run("三、x", "一、y", kind="table") == []


@pytest.mark.parametrize(
    ("text", "offset", "edit", "suggestion"),
    [
        ("1、基本概念", 1, Edit(1, 2, "."), "1."),
        ("（一）、基本概念", 3, Edit(3, 4, ""), "（一）"),
        ("(1)、细则", 3, Edit(3, 4, ""), "（1）"),
        ("一.总则", 1, Edit(1, 2, "、"), "一、"),
        ("附件：1、名单", 4, Edit(4, 5, "."), "1."),
    ],
)
def test_gw202_wrong_punctuation(text, offset, edit, suggestion):
    found = [f for f in run(text) if f.rule == "GW202"]
    assert [(f.paragraph, f.offset, f.edits, f.suggestion) for f in found] == [
        (1, offset, (edit,), suggestion)
    ]
    assert found[0].severity == "warning"


@pytest.mark.parametrize("text", ["1.基本概念", "（一）基本概念", "一、总则", "1.5倍", "2024年"])
def test_gw202_correct(text):
    assert [f for f in run(text) if f.rule == "GW202"] == []


@pytest.mark.parametrize(
    ("text", "offset", "suggestion"),
    [
        ("于2024-03-01召开", 1, "2024年3月1日"),
        ("于2024.3.1召开", 1, "2024年3月1日"),
        ("于2024/3/1召开", 1, "2024年3月1日"),
        ("于2024年03月01日召开", 1, "2024年3月1日"),
        ("于2024 年 3 月 1 日召开", 1, "2024年3月1日"),
        ("2024年03月", 0, "2024年3月"),
    ],
)
def test_gw203_dates(text, offset, suggestion):
    found = run(text)
    assert [(f.rule, f.offset, f.suggestion) for f in found] == [("GW203", offset, suggestion)]
    assert found[0].severity == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月1日",
        "时间: 12-12",
        "GB/T 9704-2012",
        "版本1.2.3",
        "20xx 年 4 月底前",
        "2024-13-45",
    ],
)
def test_gw203_correct_or_not_a_date(text):
    assert run(text) == []


LONG = "按照实施方案和计划，整合各方面资源，加大工作力度，促进创建工作顺利开展。"


def test_gw204_repeated_block_reported_once():
    found = run(
        "标题", LONG, "一、指导思想", LONG + "甲", "其他", LONG, "一、指导思想", LONG + "甲"
    )
    assert [(f.rule, f.paragraph, f.offset) for f in found] == [("GW204", 6, 0)]
    assert "第6至8段" in found[0].message and "第2至4段" in found[0].message
    assert found[0].suggestion == "删除重复的段落"


def test_gw204_single_long_paragraph_repeated():
    assert rules(run(LONG, "其他", LONG)) == [("GW204", 3, 0)]


def test_gw204_short_paragraphs_and_cells_may_repeat():
    assert run("特此通知。", "一、x", "特此通知。") == []
    assert run("是", "否", "是", "否", kind="table") == []
    assert run(LONG, LONG, kind="table") == []


def test_gw201_not_repeated_for_a_pasted_copy():
    texts = ("一、总则", LONG, "二、附则", LONG + "乙", "一、总则", LONG, "二、附则", LONG + "乙")
    assert [f.rule for f in run(*texts)] == ["GW204"]


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
