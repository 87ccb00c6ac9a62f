"""Drawing the figures with matplotlib (Agg) into print-ready greyscale PNGs.

Every figure is drawn at the size it prints (150 mm wide, inside the 156 mm type area), at
300 dpi, in one CJK face, black on white with hatches and greys so a black-and-white copy
reads as well as the screen. The same data and font give the same bytes: no timestamp or
software name is written, and the image is saved as 8-bit grey through Pillow.
"""

from __future__ import annotations

import io

from gongwen.charts import data
from gongwen.charts.fonts import ChartFont, find_cjk_font
from gongwen.workbook.model import Campaign

DPI = 300
MM_PER_INCH = 25.4
WIDTH_MM = 150.0  # within the 156 mm type area of GB/T 9704
LABEL_PT = 10.5  # 五号
TICK_PT = 9.0  # 小五
GREYS = 16  # grey levels kept in the PNG's palette
MOST_VILLAGES = 15  # more are shown as one bar "其余N个"
# Greys (0 black, 1 white) and hatches: found/分值 outlined and hatched, fixed/自评分 filled.
FILL = "0.4"  # 102 of 255: one of the palette's greys (6 × 17), so fills stay exact
HATCH = "///"
EDGE = "black"
PNG_COMPRESS_LEVEL = 6
_GREY_STEP = 255 // (GREYS - 1)  # 17: palette entry i is the grey i * 17
_GREY_LEVEL = [round(v / _GREY_STEP) for v in range(256)]  # grey value -> palette index
_GREY_PALETTE = [v for i in range(GREYS) for v in (i * _GREY_STEP,) * 3]


def _mm(value: float) -> float:
    return value / MM_PER_INCH


def _new_figure(height_mm: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(_mm(WIDTH_MM), _mm(height_mm)), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _style(font: ChartFont) -> dict:
    return {
        "font.family": [font.family],
        "font.size": TICK_PT,
        "axes.unicode_minus": False,
        "hatch.linewidth": 0.6,
        "axes.linewidth": 0.6,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.frameon": False,
        "svg.hashsalt": "gongwen",
    }


def to_png(figure) -> bytes:
    """The figure as a 4-bit greyscale PNG at ``DPI``, with no metadata but its resolution."""
    from PIL import Image

    figure.canvas.draw()
    rgba = figure.canvas.buffer_rgba()
    width, height = figure.canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), bytes(rgba), "raw", "RGBA", 0, 1)
    # 16 evenly spaced greys in a 4-bit palette: a third smaller than 8-bit grey, the same to
    # the eye. A lookup table maps each grey to its level (Pillow's quantize() searched a
    # palette per image and took 50 times as long).
    levels = image.convert("L").point(_GREY_LEVEL)
    grey = Image.frombytes("P", levels.size, levels.tobytes())
    grey.putpalette(_GREY_PALETTE)
    out = io.BytesIO()
    # zlib's default level: the best level made files 6% smaller and took ten times as long
    grey.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL, dpi=(DPI, DPI), bits=4)
    return out.getvalue()


def _draw(draw, font: ChartFont, height_mm: float) -> bytes:
    import matplotlib

    with matplotlib.rc_context(_style(font)):
        figure = _new_figure(height_mm)
        draw(figure)
        return to_png(figure)


def _number(value: float) -> str:
    return f"{value:g}"


def _pair_legend(ax, first: str, second: str, loc: str, above: bool = False) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor="white", edgecolor=EDGE, hatch=HATCH, label=first),
        Patch(facecolor=FILL, edgecolor=EDGE, label=second),
    ]
    anchor = (1.0, 1.0) if above else None
    ax.legend(
        handles=handles, loc=loc, bbox_to_anchor=anchor, fontsize=TICK_PT, ncols=2, handlelength=2.2
    )


def self_evaluation_png(campaign: Campaign, fonts_dir=None) -> bytes | None:
    """评定申报表: each element's 自评分 (filled) over its 分值 (hatched), and the total against
    the 合格 and 达标 scores. None when the campaign has no 自评 rows."""
    scores = data.self_evaluation(campaign)
    if not scores.elements:
        return None
    font = find_cjk_font(fonts_dir)
    n = len(scores.elements)
    height = 30 + 6.2 * n

    def draw(figure) -> None:
        grid = figure.add_gridspec(2, 1, height_ratios=(n, 2.6), hspace=0.55)
        ax = figure.add_subplot(grid[0])
        ys = list(range(n))[::-1]
        fulls = [b.first for b in scores.elements]
        owned = [b.second for b in scores.elements]
        ax.barh(ys, fulls, height=0.62, color="white", edgecolor=EDGE, hatch=HATCH, lw=0.6)
        ax.barh(ys, owned, height=0.62, color=FILL, edgecolor=EDGE, lw=0.6)
        for y, b in zip(ys, scores.elements, strict=True):
            ax.text(b.first + 0.2, y, f"{_number(b.second)}/{_number(b.first)}", va="center")
        ax.set_yticks(ys, [b.label for b in scores.elements], fontsize=TICK_PT)
        ax.set_xlim(0, (max(fulls) or 1) * 1.18)
        ax.set_xlabel("分", fontsize=TICK_PT, loc="right")
        ax.spines[["top", "right"]].set_visible(False)
        _pair_legend(ax, "分值", "自评分", "lower right", above=True)
        total = figure.add_subplot(grid[1])
        total.barh(
            [0], [scores.full_total], height=0.6, color="white", edgecolor=EDGE, hatch=HATCH, lw=0.6
        )
        total.barh([0], [scores.score_total], height=0.6, color=FILL, edgecolor=EDGE, lw=0.6)
        for mark, name, style in (
            (scores.pass_score, "合格", "--"),
            (scores.standard_score, "达标", "-"),
        ):
            total.axvline(mark, color="black", lw=1.2, ls=style)
            total.annotate(
                f"{name}{_number(mark)}",
                (mark, 0.62),
                xytext=(-3, 0),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=TICK_PT,
            )
        total.text(
            scores.full_total + 1, 0,
            f"{_number(scores.score_total)}分",
            va="center", fontsize=TICK_PT,
        )  # fmt: skip
        total.set_yticks([0], ["总分"], fontsize=LABEL_PT)
        total.set_xlim(0, (scores.full_total or 1) * 1.18)
        total.set_xticks([t for t in total.get_xticks() if 0 <= t <= scores.full_total])
        total.set_ylim(-0.5, 1.0)
        total.spines[["top", "right"]].set_visible(False)
        figure.subplots_adjust(left=0.36, right=0.97, top=1 - 9 / height, bottom=9 / height)

    return _draw(draw, font, height)


def _shown(bars: list[data.Bar]) -> list[data.Bar]:
    """At most MOST_VILLAGES bars: the rest summed into one, labelled 其余N个."""
    if len(bars) <= MOST_VILLAGES:
        return bars
    head, rest = bars[: MOST_VILLAGES - 1], bars[MOST_VILLAGES - 1 :]
    return [
        *head,
        data.Bar(f"其余{len(rest)}个", sum(b.first for b in rest), sum(b.second for b in rest)),
    ]


def hazards_png(campaign: Campaign, fonts_dir=None, upto: str | None = None) -> bytes | None:
    """阶段总结: hazards found (hatched) and fixed (filled) per village, most found first, to
    the end of phase ``upto`` when given. None when the campaign has no villages."""
    bars = _shown(data.hazards_by_village(campaign, upto))
    if not bars:
        return None
    font = find_cjk_font(fonts_dir)
    n = len(bars)
    height = 24 + 8.5 * n
    from matplotlib.ticker import MaxNLocator

    def draw(figure) -> None:
        ax = figure.add_subplot()
        ys = [n - 1 - i for i in range(n)]
        thick = 0.38
        found = [b.first for b in bars]
        ax.barh(
            [y + thick / 2 for y in ys],
            found,
            height=thick,
            color="white",
            edgecolor=EDGE,
            hatch=HATCH,
            lw=0.6,
        )
        ax.barh(
            [y - thick / 2 for y in ys],
            [b.second for b in bars],
            height=thick,
            color=FILL,
            edgecolor=EDGE,
            lw=0.6,
        )
        top = max(found) or 1
        for y, b in zip(ys, bars, strict=True):
            ax.text(b.first + top * 0.01, y + thick / 2, _number(b.first), va="center")
            ax.text(b.second + top * 0.01, y - thick / 2, _number(b.second), va="center")
        ax.set_yticks(ys, [b.label for b in bars], fontsize=LABEL_PT)
        ax.set_xlim(0, top * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlabel("处", fontsize=TICK_PT, loc="right")
        ax.spines[["top", "right"]].set_visible(False)
        _pair_legend(ax, "排查隐患数", "已整改数", "lower right")
        figure.subplots_adjust(left=0.2, right=0.97, top=0.98, bottom=12 / height)

    return _draw(draw, font, height)


def progress_png(campaign: Campaign, upto: str | None = None, fonts_dir=None) -> bytes | None:
    """阶段总结: the cumulative hazards found and fixed at the end of each phase up to ``upto``.
    None when fewer than two phases have figures."""
    bars = data.hazards_by_phase(campaign, upto)
    if len(bars) < 2:
        return None
    font = find_cjk_font(fonts_dir)

    def draw(figure) -> None:
        ax = figure.add_subplot()
        xs = list(range(len(bars)))
        found = [b.first for b in bars]
        fixed = [b.second for b in bars]
        ax.plot(
            xs, found, color="black", lw=1.4, marker="o", ms=6, mfc="white", label="累计排查隐患数"
        )
        ax.plot(xs, fixed, color="0.35", lw=1.4, ls="--", marker="s", ms=5.5, label="累计已整改数")
        top = max(found) or 1
        for x, a, b in zip(xs, found, fixed, strict=True):
            ax.annotate(_number(a), (x, a), textcoords="offset points", xytext=(0, 6), ha="center")
            ax.annotate(
                _number(b), (x, b), textcoords="offset points", xytext=(0, -13), ha="center"
            )
        ax.set_xticks(xs, [b.label for b in bars], fontsize=LABEL_PT)
        ax.set_xlim(-0.4, len(bars) - 0.6)
        ax.set_ylim(0, top * 1.2)
        ax.set_ylabel("处", fontsize=TICK_PT, rotation=0, loc="top")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower right", fontsize=TICK_PT, ncols=2)
        figure.subplots_adjust(left=0.1, right=0.97, top=0.95, bottom=0.16)

    return _draw(draw, font, 75)
