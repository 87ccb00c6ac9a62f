"""The optional sheets 任务分工, 阶段总结 and 自评: read when present, checked across sheets."""

from __future__ import annotations

import pytest

from gongwen.build import build_to
from gongwen.errors import WorkbookError
from gongwen.workbook.aqt9001 import ELEMENTS
from gongwen.workbook.reader import read_campaign
from gongwen.workbook.schema import SHEETS

EXTRA = ("任务分工", "阶段总结", "自评")


def test_the_example_reads_all_three_sheets(example_workbook):
    campaign = read_campaign(example_workbook)

    assert set(EXTRA) <= campaign.sheets
    assert [t.number for t in campaign.tasks] == list(range(1, 13))
    assert tuple(t.element for t in campaign.tasks) == ELEMENTS
    assert campaign.tasks[0].lead == "镇综治办"
    assert campaign.tasks[0].person == "王强"
    assert [s.phase for s in campaign.phase_summaries] == ["启动阶段", "实施阶段"]
    assert [s.number for s in campaign.self_evaluation] == list(range(1, 13))
    assert sum(s.full for s in campaign.self_evaluation) == 100
    assert sum(s.score for s in campaign.self_evaluation) == 91.5


def test_an_older_workbook_without_them_still_reads(make_workbook, example_data):
    older = [s for s in SHEETS if s.name not in EXTRA]
    campaign = read_campaign(make_workbook(example_data, sheets=older))

    assert campaign.tasks == ()
    assert campaign.phase_summaries == ()
    assert campaign.self_evaluation == ()
    assert not set(EXTRA) & campaign.sheets
    assert {"基本信息", "村社区"} <= campaign.sheets


def test_a_sheet_with_only_its_header_counts_as_absent(make_workbook, example_data):
    example_data["自评"] = []
    campaign = read_campaign(make_workbook(example_data))

    assert "自评" not in campaign.sheets
    assert "任务分工" in campaign.sheets


def test_empty_hazard_totals_are_computed_from_the_villages(make_workbook, example_data):
    example_data["村社区阶段数据"] = []
    example_data["阶段总结"] = example_data["阶段总结"][1:]  # one summary: the villages' totals
    example_data["阶段总结"][0]["排查隐患数"] = example_data["阶段总结"][0]["整改数"] = None
    villages = example_data["村社区"]
    found = sum(v["隐患数"] for v in villages)
    fixed = sum(v["已整改数"] for v in villages)

    summary = read_campaign(make_workbook(example_data)).phase_summaries[0]

    assert (summary.hazards_found, summary.hazards_fixed) == (found, fixed) == (89, 83)


def test_typed_totals_equal_to_the_phase_sums_are_accepted(make_workbook, example_data):
    example_data["阶段总结"][0]["排查隐患数"] = 54
    example_data["阶段总结"][0]["整改数"] = 35

    summary = read_campaign(make_workbook(example_data)).phase_summaries[0]

    assert (summary.hazards_found, summary.hazards_fixed) == (54, 35)


def test_mistakes_in_the_new_sheets_are_listed_together_by_cell(
    make_workbook, example_data, tmp_path
):
    example_data["自评"][4]["自评分"] = 12.5  # row 6: 分值 12
    example_data["阶段总结"][0]["阶段"] = "准备阶段"  # row 2
    example_data["阶段总结"][1]["排查隐患数"] = 90  # row 3: the villages sum to 89
    path = make_workbook(example_data)
    out = tmp_path / "out"

    with pytest.raises(WorkbookError) as info:
        build_to(path, out)

    problems = [str(p) for p in info.value.problems]
    assert problems == [
        "自评!D6：「安全促进项目」的自评分 12.5 应在 0 至分值 12 之间",
        "阶段总结!A2：阶段「准备阶段」不在「工作阶段」中，应为其中之一："
        "启动阶段、实施阶段、评定阶段、总结阶段",
        "阶段总结!E3：「排查隐患数」填写为 90，而「村社区阶段数据」中截至本阶段的合计为 89，"
        "两者不一致；请改正，或留空由程序计算",
    ]
    assert "3 处问题" in str(info.value)
    assert not out.exists()


def test_a_typed_fixed_total_that_disagrees_names_both_numbers(make_workbook, example_data):
    example_data["阶段总结"][1]["整改数"] = 80

    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))

    [problem] = info.value.problems
    assert problem.where == "阶段总结!F3"
    assert "80" in problem.message and "83" in problem.message


def test_a_score_may_equal_but_not_exceed_its_full_marks(make_workbook, example_data):
    example_data["自评"][0]["自评分"] = 8  # 分值 8
    assert read_campaign(make_workbook(example_data)).self_evaluation[0].score == 8

    example_data["自评"][0]["自评分"] = 8.5
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data, name="over.xlsx"))
    assert [p.where for p in info.value.problems] == ["自评!D2"]


def test_element_numbers_run_from_1_without_gaps_or_repeats(make_workbook, example_data):
    example_data["任务分工"][0]["要素序号"] = 13
    example_data["自评"][1]["要素序号"] = 1

    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))

    assert [str(p) for p in info.value.problems] == [
        "任务分工!A13：要素序号应从 1 起连续编号，缺少 1；请补上这些要素或重新编号",
        "自评!A3：要素序号 1 与第 2 行重复",
        "自评!A13：要素序号应从 1 起连续编号，缺少 2；请补上这些要素或重新编号",
    ]


def test_a_phase_summarised_twice_and_negative_figures_are_refused(make_workbook, example_data):
    example_data["阶段总结"][1]["阶段"] = "启动阶段"
    example_data["阶段总结"][1]["演练次数"] = -1

    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))

    assert [str(p) for p in info.value.problems] == [
        "阶段总结!A3：阶段「启动阶段」与第 2 行重复",
        "阶段总结!H3：「演练次数」不能为负数",
    ]


def test_a_kind_named_with_only_needs_its_sheet(make_workbook, example_data, tmp_path):
    older = [s for s in SHEETS if s.name != "任务分工"]
    path = make_workbook(example_data, sheets=older)

    with pytest.raises(WorkbookError) as info:
        build_to(path, tmp_path / "out", only=["实施方案"])

    assert "任务分工" in str(info.value)
    assert not (tmp_path / "out").exists()
