"""Work that takes seconds (builds, PDFs, packages) in background threads, with progress.

Each job has its own temporary folder under the server's root and belongs to the browser
session that started it; another session asking for it gets nothing. A job's errors become
its message: the project's own errors in their Chinese words, anything else a generic
Chinese message (and a log entry with the traceback, never shown in the page).
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.errors import GongwenError

log = logging.getLogger("gongwen.web")

RUNNING, DONE, PROBLEMS, FAILED = "running", "done", "problems", "failed"
KEEP_SECONDS = 4 * 3600  # a job's files are removed this long after it started
UNEXPECTED = "处理时发生了意外错误，未能完成。请重试；如仍不行，请关闭并重新运行 gongwen serve。"


@dataclass
class Job:
    """One piece of work and what the pages show of it."""

    id: str
    owner: str
    kind: str  # build, package, check
    folder: Path
    created: float = field(default_factory=time.monotonic)
    state: str = RUNNING
    step: str = "正在准备"
    done: int = 0
    total: int = 0
    message: str = ""
    data: dict = field(default_factory=dict)

    def progress(self, step: str) -> Callable[[int, int], None]:
        """A ``progress(done, total)`` callback for the core that reports under ``step``."""
        self.step, self.done, self.total = step, 0, 0

        def report(done: int, total: int) -> None:
            self.step, self.done, self.total = step, done, total

        return report

    def scrub(self, message: str) -> str:
        """A message with the server's paths of the uploads replaced by the names the user
        gave them (``data['names']``: stored path -> name), and no other path of the job."""
        for path, name in self.data.get("names", {}).items():
            message = message.replace(str(path), name)
        return message.replace(f"{self.folder}{os.sep}", "").replace(str(self.folder), "")

    def as_progress(self) -> dict:
        return {
            "state": self.state,
            "step": self.step,
            "done": self.done,
            "total": self.total,
            "message": self.message,
        }


class Jobs:
    """The jobs of one server, each in a folder under ``root`` (removed by ``close``)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or tempfile.mkdtemp(prefix="gongwen-serve-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def create(self, owner: str, kind: str) -> Job:
        self.expire()
        job_id = secrets.token_urlsafe(16)
        folder = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=self.root))
        job = Job(job_id, owner, kind, folder)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job if it exists and belongs to ``owner``; else None."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or not secrets.compare_digest(job.owner, owner):
            return None
        return job

    def run(self, job: Job, work: Callable[[Job], None], background: bool = True) -> None:
        """Run ``work(job)``; it sets the job's state, or its error does."""

        def target() -> None:
            try:
                work(job)
                if job.state == RUNNING:
                    job.state = DONE
            except GongwenError as error:
                job.message, job.state = job.scrub(error.message), FAILED
            except Exception:
                log.exception("job %s (%s) failed", job.id, job.kind)
                job.message, job.state = UNEXPECTED, FAILED

        if background:
            threading.Thread(target=target, name=f"gongwen-{job.kind}", daemon=True).start()
        else:
            target()

    def remove(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)
        shutil.rmtree(job.folder, ignore_errors=True)

    def expire(self, now: float | None = None) -> None:
        """Remove the jobs (and files) older than KEEP_SECONDS that are not running."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [
                j
                for j in self._jobs.values()
                if now - j.created > KEEP_SECONDS and j.state != RUNNING
            ]
        for job in old:
            self.remove(job)

    def close(self) -> None:
        """Forget every job and remove every file (at the server's exit)."""
        with self._lock:
            self._jobs.clear()
        shutil.rmtree(self.root, ignore_errors=True)
