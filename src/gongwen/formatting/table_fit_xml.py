"""Fitting the marked tables on the XML text of a rendered body, so a batch stays fast.

A batch document (a village archive) is otherwise written exactly as rendered, without
parsing. Its marked table is read from the text (rows, cells, spans, the text of each
paragraph), its widths decided as ``table_fit`` decides them, and written back into the
``w:tblW``, ``w:gridCol`` and ``w:tcW`` values. A table that needs more — a line break written
into a cell, a row taller than a page, a row without ``w:cantSplit``, an element not where
the shipped templates put it — is parsed and fitted by ``table_fit.fit_table`` instead.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from gongwen.formatting.column_fit import line_count, lone_last_line
from gongwen.formatting.table_fit import (
    FIT_CAPTION,
    broken_by_hand,
    cell_text_em,
    fit_table,
    taller_than_page,
    widths_for,
)

_TCW = re.compile(r"<w:tcW [^>]*/>")
_TBLW = re.compile(r"<w:tblW [^>]*/>")
_GRID = re.compile(r"<w:tblGrid>.*?</w:tblGrid>", re.DOTALL)
_DESCRIPTION = re.compile(r'<w:tblDescription w:val="([^"]*)"/>')
_NS_DECLARATIONS = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')


# one literal prefix, "<w:", so the engine skips to each tag rather than trying every branch
# at every character
_TOKENS = re.compile(
    r"<w:(?:(?P<row>tr[ >])|(?P<whole>cantSplit)|(?P<cell>tc[ >])|(?P<p>p[ >]|p/>)"
    r"|gridSpan w:val=\"(?P<span>\d+)\"/>|t(?: [^>]*)?>(?P<text>[^<]*)</w:t>)"
)


def _read(table: str) -> list[tuple[bool, list[tuple[int, list[str]]]]] | None:
    """Each row: whether it has w:cantSplit, and its cells' (span, paragraph texts); None for
    a table read otherwise than expected."""
    rows: list[list] = []
    cell: list | None = None
    try:
        for match in _TOKENS.finditer(table):
            kind = match.lastgroup
            if kind == "text":
                cell[1][-1].append(match.group("text"))  # type: ignore[index]
            elif kind == "p":
                cell[1].append([])  # type: ignore[index]
            elif kind == "cell":
                cell = [1, []]
                rows[-1][1].append(cell)
            elif kind == "row":
                rows.append([False, []])
                cell = None
            elif kind == "whole":
                rows[-1][0] = True
            else:
                cell[0] = int(match.group("span"))  # type: ignore[index]
    except (TypeError, IndexError):  # a token outside the cell or paragraph it belongs in
        return None
    return [
        (whole, [(span, [html.unescape("".join(p)) for p in ps]) for span, ps in cells])
        for whole, cells in rows
    ]


@lru_cache(maxsize=8192)
def _lines(text: str, em: float, single: bool) -> int | None:
    """Lines of a paragraph ``text`` in a cell ``em`` wide, or None when it needs a line break
    written in (``single``: the cell spans one column)."""
    if broken_by_hand(text, em, single) or lone_last_line(text, em):
        return None
    return line_count(text, em)


def _fit_text(table: str) -> str | None:
    """``table`` with its widths fitted, or None when it must be parsed to be fitted."""
    if "<w:br" in table or "<w:tbl>" in table[7:] or "<w:tbl " in table:
        return None
    grid = _GRID.search(table)
    description = _DESCRIPTION.search(table)
    if grid is None or _TBLW.search(table) is None:
        return None
    columns = grid.group(0).count("<w:gridCol ")
    rows = _read(table)
    if rows is None or not all(whole for whole, _ in rows):
        return None
    texts: list[list[tuple[str, ...]]] = [[() for _ in rows] for _ in range(columns)]
    for r, (_, cells) in enumerate(rows):
        at = 0
        for span, paragraphs in cells:
            if span == 1 and at < columns:
                texts[at][r] = tuple(paragraphs)
            at += span
    widths = widths_for(texts, html.unescape(description.group(1)) if description else "")
    new_widths: list[int] = []
    for _, cells in rows:
        at, lines = 0, 0
        for span, paragraphs in cells:
            width = sum(widths[at : at + span])
            em = cell_text_em(width)
            counts = [_lines(text, em, span == 1) for text in paragraphs]
            if None in counts:
                return None  # a line break to write in
            lines = max(lines, sum(counts))  # type: ignore[arg-type]
            new_widths.append(width)
            at += span
        if taller_than_page(lines):
            return None  # a row taller than a page may split
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    table = _TBLW.sub(f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>', table, count=1)
    table = _GRID.sub(f"<w:tblGrid>{cols}</w:tblGrid>", table, count=1)
    if len(_TCW.findall(table)) != len(new_widths):
        return None  # a cell without its width, or one written elsewhere
    replaced = iter(new_widths)
    return _TCW.sub(lambda _: f'<w:tcW w:w="{next(replaced)}" w:type="dxa"/>', table)


def fit_tables_xml(body: str, namespaces: str) -> str:
    """``fit_tables`` on the XML text of a rendered body. ``namespaces`` are the document
    element's xmlns declarations, under which a table that must be parsed is read."""
    from lxml import etree

    if FIT_CAPTION not in body:
        return body
    parts, at = [], 0
    while (start := body.find("<w:tbl>", at)) >= 0:
        end = body.find("</w:tbl>", start) + len("</w:tbl>")
        text = body[start:end]
        inner = text[len("<w:tbl>") :]
        if FIT_CAPTION in text and "<w:tbl>" not in inner and "<w:tbl " not in inner:
            fitted = _fit_text(text)
            if fitted is None:
                wrapper = etree.fromstring(f"<w:wrap {namespaces}>{text}</w:wrap>".encode())
                fit_table(wrapper[0])
                head, _, rest = etree.tostring(wrapper[0], encoding="unicode").partition(">")
                fitted = _NS_DECLARATIONS.sub("", head) + ">" + rest
            text = fitted
        parts += (body[at:start], text)
        at = end
    return "".join(parts) + body[at:]
