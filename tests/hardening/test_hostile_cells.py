"""Cell values the reader must read right or reject by cell: formulas, errors, dates, merged
cells, stated dimensions, spaces, codes, blank rows, headers, hidden sheets, control
characters."""

from __future__ import annotations

import datetime as dt

import pytest
from hardening_tools import edit_sheet, files_under, replace_cell, run_cli

from campaign_data import refresh_phase_rows
from gongwen.errors import WorkbookError
from gongwen.workbook.reader import read_campaign


def problems_of(path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        read_campaign(path)
    return [str(p) for p in info.value.problems]


# --- formulas and Excel's error values -------------------------------------------------------


def test_a_formula_without_a_cached_value_is_reported_by_cell(make_workbook, example_data):
    example_data["村社区"][1]["人口"] = "=C3*2"  # openpyxl writes the formula, no result
    example_data["村社区"][2]["联系人"] = '=CONCAT("陈","晓")'  # an optional-looking text cell
    assert problems_of(make_workbook(example_data)) == [
        f"村社区!{cell}：单元格是公式，但文件中没有它的计算结果（文件不是由 Excel/WPS 保存的），"
        "请在 Excel 或 WPS 中打开、确认结果后保存，或把公式改为数值"
        for cell in ("D3", "F4")
    ]


def test_a_formula_with_a_cached_value_reads_its_value(make_workbook, example_data):
    path = make_workbook(example_data)
    edit_sheet(
        path,
        "村社区",
        lambda xml: replace_cell(xml, "D3", '<c r="D3" t="n"><f>C3*2</f><v>4321</v></c>'),
    )
    assert read_campaign(path).villages[1].population == 4321


def test_a_formula_whose_result_is_empty_text_is_an_empty_cell(make_workbook, example_data):
    path = make_workbook(example_data)
    edit_sheet(
        path,
        "村社区",
        lambda xml: replace_cell(xml, "M2", '<c r="M2" t="str"><f>""</f><v></v></c>'),
    )
    assert read_campaign(path).villages[0].vulnerable_groups == ""


@pytest.mark.parametrize("error", ["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])
def test_excel_error_values_are_reported_by_cell(make_workbook, example_data, error):
    path = make_workbook(example_data)
    edit_sheet(
        path,
        "村社区",
        lambda xml: replace_cell(xml, "F2", f'<c r="F2" t="e"><f>1/0</f><v>{error}</v></c>'),
    )
    assert problems_of(path) == [f"村社区!F2：单元格是 Excel 错误值 {error}，请改正公式或填入数值"]


# --- dates --------------------------------------------------------------------------------


def set_number(path, sheet: str, ref: str, number) -> None:
    """Make ``sheet!ref`` a bare number cell (General format, as a lost date format leaves it)."""
    edit_sheet(
        path, sheet, lambda xml: replace_cell(xml, ref, f'<c r="{ref}" t="n"><v>{number}</v></c>')
    )


def test_dates_as_date_cells_serials_and_text(make_workbook, example_data):
    phases = example_data["工作阶段"]
    phases[0]["开始日期"] = dt.datetime(2024, 3, 1, 9, 30)  # a date cell with a time
    phases[0]["结束日期"] = "2024.4.30"  # text as typed
    path = make_workbook(example_data)
    set_number(path, "工作阶段", "B3", 45413)  # 2024-05-01 as an Excel serial, no date format
    set_number(path, "工作阶段", "C3", 45473.5)  # 2024-06-30 noon
    campaign = read_campaign(path)
    assert [(p.start, p.end) for p in campaign.phases[:2]] == [
        (dt.date(2024, 3, 1), dt.date(2024, 4, 30)),
        (dt.date(2024, 5, 1), dt.date(2024, 6, 30)),
    ]


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("7", "7"),
        ("2024", "2024"),
        ("-45413", "-45413"),
        ("99999999", "99999999"),
        ("1E+300", "1e+300"),
    ],
)
def test_a_number_that_is_not_a_plausible_date_serial_is_rejected_by_cell(
    make_workbook, example_data, number, shown
):
    path = make_workbook(example_data)
    set_number(path, "工作阶段", "B2", number)
    assert problems_of(path)[0] == (
        f"工作阶段!B2：「开始日期」应为日期，现为数字“{shown}”（不是 1949年10月1日至2100年12月31日"
        "间日期的 Excel 日期序号），请填写日期，如 2024年3月1日"
    )


def test_a_number_typed_into_a_date_formatted_cell_is_rejected_by_cell(make_workbook, example_data):
    example_data["工作阶段"][0]["开始日期"] = 2024  # the cell has a date format: 1905-07-16
    assert problems_of(make_workbook(example_data))[0] == (
        "工作阶段!B2：「开始日期」的日期 1905年7月16日 不在 1949年10月1日至2100年12月31日之间"
        "（可能是在日期格式的单元格中填了数字），请改正"
    )


@pytest.mark.parametrize("text", ["下月初", "45413", "0000-3-1"])
def test_text_that_is_not_a_date_is_rejected_by_cell(make_workbook, example_data, text):
    example_data["工作阶段"][0]["开始日期"] = text
    assert problems_of(make_workbook(example_data))[0] == (
        f"工作阶段!B2：「开始日期」应为日期（如 2024年3月1日 或 2024-3-1），现为“{text}”"
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2024.2.30", "2024年2月只有29天"),
        ("2025.2.29", "2025年2月只有28天"),
        ("2024-13-1", "一年只有12个月"),
        ("9999-12-32", "9999年12月只有31天"),  # the last year there is
    ],
)
def test_a_date_that_does_not_exist_is_told_why(make_workbook, example_data, text, why):
    example_data["工作阶段"][0]["开始日期"] = text
    assert problems_of(make_workbook(example_data))[0] == (
        f"工作阶段!B2：「开始日期」的“{text}”不是存在的日期（{why}），请改正"
    )


def _to_1904(path) -> None:
    """Re-save ``path`` in the 1904 date system (old Mac Excel): date cells stored as
    1904 serials, the workbook flagged date1904."""
    from openpyxl import load_workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    wb.save(path)
    set_number(path, "工作阶段", "B3", 45413 - 1462)  # 2024-05-01 as a bare 1904 serial


def test_the_1904_date_system_is_read_right(make_workbook, example_data):
    path = make_workbook(example_data)
    _to_1904(path)
    import zipfile

    assert b'date1904="1"' in zipfile.ZipFile(path).read("xl/workbook.xml")
    campaign = read_campaign(path)
    assert campaign.phases[0].start == dt.date(2024, 3, 1)  # a date cell
    assert campaign.phases[1].start == dt.date(2024, 5, 1)  # a serial of the 1904 system
    assert campaign.info.date == example_data["基本信息"][0]["成文日期"]


# --- merged cells and the stated dimension -----------------------------------------------------


def test_merged_cells_in_a_data_sheet_are_an_error_naming_the_range(make_workbook, example_data):
    path = make_workbook(example_data)

    def merge(xml: str) -> str:
        xml = replace_cell(xml, "B3", '<c r="B3"/>')
        merges = (
            '<mergeCells count="2"><mergeCell ref="B2:B3"/><mergeCell ref="H5:I6"/></mergeCells>'
        )
        return xml.replace("</sheetData>", "</sheetData>" + merges, 1)

    edit_sheet(path, "村社区", merge)
    messages = problems_of(path)
    assert messages[:2] == [
        f"村社区!{span}：合并了单元格 {span}；合并后只有左上角单元格有值，其余会被当作空白。"
        "请取消合并，并在每个单元格中填写相应内容"
        for span in ("B2:B3", "H5:I6")
    ]


def test_a_wps_file_stating_dimension_a1_is_read_whole(make_workbook, example_data):
    path = make_workbook(example_data)
    for sheet in ("村社区", "基本信息"):
        edit_sheet(
            path,
            sheet,
            lambda xml: __import__("re").sub(
                r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml
            ),
        )
    campaign = read_campaign(path)
    assert [v.name for v in campaign.villages] == [r["名称"] for r in example_data["村社区"]]
    assert campaign.info.phone == example_data["基本信息"][0]["联系电话"]


# --- spaces, codes, blank rows, headers, hidden sheets ---------------------------------------


def test_outer_ascii_full_width_and_no_break_spaces_are_trimmed_inner_ones_kept(
    make_workbook, example_data
):
    example_data["村社区"][0]["名称"] = "\u3000 静观场\u3000社区\u00a0 "
    refresh_phase_rows(example_data)
    example_data["村社区"][0]["户数"] = " 2140\u3000"
    village = read_campaign(make_workbook(example_data)).villages[0]
    assert village.name == "静观场\u3000社区"
    assert village.households == 2140


def test_codes_and_phone_numbers_stay_as_typed(make_workbook, example_data):
    example_data["村社区"][0]["联系电话"] = "007"  # a text cell keeps its zeros
    example_data["村社区"][1]["联系电话"] = 7  # a number cell reads as the number
    example_data["村社区"][2]["联系电话"] = 13983012003  # a mobile number typed as a number
    example_data["基本信息"][0]["联系电话"] = "023-68221536"
    campaign = read_campaign(make_workbook(example_data))
    assert [v.phone for v in campaign.villages[:3]] == ["007", "7", "13983012003"]
    assert campaign.info.phone == "023-68221536"


def test_blank_rows_between_data_rows_are_skipped(make_workbook, example_data):
    villages = example_data["村社区"]
    villages.insert(2, {})
    villages.insert(3, {"名称": " ", "备注": "\u3000"})
    campaign = read_campaign(make_workbook(example_data))
    assert len(campaign.villages) == len(villages) - 2


def test_duplicate_and_missing_headers_are_named(make_workbook, example_data):
    path = make_workbook(example_data)
    edit_sheet(
        path,
        "村社区",
        lambda xml: replace_cell(
            replace_cell(xml, "B1", '<c r="B1" t="inlineStr"><is><t>名称</t></is></c>'),
            "C1",
            '<c r="C1"/>',
        ),
    )
    messages = problems_of(path)
    assert "村社区!B1：列名「名称」重复（A1 已有），请删除或改名其一" in messages
    assert "村社区!A1：缺少列：类型、户数（列名写在第 1 行）" in messages


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_of_the_schema_is_reported(make_workbook, example_data, state):
    from openpyxl import load_workbook

    path = make_workbook(example_data)
    wb = load_workbook(path)
    wb["任务分工"].sheet_state = state
    wb.create_sheet("草稿").sheet_state = "hidden"  # a sheet the schema does not know
    wb.save(path)
    assert problems_of(path) == [
        "任务分工：工作表「任务分工」被隐藏了，其内容仍会被读取；请取消隐藏并核对内容（不用的表请删除）"
    ]


# --- characters that cannot stand in a document ---------------------------------------------


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("_x0001_", "0001"),
        ("_x000B_", "000B"),
        ("_x0007_", "0007"),
        ("_x000C_", "000C"),
        ("_xD800_", "D800"),
        ("_xDFFF_", "DFFF"),
        ("_xFFFE_", "FFFE"),
    ],
)
def test_control_characters_surrogates_and_non_characters_are_rejected_by_cell(
    make_workbook, example_data, escape, code
):
    # Excel writes a character XML cannot hold as an _xHHHH_ escape
    example_data["村社区"][3]["危险源"] = f"加油站{escape}1处"
    assert problems_of(make_workbook(example_data)) == [
        f"村社区!I5：含有不可见的控制字符 U+{code}，请删除后重新输入该单元格"
    ]


def test_a_literal_escape_typed_by_the_clerk_is_kept(make_workbook, example_data):
    example_data["村社区"][3]["危险源"] = "编号_x005F_x0001_"  # Excel's form of typed "_x0001_"
    assert read_campaign(make_workbook(example_data)).villages[3].hazard_sources == "编号_x0001_"


def test_cell_errors_through_the_cli_exit_2_and_write_nothing(
    make_workbook, example_data, tmp_path
):
    example_data["村社区"][1]["人口"] = "=C3*2"
    path = make_workbook(example_data)
    out = tmp_path / "out"
    result = run_cli("build", str(path), "-o", str(out))
    assert result.exit_code == 2
    assert "村社区!D3：单元格是公式，但文件中没有它的计算结果" in result.output
    assert "Traceback" not in result.output
    assert files_under(out) == []
