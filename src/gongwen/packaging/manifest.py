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

from gongwen.errors import GongwenError
from gongwen.packaging.zipout import read_entries
from gongwen.version import __version__

MANIFEST = "manifest.json"
FILE_LIST = "文件清单.txt"
FORMAT = 1


class PackageError(GongwenError):
    """Raised when a path given to verify is not a package that can be checked."""


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


def _read_package(path: Path) -> tuple[dict[str, bytes], list[str]]:
    """The files of a package folder or zip, relative to the folder holding manifest.json."""
    import zipfile

    if path.is_dir():
        files = {
            p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*"))
            if p.is_file()
        }
        return files, []
    if not path.is_file():
        raise PackageError(f"找不到材料包 {path}：文件或文件夹不存在。")
    try:
        files, unsafe = read_entries(path.read_bytes())
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(
            f"{path} 不是有效的 zip 文件（{exc}），无法校验。请指定 gongwen package 生成的"
            " .zip 文件或其文件夹。"
        ) from None
    roots = {name.split("/", 1)[0] for name in files if "/" in name}
    prefix = ""
    if MANIFEST not in files and len(roots) == 1:
        prefix = roots.pop() + "/"
    stripped = {
        name[len(prefix) :] if name.startswith(prefix) else name: data
        for name, data in files.items()
    }
    return stripped, unsafe


def verify(package: str | Path) -> Verification:
    """Re-hash every file of a package (zip or folder) against its ``manifest.json``."""
    path = Path(package)
    files, unsafe = _read_package(path)
    result = Verification(str(path))
    result.problems += [f"不安全的路径：{name}（含绝对路径或 ..）" for name in unsafe]
    raw = files.pop(MANIFEST, None)
    if raw is None:
        raise PackageError(
            f"{path} 中没有 {MANIFEST}，无法校验。请指定 gongwen package 生成的材料包"
            "（.zip 文件或其文件夹）。"
        )
    try:
        listed = {
            item["path"]: (int(item["size"]), str(item["sha256"]).lower())
            for item in json.loads(raw.decode("utf-8"))["files"]
        }
    except (ValueError, KeyError, TypeError):
        result.problems.append(f"{MANIFEST} 已损坏，无法读取（可能被修改过）。")
        result.extra = sorted(files)
        return result
    actual = {e.path: (e.size, e.sha256) for e in entries(files)}
    result.checked = len(actual)
    result.missing = sorted(set(listed) - set(actual))
    result.extra = sorted(set(actual) - set(listed))
    result.altered = sorted(p for p in set(listed) & set(actual) if listed[p] != actual[p])
    return result
