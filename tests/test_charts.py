"""The figures themselves (gongwen.charts): their numbers, pixels, resolution and bytes."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from PIL import Image

import gongwen
from gongwen import charts
from gongwen.build import shipped_example
from gongwen.charts import data, figures
from gongwen.charts.embed import png_dpi, png_size
from gongwen.charts.fonts import FontMissing
from gongwen.kinds.village_summary import summary_workbook

WIDTH_PX = 150 / 25.4 * 300  # 150 mm at 300 dpi: 1771.7 px


@pytest.fixture(scope="module")
def campaign():
    return gongwen.read_workbook(shipped_example())


def test_the_hazards_figure_sorts_villages_by_hazards_found(campaign):
    bars = data.hazards_by_village(campaign)
    assert [(b.label, b.first, b.second) for b in bars[:3]] == [
        ("静观场社区", 18, 17),
        ("集真村", 14, 12),
        ("中华村", 12, 11),
    ]
    assert [b.first for b in bars] == sorted(
        (v.hazards_found for v in campaign.villages), reverse=True
    )


def test_more_than_fifteen_villages_end_in_one_bar_for_the_rest():
    bars = [data.Bar(f"村{i}", 100 - i, 50) for i in range(40)]
    shown = figures._shown(bars)
    assert len(shown) == figures.MOST_VILLAGES
    assert shown[-1].label == "其余26个"
    assert shown[-1].first == sum(100 - i for i in range(14, 40))
    assert shown[-1].second == 26 * 50


def test_progress_is_read_from_the_phase_summaries_up_to_the_phase(campaign):
    # each phase's running totals, from 村社区阶段数据 (not one total shown twice)
    assert [(b.label, b.first, b.second) for b in data.hazards_by_phase(campaign)] == [
        ("启动阶段", 54, 35),
        ("实施阶段", 89, 83),
    ]
    assert [b.label for b in data.hazards_by_phase(campaign, "启动阶段")] == ["启动阶段"]
    # one phase is no progress: no figure
    assert charts.progress_png(campaign, "启动阶段") is None
    assert charts.progress_png(campaign, "实施阶段") is not None


def test_self_evaluation_numbers(campaign):
    scores = data.self_evaluation(campaign)
    assert len(scores.elements) == 12
    assert scores.elements[0].label == "1. 创建机构与职责"
    assert (scores.elements[0].first, scores.elements[0].second) == (8, 7.5)
    assert (scores.full_total, scores.score_total) == (100, 91.5)
    assert (scores.pass_score, scores.standard_score) == (70, 90)


@pytest.mark.parametrize(
    "draw, height_mm",
    [
        (charts.self_evaluation_png, 30 + 6.2 * 12),
        (charts.hazards_png, 24 + 8.5 * 8),
        (lambda c: charts.progress_png(c, "实施阶段"), 75),
    ],
    ids=["self_evaluation", "hazards", "progress"],
)
def test_print_size_resolution_and_greys(campaign, draw, height_mm):
    png = draw(campaign)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = png_size(png)
    assert width == pytest.approx(WIDTH_PX, abs=1)
    assert height == pytest.approx(height_mm / 25.4 * 300, abs=1)
    dpi = png_dpi(png)
    assert dpi == pytest.approx((300, 300), abs=0.01)
    image = Image.open(io.BytesIO(png))
    assert image.mode == "P" and len(image.getcolors()) <= figures.GREYS
    rgb = image.convert("RGB")
    assert all(r == g == b for _, (r, g, b) in rgb.getcolors(maxcolors=256))  # greys only
    assert 5_000 < len(png) < 80_000  # small enough to embed, big enough to be a picture
    # black lines and text, hatched or grey bars, on a white page
    colours = dict((value, n) for n, value in image.convert("L").getcolors())
    assert colours.get(255, 0) > 0.5 * image.width * image.height
    assert min(colours) < 40
    # no text chunk: nothing but size, palette, resolution and pixels
    chunks = _chunks(png)
    assert set(chunks) <= {b"IHDR", b"PLTE", b"pHYs", b"IDAT", b"IEND"}


def _chunks(png: bytes) -> list[bytes]:
    import struct

    out, at = [], 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        out.append(kind)
        at += 12 + length
    return out


def test_the_same_campaign_gives_the_same_bytes(campaign):
    first = (charts.self_evaluation_png(campaign), charts.hazards_png(campaign))
    again = gongwen.read_workbook(shipped_example())
    assert (charts.self_evaluation_png(again), charts.hazards_png(again)) == first


def test_fixed_hazards_are_filled_in_the_fill_grey(campaign):
    png = charts.hazards_png(campaign)
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()
    grey_fill = int(float(figures.FILL) * 255)
    assert sum(histogram[grey_fill - 3 : grey_fill + 4]) > 10_000  # the filled bars


def test_a_users_fonts_folder_comes_first(tmp_path):
    source = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    if not shutil.os.path.exists(source):
        pytest.skip("WenQuanYi Zen Hei is not installed")
    shutil.copy(source, tmp_path / "mine.ttc")
    font = charts.find_cjk_font(tmp_path)
    assert font.path == str(tmp_path / "mine.ttc")
    assert font.family == "WenQuanYi Zen Hei"


def test_a_users_folder_holding_only_an_italic_face_is_passed_over(tmp_path, monkeypatch):
    """Figures are drawn upright: a family with no upright face is no candidate (and no
    reason to stop); the system's face is used."""
    from matplotlib import font_manager

    from gongwen.charts import fonts

    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", list(manager.ttflist))
    (tmp_path / "slanted.ttf").write_bytes(b"")

    def add_italic(path):
        manager.ttflist.append(font_manager.FontEntry(fname=path, name="只有斜体", style="italic"))

    monkeypatch.setattr(manager, "addfont", add_italic)
    fonts._find.cache_clear()
    try:
        font = charts.find_cjk_font(tmp_path)
    finally:
        fonts._find.cache_clear()
    assert font.family != "只有斜体" and font.path != str(tmp_path / "slanted.ttf")


def test_no_cjk_font_is_a_clear_error(monkeypatch, campaign):
    monkeypatch.setattr("gongwen.charts.fonts._find", lambda folder: None)
    with pytest.raises(FontMissing) as error:
        charts.hazards_png(campaign)
    assert "找不到含中文字形的字体" in error.value.message
    assert "fonts-noto-cjk" in error.value.message


def test_the_summary_workbook_has_a_native_chart_of_its_cells(campaign):
    data_ = summary_workbook(campaign)
    with zipfile.ZipFile(io.BytesIO(data_)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert '<barDir val="bar"/>' in chart and '<grouping val="clustered"/>' in chart
    last = 2 + len(campaign.villages)  # header in row 2, villages from row 3
    sheet = "'村社区汇总'"
    assert f"<f>{sheet}!$G$3:$G${last}</f>" in chart  # 隐患数
    assert f"<f>{sheet}!$H$3:$H${last}</f>" in chart  # 已整改数
    assert f"<strRef><f>{sheet}!$B$3:$B${last}</f></strRef>" in chart  # the names, as text
    assert f"<f>{sheet}!G2</f>" in chart and f"<f>{sheet}!H2</f>" in chart  # series names
    assert 'prst="wdUpDiag"' in chart  # hatched: readable in black and white
    assert "各村（社区）隐患排查整改情况" in chart
    assert (
        "<from><col>13</col><colOff>0</colOff><row>1</row>" in drawing
    )  # anchored at column N, right of the table
    assert summary_workbook(campaign) == data_
