"""A build checks the workbook's text and every document before it writes anything."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gongwen.build import build_to
from gongwen.cli import cli
from gongwen.errors import CheckFailed
from gongwen.formatting import new_document


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_the_example_builds_without_a_single_finding(tmp_path):
    result = build_to(None, tmp_path)
    assert len(result) > 10
    assert result.warnings == ()


def test_a_placeholder_in_the_workbook_stops_the_build_and_names_the_cell(
    tmp_path, make_workbook, example_data
):
    example_data["工作阶段"][1]["主要任务"] = "组织xx村开展隐患排查。"
    out = tmp_path / "out"
    result = run("build", make_workbook(example_data), "-o", out)
    assert result.exit_code == 1
    assert ":工作阶段!D3 第3字: GW103" in result.output
    assert "错误：检查发现" in result.output and "未写入任何文件" in result.output
    assert not out.exists()


def test_a_wrong_bracket_in_the_registry_is_an_error(tmp_path, make_workbook, example_data):
    example_data["依据文件"][1]["发文字号"] = "渝府发[2023]2号"
    with pytest.raises(CheckFailed) as info:
        build_to(make_workbook(example_data), tmp_path / "out")
    in_workbook = [f for f in info.value.findings if f.path.endswith("campaign.xlsx")]
    assert [(f.rule, f.part, f.cell) for f in in_workbook] == [("GW101", "依据文件", "B3")]
    assert not (tmp_path / "out").exists()


def test_a_warning_is_reported_and_does_not_stop_the_build_unless_strict(
    tmp_path, make_workbook, example_data
):
    example_data["工作阶段"][0]["主要任务"] = "2024-03-05前组成创建工作领导小组。"  # GW203
    workbook = make_workbook(example_data)

    result = run("build", workbook, "-o", tmp_path / "a")
    assert result.exit_code == 0
    assert "GW203" in result.output
    assert (tmp_path / "a" / "静观镇" / "静观镇创建安全社区工作计划.docx").exists()

    result = run("build", workbook, "-o", tmp_path / "b", "--strict")
    assert result.exit_code == 1
    assert "GW203" in result.output
    assert not (tmp_path / "b").exists()


def template_with(tmp_path, text: str):
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    document = new_document()
    document.add_paragraph("{{ unit }}创建安全社区工作计划")
    document.add_paragraph(text)
    document.save(templates / "工作计划.docx")
    return templates


def test_a_warning_in_a_templates_own_text_is_found_in_the_document(tmp_path, example_workbook):
    templates = template_with(
        tmp_path, "依据《重庆市安全社区建设评定标准（试行）》(渝安办发〔2023〕21号)制定。"
    )
    result = build_to(example_workbook, tmp_path / "out", only=["工作计划"], templates=templates)
    [warning] = result.warnings
    assert warning.rule == "GW111"
    assert warning.path == "静观镇/静观镇创建安全社区工作计划.docx"
    assert warning.paragraph == 2


def test_an_error_in_a_templates_own_text_stops_the_build(tmp_path, example_workbook):
    templates = template_with(
        tmp_path, "依据《重庆市安全社区建设评定标准（试行）》（渝安办发[2023]21号）制定。"
    )
    with pytest.raises(CheckFailed) as info:
        build_to(example_workbook, tmp_path / "out", only=["工作计划"], templates=templates)
    assert [(f.rule, f.path) for f in info.value.findings] == [
        ("GW101", "静观镇/静观镇创建安全社区工作计划.docx")
    ]
    assert not (tmp_path / "out").exists()


def test_check_of_a_campaign_workbook_leaves_dates_typed_as_text_to_the_reader(
    tmp_path, make_workbook, example_data
):
    # The build reads 2024.3.1 in a date column as a date and writes 2024年3月1日: no finding.
    from gongwen.check import check_paths

    example_data["基本信息"][0]["成文日期"] = "2024.3.15"
    example_data["工作阶段"][0]["开始日期"] = "2024-03-01"
    example_data["工作阶段"][0]["主要任务"] = "2024-03-05前组成创建工作领导小组。"  # GW203
    workbook = make_workbook(example_data)
    built = build_to(workbook, tmp_path / "out")
    in_build = [
        (f.rule, f.part, f.cell)
        for f in built.warnings
        if f.rule == "GW203" and f.path == str(workbook)
    ]
    assert in_build == [("GW203", "工作阶段", "D2")]

    found = [(f.rule, f.part, f.cell) for f in check_paths([workbook]) if f.rule == "GW203"]
    assert found == in_build
    result = run("check", workbook)
    assert "工作阶段!D2" in result.output and "GW203" in result.output
    assert "工作阶段!B2" not in result.output and "基本信息!B" not in result.output


def test_check_of_another_workbook_still_reports_every_date_cell(tmp_path, make_workbook):
    # A workbook without the campaign's sheets is not read by a build: all its text is checked.
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "工作阶段"
    book.active.append(["阶段", "开始日期"])
    book.active.append(["启动阶段", "2024-03-01"])
    path = tmp_path / "其他.xlsx"
    book.save(path)
    from gongwen.check import check_paths

    found = [(f.rule, f.part, f.cell) for f in check_paths([path])]
    assert found == [("GW203", "工作阶段", "B2")]
