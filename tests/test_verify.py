"""gongwen verify: every file of a package re-hashed against its manifest.json.

One package (without PDFs) is made for the module; each test alters a copy of it and reads
what the command says: which file was altered, is missing or is extra, in Chinese, exit 1;
exit 0 when all is as packaged; exit 2 when the path is not a package.
"""

from __future__ import annotations

import copy
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_data import EXAMPLE

from gongwen.cli import cli
from gongwen.workbook.writer import write_workbook

PACKAGE = "静观镇安全社区创建材料-2024年12月31日"  # dated by the 申报日期
ZIP = f"{PACKAGE}.zip"
ALTERED = "02-工作计划.docx"


def archive_of(out: Path) -> str:
    """The package path of one village archive (its folder's number depends on the kinds)."""
    found = next((out / PACKAGE).glob("*-村社区档案/素心村.docx"))
    return found.relative_to(out / PACKAGE).as_posix()


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("made")
    workbook = folder / "campaign.xlsx"
    write_workbook(workbook, copy.deepcopy(EXAMPLE))
    result = run("package", workbook, "-o", folder / "out", "--no-pdf")
    assert result.exit_code == 0, result.output + result.stderr
    return folder / "out"


@pytest.fixture
def copy_of(made, tmp_path) -> Path:
    """A private copy of the output folder holding the zip and the package folder."""
    target = tmp_path / "out"
    shutil.copytree(made, target)
    return target


def rewrite_zip(path: Path, change) -> None:
    """Rewrite the zip with ``change({name: bytes})`` applied to its entries."""
    with zipfile.ZipFile(path) as z:
        entries = {info.filename: z.read(info) for info in z.infolist()}
    change(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)


def flip_one_byte(data: bytes, at: int = 100) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def archive_path(path: str) -> Path:
    return Path(*path.split("/"))


def test_an_untouched_package_passes_as_zip_and_as_folder(copy_of):
    for target in (copy_of / ZIP, copy_of / PACKAGE):
        result = run("verify", target)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("校验通过")
        # the same count as the package command and 文件清单.txt give: every file in it
        assert "共 20 个文件（含 manifest.json）" in result.output


def test_one_byte_changed_in_the_zip_names_the_file(copy_of):
    def change(entries):
        name = f"{PACKAGE}/{ALTERED}"
        entries[name] = flip_one_byte(entries[name])

    rewrite_zip(copy_of / ZIP, change)
    result = run("verify", copy_of / ZIP)
    assert result.exit_code == 1
    assert f"已修改：{ALTERED}" in result.output
    assert "校验未通过" in result.output
    assert result.output.count("已修改：") == 1


def test_one_byte_changed_in_the_folder_names_the_file(copy_of):
    archive = archive_of(copy_of)
    path = copy_of / PACKAGE / archive_path(archive)
    path.write_bytes(flip_one_byte(path.read_bytes(), at=500))
    result = run("verify", copy_of / PACKAGE)
    assert result.exit_code == 1
    assert f"已修改：{archive}" in result.output
    assert "缺少" not in result.output.split("\n")[1]


def test_a_missing_and_an_extra_file_are_named(copy_of):
    archive = archive_of(copy_of)
    folder = copy_of / PACKAGE
    (folder / archive_path(archive)).unlink()
    (folder / "备注.txt").write_text("added later", encoding="utf-8")
    result = run("verify", folder)
    assert result.exit_code == 1
    assert f"缺少：{archive}" in result.output
    assert "多出：备注.txt" in result.output
    assert "已修改" not in result.output.split("共")[0]


def test_a_missing_and_an_extra_entry_in_the_zip_are_named(copy_of):
    def change(entries):
        del entries[f"{PACKAGE}/{ALTERED}"]
        entries[f"{PACKAGE}/新增.docx"] = b"x"

    rewrite_zip(copy_of / ZIP, change)
    result = run("verify", copy_of / ZIP)
    assert result.exit_code == 1
    assert f"缺少：{ALTERED}" in result.output
    assert "多出：新增.docx" in result.output


def test_a_changed_hash_in_the_manifest_shows_as_that_file_altered(copy_of):
    manifest = copy_of / PACKAGE / "manifest.json"
    text = manifest.read_text(encoding="utf-8")
    start = text.index(f'"path": "{ALTERED}"')
    at = text.index('"sha256": "', start) + len('"sha256": "')
    digit = "0" if text[at] != "0" else "1"
    manifest.write_text(text[:at] + digit + text[at + 1 :], encoding="utf-8")
    result = run("verify", copy_of / PACKAGE)
    assert result.exit_code == 1
    assert f"已修改：{ALTERED}" in result.output


def test_an_unreadable_manifest_fails_verification(copy_of):
    (copy_of / PACKAGE / "manifest.json").write_text("{ broken", encoding="utf-8")
    result = run("verify", copy_of / PACKAGE)
    assert result.exit_code == 1
    assert "manifest.json 已损坏" in result.output


def test_an_entry_leaving_the_folder_is_reported(copy_of):
    def change(entries):
        entries["../evil.txt"] = b"x"

    rewrite_zip(copy_of / ZIP, change)
    result = run("verify", copy_of / ZIP)
    assert result.exit_code == 1
    assert "不安全的路径：../evil.txt" in result.output


def test_a_path_that_is_not_a_package_cannot_be_verified(tmp_path):
    missing = run("verify", tmp_path / "nothing.zip")
    assert missing.exit_code == 2
    assert "找不到材料包" in missing.stderr
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a.txt").write_text("a")
    no_manifest = run("verify", tmp_path / "plain")
    assert no_manifest.exit_code == 2
    assert "没有 manifest.json" in no_manifest.stderr
    (tmp_path / "fake.zip").write_bytes(b"not a zip")
    not_zip = run("verify", tmp_path / "fake.zip")
    assert not_zip.exit_code == 2
    assert "不是有效的 zip 文件" in not_zip.stderr
