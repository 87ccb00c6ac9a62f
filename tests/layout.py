"""Measure the layout of a rendered PDF, in millimetres, so tests read like the standard.

    lines = layout.lines(pdf, page=1)
    assert len(layout.body_lines(pdf, page=1)) == 22
    assert layout.text_box(pdf, page=1).within(layout.TYPE_AREA, tolerance=1)
    assert layout.page_number(pdf, page=1).text == "— 1 —"

Pages are numbered from 1. Positions are measured from the top-left corner of the page.
A glyph's box is what pdfplumber reports: its advance width across, and its size in height
up from the baseline (top = baseline - size), so for CJK text the box is the em square.
Glyphs are grouped into lines by baseline. Results are cached per file (path, mtime, size).
"""

from __future__ import annotations

import itertools
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest

MM_PER_PT = 25.4 / 72
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
# A glyph whose baseline is within this many millimetres of a line's belongs to that line.
BASELINE_TOLERANCE = 0.5
# A gap wider than this share of the type size between two glyphs reads as a space.
SPACE_GAP = 0.2
PAGE_NUMBER = re.compile(r"^\s*[—–-]\s*(\d+)\s*[—–-]\s*$")


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the page's top-left corner."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def within(self, other: Box, tolerance: float = 0.0) -> bool:
        """Whether this box lies inside ``other`` enlarged by ``tolerance`` mm on every side."""
        return (
            self.x0 >= other.x0 - tolerance
            and self.x1 <= other.x1 + tolerance
            and self.top >= other.top - tolerance
            and self.bottom <= other.bottom + tolerance
        )


# GB/T 9704 type area (版心): left 28 mm, top 37 mm, 156 x 225 mm.
TYPE_AREA = Box(28.0, 37.0, 210.0 - 26.0, 297.0 - 35.0)


@dataclass(frozen=True)
class Glyph:
    """One character drawn on the page; lengths in mm, ``size`` in points."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    font: str  # as embedded, subset prefix removed: "NotoSerifCJKjp-Regular-VKana"
    size: float


@dataclass(frozen=True)
class Line:
    """Glyphs sharing a baseline, left to right."""

    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        """The glyphs' text, with a space where a visible gap separates two glyphs."""
        parts: list[str] = []
        previous: Glyph | None = None
        for glyph in self.glyphs:
            if previous is not None and not glyph.text.isspace() and not previous.text.isspace():
                gap = glyph.x0 - previous.x1
                if gap > SPACE_GAP * glyph.size * MM_PER_PT:
                    parts.append(" ")
            parts.append(glyph.text)
            previous = glyph
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    @property
    def chars(self) -> int:
        """Number of visible characters (spaces not counted)."""
        return sum(1 for g in self.glyphs if not g.text.isspace())

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs if not g.text.isspace())

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs if not g.text.isspace())

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def box(self) -> Box:
        return Box(self.x0, self.top, self.x1, self.bottom)

    @property
    def font(self) -> str:
        """The font most of the line's glyphs use."""
        return Counter(g.font for g in self.glyphs).most_common(1)[0][0]

    @property
    def size(self) -> float:
        """The type size most of the line's glyphs use, in points."""
        return Counter(round(g.size, 2) for g in self.glyphs).most_common(1)[0][0]

    @property
    def pitches(self) -> list[float]:
        """Distances in mm between the left edges of consecutive visible glyphs."""
        xs = [g.x0 for g in self.glyphs if not g.text.isspace()]
        return [b - a for a, b in itertools.pairwise(xs)]


@dataclass(frozen=True)
class PageNumber:
    """The page number printed in a footer, e.g. ``— 3 —``."""

    text: str
    number: int
    line: Line

    @property
    def x0(self) -> float:
        return self.line.x0

    @property
    def x1(self) -> float:
        return self.line.x1

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def baseline(self) -> float:
        return self.line.baseline


def _font_name(name: str) -> str:
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def _key(pdf: str | Path) -> tuple[str, float, int]:
    path = Path(pdf).resolve()
    stat = path.stat()
    return str(path), stat.st_mtime, stat.st_size


@lru_cache(maxsize=32)
def _read(key: tuple[str, float, int]) -> tuple[tuple[Line, ...], ...]:
    result = []
    with pdfplumber.open(key[0]) as document:
        for page in document.pages:
            height_pt = float(page.height)
            glyphs = [
                Glyph(
                    text=c["text"],
                    x0=float(c["x0"]) * MM_PER_PT,
                    x1=float(c["x1"]) * MM_PER_PT,
                    top=float(c["top"]) * MM_PER_PT,
                    bottom=float(c["bottom"]) * MM_PER_PT,
                    baseline=(height_pt - float(c["matrix"][5])) * MM_PER_PT,
                    font=_font_name(str(c["fontname"])),
                    size=float(c["size"]),
                )
                for c in page.chars
                if c.get("upright", True)
            ]
            result.append(tuple(_group(glyphs)))
    return tuple(result)


def _group(glyphs: list[Glyph]) -> list[Line]:
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.baseline, g.x0)):
        if rows and abs(rows[-1][0].baseline - glyph.baseline) <= BASELINE_TOLERANCE:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    lines = [Line(tuple(sorted(row, key=lambda g: g.x0))) for row in rows]
    return [line for line in lines if line.chars]


def pages(pdf: str | Path) -> list[list[Line]]:
    """Every page's lines, top to bottom."""
    return [list(page) for page in _read(_key(pdf))]


def page_count(pdf: str | Path) -> int:
    return len(_read(_key(pdf)))


def lines(pdf: str | Path, page: int) -> list[Line]:
    """All text lines of ``page`` (1-based), top to bottom, footers included."""
    all_pages = _read(_key(pdf))
    if not 1 <= page <= len(all_pages):
        raise IndexError(f"page {page} of {len(all_pages)}")
    return list(all_pages[page - 1])


def body_lines(
    pdf: str | Path, page: int, area: Box = TYPE_AREA, tolerance: float = 1.0
) -> list[Line]:
    """The lines of ``page`` whose baseline lies within the type area (not headers/footers)."""
    return [
        line
        for line in lines(pdf, page)
        if area.top - tolerance <= line.baseline <= area.bottom + tolerance
    ]


def chars_per_line(pdf: str | Path, page: int) -> list[int]:
    """Visible characters of each body line of ``page``."""
    return [line.chars for line in body_lines(pdf, page)]


def _union(boxes: list[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes),
        min(b.top for b in boxes),
        max(b.x1 for b in boxes),
        max(b.bottom for b in boxes),
    )


def text_box(pdf: str | Path, page: int, *, footer: bool = False) -> Box:
    """Bounding box of the text of ``page``; the page-number line only if ``footer``."""
    number = page_number(pdf, page)
    chosen = [
        line.box for line in lines(pdf, page) if footer or number is None or line is not number.line
    ]
    return _union(chosen)


def page_number(pdf: str | Path, page: int) -> PageNumber | None:
    """The ``— N —`` line below the type area of ``page``, or None."""
    for line in reversed(lines(pdf, page)):
        if line.baseline <= TYPE_AREA.bottom:
            break
        match = PAGE_NUMBER.match(line.text)
        if match:
            return PageNumber(line.text, int(match.group(1)), line)
    return None


def fonts(pdf: str | Path, page: int | None = None) -> set[str]:
    """Names of the fonts the glyphs use (subset prefix removed), on ``page`` or all pages."""
    chosen = pages(pdf) if page is None else [lines(pdf, page)]
    return {g.font for page_lines in chosen for line in page_lines for g in line.glyphs}


def line_pitches(pdf: str | Path, page: int) -> list[float]:
    """Distances in mm between the baselines of consecutive body lines of ``page``."""
    baselines = [line.baseline for line in body_lines(pdf, page)]
    return [b - a for a, b in itertools.pairwise(baselines)]


def require_soffice() -> str:
    """LibreOffice's soffice; skip the test when it is missing, but fail under CI."""
    from gongwen.errors import RenderError
    from gongwen.packaging.pdf import find_soffice

    try:
        return find_soffice()
    except RenderError:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI but was not found")
        pytest.skip("LibreOffice (soffice) is not installed")


@dataclass(frozen=True)
class Cell:
    """One ruled cell of a table on a page and the lines of text inside it."""

    box: Box
    lines: tuple[Line, ...]

    @property
    def line_texts(self) -> list[str]:
        """Each line's text without the spaces a gap between scripts reads as."""
        return [line.text.replace(" ", "") for line in self.lines]

    @property
    def text(self) -> str:
        return "".join(self.line_texts)


def table_cells(pdf: str | Path, page: int) -> list[Cell]:
    """The cells of every ruled table on ``page`` (pdfplumber's table finder, from the drawn
    lines), with the glyphs whose centre lies inside each, grouped into lines."""
    glyphs = [g for line in lines(pdf, page) for g in line.glyphs]
    cells = []
    with pdfplumber.open(str(pdf)) as document:
        for table in document.pages[page - 1].find_tables():
            for bbox in table.cells:
                if bbox is None:
                    continue
                box = Box(*(v * MM_PER_PT for v in bbox))
                inside = [
                    g
                    for g in glyphs
                    if box.x0 <= (g.x0 + g.x1) / 2 <= box.x1
                    and box.top <= (g.top + g.bottom) / 2 <= box.bottom
                ]
                cells.append(Cell(box, tuple(_group(inside))))
    return cells
