"""Writing output files: inside the output folder, all or nothing, never over a user's file
without ``force``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from gongwen.errors import OutputError, OutputExistsError


def _target(root: Path, relpath: str) -> Path:
    rel = PurePosixPath(relpath)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise OutputError(f"输出路径 {relpath} 不安全（含绝对路径或 ..），已拒绝写入。")
    target = root.joinpath(*rel.parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise OutputError(f"输出路径 {relpath} 指向输出文件夹之外，已拒绝写入。")
    return target


def _created_dirs(root: Path, targets) -> list[Path]:
    """The folders that writing ``targets`` will create, deepest first."""
    missing: set[Path] = set()
    for target in targets:
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda p: len(p.parts), reverse=True)


def write_files(root: str | Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` ({relative path: bytes}) under ``root``, all or nothing.

    Existing files are an OutputExistsError unless ``force``; each file is first written to a
    temporary file beside it and moved into place only when every file has been written. An
    existing file is moved aside first and put back should a later move fail, so a failure at
    any point (a full disk, a permission, an interruption) leaves the folder as it was: no
    partial file, no temporary file, no new folder, every old file untouched.
    """
    root = Path(root)
    targets = {rel: _target(root, rel) for rel in files}
    existing = [str(t) for t in targets.values() if t.exists()]
    if existing and not force:
        raise OutputExistsError(existing)
    new_dirs = _created_dirs(root, targets.values())
    staged: list[tuple[Path, Path]] = []
    backups: dict[Path, Path] = {}  # target -> its previous content, moved aside
    placed: list[Path] = []
    try:
        for rel, data in files.items():
            target = targets[rel]
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".tmp", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, target in staged:
            if target.exists():
                fd, backup = tempfile.mkstemp(prefix=".~gongwen-", suffix=".bak", dir=target.parent)
                os.close(fd)
                os.replace(target, backup)
                backups[target] = Path(backup)
            os.replace(tmp, target)
            placed.append(target)
    except BaseException as exc:
        _roll_back(staged, placed, backups, new_dirs)
        if isinstance(exc, OSError):
            raise OutputError(
                f"无法写入输出文件（{exc.strerror or exc}：{exc.filename or root}），"
                "已撤销本次写入，原有文件未改动。请检查输出文件夹的写入权限和磁盘空间后重试。"
            ) from None
        raise
    for backup in backups.values():
        backup.unlink(missing_ok=True)
    return [targets[rel] for rel in files]


def _roll_back(staged, placed, backups, new_dirs) -> None:
    """Undo a write that failed part way: best effort, every step on its own."""
    for target in placed:
        with contextlib.suppress(OSError):
            if target in backups:
                os.replace(backups.pop(target), target)
            else:
                target.unlink(missing_ok=True)
    for target, backup in backups.items():  # moved aside, its new file not yet placed
        with contextlib.suppress(OSError):
            os.replace(backup, target)
    for tmp, _ in staged:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    for folder in new_dirs:
        with contextlib.suppress(OSError):
            folder.rmdir()
