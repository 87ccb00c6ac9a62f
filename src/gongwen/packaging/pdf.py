"""PDF output through LibreOffice headless.

One ``soffice --convert-to pdf`` call converts a batch of files (starting LibreOffice costs far
more than converting a document); up to ``workers`` calls run side by side, each with its own
temporary profile, since two instances cannot share one. Each call has a timeout after which
its whole process group is killed. soffice exits 0 even when it could not load a file, so
every PDF is checked to exist and to have at least one page. PDFs are written to a staging
folder and moved into the output folder only when every document converted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from gongwen import interrupts
from gongwen.errors import RenderError
from gongwen.packaging.soffice import INSTALL_HINT, find_soffice
from gongwen.packaging.soffice import environment as _environment

DEFAULT_BATCH_SIZE = 20
# Seconds allowed for one soffice call: start-up (a new profile takes a few seconds) plus a
# generous allowance per document of the batch.
DEFAULT_TIMEOUT = 120.0

Progress = Callable[[int, int], None]


def pdf_page_count(path: str | os.PathLike[str]) -> int:
    """Number of pages of a PDF; raises :class:`RenderError` if it is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with open(path, "rb") as f:
            if f.read(5) != b"%PDF-":
                raise RenderError(f"{Path(path).name} 不是有效的 PDF 文件。")
            f.seek(0)
            return len(PdfReader(f).pages)
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        raise RenderError(f"无法读取 PDF 文件 {Path(path).name}：{exc}") from exc


def convert_to_pdf(
    docx_paths: Iterable[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    *,
    workers: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fonts_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> dict[Path, Path]:
    """Convert documents to PDF in ``outdir``; return {document path: PDF path}.

    The PDF of ``a/报告.docx`` is ``outdir/报告.pdf``. ``timeout`` is in seconds per soffice
    call (one batch of at most ``batch_size`` documents). ``fonts_dir`` is a folder of the
    user's own fonts (see :mod:`gongwen.packaging.fonts`). ``progress(done, total)`` is called after
    each batch. Raises :class:`RenderError` naming every document that failed; then no PDF is
    written.
    """
    sources = [Path(p).resolve() for p in docx_paths]
    if not sources:
        return {}
    missing = [p for p in sources if not p.is_file()]
    if missing:
        raise RenderError(_listing("以下文档不存在，无法转换为 PDF：", missing))
    by_stem: dict[str, Path] = {}
    for path in sources:
        other = by_stem.setdefault(path.stem, path)
        if other != path:
            raise RenderError(
                f"{other} 与 {path} 的 PDF 文件名相同（{path.stem}.pdf），请分别转换到不同文件夹。"
            )
    sources = list(dict.fromkeys(sources))
    invalid = [p for p in sources if p.suffix.lower() == ".docx" and not _is_docx(p)]
    if invalid:
        raise RenderError(
            _listing("以下文档不是有效的 .docx 文件（可能已损坏），无法转换为 PDF：", invalid)
        )
    out = Path(outdir).resolve()
    if fonts_dir is None:
        from gongwen.packaging.pdf_service import running

        service = running()
        if service is not None:
            return _convert_with_service(service, sources, out, progress)
    soffice = find_soffice()
    out.mkdir(parents=True, exist_ok=True)

    workers = max(1, min(workers, len(sources)))
    size = max(1, min(batch_size, -(-len(sources) // workers)))
    batches = [sources[i : i + size] for i in range(0, len(sources), size)]

    with tempfile.TemporaryDirectory(prefix="gongwen-pdf-") as tmp:
        work = Path(tmp)
        env = _environment(work, fonts_dir)
        staging = work / "out"
        staging.mkdir()
        pending: queue.Queue[list[Path]] = queue.Queue()
        for batch in batches:
            pending.put(batch)
        results: dict[Path, Path] = {}
        failures: list[tuple[Path, str]] = []
        fatal: list[RenderError] = []
        lock = threading.Lock()
        done = 0

        def run_worker(index: int) -> None:
            nonlocal done
            profile = (work / f"profile-{index}").as_uri()
            while not fatal and not interrupts.stopping():
                try:
                    batch = pending.get_nowait()
                except queue.Empty:
                    return
                batch_out = staging / f"batch-{id(batch)}"
                batch_out.mkdir()
                try:
                    _run_soffice(soffice, profile, batch, batch_out, env, timeout)
                except RenderError as exc:
                    with lock:
                        fatal.append(exc)
                    return
                converted, failed = collect_pdfs(batch, batch_out)
                with lock:
                    results.update(converted)
                    failures.extend(failed)
                    done += len(batch)
                    if progress is not None:
                        progress(done, len(sources))

        threads = [threading.Thread(target=run_worker, args=(i,)) for i in range(workers)]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException:  # interrupted: LibreOffice ended before its folder goes
            interrupts.end_children()
            for thread in threads:
                thread.join()
            raise
        if fatal:
            raise fatal[0]
        if failures:
            raise RenderError(failure_message(failures))
        return _move_into(out, sources, results)


def _convert_with_service(
    service, sources: list[Path], out: Path, progress: Progress | None
) -> dict[Path, Path]:
    """Convert through the running LibreOffice (gongwen.packaging.pdf_service), all or nothing."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-pdf-") as tmp:
        staging = Path(tmp)
        failures: list[tuple[Path, str]] = []
        results: dict[Path, Path] = {}
        for done, source in enumerate(sources, 1):
            converted, failed = convert_served(service, source, staging)
            results.update(converted)
            failures.extend(failed)
            if progress is not None:
                progress(done, len(sources))
        if failures:
            raise RenderError(failure_message(failures))
        return _move_into(out, sources, results)


def convert_served(
    service, source: Path, outdir: Path
) -> tuple[dict[Path, Path], list[tuple[Path, str]]]:
    """One document through the running LibreOffice into ``outdir``, its PDF checked as a
    batch's are: (converted, [(failed document, reason)]) as :func:`collect_pdfs` gives."""
    try:
        service.convert(source, outdir / f"{source.stem}.pdf")
    except RenderError as exc:
        return {}, [(source, exc.message)]
    return collect_pdfs([source], outdir)


def _move_into(out: Path, sources: list[Path], results: dict[Path, Path]) -> dict[Path, Path]:
    """Each source's staged PDF moved into ``out``: {source: its PDF there}."""
    final: dict[Path, Path] = {}
    for source in sources:
        target = out / results[source].name
        shutil.move(results[source], target)
        final[source] = target
    return final


def failure_message(failures: list[tuple[Path, str]]) -> str:
    lines = [f"  - {path.name}：{reason}" for path, reason in failures]
    return (
        f"{len(failures)} 个文档未能转换为 PDF，未写入任何 PDF：\n"
        + "\n".join(lines)
        + "\n请用 Word 或 WPS 打开这些文档检查是否损坏。"
    )


def _is_docx(path: Path) -> bool:
    """Whether ``path`` is a zip holding ``word/document.xml`` (LibreOffice would otherwise
    import a damaged file as plain text and print it without complaint)."""
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def _listing(title: str, paths: Iterable[Path]) -> str:
    return title + "".join(f"\n  - {p}" for p in paths)


def _run_soffice(
    soffice: str,
    profile_uri: str,
    batch: list[Path],
    outdir: Path,
    env: dict[str, str],
    timeout: float,
) -> str:
    """Run one soffice call for ``batch``; return its output. Raise RenderError on timeout."""
    command = [
        soffice,
        f"-env:UserInstallation={profile_uri}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(outdir),
        *map(str, batch),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group, so a timeout can kill it all
        )
    except OSError as exc:
        raise RenderError(f"无法启动 LibreOffice（{soffice}）：{exc}\n{INSTALL_HINT}") from exc
    try:
        with interrupts.tracked(process):  # ended at once should the run be stopped
            output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        names = "、".join(p.name for p in batch)
        raise RenderError(
            f"LibreOffice 转换 PDF 超时（{timeout:g} 秒），已终止。涉及的文档：{names}。"
            "文档可能过大或已损坏；可重试，或加上 --no-pdf 只生成 .docx 文件。"
        ) from None
    return output.decode("utf-8", "replace")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # Windows: no process groups; soffice.exe ends its own soffice.bin
            process.kill()
    process.communicate()


def collect_pdfs(
    batch: list[Path], outdir: Path
) -> tuple[dict[Path, Path], list[tuple[Path, str]]]:
    """Check each expected PDF of a batch; return (converted, [(failed document, reason)])."""
    converted: dict[Path, Path] = {}
    failed: list[tuple[Path, str]] = []
    for source in batch:
        pdf = outdir / f"{source.stem}.pdf"
        if not pdf.is_file():
            failed.append((source, "LibreOffice 无法打开该文件，未生成 PDF（文件可能已损坏）"))
            continue
        try:
            pages = pdf_page_count(pdf)
        except RenderError as exc:
            failed.append((source, exc.message))
            pdf.unlink()
            continue
        if pages < 1:
            failed.append((source, "生成的 PDF 没有页面"))
            pdf.unlink()
            continue
        converted[source] = pdf
    return converted, failed


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def deterministic_pdf(data: bytes, when: dt.date) -> bytes:
    """The same PDF with LibreOffice's time of conversion replaced by ``when`` and its random
    file identifier and checksum by ones derived from the content, so the same document
    always gives the same bytes. Every value keeps its length: the cross-reference offsets
    stay right."""
    stamp = when.strftime("%Y%m%d").encode() + b"000000"
    data = _PDF_DATE.sub(lambda m: m.group(0)[: -len(m.group(2))] + stamp, data)

    def zeros(m: re.Match) -> bytes:
        whole = m.group(0)
        for hexdigits in m.groups():
            whole = whole.replace(hexdigits, b"0" * len(hexdigits), 1)
        return whole

    blank = _PDF_CHECKSUM.sub(zeros, _PDF_ID.sub(zeros, data))
    digest = hashlib.sha256(blank).hexdigest().upper().encode()

    def derived(m: re.Match) -> bytes:
        whole = m.group(0)
        for hexdigits in m.groups():
            whole = whole.replace(
                hexdigits, digest[: len(hexdigits)].ljust(len(hexdigits), b"0"), 1
            )
        return whole

    return _PDF_CHECKSUM.sub(derived, _PDF_ID.sub(derived, data))
