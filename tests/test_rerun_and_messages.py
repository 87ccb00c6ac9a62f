"""Re-running a build with --force tidies what it made before (and only that); every message
the user meets, from click, the OS, Jinja or a wrong file, is in Chinese."""

from __future__ import annotations

import errno
import hashlib
import json

from click.testing import CliRunner

from gongwen import output
from gongwen.build import build_to
from gongwen.build_record import RECORD_NAME
from gongwen.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_force_removes_the_archive_of_a_village_taken_out_and_nothing_else(
    make_workbook, example_data, tmp_path
):
    from campaign_data import refresh_phase_rows

    out = tmp_path / "out"
    build_to(make_workbook(example_data), out)
    unit = out / "静观镇"
    archives = unit / "村社区档案"
    assert (archives / "石庙村.docx").is_file()
    record = json.loads((unit / RECORD_NAME).read_text(encoding="utf-8"))
    assert "村社区档案/石庙村.docx" in record["kinds"]["村社区档案"]
    (archives / "我的笔记.docx").write_bytes(b"mine")  # the clerk's own file
    (archives / "中华村.docx").write_bytes(b"edited since")  # changed after the build

    example_data["村社区"] = [
        v for v in example_data["村社区"] if v["名称"] not in ("石庙村", "中华村")
    ]
    refresh_phase_rows(example_data)
    for summary in example_data["阶段总结"]:
        summary["排查隐患数"] = summary["整改数"] = None
    workbook = make_workbook(example_data, name="fewer.xlsx")

    result = run("build", workbook, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert not (archives / "石庙村.docx").exists()
    assert f"已删除上次生成、本次不再生成的文件：{archives / '石庙村.docx'}" in result.output
    assert (archives / "我的笔记.docx").read_bytes() == b"mine"
    assert (archives / "中华村.docx").read_bytes() == b"edited since"
    built = [line for line in result.output.splitlines() if line.startswith("已生成 ")]
    assert len(built) == 6 + 6 + 1  # six kinds' documents, six archives and the summary table
    record = json.loads((unit / RECORD_NAME).read_text(encoding="utf-8"))
    assert "村社区档案/石庙村.docx" not in record["kinds"]["村社区档案"]


def test_without_force_the_files_no_longer_made_are_only_named(
    make_workbook, example_data, tmp_path
):
    from campaign_data import refresh_phase_rows

    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=["村社区档案"])
    example_data["村社区"] = example_data["村社区"][:-1]  # 石庙村 taken out
    refresh_phase_rows(example_data)
    for summary in example_data["阶段总结"]:
        summary["排查隐患数"] = summary["整改数"] = None
    result = build_to(make_workbook(example_data, name="fewer.xlsx"), tmp_path / "out2")
    assert result.stale == ()
    # a second build into the first folder, of another kind only: the archives are not touched
    build_to(make_workbook(example_data, name="fewer2.xlsx"), out, only=["工作计划"])
    assert (out / "静观镇" / "村社区档案" / "石庙村.docx").is_file()
    # the archives again, with --force: the old one goes
    again = build_to(
        make_workbook(example_data, name="fewer3.xlsx"), out, only=["村社区档案"], force=True
    )
    assert [p.name for p in again.removed] == ["石庙村.docx"]


def test_click_suggestions_are_in_chinese():
    result = run("biuld")
    assert result.exit_code == 2
    assert "没有命令 'biuld'。 是不是要输入 'build'？" in result.output
    assert "Did you mean" not in result.output
    result = run("build", "--forc")
    assert "没有选项 '--forc'。 是不是要输入 '--force'？" in result.output


def test_a_read_only_output_folder_is_told_in_chinese(example_workbook, tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "out"))

    monkeypatch.setattr(output.os, "open", read_only)
    result = run("build", example_workbook, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "文件系统是只读的" in result.output
    assert "Read-only" not in result.output


def test_a_real_csv_or_xls_is_told_what_it_is(tmp_path):
    csv = tmp_path / "村社区.csv"
    csv.write_text("名称,类型\n静观村,村\n", encoding="utf-8")
    result = run("build", csv, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert (
        "这是文本文件（.csv，如 CSV），不是 Excel 工作簿；gongwen 只读取 .xlsx 工作簿"
        in result.output
    )
    assert "扩展名写成了" not in result.output
    renamed = tmp_path / "改名.xlsx"
    renamed.write_text("名称,类型\n", encoding="utf-8")
    assert "只是扩展名写成了 .xlsx" in run("build", renamed, "-o", tmp_path / "out").output


def test_an_excel_lock_file_beside_the_workbook_asks_to_save_and_close(example_workbook, tmp_path):
    lock = example_workbook.with_name("~$" + example_workbook.name)
    lock.write_bytes(b"\x00" * 165)
    result = run("build", example_workbook, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "请先保存并关闭该工作簿" in result.output
    assert "正在 Excel 或 WPS 中打开" in result.output
    assert not (tmp_path / "out").exists()
    lock.unlink()
    assert run("build", example_workbook, "-o", tmp_path / "out").exit_code == 0


def test_a_libreoffice_lock_file_beside_the_workbook_asks_to_save_and_close(
    example_workbook, tmp_path
):
    lock = example_workbook.with_name(".~lock." + example_workbook.name + "#")
    lock.write_text(",clerk,PC,30.11.2026 12:00,clerk;", encoding="utf-8")
    result = run("build", example_workbook, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "正在 LibreOffice 中打开" in result.output
    assert lock.name in result.output
    assert "请先保存并关闭该工作簿" in result.output
    assert not (tmp_path / "out").exists()
    result = run("build", lock, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "临时锁定文件，不是工作簿本身" in result.output
    lock.unlink()
    assert run("build", example_workbook, "-o", tmp_path / "out").exit_code == 0


def test_files_no_longer_made_without_force_are_listed_with_what_to_do(tmp_path):
    from gongwen.build_record import stale_note

    note = stale_note((tmp_path / "a.docx", tmp_path / "b.docx"))
    assert note.splitlines() == [
        "提示：上次生成的以下 2 个文件本次不再生成，仍留在文件夹中（加 --force 重新生成时删除）：",
        f"  - {tmp_path / 'a.docx'}",
        f"  - {tmp_path / 'b.docx'}",
    ]


def test_the_removals_and_the_record_are_part_of_the_commit_and_undone_with_it(
    make_workbook, example_data, tmp_path, monkeypatch
):
    """A forced re-run that fails while moving files leaves every old file, the one it was
    removing and the old build record as they were; then it succeeds whole."""
    from campaign_data import refresh_phase_rows
    from gongwen import output_tree

    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=["村社区档案"])
    unit = out / "静观镇"
    before = {p: p.read_bytes() for p in unit.rglob("*") if p.is_file()}
    example_data["村社区"] = example_data["村社区"][:-1]  # 石庙村 taken out
    refresh_phase_rows(example_data)
    for summary in example_data["阶段总结"]:
        summary["排查隐患数"] = summary["整改数"] = None
    fewer = make_workbook(example_data, name="fewer.xlsx")

    real = output_tree.HandleTree.rename
    moved = []

    def rename(self, src, dst):
        moved.append(src[1])
        if src[1] == "石庙村.docx":  # its removal: after every new file and the record
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, src, dst)

    with monkeypatch.context() as m:
        m.setattr(output_tree.HandleTree, "rename", rename)
        try:
            build_to(fewer, out, only=["村社区档案"], force=True)
        except Exception as exc:
            assert "已撤销本次写入，原有文件未改动" in str(exc)
        else:
            raise AssertionError("the failing removal did not stop the commit")
    assert RECORD_NAME in moved  # the record was moved into place before the failure
    assert {p: p.read_bytes() for p in unit.rglob("*") if p.is_file()} == before

    again = build_to(fewer, out, only=["村社区档案"], force=True)
    assert [p.name for p in again.removed] == ["石庙村.docx"]
    assert not (unit / "村社区档案" / "石庙村.docx").exists()
    record = json.loads((unit / RECORD_NAME).read_text(encoding="utf-8"))
    assert "村社区档案/石庙村.docx" not in record["kinds"]["村社区档案"]
    digest = hashlib.sha256((unit / "村社区档案" / "万全村.docx").read_bytes()).hexdigest()
    assert record["kinds"]["村社区档案"]["村社区档案/万全村.docx"] == digest
    assert not [p for p in unit.rglob(".~*")]  # no staging folder, no journal left


def test_a_stale_file_turned_into_a_link_is_neither_followed_nor_removed(
    make_workbook, example_data, tmp_path
):
    from campaign_data import refresh_phase_rows

    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=["村社区档案"])
    stale = out / "静观镇" / "村社区档案" / "石庙村.docx"
    outside = tmp_path / "outside.docx"
    outside.write_bytes(stale.read_bytes())  # the very bytes recorded
    stale.unlink()
    stale.symlink_to(outside)
    example_data["村社区"] = example_data["村社区"][:-1]
    refresh_phase_rows(example_data)
    for summary in example_data["阶段总结"]:
        summary["排查隐患数"] = summary["整改数"] = None
    again = build_to(make_workbook(example_data, name="fewer.xlsx"), out, force=True)
    assert again.removed == ()
    assert stale.is_symlink() and outside.is_file()
