"""The record a build keeps of what it wrote (``.gongwen-build.json`` in the unit's folder).

A re-run with ``--force`` removes the files the last build wrote and this one no longer
makes (a village taken out of the workbook leaves no archive behind). Only files named in the
record are ever removed, and only while they still hold the bytes the build wrote: a file the
clerk made, or edited since, is left alone. Files are recorded by kind, so ``--only`` one kind
neither forgets nor removes another kind's files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from gongwen.errors import OutputError, os_reason

RECORD_NAME = ".gongwen-build.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_record(folder: Path) -> dict[str, dict[str, str]]:
    """{kind: {path relative to the folder: sha256}} of the last build; {} when unknown."""
    try:
        data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
        kinds = data["kinds"]
        return {
            str(k): {str(p): str(h) for p, h in files.items()}
            for k, files in kinds.items()
            if isinstance(files, dict)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def stale_files(
    folder: Path, previous: dict[str, dict[str, str]], written: dict[str, list[str]]
) -> list[Path]:
    """Files the last build wrote for the kinds built now that this build does not write and
    that still hold what was written (so the clerk has not replaced them)."""
    out = []
    root = folder.resolve()
    for kind, files in written.items():
        keep = set(files)
        for rel, digest in previous.get(kind, {}).items():
            parts = PurePosixPath(rel).parts
            if rel in keep or not parts or ".." in parts or PurePosixPath(rel).is_absolute():
                continue
            path = folder.joinpath(*parts)
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                if not path.resolve().is_relative_to(root) or _digest(path) != digest:
                    continue
            except OSError:
                continue
            out.append(path)
    return sorted(out)


def remove_files(folder: Path, paths: Iterable[Path]) -> list[Path]:
    """Remove ``paths`` and the folders they leave empty (below ``folder``); those removed."""
    removed = []
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
            parent = path.parent
            while parent != folder and parent.is_relative_to(folder):
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent
    return removed


def write_record(
    folder: Path,
    previous: dict[str, dict[str, str]],
    written: dict[str, list[str]],
    left: Iterable[Path] = (),
) -> None:
    """Record this build's files (with their sha256) beside them, keeping other kinds' files
    and the stale files ``left`` in place (so that a later ``--force`` removes them)."""
    kinds = dict(previous)
    left_rel = {p.relative_to(folder).as_posix() for p in left}
    for kind, files in written.items():
        kept = {r: h for r, h in previous.get(kind, {}).items() if r in left_rel}
        now = {rel: _digest(folder.joinpath(*PurePosixPath(rel).parts)) for rel in files}
        kinds[kind] = {**kept, **now}
    data = {
        "说明": "gongwen build 记录的本文件夹中由它生成的文件；重新生成并加 --force 时，"
        "据此删除上次生成而本次不再生成的文件。请勿修改。",
        "kinds": {k: dict(sorted(v.items())) for k, v in sorted(kinds.items())},
    }
    target = folder / RECORD_NAME
    tmp = folder / f".~{RECORD_NAME}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def stale_note(paths: list[Path] | tuple[Path, ...]) -> str:
    """What to tell the user about files the last build wrote that this one did not make."""
    shown = "\n".join(f"  - {p}" for p in paths)
    return (
        f"提示：上次生成的以下 {len(paths)} 个文件本次不再生成，仍留在文件夹中"
        f"（加 --force 重新生成时删除）：\n{shown}"
    )


def tidy(unit_dir: Path, selected: list[str], entries, force: bool):
    """Record what was written; with ``force``, remove what the last build wrote for the
    selected kinds and this one did not (see gongwen.build_record)."""
    written: dict[str, list[str]] = {name: [] for name in selected}
    for kind, _, rel in entries:
        written.setdefault(kind, []).append(rel)
    previous = read_record(unit_dir)
    stale = stale_files(unit_dir, previous, written)
    removed = remove_files(unit_dir, stale) if force else []
    left = [p for p in stale if p not in removed]
    try:
        write_record(unit_dir, previous, written, left)
    except OSError as exc:
        raise OutputError(
            f"公文已生成，但无法写入生成记录 {unit_dir / RECORD_NAME}（{os_reason(exc)}）。"
            "请检查文件夹的写入权限。"
        ) from None
    return tuple(removed), tuple(left)
