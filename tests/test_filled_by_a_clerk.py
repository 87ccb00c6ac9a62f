"""The blank workbook filled in as a clerk would, built and read back: nothing typed is
dropped, every problem is listed at once, and the documents' facts agree with each other."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document
from example_data import EXAMPLE
from openpyxl import load_workbook

from gongwen.build import build_to
from gongwen.errors import CheckFailed, WorkbookError
from gongwen.workbook.reader import read_campaign
from gongwen.workbook.schema import BASIC_INFO, GUIDE_SHEET, SHEETS
from gongwen.workbook.writer import write_blank_workbook

PLAN = "静观镇创建安全社区工作计划.docx"
ADDED_ITEM = f"基本信息!A{len(BASIC_INFO.columns) + 2}"  # a row typed below the last item
APPLY_DATE = f"基本信息!B{[c.name for c in BASIC_INFO.columns].index('申报日期') + 2}"
START = "静观镇安全社区创建启动阶段工作总结.docx"
IMPLEMENT = "静观镇安全社区创建实施阶段工作总结.docx"


def fill(path: Path, data: dict) -> Path:
    """Type ``data`` into the workbook at ``path`` under its headers, from row 2 down, over
    whatever is there (as a person fills a sheet), and save it."""
    wb = load_workbook(path)
    for sheet in SHEETS:
        ws = wb[sheet.name]
        rows = data.get(sheet.name, [])
        if sheet.key_value:
            items = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for name, value in (rows[0] if rows else {}).items():
                ws.cell(items[name], 2, value)
            continue
        header = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for r, row in enumerate(rows, start=2):
            for name, value in row.items():
                ws.cell(r, header[name], value)
    wb.save(path)
    return path


@pytest.fixture
def data() -> dict:
    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def filled(tmp_path, data):
    """``filled(data)``: the path of ``gongwen init``'s workbook with ``data`` typed in."""

    def make(values=None, name="安全社区创建.xlsx") -> Path:
        path = write_blank_workbook(tmp_path / name)
        return fill(path, data if values is None else values)

    return make


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        read_campaign(path)
    return [str(p) for p in info.value.problems]


def warnings_of(result) -> list[tuple[str, str, str]]:
    return [(f.rule, f.part, f.message) for f in result.warnings]


# --- 1. nothing typed is silently ignored ----------------------------------------------------
def test_the_blank_workbook_filled_in_builds_every_document_without_a_warning(filled, tmp_path):
    result = build_to(filled(), tmp_path / "out", strict=True)

    assert len(result) == 15 and result.warnings == ()
    plan = texts(tmp_path / "out" / "静观镇" / PLAN)
    # four phases typed from the first data row: none of them lost
    assert any("安全社区创建工作分四个阶段实施" in t for t in plan)
    for phase in ("启动阶段", "实施阶段", "评定阶段", "总结阶段"):
        assert any(t.startswith(phase) or f"（{phase}" in t or phase in t for t in plan)


def test_the_shipped_example_builds_with_strict_and_no_warning(tmp_path):
    result = build_to(None, tmp_path / "out", strict=True)
    assert result.warnings == () and len(result) == 15


def test_the_guide_sheet_explains_every_sheet_and_is_not_read(filled, tmp_path):
    path = filled()
    wb = load_workbook(path)
    assert wb.sheetnames[0] == GUIDE_SHEET
    guide = wb[GUIDE_SHEET]
    assert "本表只作说明，gongwen 不读取本表" in guide["A1"].value
    listed = {guide.cell(r, 1).value for r in range(4, guide.max_row + 1)} - {None, ""}
    assert {s.name if s.required else f"{s.name}（可选）" for s in SHEETS} == listed
    villages = {guide.cell(r, 2).value: guide.cell(r, 4).value for r in range(4, guide.max_row + 1)}
    assert villages["应急队伍人数"] == 15  # the example of 村社区's column
    assert read_campaign(path).warnings == ()


def test_an_extra_column_item_and_sheet_are_each_named_once_as_a_warning(filled, tmp_path):
    path = filled()
    wb = load_workbook(path)
    villages = wb["村社区"]
    last = villages.max_column
    villages.cell(1, last + 1, "负责人")
    villages.cell(2, last + 1, "张三")
    villages.cell(3, last + 1, "李四")
    villages.cell(1, last + 2, "备注")  # the clerk's own notes: never read, never warned about
    villages.cell(2, last + 2, "已核实")
    villages.cell(4, last + 4, "无列名的数据")
    info = wb["基本信息"]
    info.cell(info.max_row + 1, 1, "备用电话")
    info.cell(info.max_row, 2, "023-6822")
    info["C3"] = "北碚区应急局"
    wb.create_sheet("草稿")["B2"] = "要补充的村"
    wb.create_sheet("Sheet1")  # empty: nothing to lose
    wb.save(path)

    result = build_to(path, tmp_path / "out")
    found = warnings_of(result)
    assert [(rule, part) for rule, part, _ in found] == [
        ("GW402", "草稿"),
        ("GW402", ADDED_ITEM),
        ("GW402", "基本信息!C3"),
        ("GW402", "村社区!P1"),
        ("GW402", "村社区!S4"),
    ]
    messages = dict((part, message) for _, part, message in found)
    assert messages["村社区!P1"].startswith("列「负责人」不是「村社区」表的列，其内容不会被读取")
    assert messages["村社区!S4"].startswith("S 列没有列名，其中 1 个单元格的内容不会被读取")
    assert messages["草稿"].startswith("工作表「草稿」不是 gongwen 使用的工作表，其内容不会被读取")
    assert messages[ADDED_ITEM].startswith("项目「备用电话」不是「基本信息」的项目")
    assert "C 列" in messages["基本信息!C3"]

    with pytest.raises(CheckFailed) as info:
        build_to(path, tmp_path / "strict", strict=True)
    assert {f.part for f in info.value.findings} == {p for _, p, _ in found}
    assert not (tmp_path / "strict").exists()


def test_an_item_typed_twice_in_basic_info_is_an_error(filled):
    path = filled()
    wb = load_workbook(path)
    info = wb["基本信息"]
    info.cell(info.max_row + 1, 1, "联系人")
    info.cell(info.max_row, 2, "赵六")
    wb.save(path)
    assert problems(path) == [
        f"{ADDED_ITEM}：项目「联系人」与第 11 行重复，只能填写一次；请删除其中一行"
    ]


def _old_workbook(tmp_path, data, example_row: dict) -> Path:
    """A workbook as the old blank workbook left it: 工作阶段 with a 备注 column and an example
    row 2 marked 示例 above the data."""
    path = tmp_path / "旧版.xlsx"
    from gongwen.workbook.writer import write_workbook

    write_workbook(path, data)
    wb = load_workbook(path)
    ws = wb["工作阶段"]
    ws.insert_rows(2)
    ws["E1"] = "备注"
    for c, value in enumerate(example_row.values(), start=1):
        ws.cell(2, c, value)
    ws["E2"] = "示例"
    wb.save(path)
    return path


SHIPPED_EXAMPLE = {
    "阶段": "启动阶段",
    "开始日期": dt.datetime(2024, 3, 1),
    "结束日期": dt.datetime(2024, 4, 30),
    "主要任务": "成立创建工作领导小组，开展摸底调查。",
}


def test_an_old_example_row_left_as_shipped_is_skipped_with_a_warning(tmp_path, data):
    path = _old_workbook(tmp_path, data, SHIPPED_EXAMPLE)
    campaign = read_campaign(path)
    assert [p.name for p in campaign.phases] == ["启动阶段", "实施阶段", "评定阶段", "总结阶段"]
    assert campaign.phases[0].tasks == data["工作阶段"][0]["主要任务"]
    [warning] = campaign.warnings
    assert warning.where == "工作阶段!E2"
    assert "旧版空白工作簿的示例行，未读取" in warning.message


def test_the_old_example_column_of_basic_info_is_named_once(tmp_path, data):
    path = _old_workbook(tmp_path, data, SHIPPED_EXAMPLE)
    wb = load_workbook(path)
    info = wb["基本信息"]
    info["C1"] = "示例"
    info["C2"] = "静观镇"
    info["C3"] = "北碚区"
    wb.save(path)
    warnings = [(w.where, w.message) for w in read_campaign(path).warnings]
    assert warnings == [
        (
            "基本信息!C1",
            "「基本信息」只读取 A 列（项目）和 B 列（内容），C 列（示例）的内容不会被读取",
        ),
        ("工作阶段!E2", warnings[1][1]),
    ]


def test_an_old_example_row_typed_over_is_an_error_at_the_cells_that_differ(tmp_path, data):
    typed = {**SHIPPED_EXAMPLE, "阶段": "准备阶段", "结束日期": dt.datetime(2024, 2, 29)}
    path = _old_workbook(tmp_path, data, typed)
    found = problems(path)
    assert [p.split("：")[0] for p in found] == ["工作阶段!A2", "工作阶段!C2"]
    assert "像是在示例行上填写的数据：如是数据，请删去 工作阶段!E2 中的“示例”" in found[0]


# --- 2. every problem in one pass, at sheet!column+row ----------------------------------------
def test_every_problem_of_every_sheet_is_listed_in_one_run(filled, data):
    data["基本信息"][0]["年度"] = "二〇二四"
    data["工作阶段"][1]["结束日期"] = "2025.2.30"
    data["村社区"][2]["人口"] = "约三千"
    data["阶段总结"][0]["阶段"] = "准备阶段"
    data["村社区阶段数据"][3]["已整改数"] = -1
    data["自评"][0]["自评分"] = 9
    found = problems(filled(data))

    assert found == [
        "基本信息!B6：「年度」应为整数，现为“二〇二四”",
        "工作阶段!C3：「结束日期」的“2025.2.30”不是存在的日期（2025年2月只有28天），请改正",
        "村社区!D4：「人口」应为整数，现为“约三千”",
        "自评!D2：「创建机构与职责」的自评分 9 应在 0 至分值 8 之间",
        "村社区阶段数据!D5：「已整改数」不能为负数",
        "阶段总结!A2：阶段「准备阶段」不在「工作阶段」中，应为其中之一：启动阶段、评定阶段、总结阶段",
    ]
    for message in found:
        assert re.match(r"^[^!：]+![A-Z]+[0-9]+：", message)


def test_archive_names_that_clash_are_listed_with_the_other_problems(filled, data):
    from campaign_data import refresh_phase_rows

    data["村社区"][1]["名称"] = "Abc村"
    data["村社区"][5]["名称"] = "aBC村"  # the same file name on Windows
    refresh_phase_rows(data)
    data["工作阶段"][0]["结束日期"] = "2024.4.31"
    found = problems(filled(data))
    assert found[0] == (
        "工作阶段!C2：「结束日期」的“2024.4.31”不是存在的日期（2024年4月只有30天），请改正"
    )
    assert found[1].startswith(
        "村社区!A7：名称「aBC村」与 村社区!A3 的「Abc村」生成相同的档案文件名"
    )


# --- 3. figures by phase ----------------------------------------------------------------------
def test_each_summary_reports_its_own_phase_and_the_archives_their_date(filled, tmp_path):
    out = tmp_path / "out" / "静观镇"
    build_to(filled(), tmp_path / "out")

    start = next(t for t in texts(out / START) if t.startswith("截至"))
    implement = next(t for t in texts(out / IMPLEMENT) if t.startswith("截至"))
    assert "截至2024年4月30日，我镇累计排查安全隐患54处，已整改35处" in start
    assert "本阶段新排查安全隐患54处、整改35处" in start
    assert "截至2024年11月30日，我镇累计排查安全隐患89处，已整改83处" in implement
    assert "本阶段新排查安全隐患35处、整改48处" in implement
    start_table = Document(out / START).tables[0]
    assert [c.text for c in start_table.rows[1].cells] == ["静观场社区", "11", "7", "63.6%"]

    archive = Document(out / "村社区档案" / "静观场社区.docx").tables[0]
    cells = [c.text for row in archive.rows for c in row.cells]
    assert "隐患排查整改（截至2024年11月30日累计）" in cells
    assert cells[cells.index("隐患数（处）") + 1] == "18"
    summary = load_workbook(out / "村社区档案" / "村社区汇总表.xlsx").active
    assert summary["A1"].value == "静观镇村（社区）安全基本情况汇总表（隐患数据截至2024年11月30日）"


def test_a_summarys_village_figure_is_drawn_to_the_end_of_its_phase(filled):
    from gongwen.charts.data import hazards_by_village

    campaign = read_campaign(filled())
    start = {b.label: (b.first, b.second) for b in hazards_by_village(campaign, "启动阶段")}
    to_date = {b.label: (b.first, b.second) for b in hazards_by_village(campaign)}
    assert start["静观场社区"] == (11, 7) and to_date["静观场社区"] == (18, 17)
    assert sum(f for f, _ in start.values()) == 54


def test_without_phase_figures_two_summaries_cannot_share_one_total(filled, data):
    data["村社区阶段数据"] = []
    found = problems(filled(data))
    assert len(found) == 1
    assert found[0].startswith("阶段总结!A2：「启动阶段」之后还有阶段总结，而「村社区」中的隐患数")


def test_without_phase_figures_one_summary_takes_the_totals_as_of_its_phase(filled, data, tmp_path):
    data["村社区阶段数据"] = []
    data["阶段总结"] = data["阶段总结"][1:]
    build_to(filled(data), tmp_path / "out")
    out = tmp_path / "out" / "静观镇"
    implement = next(t for t in texts(out / IMPLEMENT) if t.startswith("截至"))
    assert implement.startswith("截至2024年11月30日，我镇累计排查安全隐患89处，已整改83处")
    assert "本阶段开展安全培训1035人次" in implement  # no phase figures claimed


def test_a_summarised_phase_without_phase_rows_is_an_error(filled, data):
    data["阶段总结"][1]["阶段"] = "评定阶段"  # no 村社区阶段数据 rows for it
    data["阶段总结"][1]["排查隐患数"] = data["阶段总结"][1]["整改数"] = None
    data["阶段总结"][1]["成文日期"] = None
    data["基本信息"][0]["申报日期"] = None
    assert problems(filled(data)) == [
        "阶段总结!A3：「评定阶段」有阶段总结，但「村社区阶段数据」中没有该阶段的数据行；请按村（社区）"
        "填写本阶段的排查隐患数和已整改数（没有的填 0）"
    ]


def test_village_figures_typed_and_by_phase_must_agree(filled, data):
    data["村社区"][1]["隐患数"] = 12  # 素心村: 7 + 4 by phase
    assert problems(filled(data)) == [
        "村社区!J3：「隐患数」填写为 12，而「村社区阶段数据」中「素心村」各阶段合计为 11，"
        "两者不一致；请改正，或留空由程序合计"
    ]


def test_village_figures_may_be_left_to_the_phase_rows(filled, data):
    for v in data["村社区"]:
        v["隐患数"] = v["已整改数"] = None
    campaign = read_campaign(filled(data))
    assert [(v.hazards_found, v.hazards_fixed) for v in campaign.villages][:2] == [
        (18, 17),
        (11, 10),
    ]


def test_more_fixed_than_found_by_a_phase_end_is_an_error(filled, data):
    data["村社区阶段数据"][0]["已整改数"] = 12  # 静观场社区 启动阶段: 11 found
    data["村社区阶段数据"][1]["已整改数"] = 5
    found = problems(filled(data))
    assert found == [
        "村社区阶段数据!D2：截至「启动阶段」结束，「静观场社区」累计整改 12 处，多于累计排查的 "
        "11 处；请核对各阶段的数字"
    ]


# --- 4. dates ---------------------------------------------------------------------------------
def test_phases_that_overlap_or_run_backwards_are_errors_at_their_cells(filled, data):
    data["工作阶段"][1]["开始日期"] = dt.date(2024, 4, 20)  # 启动阶段 ends 4月30日
    data["工作阶段"][3]["结束日期"] = dt.date(2024, 12, 1)  # before its start, 12月21日
    assert problems(filled(data)) == [
        "工作阶段!B3：「实施阶段」的开始日期 2024年4月20日 不晚于上一阶段「启动阶段」的结束日期 "
        "2024年4月30日；各阶段应按时间先后排列、互不重叠",
        "工作阶段!C5：「总结阶段」的结束日期 2024年12月1日 早于开始日期 2024年12月21日",
    ]


def test_a_summary_dated_before_its_phase_ends_is_an_error(filled, data):
    data["阶段总结"][1]["成文日期"] = dt.date(2024, 11, 29)
    assert problems(filled(data)) == [
        "阶段总结!J3：「实施阶段」总结的成文日期 2024年11月29日 早于该阶段的结束日期 "
        "2024年11月30日；总结应在阶段结束后成文（留空则用阶段结束日期）"
    ]


def test_a_year_that_disagrees_with_the_date_is_an_error_at_its_cell(filled, data):
    data["基本信息"][0]["年度"] = 2023
    assert problems(filled(data)) == [
        "基本信息!B6：年度 2023 与成文日期 2024年3月15日 的年份不一致（发文字号中的年份会与"
        "成文日期矛盾）；请改正年度或成文日期"
    ]


def test_an_application_before_an_enclosed_summary_is_an_error(filled, data):
    data["基本信息"][0]["申报日期"] = dt.date(2024, 11, 20)
    assert problems(filled(data)) == [
        f"{APPLY_DATE}：申报日期 2024年11月20日 早于「实施阶段」总结的成文日期 2024年12月2日；"
        "申报材料包含该总结，申报日期应不早于它"
    ]


def test_an_application_before_the_last_phase_ends_is_a_warning(filled, data, tmp_path):
    data["基本信息"][0]["申报日期"] = dt.date(2024, 12, 10)  # 总结阶段 ends 12月31日
    path = filled(data)
    result = build_to(path, tmp_path / "out", only=["评定申报表"])
    assert warnings_of(result) == [
        (
            "GW403",
            APPLY_DATE,
            "申报日期 2024年12月10日 早于最后一个阶段「总结阶段」的结束日期 2024年12月31日；"
            "如确在该阶段结束前申报，可不理会此提示",
        )
    ]
    with pytest.raises(CheckFailed):
        build_to(path, tmp_path / "strict", only=["评定申报表"], strict=True)


def test_without_an_application_date_the_package_is_dated_by_its_latest_document(filled, data):
    from gongwen.packaging.package import package_name

    data["基本信息"][0]["申报日期"] = None
    campaign = read_campaign(filled(data))
    assert package_name(campaign) == "静观镇安全社区创建材料-2024年12月2日"
    data["基本信息"][0]["申报日期"] = dt.date(2025, 1, 6)
    campaign = read_campaign(filled(data, name="申报.xlsx"))
    assert package_name(campaign) == "静观镇安全社区创建材料-2025年1月6日"


@pytest.mark.parametrize("typed", ["2024.3.15", "2024-3-15", "2024/3/15"])
def test_a_date_typed_as_text_is_written_in_full_and_raises_no_warning(
    filled, data, tmp_path, typed
):
    data["基本信息"][0]["成文日期"] = typed
    data["工作阶段"][0]["开始日期"] = "2024.3.1"
    data["工作阶段"][1]["结束日期"] = "2024-11-30"
    result = build_to(filled(data), tmp_path / "out", strict=True)
    assert result.warnings == ()
    plan = texts(tmp_path / "out" / "静观镇" / PLAN)
    assert plan[-1] == "2024年3月15日"
    assert any("2024年3月1日至2024年4月30日" in t for t in plan)
    assert any("2024年5月1日至2024年11月30日" in t for t in plan)


# --- 5. wording follows the unit -------------------------------------------------------------
@pytest.mark.parametrize(
    ("unit", "typed", "level", "self_ref", "units"),
    [
        ("静观镇", None, "镇", "我镇", "镇属各单位"),
        ("天生街道", None, "街道", "我街道", "街道各单位"),
        ("金刀峡乡", None, "乡", "我乡", "乡属各单位"),
        ("歇马片区", "街道", "街道", "我街道", "街道各单位"),
    ],
)
def test_wording_follows_the_type_of_unit(
    filled, data, tmp_path, unit, typed, level, self_ref, units
):
    info = data["基本信息"][0]
    info.update({"单位名称": unit, "发文机关": f"{unit}人民政府", "单位类型": typed})
    result = build_to(filled(data), tmp_path / "out", strict=True)
    assert len(result) == 15 and result.warnings == ()
    folder = tmp_path / "out" / unit
    scheme = "\n".join(texts(folder / f"{unit}创建安全社区实施方案.docx"))
    assert f"{level}财政将创建工作经费纳入年度预算" in scheme
    assert f"各村（社区）和{units}年度目标考核" in scheme
    assert self_ref in scheme
    others = {"我镇", "我街道", "我乡"} - {self_ref}
    plan = "\n".join(texts(folder / f"{unit}创建安全社区工作计划.docx"))
    assert not any(o in scheme or o in plan for o in others)
    archive = Document(folder / "村社区档案" / "素心村.docx").tables[0]
    assert f"所属{level}" in [c.text for row in archive.rows for c in row.cells]


def test_a_unit_whose_type_cannot_be_told_asks_for_it(filled, data):
    data["基本信息"][0]["单位名称"] = "歇马片区"
    assert problems(filled(data)) == [
        "基本信息!B2：无法从单位名称「歇马片区」看出是镇、街道还是乡（公文中要写“我镇”“我街道”"
        "或“我乡”），请在「基本信息」中添加项目「单位类型」并选择 镇、街道 或 乡"
    ]


# --- 6. 名单 alignment -----------------------------------------------------------------------
def test_two_three_and_four_character_names_keep_the_roster_aligned(filled, data, tmp_path):
    members = data["领导小组"]
    members[3]["姓名"] = "欧阳建国"  # 成员, 排序 1
    build_to(filled(data), tmp_path / "out", only=["领导小组通知"])
    notice = (
        tmp_path / "out" / "静观镇" / "静观镇人民政府关于成立创建安全社区工作领导小组的通知.docx"
    )
    roster = {}
    for text in texts(notice):
        for m in members:
            name = m["姓名"]
            spaced = f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name
            if spaced in text and text.endswith(m["职务"]):
                roster[name] = text
    assert len(roster) == len(members)
    # the 职务 starts at the same character in every line: 4 (label) + 4 (name) + 1 (space)
    assert {len(t) - len(m["职务"]) for m in members for t in [roster[m["姓名"]]]} == {9}
    assert roster["欧阳建国"] == "成\u3000员：欧阳建国\u3000镇综治办主任"
    assert roster["田河堰"] == "组\u3000长：田河堰\u3000\u3000镇党委副书记、镇长"
    assert roster["孙丽"] == "\u3000\u3000\u3000\u3000孙\u3000丽\u3000\u3000镇安监办主任"
