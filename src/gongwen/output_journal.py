"""A write's journal, so that a run killed at any point (``kill -9``) loses or mixes no file.

Before a write puts its files in place it records, in ``.~gongwen-journal.json`` in the output
folder, every move it is about to make: staged file → target, and, for a target that exists,
target → a backup in the staging folder. Once every file is in place the journal is marked
done; then the backups and staging folders go, and the journal last. The next run in that
folder, holding its lock, reads a journal left behind before anything else: a write cut off
while moving is rolled back (each old file back from its backup, each new file removed), one
cut off after it was done is finished (the backups removed). Then every staging folder that
an interrupted run left there (``.~gongwen-*``, ``.~gongwen-package-*``) is removed. Every
step is safe to repeat, so an interruption of the recovery is recovered the same way.
Nothing is flushed to the disk (no fsync): the journal guards against a process ending, not
against the machine losing power mid-write.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from gongwen.output_tree import STAGE_PREFIX, Folder, is_folder, write_new

JOURNAL = ".~gongwen-journal.json"
_JOURNAL_TMP = ".~gongwen-journal.tmp"
STAGING, MOVING, DONE = "staging", "moving", "done"


@dataclass
class Move:
    """One target: its folder and name, its staged file and its backup in ``stage``. A file
    being removed has no staged file (``tmp`` is empty): it is only moved to its backup."""

    folder: Folder
    name: str
    stage: Folder
    tmp: str
    bak: str
    existed: bool


@dataclass
class Journal:
    """What a write has made and is about to move (see the module)."""

    state: str = STAGING
    stages: list[Folder] = field(default_factory=list)
    made: list[Folder] = field(default_factory=list)  # folders created, in creation order
    moves: list[Move] = field(default_factory=list)

    def save(self, tree) -> None:
        """Write the journal atomically (a whole old one or a whole new one is on disk)."""
        data = json.dumps(asdict(self), ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(FileNotFoundError):
            tree.unlink((), _JOURNAL_TMP)
        write_new(tree, (), _JOURNAL_TMP, data)
        tree.rename(((), _JOURNAL_TMP), ((), JOURNAL))

    def discard(self, tree) -> None:
        for name in (_JOURNAL_TMP, JOURNAL):
            with contextlib.suppress(FileNotFoundError):
                tree.unlink((), name)


def _load(tree) -> Journal | None:
    info = tree.lstat((), JOURNAL)
    if info is None:
        return None
    if not stat.S_ISREG(info.st_mode):
        return Journal()
    try:
        raw = json.loads(tree.read((), JOURNAL))
        moves = [
            Move(tuple(m.pop("folder")), stage=tuple(m.pop("stage")), **m) for m in raw["moves"]
        ]
        journal = Journal(
            raw["state"],
            [tuple(s) for s in raw["stages"]],
            [tuple(m) for m in raw["made"]],
            moves,
        )
    except (ValueError, KeyError, TypeError):
        return Journal()  # not one of ours, or cut short: only the clean-up below
    names = [p for m in journal.moves for p in (*m.folder, m.name, *m.stage, m.bak)]
    names += [m.tmp for m in journal.moves if m.tmp or not m.existed]
    names += [p for f in (*journal.stages, *journal.made) for p in f]
    if not all(_plain(name) for name in names):
        return Journal()
    return journal


def _plain(name: object) -> bool:
    return (
        isinstance(name, str)
        and name not in {"", ".", ".."}
        and not any(c in name for c in "/\\\0")
    )


def move_all(tree, journal: Journal) -> None:
    """Make the journal's moves: each existing target aside to its backup, each staged file
    (or folder) into place. Recorded first, marked done last; undone on any failure."""
    journal.state = MOVING
    journal.save(tree)
    try:
        for move in journal.moves:
            if move.existed:
                tree.rename((move.folder, move.name), (move.stage, move.bak))
            if move.tmp:
                tree.rename((move.stage, move.tmp), (move.folder, move.name))
        journal.state = DONE
        journal.save(tree)
    except BaseException:
        with contextlib.suppress(OSError):
            roll_back(tree, journal)
            journal.discard(tree)
        raise
    finish(tree, journal)
    journal.discard(tree)


def roll_back(tree, journal: Journal) -> None:
    """Put back every old file and remove every new one (a move cut short), then clean up."""
    for move in reversed(journal.moves):
        with contextlib.suppress(OSError):
            if tree.lstat(move.stage, move.bak) is not None:
                _remove(tree, move.folder, move.name)  # a new one placed (a folder stays)
                tree.rename((move.stage, move.bak), (move.folder, move.name))
            elif not move.existed and tree.lstat(move.stage, move.tmp) is None:
                _remove(tree, move.folder, move.name)  # a new one already placed
    remove_stages(tree, journal.stages)
    for folder in reversed(journal.made):
        with contextlib.suppress(OSError):
            tree.rmdir(folder)


def finish(tree, journal: Journal) -> None:
    """Remove what a finished write left: its backups and staging folders."""
    remove_stages(tree, journal.stages)


def remove_stages(tree, stages: Iterable[Folder]) -> None:
    for stage in stages:
        with contextlib.suppress(OSError):
            for name in tree.listdir(stage):
                _remove(tree, stage, name)
            tree.rmdir(stage)


def _remove(tree, folder: Folder, name: str) -> None:
    """Remove a file, or a whole folder (a package's), never following a link."""
    info = tree.lstat(folder, name)
    if is_folder(info):
        shutil.rmtree(tree.root.joinpath(*folder, name), ignore_errors=True)
    elif info is not None:
        tree.unlink(folder, name)


def recover(tree, folders: Iterable[Folder] = ()) -> None:
    """Before a run writes: settle what an interrupted run left (see the module), and remove
    stale staging folders in the root and in ``folders``."""
    journal = _load(tree)
    if journal is not None:
        if journal.state == DONE:
            finish(tree, journal)
        else:
            roll_back(tree, journal)
        journal.discard(tree)
    with contextlib.suppress(FileNotFoundError):
        tree.unlink((), _JOURNAL_TMP)
    for folder in {(), *folders}:
        try:
            names = tree.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(STAGE_PREFIX) and is_folder(tree.lstat(folder, name)):
                _remove(tree, folder, name)
