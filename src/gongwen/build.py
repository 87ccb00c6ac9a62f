"""``gongwen build``: from a workbook to the campaign's documents in the output folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from gongwen.build_checks import check_document, check_workbook, errors, needs_check
from gongwen.errors import (
    CheckFailed,
    KindError,
    OutputError,
    Problem,
    TemplateRenderError,
    WorkbookError,
)
from gongwen.formatting import finish_document
from gongwen.kinds import KINDS, DocumentKind
from gongwen.kinds.context import campaign_context
from gongwen.names import name_key, safe_filename
from gongwen.output import StagedWrite
from gongwen.render.batch import IN_PROCESS_BELOW, render_batch
from gongwen.render.readback import ReadbackError, message
from gongwen.render.side_process import beside
from gongwen.render.template_files import check_templates, template_folder
from gongwen.render.template_files import shipped_templates as shipped_templates
from gongwen.workbook.model import Campaign
from gongwen.workbook.reader import read_campaign

EXAMPLE_WORKBOOK = "静观镇安全社区创建.xlsx"


def shipped_example() -> Path:
    """The example workbook shipped with gongwen."""
    return Path(str(resources.files("gongwen.inputs").joinpath(EXAMPLE_WORKBOOK)))


@dataclass(frozen=True)
class Built:
    """One file produced by a build."""

    kind: str
    title: str
    path: Path


@dataclass(frozen=True)
class Skipped:
    """A kind left out of a build because the workbook lacks an optional sheet it needs."""

    kind: str
    reason: str


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and which kinds it skipped and why. Iterates over the files."""

    built: tuple[Built, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple = ()  # check findings that did not stop the build

    def __iter__(self) -> Iterator[Built]:
        return iter(self.built)

    def __len__(self) -> int:
        return len(self.built)


# progress(done, total): called after each document is rendered.
Progress = Callable[[int, int], None]


def select_kinds(only: Sequence[str] = ()) -> list[DocumentKind]:
    """The kinds named in ``only`` (all when empty), in their usual order."""
    names = [k.name for k in KINDS]
    unknown = [name for name in dict.fromkeys(only) if name not in names]
    if unknown:
        raise KindError(
            f"没有公文种类「{'」「'.join(unknown)}」。可选的种类：{'、'.join(names)}"
            "（用 gongwen list 查看各种类需要的数据）。"
        )
    return [k for k in KINDS if not only or k.name in only]


def _available(
    kinds: list[DocumentKind], campaign: Campaign, named: bool
) -> tuple[list[DocumentKind], list[Skipped]]:
    """Kinds whose data the workbook has; the others are skipped, or an error when named.

    A kind lacks data when an optional sheet it needs is absent or empty, or an optional
    基本信息 item it needs (the notice's 发文顺序号, say) is left empty.
    """
    ready: list[DocumentKind] = []
    skipped: list[Skipped] = []
    problems: list[Problem] = []
    for k in kinds:
        sheets = k.missing_sheets(campaign)
        items = k.missing_items(campaign)
        if not sheets and not items:
            ready.append(k)
            continue
        lacking = []
        if sheets:
            lacking.append(
                f"工作表{'、'.join(f'「{s}」' for s in sheets)}（工作簿中没有该表或表中没有数据行）"
            )
        if items:
            lacking.append(f"基本信息中的项目{'、'.join(f'「{i}」' for i in items)}")
        if named:
            problems.append(
                Problem(
                    sheets[0] if sheets else "基本信息",
                    f"--only 指定了「{k.name}」，它需要{'和'.join(lacking)}；请添加并填写"
                    "（可参考 gongwen init 生成的空白工作簿）",
                )
            )
        else:
            skipped.append(Skipped(k.name, f"缺少{'和'.join(lacking)}"))
    if problems:
        raise WorkbookError(campaign.source, problems)
    return ready, skipped


def _next_document(documents: Iterator[bytes], doc, path: str) -> bytes:
    """The next rendered document; an error names the document and the workbook row."""
    try:
        return next(documents)
    except TemplateRenderError as error:
        if not doc.where:
            raise
        raise TemplateRenderError(f"{doc.where}：{error.message}") from None
    except ReadbackError as error:
        raise ReadbackError(message(path, doc.where, error.field, error.value)) from None


def build(
    workbook: str | Path | None = None,
    outdir: str | Path = "outputs",
    *,
    force: bool = False,
    only: Sequence[str] = (),
    templates: str | Path | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    workers: int | None = None,
) -> BuildResult:
    """Render every document kind (or those in ``only``) and write them, all or nothing.

    A kind whose optional sheet the workbook lacks is skipped (and listed in the result),
    unless ``only`` names it, when that is an error. Everything is checked and rendered
    before the first file is written: the workbook's text and the documents go through
    ``gongwen.check``, and an error finding (any finding when ``strict``) stops the build
    with ``CheckFailed``.
    """
    kinds = select_kinds(only)
    template_dir = template_folder(templates)
    workbook = Path(workbook) if workbook else shipped_example()
    campaign = read_campaign(workbook)
    folder = safe_filename(campaign.info.unit)
    if not folder:
        raise OutputError(
            f"单位名称「{campaign.info.unit}」不能用作文件夹名，请在 基本信息 中改正。"
        )
    kinds, skipped = _available(kinds, campaign, named=bool(only))
    check_templates(template_dir, kinds)
    context = campaign_context(campaign)
    jobs = [(k, doc) for k in kinds for doc in k.documents(campaign, context)]
    extra_paths = [(k, rel) for k in kinds for rel in k.extra_paths]
    # (kind, title, path under the output folder) of every file, in the order written
    entries = [(k.name, doc.title, f"{folder}/{doc.relpath}") for k, doc in jobs]
    entries += [(k.name, PurePosixPath(rel).stem, f"{folder}/{rel}") for k, rel in extra_paths]
    keys: set[str] = set()
    for _, _, path in entries:
        if name_key(path) in keys:
            raise OutputError(f"两份文件都要写入 {path}，已停止，未生成任何文件。")
        keys.add(name_key(path))

    def side_work() -> tuple[list, dict[str, bytes]]:
        """What needs only the campaign: the workbook's check and the extra files."""
        extras: dict[str, bytes] = {}
        for k in kinds:
            if k.extras is not None:
                extras.update(k.extras(campaign))
        return check_workbook(workbook, campaign), extras

    # A large batch checks the workbook and makes the extra files while it renders; a small
    # build does them first, so a workbook error stops it before anything renders.
    batch = len(jobs) >= IN_PROCESS_BELOW and (workers is None or workers > 1)
    document_findings: list = []
    checked: set[str] = set()
    with StagedWrite(outdir, [path for _, _, path in entries], force=force) as staging:
        side = beside(side_work, overlap=batch)
        if not batch:
            findings, _ = side()
            if errors(findings, strict):
                raise CheckFailed(errors(findings, strict), strict)
        # ``workers`` processes (default: the cores) for a batch; results come in job order;
        # every value a template prints is read back from its document (gongwen.render.readback)
        documents = render_batch(
            [(template_dir / k.template, doc.context) for k, doc in jobs],
            finish_document,
            workers,
            readback=True,
        )
        for done, ((k, doc), (_, _, path)) in enumerate(zip(jobs, entries, strict=False), 1):
            data = _next_document(documents, doc, doc.relpath)
            staging.add(path, data)
            if needs_check(k.batch, k.name not in checked):
                document_findings += check_document(campaign, path, data)
                checked.add(k.name)
            if progress is not None:
                progress(done, len(jobs))
        findings, extras = side()
        findings = findings + document_findings
        for (_, rel), (_, _, path) in zip(extra_paths, entries[len(jobs) :], strict=True):
            staging.add(path, extras[rel])
        if errors(findings, strict):
            raise CheckFailed(errors(findings, strict), strict)
        paths = staging.commit()
    built = tuple(Built(kind, title, p) for (kind, title, _), p in zip(entries, paths, strict=True))
    return BuildResult(built, tuple(skipped), tuple(findings))
