"""``--fix``: a corrected copy of a .docx with only the certain fixes applied.

Certain fixes: the year brackets of a 发文字号 (GW101), spaces inside it (GW104), half-width
brackets around it (GW111), numbering punctuation (GW202) and dates written otherwise than
2024年3月1日 (GW203, only for a day that exists). Text is edited inside the
existing ``w:t`` elements, so every run keeps its formatting; nothing is ever invented.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from pathlib import Path

from lxml import etree

from gongwen.check.citations import check_citations
from gongwen.check.findings import Edit, Finding
from gongwen.check.structure import check_structure
from gongwen.check.text import DocxPackage, Paragraph, docx_paragraphs, is_template

FIXED_SUFFIX = ".fixed.docx"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def fixed_path(path: str | Path) -> Path:
    """Where the corrected copy of ``path`` goes: ``报告.docx`` → ``报告.fixed.docx``."""
    p = Path(path)
    return p.with_name(
        p.name[: -len(p.suffix)] + FIXED_SUFFIX if p.suffix else p.name + FIXED_SUFFIX
    )


def fix_docx(path: str | Path, *, template: bool | None = None, force: bool = False) -> Path | None:
    """Write ``<name>.fixed.docx`` next to ``path`` with the certain fixes; return its path,
    or None when there is nothing to fix (then nothing is written).

    The copy is written as a build writes (gongwen.output): staged, moved into place whole,
    never through a link; an existing copy is replaced only with ``force``.
    ``template`` leaves template tags alone (default: decided by ``is_template``).
    """
    from gongwen.output import write_files

    source = Path(path)
    if template is None:
        template = is_template(source)
    package = DocxPackage(source)
    paragraphs = docx_paragraphs(package)
    findings = check_citations(paragraphs, str(source), None, template)
    findings += check_structure(paragraphs, str(source), template)
    changed = apply_fixes(paragraphs, findings)
    if not changed:
        return None
    target = fixed_path(source)
    buffer = io.BytesIO()
    _write(package, changed, buffer)
    write_files(target.parent, {target.name: buffer.getvalue()}, force=force)
    return target


def apply_fixes(paragraphs: list[Paragraph], findings: list[Finding]) -> set[str]:
    """Apply every finding's edits to the paragraphs' XML; return the parts changed."""
    by_place: dict[tuple, list[Edit]] = defaultdict(list)
    for f in findings:
        by_place[(f.part, f.cell, f.paragraph)].extend(f.edits)
    changed: set[str] = set()
    for para in paragraphs:
        where = para.where
        edits = by_place.get((where.part, where.cell, where.paragraph))
        if not edits:
            continue
        last_start = None
        for edit in sorted(set(edits), key=lambda e: (e.start, e.end), reverse=True):
            if last_start is not None and edit.end > last_start:
                continue  # overlapping edits: keep the later one only
            if apply_edit(para, edit):
                last_start = edit.start
                changed.add(where.part)
    return changed


def apply_edit(para: Paragraph, edit: Edit) -> bool:
    """Replace ``[start, end)`` of the paragraph text inside its ``w:t`` elements.

    The replacement goes into the first run touched; characters in later runs are removed.
    Edits are applied from the end of the paragraph backwards, so offsets stay valid.
    """
    touched = [s for s in para.segments if s.start < edit.end and s.end > edit.start]
    if not touched or any(s.element is None for s in touched):
        return False
    for index, seg in enumerate(touched):
        el = seg.element
        text = el.text or ""
        lo = max(edit.start, seg.start) - seg.start
        hi = min(edit.end, seg.end) - seg.start
        new = text[:lo] + (edit.text if index == 0 else "") + text[hi:]
        el.text = new
        if new != new.strip():
            el.set(_XML_SPACE, "preserve")
    return True


def _write(package: DocxPackage, changed: set[str], target) -> None:
    with zipfile.ZipFile(target, "w") as out:
        for info in package.zip.infolist():
            if info.filename in changed:
                root = package.xml(info.filename)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                data = package.zip.read(info.filename)
            out.writestr(info, data)
