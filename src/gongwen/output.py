"""Writing output files: inside the output folder, all or nothing, never over a user's file
without ``force``."""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from gongwen.errors import OutputError, OutputExistsError, os_reason


def _targets(root: Path, relpaths: Iterable[str]) -> dict[str, Path]:
    """Each relative path's place under ``root``; one that would leave ``root`` is refused.

    Each folder is resolved once (a batch shares a few), so a link inside ``root`` that
    points outside it is caught too. A file replaced by ``os.replace`` is never followed.
    """
    root_real = root.resolve()
    inside: dict[Path, bool] = {}
    targets: dict[str, Path] = {}
    for relpath in relpaths:
        rel = PurePosixPath(relpath)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise OutputError(f"输出路径 {relpath} 不安全（含绝对路径或 ..），已拒绝写入。")
        target = root.joinpath(*rel.parts)
        if target.parent not in inside:
            inside[target.parent] = target.parent.resolve().is_relative_to(root_real)
        if not inside[target.parent] or target.is_symlink():
            raise OutputError(f"输出路径 {relpath} 指向输出文件夹之外，已拒绝写入。")
        targets[relpath] = target
    return targets


def _created_dirs(targets: Iterable[Path]) -> list[Path]:
    """The folders that writing ``targets`` will create, deepest first."""
    missing: set[Path] = set()
    for folder in {target.parent for target in targets}:
        while folder not in missing and not folder.exists() and folder != folder.parent:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda p: len(p.parts), reverse=True)


class StagedWrite:
    """Files written one by one under temporary names, put in place together or not at all.

    Every target is known and checked when the write begins: none may exist unless
    ``force``. ``add`` hands a file to a writer thread, which writes it into a private
    staging folder (``.~gongwen-…``) beside its target while the caller goes on rendering,
    so a batch of thousands is never held in memory and the disk's waits overlap the work.
    ``commit`` moves them all into place. An existing file is moved aside first and put back
    should a later move fail, so a failure at any point (a full disk, a permission, an
    interruption, an error before ``commit``) leaves the folder as it was: no partial file,
    no temporary file, no new folder, every old file untouched. Use it as a context manager:
    leaving it without ``commit`` undoes it.
    """

    IN_FLIGHT = 64  # files handed over and not yet written, at most

    def __init__(self, root: str | Path, relpaths: Iterable[str], force: bool = False) -> None:
        self.root = Path(root)
        self.targets = _targets(self.root, relpaths)
        existing = [str(t) for t in self.targets.values() if t.exists()]
        if existing and not force:
            raise OutputExistsError(existing)
        self.new_dirs = _created_dirs(self.targets.values())
        self.staged: dict[str, Path] = {}
        self.stages: dict[Path, Path] = {}  # target folder -> its staging folder
        self.committed = False
        self._queue: queue.Queue = queue.Queue(self.IN_FLIGHT)
        self._error: BaseException | None = None
        # started at the first file, so that processes forked before it (a batch's workers)
        # are not forked from a process running threads
        self._thread = threading.Thread(target=self._run, name="gongwen-write", daemon=True)

    def add(self, relpath: str, data: bytes) -> None:
        """Write ``data`` for ``relpath`` (one of the targets); a failed write is raised here
        or by ``commit``."""
        if self._error is not None:
            raise self._error
        if not self._thread.is_alive() and self._thread.ident is None:
            self._thread.start()
        self._queue.put((relpath, data))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._write(*item)
                except BaseException as exc:  # raised in the caller's thread
                    self._error = exc

    def _write(self, relpath: str, data: bytes) -> None:
        target = self.targets[relpath]
        try:
            tmp = self._stage(target.parent) / f"{len(self.staged)}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            self.staged[relpath] = tmp
            try:
                view = memoryview(data)
                while view:  # a full disk fails here, with ENOSPC
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        except OSError as exc:
            raise self._failed(exc) from None

    def _stage(self, folder: Path) -> Path:
        if folder not in self.stages:
            folder.mkdir(parents=True, exist_ok=True)
            self.stages[folder] = Path(tempfile.mkdtemp(prefix=".~gongwen-", dir=folder))
        return self.stages[folder]

    def _drain(self) -> None:
        """Wait until every file handed over is written; the first failure is raised."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def commit(self) -> list[Path]:
        """Move every staged file into place; the targets, in the order they were given."""
        self._drain()
        missing = [rel for rel in self.targets if rel not in self.staged]
        if missing:
            raise OutputError(f"内部错误：{missing[0]} 没有内容，未写入任何文件。")
        backups: dict[Path, Path] = {}  # target -> its previous content, moved aside
        placed: list[Path] = []
        try:
            for n, (rel, tmp) in enumerate(self.staged.items()):
                target = self.targets[rel]
                if target.exists():
                    backup = tmp.parent / f"{n}.bak"
                    os.replace(target, backup)
                    backups[target] = backup
                os.replace(tmp, target)
                placed.append(target)
        except BaseException as exc:
            self.committed = True  # rolled back here: nothing left for __exit__ to undo
            self._undo(placed, backups)
            if isinstance(exc, OSError):
                raise self._failed(exc) from None
            raise
        for backup in backups.values():
            backup.unlink(missing_ok=True)
        self._undo([], {})  # only the empty staging folders are left to remove
        self.committed = True
        return list(self.targets.values())

    def abort(self) -> None:
        """Remove every staged file and the folders made for them."""
        with contextlib.suppress(BaseException):
            self._drain()
        self._undo([], {})

    def _undo(self, placed: list[Path], backups: dict[Path, Path]) -> None:
        _roll_back(list(self.staged.values()), placed, backups, [*self.stages.values()])
        self.staged.clear()
        for folder in self.new_dirs:
            with contextlib.suppress(OSError):
                folder.rmdir()

    def __enter__(self) -> StagedWrite:
        return self

    def __exit__(self, *exc_info) -> None:
        if not self.committed:
            self.abort()

    def _failed(self, exc: OSError) -> OutputError:
        return OutputError(
            f"无法写入输出文件（{os_reason(exc)}：{exc.filename or self.root}），"
            "已撤销本次写入，原有文件未改动。请检查输出文件夹的写入权限和磁盘空间后重试。"
        )


def write_files(root: str | Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` ({relative path: bytes}) under ``root``, all or nothing (StagedWrite)."""
    with StagedWrite(root, files, force) as staging:
        for rel, data in files.items():
            staging.add(rel, data)
        return staging.commit()


def _roll_back(temporary, placed, backups, stage_dirs) -> None:
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
    for tmp in temporary:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    for folder in stage_dirs:
        with contextlib.suppress(OSError):
            folder.rmdir()
