"""The checks a build runs before it writes anything.

The workbook's text cells are checked first (every value a document can show comes from
them, so a finding points at the cell to correct). Each document of a single-document kind
is checked whole. A kind that writes one document per record (村社区档案) differs between
records only in workbook values, already checked, so only its first document is checked
whole, to cover the template and how the values sit in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gongwen.workbook.model import Campaign


def check_workbook(workbook: str | Path, campaign: Campaign) -> list:
    """Findings in the workbook's text cells, as read for ``campaign``, after the reader's
    warnings: what it did not read (GW401) and dates that look wrong (GW402)."""
    from gongwen.check import check_texts

    return reader_findings(workbook, campaign) + check_texts(
        campaign.texts, campaign.basis_documents, path=str(workbook)
    )


def reader_findings(workbook: str | Path, campaign: Campaign) -> list:
    """The reader's warnings (``Campaign.warnings``) as findings at their sheet and cell."""
    from gongwen.check.findings import Location, finding

    out = []
    for problem in campaign.warnings:
        where = Location(problem.where, None)
        out.append(finding(problem.rule, str(workbook), where, 0, problem.message))
    return out


def needs_check(batch: bool, first_of_kind: bool) -> bool:
    """Whether a rendered document is checked whole (see the module's docstring)."""
    return not batch or first_of_kind


def check_document(campaign: Campaign, relpath: str, data: bytes) -> list:
    """Findings in one rendered document, reported under ``relpath``."""
    from gongwen.check import check_docx

    return check_docx(data, campaign.basis_documents, name=relpath, template=False)


def errors(findings: Iterable, strict: bool = False) -> list:
    """The findings that stop a build: errors, and warnings too when ``strict``."""
    return [f for f in findings if strict or f.severity == "error"]
