"""Writing a campaign workbook laid out by ``gongwen.schema``.

Used for the blank workbook of ``gongwen init`` and for the shipped example: every sheet,
headers with a comment explaining the column, dropdowns for enumerations, date formats and a
frozen header row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from gongwen.schema import SHEETS, Column, Kind, Sheet
from gongwen.workbook import column_letter

DATE_NUMBER_FORMAT = 'yyyy"年"m"月"d"日"'
HEADER_FILL = "DDEBF7"


def _header(ws, col: int, column: Column) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    cell = ws.cell(row=1, column=col, value=column.name)
    cell.font = Font(bold=True, name="宋体")
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    comment = Comment(column.describe, "gongwen")
    comment.width, comment.height = 240, 90
    cell.comment = comment


def _format_column(ws, sheet: Sheet, col: int, column: Column, first_row: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = column_letter(col)
    ws.column_dimensions[letter].width = max(12, min(48, 4 + 2.2 * len(column.name)))
    if column.kind is Kind.TEXT and column.key in ("tasks", "title"):
        ws.column_dimensions[letter].width = 48
    span = f"{letter}{first_row}:{letter}1000"
    if column.choices:
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(column.choices) + '"',
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"「{column.name}」只能填 {'、'.join(column.choices)}",
        )
        dv.add(span)
        ws.add_data_validation(dv)


def _write_value(ws, row: int, col: int, column: Column, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if column.kind is Kind.DATE and isinstance(value, dt.date):
        cell.number_format = DATE_NUMBER_FORMAT
    elif column.kind is Kind.TEXT:
        cell.number_format = "@"


def write_workbook(
    path: str | Path,
    data: Mapping[str, Sequence[Mapping[str, object]]],
    sheets: Sequence[Sheet] = SHEETS,
) -> None:
    """Write a workbook with ``sheets`` and ``data`` ({sheet name: [{column name: value}]}).

    For the key/value sheet, ``data`` holds one mapping {item name: value}.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        rows = data.get(sheet.name, [])
        if sheet.key_value:
            _header(ws, 1, Column("项目", help="项目名称，不要修改"))
            _header(ws, 2, Column("内容", help="在此列填写"))
            values = rows[0] if rows else {}
            for r, column in enumerate(sheet.columns, start=2):
                name_cell = ws.cell(row=r, column=1, value=column.name)
                name_cell.comment = Comment(column.describe, "gongwen")
                _write_value(ws, r, 2, column, values.get(column.name))
            ws.column_dimensions["A"].width = 22
            ws.column_dimensions["B"].width = 40
        else:
            for c, column in enumerate(sheet.columns, start=1):
                _header(ws, c, column)
                _format_column(ws, sheet, c, column, 2)
            for r, values in enumerate(rows, start=2):
                for c, column in enumerate(sheet.columns, start=1):
                    _write_value(ws, r, c, column, values.get(column.name))
        ws.freeze_panes = "A2"
    wb.save(path)
