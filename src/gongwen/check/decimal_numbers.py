"""Decimal heading numbers (1 / 1.1 / 1.5.1, as in most 应急预案): which paragraphs carry them
and whether each follows the one before."""

from __future__ import annotations

import re

_SP = r"[ \t\u3000]*"
# 1.1 编制目的, 1.5.1 一般事件; not 1.5倍 (a number followed by more digits)
DECIMAL_HEADING = re.compile(rf"^{_SP}\d{{1,2}}(?:[.．]\d{{1,2}})+(?![.．]?\d)")
_TOP = re.compile(rf"^{_SP}(\d{{1,2}})(?:[.．、]|[ \t\u3000]+(?=\S)){_SP}")
MAX_DECIMAL_TITLE = 20  # a top heading without children is a short line without sentence marks


def decimal_number(texts: list[str], n: int, last: tuple[int, ...]) -> tuple[int, ...] | None:
    """The decimal number of paragraph ``n`` (``(3, 4, 1)`` for ``3.4.1 …``), or of the top of
    a decimal numbering: ``1.总则`` or ``1 总则`` followed by ``1.1 …``, or a short
    ``4.信息报告`` right after the headings numbered 3.x; None for anything else."""
    text = texts[n]
    m = DECIMAL_HEADING.match(text)
    if m:
        return tuple(int(p) for p in re.findall(r"\d+", m.group()))
    m = _TOP.match(text)
    if not m:
        return None
    top = int(m.group(1))
    following = next((t for t in texts[n + 1 :] if t.strip()), "")
    if re.match(rf"^{_SP}{top}[.．]\d", following):
        return (top,)
    if not re.match(r"[.．、]", text.strip()[len(m.group(1)) :]):
        return None  # "1 总则" without children is not known to be a heading
    short = len(text.strip()) <= MAX_DECIMAL_TITLE and not re.search("[，。；：,;:《]", text)
    return (top,) if last and top == last[0] + 1 and short else None


def follows(number: tuple[int, ...], last: tuple[int, ...]) -> bool:
    """Whether ``number`` may come after ``last``: the next sibling at some depth with its
    children numbered from 1 (3.4.4 → 3.5, 4, 4.1), the first child (3.4 → 3.4.1), or a fresh
    start (1, 1.1) as after a table of contents."""
    if not last or all(p == 1 for p in number):
        return True
    k = len(number)
    if number[: len(last)] == last and all(p == 1 for p in number[len(last) :]):
        return k > len(last)
    for j in range(min(k, len(last))):
        if (
            number[:j] == last[:j]
            and number[j] == last[j] + 1
            and all(p == 1 for p in number[j + 1 :])
        ):
            return True
    return False


def expected_after(number: tuple[int, ...], last: tuple[int, ...]) -> str:
    """The number that should stand where ``number`` does, written 1.2.3."""
    k = len(number)
    sibling = k <= len(last)
    want = (*last[: k - 1], last[k - 1] + 1) if sibling else last + (1,) * (k - len(last))
    return ".".join(map(str, want))
