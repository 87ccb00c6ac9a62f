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

from gongwen.compiled import CompiledTemplate, compiled_template

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


# this worker process's templates, prepared once, and the post-render pass of its documents
_prepared: dict[Path, CompiledTemplate] = {}
_finish: Callable | None = None


def _start_worker(paths: Sequence[Path], finish: Callable | None) -> None:
    """Prepare every template once in this worker process."""
    global _finish
    _finish = finish
    for path in paths:
        _prepared[path] = compiled_template(path)


def _render_chunk(tasks: Sequence[Task]) -> list[list | _Failed]:
    """The rendered parts of ``tasks``' documents, up to and including the first that fails.

    Only the parts that change travel back (a few kB, not the whole .docx); the parent
    process puts each document together with the template's other parts."""
    out: list[list | _Failed] = []
    for path, context in tasks:
        try:
            out.append(_prepared[path].render_parts(context, _finish))
        except Exception as exc:  # raised in the parent, at this task's place
            out.append(_Failed(exc))
            break
    return out


def render_batch(
    tasks: Sequence[Task], finish: Callable | None = None, jobs: int | None = None
) -> Iterator[bytes]:
    """Each task's finished .docx, in task order; ``jobs`` worker processes (default: cores).

    ``finish`` is the format engine's post-render pass (it must be a module-level function,
    to reach the workers). The first failing task's error is raised after the documents of
    the tasks before it.
    """
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or len(tasks) < IN_PROCESS_BELOW:
        prepared: dict[Path, CompiledTemplate] = {}
        for path, context in tasks:
            if path not in prepared:
                prepared[path] = compiled_template(path)
            yield prepared[path].render(context, finish)
        return
    yield from _in_workers(tasks, finish, jobs)


def _in_workers(tasks: Sequence[Task], finish: Callable | None, jobs: int) -> Iterator[bytes]:
    from concurrent.futures import ProcessPoolExecutor

    # a bad template is reported here, before any worker starts
    prepared = {path: compiled_template(path) for path, _ in tasks}
    paths = list(prepared)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(CHUNK, len(tasks) // (jobs * AHEAD)))
    chunks = iter([tasks[i : i + size] for i in range(0, len(tasks), size)])
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(paths, finish)
    ) as pool:
        # a few chunks ahead per worker: busy workers, and memory bounded however many rows
        pending = deque()
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
