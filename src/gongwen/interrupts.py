"""Ending cleanly when stopped: SIGTERM and Ctrl-C end LibreOffice and every worker, remove
temporary files, and print a message instead of a traceback.

``stop_on_signals`` (the command line calls it) turns SIGTERM and SIGINT into
``KeyboardInterrupt`` after ending the child process groups that ``tracked`` knows
(LibreOffice runs in a session of its own, so a terminal's Ctrl-C does not reach it), and
no new one starts after that; ``check`` raises it again where a run writes, should Python
have dropped it. ``quiet_worker`` is called in each forked worker: it ignores
Ctrl-C (the parent handles it; no traceback from workers) and ends the worker when its
parent is gone, however the parent ended (``kill -9`` included), by watching
``os.getppid()``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

PARENT_CHECK_SECONDS = 0.5
INTERRUPTED = 130  # the exit status of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT)
INTERRUPTED_MESSAGE = "\n已中断：本次运行已停止，未完成的输出和临时文件已删除，原有文件未改动。"
_children: set[Any] = set()
_lock = threading.Lock()
_stopping = threading.Event()


def stopping() -> bool:
    """Whether the run has been told to stop (no new child process should start)."""
    return _stopping.is_set()


def _end(process: Any) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def end_children() -> None:
    """End every tracked child process group now."""
    with _lock:
        for process in list(_children):
            _end(process)


@contextlib.contextmanager
def tracked(process: Any) -> Iterator[Any]:
    """Keep ``process`` (the leader of its own process group) to end should the run stop."""
    with _lock:
        _children.add(process)
    if stopping():
        _end(process)
    try:
        yield process
    finally:
        with _lock:
            _children.discard(process)


_main_pid = 0  # the process that installed the handlers
_holding = False  # the main thread is starting workers (``held``)


def _interrupt(signum: int, frame: Any) -> None:
    if os.getpid() != _main_pid:  # a worker forked a moment ago, before quiet_worker ran
        if signum == signal.SIGINT:
            return  # Ctrl-C is the parent's to handle
        os._exit(128 + signum)
    _stopping.set()
    end_children()
    if _holding:  # workers are starting: raised when they are (``held``)
        return
    if not _in_finaliser(frame):  # there Python would print and drop it: ``check`` raises it
        raise KeyboardInterrupt


def _in_finaliser(frame: Any) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def check() -> None:
    """Raise KeyboardInterrupt if the run was told to stop: a signal's exception can land
    where Python drops it (in a ``__del__``), so the writers look here too."""
    if _stopping.is_set() and os.getpid() == _main_pid:
        raise KeyboardInterrupt


def stop_on_signals() -> None:
    """In the main thread: SIGTERM and SIGINT end the children and raise KeyboardInterrupt."""
    global _main_pid
    _stopping.clear()
    _main_pid = os.getpid()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupt)
        with contextlib.suppress(AttributeError, ValueError):
            signal.signal(signal.SIGTERM, _interrupt)


def _watch(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:  # the parent is gone: this process was handed to another
            os._exit(1)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold the interrupt back while worker processes and their threads start: raised in
    the middle of a fork or of a thread's start, it would leave CPython's pool half made (a
    traceback instead of the message). A signal that comes meanwhile still ends the
    children at once; its KeyboardInterrupt is raised when the block ends. Only the main
    thread, where signal handlers run, holds anything."""
    global _holding
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outer, _holding = _holding, True
    try:
        yield
    finally:
        _holding = outer
    if not outer:
        check()


def quiet_worker() -> None:
    """In a forked worker: ignore Ctrl-C and end when the parent process ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(AttributeError, ValueError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True).start()


def exit_interrupted(exit_with: Callable[[int], Any]) -> None:
    """After an interrupt has unwound the run (its writes undone, its folders removed): end
    the children and exit with INTERRUPTED. The command line's own process ends at once,
    ignoring further signals, so that nothing in the interpreter's shutdown can be
    interrupted again; elsewhere (a test's runner) ``exit_with`` is called."""
    end_children()
    if os.getpid() != _main_pid:
        exit_with(INTERRUPTED)
        return
    for signum in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if signum is not None:
            signal.signal(signum, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(INTERRUPTED)
