"""``gongwen build``: from a workbook to the campaign's documents in the output folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from gongwen.context import campaign_context
from gongwen.documents import KINDS, DocumentKind
from gongwen.errors import OutputError
from gongwen.formatting import finish_document
from gongwen.names import safe_filename
from gongwen.output import write_files
from gongwen.rendering import render_docx
from gongwen.workbook import read_campaign

EXAMPLE_WORKBOOK = "静观镇安全社区创建.xlsx"


def shipped_templates() -> Path:
    """The folder of the templates shipped with gongwen."""
    return Path(str(resources.files("gongwen.templates")))


def shipped_example() -> Path:
    """The example workbook shipped with gongwen."""
    return Path(str(resources.files("gongwen.inputs").joinpath(EXAMPLE_WORKBOOK)))


@dataclass(frozen=True)
class Built:
    """One file produced by a build."""

    kind: str
    title: str
    path: Path


def build(
    workbook: str | Path | None = None,
    outdir: str | Path = "outputs",
    *,
    force: bool = False,
    only: Sequence[str] = (),
    templates: str | Path | None = None,
) -> list[Built]:
    """Render every document kind (or those in ``only``) and write them, all or nothing."""
    campaign = read_campaign(workbook or shipped_example())
    folder = safe_filename(campaign.info.unit)
    if not folder:
        raise OutputError(f"单位名称「{campaign.info.unit}」不能用作文件夹名，请在 基本信息 中改正。")
    template_dir = Path(templates) if templates else shipped_templates()
    context = campaign_context(campaign)
    kinds: list[DocumentKind] = [k for k in KINDS if not only or k.name in only]
    files: dict[str, bytes] = {}
    made: list[tuple[str, str]] = []
    for k in kinds:
        for doc in k.documents(campaign, context):
            files[f"{folder}/{doc.relpath}"] = render_docx(
                template_dir / k.template, doc.context, finish=finish_document
            )
            made.append((k.name, doc.title))
        if k.extras is not None:
            for rel, data in k.extras(campaign).items():
                files[f"{folder}/{rel}"] = data
                made.append((k.name, PurePosixPath(rel).stem))
    paths = write_files(outdir, files, force=force)
    return [Built(kind, title, path) for (kind, title), path in zip(made, paths, strict=True)]
