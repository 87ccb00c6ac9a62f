"""The elements of a safe community are the workbook's: AQ/T 9001's 12 prefilled by
gongwen init, or a province's own list, checked across 任务分工 and 自评 and against 总分."""

from __future__ import annotations

import openpyxl
import pytest

from gongwen.build import build_to
from gongwen.errors import WorkbookError
from gongwen.workbook.aqt9001 import ELEMENTS
from gongwen.workbook.reader import read_campaign, sheet_overview
from gongwen.workbook.writer import write_blank_workbook

PROVINCE = ("组织机构", "风险评估", "安全促进", "宣传培训", "应急管理", "监测评审")
SCORES = (20, 20, 20, 15, 15, 10)


def test_init_prefills_both_element_sheets_with_the_12_elements_and_leaves_scores_blank(tmp_path):
    path = write_blank_workbook(tmp_path / "空白.xlsx")
    wb = openpyxl.load_workbook(path)
    for name in ("任务分工", "自评"):
        ws = wb[name]
        header = [c.value for c in ws[1]]
        rows = [
            dict(zip(header, (c.value for c in row), strict=False))
            for row in ws.iter_rows(min_row=2)
        ]
        assert [(r["要素序号"], r["要素"]) for r in rows] == list(enumerate(ELEMENTS, 1))
        blank = [c for c in header if c not in ("要素序号", "要素")]
        assert all(r[c] is None for r in rows for c in blank), name
    # untouched, the prefilled sheets count as empty: their kinds are skipped, not errors
    overview = sheet_overview(path)
    assert overview["任务分工"].rows == 0 and overview["自评"].rows == 0


def test_a_half_filled_element_sheet_reports_the_unfilled_rows(make_workbook, example_data):
    for row in example_data["自评"][10:]:
        row["分值"] = row["自评分"] = None
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))
    wheres = [p.where for p in info.value.problems]
    assert wheres[:4] == ["自评!C12", "自评!D12", "自评!C13", "自评!D13"]


def _province(example_data: dict, names=PROVINCE, scores=SCORES) -> dict:
    tasks, evaluation = example_data["任务分工"], example_data["自评"]
    example_data["任务分工"] = [
        {**tasks[i], "要素序号": i + 1, "要素": name} for i, name in enumerate(names)
    ]
    example_data["自评"] = [
        {**evaluation[i], "要素序号": i + 1, "要素": name, "分值": full, "自评分": full - 1}
        for i, (name, full) in enumerate(zip(names, scores, strict=True))
    ]
    return example_data


def test_a_provinces_own_elements_are_read_and_built(make_workbook, example_data, tmp_path):
    path = make_workbook(_province(example_data))
    campaign = read_campaign(path)
    assert [t.element for t in campaign.tasks] == list(PROVINCE)
    assert [s.full for s in campaign.self_evaluation] == list(SCORES)
    result = build_to(path, tmp_path / "out", only=["实施方案", "评定申报表"])
    from docx_content import tables

    scheme, application = (b.path for b in result)
    task_rows = next(t for t in tables(scheme) if t[0][1] == "要素")
    assert [row[1] for row in task_rows[1:]] == list(PROVINCE)
    score_rows = next(t for t in tables(application) if any(r[1:2] == ["要素"] for r in t))
    names = [r[1] for r in score_rows if r[1] in PROVINCE]
    assert names == list(PROVINCE)
    assert any("94" in cell for row in score_rows for cell in row)  # 100 - 6 points
    # each element's 分值 and 自评分 in its own row, and the totals row
    assert [r[2:] for r in score_rows if r[1] in PROVINCE] == [[str(s), str(s - 1)] for s in SCORES]
    assert ["合计", "100", "94"] in score_rows


def test_score_totals_must_agree_with_the_workbooks_total(make_workbook, example_data):
    _province(example_data, scores=(20, 20, 20, 15, 15, 5))
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))
    assert [str(p) for p in info.value.problems] == [
        "自评!C2:C7：各要素分值合计为 95，与总分（基本信息未填「总分」，按 100 分） 100 不一致；"
        "请核对各要素的分值或总分"
    ]
    example_data["基本信息"][0]["总分"] = 95
    assert read_campaign(make_workbook(example_data, name="95.xlsx")).info.full_score == 95
    example_data["基本信息"][0]["总分"] = 150
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data, name="150.xlsx"))
    assert [str(p) for p in info.value.problems] == [
        "自评!C2:C7：各要素分值合计为 95，与基本信息中的「总分」 150 不一致；请核对各要素的分值或总分"
    ]


def test_tasks_and_self_evaluation_must_list_the_same_elements(make_workbook, example_data):
    _province(example_data)
    example_data["自评"][2]["要素"] = "安全促进项目"
    example_data["任务分工"].append({**example_data["任务分工"][0], "要素序号": 7, "要素": "档案"})
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))
    assert [str(p) for p in info.value.problems] == [
        "自评!B4：要素 3 写作「安全促进项目」，而任务分工!B4 写作「安全促进」；两个表中同一序号的要素名称应一致",
        "任务分工!A8：要素序号 7（档案）在「自评」中没有；两个表应列出相同的要素",
    ]


def test_an_element_scored_but_not_in_the_tasks_is_named_at_its_row(make_workbook, example_data):
    _province(example_data, names=(*PROVINCE, "档案"), scores=(20, 20, 20, 15, 10, 10, 5))
    example_data["任务分工"].pop()
    with pytest.raises(WorkbookError) as info:
        read_campaign(make_workbook(example_data))
    assert [str(p) for p in info.value.problems] == [
        "自评!A8：要素序号 7（档案）在「任务分工」中没有；两个表应列出相同的要素",
    ]
