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
