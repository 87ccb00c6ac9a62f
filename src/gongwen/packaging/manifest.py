"""The package's list of files with their sizes and SHA-256, and checking a package against it.

``manifest.json`` is for programs, ``文件清单.txt`` the same list for people. The manifest lists
every file of the package except itself, so ``gongwen verify`` can tell a missing, an extra and
an altered file apart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.packaging.package_reader import PackageError, read_folder, read_manifest, read_zip
from gongwen.version import __version__

MANIFEST = "manifest.json"
FILE_LIST = "文件清单.txt"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    path: str  # relative, with "/"
    size: int
    sha256: str


def entries(files: Mapping[str, bytes]) -> list[Entry]:
    """One entry per file, sorted by path."""
    return [
        Entry(path, len(files[path]), hashlib.sha256(files[path]).hexdigest())
        for path in sorted(files)
    ]


def manifest_json(files: Mapping[str, bytes], package: str) -> bytes:
    """``manifest.json`` for ``files``; no time of making, so the bytes depend on content only."""
    data = {
        "format": FORMAT,
        "package": package,
        "generator": f"gongwen {__version__}",
        "files": [{"path": e.path, "size": e.size, "sha256": e.sha256} for e in entries(files)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_list_text(files: Mapping[str, bytes], package: str) -> bytes:
    """``文件清单.txt``: one file a line, path, size in bytes and SHA-256, tab-separated."""
    items = entries({k: v for k, v in files.items() if k != FILE_LIST})
    lines = [
        f"{package} 文件清单",
        f"材料包共 {len(items) + 2} 个文件（含本清单和 {MANIFEST}），下面逐行列出除这两个以外的"
        "每个文件：路径、大小（字节）、SHA-256 校验值。",
        f"用 gongwen verify <材料包> 可逐个核对；{MANIFEST} 是本清单供程序读取的版本。",
        "",
        "路径\t大小（字节）\tSHA-256",
    ]
    lines += [f"{e.path}\t{e.size}\t{e.sha256}" for e in items]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@dataclass
class Verification:
    """What ``verify`` found: files missing, extra, altered, or unreadable."""

    package: str
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.altered or self.problems)

    def text(self) -> str:
        """The result for people, in Chinese, one file a line."""
        if self.ok:
            return (
                f"校验通过：{self.package} 共 {self.checked + 1} 个文件（含 {MANIFEST}），"
                f"与 {MANIFEST} 逐个核对一致。\n"
            )
        lines = [f"校验未通过：{self.package}"]
        lines += [f"  {p}" for p in self.problems]
        lines += [f"  已修改：{p}（大小或 SHA-256 与清单不符）" for p in self.altered]
        lines += [f"  缺少：{p}（清单中有，材料包中没有）" for p in self.missing]
        lines += [f"  多出：{p}（材料包中有，清单中没有）" for p in self.extra]
        counts = (len(self.altered), len(self.missing), len(self.extra))
        lines.append(
            "共 {} 个文件已修改、{} 个缺少、{} 个多出。材料包与生成时不一致，"
            "请重新生成（gongwen package）后再报送。".format(*counts)
        )
        return "\n".join(lines) + "\n"


def verify(package: str | Path) -> Verification:
    """Re-hash every file of a package (zip or folder) against its ``manifest.json``.

    The manifest is read first and each file is hashed as a stream, never past the size the
    manifest lists (gongwen.package_reader); duplicate zip entries, unsafe names, links and
    special files are reported, not read.
    """
    path = Path(package)
    if path.is_dir() and not path.is_symlink():
        contents = read_folder(path, MANIFEST)
    elif path.is_file():
        contents = read_zip(path, MANIFEST)
    else:
        raise PackageError(f"找不到材料包 {path}：文件或文件夹不存在。")
    result = Verification(str(path))
    result.problems += contents.problems
    if contents.manifest is None:
        if contents.problems:
            return result
        raise PackageError(
            f"{path} 中没有 {MANIFEST}，无法校验。请指定 gongwen package 生成的材料包"
            "（.zip 文件或其文件夹）。"
        )
    listed = read_manifest(contents.manifest)
    if listed is None:
        result.problems.append(f"{MANIFEST} 已损坏，无法读取（可能被修改过）。")
        result.extra = sorted(contents.files)
        return result
    present = set(contents.files)
    result.checked = len(present)
    result.missing = sorted(set(listed) - present)
    result.extra = sorted(present - set(listed))
    for rel in sorted(present & set(listed)):
        size, sha = listed[rel]
        if contents.files[rel](size) != (size, sha):
            result.altered.append(rel)
    return result
