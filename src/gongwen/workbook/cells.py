"""One cell's value as its column's kind: text, whole number, number or date, or a problem."""

from __future__ import annotations

import datetime as dt
import re

from gongwen.errors import Problem
from gongwen.workbook.dates import format_date, impossible_date, parse_date
from gongwen.workbook.schema import (
    Column,
    Kind,
)
from gongwen.workbook.serial_dates import EARLIEST, LATEST, date_from_serial, plausible

# Characters that cannot stand in a document: C0 controls other than tab and newline, DEL,
# the non-characters U+FFFE/U+FFFF and lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Excel stores characters XML cannot hold as _xHHHH_ escapes (and a literal "_x" as
# _x005F_x); openpyxl hands the escapes through unchanged, so they are decoded here.
OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
SPACES = " \t\r\n\u3000\u00a0"
EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
}


class _Uncached:
    """Stands in a table for a formula cell that has no calculated value in the file."""

    def __str__(self) -> str:
        return ""


UNCACHED = _Uncached()


def clean_text(value: object) -> str:
    # Excel keeps 15 significant digits: a whole float within them is shown as an integer
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value).strip(SPACES)


def convert(value: object, col: Column, where: str, problems: list[Problem], epoch=None) -> object:
    """One cell's value as the column's kind; None when empty or invalid (problem recorded)."""
    if value is UNCACHED:
        problems.append(
            Problem(
                where,
                "单元格是公式，但文件中没有它的计算结果（文件不是由 Excel/WPS 保存的），"
                "请在 Excel 或 WPS 中打开、确认结果后保存，或把公式改为数值",
            )
        )
        return None
    if isinstance(value, str):
        value = OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        if value.strip(SPACES) in EXCEL_ERRORS:
            problems.append(
                Problem(where, f"单元格是 Excel 错误值 {value.strip()}，请改正公式或填入数值")
            )
            return None
        bad = FORBIDDEN.search(value)
        if bad:
            problems.append(
                Problem(
                    where,
                    f"含有不可见的控制字符 U+{ord(bad.group()):04X}，请删除后重新输入该单元格",
                )
            )
            return None
    empty = value is None or (isinstance(value, str) and not value.strip(SPACES))
    if empty:
        if col.required:
            problems.append(Problem(where, f"「{col.name}」不能为空"))
        return None
    if col.kind is Kind.DATE:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            date = date_from_serial(value, epoch)
            if date is None:
                problems.append(
                    Problem(
                        where,
                        f"「{col.name}」应为日期，现为数字“{clean_text(value)}”（不是 "
                        f"{format_date(EARLIEST)}至{format_date(LATEST)}间日期的 Excel 日期序号），"
                        "请填写日期，如 2024年3月1日",
                    )
                )
            return date
        date = parse_date(value.strip(SPACES) if isinstance(value, str) else value)
        if date is not None and not plausible(date):
            problems.append(
                Problem(
                    where,
                    f"「{col.name}」的日期 {format_date(date)} 不在 {format_date(EARLIEST)}至"
                    f"{format_date(LATEST)}之间（可能是在日期格式的单元格中填了数字），请改正",
                )
            )
            return None
        if date is None:
            reason = impossible_date(value.strip(SPACES) if isinstance(value, str) else value)
            if reason:
                message = f"「{col.name}」的“{clean_text(value)}”不是存在的日期（{reason}），请改正"
            else:
                message = f"「{col.name}」应为日期（如 2024年3月1日 或 2024-3-1），现为“{value}”"
            problems.append(Problem(where, message))
        return date
    if col.kind in (Kind.INTEGER, Kind.NUMBER):
        number = as_number(value)
        if number is None or isinstance(value, (dt.date, bool)):
            problems.append(Problem(where, f"「{col.name}」应为{col.kind.value}，现为“{value}”"))
            return None
        if col.kind is Kind.INTEGER:
            if not float(number).is_integer():
                problems.append(Problem(where, f"「{col.name}」应为整数，现为“{value}”"))
                return None
            return int(number)
        return number
    if isinstance(value, bool):  # a TRUE/FALSE cell would become the text "True"
        problems.append(
            Problem(
                where,
                f"「{col.name}」应为文字，现为逻辑值 {str(value).upper()}，"
                "请把单元格格式设为文本后重新输入",
            )
        )
        return None
    text = clean_text(value)
    if col.choices and text not in col.choices:
        problems.append(
            Problem(where, f"「{col.name}」只能填 {'、'.join(col.choices)}，现为“{text}”")
        )
        return None
    return text


def as_number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip(SPACES).replace(",", "")
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return None
    return None
