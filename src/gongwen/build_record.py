"""The record a build keeps of what it wrote (``.gongwen-build.json`` in the unit's folder).

A re-run with ``--force`` removes the files the last build wrote and this one no longer
makes (a village taken out of the workbook leaves no archive behind). Only files named in the
record are ever removed, and only while they still hold the bytes the build wrote: a file the
clerk made, or edited since, is left alone. Files are recorded by kind, so ``--only`` one kind
neither forgets nor removes another kind's files. The record and the removals are made in the
build's own commit (``StagedWrite.commit``: through directory handles, in its journal), so a
run killed at any point leaves the record describing the files beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

RECORD_NAME = ".gongwen-build.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_record(folder: Path) -> dict[str, dict[str, str]]:
    """{kind: {path relative to the folder: sha256}} of the last build; {} when unknown."""
    try:
        if (folder / RECORD_NAME).is_symlink():
            return {}  # not one this program wrote
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


def record_bytes(
    previous: dict[str, dict[str, str]],
    written: dict[str, dict[str, str]],
    left: Iterable[str] = (),
) -> bytes:
    """The record of this build: its files ({kind: {path: sha256}}), other kinds' files
    and the stale files ``left`` in place (so that a later ``--force`` removes them)."""
    kinds = dict(previous)
    left = set(left)
    for kind, files in written.items():
        kept = {r: h for r, h in previous.get(kind, {}).items() if r in left}
        kinds[kind] = {**kept, **files}
    data = {
        "说明": "gongwen build 记录的本文件夹中由它生成的文件；重新生成并加 --force 时，"
        "据此删除上次生成而本次不再生成的文件。请勿修改。",
        "kinds": {k: dict(sorted(v.items())) for k, v in sorted(kinds.items())},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def stale_note(paths: list[Path] | tuple[Path, ...]) -> str:
    """What to tell the user about files the last build wrote that this one did not make."""
    shown = "\n".join(f"  - {p}" for p in paths)
    return (
        f"提示：上次生成的以下 {len(paths)} 个文件本次不再生成，仍留在文件夹中"
        f"（加 --force 重新生成时删除）：\n{shown}"
    )


@dataclass(frozen=True)
class Tidying:
    """What a build's commit does besides placing its files (see ``tidy``)."""

    record: dict[str, bytes]  # {path below the output folder: the record's bytes}
    remove: tuple[Path, ...]  # stale files removed with the commit (``force``)
    left: tuple[Path, ...]  # stale files left in place

    def relative(self, outdir: Path) -> list[str]:
        """The files to remove, relative to the output folder."""
        return [p.relative_to(outdir).as_posix() for p in self.remove]


def tidy(
    outdir: Path,
    unit: str,
    selected: list[str],
    entries,
    sha256: dict[str, str],
    force: bool,
) -> Tidying:
    """The record of what this build writes, and with ``force`` the files the last build
    wrote for the selected kinds and this one does not: both go into the build's commit
    (``StagedWrite.commit``), so the record always describes the files beside it.
    ``sha256``: {path below ``outdir``: digest} of the files written."""
    unit_dir = Path(outdir) / unit
    written: dict[str, dict[str, str]] = {name: {} for name in selected}
    for kind, _, rel in entries:
        written.setdefault(kind, {})[rel] = sha256[f"{unit}/{rel}"]
    previous = read_record(unit_dir)
    stale = stale_files(unit_dir, previous, {k: list(v) for k, v in written.items()})
    remove = tuple(stale) if force else ()
    left = () if force else tuple(stale)
    left_rel = [p.relative_to(unit_dir).as_posix() for p in left]
    record = {f"{unit}/{RECORD_NAME}": record_bytes(previous, written, left_rel)}
    return Tidying(record, remove, left)
