"""The library's surface: read a workbook, build in memory, write, check and package."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from gongwen.build import BuildResult, Document, Skipped, build, write
from gongwen.check import check_paths
from gongwen.check.findings import Finding
from gongwen.packaging.package import make_package
from gongwen.workbook.model import BasisDocument, Campaign
from gongwen.workbook.reader import read_campaign, read_registry

__all__ = [
    "BuildResult",
    "Document",
    "Skipped",
    "build",
    "check",
    "package",
    "read_workbook",
    "write",
]


def read_workbook(path: str | Path) -> Campaign:
    """The campaign in the workbook at ``path``; raises WorkbookError listing every problem."""
    return read_campaign(path)


def check(
    paths: str | Path | Iterable[str | Path],
    registry: str | Path | Campaign | Sequence[BasisDocument] | None = None,
) -> list[Finding]:
    """Findings in .docx and .xlsx files, or in every such file under folders.

    ``registry`` (a workbook's path, a Campaign, or its basis documents) is what citations
    are checked against; without it, only what a document shows by itself.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if isinstance(registry, (str, Path)):
        basis = read_registry(registry)
    elif isinstance(registry, Campaign):
        basis = registry.basis_documents
    else:
        basis = tuple(registry) if registry is not None else None
    return check_paths(paths, basis)


def package(
    source: str | Path | Campaign | None,
    out_dir: str | Path,
    pdf: bool = True,
    fonts: str | Path | None = None,
    force: bool = False,
    fonts_set: str | None = None,
) -> Path:
    """Build in memory and assemble the submission package in ``out_dir``; the zip's path.

    Beside the zip lies a folder of the same name with the same files. ``fonts_set``
    (Windows or GB2312) overrides the workbook's 字体方案.
    """
    package = make_package(
        source, out_dir, pdf=pdf, fonts_dir=fonts, force=force, fonts_set=fonts_set
    )
    return package.zip_path
