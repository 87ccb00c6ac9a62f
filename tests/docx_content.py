"""Reading rendered documents back for assertions: paragraph texts, tables, fonts, widths."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Twips

from gongwen.check import check_docx
from gongwen.workbook.reader import read_registry


def paragraphs(path: Path) -> list[str]:
    """The body's paragraph texts, outside tables."""
    return [p.text for p in Document(path).paragraphs]


def tables(path: Path) -> list[list[list[str]]]:
    """Every table as rows of cell texts, paragraphs joined by newlines; a merged cell counts
    once. Line breaks the format engine writes into a fitted table's cells are left out."""
    from gongwen.formatting import paragraph_text

    out = []
    for table in Document(path).tables:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append("\n".join(paragraph_text(p._p) for p in cell.paragraphs))
            rows.append(cells)
        out.append(rows)
    return out


def table_width(table) -> Length:
    """The sum of a table's grid columns."""
    grid = table._tbl.tblGrid
    return Twips(sum(int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))))


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective_font(paragraph) -> tuple[str, float]:
    """(East Asian font, size in pt) a paragraph's text takes from its runs or its style."""
    font, size = None, None
    for run in paragraph.runs:
        rpr = run._r.rPr
        if rpr is not None and rpr.rFonts is not None:
            font = font or rpr.rFonts.get(qn("w:eastAsia"))
        if run.font.size is not None:
            size = size or run.font.size.pt
    for style in _style_chain(paragraph.style):
        rpr = style.element.rPr
        if font is None and rpr is not None and rpr.rFonts is not None:
            font = rpr.rFonts.get(qn("w:eastAsia"))
        if size is None and style.font.size is not None:
            size = style.font.size.pt
    return font, size


def table_cells(path: Path):
    """(table, row index, paragraph) for every paragraph in every table cell."""
    document = Document(path)
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield table, r, paragraph


def error_findings(path: Path, workbook: Path) -> list:
    """The project's own checker's error findings on a rendered document."""
    registry = read_registry(workbook)
    return [f for f in check_docx(path, registry) if f.severity == "error"]
