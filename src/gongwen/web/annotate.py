"""The annotated workbook: the user's own .xlsx with each problem cell coloured and noted."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from gongwen.web import service
from gongwen.web.service import CellProblem

ERROR_FILL = "FFC7CE"  # light red: must be fixed
WARNING_FILL = "FFEB9C"  # light yellow: worth a look
AUTHOR = "gongwen"
# A comment box is sized in pixels (openpyxl's unit) from its text: a Chinese character of
# the 11-point comment font is about 15 pixels wide, a line about 20 pixels high; lines wrap
# at COMMENT_CHARS characters.
COMMENT_CHARS = 30
CHAR_WIDTH_PX = 15
LINE_HEIGHT_PX = 20
COMMENT_PADDING_PX = 16


def comment_size(text: str) -> tuple[int, int]:
    """(width, height) in pixels of a comment box that shows ``text`` without scrolling."""
    lines = text.split("\n")
    widest = min(COMMENT_CHARS, max(len(line) for line in lines))
    rows = sum(max(1, -(-len(line) // COMMENT_CHARS)) for line in lines)
    return widest * CHAR_WIDTH_PX + COMMENT_PADDING_PX, rows * LINE_HEIGHT_PX + COMMENT_PADDING_PX


def annotate(workbook: Path, problems: list[CellProblem]) -> bytes:
    """The workbook's bytes with every problem cell filled (red error, yellow warning) and a
    comment holding its messages. A problem without a cell goes on the sheet's A1; one on a
    sheet the workbook lacks is left out (the page lists it)."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    service.guard_workbook(workbook)  # the same guard (zip bombs, DTDs) as a build
    book = load_workbook(workbook)
    by_cell: dict[tuple[str, str], list[CellProblem]] = defaultdict(list)
    for p in problems:
        if p.sheet in book.sheetnames:
            by_cell[(p.sheet, p.cell or "A1")].append(p)
    for (sheet, ref), found in by_cell.items():
        cell = book[sheet][ref]
        colour = ERROR_FILL if any(p.severity == "error" for p in found) else WARNING_FILL
        cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        text = "\n".join(f"{p.where}：{p.message}" for p in found)
        width, height = comment_size(text)
        cell.comment = Comment(text, AUTHOR, width=width, height=height)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
