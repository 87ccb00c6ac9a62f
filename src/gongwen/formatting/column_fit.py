"""Column widths from the text a table's columns hold: measuring, line breaking, sharing out.

Widths are in ems of the table's type size. Full-width characters take 1 em. A Latin
character takes the widest advance it has in Liberation Serif (Times New Roman's metrics),
DejaVu Serif and Noto Serif CJK (a face Word, WPS or LibreOffice may put in its place), so a
width that holds here holds in a wider substitute face too. Numbers, phone numbers, codes
(DOCX), dates and short headers are unbreakable; a column is never narrower than its widest
unbreakable piece. The rest of the width goes where it saves the most lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from gongwen.formatting.widths import is_full_width

# Widest advance, in ems, of the printable ASCII characters U+0020..U+007E in Liberation
# Serif, DejaVu Serif and Noto Serif CJK SC (read from the fonts with fontTools).
# fmt: off
_ASCII_EM = (
    .32, .41, .46, .84, .64, .95, .89, .28, .39, .39, .5, .84, .33, .35, .33, .36,  # !"#$%&'()*+,-./
    .64, .64, .64, .64, .64, .64, .64, .64, .64, .64, .34, .34, .84, .84, .84, .54,  # 0-9:;<=>?
    1.0, .73, .74, .77, .81, .73, .7, .8, .88, .41, .41, .75, .67, 1.03, .88, .82,  # @A-O
    .68, .82, .76, .69, .67, .85, .73, 1.06, .73, .73, .7, .39, .36, .39, .84, .57,  # P-Z[\\]^_
    .5, .6, .64, .57, .64, .6, .39, .64, .67, .34, .32, .61, .34, .98, .67, .61,  # `a-o
    .64, .64, .48, .52, .41, .66, .57, .86, .57, .57, .53, .64, .34, .64, .84,  # p-z{|}~
)
# Advance widths in Times New Roman (Liberation Serif has the same): how the text is laid out
# with the intended fonts, for counting lines.
_TNR_EM = (
    .25, .333, .408, .5, .5, .833, .778, .18, .333, .333, .5, .564, .25, .333, .25, .278,
    .5, .5, .5, .5, .5, .5, .5, .5, .5, .5, .278, .278, .564, .564, .564, .444,
    .921, .722, .667, .667, .722, .611, .556, .722, .722, .333, .389, .722, .611, .889, .722,
    .722, .556, .722, .667, .556, .611, .722, .722, .944, .722, .722, .611, .333, .278, .333,
    .469, .5,
    .333, .444, .5, .444, .5, .444, .333, .5, .5, .278, .278, .5, .278, .778, .5, .5,
    .5, .5, .333, .389, .278, .5, .5, .722, .5, .5, .444, .48, .2, .48, .541,
)
# fmt: on
# LibreOffice puts about 1/5 em between a CJK and a Latin character (digits included), even
# where the paragraph asks for none (w:autoSpaceDE/DN off); Word and WPS then put none.
AUTOSPACE_EM = 0.25
LAID_AUTOSPACE = 0.8  # the share of it measured (0.2 em), for counting lines
_OTHER_NARROW_EM = 0.75  # a non-CJK character outside ASCII (², °, ‰): at most 3/4 em
_INVISIBLE = "\u200b\u2060\ufeff"

# Line-breaking rules (避头尾) as Word, WPS and LibreOffice apply them to Chinese text.
NOT_AT_LINE_START = frozenset("，。、；：？！”’）》〕」』…%‰·")
NOT_AT_LINE_END = frozenset("“‘（《〔「『")
_PUNCTUATION = NOT_AT_LINE_START | NOT_AT_LINE_END
SHORT_TEXT = 4  # a text of up to four characters (a header, a label) stays on one line
# Unbreakable pieces: dates written 2024年3月1日, two format codes ("DOCX、PDF"; a list of three
# may break after a 、) and runs of Latin letters, digits and signs.
_TOKEN = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?|[A-Z]{2,5}、[A-Z]{2,5}(?![A-Z、])|[\x21-\x7e²³°]+"
)
# A file name or path (no spaces; a "/", an extension or a leading number and "-") may break
# after "/" or "-" only.
_EXTENSIONS = (".docx", ".pdf", ".xlsx")
_NUMBERED = re.compile(r"\d+(?:-\d+)?-.")  # 08-村社区档案, 7-1-…
_PATH_BREAK = re.compile(r"(?<=[/-])")
PATH_PART_WHOLE = 6.0  # ems: a part of a file name up to this wide is never broken


def char_em(ch: str, nominal: bool = False) -> float:
    """Advance width of ``ch`` in ems: for a Latin character the widest of the faces, or its
    width in Times New Roman when ``nominal``."""
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return (_TNR_EM if nominal else _ASCII_EM)[code - 0x20]
    if ch in _INVISIBLE:
        return 0.0
    return 1.0 if is_full_width(ch) else _OTHER_NARROW_EM


def text_em(text: str) -> float:
    """Width of ``text`` in ems, Latin characters at their widest."""
    return sum(char_em(ch) for ch in text)


def nominal_em(text: str) -> float:
    """Width of ``text`` in ems as laid out in Times New Roman (or Liberation Serif)."""
    return sum(char_em(ch, nominal=True) for ch in text)


def is_path(text: str) -> bool:
    """Whether ``text`` reads as a file name or path (breaks only after "/" or "-")."""
    text = text.strip()
    if not text or any(ch.isspace() for ch in text):
        return False
    return "/" in text or text.lower().endswith(_EXTENSIONS) or bool(_NUMBERED.match(text))


def breaks_by_hand(text: str) -> bool:
    """Whether a wrapped ``text`` gets its line breaks written in (``break_lines``) rather
    than left to the application: file names, and codes or numbers with no CJK word between
    them ("DOCX、PDF、XLSX"), which Word, WPS and LibreOffice break differently."""
    return is_path(text) or not any("\u4e00" <= ch <= "\u9fff" for ch in text)


@lru_cache(maxsize=4096)
def pieces(text: str) -> tuple[tuple[str, float, float], ...]:
    """``text`` as unbreakable pieces, each with its widest and its nominal width in ems; a
    line may break between any two. A piece is a token, a CJK character or a space; closing
    punctuation joins the piece before it and opening punctuation the piece after it. A
    piece's widths include the space LibreOffice puts between CJK and Latin characters."""
    text = text.strip()
    if not text:
        return ()
    if len(text) <= SHORT_TEXT:
        parts = [text]
    elif is_path(text):
        # a part between "/" and "-" stays whole unless it is too long to (a long title)
        parts = [
            piece
            for part in _PATH_BREAK.split(text)
            if part
            for piece in ([part] if text_em(part) <= PATH_PART_WHOLE else _units(part))
        ]
    else:
        parts = _units(text)
    result = []
    at = 0
    for part in parts:
        gaps = AUTOSPACE_EM * sum(
            1
            for i in range(at, at + len(part))
            if i and _latin(text[i - 1]) != _latin(text[i]) and " " not in text[i - 1 : i + 1]
        )
        result.append((part, text_em(part) + gaps, nominal_em(part) + gaps * LAID_AUTOSPACE))
        at += len(part)
    return tuple(result)


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80


def _units(text: str) -> list[str]:
    units: list[str] = []
    at = 0
    while at < len(text):
        token = _TOKEN.match(text, at)
        end = token.end() if token else at + 1
        units.append(text[at:end])
        at = end
    glued: list[str] = []
    opening = ""
    for unit in units:
        if unit in NOT_AT_LINE_END:
            opening += unit
            continue
        unit, opening = opening + unit, ""
        if glued and (
            unit[0] in NOT_AT_LINE_START or (unit[0].isdigit() and _ideograph(glued[-1][-1]))
        ):  # LibreOffice does not break between an ideograph and a number after it either
            glued[-1] += unit
        else:
            glued.append(unit)
    if opening:
        glued.append(opening)
    return glued


def min_em(text: str) -> float:
    """The narrowest width that keeps every unbreakable piece of ``text`` on one line."""
    return max((w for _, w, _ in pieces(text)), default=0.0)


@lru_cache(maxsize=8192)
def layout_key(text: str) -> tuple:
    """All that ``share_width`` reads of ``text``: its pieces' widths, whether it is too short
    to leave a lone character and whether its last piece holds more than one; two texts with
    the same key get the same widths."""
    parts = pieces(text)
    last = parts[-1][0] if parts else ""
    return (
        tuple((em, laid) for _, em, laid in parts),
        len(text.strip()) <= 2,
        len([ch for ch in last if ch not in _PUNCTUATION]) > 1,
    )


# Laying out nominal widths, a line is taken to hold this much less than its width (and a
# lone last line is looked for this much either side), so rounding never decides a break.
EDGE = 0.05


def wrap(text: str, width: float) -> list[float]:
    """Nominal widths of the lines ``text`` takes in a column ``width`` ems wide (greedy,
    breaking between pieces as Word, WPS and LibreOffice do)."""
    lines: list[float] = []
    line = 0.0
    for _, _, piece in pieces(text):
        if line and line + piece > width - EDGE:
            lines.append(line)
            line = 0.0
        line += piece
    if line or not lines:
        lines.append(line)
    return lines


@lru_cache(maxsize=4096)
def laid_em(text: str) -> float:
    """Nominal width of ``text`` on one line, with LibreOffice's CJK-Latin spacing."""
    return sum(em for _, _, em in pieces(text))


def line_count(text: str, width: float) -> int:
    return 1 if laid_em(text) <= width - EDGE else len(wrap(text, width))


def lone_last_line(text: str, width: float) -> bool:
    """Whether ``text`` wraps and leaves one character (and its punctuation) on its last line,
    at ``width`` or a little either side of it."""
    if laid_em(text) <= width - 2 * EDGE or len(text.strip()) <= 2:
        return False
    piece, _, last = pieces(text)[-1]
    if len([ch for ch in piece if ch not in _PUNCTUATION]) > 1:
        return False
    return any(
        len(lines) > 1 and lines[-1] <= last + 1e-9
        for lines in (wrap(text, width), wrap(text, width + 2 * EDGE))
    )


@dataclass(frozen=True)
class Column:
    """The paragraphs of one column's single-column cells, row by row, and whether it may
    grow beyond its longest text."""

    rows: tuple[tuple[str, ...], ...]  # per table row: the paragraphs of its cell here
    stretch: bool = False

    def __hash__(self) -> int:  # looked up many times per table: hashed once
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.rows, self.stretch))

    @cached_property
    def texts(self) -> list[str]:
        return [p for row in self.rows for p in row]

    @cached_property
    def narrowest(self) -> float:
        return max((min_em(t) for t in self.texts), default=1.0) + EDGE

    @cached_property
    def natural(self) -> float:
        return max(max((laid_em(t) for t in self.texts), default=1.0) + EDGE, self.narrowest)

    @cached_property
    def volume(self) -> float:
        return sum(laid_em(t) for t in self.texts)


STEP = 0.5  # ems given at a time
LABEL_EM = 8.5  # a column whose longest text is this wide at most holds labels or names
LONE_COST = 0.5  # a lone character on a cell's last line costs as much as half a line


@lru_cache(maxsize=1024)
def _column_costs(column: Column, width: float) -> tuple[tuple[int, ...], float]:
    """The lines of each of this column's cells at ``width``, and its cells' lone-line cost."""
    lines = tuple(sum(line_count(p, width) for p in cell) for cell in column.rows)
    lone = sum(LONE_COST for cell in column.rows for p in cell if lone_last_line(p, width))
    return lines, lone


def _cost(columns: Sequence[Column], widths: Sequence[float]) -> float:
    """Lines of the tallest cell of each row, plus ``LONE_COST`` for each lone last line."""
    if not columns:
        return 0.0
    per_column = [_column_costs(c, round(w, 3)) for c, w in zip(columns, widths, strict=True)]
    tallest = sum(map(max, zip(*(lines for lines, _ in per_column), strict=True)))
    return tallest + sum(lone for _, lone in per_column)  # whole and half lines: exact


def share_width(columns: Sequence[Column], total: float) -> list[float]:
    """Text widths (ems) of ``columns`` adding up to ``total``.

    Every column gets its narrowest width; then, step by step, the column whose widening saves
    the most lines (a lone character on a last line costing ``LONE_COST``) takes the next
    step, up to its longest text; then the columns whose texts are short (``LABEL_EM``) and
    can have their longest one on one line get it, those that do not stretch first; what is left goes to the stretching columns
    (to every column when none stretches) in proportion to how much text they hold.
    """
    widths = [c.narrowest for c in columns]
    need = sum(widths)
    if need > total:  # cannot keep every piece whole: shrink in proportion
        return [w * total / need for w in widths]
    cost = _cost(columns, widths)
    if sum(c.natural for c in columns) <= total:  # every text on one line: nothing to save
        widths = [c.natural for c in columns]
        cost = 0.0
    while cost and total - sum(widths) >= STEP:
        best = None
        for i, column in enumerate(columns):
            # the fewest steps that save a line, looking a few steps ahead
            for steps in range(1, 9):
                grown = widths[i] + steps * STEP
                if grown > column.natural + STEP or sum(widths) + steps * STEP > total:
                    break
                trial = [*widths[:i], grown, *widths[i + 1 :]]
                saved = cost - _cost(columns, trial)
                if saved > 0:
                    rate = saved / steps
                    if best is None or rate > best[0] + 1e-9:
                        best = (rate, i, grown, cost - saved)
                    break
        if best is None:
            break
        _, i, widths[i], cost = best
    # columns of short texts (labels, names) that can be made to hold their longest text on
    # one line: those that do not stretch first, then the nearest
    order = sorted(
        range(len(columns)), key=lambda i: (columns[i].stretch, columns[i].natural - widths[i])
    )
    for i in order:
        short = columns[i].natural - widths[i]
        if 0 < short <= total - sum(widths) and columns[i].natural <= LABEL_EM:
            widths[i] = columns[i].natural
    rest = total - sum(widths)
    takers = [i for i, c in enumerate(columns) if c.stretch] or list(range(len(columns)))
    volume = sum(columns[i].volume for i in takers) or float(len(takers))
    for i in takers:
        widths[i] += rest * ((columns[i].volume or 1.0) / volume)
    return widths


def break_lines(text: str, width: float) -> list[str]:
    """``text`` split into lines of at most ``width`` ems where ``wrap`` breaks it (a file
    name after "/" or "-", inside a part only when it is longer than ``PATH_PART_WHOLE``)."""
    lines: list[str] = []
    line, line_em = "", 0.0
    for piece, em, _ in pieces(text):
        if line and line_em + em > width + 1e-9:
            lines.append(line)
            line, line_em = "", 0.0
        line += piece
        line_em += em
    return [*lines, line] if line else lines


def balanced_lines(text: str, width: float) -> list[str]:
    """``text`` in as many lines as it takes at ``width`` ems, of lengths as even as can be
    (breaking between pieces), so that no last line is left with one character."""
    count = len(wrap(text, width))
    low, high = 0.0, width
    while high - low > 0.01:  # the narrowest width that still takes ``count`` lines
        middle = (low + high) / 2
        if len(wrap(text, middle)) <= count:
            high = middle
        else:
            low = middle
    lines: list[str] = []
    line, line_em = "", 0.0
    for piece, _, em in pieces(text):
        if line and line_em + em > high - EDGE:
            lines.append(line)
            line, line_em = "", 0.0
        line += piece
        line_em += em
    return [*lines, line] if line else lines
