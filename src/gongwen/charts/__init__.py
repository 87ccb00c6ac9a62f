"""Figures drawn from the workbook: PNG bytes for documents, the web page and anyone else.

``self_evaluation_png``, ``hazards_png`` and ``progress_png`` return a greyscale PNG at
300 dpi, sized to print in the 156 mm type area; ``None`` when the data makes no figure (no
villages, fewer than two phases). ``FontMissing`` is raised when no CJK font can be found.
"""

from __future__ import annotations

from gongwen.charts.figures import hazards_png, progress_png, self_evaluation_png
from gongwen.charts.fonts import FontMissing, find_cjk_font

__all__ = ["FontMissing", "find_cjk_font", "hazards_png", "progress_png", "self_evaluation_png"]
