"""Work a build does beside its rendering, in a forked process.

Checking the workbook's text and making the extra files (the village summary workbook)
need only the campaign, not the rendered documents; for a large batch they run in a
process of their own while the documents render, so the machine's cores are busy
throughout. Small builds, and systems without ``fork``, do the work at once, in process.

The process is a bare fork with a pipe (no pool, no helper thread), so a process forked
later, such as a batch's workers, is not forked from a process running threads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import TypeVar

from gongwen.interrupts import held

T = TypeVar("T")


def _child(work: Callable, conn) -> None:
    from gongwen.interrupts import quiet_worker

    quiet_worker()
    try:
        conn.send((True, work()))
    except BaseException as error:  # handed to the parent, raised there
        conn.send((False, error))
    finally:
        conn.close()


def can_fork() -> bool:
    """Whether this system can fork processes (Windows cannot: it only spawns them)."""
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


def beside(work: Callable[[], T], *, overlap: bool) -> Callable[[], T]:
    """Start ``work``; return a function that waits for its result (or raises its error).

    With ``overlap``, and where processes can be forked, ``work`` runs in a forked process
    (it is not pickled: the child has it from the fork); otherwise it runs now.
    """
    if not overlap or not can_fork():
        value = work()
        return lambda: value
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(work, send), daemon=True)
    with held():  # a signal in the middle of the fork would leave it half made
        process.start()
    send.close()

    def result() -> T:
        try:
            ok, value = receive.recv()
        except EOFError:  # the process died without a word
            raise RuntimeError("side work ended without a result") from None
        finally:
            receive.close()
            process.join()
        if not ok:
            raise value
        return value

    return result
