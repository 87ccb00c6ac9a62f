"""Word's document grid (页面设置 › 文档网格, ``w:docGrid``): the line pitch and the character
pitch it imposes on paragraphs that snap to it."""

from __future__ import annotations

from lxml import etree

from gongwen.check.text import w

LINE_GRID_TYPES = ("lines", "linesAndChars")  # docGrid types that pitch lines
CHAR_GRID_TYPES = ("linesAndChars", "snapToChars")  # docGrid types that pitch characters
CHAR_SPACE_UNITS_PER_PT = 4096  # w:charSpace is in 4096ths of a point
GRID_SOURCE = "页面设置的文档网格"


def _grid(sections: list[etree._Element]) -> etree._Element | None:
    return sections[0].find(w("docGrid")) if sections else None


def line_grid(sections: list[etree._Element]) -> float | None:
    """The line pitch (twips) of the first section's document grid, when it has one."""
    grid = _grid(sections)
    if grid is not None and grid.get(w("type")) in LINE_GRID_TYPES:
        pitch = grid.get(w("linePitch"))
        return float(pitch) if pitch else None
    return None


def char_grid(sections: list[etree._Element]) -> float | None:
    """The points the first section's character grid adds to each character's pitch
    (``w:charSpace``), when the grid lays out characters."""
    grid = _grid(sections)
    if grid is not None and grid.get(w("type")) in CHAR_GRID_TYPES:
        return int(grid.get(w("charSpace")) or 0) / CHAR_SPACE_UNITS_PER_PT
    return None
