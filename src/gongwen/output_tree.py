"""The output folder as handles that a link swapped in cannot redirect.

Every subfolder is opened relative to its parent's handle without following a link
(``O_DIRECTORY | O_NOFOLLOW``), new files are created in a handle with ``O_EXCL | O_NOFOLLOW``
and moved with ``os.rename(..., src_dir_fd=, dst_dir_fd=)``. A folder replaced by a link while
a build runs therefore either stops the build (the link is refused when the folder is first
opened) or changes nothing (the files go into the folder that was opened). Where the system
has no directory handles (Windows), ``CheckedTree`` does the same by path, checking just before
each create and move that no part of the path is a link and that it lies inside the root.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from gongwen.errors import OutputError

STAGE_PREFIX = ".~gongwen-"
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)
HAS_HANDLES = (
    hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
    and {os.open, os.mkdir, os.rename, os.unlink, os.rmdir, os.stat} <= os.supports_dir_fd
)

Folder = tuple[str, ...]  # a folder as its names below the root


def escaped(where: str) -> OutputError:
    return OutputError(
        f"输出路径 {where} 在写入过程中被换成了链接或移出了输出文件夹，已停止并撤销本次写入。"
        "请检查是否有其他程序在改动输出文件夹。"
    )


class HandleTree:
    """The root and its subfolders as open directory handles (see the module)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.fds: dict[Folder, int] = {(): os.open(root, _DIR_FLAGS | os.O_CLOEXEC)}

    def folder(self, folder: Folder, create: bool = False, made: list | None = None) -> int:
        """The handle of ``folder``, made (and recorded in ``made``) when ``create``;
        ``FileNotFoundError`` when it is missing and not ``create``."""
        if folder in self.fds:
            return self.fds[folder]
        parent = self.folder(folder[:-1], create, made)
        name = folder[-1]
        if create:
            try:
                os.mkdir(name, 0o777, dir_fd=parent)
                if made is not None:
                    made.append(folder)
            except FileExistsError:
                pass
        try:
            fd = os.open(name, _DIR_FLAGS | os.O_CLOEXEC, dir_fd=parent)
        except OSError as exc:
            if exc.errno in {errno.ELOOP, errno.ENOTDIR}:  # a link or a file where a folder was
                raise escaped("/".join(folder)) from None
            raise
        self.fds[folder] = fd
        return fd

    def lstat(self, folder: Folder, name: str) -> os.stat_result | None:
        try:
            return os.stat(name, dir_fd=self.folder(folder), follow_symlinks=False)
        except FileNotFoundError:
            return None

    def new_file(self, folder: Folder, name: str) -> int:
        return os.open(name, _NEW_FILE | os.O_CLOEXEC, 0o666, dir_fd=self.folder(folder))

    def read(self, folder: Folder, name: str) -> bytes:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.folder(folder))
        with os.fdopen(fd, "rb") as f:
            return f.read()

    def make_stage(self, folder: Folder) -> Folder:
        """A new private folder ``.~gongwen-…`` in ``folder``."""
        parent = self.folder(folder)
        while True:
            name = STAGE_PREFIX + secrets.token_hex(4)
            try:
                os.mkdir(name, 0o700, dir_fd=parent)
                return (*folder, name)
            except FileExistsError:
                continue

    def rename(self, src: tuple[Folder, str], dst: tuple[Folder, str]) -> None:
        os.rename(src[1], dst[1], src_dir_fd=self.folder(src[0]), dst_dir_fd=self.folder(dst[0]))

    def unlink(self, folder: Folder, name: str) -> None:
        os.unlink(name, dir_fd=self.folder(folder))

    def rmdir(self, folder: Folder) -> None:
        parent = self.folder(folder[:-1])
        fd = self.fds.pop(folder, None)
        if fd is not None:
            os.close(fd)
        os.rmdir(folder[-1], dir_fd=parent)

    def listdir(self, folder: Folder) -> list[str]:
        return os.listdir(self.folder(folder))

    def close(self) -> None:
        for fd in self.fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()


class CheckedTree:
    """The same operations by path, each path checked just before it is used (no handles)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = root.resolve()

    def path(self, folder: Folder, name: str | None = None) -> Path:
        """The path of ``folder`` (or ``name`` in it) after checking that no part of it is a
        link and that it resolves inside the root."""
        path = self.root
        for depth, part in enumerate(folder, 1):
            path = path / part
            if path.is_symlink():
                raise escaped("/".join(folder[:depth]))
        if path.exists() and not path.resolve().is_relative_to(self.real):
            raise escaped("/".join(folder))
        return path / name if name is not None else path

    def folder(self, folder: Folder, create: bool = False, made: list | None = None) -> Path:
        for depth in range(1, len(folder) + 1):
            path = self.path(folder[:depth])
            if create and not path.exists():
                path.mkdir()
                if made is not None:
                    made.append(folder[:depth])
        path = self.path(folder)
        if not path.is_dir():
            raise FileNotFoundError(path)
        return path

    def lstat(self, folder: Folder, name: str) -> os.stat_result | None:
        try:
            return os.lstat(self.path(folder, name))
        except FileNotFoundError:
            return None

    def new_file(self, folder: Folder, name: str) -> int:
        return os.open(self.path(folder, name), _NEW_FILE, 0o666)

    def read(self, folder: Folder, name: str) -> bytes:
        return self.path(folder, name).read_bytes()

    def make_stage(self, folder: Folder) -> Folder:
        while True:
            name = STAGE_PREFIX + secrets.token_hex(4)
            try:
                self.path(folder, name).mkdir(0o700)
                return (*folder, name)
            except FileExistsError:
                continue

    def rename(self, src: tuple[Folder, str], dst: tuple[Folder, str]) -> None:
        os.replace(self.path(*src), self.path(*dst))

    def unlink(self, folder: Folder, name: str) -> None:
        os.unlink(self.path(folder, name))

    def rmdir(self, folder: Folder) -> None:
        os.rmdir(self.path(folder))

    def listdir(self, folder: Folder) -> list[str]:
        return os.listdir(self.path(folder))

    def close(self) -> None:
        pass


def open_tree(root: Path) -> HandleTree | CheckedTree:
    """The output folder ``root`` (which exists) opened for writing."""
    if HAS_HANDLES:
        return HandleTree(root)
    return CheckedTree(root)


def write_new(tree: HandleTree | CheckedTree, folder: Folder, name: str, data: bytes) -> None:
    """Create the file ``name`` in ``folder`` (refused if it exists) and write ``data`` to it;
    a full disk fails here, with ENOSPC."""
    fd = tree.new_file(folder, name)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def is_folder(info: os.stat_result | None) -> bool:
    return info is not None and stat.S_ISDIR(info.st_mode)
