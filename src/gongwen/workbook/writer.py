"""Writing a campaign workbook laid out by ``gongwen.workbook.schema``.

Used for the blank workbook of ``gongwen init`` and for the shipped example: every sheet,
headers with a comment explaining the column, dropdowns for enumerations, date formats and a
frozen header row.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import OutputError
from gongwen.workbook.aqt9001 import element_rows
from gongwen.workbook.dates import parse_date
from gongwen.workbook.schema import (
    EXAMPLE_HELP,
    EXAMPLE_MARK,
    NOTE_COLUMN,
    SELF_EVALUATION,
    SHEETS,
    TASKS,
    Column,
    Kind,
    Sheet,
)

DATE_NUMBER_FORMAT = 'yyyy"年"m"月"d"日"'
HEADER_FILL = "DDEBF7"
EXAMPLE_COLOR = "808080"  # example rows in grey italics
NOTE = Column(NOTE_COLUMN, required=False, help=EXAMPLE_HELP)


def _header(ws, col: int, column: Column, comment_text: str = "") -> None:
    from openpyxl.styles import Font, PatternFill

    cell = ws.cell(row=1, column=col, value=column.name)
    cell.font = Font(bold=True, name="宋体")
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.comment = note(comment_text or column.describe)


# A cell note's box, in pixels: Excel and WPS draw note text in 9 pt (12 px a Chinese
# character, 15 px a line) inside a few pixels of padding; the default box is 144 x 79.
NOTE_WIDTH = 240
_NOTE_CHAR, _NOTE_LINE, _NOTE_PADDING = 12, 15, 12


def note_lines(text: str, width: int = NOTE_WIDTH) -> int:
    """How many lines ``text`` takes in a note ``width`` pixels wide (Latin characters half)."""
    per_line = (width - _NOTE_PADDING) / _NOTE_CHAR
    lines = 0
    for paragraph in text.split("\n"):
        units = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in paragraph)
        lines += max(1, math.ceil(units / per_line))
    return lines


def note(text: str):
    """A note (openpyxl Comment) whose box is tall enough for all of ``text``."""
    from openpyxl.comments import Comment

    height = note_lines(text) * _NOTE_LINE + _NOTE_PADDING
    return Comment(text, "gongwen", height=height, width=NOTE_WIDTH)


def _format_column(ws, sheet: Sheet, col: int, column: Column, first_row: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = column_letter(col)
    ws.column_dimensions[letter].width = max(12, min(48, 4 + 2.2 * len(column.name)))
    if column.kind is Kind.TEXT and column.key in ("tasks", "title"):
        ws.column_dimensions[letter].width = 48
    span = f"{letter}{first_row}:{letter}1000"
    if column.kind is Kind.DATE:
        ws.column_dimensions[letter].number_format = DATE_NUMBER_FORMAT
    elif column.kind is Kind.TEXT:
        ws.column_dimensions[letter].number_format = "@"
    if column.kind in (Kind.INTEGER, Kind.NUMBER):
        dv = DataValidation(
            type="whole" if column.kind is Kind.INTEGER else "decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"「{column.name}」应为不小于 0 的{column.kind.value}",
        )
        dv.add(span)
        ws.add_data_validation(dv)
    if column.choices:
        dv = _choices(column, span)
        ws.add_data_validation(dv)


# Excel refuses a list validation whose formula exceeds 255 characters.
LIST_LIMIT = 255


def _choices(column: Column, cells: str):
    """A drop-down list of ``column``'s choices on ``cells``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    formula = '"' + ",".join(column.choices) + '"'
    if len(formula) > LIST_LIMIT:
        raise ValueError(f"{column.name}: choices longer than {LIST_LIMIT} characters")
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=not column.required,
        showErrorMessage=True,
        errorTitle="输入有误",
        error=f"「{column.name}」只能填 {'、'.join(column.choices)}",
    )
    dv.add(cells)
    return dv


def _write_value(ws, row: int, col: int, column: Column, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if column.kind is Kind.DATE:
        cell.number_format = DATE_NUMBER_FORMAT
    elif column.kind is Kind.TEXT:
        cell.number_format = "@"


def _example_value(column: Column) -> object:
    """A column's example as a cell holds it: dates as dates."""
    if column.kind is Kind.DATE and column.example is not None:
        return parse_date(column.example) or column.example
    return column.example


def _mark_example(cells) -> None:
    from openpyxl.styles import Font

    for cell in cells:
        cell.font = Font(italic=True, color=EXAMPLE_COLOR)


def write_workbook(
    path: str | Path,
    data: Mapping[str, Sequence[Mapping[str, object]]],
    sheets: Sequence[Sheet] = SHEETS,
    *,
    examples: bool = False,
) -> None:
    """Write a workbook with ``sheets`` and ``data`` ({sheet name: [{column name: value}]}).

    For the key/value sheet, ``data`` holds one mapping {item name: value}. With ``examples``
    each table sheet gets a 备注 column and, before the data, one example row marked 示例
    (the reader skips it); 基本信息 gets a third column 示例 with an example of each item.
    """
    from openpyxl import Workbook

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
                name_cell.comment = note(column.describe)
                _write_value(ws, r, 2, column, values.get(column.name))
                if column.choices:
                    ws.add_data_validation(_choices(column, f"B{r}"))
                if examples:
                    _write_value(ws, r, 3, column, _example_value(column))
            ws.column_dimensions["A"].width = 22
            ws.column_dimensions["B"].width = 40
            if examples:
                _header(ws, 3, Column(EXAMPLE_MARK), "填写示范，不会被读取；请在 B 列“内容”中填写")
                _mark_example(ws.cell(row=r, column=3) for r in range(2, len(sheet.columns) + 2))
                ws.column_dimensions["C"].width = 40
        else:
            columns = list(sheet.columns)
            if examples and NOTE_COLUMN not in (c.name for c in columns):
                columns.append(NOTE)
            for c, column in enumerate(columns, start=1):
                _header(ws, c, column)
                _format_column(ws, sheet, c, column, 2)
            first = 2
            if examples:
                for c, column in enumerate(columns, start=1):
                    value = EXAMPLE_MARK if column.name == NOTE_COLUMN else _example_value(column)
                    _write_value(ws, 2, c, column, value)
                _mark_example(ws[2])
                first = 3
            for r, values in enumerate(rows, start=first):
                for c, column in enumerate(columns, start=1):
                    _write_value(ws, r, c, column, values.get(column.name))
        ws.freeze_panes = "A2"
    wb.save(path)


def write_blank_workbook(path: str | Path) -> Path:
    """The blank workbook of ``gongwen init`` at ``path``: every sheet, one example row each,
    and AQ/T 9001's 12 elements in 任务分工 and 自评 (分值 and the rest left to fill in).

    Refuses to replace an existing file; the file appears whole or not at all.
    """
    import os
    import tempfile

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputError(
            f"{path} 不是 .xlsx 文件名。请用以 .xlsx 结尾的文件名，如 安全社区创建.xlsx。"
        )
    if path.exists():
        raise OutputError(f"文件 {path} 已存在，未做任何改动。请另选一个文件名，或先将原文件移走。")
    if not path.parent.is_dir():
        raise OutputError(f"文件夹 {path.parent} 不存在。请先创建该文件夹，或另选保存位置。")
    fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        rows = element_rows()
        write_workbook(tmp, {TASKS.name: rows, SELF_EVALUATION.name: rows}, examples=True)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(
            f"无法写入 {path}（{exc.strerror or exc}）。请检查文件夹的写入权限和磁盘空间。"
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
