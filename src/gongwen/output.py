"""Writing output files: inside the output folder, all or nothing, never over a user's file
without ``force``."""

from __future__ import annotations

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


def write_files(root: str | Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` ({relative path: bytes}) under ``root``, all or nothing.

    Existing files are an OutputExistsError unless ``force``; each file is first written to a
    temporary file beside it and moved into place only when every file has been written.
    """
    root = Path(root)
    targets = {rel: _target(root, rel) for rel in files}
    existing = [str(t) for t in targets.values() if t.exists()]
    if existing and not force:
        raise OutputExistsError(existing)
    staged: list[tuple[Path, Path]] = []
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
            os.replace(tmp, target)
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(
            f"无法写入输出文件（{exc.strerror or exc}：{exc.filename or root}）。"
            "请检查输出文件夹的写入权限和磁盘空间后重试。"
        ) from None
    return [targets[rel] for rel in files]
