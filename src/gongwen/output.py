"""Writing output files: inside the output folder, all or nothing, never over a user's file
without ``force``."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from gongwen.errors import OutputError, OutputExistsError, os_reason
from gongwen.interrupts import check as check_interrupt
from gongwen.names import MAX_PATH_BYTES
from gongwen.output_journal import Journal, Move, move_all, recover, roll_back
from gongwen.output_lock import OutputLock
from gongwen.output_tree import Folder, open_tree, write_new


def _targets(root: Path, relpaths: Iterable[str]) -> dict[str, Path]:
    """Each relative path's place under ``root``; one that would leave ``root`` is refused.

    Each folder is resolved once (a batch shares a few), so a link inside ``root`` that
    points outside it is caught too. A file replaced by ``os.replace`` is never followed.
    """
    relpaths = list(relpaths)
    longest = max(relpaths, key=lambda rel: len(rel.encode("utf-8")), default="")
    target = root.absolute() / longest
    if len(os.fsencode(target)) > MAX_PATH_BYTES:
        raise OutputError(
            f"输出路径 {target} 超过 {MAX_PATH_BYTES} 字节，系统无法创建。"
            "请用 -o 指定一个路径较短的输出文件夹。"
        )
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


def _place(relpath: str) -> tuple[Folder, str]:
    parts = PurePosixPath(relpath).parts
    return tuple(parts[:-1]), parts[-1]


def _make_root(root: Path) -> list[Path]:
    """Create ``root`` and its missing parents; the ones created, deepest first."""
    missing = []
    folder = root
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_empty(missing)
        raise OutputError(
            f"无法创建输出文件夹 {root}（{os_reason(exc)}）。请检查路径和写入权限。"
        ) from None
    return missing


def _remove_empty(folders: Iterable[Path]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


class StagedWrite:
    """Files written one by one under temporary names, put in place together or not at all.

    Every target is known and checked when the write begins: none may exist unless
    ``force``. The output folder is locked for the write (gongwen.output_lock: a second run
    is refused) and what an interrupted earlier run left there is settled first
    (gongwen.output_journal). ``add`` hands a file to a writer thread, which writes it into a
    private staging folder (``.~gongwen-…``) beside its target while the caller goes on
    rendering, so a batch of thousands is never held in memory and the disk's waits overlap
    the work. Folders are opened and files created and moved through handles that a link
    swapped in cannot redirect (gongwen.output_tree). ``commit`` records the moves in a
    journal and then moves every file into place, an existing file moved aside first; a
    failure at any point (a full disk, a permission, an interruption, an error before
    ``commit``, even ``kill -9``: the next run rolls it back) leaves the folder as it was: no
    partial file, no temporary file, no new folder, every old file untouched. Use it as a
    context manager: leaving it without ``commit`` undoes it.
    """

    IN_FLIGHT = 64  # files handed over and not yet written, at most

    def __init__(self, root: str | Path, relpaths: Iterable[str], force: bool = False) -> None:
        self.root = Path(root)
        self.targets = _targets(self.root, relpaths)
        self.places = {rel: _place(rel) for rel in self.targets}
        self.committed = False
        self._made_roots = _make_root(self.root)
        self.tree = None
        self.lock = None
        try:
            self.tree = open_tree(self.root)
            self.lock = OutputLock(self.root)
            recover(self.tree, {folder for folder, _ in self.places.values()})
            existing = [str(self.targets[rel]) for rel in self.targets if self._exists(rel)]
            if existing and not force:
                raise OutputExistsError(existing)
        except BaseException as exc:
            self._close()
            if isinstance(exc, OSError):
                raise self._failed(exc) from None
            raise
        self.journal = Journal()
        self.staged: dict[str, str] = {}  # relative path -> its file in its staging folder
        self.sha256: dict[str, str] = {}  # relative path -> the sha256 of what was written
        self.stages: dict[Folder, Folder] = {}  # target folder -> its staging folder
        self._queue: queue.Queue = queue.Queue(self.IN_FLIGHT)
        self._error: BaseException | None = None
        # started at the first file, so that processes forked before it (a batch's workers)
        # are not forked from a process running threads
        self._thread = threading.Thread(target=self._run, name="gongwen-write", daemon=True)

    def _exists(self, relpath: str) -> bool:
        folder, name = self.places[relpath]
        try:
            return self.tree.lstat(folder, name) is not None
        except FileNotFoundError:
            return False

    def add(self, relpath: str, data: bytes) -> None:
        """Write ``data`` for ``relpath`` (one of the targets); a failed write is raised here
        or by ``commit``."""
        check_interrupt()
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
        folder, _ = self.places[relpath]
        try:
            stage = self._stage(folder)
            tmp = f"{len(self.staged)}.tmp"
            write_new(self.tree, stage, tmp, data)
            self.staged[relpath] = tmp
            self.sha256[relpath] = hashlib.sha256(data).hexdigest()
        except OSError as exc:
            raise self._failed(exc) from None

    def _stage(self, folder: Folder) -> Folder:
        if folder not in self.stages:
            self.tree.folder(folder, create=True, made=self.journal.made)
            stage = self.tree.make_stage(folder)
            self.stages[folder] = stage
            self.journal.stages.append(stage)
            self.journal.save(self.tree)  # a run killed now leaves nothing the next keeps
        return self.stages[folder]

    def _drain(self) -> None:
        """Wait until every file handed over is written; the first failure is raised."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def written(self) -> dict[str, str]:
        """Once every file handed over is written: {relative path: sha256 of its bytes}."""
        self._drain()
        return dict(self.sha256)

    def commit(
        self, replace: Mapping[str, bytes] | None = None, remove: Iterable[str] = ()
    ) -> list[Path]:
        """Move every staged file into place; the targets, in the order they were given.

        In the same journalled move, ``replace`` ({relative path: bytes}, such as the build's
        record) is written over what is there, force or not, and the files ``remove`` names
        are moved out; the folders that removing them leaves empty go after it. A run killed
        at any point therefore leaves all of it done or none of it.
        """
        check_interrupt()
        self._drain()
        missing = [rel for rel in self.targets if rel not in self.staged]
        if missing:
            raise OutputError(f"内部错误：{missing[0]} 没有内容，未写入任何文件。")
        journal = self.journal
        removed: list[Folder] = []
        try:
            replace = dict(replace or {})
            remove = list(remove)
            _targets(self.root, [*replace, *remove])  # inside the root, not through a link
            for rel, data in replace.items():
                self.places[rel] = _place(rel)
                self._write(rel, data)
            for n, (rel, tmp) in enumerate(self.staged.items()):
                folder, name = self.places[rel]
                existed = self.tree.lstat(folder, name) is not None
                journal.moves.append(
                    Move(folder, name, self.stages[folder], tmp, f"{n}.bak", existed)
                )
            for n, rel in enumerate(remove, len(journal.moves)):
                folder, name = _place(rel)
                if self.tree.lstat(folder, name) is None:
                    continue
                journal.moves.append(Move(folder, name, self._stage(folder), "", f"{n}.bak", True))
                removed.append(folder)
            move_all(self.tree, journal)
        except BaseException as exc:
            self.committed = True  # rolled back: nothing left for __exit__ to undo
            self._undo()
            if isinstance(exc, OSError):
                raise self._failed(exc) from None
            raise
        self.committed = True
        self._remove_emptied(removed)
        self._close()
        return list(self.targets.values())

    def _remove_emptied(self, folders: list[Folder]) -> None:
        """Remove the folders (below the top one) that removing files left empty."""
        for folder in sorted(set(folders), key=len, reverse=True):
            while len(folder) > 1:
                try:
                    self.tree.rmdir(folder)
                except OSError:
                    break
                folder = folder[:-1]

    def abort(self) -> None:
        """Remove every staged file and the folders made for them."""
        with contextlib.suppress(BaseException):
            self._drain()
        self._undo()

    def _undo(self) -> None:
        with contextlib.suppress(OSError):
            roll_back(self.tree, self.journal)
            self.journal.discard(self.tree)
        self.staged.clear()
        self._close()

    def _close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        if self.tree is not None:
            self.tree.close()
            self.tree = None
            if not self.committed:
                _remove_empty(self._made_roots)
        else:
            _remove_empty(self._made_roots)

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


@contextlib.contextmanager
def locked_output(root: str | Path) -> Iterator:
    """The output folder ``root`` (made if missing) opened and locked for one run, with what
    an interrupted run left there settled first; yields its tree (gongwen.output_tree).
    A folder this made is removed again if it is left empty."""
    root = Path(root)
    made = _make_root(root)
    tree = None
    lock = None
    try:
        tree = open_tree(root)
        lock = OutputLock(root)
        recover(tree)
        yield tree
    finally:
        if lock is not None:
            lock.release()
        if tree is not None:
            tree.close()
        _remove_empty(made)


def write_files(root: str | Path, files: Mapping[str, bytes], force: bool = False) -> list[Path]:
    """Write ``files`` ({relative path: bytes}) under ``root``, all or nothing (StagedWrite)."""
    with StagedWrite(root, files, force) as staging:
        for rel, data in files.items():
            staging.add(rel, data)
        return staging.commit()
