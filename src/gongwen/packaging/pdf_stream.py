"""Documents converted to PDF while the rest of a package is still being made.

``gongwen package`` hands each document to a ``PdfStream`` as soon as the build has rendered
it. With LibreOffice kept running (``gongwen.packaging.pdf_service``) a thread sends it there at
once, so LibreOffice converts one document, in its own process, while this one renders, draws
and checks the next: the PDFs are ready about when the last document is. Without the service,
or with the user's own fonts (``--fonts``, which the running LibreOffice does not use), the
documents wait and are converted in one batch (``gongwen.packaging.pdf``) when their PDFs are
asked for. Either way a failure names every document that did not convert, and no PDF is
returned.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from gongwen import interrupts
from gongwen.errors import RenderError
from gongwen.packaging import pdf

Progress = Callable[[int, int], None]
STOP_WAIT = 10.0  # seconds a closing stream waits for the conversion under way


class PdfStream:
    """Documents in, PDFs out, in the folder ``folder`` (which the caller removes)."""

    def __init__(
        self,
        folder: Path,
        fonts_dir: str | os.PathLike[str] | None = None,
        progress: Progress | None = None,
    ) -> None:
        from gongwen.packaging.pdf_service import running

        self.folder = folder
        self.fonts_dir = fonts_dir
        self.progress = progress
        self.expected = 0  # the documents progress counts towards, when the caller knows
        self.service = running() if fonts_dir is None else None
        self._sources: dict[str, Path] = {}  # key -> the document's copy
        self._names: dict[Path, str] = {}  # the copy -> the document's own file name
        self._waiting: list[str] = []  # keys not yet converted (no service)
        self._pdfs: dict[str, Path] = {}
        self._failures: list[tuple[Path, str]] = []  # (the copy, why)
        self._done = 0
        self._lock = threading.Lock()
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None
        (folder / "docx").mkdir(parents=True, exist_ok=True)
        (folder / "pdf").mkdir(exist_ok=True)

    def add(self, key: str, name: str, data: bytes) -> None:
        """Hand over a document's bytes: ``key`` finds its PDF later, ``name`` (its file
        name) names it in messages. With the service it is converted from now on."""
        if key in self._sources:
            raise ValueError(f"document {key!r} handed over twice")
        # numbered copies: two documents of the same name in different folders cannot clash
        source = self.folder / "docx" / f"{len(self._sources):04d}-{name}"
        source.write_bytes(data)
        self._sources[key] = source
        self._names[source] = name
        if self.service is None:
            self._waiting.append(key)
            return
        if self._thread is None:
            thread = threading.Thread(target=self._work, name="gongwen-pdf", daemon=True)
            with interrupts.held():  # a Ctrl-C amid a thread's start leaves it unjoinable
                thread.start()
            self._thread = thread
        self._queue.put(key)

    def name(self, key: str, name: str) -> None:
        """Name the document of ``key`` so in messages from now on (its name in the package)."""
        self._names[self._sources[key]] = name

    def pdfs(self) -> dict[str, Path]:
        """Every handed-over document's PDF by key, once all are converted.

        Raises RenderError naming every document that failed (and then returns none)."""
        if self.service is None:
            self._convert_waiting()
        else:
            self._queue.join()
        with self._lock:
            if self._failures:
                named = [(Path(self._names[s]), reason) for s, reason in self._failures]
                raise RenderError(pdf.failure_message(named))
            return dict(self._pdfs)

    def close(self) -> None:
        """Stop converting: what is queued is dropped, the conversion under way awaited."""
        self._closing.set()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(STOP_WAIT)

    def __enter__(self) -> PdfStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _report(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, max(self.expected, len(self._sources)))

    def _work(self) -> None:
        """The thread: each queued document through the running LibreOffice, in order."""
        while True:
            key = self._queue.get()
            try:
                if key is None:
                    return
                if not self._closing.is_set():
                    self._convert_one(key)
            except Exception as exc:  # unforeseen: that document failed; the others go on
                with self._lock:
                    self._failures.append((self._sources[key], f"转换时出错（{exc}）"))
            finally:
                self._queue.task_done()

    def _convert_one(self, key: str) -> None:
        source = self._sources[key]
        converted, failed = pdf.convert_served(self.service, source, self.folder / "pdf")
        with self._lock:
            self._failures += failed
            if converted:
                self._pdfs[key] = converted[source]
            self._done += 1
            done = self._done
        self._report(done)

    def _convert_waiting(self) -> None:
        """The documents handed over since the last call, in one batch of soffice calls."""
        keys, self._waiting = self._waiting, []
        if not keys:
            return
        offset = self._done
        try:
            made = pdf.convert_to_pdf(
                [self._sources[k] for k in keys],
                self.folder / "pdf",
                fonts_dir=self.fonts_dir,
                progress=lambda done, total: self._report(offset + done),
            )
        except RenderError as exc:
            # its message names the numbered copies: name the documents instead
            message = exc.message
            for source, name in self._names.items():
                message = message.replace(str(source), name).replace(source.name, name)
            raise RenderError(message) from None
        self._done += len(keys)
        self._pdfs.update({k: made[self._sources[k]] for k in keys})
