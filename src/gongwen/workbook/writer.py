"""Writing a campaign workbook laid out by ``gongwen.workbook.schema``.

Used for the blank workbook of ``gongwen init`` and for the shipped example: every sheet,
headers with a comment explaining the column (with an example), dropdowns for enumerations,
date formats and a frozen header row. The data area holds only data: the examples of a blank
workbook are in the comments and in the sheet 填写说明, which the reader does not read.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import OutputError, os_reason
from gongwen.workbook.aqt9001 import element_rows
from gongwen.workbook.schema import (
    GUIDE_SHEET,
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
GUIDE_INTRO = (
    f"本表只作说明，gongwen 不读取本表。请在其他各表中填写：第 1 行是列名，不要修改；"
    f"从第 2 行起每行一条数据（「基本信息」在 B 列填写）。表中另加的列、项目或工作表不会被读取，"
    f"生成时会逐一提示；自己的说明可写在名为“{NOTE_COLUMN}”的列中。"
    "带“可选”的工作表不填时，用到它的公文跳过并提示。"
)
GUIDE_HEADERS = ("工作表", "列（项目）", "填写说明", "示例")


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


def _guide(wb, sheets: Sequence[Sheet]) -> None:
    """The sheet 填写说明: what each sheet is for, each column's rules and an example."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(GUIDE_SHEET)
    ws.append([GUIDE_INTRO])
    ws["A1"].font = Font(bold=True, color="C00000")
    ws.append([])
    ws.append(list(GUIDE_HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for sheet in sheets:
        title = sheet.name if sheet.required else f"{sheet.name}（可选）"
        ws.append([title, "", sheet.help, ""])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for column in sheet.columns:
            ws.append(["", column.name, column.describe.split("；示例：")[0], column.example])
    for letter, width in zip("ABCD", (18, 18, 70, 30), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=4):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"


def write_workbook(
    path: str | Path,
    data: Mapping[str, Sequence[Mapping[str, object]]],
    sheets: Sequence[Sheet] = SHEETS,
    *,
    guide: bool = False,
) -> None:
    """Write a workbook with ``sheets`` and ``data`` ({sheet name: [{column name: value}]}).

    For the key/value sheet, ``data`` holds one mapping {item name: value}. With ``guide``
    the workbook opens on a first sheet 填写说明 explaining every sheet and column.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    if guide:
        _guide(wb, sheets)
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
            ws.column_dimensions["A"].width = 22
            ws.column_dimensions["B"].width = 40
        else:
            columns = list(sheet.columns)
            for c, column in enumerate(columns, start=1):
                _header(ws, c, column)
                _format_column(ws, sheet, c, column, 2)
            for r, values in enumerate(rows, start=2):
                for c, column in enumerate(columns, start=1):
                    _write_value(ws, r, c, column, values.get(column.name))
        ws.freeze_panes = "A2"
    wb.save(path)


def write_blank_workbook(path: str | Path) -> Path:
    """The blank workbook of ``gongwen init`` at ``path``: 填写说明 and every sheet with no
    example rows, and AQ/T 9001's 12 elements in 任务分工 and 自评 (分值 and the rest left to
    fill in).

    Refuses to replace an existing file; the file appears whole or not at all.
    """
    import tempfile

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputError(
            f"{path} 不是 .xlsx 文件名。请用以 .xlsx 结尾的文件名，如 安全社区创建.xlsx。"
        )
    exists = f"文件 {path} 已存在，未做任何改动。请另选一个文件名，或先将原文件移走。"
    if path.exists():
        raise OutputError(exists)
    if not path.parent.is_dir():
        raise OutputError(f"文件夹 {path.parent} 不存在。请先创建该文件夹，或另选保存位置。")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
        try:
            rows = element_rows()
            write_workbook(tmp, {TASKS.name: rows, SELF_EVALUATION.name: rows}, guide=True)
            os.chmod(tmp, 0o666 & ~_umask())  # as any new file: mkstemp made it private
            _place_new(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:  # it appeared while the workbook was written
        raise OutputError(exists) from None
    except OSError as exc:
        raise OutputError(
            f"无法写入 {path}（{os_reason(exc)}）。请检查文件夹的写入权限和磁盘空间。"
        ) from None
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _place_new(tmp: str, path: Path) -> None:
    """Put ``tmp`` at ``path`` whole, never over a file that appeared there meanwhile."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT on a USB stick)
        if path.exists() or path.is_symlink():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
