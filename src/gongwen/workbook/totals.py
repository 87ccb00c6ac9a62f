"""Figures computed from the campaign's rows: hazard totals, rectification rates, score totals
and the evaluation verdict. Templates only display them.

Sums use ``Decimal`` so that scores such as 7.5 + 8.5 add exactly and a total of exactly 90
meets a threshold of 90.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from gongwen.workbook.model import Village

PASS = "合格"
STANDARD = "达标"
FAIL = "不合格"


def exact(value: float | int) -> Decimal:
    """A cell's number as the decimal a person typed (7.1 -> Decimal('7.1'))."""
    return Decimal(str(value))


def plain_number(value: float | int | Decimal) -> int | float:
    """91.0 -> 91, 91.5 -> 91.5: a number as a document writes it."""
    d = exact(value) if not isinstance(value, Decimal) else value
    return int(d) if d == d.to_integral_value() else float(d)


def total(values: Iterable[float | int]) -> int | float:
    """The exact sum of ``values``, written as a document writes it."""
    return plain_number(sum((exact(v) for v in values), Decimal(0)))


def hazard_totals(villages: Iterable[Village]) -> tuple[int, int]:
    """(隐患数, 已整改数) summed over every village or community."""
    found = fixed = 0
    for v in villages:
        found += v.hazards_found
        fixed += v.hazards_fixed
    return found, fixed


def rate_fraction(fixed: int, found: int) -> float | None:
    """整改率 as the fraction a spreadsheet formats with ``0.0%`` (17 of 18 -> 0.944), rounded
    as ``rate`` rounds it; None when nothing was found."""
    if not found:
        return None
    return float((Decimal(fixed) / Decimal(found)).quantize(Decimal("0.001"), ROUND_HALF_UP))


def rate(fixed: int, found: int) -> str:
    """整改率 as a percentage with one decimal (17 of 18 -> 94.4%); "—" when nothing was found."""
    if not found:
        return "—"
    pct = (Decimal(fixed) * 100 / Decimal(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{plain_number(pct)}%"


def verdict(score: float | int, pass_score: float | int, standard_score: float | int) -> str:
    """达标 at or above the standard score, 合格 at or above the pass score, else 不合格."""
    s = exact(score)
    if s >= exact(standard_score):
        return STANDARD
    if s >= exact(pass_score):
        return PASS
    return FAIL
