"""Reading the campaign workbook: what is accepted, and how every problem is reported."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from gongwen.errors import WorkbookError
from gongwen.workbook.reader import read_campaign, read_registry
from gongwen.workbook.schema import SHEETS


def problems_of(path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        read_campaign(path)
    return [str(p) for p in info.value.problems]


def test_the_example_campaign_reads_whole(example_workbook):
    campaign = read_campaign(example_workbook)
    assert campaign.info.unit == "静观镇"
    assert campaign.info.parent_unit == "北碚区"
    assert campaign.info.date == dt.date(2024, 3, 15)
    assert [m.name for m in campaign.members("组长")] == ["田河堰"]
    assert len(campaign.leading_group) >= 8
    assert [p.name for p in campaign.phases] == ["启动阶段", "实施阶段", "评定阶段", "总结阶段"]
    assert len(campaign.villages) >= 8
    law = campaign.basis_by_title()["中华人民共和国安全生产法"]
    assert law.doc_number == "" and law.citation == "《中华人民共和国安全生产法》"


def test_several_mistakes_are_listed_together_by_sheet_and_cell(make_workbook, example_data):
    example_data["工作阶段"][1]["开始日期"] = "五月初"  # text in a date column: row 3, column B
    example_data["领导小组"][2]["姓名"] = None  # an empty required cell: row 4, column A
    without_villages = [s for s in SHEETS if s.name != "村社区"]
    path = make_workbook(example_data, sheets=without_villages)

    with pytest.raises(WorkbookError) as info:
        read_campaign(path)

    message = str(info.value)
    assert "3 处问题" in message
    assert "缺少工作表「村社区」" in message
    assert (
        "工作阶段!B3：「开始日期」应为日期（如 2024年3月1日 或 2024-3-1），现为“五月初”" in message
    )
    assert "领导小组!A4：「姓名」不能为空" in message
    assert "未生成任何文件" in message


@pytest.mark.parametrize(
    "typed",
    ["2024-3-1", "2024.3.1", "2024/3/1", "2024年3月1日", "2024-03-01", " 2024年3月1日 "],
)
def test_dates_are_read_from_text_as_secretaries_type_them(make_workbook, example_data, typed):
    example_data["工作阶段"][0]["开始日期"] = typed
    campaign = read_campaign(make_workbook(example_data))
    assert campaign.phases[0].start == dt.date(2024, 3, 1)
    assert campaign.phases[0].period.startswith("2024年3月1日至")


def test_an_impossible_date_is_reported_by_cell(make_workbook, example_data):
    example_data["工作阶段"][0]["结束日期"] = "2024-2-30"
    assert problems_of(make_workbook(example_data)) == [
        "工作阶段!C2：「结束日期」的“2024-2-30”不是存在的日期（2024年2月只有29天），请改正"
    ]


def test_columns_are_matched_by_name_in_any_order_and_extra_columns_are_ignored(
    make_workbook, example_data
):
    path = make_workbook(example_data)
    wb = load_workbook(path)
    ws = wb["领导小组"]
    ws.move_range("A1:A20", cols=10)  # 姓名 moves to column K
    ws["A1"] = "备注"  # an unknown column in its place
    ws["A2"] = "任意内容"
    wb.save(path)

    campaign = read_campaign(path)
    assert campaign.members("组长")[0].name == "田河堰"


def test_a_missing_column_is_named_with_its_sheet(make_workbook, example_data):
    path = make_workbook(example_data)
    wb = load_workbook(path)
    wb["依据文件"].delete_cols(5)  # 状态
    wb.save(path)
    assert problems_of(path) == ["依据文件!A1：缺少列：状态（列名写在第 1 行）"]


def test_a_missing_basic_info_item_and_a_bad_choice_are_reported(make_workbook, example_data):
    del example_data["基本信息"][0]["成文日期"]
    example_data["领导小组"][0]["小组职务"] = "组员"
    messages = problems_of(make_workbook(example_data))
    assert "基本信息!B7：「成文日期」不能为空" in messages
    assert "领导小组!C2：「小组职务」只能填 组长、副组长、成员，现为“组员”" in messages


def test_numbers_typed_as_text_are_read_and_words_in_number_columns_are_not(
    make_workbook, example_data
):
    example_data["村社区"][0]["户数"] = "2140"
    example_data["村社区"][1]["人口"] = "约三千"
    messages = problems_of(make_workbook(example_data))
    assert messages == ["村社区!D3：「人口」应为整数，现为“约三千”"]


def test_blank_rows_are_skipped_and_spaces_trimmed(make_workbook, example_data):
    example_data["领导小组"].insert(3, {})
    example_data["领导小组"][0]["姓名"] = "\u3000田河堰 "
    campaign = read_campaign(make_workbook(example_data))
    assert campaign.members("组长")[0].name == "田河堰"
    assert len(campaign.leading_group) == len(example_data["领导小组"]) - 1


def test_cross_row_rules(make_workbook, example_data):
    for m in example_data["领导小组"]:
        if m["小组职务"] == "组长":
            m["小组职务"] = "副组长"
    example_data["村社区"][0]["已整改数"] = 99
    example_data["村社区阶段数据"] = []
    example_data["工作阶段"][0]["结束日期"] = dt.date(2024, 1, 1)
    messages = problems_of(make_workbook(example_data))
    assert "领导小组!C2：领导小组没有组长，请在「小组职务」中指定一人为组长" in messages
    assert "工作阶段!C2：「启动阶段」的结束日期 2024年1月1日 早于开始日期 2024年3月1日" in messages
    assert "村社区!K2：「静观场社区」的已整改数（99）大于隐患数（18）" in messages


def test_control_characters_are_rejected_by_cell(make_workbook, example_data):
    # Excel stores a vertical tab typed into a cell as the escape _x000B_
    example_data["工作阶段"][0]["主要任务"] = "成立领导小组_x000B_开展调查"
    assert problems_of(make_workbook(example_data)) == [
        "工作阶段!D2：含有不可见的控制字符 U+000B，请删除后重新输入该单元格"
    ]


def test_a_file_that_is_not_a_workbook_gets_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,职务\n田河堰,镇长\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_campaign(path)
    assert "无法作为 .xlsx 工作簿打开" in str(info.value)
    assert "另存为“Excel 工作簿 (*.xlsx)”" in str(info.value)


def test_the_registry_alone_can_be_read(example_workbook):
    registry = read_registry(example_workbook)
    assert {d.status for d in registry} == {"现行", "废止"}
    assert "渝府发〔2023〕2号" in {d.doc_number for d in registry}
