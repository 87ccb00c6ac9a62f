"""The build pipeline: read the workbook once, pick the kinds, render, check; hold or write."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from gongwen.build_checks import check_document, check_workbook, errors, needs_check
from gongwen.build_record import tidy
from gongwen.charts.fields import FigureMaker
from gongwen.errors import (
    CheckFailed,
    KindError,
    OutputError,
    Problem,
    TemplateRenderError,
    WorkbookError,
)
from gongwen.formatting import finish_document, font_sets
from gongwen.kinds import KINDS, DocumentKind
from gongwen.kinds.context import campaign_context
from gongwen.kinds.fields import with_aliases
from gongwen.names import name_key, safe_filename
from gongwen.output import StagedWrite
from gongwen.packaging.closing_page import place_or_warn
from gongwen.render.batch import IN_PROCESS_BELOW, render_batch
from gongwen.render.readback import ReadbackError, message
from gongwen.render.side_process import beside
from gongwen.render.template_check import check_templates as check_template_tags
from gongwen.render.template_check import heading_warnings
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
    """One file written by a build."""

    kind: str
    title: str
    path: Path


@dataclass(frozen=True)
class Skipped:
    """A kind left out of a build because the workbook lacks an optional sheet it needs."""

    kind: str
    reason: str


@dataclass(frozen=True)
class Document:
    """One file a build made: its kind, title, path under the unit's folder, and bytes."""

    kind: str
    title: str
    relpath: str  # "静观镇创建安全社区工作计划.docx", "村社区档案/塔坪村.docx"
    data: bytes


@dataclass(frozen=True)
class BuildResult:
    """A build held in memory: the unit's folder name, its files, findings and skipped kinds."""

    unit: str  # the folder the files belong in (单位名称, made safe)
    documents: tuple[Document, ...]
    findings: tuple = ()  # check findings that did not stop the build (warnings)
    skipped: tuple[Skipped, ...] = ()

    @property
    def files(self) -> dict[str, bytes]:
        """Relative posix path under the unit's folder -> bytes, in build order."""
        return {d.relpath: d.data for d in self.documents}


@dataclass(frozen=True)
class Written:
    """What a build wrote, and which kinds it skipped and why. Iterates over the files."""

    built: tuple[Built, ...]
    skipped: tuple[Skipped, ...] = ()
    warnings: tuple = ()  # check findings that did not stop the build
    # files the last build wrote that this one no longer makes: removed (with force), or
    # left in place
    removed: tuple[Path, ...] = ()
    stale: tuple[Path, ...] = ()

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
        if not doc.where or not error.row_related:
            raise
        raise TemplateRenderError(f"{doc.where}：{error.message}") from None
    except ReadbackError as error:
        raise ReadbackError(message(path, doc.where, error.field, error.value)) from None


@dataclass(frozen=True)
class _Plan:
    """What a build makes, known before anything renders."""

    campaign: Campaign
    unit: str
    template_dir: Path
    kinds: list[DocumentKind]
    skipped: list[Skipped]
    fonts: font_sets.FontSet  # the faces the documents name
    jobs: list  # (kind, Output) of every document, in build order, without their figures
    figures: FigureMaker  # adds them kind by kind as the kinds are rendered
    extra_paths: list  # (kind, relative path) of every extra file
    entries: list  # (kind name, title, relative path under the unit's folder) of every file
    template_findings: list  # warnings about the templates (GW205)


def campaign_of(source: str | Path | Campaign | None) -> Campaign:
    """``source`` itself when it is a Campaign, else the workbook at that path read (once)."""
    if isinstance(source, Campaign):
        return source
    return read_campaign(Path(source) if source else shipped_example())


def _plan(
    source: str | Path | Campaign | None,
    only: Sequence[str],
    templates: str | Path | None,
    fonts_set: str | None = None,
    fonts_dir: str | Path | None = None,
) -> _Plan:
    kinds = select_kinds(only)
    template_dir = template_folder(templates)
    campaign = campaign_of(source)
    fonts = font_sets.choose(fonts_set, campaign.info.fonts_set)
    unit = safe_filename(campaign.info.unit)
    if not unit:
        raise OutputError(
            f"单位名称「{campaign.info.unit}」不能用作文件夹名，请在 基本信息 中改正。"
        )
    kinds, skipped = _available(kinds, campaign, named=bool(only))
    check_templates(template_dir, kinds)
    check_template_tags([(template_dir / k.template, k.contract) for k in kinds])
    template_findings = heading_warnings([template_dir / k.template for k in kinds])
    context = campaign_context(campaign)
    jobs = [(k, doc) for k in kinds for doc in k.documents(campaign, context)]
    extra_paths = [(k, rel) for k in kinds for rel in k.extra_paths]
    entries = [(k.name, doc.title, doc.relpath) for k, doc in jobs]
    entries += [(k.name, PurePosixPath(rel).stem, rel) for k, rel in extra_paths]
    keys: set[str] = set()
    for _, _, rel in entries:
        if name_key(rel) in keys:
            raise OutputError(f"两份文件都要写入 {unit}/{rel}，已停止，未生成任何文件。")
        keys.add(name_key(rel))
    return _Plan(
        campaign,
        unit,
        template_dir,
        kinds,
        skipped,
        fonts,
        jobs,
        FigureMaker(campaign, Path(fonts_dir) if fonts_dir else None),
        extra_paths,
        entries,
        template_findings,
    )


def _make(
    plan: _Plan,
    add: Callable[[str, bytes], None],
    strict: bool,
    workers: int | None,
    progress: Progress | None,
) -> list:
    """Render every file of ``plan``, handing each to ``add(relpath, bytes)`` in build order.

    Returns the findings that did not stop the build; raises CheckFailed on those that do.
    """
    campaign, kinds = plan.campaign, plan.kinds

    def side_work() -> tuple[list, dict[str, bytes]]:
        """What needs only the campaign: the workbook's check and the extra files."""
        extras: dict[str, bytes] = {}
        for k in kinds:
            if k.extras is not None:
                extras.update(k.extras(campaign))
        return check_workbook(campaign.source, campaign), extras

    # A large batch checks the workbook and makes the extra files while it renders; a small
    # build does them first, so a workbook error stops it before anything renders.
    jobs = plan.jobs
    batch = len(jobs) >= IN_PROCESS_BELOW and (workers is None or workers > 1)
    document_findings: list = []
    checked: set[str] = set()
    side = beside(side_work, overlap=batch)
    if not batch:
        findings, _ = side()
        if errors(findings, strict):
            raise CheckFailed(errors(findings, strict), strict)
    # Kind by kind, those whose templates print no figure first: their documents (and in
    # gongwen package their PDFs) are not kept waiting while the figures are drawn; the
    # result keeps the build order. ``workers`` processes (default: the cores) for a batch;
    # every value a template prints is read back from its document (gongwen.render.readback)
    groups = [(k, [doc for _, doc in g]) for k, g in itertools.groupby(jobs, lambda j: j[0])]
    groups.sort(key=lambda group: plan.figures.draws(plan.template_dir / group[0].template))
    done = 0
    for k, outputs in groups:
        template = plan.template_dir / k.template
        outputs = plan.figures.for_kind(template, outputs, f"{plan.unit}/{outputs[0].relpath}")
        documents = render_batch(
            [(template, with_aliases(k.contract, doc.context)) for doc in outputs],
            finish_document,
            workers,
            readback=True,
            fonts=plan.fonts,
        )
        for doc in outputs:
            data = _next_document(documents, doc, doc.relpath)
            if k.closing_block:  # the 版记 on the last even page, from a LibreOffice layout
                data, placed = place_or_warn(data, f"{plan.unit}/{doc.relpath}")
                document_findings += placed
            add(doc.relpath, data)
            if needs_check(k.batch, k.name not in checked):
                document_findings += check_document(campaign, f"{plan.unit}/{doc.relpath}", data)
                checked.add(k.name)
            done += 1
            if progress is not None:
                progress(done, len(jobs))
    findings, extras = side()
    findings = findings + plan.template_findings + plan.figures.findings + document_findings
    for _, rel in plan.extra_paths:
        add(rel, extras[rel])
    if errors(findings, strict):
        raise CheckFailed(errors(findings, strict), strict)
    return findings


def build(
    source: str | Path | Campaign | None = None,
    only: Sequence[str] = (),
    templates: str | Path | None = None,
    strict: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    fonts_set: str | None = None,
    fonts_dir: str | Path | None = None,
    on_file: Callable[[str, bytes], None] | None = None,
) -> BuildResult:
    """Render every document kind (or those in ``only``) in memory; nothing is written.

    ``source`` is a workbook's path (the shipped example when None) or a Campaign already
    read. A kind whose optional sheet the workbook lacks is skipped (and listed in the
    result), unless ``only`` names it, when that is an error. The workbook's text and the
    documents go through ``gongwen.check``; an error finding (any finding when ``strict``)
    raises ``CheckFailed``. ``jobs``: worker processes for a batch (default: the cores).
    ``fonts_set`` (Windows or GB2312) overrides the workbook's 字体方案
    (``gongwen.formatting.font_sets``). ``fonts_dir``: a folder of fonts searched first for
    the figures' CJK face (``--fonts``). ``on_file(relpath, data)`` is called with each file
    as soon as it is made, before the build's last checks (``gongwen.package`` starts its PDF
    then); the result's files are those it was given.
    """
    plan = _plan(source, only, templates, fonts_set, fonts_dir)
    made: dict[str, bytes] = {}

    def add(relpath: str, data: bytes) -> None:
        made[relpath] = data
        if on_file is not None:
            on_file(relpath, data)

    findings = _make(plan, add, strict, jobs, progress)
    documents = tuple(Document(kind, title, rel, made[rel]) for kind, title, rel in plan.entries)
    return BuildResult(plan.unit, documents, tuple(findings), tuple(plan.skipped))


def write(result: BuildResult, outdir: str | Path, force: bool = False) -> list[Path]:
    """Write a build's files into ``outdir/<unit>/``, all or nothing; the paths written.

    Like ``build_to``, records what was written and, with ``force``, removes what the last
    build wrote for these kinds and this one does not make (gongwen.build_record)."""
    paths = [f"{result.unit}/{d.relpath}" for d in result.documents]
    kinds = [d.kind for d in result.documents] + [s.kind for s in result.skipped]
    entries = [(d.kind, d.title, d.relpath) for d in result.documents]
    with StagedWrite(outdir, paths, force=force) as staging:
        for path, d in zip(paths, result.documents, strict=True):
            staging.add(path, d.data)
        selected = list(dict.fromkeys(kinds))
        tidying = tidy(Path(outdir), result.unit, selected, entries, staging.written(), force)
        return staging.commit(tidying.record, tidying.relative(Path(outdir)))


def build_to(
    source: str | Path | Campaign | None = None,
    outdir: str | Path = "outputs",
    *,
    force: bool = False,
    only: Sequence[str] = (),
    templates: str | Path | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    workers: int | None = None,
    fonts_set: str | None = None,
) -> Written:
    """``build`` and ``write`` in one pass that streams: each file goes to the staging folder
    as it is rendered, so a batch of thousands never sits in memory whole (``gongwen build``).
    """
    plan = _plan(source, only, templates, fonts_set)
    paths = [f"{plan.unit}/{rel}" for _, _, rel in plan.entries]
    with StagedWrite(outdir, paths, force=force) as staging:
        findings = _make(
            plan,
            lambda rel, data: staging.add(f"{plan.unit}/{rel}", data),
            strict,
            workers,
            progress,
        )
        selected = [k.name for k in select_kinds(only)]
        tidying = tidy(Path(outdir), plan.unit, selected, plan.entries, staging.written(), force)
        written = staging.commit(tidying.record, tidying.relative(Path(outdir)))
    built = tuple(
        Built(kind, title, p) for (kind, title, _), p in zip(plan.entries, written, strict=True)
    )
    findings = tuple(findings)
    return Written(built, tuple(plan.skipped), findings, tidying.remove, tidying.left)
