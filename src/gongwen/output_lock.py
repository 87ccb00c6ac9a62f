"""One run at a time per output folder: an exclusive lock held while a build or a package
writes there, so a second run is refused instead of silently replacing the first's files.

On POSIX systems the output folder itself is locked (``flock`` on its handle: nothing is left
behind, and the lock goes when the process ends, however it ends). Windows cannot lock a
folder, so there a lock file ``.~gongwen.lock`` inside it is locked with ``msvcrt`` and
removed when the run ends.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gongwen.errors import OutputError

LOCK_FILE = ".~gongwen.lock"


class OutputLocked(OutputError):
    """Another run holds the output folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"输出文件夹 {folder} 正被另一个 gongwen 运行（生成或打包）使用，本次运行已停止，"
            "未改动任何文件。请等那次运行结束后再试，或用 -o 指定另一个输出文件夹。"
        )


class OutputLock:
    """The lock on one output folder (which exists); ``release`` or leave the ``with``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fd: int | None = None
        self._file: Path | None = None
        try:
            import fcntl
        except ImportError:  # Windows
            self._lock_file()
            return
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLocked(folder) from None
        self._fd = fd

    def _lock_file(self) -> None:  # pragma: no cover - Windows only
        import msvcrt

        path = self.folder / LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(fd)
            raise OutputLocked(self.folder) from None
        self._fd, self._file = fd, path

    def release(self) -> None:
        if self._fd is None:
            return
        if self._file is not None:  # pragma: no cover - Windows only
            import msvcrt

            with contextlib.suppress(OSError):
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)
        else:  # forked workers share the handle: unlock it for them too
            import fcntl

            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
        if self._file is not None:  # pragma: no cover - Windows only
            with contextlib.suppress(OSError):
                self._file.unlink()

    def __enter__(self) -> OutputLock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()
