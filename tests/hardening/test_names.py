"""One function names every file: hostile names made safe, titles included, and every cell
that gives a name checked at its cell."""

from __future__ import annotations

import pytest
from hardening_tools import files_under, run_cli

from campaign_data import refresh_phase_rows
from gongwen.build import build_to
from gongwen.errors import OutputError, WorkbookError
from gongwen.names import MAX_NAME_BYTES, name_key, safe_filename
from gongwen.output import write_files


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("COM¹", "_COM¹"),
        ("lpt³.docx", "_lpt³.docx"),
        ("CON .txt", "_CON .txt"),
        ("conin$", "_conin$"),
        ("COM10", "COM10"),  # not a device
        ("CONTACT", "CONTACT"),
        ("\u202eexe.docx", "exe.docx"),  # a right-to-left override: shown as xcod.exe
        ("静\u200b观\u200d村\ufeff", "静观村"),  # zero-width characters
        ("a\nb\r\tc", "a_b__c"),
        ("C:\\Windows\\system32", "C__Windows_system32"),
        ("\u00adx", "x"),  # a soft hyphen
        ("静" * 100, "静" * (MAX_NAME_BYTES // 3)),
        ("静" * 66 + "x" * 10, "静" * 66 + "xx"),  # cut in bytes, never inside a character
        (True, "True"),  # made safe all the same; the workbook refuses it at its cell
    ],
)
def test_hostile_names_are_made_safe(value, name):
    assert safe_filename(value) == name
    assert len(safe_filename(value).encode("utf-8")) <= MAX_NAME_BYTES


def test_only_names_windows_would_take_for_one_file_collide():
    assert name_key("ABC村") == name_key("abc村")
    assert name_key("ß村") != name_key("SS村")  # ß has no one-letter capital: two files
    assert name_key("Straße") != name_key("STRASSE")
    assert name_key("ǆ村") == name_key("Ǆ村")


def test_villages_named_with_eszett_and_double_s_get_two_archives(
    make_workbook, example_data, tmp_path
):
    example_data["村社区"][1]["名称"] = "ß村"
    example_data["村社区"][5]["名称"] = "SS村"
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=["村社区档案"])
    names = {p.name for p in (out / "静观镇" / "村社区档案").iterdir()}
    assert {"ß村.docx", "SS村.docx"} <= names


def test_a_unit_and_phase_with_slashes_give_no_extra_folder(make_workbook, example_data, tmp_path):
    example_data["基本信息"][0]["单位名称"] = "静观/镇"
    example_data["工作阶段"][0]["阶段"] = "启动\\阶段"
    for row in example_data["阶段总结"] + example_data.get("村社区阶段数据", []):
        if row["阶段"] == "启动阶段":
            row["阶段"] = "启动\\阶段"
    out = tmp_path / "out"
    result = build_to(make_workbook(example_data), out)
    unit = out / "静观_镇"
    assert sorted(p.name for p in out.iterdir()) == ["静观_镇"]
    assert sorted(p.name for p in unit.iterdir() if p.is_dir()) == ["村社区档案"]
    assert (unit / "静观_镇创建安全社区工作计划.docx").is_file()
    assert any("启动_阶段" in p.name for p in unit.iterdir())
    assert all(p.parent in (unit, unit / "村社区档案") for p in (b.path for b in result))


@pytest.mark.parametrize(
    ("sheet", "column", "row", "value", "cell", "message"),
    [
        ("基本信息", "单位名称", 0, "静观\n镇", "基本信息!B2", "「单位名称」含有换行"),
        ("基本信息", "单位名称", 0, "静" * 101, "基本信息!B2", "「单位名称」有 101 个字，超过 30 个字"),
        ("基本信息", "发文机关", 0, "静观镇\r\n人民政府", "基本信息!B4", "「发文机关」含有换行"),
        ("基本信息", "单位名称", 0, "???", "基本信息!B2", "去掉文件名中不能使用的字符后为空"),
        ("工作阶段", "阶段", 1, "实施\n阶段", "工作阶段!A3", "「阶段」含有换行"),
        ("村社区", "名称", 2, "静观\n村", "村社区!A4", "「名称」含有换行"),
        ("村社区", "名称", 2, True, "村社区!A4", "「名称」应为文字，现为逻辑值 TRUE"),
        ("基本信息", "单位名称", 0, False, "基本信息!B2", "「单位名称」应为文字，现为逻辑值 FALSE"),
    ],
)  # fmt: skip
def test_a_name_giving_cell_that_cannot_name_a_file_is_an_error_at_its_cell(
    make_workbook, example_data, tmp_path, sheet, column, row, value, cell, message
):
    example_data[sheet][row][column] = value
    out = tmp_path / "out"
    workbook = make_workbook(example_data)
    with pytest.raises(WorkbookError) as info:
        build_to(workbook, out)
    assert any(str(p).startswith(f"{cell}：") and message in str(p) for p in info.value.problems), [
        str(p) for p in info.value.problems
    ]
    result = run_cli("build", str(workbook), "-o", str(out))
    assert result.exit_code == 2 and cell in result.output and "Traceback" not in result.output
    assert files_under(out) == []


def test_a_path_too_long_for_the_system_is_refused_by_name(tmp_path):
    deep = "/".join(["静" * 60] * 25) + "/a.docx"  # each name fits; the whole path does not
    with pytest.raises(OutputError) as info:
        write_files(tmp_path / "out", {deep: b"x"})
    assert "字节，系统无法创建。请用 -o 指定一个路径较短的输出文件夹。" in str(info.value)
    assert files_under(tmp_path) == []
