"""Checking 公文 for citation, structure and GB/T 9704 format problems.

The library returns findings and never prints; ``gongwen.check.report`` renders them.

- ``check_paths(paths, registry=None)``: .docx and .xlsx files, or folders of them.
- ``check_docx(source, registry=None, name=None)``: one Word document (path or bytes).
- ``check_texts(items, registry=None, path="")``: workbook text, as ``(location, text)`` pairs.
- ``fix_docx(path)``: write ``<name>.fixed.docx`` with the certain fixes applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from gongwen.check.citations import check_citations
from gongwen.check.docformat import check_format
from gongwen.check.doubled_numbers import check_doubled_numbers
from gongwen.check.findings import RULES, Edit, Finding, Rule
from gongwen.check.fix import FIXED_SUFFIX, fix_docx
from gongwen.check.structure import check_structure
from gongwen.check.text import (
    DocxPackage,
    UnreadableFileError,
    docx_paragraphs,
    is_template,
    text_paragraphs,
    xlsx_paragraphs,
)
from gongwen.workbook.model import BasisDocument

__all__ = [
    "RULES",
    "Edit",
    "Finding",
    "Rule",
    "UnreadableFileError",
    "check_docx",
    "check_paths",
    "check_texts",
    "check_xlsx",
    "collect_files",
    "fix_docx",
    "is_template",
]

Registry = Sequence[BasisDocument] | None
SUFFIXES = (".docx", ".xlsx")


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .docx and .xlsx files named or found (recursively) in folders, in a stable order.

    Skips Office lock files (``~$…``) and this checker's own ``.fixed.docx`` outputs found in
    folders. Raises ``UnreadableFileError`` for a path that does not exist or a file of
    another type named directly.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not p.name.startswith("~$")
                and not p.name.lower().endswith(FIXED_SUFFIX)
            )
            out.extend(sorted(found))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise UnreadableFileError(f"无法检查 {path}：只支持 .docx 和 .xlsx 文件。")
            out.append(path)
        elif path.exists():
            raise UnreadableFileError(
                f"无法检查 {path}：它不是普通文件（而是管道或设备），只能检查 .docx 和 .xlsx 文件。"
            )
        else:
            raise UnreadableFileError(f"找不到 {path}：文件或文件夹不存在。")
    return out


def check_docx(
    source: str | Path | bytes,
    registry: Registry = None,
    name: str | None = None,
    *,
    template: bool | None = None,
    format_rules: bool = True,
) -> list[Finding]:
    """Every finding in one Word document.

    ``name`` is the path reported (default: the path given). ``template`` allows template
    tags (default: decided by ``is_template``). ``format_rules=False`` skips GW3xx.
    """
    package = DocxPackage(source, name)
    path = package.name
    if template is None:
        template = not isinstance(source, bytes) and is_template(source)
    paragraphs = docx_paragraphs(package)
    findings = check_citations(paragraphs, path, registry, template)
    findings += check_structure(paragraphs, path, template)
    findings += check_doubled_numbers(paragraphs, path, package.xml("word/styles.xml"), template)
    if format_rules:
        findings += check_format(package, path, template)
    return sorted(findings, key=Finding.sort_key)


def check_xlsx(path: str | Path, registry: Registry = None) -> list[Finding]:
    """Every finding in the text cells of one workbook."""
    paragraphs = xlsx_paragraphs(path)
    return _check_cells(paragraphs, str(path), registry)


def check_texts(
    items: Iterable[tuple[str, str]], registry: Registry = None, path: str = ""
) -> list[Finding]:
    """Findings in text about to go into documents, e.g. a workbook's cells during a build.

    ``items`` are ``(location, text)`` pairs such as ``("工作阶段!D3", "…")``; ``path`` is the
    workbook's path as reported.
    """
    return _check_cells(text_paragraphs(list(items)), path, registry)


def _check_cells(paragraphs: list, path: str, registry: Registry) -> list[Finding]:
    findings = check_citations(paragraphs, path, registry)
    findings += check_structure(paragraphs, path)
    return sorted(findings, key=Finding.sort_key)


def check_paths(paths: Iterable[str | Path], registry: Registry = None) -> list[Finding]:
    """Every finding in the given files and folders (see ``collect_files``)."""
    findings: list[Finding] = []
    for path in collect_files(paths):
        if path.suffix.lower() == ".docx":
            findings += check_docx(path, registry)
        else:
            findings += check_xlsx(path, registry)
    return findings
