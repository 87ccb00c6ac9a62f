"""Every call the web pages make into gongwen's core, in this one module.

The pages never import the core themselves: building, PDFs, previews, packages, checks and the
blank workbook go through these functions, which take and return plain paths and data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.errors import CheckFailed, WorkbookError

Progress = Callable[[int, int], None]
PREVIEW_SCALE = 1.0  # pixels per PDF point: an A4 page becomes 595 × 842 pixels
BLANK_WORKBOOK_NAME = "安全社区创建.xlsx"


@dataclass
class Document:
    """One built file: its kind, title, path under the unit folder and PDF once converted."""

    kind: str
    title: str
    relpath: str
    path: Path
    pdf: Path | None = None
    pages: int = 0

    @property
    def is_docx(self) -> bool:
        return self.path.suffix.lower() == ".docx"

    @property
    def in_batch(self) -> bool:
        """A village archive (or its summary workbook), offered as one zip."""
        return "/" in self.relpath


@dataclass
class Built:
    """What a build made: the unit, its files, and what it left out or warned about."""

    unit: str
    folder: Path
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CellProblem:
    """One problem in the workbook: where (as the CLI says it), sheet and cell, message."""

    where: str
    sheet: str
    cell: str | None
    message: str
    severity: str = "error"


def blank_workbook(folder: Path) -> Path:
    """The blank workbook of ``gongwen init``, written in ``folder``."""
    from gongwen.workbook.writer import write_blank_workbook

    return write_blank_workbook(folder / BLANK_WORKBOOK_NAME)


def example_workbook() -> Path:
    """The example workbook shipped with gongwen."""
    from gongwen.build import shipped_example

    return shipped_example()


def build(workbook: Path, work: Path, progress: Progress | None = None) -> Built:
    """Build every document of ``workbook`` and write it into ``work/<unit>/`` (for the PDFs
    and downloads); WorkbookError or CheckFailed as the library raises them."""
    import gongwen
    from gongwen.check.report import line

    result = gongwen.build(workbook, progress=progress)
    gongwen.write(result, work)
    folder = work / result.unit
    documents = [
        Document(d.kind, d.title, d.relpath, folder.joinpath(*d.relpath.split("/")))
        for d in result.documents
    ]
    return Built(
        unit=result.unit,
        folder=folder,
        documents=documents,
        warnings=[line(f) for f in result.findings],
        skipped=[f"未生成「{s.kind}」：{s.reason}" for s in result.skipped],
    )


def to_pdf(documents: list[Document], work: Path, progress: Progress | None = None) -> None:
    """Convert every .docx to PDF in ``work`` (through the running LibreOffice when it is up)."""
    from gongwen.packaging.pdf import convert_to_pdf, pdf_page_count

    docs = [d for d in documents if d.is_docx]
    made = convert_to_pdf([d.path for d in docs], work, progress=progress)
    for d in docs:
        d.pdf = made[d.path.resolve()]
        d.pages = pdf_page_count(d.pdf)


def preview_png(pdf: Path, page: int) -> bytes:
    """Page ``page`` (from 1) of a PDF as a PNG image."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[page - 1].render(scale=PREVIEW_SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def package(workbook: Path, work: Path, progress: Progress | None = None) -> tuple[Path, str, bool]:
    """Make the submission package in ``work``; return (zip, verify's text, verified)."""
    from gongwen.packaging.manifest import verify
    from gongwen.packaging.package import make_package

    result = make_package(workbook, work, pdf=True, progress=progress)
    verification = verify(result.zip_path)
    verification.package = result.zip_path.name  # not the server's temporary folder
    return result.zip_path, verification.text().strip(), verification.ok


_CELL = re.compile(r"^([A-Z]{1,3})?(\d+)?$")


def workbook_problems(error: WorkbookError | CheckFailed, workbook: Path) -> list[CellProblem]:
    """The workbook's problems in an error, each with its sheet and cell where known."""
    if isinstance(error, WorkbookError):
        return [_located(p.where, p.message) for p in error.problems]
    from gongwen.check.report import location

    out = []
    for f in error.findings:
        if f.path != str(workbook) or f.part.startswith("word/"):
            continue
        message = f"{f.rule} {f.message}" + (f"（建议：{f.suggestion}）" if f.suggestion else "")
        out.append(CellProblem(location(f), f.part, f.cell, message, f.severity))
    return out


def document_problems(error: CheckFailed, workbook: Path) -> list[str]:
    """A build's findings in documents (not the workbook), one line each as the CLI says."""
    from gongwen.check.report import line

    return [line(f) for f in error.findings if f.path != str(workbook)]


def _located(where: str, message: str) -> CellProblem:
    """``工作阶段!C3`` → sheet and cell; ``工作阶段!3`` is row 3 and ``工作阶段!C`` column C."""
    sheet, _, ref = where.partition("!")
    match = _CELL.match(ref) if ref else None
    cell = None
    if match and (match.group(1) or match.group(2)):
        cell = f"{match.group(1) or 'A'}{match.group(2) or 1}"
    return CellProblem(where, sheet, cell, message)


@dataclass
class CheckedParagraph:
    """A paragraph's text with the findings about it."""

    where: str
    text: str
    findings: list[str]
    severity: str


def check_docx(
    document: Path, registry: Path | None, display_name: str
) -> tuple[list[CheckedParagraph], list[str], int, Path]:
    """Check one .docx; return (paragraphs with findings, findings about the whole document,
    number of fixable findings, fixed copy)."""
    from gongwen.check import check_docx as run_check
    from gongwen.check import fix_docx
    from gongwen.check.report import location
    from gongwen.check.text import DocxPackage, docx_paragraphs
    from gongwen.workbook.reader import read_registry

    basis = read_registry(registry) if registry is not None else None
    findings = run_check(document, basis, name=display_name, template=False)
    texts = {
        (p.where.part, p.where.cell, p.where.paragraph): p.text
        for p in docx_paragraphs(DocxPackage(document, display_name))
    }
    grouped: dict[tuple, CheckedParagraph] = {}
    general: list[str] = []
    for f in findings:
        message = f"{f.rule} {f.message}" + (f"（建议：{f.suggestion}）" if f.suggestion else "")
        key = (f.part, f.cell, f.paragraph)
        if f.paragraph is None or key not in texts:
            general.append(f"{location(f)}：{message}")
            continue
        if key not in grouped:
            grouped[key] = CheckedParagraph(location(f).rsplit(" 第", 1)[0], texts[key], [], "")
        item = grouped[key]
        item.findings.append(message)
        if f.severity == "error" or not item.severity:
            item.severity = f.severity
    fixed = fix_docx(document, template=False)
    return list(grouped.values()), general, sum(1 for f in findings if f.fixable), fixed


def guard_workbook(path: Path) -> None:
    """Refuse a file that is no workbook or a malicious one (zip bombs, DTDs) before openpyxl
    opens it, as a build does."""
    from gongwen.workbook.guard import inspect_workbook_file

    inspect_workbook_file(path)


def start_pdf_service():
    """LibreOffice kept running for PDFs and previews (``PdfService``, stopped by its
    ``stop()``); RenderError saying why when it cannot be started."""
    from gongwen.packaging.pdf_service import PdfService

    return PdfService.start()
