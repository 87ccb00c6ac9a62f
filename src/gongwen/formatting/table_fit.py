"""Fitting the columns of the shipped templates' tables to the text rendered into them.

A shipped template marks each table it wants fitted with the caption ``自动列宽`` (Word's
表格属性 › 可选文字 › 标题) and names the columns that may grow beyond their longest text in
the description (``伸展列：2、5``). After rendering, ``fit_tables`` measures every marked
table's cells (``column_fit``), sets its grid and cell widths (``w:gridCol`` and ``w:tcW``
kept equal) to the width of the type area, keeps every row whole unless it is taller than a
page, and writes in the line breaks of a file name that does not fit (after a "/" or "-"),
of a row of codes ("DOCX、PDF、XLSX") and of a text that would leave one character on its
last line (its lines then made as even as can be). Tables without the caption — those of a
user's own templates — keep their widths.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from gongwen.formatting import gbt9704 as std
from gongwen.formatting.column_fit import (
    Column,
    balanced_lines,
    break_lines,
    breaks_by_hand,
    layout_key,
    line_count,
    lone_last_line,
    share_width,
)
from gongwen.formatting.column_fit import text_em as _em
from gongwen.formatting.properties import get_or_add

FIT_CAPTION = "自动列宽"
STRETCH_LABEL = "伸展列："
# Left and right cell margins of the "Table Grid" style (Word's default 0.19 cm each side).
CELL_MARGIN = Twips(108)
# Above and below a row's lines: the row's top and bottom borders and rounding.
ROW_PADDING = Twips(120)
_PAD_PT = 2 * CELL_MARGIN.pt  # a column's width beyond its text


def cell_text_em(width: int) -> float:
    """The ems of table text that a cell ``width`` twips wide holds, its margins taken off."""
    return (width / 20 - _PAD_PT) / std.TABLE_SIZE.pt


def taller_than_page(lines: int) -> bool:
    """Whether a row of ``lines`` lines of table text is taller than a page (so it may split)."""
    return lines * std.TABLE_LINE_PITCH.pt + ROW_PADDING.pt > std.TYPE_AREA_HEIGHT.pt


def mark_fitted(table, stretch: Sequence[int] = ()) -> None:
    """Mark a python-docx ``table`` for fitting; ``stretch``: 1-based columns that may grow."""
    tbl_pr = table._tbl.tblPr
    listed = "、".join(str(i) for i in stretch) or "无"
    get_or_add(tbl_pr, "w:tblCaption").set(qn("w:val"), FIT_CAPTION)
    description = get_or_add(tbl_pr, "w:tblDescription")
    description.set(qn("w:val"), f"列宽按内容自动调整；{STRETCH_LABEL}{listed}")


def _stretch_columns(description: str) -> set[int]:
    """0-based columns the table's description names after 伸展列："""
    _, _, listed = description.partition(STRETCH_LABEL)
    return {int(n) - 1 for n in re.findall(r"\d+", listed)}


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TC, _TR, _P, _T, _R = _W + "tc", _W + "tr", _W + "p", _W + "t", _W + "r"
_TCPR, _TRPR, _SPAN, _VAL = _W + "tcPr", _W + "trPr", _W + "gridSpan", _W + "val"


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def _rows(tbl) -> list[tuple[object, list[tuple[int, int, object, list]]]]:
    """Each row with its cells: (first grid column, span, w:tc, [(w:p, text)])."""
    rows = []
    for tr in tbl.iterchildren(_TR):
        cells, at = [], 0
        for tc in tr.iterchildren(_TC):
            tc_pr = tc.find(_TCPR)
            span_el = tc_pr.find(_SPAN) if tc_pr is not None else None
            span = int(span_el.get(_VAL, "1")) if span_el is not None else 1
            cells.append((at, span, tc, [(p, _text(p)) for p in tc.iterchildren(_P)]))
            at += span
        rows.append((tr, cells))
    return rows


def is_fitted(tbl) -> bool:
    tbl_pr = tbl.find(qn("w:tblPr"))
    caption = tbl_pr.find(qn("w:tblCaption")) if tbl_pr is not None else None
    return caption is not None and caption.get(qn("w:val")) == FIT_CAPTION


def column_widths(tbl, rows=None) -> list[int]:
    """The widths (twips) the text of the marked table ``tbl`` asks for."""
    rows = _rows(tbl) if rows is None else rows
    n = len(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    texts: list[list[tuple[str, ...]]] = [[() for _ in rows] for _ in range(n)]
    for r, (_, cells) in enumerate(rows):
        for at, span, _, paragraphs in cells:
            if span == 1 and at < n:
                texts[at][r] = tuple(text for _, text in paragraphs)
    description = tbl.find(qn("w:tblPr")).find(qn("w:tblDescription"))
    return widths_for(texts, description.get(qn("w:val"), "") if description is not None else "")


# Widths already decided, by what deciding them reads of the texts (``layout_key``): the
# archives of a batch differ in names and numbers of the same shape, and share their widths.
_DECIDED: dict[tuple, tuple[int, ...]] = {}
_DECIDED_MAX = 1024


def widths_for(texts: list[list[tuple[str, ...]]], description: str) -> list[int]:
    """Widths (twips, adding up to the type area) of columns holding ``texts`` (per column,
    per row, the paragraphs of its single-column cell), stretching as ``description`` says."""
    key = (description, tuple(tuple(tuple(map(layout_key, c)) for c in col) for col in texts))
    widths = _DECIDED.get(key)
    if widths is None:
        if len(_DECIDED) >= _DECIDED_MAX:
            _DECIDED.clear()
        widths = _DECIDED[key] = tuple(_decide_widths(texts, description))
    return list(widths)


def _decide_widths(texts: list[list[tuple[str, ...]]], description: str) -> list[int]:
    n = len(texts)
    stretch = _stretch_columns(description)
    columns = [Column(tuple(texts[c]), stretch=c in stretch) for c in range(n)]
    size = std.TABLE_SIZE.pt
    total = std.TYPE_AREA_WIDTH.twips
    widths_em = share_width(columns, (total / 20 - n * _PAD_PT) / size)
    widths = [int((w * size + _PAD_PT) * 20) for w in widths_em]  # rounded down
    widths[widths.index(max(widths))] += total - sum(widths)  # exactly the type area
    return widths


def _first_child(parent, tag: str):
    """The child ``tag`` (a w:tcPr or w:trPr), created as the first child if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert(0, found)
    return found


def _set_width(element, tag: str, twips: int) -> None:
    width = get_or_add(element, tag)
    width.set(_W + "w", str(twips))
    width.set(_W + "type", "dxa")


def _break_lines(p, lines: list[str]) -> None:
    """Replace the runs of ``p`` with ``lines`` joined by line breaks, in the first run's
    format."""
    runs = list(p.iterchildren(_R))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for r in runs:
        p.remove(r)
    for i, text in enumerate(lines):
        run = OxmlElement("w:r")
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if i:
            run.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        p.append(run)


def broken_by_hand(text: str, em: float, single: bool) -> bool:
    """Whether a paragraph ``text`` in a cell ``em`` wide (``single``: spanning one column)
    gets its line breaks written in: a file name or a row of codes that does not fit."""
    return single and breaks_by_hand(text) and _em(text) > em


def _cell_lines(p, text: str, span: int, em: float) -> int:
    """Lines of paragraph ``p`` at ``em`` ems, its line breaks written in where the
    application would break it badly."""
    broken = None
    if broken_by_hand(text, em, span == 1):
        broken = break_lines(text, em)
    elif lone_last_line(text, em):
        broken = balanced_lines(text, em)
    if broken:
        _break_lines(p, broken)
        return len(broken)
    return line_count(text, em)


def fit_table(tbl) -> list[int]:
    """Set the widths of a marked table from its text; keep its rows whole."""
    rows = _rows(tbl)
    widths = column_widths(tbl, rows)
    _set_width(tbl.find(qn("w:tblPr")), "w:tblW", sum(widths))
    for col, width in zip(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr, cells in rows:
        lines = 0
        for at, span, tc, paragraphs in cells:
            width = sum(widths[at : at + span])
            _set_width(_first_child(tc, "w:tcPr"), "w:tcW", width)
            em = cell_text_em(width)
            lines = max(lines, sum(_cell_lines(p, t, span, em) for p, t in paragraphs))
        tall = taller_than_page(lines)
        tr_pr = _first_child(tr, "w:trPr")
        cant_split = tr_pr.find(qn("w:cantSplit"))
        if tall and cant_split is not None:
            tr_pr.remove(cant_split)
        elif not tall:
            get_or_add(tr_pr, "w:cantSplit")  # on/off: bare is on
    return widths


def fit_tables(document) -> None:
    """Fit every table the shipped templates marked (``mark_fitted``); leave the others."""
    for tbl in list(document.element.body.iter(qn("w:tbl"))):
        if is_fitted(tbl):
            fit_table(tbl)
