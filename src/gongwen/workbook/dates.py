"""Reading dates as secretaries type them, and writing them as 公文 require (2024年3月1日)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from gongwen.formatting.gbt9704 import DATE_FORMAT

_TEXT_DATE = re.compile(
    r"^\s*(\d{4})\s*(?:[-./／－]|年)\s*(\d{1,2})\s*(?:[-./／－]|月)\s*(\d{1,2})\s*日?\s*$"
)


def parse_date(value: object) -> dt.date | None:
    """A date from a date cell or text such as 2024-3-1, 2024.3.1, 2024/3/1 or 2024年3月1日.

    Returns None when the value is not a recognisable, valid date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _TEXT_DATE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def format_date(value: dt.date) -> str:
    """2024年3月1日: full year, month and day without leading zeros."""
    return DATE_FORMAT.format(year=value.year, month=value.month, day=value.day)


def impossible_date(value: object) -> str:
    """Why a text written like a date (2025.2.30) names no day; "" when it is not so written.

    ``2025.2.30`` -> "2025年2月只有28天"; ``2025-13-1`` -> "一年只有12个月".
    """
    if not isinstance(value, str):
        return ""
    m = _TEXT_DATE.match(value)
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return "一年只有12个月"
    if day < 1:
        return "日不能为0"
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # no calendar to tell: not a date, as such
        return ""
    last = calendar.monthrange(year, month)[1]
    return f"{year}年{month}月只有{last}天" if day > last else ""
