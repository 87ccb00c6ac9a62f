"""Excel's date serial numbers (a date cell whose format was lost shows 45352, not 2024-3-1).

A number in a date column is read as a serial of the workbook's date system (1900, or 1904
for workbooks from old Mac Excel) when it falls between ``EARLIEST`` and ``LATEST``; any other
number is not a date. Serials in that range are 5-digit numbers (18172 to 73415), and no date
of a campaign or of a document it cites lies outside it. A date cell outside the range is
refused too: it is a number typed into a date-formatted cell (2024 shows as 1905-07-16).
"""

from __future__ import annotations

import datetime as dt
import math

EARLIEST = dt.date(1949, 10, 1)
LATEST = dt.date(2100, 12, 31)


def date_from_serial(value: object, epoch: dt.datetime | None = None) -> dt.date | None:
    """The date the serial ``value`` stands for in the date system ``epoch`` (1900 when None),
    or None."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    epoch = epoch or WINDOWS_EPOCH
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value < 0 or value > 2_958_465:  # 9999-12-31
        return None
    try:
        date = from_excel(math.floor(value), epoch)
    except (ValueError, OverflowError):
        return None
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date) or not plausible(date):
        return None
    return date


def plausible(date: dt.date) -> bool:
    """Whether ``date`` lies between EARLIEST and LATEST."""
    return EARLIEST <= date <= LATEST
