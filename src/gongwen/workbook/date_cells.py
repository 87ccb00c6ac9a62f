"""The cells of a campaign sheet that the reader reads as dates, known from the schema."""

from __future__ import annotations

from collections.abc import Sequence

from gongwen.workbook.cells import clean_text
from gongwen.workbook.schema import SHEETS, Kind


def date_cells(sheet_name: str, rows: Sequence[Sequence[object]]) -> set[tuple[int, int]]:
    """(row, column), both from 1, of every cell of ``rows`` the reader reads as a date.

    ``rows`` are the sheet's values, header row first. A table sheet's date columns are found
    by their header (row 1); in the key/value sheet 基本信息 it is column B of a date item. A
    sheet the schema does not know has none: the reader does not read it.
    """
    sheet = next((s for s in SHEETS if s.name == sheet_name), None)
    if sheet is None:
        return set()
    dates = {c.name for c in sheet.columns if c.kind is Kind.DATE}
    out: set[tuple[int, int]] = set()
    if sheet.key_value:
        for r, row in enumerate(rows, start=1):
            if row and row[0] is not None and clean_text(row[0]) in dates:
                out.add((r, 2))
        return out
    if not rows:
        return out
    columns = [c for c, h in enumerate(rows[0], start=1) if h and clean_text(h) in dates]
    for r in range(2, len(rows) + 1):
        out.update((r, c) for c in columns)
    return out
