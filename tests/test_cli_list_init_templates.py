"""The commands around document kinds: build --only/--templates, list, init, templates export."""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gongwen.cli import cli
from gongwen.kinds import KINDS, DocumentKind
from gongwen.render.template_files import shipped_templates
from gongwen.workbook.aqt9001 import ELEMENTS
from gongwen.workbook.schema import GUIDE_SHEET, SHEETS

KIND_NAMES = "、".join(k.name for k in KINDS)


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def lines(result) -> list[str]:
    return result.output.splitlines()


# --- build --only / --templates ---------------------------------------------------------------
def test_only_builds_the_named_kinds(example_workbook, tmp_path):
    out = tmp_path / "out"
    result = run("build", example_workbook, "-o", out, "--only", "村社区档案")
    assert result.exit_code == 0, result.output
    assert all(line.startswith("已生成 村社区档案：") for line in lines(result))
    assert len(lines(result)) == 8 + 1  # eight villages and the summary workbook
    # and the build's record of what it wrote (gongwen.build_record)
    assert sorted(p.name for p in (out / "静观镇").iterdir()) == [
        ".gongwen-build.json",
        "村社区档案",
    ]


def test_only_is_repeatable(example_workbook, tmp_path):
    out = tmp_path / "out"
    result = run("build", example_workbook, "-o", out, "--only", "工作计划", "--only", "村社区档案")
    assert result.exit_code == 0, result.output
    assert (
        lines(result)[0] == f"已生成 工作计划：{out / '静观镇' / '静观镇创建安全社区工作计划.docx'}"
    )
    assert {line.split("：")[0] for line in lines(result)} == {
        "已生成 工作计划",
        "已生成 村社区档案",
    }


def test_unknown_kind_is_an_error_listing_the_kinds(example_workbook, tmp_path):
    result = run("build", example_workbook, "-o", tmp_path / "out", "--only", "会议纪要")
    assert result.exit_code == 2
    assert lines(result) == [
        f"错误：没有公文种类「会议纪要」。可选的种类：{KIND_NAMES}"
        "（用 gongwen list 查看各种类需要的数据）。"
    ]
    assert not (tmp_path / "out").exists()


def test_own_templates_missing_one_is_an_error_naming_it(example_workbook, tmp_path):
    own = tmp_path / "mine"
    own.mkdir()
    (own / "工作计划.docx").write_bytes((shipped_templates() / "工作计划.docx").read_bytes())
    result = run("build", example_workbook, "-o", tmp_path / "out", "--templates", own)
    assert result.exit_code == 2
    missing = "、".join(k.template for k in KINDS if k.template != "工作计划.docx")
    assert lines(result) == [
        f"错误：模板文件夹 {own} 中缺少模板：{missing}，未生成任何文件。"
        "自备模板须与随附模板同名；可用 gongwen templates export 导出随附模板作为起点。"
    ]
    assert not (tmp_path / "out").exists()


def test_own_templates_are_used(example_workbook, tmp_path):
    own = tmp_path / "mine"
    assert run("templates", "export", own).exit_code == 0
    result = run("build", example_workbook, "-o", tmp_path / "out", "--templates", own)
    assert result.exit_code == 0, result.output


def test_an_unreadable_template_is_an_error_naming_it(example_workbook, tmp_path):
    own = tmp_path / "mine"
    run("templates", "export", own)
    (own / "村社区档案.docx").write_bytes(b"not a docx")
    result = run("build", example_workbook, "-o", tmp_path / "out", "--templates", own)
    assert result.exit_code == 2
    assert lines(result) == [
        f"错误：模板 {own / '村社区档案.docx'} 无法打开（PackageNotFoundError），它不是有效的 .docx 文件。"
        "请在 Word/WPS 中打开后另存为 .docx。"
    ]
    assert not (tmp_path / "out").exists()


def without(sheet: str):
    return [s for s in SHEETS if s.name != sheet]


@pytest.fixture
def scored_kind(monkeypatch) -> DocumentKind:
    """A kind that needs the optional sheet 自评, added to the kinds build and list know."""
    kind = DocumentKind(
        name="自评表",
        template="工作计划.docx",
        sheets=("基本信息", "自评"),
        title=lambda c: f"{c.info.unit}自评表",
    )
    kinds = (*KINDS, kind)
    monkeypatch.setattr(importlib.import_module("gongwen.build"), "KINDS", kinds)
    monkeypatch.setattr(importlib.import_module("gongwen.kinds.catalog"), "KINDS", kinds)
    return kind


def test_a_kind_whose_optional_sheet_is_missing_is_skipped_and_reported(
    make_workbook, example_data, tmp_path, scored_kind
):
    workbook = make_workbook(example_data, sheets=without("自评"))
    result = run("build", workbook, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert not any(line.startswith("已生成 自评表") for line in lines(result))
    assert any(line.startswith("已生成 村社区档案") for line in lines(result))
    assert lines(result)[-1] == (
        "提示：未生成「自评表」：缺少工作表「自评」（工作簿中没有该表或表中没有数据行）。"
        "如需生成，请补充后重新运行。"
    )


def test_naming_a_kind_whose_optional_sheet_is_missing_is_an_error(
    make_workbook, example_data, tmp_path, scored_kind
):
    workbook = make_workbook(example_data, sheets=without("自评"))
    result = run("build", workbook, "-o", tmp_path / "out", "--only", "自评表")
    assert result.exit_code == 2
    assert lines(result) == [
        f"错误：工作簿 {workbook} 有 1 处问题，未生成任何文件：",
        "  - 自评：--only 指定了「自评表」，它需要工作表「自评」（工作簿中没有该表或表中"
        "没有数据行）；请添加并填写（可参考 gongwen init 生成的空白工作簿）",
    ]
    assert not (tmp_path / "out").exists()


# --- init ----------------------------------------------------------------------------------------
def test_init_writes_every_sheet_with_headers_comments_and_dropdowns(tmp_path):
    path = tmp_path / "新建.xlsx"
    result = run("init", path)
    assert result.exit_code == 0, result.output
    assert lines(result)[0] == f"已生成空白工作簿：{path}"
    wb = load_workbook(path)
    assert wb.sheetnames == [GUIDE_SHEET] + [s.name for s in SHEETS]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        if sheet.key_value:
            assert [c.value for c in ws[1]] == ["项目", "内容"]
            items = [ws.cell(r, 1).value for r in range(2, len(sheet.columns) + 2)]
            assert items == [c.name for c in sheet.columns]
            assert all(ws.cell(r, 2).value is None for r in range(2, len(sheet.columns) + 2))
            for r, column in enumerate(sheet.columns, start=2):
                assert ws.cell(r, 1).comment.text == column.describe
            continue
        header = [c.value for c in ws[1]]
        assert header == [c.name for c in sheet.columns]
        for i, column in enumerate(sheet.columns):
            assert ws.cell(1, i + 1).comment.text == column.describe
            assert f"示例：{column.example}" in column.describe
        # the data area holds no example row: only the prefilled elements (要素序号, 要素)
        assert ws.max_row == (1 + len(ELEMENTS) if sheet.prefilled else 1)
    dropdowns = {
        ws.title: [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
        for ws in wb.worksheets
    }
    assert dropdowns["领导小组"] == ['"组长,副组长,成员"']
    assert dropdowns["依据文件"] == ['"现行,废止"']
    assert dropdowns["村社区"] == ['"村,社区"']
    phases = wb["工作阶段"]
    assert phases.column_dimensions["B"].number_format == 'yyyy"年"m"月"d"日"'


def test_init_defaults_to_a_file_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "安全社区创建.xlsx").is_file()


def test_init_refuses_to_overwrite(tmp_path):
    path = tmp_path / "已有.xlsx"
    path.write_bytes(b"mine")
    result = run("init", path)
    assert result.exit_code == 2
    assert lines(result) == [
        f"错误：文件 {path} 已存在，未做任何改动。请另选一个文件名，或先将原文件移走。"
    ]
    assert path.read_bytes() == b"mine"


@pytest.mark.parametrize("hard_links", [True, False])
def test_init_never_replaces_a_file_that_appears_while_it_writes(tmp_path, monkeypatch, hard_links):
    """Someone saves a file under the same name meanwhile: it is kept, with or without hard
    links (FAT on a USB stick has none), and no temporary file is left."""
    import errno
    import os

    from gongwen.workbook import writer

    path = tmp_path / "已有.xlsx"
    real = writer.write_workbook

    def write_and_race(*args, **kwargs):
        real(*args, **kwargs)
        path.write_bytes(b"mine")

    monkeypatch.setattr(writer, "write_workbook", write_and_race)
    if not hard_links:

        def no_link(*args):
            raise OSError(errno.EPERM, os.strerror(errno.EPERM))

        monkeypatch.setattr(writer.os, "link", no_link)
    result = run("init", path)
    assert result.exit_code == 2
    assert lines(result) == [
        f"错误：文件 {path} 已存在，未做任何改动。请另选一个文件名，或先将原文件移走。"
    ]
    assert path.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_build_on_the_untouched_blank_workbook_lists_what_to_fill(tmp_path):
    path = tmp_path / "空白.xlsx"
    run("init", path)
    out = tmp_path / "out"
    result = run("build", path, "-o", out)
    assert result.exit_code == 2
    info = next(s for s in SHEETS if s.key_value)
    required = [c for c in info.columns if c.required]
    tables = [s.name for s in SHEETS if not s.key_value and s.min_rows]
    assert lines(result) == [
        f"错误：工作簿 {path} 有 {len(required) + len(tables)} 处问题，未生成任何文件：",
        *[
            f"  - 基本信息!B{r}：「{c.name}」不能为空"
            for r, c in enumerate(info.columns, start=2)
            if c.required
        ],
        *[f"  - {name}!A2：没有数据行，请至少填写一行" for name in tables],
        "请改正以上单元格后重新运行。",
    ]
    assert tables == ["依据文件", "领导小组", "工作阶段", "村社区"]
    assert not out.exists()


# --- list ----------------------------------------------------------------------------------------
def test_list_names_every_kind_with_its_template_and_status(example_workbook):
    result = run("list", example_workbook)
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert out[0] == f"工作簿：{example_workbook}"
    for kind in KINDS:
        assert f"✓ {kind.name}（模板 {kind.template}）" in out
    assert "    ✓ 村社区：列 名称、类型、户数、人口、面积、联系人、联系电话、应急队伍人数" in out
    assert out[-1] == f"共 {len(KINDS)} 种公文，{len(KINDS)} 种可以生成。"


def test_list_shows_what_a_workbook_lacks(make_workbook, example_data, scored_kind):
    workbook = make_workbook(example_data, sheets=without("自评"))
    result = run("list", workbook)
    assert result.exit_code == 0, result.output
    out = lines(result)
    assert "✗ 自评表（模板 工作计划.docx）" in out
    assert "    ✗ 自评（可选工作表）：列 要素序号、要素、分值、自评分；工作簿中没有该表" in out
    assert "✓ 村社区档案（模板 村社区档案.docx）" in out
    ready = sum(1 for k in KINDS if "自评" not in k.sheets)
    assert out[-1] == f"共 {len(KINDS) + 1} 种公文，{ready} 种可以生成。"


def test_list_on_the_blank_workbook_marks_everything_missing(tmp_path):
    path = tmp_path / "空白.xlsx"
    run("init", path)
    out = lines(run("list", path))
    assert "✗ 村社区档案（模板 村社区档案.docx）" in out
    assert (
        "    ✗ 村社区：列 名称、类型、户数、人口、面积、联系人、联系电话、应急队伍人数；没有数据行"
        in out
    )
    assert any(
        line.startswith("    ✗ 基本信息：项目 单位名称") and "；未填写：单位名称、" in line
        for line in out
    )


# --- templates export -----------------------------------------------------------------------
def test_templates_export_copies_the_shipped_templates(tmp_path):
    dest = tmp_path / "模板"
    result = run("templates", "export", dest)
    assert result.exit_code == 0, result.output
    shipped = sorted(p.name for p in shipped_templates().glob("*.docx"))
    assert sorted(p.name for p in dest.iterdir()) == shipped
    assert {k.template for k in KINDS} <= set(shipped)
    for name in shipped:
        assert (dest / name).read_bytes() == (shipped_templates() / name).read_bytes()
    assert lines(result) == [f"已导出模板：{dest / name}" for name in shipped]


def test_templates_export_refuses_to_overwrite_without_force(tmp_path):
    dest = tmp_path / "模板"
    dest.mkdir()
    (dest / "工作计划.docx").write_bytes(b"edited")
    result = run("templates", "export", dest)
    assert result.exit_code == 2
    assert lines(result) == [
        "错误：以下模板已存在，未做任何改动：",
        f"  - {dest / '工作计划.docx'}",
        "如确需用随附模板覆盖，请加上 --force 重新运行；或另选一个文件夹。",
    ]
    assert sorted(p.name for p in dest.iterdir()) == ["工作计划.docx"]
    assert (dest / "工作计划.docx").read_bytes() == b"edited"
    assert run("templates", "export", dest, "--force").exit_code == 0
    assert (dest / "工作计划.docx").read_bytes() == (
        shipped_templates() / "工作计划.docx"
    ).read_bytes()


@pytest.mark.parametrize(
    "args", [["build"], ["list"], ["init"], ["templates"], ["templates", "export"]]
)
def test_every_command_and_option_has_chinese_help(args):
    result = run(*args, "--help")
    assert result.exit_code == 0
    text = result.output
    assert "用法：" in text
    for line in text.splitlines():
        if line.strip().startswith("--") or line.strip().startswith("-"):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line


def test_list_shows_a_basic_info_item_the_notice_needs(make_workbook, example_data):
    del example_data["基本信息"][0]["发文顺序号"]
    output = lines(run("list", make_workbook(example_data)))
    at = output.index("✗ 领导小组通知（模板 领导小组通知.docx）")
    basic = output[at + 2]
    assert basic.startswith("    ✗ 基本信息：项目 单位名称、")
    assert basic.endswith("；未填写：发文顺序号")
    assert "✓ 工作计划（模板 工作计划.docx）" in output
