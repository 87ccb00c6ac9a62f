"""The library API: read once, build in memory, write, check and package."""

from __future__ import annotations

import hashlib
import importlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import gongwen
from gongwen.build import shipped_example
from gongwen.cli import cli
from gongwen.errors import OutputExistsError

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def tree(folder: Path) -> dict[str, str]:
    """Relative posix path -> sha256 of every file under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example_build():
    return gongwen.build(gongwen.read_workbook(shipped_example()))


def test_build_holds_every_document_in_memory(example_build):
    result = example_build
    assert result.unit == "静观镇"
    files = result.files
    assert next(iter(files)) == "静观镇创建安全社区工作计划.docx"
    assert "村社区档案/塔坪村.docx" in files
    assert "村社区档案/村社区汇总表.xlsx" in files
    assert len(files) == 15
    assert result.skipped == ()
    text = zipfile.ZipFile(io.BytesIO(files["村社区档案/塔坪村.docx"])).read("word/document.xml")
    assert "塔坪村".encode() in text
    kinds = {d.kind for d in result.documents}
    assert kinds == {"工作计划", "实施方案", "领导小组通知", "阶段总结", "评定申报表", "村社区档案"}


def test_each_file_is_handed_over_as_it_is_made_and_figures_do_not_hold_the_others_up(
    example_build, monkeypatch
):
    from gongwen.charts import figures

    events: list[str] = []
    handed: dict[str, bytes] = {}
    real = figures._draw

    def drawing(*args):
        events.append("figure")
        return real(*args)

    def on_file(relpath: str, data: bytes) -> None:
        events.append(relpath)
        handed[relpath] = data

    monkeypatch.setattr(figures, "_draw", drawing)
    result = gongwen.build(gongwen.read_workbook(shipped_example()), on_file=on_file)
    assert handed == result.files  # every file once, as the result holds it
    assert list(result.files) == list(example_build.files)  # the result keeps build order
    # the kinds whose templates print no figure are made first, before any figure is drawn
    before = events[: events.index("figure")]
    assert before[:3] == [
        "静观镇创建安全社区工作计划.docx",
        "静观镇创建安全社区实施方案.docx",
        "静观镇人民政府关于成立创建安全社区工作领导小组的通知.docx",
    ]
    assert "村社区档案/塔坪村.docx" in before
    assert "静观镇安全社区评定申报表.docx" not in before
    assert events.count("figure") == 4  # 自评图 once; 隐患图 and 进度图 per phase summary


def test_written_files_are_those_the_command_writes(example_build, tmp_path):
    paths = gongwen.write(example_build, tmp_path / "api")
    assert len(paths) == 15
    assert all(p.is_file() for p in paths)
    CliRunner().invoke(cli, ["build", "-o", str(tmp_path / "cli")], catch_exceptions=False)
    assert tree(tmp_path / "api") == tree(tmp_path / "cli")
    assert len(tree(tmp_path / "api")) == 15 + 1  # and the build's record (.gongwen-build.json)


def test_write_does_not_overwrite_without_force(example_build, tmp_path):
    gongwen.write(example_build, tmp_path)
    with pytest.raises(OutputExistsError):
        gongwen.write(example_build, tmp_path)
    assert len(gongwen.write(example_build, tmp_path, force=True)) == 15


def test_build_from_a_path_equals_build_from_a_campaign(example_build):
    again = gongwen.build(shipped_example(), only=("工作计划",))
    name = "静观镇创建安全社区工作计划.docx"
    assert list(again.files) == [name]
    assert again.files[name] == example_build.files[name]


def test_read_workbook_raises_a_workbook_error_in_chinese(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(gongwen.WorkbookError) as info:
        gongwen.read_workbook(bad)
    assert "坏.xlsx" in str(info.value)
    assert isinstance(info.value, gongwen.GongwenError)


def test_check_finds_a_wrong_document_number(example_build, tmp_path):
    gongwen.write(example_build, tmp_path)
    clean = gongwen.check(tmp_path / "静观镇", registry=shipped_example())
    assert not [f for f in clean if f.severity == "error"]
    from docx import Document

    doc = Document()
    doc.add_paragraph("根据《中华人民共和国安全生产法》和渝安委[2023]5号文件要求。")
    doc.save(tmp_path / "坏.docx")
    codes = {f.rule for f in gongwen.check([tmp_path / "坏.docx"])}
    assert "GW101" in codes


def test_package_reads_the_workbook_once_and_builds_in_memory(monkeypatch, tmp_path):
    build_module = importlib.import_module("gongwen.build")
    reads = []
    real = build_module.read_campaign
    monkeypatch.setattr(build_module, "read_campaign", lambda p: reads.append(p) or real(p))
    zip_path = gongwen.package(shipped_example(), tmp_path / "api", pdf=False)
    assert len(reads) == 1
    assert zip_path.name == "静观镇安全社区创建材料-2024年12月31日.zip"
    assert sorted(p.name for p in (tmp_path / "api").iterdir()) == sorted(
        [zip_path.name, zip_path.stem]
    )
    CliRunner().invoke(
        cli, ["package", "--no-pdf", "-o", str(tmp_path / "cli")], catch_exceptions=False
    )
    assert tree(tmp_path / "api") == tree(tmp_path / "cli")


def test_the_readme_example_runs(tmp_path, monkeypatch, capsys):
    code = re.search(r"### 库接口\n\n```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == "15 静观镇安全社区创建材料-2024年12月31日.zip\n"


def test_the_modules_build_and_check_do_not_hide_the_functions():
    import gongwen.build
    import gongwen.check.report
    from gongwen.check import check_docx

    assert callable(check_docx)
    assert gongwen.build.__module__ == "gongwen.build"
    assert gongwen.build.__name__ == "build" and gongwen.check.__name__ == "check"
    assert gongwen.check.__module__ == "gongwen.api"
    assert importlib.import_module("gongwen.check").__name__ == "gongwen.check"
