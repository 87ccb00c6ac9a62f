"""Inputs that are not what they claim: a .docx with a DTD, a pipe or a device for a
workbook, a ZIP64 template, a read-only folder for init, a full disk while packaging — a
clear message and the documented exit code, never a hang or a traceback."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hardening_tools import files_under, run_cli

import gongwen.packaging.package as package
from gongwen.render.template_files import shipped_templates


def docx_with_entity(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("x")
    document.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    xml = parts["word/document.xml"]
    xml = xml.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "&#x5B89;&#x5168;">]>', 1)
    parts["word/document.xml"] = xml.replace(b"<w:t>x</w:t>", b"<w:t>&a;</w:t>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_check_refuses_a_docx_declaring_a_dtd(tmp_path):
    result = run_cli("check", str(docx_with_entity(tmp_path / "实体.docx")))
    assert result.exit_code == 2
    assert "word/document.xml 含有 DTD 或实体声明（<!DOCTYPE …>）" in result.output
    assert "未发现问题" not in result.output


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_as_workbook_is_refused_without_hanging(tmp_path, kind):
    if kind == "fifo":
        source = tmp_path / "工作簿.xlsx"
        os.mkfifo(source)
    else:
        source = Path("/dev/zero")
    for command in (["build", str(source), "-o", str(tmp_path / "out")], ["check", str(source)]):
        done = subprocess.run(
            [sys.executable, "-m", "gongwen", *command], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert "不是普通文件" in done.stderr
        assert "0 字节" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_init_writes_with_the_mode_the_umask_gives(tmp_path, umask):
    old = os.umask(umask)
    try:
        result = run_cli("init", str(tmp_path / "空白.xlsx"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "空白.xlsx").stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["空白.xlsx"]


def test_init_into_a_folder_it_cannot_write_says_so(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):  # as a read-only folder answers (root may write anyway)
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run_cli("init", str(tmp_path / "空白.xlsx"))
    assert result.exit_code == 2
    assert result.output.startswith(f"错误：无法写入 {tmp_path / '空白.xlsx'}（没有权限）")
    assert "Traceback" not in result.output


def test_a_template_with_zip64_parts_builds_a_plain_docx(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    source = shipped_templates() / "工作计划.docx"
    with zipfile.ZipFile(source) as z:
        parts = [(i.filename, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(templates / "工作计划.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            with z.open(name, "w", force_zip64=True) as f:
                f.write(data)
    out = tmp_path / "out"
    result = run_cli("build", "--templates", str(templates), "--only", "工作计划", "-o", str(out))
    assert result.exit_code == 0, result.output
    [made] = [p for p in files_under(out) if p.suffix == ".docx"]
    assert "工作计划" in docx.Document(made).paragraphs[0].text + made.name
    # the same text as the plan built from the shipped template itself
    shipped = tmp_path / "shipped"
    assert run_cli("build", "--only", "工作计划", "-o", str(shipped)).exit_code == 0
    [reference] = [p for p in files_under(shipped) if p.suffix == ".docx"]
    assert made.name == reference.name
    texts = [p.text for p in docx.Document(made).paragraphs]
    assert texts == [p.text for p in docx.Document(reference).paragraphs]
    assert texts[0] == "静观镇创建安全社区工作计划"
    with zipfile.ZipFile(made) as z:
        assert z.testzip() is None
        assert all(i.extract_version <= 20 for i in z.infolist())  # no ZIP64 left


def test_a_full_disk_while_packaging_is_a_message_and_leaves_nothing(
    tmp_path, example_workbook, monkeypatch
):
    calls = {"n": 0}
    real = package._Assembler._write

    def full(self, relpath, data):
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device", relpath)
        return real(self, relpath, data)

    monkeypatch.setattr(package._Assembler, "_write", full)
    out = tmp_path / "out"
    result = run_cli("package", str(example_workbook), "-o", str(out), "--no-pdf")
    assert result.exit_code == 2
    assert "无法写入材料包（磁盘空间不足" in result.output
    assert "原有文件未改动" in result.output and "Traceback" not in result.output
    assert files_under(out) == []
