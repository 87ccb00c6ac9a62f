"""Reading dates as secretaries type them, and writing them as 公文 require (2024年3月1日)."""

from __future__ import annotations

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
