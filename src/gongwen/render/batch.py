"""Rendering many documents, in worker processes when there are many.

``render_batch`` takes (template path, values) tasks and yields each finished .docx in task
order. With more than one job and at least ``IN_PROCESS_BELOW`` tasks, the tasks go in
chunks to a pool of worker processes; each worker prepares its templates once, when it
starts (``_start_worker``), and a chunk comes back whole. An error is raised at its own
task's place in the order: the documents before it are yielded first, whichever worker
finished first.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gongwen.interrupts import held, quiet_worker
from gongwen.render.side_process import can_fork
from gongwen.render.template import CompiledTemplate, compiled_template

IN_PROCESS_BELOW = 50  # fewer documents than this are rendered without workers
CHUNK = 32  # documents a worker renders per request
AHEAD = 4  # chunks requested ahead per worker
Task = tuple[Path, dict]  # (template path, values)


def default_jobs() -> int:
    """The number of worker processes a batch uses when not told: the usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Failed:
    """A task's error, carried back from a worker to be raised in order."""

    error: BaseException


class _Renderer:
    """Templates prepared once, the post-render pass, and the read-back of every document."""

    def __init__(self, finish: Callable | None, readback: bool, fonts=None) -> None:
        self.finish = finish
        self.readback = readback
        self.fonts = fonts  # gongwen.formatting.font_sets.FontSet the faces are renamed to, if any
        self.templates: dict[Path, CompiledTemplate] = {}
        self.printed: dict[Path, frozenset] = {}

    def prepare(self, path: Path) -> CompiledTemplate:
        if path not in self.templates:
            self.templates[path] = compiled_template(path, self.fonts)
            if self.readback:
                from gongwen.render.readback import printed_paths

                self.printed[path] = printed_paths(path)
        return self.templates[path]

    def parts(self, path: Path, context: dict) -> list:
        """The rendered parts of one document, each printed value read back from them."""
        parts = self.prepare(path).render_parts(context, self.finish)
        if self.readback and self.printed[path]:
            from gongwen.render.readback import parts_text, verify_text

            verify_text(self.printed[path], context, parts_text(parts))
        return parts


# this worker process's renderer, set up once when the worker starts
_worker: _Renderer | None = None


def _start_worker(
    paths: Sequence[Path], finish: Callable | None, readback: bool, fonts=None
) -> None:
    """Prepare every template once in this worker process."""
    global _worker
    quiet_worker()  # Ctrl-C is the parent's; end with the parent, however it ends
    _worker = _Renderer(finish, readback, fonts)
    for path in paths:
        _worker.prepare(path)


def _render_chunk(tasks: Sequence[Task]) -> list[list | _Failed]:
    """The rendered parts of ``tasks``' documents, up to and including the first that fails.

    Only the parts that change travel back (a few kB, not the whole .docx); the parent
    process puts each document together with the template's other parts."""
    out: list[list | _Failed] = []
    for path, context in tasks:
        try:
            out.append(_worker.parts(path, context))
        except Exception as exc:  # raised in the parent, at this task's place
            out.append(_Failed(exc))
            break
    return out


def render_batch(
    tasks: Sequence[Task],
    finish: Callable | None = None,
    jobs: int | None = None,
    *,
    readback: bool = False,
    fonts=None,
) -> Iterator[bytes]:
    """Each task's finished .docx, in task order; ``jobs`` worker processes (default: cores).

    ``finish`` is the format engine's post-render pass (it must be a module-level function,
    to reach the workers). With ``readback``, every value a template prints is looked for in
    its document where it was rendered (``gongwen.render.readback``; a miss raises ReadbackError).
    The first failing task's error is raised after the documents of the tasks before it.
    ``fonts``: the ``gongwen.formatting.font_sets.FontSet`` every template's faces are renamed to.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(tasks) < IN_PROCESS_BELOW:
        renderer = _Renderer(finish, readback, fonts)
        for path, context in tasks:
            yield renderer.prepare(path).assemble(renderer.parts(path, context))
        return
    yield from _in_workers(tasks, finish, jobs, readback, fonts)


def _in_workers(
    tasks: Sequence[Task], finish: Callable | None, jobs: int, readback: bool, fonts=None
) -> Iterator[bytes]:
    from concurrent.futures import ProcessPoolExecutor

    # a bad template is reported here, before any worker starts
    prepared = {p: compiled_template(p, fonts) for p in dict.fromkeys(p for p, _ in tasks)}
    paths = list(prepared)
    # forked workers start at once; where fork is missing (Windows) they are spawned: a fresh
    # interpreter each, given the module-level initializer and the template paths
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    size = max(1, min(CHUNK, len(tasks) // (jobs * AHEAD)))
    chunks = iter([tasks[i : i + size] for i in range(0, len(tasks), size)])
    with ProcessPoolExecutor(
        jobs,
        mp_context=context,
        initializer=_start_worker,
        initargs=(paths, finish, readback, fonts),
    ) as pool:
        # a few chunks ahead per worker: busy workers, and memory bounded however many rows
        pending = deque()
        with held():  # the first request forks the workers and starts the pool's thread
            for chunk in itertools.islice(chunks, jobs * AHEAD):
                pending.append((chunk, pool.submit(_render_chunk, chunk)))
        try:
            while pending:
                chunk, future = pending.popleft()
                results = future.result()
                following = next(chunks, None)
                if following is not None:
                    pending.append((following, pool.submit(_render_chunk, following)))
                for (path, _), result in zip(chunk, results, strict=False):  # stops at a failure
                    if isinstance(result, _Failed):
                        raise result.error
                    yield prepared[path].assemble(result)
        finally:
            for _, future in pending:
                future.cancel()
