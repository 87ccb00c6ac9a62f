"""Form-like tables that fit the type area."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.shared import Length, Mm

from gongwen.formatting import gbt9704 as std
from gongwen.formatting.properties import get_or_add, set_jc
from gongwen.formatting.style_names import TABLE_TEXT

TABLE_STYLE = "Table Grid"  # single-line borders on every cell
TABLE_ROW_MIN_HEIGHT = Mm(9)  # practice: one 4号 line with room above and below


@dataclass(frozen=True)
class TableCell:
    """One cell of a form-like table row: its text (may carry docxtpl tags) and layout."""

    text: str
    span: int = 1  # columns it covers
    style: str = TABLE_TEXT
    align: str = "left"  # w:jc value: left, center, both


def add_table(document, widths: Sequence[Length]):
    """An empty bordered table of fixed column ``widths``, centred in the type area.

    The widths must add up to no more than the type area (156 mm), so the table never
    overflows the page; rows are added with ``add_table_row``.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT

    total = Length(sum(int(w) for w in widths))
    if total > std.TYPE_AREA_WIDTH:
        raise ValueError(f"table is {total.mm:.1f} mm wide; the type area is 156 mm")
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles[TABLE_STYLE]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(total.twips))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def add_table_row(table, cells: Sequence[TableCell]):
    """A row of ``cells`` (spans merged), text vertically centred, at least one line high,
    kept whole on one page (a fitted table lets a row taller than a page split)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE

    if sum(c.span for c in cells) != len(table.columns):
        raise ValueError("the cells' spans must cover every column of the table")
    row = table.add_row()
    row.height = TABLE_ROW_MIN_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    index = 0
    for spec in cells:
        cell = row.cells[index]
        if spec.span > 1:
            cell = cell.merge(row.cells[index + spec.span - 1])
        index += spec.span
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.style = table.part.document.styles[spec.style]
        set_jc(paragraph._p.get_or_add_pPr(), spec.align)
        paragraph.add_run(spec.text)
    keep_row_whole(row)
    return row


def repeat_header_row(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto (Word's 标题行重复)."""
    tr_pr = row._tr.get_or_add_trPr()
    get_or_add(tr_pr, "w:tblHeader").attrib.pop(qn("w:val"), None)  # on/off: bare is on


def keep_row_whole(row) -> None:
    """Keep ``row`` on one page instead of splitting it across a page break."""
    tr_pr = row._tr.get_or_add_trPr()
    get_or_add(tr_pr, "w:cantSplit").attrib.pop(qn("w:val"), None)


def _no_border(tc, side: str) -> None:
    borders = get_or_add(tc.get_or_add_tcPr(), "w:tcBorders")
    get_or_add(borders, f"w:{side}").set(qn("w:val"), "nil")


def add_seal_row(table, cells: Sequence[Sequence[tuple[str, str]]]):
    """A row for signing and stamping below the last row, in the same boxes (no line between).

    Each cell gets one paragraph per (text, w:jc); the row is at least 45 mm high
    (``SEAL_CELL_MIN_HEIGHT``) with its text at the foot, so the 盖章 line and the date stand
    at the bottom of the room a seal needs. The row above is kept on the same page.
    """
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE

    above = table.rows[-1]
    row = add_table_row(table, [TableCell("") for _ in cells])
    row.height = std.SEAL_CELL_MIN_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell, lines, upper in zip(row.cells, cells, above.cells, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        _no_border(cell._tc, "top")
        _no_border(upper._tc, "bottom")
        for p in upper.paragraphs:
            get_or_add(p._p.get_or_add_pPr(), "w:keepNext")
        for i, (text, align) in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph(style=TABLE_TEXT)
            set_jc(paragraph._p.get_or_add_pPr(), align)
            paragraph.add_run(text)
    return row
