"""Reading a package for ``verify`` without trusting it: the manifest first, every file hashed
as a stream and never read past the size the manifest lists (a 3 GB bomb entry costs a few
megabytes), no duplicate zip entries, and in a folder no links followed and no special files
opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gongwen.errors import GongwenError
from gongwen.packaging.zipout import is_safe

MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


class PackageError(GongwenError):
    """Raised when a path given to verify is not a package that can be checked."""


@dataclass
class Contents:
    """What a package holds: its manifest's bytes, how to hash each file, what is wrong."""

    manifest: bytes | None = None
    # relative path -> a function (size limit) -> (size read, SHA-256 or "" past the limit)
    files: dict[str, Callable[[int], tuple[int, str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def hash_stream(stream: BinaryIO, limit: int) -> tuple[int, str]:
    """Size and SHA-256 of ``stream``; stops with "" once more than ``limit`` bytes came."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            return size, ""
        digest.update(chunk)
    return size, digest.hexdigest()


def read_manifest(raw: bytes) -> dict[str, tuple[int, str]] | None:
    """``{path: (size, sha256)}`` from manifest.json, or None when it cannot be read."""
    try:
        data = json.loads(raw.decode("utf-8"))
        return {
            str(item["path"]): (int(item["size"]), str(item["sha256"]).lower())
            for item in data["files"]
        }
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def read_zip(path: Path, manifest_name: str) -> Contents:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackageError(
            f"{path} 不是有效的 zip 文件（{exc}），无法校验。请指定 gongwen package 生成的"
            " .zip 文件或其文件夹。"
        ) from None
    contents = Contents()
    infos = [info for info in archive.infolist() if not info.is_dir()]
    seen: dict[str, int] = {}
    for info in infos:
        seen[info.filename] = seen.get(info.filename, 0) + 1
    contents.problems += [
        f"重复的条目：{name}（zip 中有 {n} 个同名条目，解压工具可能取到其中任何一个）"
        for name, n in seen.items()
        if n > 1
    ]
    names = [info.filename for info in infos if is_safe(info.filename)]
    contents.problems += [
        f"不安全的路径：{info.filename}（含绝对路径或 ..）"
        for info in infos
        if not is_safe(info.filename)
    ]
    roots = {name.split("/", 1)[0] for name in names if "/" in name}
    prefix = roots.pop() + "/" if manifest_name not in names and len(roots) == 1 else ""
    for info in infos:
        if not is_safe(info.filename) or seen[info.filename] > 1:
            continue
        rel = info.filename[len(prefix) :] if info.filename.startswith(prefix) else info.filename
        if rel == manifest_name:
            contents.manifest = _zip_manifest(archive, info, contents)
        else:
            contents.files[rel] = _zip_hasher(archive, info)
    return contents


def _zip_manifest(archive, info, contents: Contents) -> bytes | None:
    if info.file_size > MAX_MANIFEST_BYTES:
        contents.problems.append(
            f"{info.filename} 大于 {MAX_MANIFEST_BYTES // 2**20} MB，不是材料包的清单。"
        )
        return None
    try:
        with archive.open(info) as stream:
            return stream.read(MAX_MANIFEST_BYTES + 1)[:MAX_MANIFEST_BYTES]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        contents.problems.append(f"无法读取 {info.filename}（zip 条目已损坏）。")
        return None


def _zip_hasher(archive, info) -> Callable[[int], tuple[int, str]]:
    def hasher(limit: int) -> tuple[int, str]:
        if info.file_size != limit:  # the entry says another size: altered, nothing read
            return info.file_size, ""
        try:
            with archive.open(info) as stream:
                return hash_stream(stream, limit)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
            return -1, ""

    return hasher


def read_folder(path: Path, manifest_name: str) -> Contents:
    contents = Contents()
    for rel, full, info in _walk(path):
        if stat.S_ISLNK(info.st_mode):
            contents.problems.append(f"链接：{rel}（材料包中不应有链接，未跟随）")
        elif not stat.S_ISREG(info.st_mode):
            contents.problems.append(f"不是普通文件：{rel}（未读取）")
        elif rel == manifest_name:
            if info.st_size > MAX_MANIFEST_BYTES:
                contents.problems.append(
                    f"{rel} 大于 {MAX_MANIFEST_BYTES // 2**20} MB，不是材料包的清单。"
                )
            else:
                with _open_no_follow(full) as stream:
                    contents.manifest = stream.read(MAX_MANIFEST_BYTES)
        else:
            contents.files[rel] = _file_hasher(full)
    return contents


def _walk(root: Path) -> Iterator[tuple[str, Path, os.stat_result]]:
    """Every entry under ``root`` that is not a folder, with its lstat; links not followed."""
    for folder, dirs, names in os.walk(root, followlinks=False):
        base = Path(folder)
        for name in sorted(names + [d for d in dirs if (base / d).is_symlink()]):
            full = base / name
            yield full.relative_to(root).as_posix(), full, os.lstat(full)
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())


def _open_no_follow(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    return os.fdopen(fd, "rb")


def _file_hasher(path: Path) -> Callable[[int], tuple[int, str]]:
    def hasher(limit: int) -> tuple[int, str]:
        try:
            with _open_no_follow(path) as stream:
                return hash_stream(stream, limit)
        except OSError:
            return -1, ""

    return hasher
