"""``gongwen package``: every document, a covering letter and a list, as a folder and a zip.

The package is made in a temporary folder inside the output folder and moved into place only
when it is complete, so a failure (an error found by the checks, a document LibreOffice cannot
convert) leaves neither a package nor the temporary folder. Documents are made deterministic
(zip timestamps and core properties from the 成文日期), so without PDFs the same workbook gives
a byte-identical zip.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from gongwen.check import check_docx
from gongwen.check.findings import ERROR, Finding
from gongwen.check.report import render_text
from gongwen.errors import CheckFailed, OutputError, OutputExistsError, os_reason
from gongwen.formatting import finish_document, font_sets
from gongwen.interrupts import check as check_interrupt
from gongwen.kinds.context import campaign_context
from gongwen.names import safe_filename
from gongwen.output import locked_output
from gongwen.output_journal import Journal, Move, move_all
from gongwen.packaging import manifest, materials
from gongwen.packaging.materials import Material, MaterialFile
from gongwen.packaging.zipout import deterministic_zip, normalise_office
from gongwen.render.template import render_docx
from gongwen.render.template_files import shipped_templates
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import Campaign

CHECK_REPORT = "检查报告.txt"
COVER_LETTER_TEMPLATE = "报送函.docx"
MATERIAL_LIST_TEMPLATE = "材料清单.docx"
TEMP_PREFIX = ".~gongwen-package-"
BUILT, OWN = "build:", "package:"  # the PDFs' keys: a build's document, the package's own

# progress(done, total): called as documents are converted to PDF.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PackageResult:
    """What ``make_package`` wrote and what the caller should tell the user."""

    zip_path: Path
    folder: Path
    materials: tuple[Material, ...]
    files: int  # files in the package, manifest.json included
    warnings: tuple[Finding, ...]  # the check's findings that are not errors
    skipped: tuple  # kinds the build left out (gongwen.build.Skipped)
    substitutions: tuple[tuple[str, str], ...]  # (font the documents name, face used in PDFs)
    pdf: bool


def package_name(campaign: Campaign) -> str:
    """静观镇安全社区创建材料-2024年12月31日: dated the day it is sent (申报日期)."""
    from gongwen.kinds.context import submission_date

    info = campaign.info
    name = safe_filename(f"{info.unit}安全社区创建材料-{format_date(submission_date(campaign))}")
    if not name:
        raise OutputError(f"单位名称「{info.unit}」不能用作文件名，请在 基本信息 中改正。")
    return name


def make_package(
    workbook: str | Path | Campaign | None = None,
    outdir: str | Path = "outputs",
    *,
    pdf: bool = True,
    fonts_dir: str | Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    fonts_set: str | None = None,
) -> PackageResult:
    """Build every document and assemble the submission package in ``outdir``.

    Raises OutputExistsError when the zip or the folder exists and not ``force``;
    CheckFailed when a check finds an error; RenderError naming a document that could not be
    converted. On any failure nothing is left in ``outdir``. ``fonts_set`` as for a build.
    """
    from gongwen.build import campaign_of

    campaign = campaign_of(workbook)  # the workbook is read once, here
    fonts = font_sets.choose(fonts_set, campaign.info.fonts_set)
    name = package_name(campaign)
    out = Path(outdir)
    targets = (out / f"{name}.zip", out / name)
    if pdf:
        from gongwen.packaging.pdf import find_soffice

        find_soffice()  # before any work: say at once that LibreOffice is missing
    with locked_output(out) as tree:  # one run at a time; an interrupted one settled first
        existing = [str(t) for t in targets if tree.lstat((), t.name) is not None]
        if existing and not force:
            raise OutputExistsError(existing)
        try:
            work = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=out))
        except OSError as exc:
            raise OutputError(f"无法在 {out} 中创建文件夹（{os_reason(exc)}）。") from None
        try:
            assembler = _Assembler(campaign, work, name, pdf, fonts_dir, progress, fonts)
            try:
                result = assembler.run()
            except OSError as exc:  # a full disk, a permission
                raise OutputError(
                    f"无法写入材料包（{os_reason(exc)}：{exc.filename or out}），"
                    "已撤销，原有文件未改动。请检查磁盘空间和写入权限后重试。"
                ) from None
            _move_into_place(tree, work, name, targets)
            return replace(result, zip_path=targets[0], folder=targets[1])
        finally:
            shutil.rmtree(work, ignore_errors=True)


class _Assembler:
    """Makes the package's files in ``work/name``, then its zip in ``work``."""

    def __init__(
        self,
        campaign: Campaign,
        work: Path,
        name: str,
        pdf: bool,
        fonts_dir: str | Path | None,
        progress: Progress | None,
        fonts: font_sets.FontSet = font_sets.DEFAULT,
    ) -> None:
        self.campaign = campaign
        self.source = Path(campaign.source)
        self.fonts = fonts
        self.work = work
        self.name = name
        self.stage = work / name
        self.pdf = pdf
        self.fonts_dir = fonts_dir
        self.progress = progress
        self.files: dict[str, bytes] = {}  # relative path in the package -> bytes
        self.warnings: list[Finding] = []
        self.checked = 0

    def run(self) -> PackageResult:
        if not self.pdf:
            return self._run(None)
        from gongwen.packaging.pdf_stream import PdfStream

        # each document goes to LibreOffice as soon as it is rendered (gongwen.packaging.pdf_stream)
        with PdfStream(self.work / "pdf", self.fonts_dir, self.progress) as stream:
            return self._run(stream)

    def _run(self, stream) -> PackageResult:
        from gongwen.build import build

        info = self.campaign.info
        made: dict[str, bytes] = {}  # the build's path -> the document as packaged
        rendered: list[str] = []  # documents not yet handed over for their PDFs

        def add(relpath: str, data: bytes) -> None:
            made[relpath] = normalise_office(data, info.date, info.issuer)
            if relpath.lower().endswith(".docx"):
                rendered.append(relpath)

        def hand_over() -> None:
            if stream is not None:
                for relpath in rendered:
                    stream.add(BUILT + relpath, PurePosixPath(relpath).name, made[relpath])
            rendered.clear()

        def counted(done: int, total: int) -> None:
            """The build counted a document: hand it over, the progress's total now known
            (the documents, then the letter and the list)."""
            if stream is not None:
                stream.expected = total + 2
            hand_over()

        # in memory; the figures' CJK face is looked for in --fonts first
        result = build(
            self.campaign,
            fonts_set=self.fonts.key,
            fonts_dir=self.fonts_dir,
            progress=counted,
            on_file=add,
        )
        hand_over()  # none is left behind, counted or not
        # the build checked the workbook's text cells
        self.warnings += self._workbook_warnings(result.findings)
        self.checked += 1
        documents = [replace(d, data=made[d.relpath]) for d in result.documents]
        items = materials.assemble(self.campaign, documents)
        self._check([f for m in items for f in m.files if f.is_document])
        for m in items:
            for f in m.files:
                self._write(f.relpath, f.data)
        context = campaign_context(self.campaign)
        # the letter names the materials, not their pages: it is converted with them
        cover = self._render(
            COVER_LETTER_TEMPLATE,
            {**context, **materials.letter_values(self.campaign, items)},
            materials.COVER_LETTER,
        )
        self._check([cover])
        self._write_document(cover, stream)
        if stream is not None:
            documents = [f for m in items for f in m.files if f.is_document]
            for f in documents:  # messages name them as the package does
                stream.name(BUILT + f.source, PurePosixPath(f.relpath).name)
            self._add_pdfs(documents, stream, BUILT)
        # the list gives every material's pages: made once the PDFs are
        listing = self._render(
            MATERIAL_LIST_TEMPLATE,
            {**context, **materials.list_values(items, self.pdf)},
            materials.MATERIAL_LIST,
        )
        self._check([listing])
        self._write_document(listing, stream)
        if stream is not None:
            self._add_pdfs([cover, listing], stream, OWN)
        self._write(CHECK_REPORT, self._report(result.skipped))
        self._write(manifest.FILE_LIST, manifest.file_list_text(self.files, self.name))
        listed = dict(self.files)
        self._write(manifest.MANIFEST, manifest.manifest_json(listed, self.name))
        archive = {f"{self.name}/{rel}": data for rel, data in self.files.items()}
        (self.work / f"{self.name}.zip").write_bytes(deterministic_zip(archive, info.date))
        return PackageResult(
            zip_path=Path(),
            folder=Path(),
            materials=tuple(items),
            files=len(self.files),
            warnings=tuple(self.warnings),
            skipped=tuple(getattr(result, "skipped", ())),
            substitutions=self._substitutions(),
            pdf=self.pdf,
        )

    def _render(self, template: str, context: dict, stem: str) -> MaterialFile:
        data = render_docx(
            shipped_templates() / template, context, finish=finish_document, fonts=self.fonts
        )
        info = self.campaign.info
        data = normalise_office(data, info.date, info.issuer)
        return MaterialFile(f"{stem}.docx", stem.split("-", 1)[1], data, source=f"{stem}.docx")

    def _write(self, relpath: str, data: bytes) -> None:
        check_interrupt()
        target = self.stage.joinpath(*relpath.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[relpath] = data

    def _write_document(self, f: MaterialFile, stream) -> None:
        """One of the package's own documents, written and handed over for its PDF."""
        self._write(f.relpath, f.data)
        if stream is not None:
            stream.add(OWN + f.source, PurePosixPath(f.relpath).name, f.data)

    def _check(self, documents: Sequence[MaterialFile]) -> None:
        """Check every document; any error stops the package, warnings go in the report."""
        registry = self.campaign.basis_documents
        findings: list[Finding] = []
        for f in documents:
            findings += check_docx(f.data, registry, name=f.relpath)
        self.checked += len(documents)
        errors = [f for f in findings if f.severity == ERROR]
        if errors:
            raise CheckFailed(errors)
        self.warnings += findings

    def _workbook_warnings(self, findings: Sequence[Finding]) -> list[Finding]:
        """The build's findings in the workbook's cells, named by its file name only.

        Its findings in documents are left out: every document is checked again, whole and
        under its name in the package.
        """
        source = str(self.source)
        return [
            dataclasses.replace(f, path=self.source.name)
            for f in findings
            if f.path == source or not f.path.lower().endswith(".docx")
        ]

    def _add_pdfs(self, documents: Sequence[MaterialFile], stream, prefix: str) -> None:
        """Each document's PDF beside it, once all are converted; record its page count."""
        from gongwen.packaging.pdf import deterministic_pdf, pdf_page_count

        made = stream.pdfs()
        for f in documents:
            pdf_rel = f"{f.stem}.pdf"
            target = self.stage.joinpath(*pdf_rel.split("/"))
            # dated by the campaign, not the conversion: the same inputs, the same bytes
            data = deterministic_pdf(made[prefix + f.source].read_bytes(), self.campaign.info.date)
            target.write_bytes(data)
            f.pages = pdf_page_count(target)
            self.files[pdf_rel] = data

    def _report(self, skipped: Sequence) -> bytes:
        lines = [f"{self.name} 检查报告", ""]
        if skipped:
            lines += [f"未生成「{s.kind}」：{s.reason}。" for s in skipped]
            lines.append("")
        lines.append("以下为检查发现的提示（警告）；有错误时不会生成材料包。")
        text = "\n".join(lines) + "\n" + render_text(self.warnings, self.checked)
        return text.replace("\n", "\r\n").encode("utf-8")

    def _substitutions(self) -> tuple[tuple[str, str], ...]:
        if not self.pdf:
            return ()
        from gongwen.packaging.fonts import substitutions

        return tuple(substitutions(self.fonts_dir, self.fonts.chinese_faces))


def _move_into_place(tree, work: Path, name: str, targets: tuple[Path, Path]) -> None:
    """Replace the zip and the folder by the new ones, journaled (gongwen.output_journal):
    an interruption, even ``kill -9``, leaves the old pair or the new one, never a mix."""
    stage = (work.name,)
    journal = Journal(stages=[stage])
    for n, (target, made) in enumerate(zip(targets, (f"{name}.zip", name), strict=True)):
        existed = tree.lstat((), target.name) is not None
        journal.moves.append(Move((), target.name, stage, made, f"{n}.old", existed))
    try:
        move_all(tree, journal)
    except OSError as exc:
        raise OutputError(
            f"无法把材料包放到 {work.parent}（{os_reason(exc)}），已撤销，原有文件未改动。"
        ) from None
