"""Chinese numerals and the numbers of the four heading levels (一、 （一） 1. （1））."""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (for 1 <= n < 1000)."""
    if not 0 < n < 1000:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


def heading_number(level: int, n: int) -> str:
    """The number of the n-th heading of a level, with its punctuation (GB/T 15834)."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(level)


class HeadingCounter:
    """Counts headings by level; a heading restarts the count of every deeper level."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> str:
        self.counts[level - 1] += 1
        for deeper in range(level, 4):
            self.counts[deeper] = 0
        return heading_number(level, self.counts[level - 1])


_CN = "一二三四五六七八九十"
_SPACE = "[ \t\u3000]*"
# A number of each heading level as a secretary types it, its punctuation right or wrong
# (一、 一. ; （一） (一) ; 1. 1． 1、 ; （1） (1)), with the spaces after it.
TYPED_NUMBER = {
    1: re.compile(rf"^{_SPACE}[{_CN}]{{1,3}}[、.．，,]{_SPACE}"),
    2: re.compile(rf"^{_SPACE}[（(][{_CN}]{{1,3}}[）)][、，,.．]?{_SPACE}"),
    3: re.compile(rf"^{_SPACE}\d{{1,2}}[.．、](?!\d){_SPACE}"),
    4: re.compile(rf"^{_SPACE}[（(]\d{{1,2}}[）)][、，,.．]?{_SPACE}"),
}


def typed_number(text: str, level: int) -> str:
    """The number of heading ``level`` that ``text`` starts with, as typed (spaces after it
    included), or ""."""
    m = TYPED_NUMBER[level].match(text)
    return m.group() if m else ""
