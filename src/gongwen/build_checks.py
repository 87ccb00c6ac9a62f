"""The checks a build runs before it writes anything.

The workbook's text cells are checked once (every value a document can show comes from
them, so a finding points at the cell to correct). Each document of a single-document kind
is checked whole. A kind that writes one document per record (村社区档案) differs between
records only in workbook values, already checked, so its first document is checked whole to
cover the template and how the values sit in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gongwen.model import BasisDocument


@dataclass(frozen=True)
class RenderedDocument:
    """A document rendered by a build and not yet written."""

    kind: str
    relpath: str  # as it will be written, relative to the output folder
    data: bytes
    first_of_kind: bool = True


def check_build(
    workbook: str | Path,
    registry: Sequence[BasisDocument],
    documents: Iterable[RenderedDocument],
    *,
    per_record_kinds: frozenset[str] = frozenset(),
) -> list:
    """Findings in the workbook's text cells and in the rendered documents."""
    from gongwen.check import check_docx, check_xlsx

    findings = check_xlsx(workbook, registry)
    for doc in documents:
        if doc.kind in per_record_kinds and not doc.first_of_kind:
            continue
        findings += check_docx(doc.data, registry, name=doc.relpath, template=False)
    return findings


def errors(findings: Iterable, strict: bool = False) -> list:
    """The findings that stop a build: errors, and warnings too when ``strict``."""
    return [f for f in findings if strict or f.severity == "error"]
