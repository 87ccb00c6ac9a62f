"""Opening a workbook file and reading every sheet's raw rows, streaming."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import WorkbookError
from gongwen.workbook.cells import SPACES, UNCACHED, clean_text
from gongwen.workbook.guard import inspect_workbook_file
from gongwen.workbook.schema import (
    Sheet,
)
from gongwen.workbook.sheet_xml import sheet_facts


@dataclass
class RawSheet:
    """The raw rows of one sheet, as read from the file."""

    name: str
    rows: list[tuple]
    epoch: dt.datetime | None = None  # the workbook's date system (1900 or 1904)
    merged: tuple[str, ...] = ()  # merged ranges, A2:A4
    hidden: bool = False


def read_sheets(path: Path) -> dict[str, RawSheet]:
    """Every sheet's values, read streaming; file-level failures become WorkbookError."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise WorkbookError(str(path), ["找不到该文件"], "请检查路径是否正确。")
    if path.is_dir():
        raise WorkbookError(str(path), ["这是一个文件夹，不是工作簿"], "请指定 .xlsx 文件。")
    inspect_workbook_file(path)  # empty, renamed, encrypted, damaged, bombs: refused first
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(
            str(path),
            [f"无法作为 .xlsx 工作簿打开（{type(exc).__name__}）"],
            "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。",
        ) from None
    except Exception as exc:  # a damaged part can make the parser fail in any way
        raise _damaged(path, exc) from None
    try:
        tables = {}
        for ws in wb.worksheets:
            ws.reset_dimensions()  # WPS may state a wrong sheet size; read the sheet whole
            with wb._archive.open(ws._worksheet_path) as fh:
                facts = sheet_facts(fh)
            rows = [
                tuple(
                    UNCACHED if v is None and (r, c) in facts.uncached else v
                    for c, v in enumerate(row, start=1)
                )
                if facts.uncached
                else row
                for r, row in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
            tables[ws.title.strip(SPACES)] = RawSheet(
                ws.title, rows, wb.epoch, tuple(facts.merged), ws.sheet_state != "visible"
            )
        return tables
    except Exception as exc:  # a damaged part can make the parser fail in any way
        raise _damaged(path, exc) from None
    finally:
        wb.close()


def _damaged(path: Path, exc: Exception) -> WorkbookError:
    return WorkbookError(
        str(path),
        [f"工作簿内容已损坏，无法读取（{type(exc).__name__}）"],
        "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。",
    )


def cell_of(tables: dict[str, RawSheet], sheet: Sheet, column: str, row: int) -> str:
    """The address ``sheet!C3`` of ``column`` in data row ``row``."""
    header = tables[sheet.name].rows[0] if tables[sheet.name].rows else ()
    for i, cell in enumerate(header):
        if cell is not None and clean_text(cell) == column:
            return f"{sheet.name}!{column_letter(i + 1)}{row}"
    return f"{sheet.name}!A{row}"
