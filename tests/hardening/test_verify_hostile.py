"""verify on tampered and hostile packages: duplicate entries, links, a 100,000-deep manifest,
a 3 GB entry and huge files — a verdict or a message, never a traceback or gigabytes read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import pytest

import test_verify
from test_verify import ALTERED, PACKAGE, ZIP, run

made = test_verify.made  # the package made once, and a private copy of it for each test
copy_of = test_verify.copy_of

MEASURE = textwrap.dedent(
    """
    import resource, sys
    from click.testing import CliRunner
    from gongwen.cli import cli
    import gongwen.packaging.manifest

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = CliRunner().invoke(cli, ["verify", sys.argv[1]])
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
    print(result.exit_code, grown)
    print(result.output)
    """
)


def measured_verify(path: Path) -> tuple[int, int, str]:
    """exit code, growth of peak memory (MB) while verifying, and output, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=600
    )
    head, _, output = done.stdout.partition("\n")
    code, peak = map(int, head.split())
    return code, peak, output + done.stderr


def test_a_zip_with_two_entries_of_one_name_is_refused(copy_of):
    zip_path = copy_of / ZIP
    with zipfile.ZipFile(zip_path) as z:
        original = z.read(f"{PACKAGE}/{ALTERED}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate: it is the point
        with zipfile.ZipFile(zip_path, "a") as z:
            z.writestr(f"{PACKAGE}/{ALTERED}", original + b"tampered")
    result = run("verify", zip_path)
    assert result.exit_code == 1
    assert f"重复的条目：{PACKAGE}/{ALTERED}（zip 中有 2 个同名条目" in result.output


def test_links_in_a_package_folder_are_reported_not_followed(copy_of, tmp_path):
    folder = copy_of / PACKAGE
    outside = tmp_path / "outside.docx"
    (folder / ALTERED).rename(outside)  # the same bytes, reached only through a link
    (folder / ALTERED).symlink_to(outside)
    (folder / "extra-folder").symlink_to(tmp_path, target_is_directory=True)
    result = run("verify", folder)
    assert result.exit_code == 1
    assert f"链接：{ALTERED}（材料包中不应有链接，未跟随）" in result.output
    assert "链接：extra-folder" in result.output
    assert f"缺少：{ALTERED}" in result.output


def test_a_fifo_in_a_package_folder_is_not_opened(copy_of):
    os.mkfifo(copy_of / PACKAGE / "pipe")
    result = run("verify", copy_of / PACKAGE)  # would hang if the FIFO were opened
    assert result.exit_code == 1
    assert "不是普通文件：pipe（未读取）" in result.output


@pytest.mark.parametrize("where", ["zip", "folder"])
def test_a_manifest_nested_100000_deep_is_called_damaged(copy_of, where):
    deep = b"[" * 100_000 + b"]" * 100_000
    if where == "folder":
        (copy_of / PACKAGE / "manifest.json").write_bytes(deep)
        target = copy_of / PACKAGE
    else:
        target = copy_of / ZIP
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(target) as z:
                entries = {i.filename: z.read(i) for i in z.infolist()}
            entries[f"{PACKAGE}/manifest.json"] = deep
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in entries.items():
                    z.writestr(name, data)
    result = run("verify", target)
    assert result.exit_code == 1
    assert "manifest.json 已损坏，无法读取（可能被修改过）" in result.output


def test_a_3_gb_entry_is_not_read(copy_of):
    """An entry swapped for 3 GB of zeros (14 MB compressed): verify stops at once."""
    zip_path = copy_of / ZIP
    with zipfile.ZipFile(zip_path) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in entries.items():
            if name == f"{PACKAGE}/{ALTERED}":
                with z.open(name, "w", force_zip64=True) as f:
                    chunk = bytes(1 << 20)
                    for _ in range(3 * 1024):
                        f.write(chunk)
            else:
                z.writestr(name, data)
    code, peak_mb, output = measured_verify(zip_path)
    assert code == 1, output
    assert f"已修改：{ALTERED}" in output
    assert peak_mb < 64, peak_mb  # reading the entry whole would take 3 GB


def test_huge_files_in_a_folder_are_hashed_as_streams(copy_of):
    folder = copy_of / PACKAGE
    listed = json.loads((folder / "manifest.json").read_bytes())["files"]
    size = next(f["size"] for f in listed if f["path"] == ALTERED)
    with open(folder / ALTERED, "r+b") as f:  # sparse: 3 GB that takes no disk
        f.truncate(3 * 2**30)
    with open(folder / "大文件.bin", "wb") as f:
        f.truncate(3 * 2**30)
    code, peak_mb, output = measured_verify(folder)
    assert code == 1, output
    assert f"已修改：{ALTERED}" in output and "多出：大文件.bin" in output
    assert peak_mb < 64, (peak_mb, size)
