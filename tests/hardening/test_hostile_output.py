"""Output names, read-back, faults while writing, and re-runs."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hardening_tools import files_under, run_cli

import gongwen.output as output
from campaign_data import refresh_phase_rows
from gongwen.build import build_to
from gongwen.build_record import RECORD_NAME
from gongwen.errors import OutputError, OutputExistsError, WorkbookError
from gongwen.names import MAX_NAME_BYTES, name_key, safe_filename
from gongwen.render.readback import ReadbackError, verify_document
from gongwen.render.template import render_docx

KIND = "村社区档案"


def archive_dir(out: Path) -> Path:
    return out / "静观镇" / "村社区档案"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("../../x", ".._.._x"),
        ("/abs", "_abs"),
        ("a/b", "a_b"),
        ("a\\b", "a_b"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("LPT1", "_LPT1"),
        ("王家村.", "王家村"),
        ("王家村. . ", "王家村"),
        ("a:b?*", "a_b__"),
        ("a\x00b", "a_b"),
        ("", ""),
        ("..", ""),
        ("???", ""),
        ("静" * 90, "静" * (MAX_NAME_BYTES // 3)),
        (unicodedata.normalize("NFD", "é村"), unicodedata.normalize("NFC", "é村")),
    ],
)
def test_hostile_values_give_safe_names_or_nothing(value, name):
    assert safe_filename(value) == name
    if name:
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
        assert "/" not in name and "\\" not in name and "\0" not in name
        assert Path(name).name == name and name not in {".", ".."}


def test_names_equal_after_case_folding_or_nfc_share_a_key():
    assert name_key("ABC村") == name_key("abc村")
    assert name_key(unicodedata.normalize("NFD", "é")) == name_key("é")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [("../../x", ".._.._x"), ("/abs", "_abs"), ("a/b", "a_b"), ("CON", "_CON"), ("王家村.", "王家村"),
     ("a:b?*", "a_b__"), ("静" * 90, "静" * (MAX_NAME_BYTES // 3))],
)  # fmt: skip
def test_every_path_of_a_build_stays_inside_the_output_folder(
    make_workbook, example_data, tmp_path, name, file_name
):
    example_data["村社区"][0]["名称"] = name
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=[KIND])
    assert (archive_dir(out) / f"{file_name}.docx").is_file()
    for path in files_under(tmp_path):
        assert path.resolve().is_relative_to(out.resolve()) or path.name == "campaign.xlsx"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("静观_x0000_村", "含有不可见的控制字符 U+0000，请删除后重新输入该单元格"),
        ("", "「名称」不能为空"),
    ],
)
def test_a_nul_or_an_empty_name_is_refused_by_cell(
    make_workbook, example_data, tmp_path, value, message
):
    example_data["村社区"][2]["名称"] = value
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as info:
        build_to(make_workbook(example_data), out, only=[KIND])
    assert [str(p) for p in info.value.problems] == [f"村社区!A4：{message}"]
    assert files_under(out) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [("王家村", "王家村."), ("a:b", "a_b"), ("Abc村", "aBC村"), ("x/y", "x\\y"),
     (unicodedata.normalize("NFC", "é村"), unicodedata.normalize("NFD", "é村"))],
)  # fmt: skip
def test_names_giving_one_file_are_an_error_naming_both_rows(
    make_workbook, example_data, tmp_path, first, second
):
    example_data["村社区"][1]["名称"] = first
    example_data["村社区"][5]["名称"] = second
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    result = run_cli("build", str(make_workbook(example_data)), "-o", str(out))
    assert result.exit_code == 2
    line = next(line for line in result.output.splitlines() if "村社区!A7" in line)
    assert "村社区!A3" in line and first in line and second in line
    assert files_under(out) == []


# --- read-back -----------------------------------------------------------------------------


def test_a_value_lost_in_rendering_fails_the_check_naming_document_and_value(tmp_path):
    from gongwen.formatting import new_document

    path = tmp_path / "t.docx"
    document = new_document()
    document.add_paragraph("{{ unit }}关于{{ village.name }}的通知")
    document.add_paragraph("{% for m in leaders %}{{ m.name }}{% endfor %}")
    document.add_paragraph("{% if false %}{{ hidden }}{% endif %}{{ unit|upper }}")
    document.save(path)
    context = {
        "unit": "静观镇",
        "village": {"name": "张村 & 李村"},
        "leaders": [{"name": "田河堰"}, {"name": "王强"}],
        "hidden": "不会打印",
    }
    data = render_docx(path, context)
    verify_document(path, context, data, "通知.docx")  # everything printed is there

    damaged = _replace_in_document(data, "李村".encode(), b"")  # as a dropped value would be
    with pytest.raises(ReadbackError) as info:
        verify_document(path, context, damaged, "通知.docx", "村社区!A3")
    assert str(info.value) == (
        "村社区!A3：生成的公文 通知.docx 中找不到字段「village.name」的值“张村 & 李村”，"
        "内容可能在写入时丢失或被截断，未写入任何文件。请检查该值是否含有特殊字符，或模板中该标签的位置。"
    )
    cut = _replace_in_document(data, "王强".encode(), "王".encode())
    with pytest.raises(ReadbackError) as info:
        verify_document(path, context, cut, "通知.docx")
    assert "字段「leaders.name」的值“王强”" in str(info.value)


def _replace_in_document(data: bytes, old: bytes, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            dst.writestr(
                info, part.replace(old, new) if info.filename == "word/document.xml" else part
            )
    return buffer.getvalue()


def test_a_build_whose_document_lost_a_value_writes_nothing(
    example_workbook, example_data, tmp_path, monkeypatch
):
    import zlib

    from gongwen.render.template import CompiledTemplate

    name = example_data["村社区"][2]["名称"]
    real = CompiledTemplate.render_parts

    def lossy(self, *args, **kwargs):  # the renderer drops a character of one value
        parts = []
        for at, member in real(self, *args, **kwargs):
            xml = zlib.decompress(member.raw, -15)
            parts.append((at, member.with_data(xml.replace(name.encode(), name[:-1].encode()))))
        return parts

    monkeypatch.setattr(CompiledTemplate, "render_parts", lossy)
    out = tmp_path / "out"
    with pytest.raises(ReadbackError) as info:
        build_to(example_workbook, out, only=[KIND])
    assert f"找不到字段「village.name」的值“{name}”" in str(info.value)
    assert files_under(out) == []


# --- faults while writing ------------------------------------------------------------------


# the modules through which a build writes: staging, the handle-based tree and the journal
_WRITER_MODULES = {"gongwen.output", "gongwen.output_tree", "gongwen.output_journal"}


def _fail_after(monkeypatch, name: str, n: int, error: BaseException) -> None:
    """Make ``os.<name>`` (as the writer's modules call it) raise ``error`` at its call n+1."""
    real = getattr(os, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        if sys._getframe(1).f_globals.get("__name__") not in _WRITER_MODULES:
            return real(*args, **kwargs)  # not the writer's call (LibreOffice's pipes, say)
        calls["n"] += 1
        if calls["n"] == n + 1:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(output.os, name, failing)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in files_under(folder) if p.is_file()
    }


@pytest.mark.parametrize(
    ("call", "n", "error"),
    [
        ("rename", 5, RuntimeError("进程在第 5 个文件后中断")),
        ("rename", 0, KeyboardInterrupt()),
        ("write", 3, OSError(errno.ENOSPC, "No space left on device")),
        ("close", 2, PermissionError(errno.EACCES, "Permission denied")),
    ],
)
def test_a_failure_part_way_leaves_nothing_and_a_rerun_completes(
    example_workbook, tmp_path, monkeypatch, call, n, error
):
    out = tmp_path / "out"
    with monkeypatch.context() as m:
        _fail_after(m, call, n, error)
        with pytest.raises((type(error), OutputError)) as info:
            build_to(example_workbook, out)
    if isinstance(error, OSError):
        assert isinstance(info.value, OutputError)
        assert "已撤销本次写入，原有文件未改动" in str(info.value)
    assert files_under(out) == []  # no partial file, no temporary file, no folder
    result = build_to(example_workbook, out)
    written = {k: v for k, v in _snapshot(out).items() if not k.endswith(RECORD_NAME)}
    assert len(written) == len(result) and len(result) > 10


@pytest.mark.parametrize(
    ("call", "n", "error"),
    [("rename", 7, RuntimeError("中断")), ("write", 4, OSError(errno.ENOSPC, "No space left"))],
)
def test_with_force_a_failure_keeps_every_old_file(
    example_workbook, tmp_path, monkeypatch, call, n, error
):
    out = tmp_path / "out"
    build_to(example_workbook, out)
    for path in files_under(out):
        if path.is_file():
            path.write_bytes(b"old " + path.name.encode())
    before = _snapshot(out)
    with monkeypatch.context() as m:
        _fail_after(m, call, n, error)
        with pytest.raises((type(error), OutputError)):
            build_to(example_workbook, out, force=True)
    assert _snapshot(out) == before
    build_to(example_workbook, out, force=True)
    after = _snapshot(out)
    assert after.keys() == before.keys()
    assert all(after[k] != before[k] for k in after)


def test_existing_files_are_untouched_without_force(example_workbook, tmp_path):
    out = tmp_path / "out"
    build_to(example_workbook, out)
    target = next(p for p in files_under(out) if p.suffix == ".docx")
    target.write_bytes(b"a clerk's own edits")
    before = _snapshot(out)
    with pytest.raises(OutputExistsError):
        build_to(example_workbook, out)
    result = run_cli("build", str(example_workbook), "-o", str(out))
    assert result.exit_code == 2 and "以下文件已存在，未做任何改动" in result.output
    assert _snapshot(out) == before


# --- re-runs -------------------------------------------------------------------------------


def test_two_builds_of_the_same_workbook_are_byte_identical(
    example_workbook, tmp_path, monkeypatch
):
    def hashes(folder: Path) -> dict[str, str]:
        return {k: hashlib.sha256(v).hexdigest() for k, v in _snapshot(folder).items()}

    build_to(example_workbook, tmp_path / "a")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * 86400)  # days later
    build_to(example_workbook, tmp_path / "b")
    first, second = hashes(tmp_path / "a"), hashes(tmp_path / "b")
    assert len(first) > 10 and first == second
