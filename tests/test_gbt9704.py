"""Each figure of GB/T 9704-2012 pinned to the standard's own value, written here by hand.

The expectations are literals from the standard (see the clause in each comment), never taken
from ``gongwen.formatting.gbt9704``: a wrong constant fails here even when every test that
lays out a document with it still agrees with itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from docx.shared import Mm, Pt, Twips

from gongwen.formatting import gbt9704 as std


def test_page_is_a4():  # 5.2.1 幅面尺寸
    assert Mm(210) == std.PAGE_WIDTH
    assert Mm(297) == std.PAGE_HEIGHT


def test_margins_and_type_area():  # 5.2.2 版面: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm
    assert Mm(37) == std.MARGIN_TOP
    assert Mm(28) == std.MARGIN_LEFT
    assert Mm(156) == std.TYPE_AREA_WIDTH
    assert Mm(225) == std.TYPE_AREA_HEIGHT
    assert Mm(35) == std.MARGIN_BOTTOM  # 297 − 37 − 225
    assert Mm(26) == std.MARGIN_RIGHT  # 210 − 28 − 156
    assert Mm(1) == std.MARGIN_TOLERANCE  # ±1 mm


def test_the_margins_add_up_to_the_page():
    assert Mm(297) == std.MARGIN_TOP + std.TYPE_AREA_HEIGHT + std.MARGIN_BOTTOM
    assert Mm(210) == std.MARGIN_LEFT + std.TYPE_AREA_WIDTH + std.MARGIN_RIGHT


def test_type_sizes_in_points():  # 字号 as Word and WPS set them
    assert {name: size.pt for name, size in std.FONT_SIZE.items()} == {
        "初号": 42,
        "小初": 36,
        "一号": 26,
        "小一": 24,
        "二号": 22,
        "小二": 18,
        "三号": 16,
        "小三": 15,
        "四号": 14,
        "小四": 12,
        "五号": 10.5,
    }
    assert Pt(16) == std.BODY_SIZE  # 3号
    assert Pt(22) == std.TITLE_SIZE  # 2号
    assert Pt(14) == std.PAGE_NUMBER_SIZE  # 4号
    assert Pt(14) == std.COPY_TO_SIZE  # 4号
    assert Pt(14) == std.TABLE_SIZE


def test_font_faces():  # 仿宋 body, 小标宋 title, 黑体/楷体 headings, 宋体 page numbers
    assert std.FONT_FANGSONG == "仿宋_GB2312"
    assert std.FONT_XIAOBIAOSONG == "方正小标宋简体"
    assert std.FONT_HEITI == "黑体"
    assert std.FONT_KAITI == "楷体_GB2312"
    assert std.FONT_SONGTI == "宋体"
    assert std.BODY_FONT == "仿宋_GB2312"
    assert std.TITLE_FONT == "方正小标宋简体"
    assert std.PAGE_NUMBER_FONT == "宋体"
    assert std.LATIN_FONT == "Times New Roman"
    assert std.HEADING_FONTS == {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}


def test_lines_and_characters():  # 5.2.3: 22 lines of 28 characters
    assert std.LINES_PER_PAGE == 22
    assert std.CHARS_PER_LINE == 28
    assert Twips(579) == std.LINE_PITCH  # 28.95 pt: 22 lines fill 225 mm
    assert std.LINE_PITCH.pt == 28.95
    assert Pt(-0.25) == std.CHAR_SPACING_CONDENSE
    assert Pt(15.75) == std.CHAR_PITCH
    assert std.FIRST_LINE_INDENT_CHARS == 2
    assert Pt(31.5) == std.FIRST_LINE_INDENT


def test_the_line_pitch_gives_22_lines_and_the_character_pitch_28():
    assert 22 * 28.95 <= Mm(225).pt < 23 * 28.95
    assert 28 * 15.75 <= Mm(156).pt < 29 * 15.75


def test_header_block():  # 7.2 版头
    assert std.ISSUER_MARK_COLOR == "FF0000"
    assert Mm(35) == std.ISSUER_MARK_TOP_OFFSET  # 7.2.4: 35 mm below the type area's top
    assert Mm(4) == std.SEPARATOR_BELOW_DOC_NUMBER  # 7.2.6: red line 4 mm below 发文字号
    assert std.SEPARATOR_COLOR == "FF0000"
    assert Mm(0.5) == std.SEPARATOR_WIDTH
    assert std.ISSUER_MARK_FONT == "方正小标宋简体"
    assert Pt(42) == std.ISSUER_MARK_SIZE
    assert Mm(156) == std.ISSUER_MARK_MAX_WIDTH
    assert std.BLANK_LINES_BELOW_ISSUER_MARK == 2
    assert std.BLANK_LINES_BELOW_SEPARATOR == 2
    assert std.BLANK_LINES_BELOW_TITLE == 1


def test_closing_block():  # 7.4 版记
    assert Mm(0.35) == std.CLOSING_THICK_LINE
    assert Mm(0.25) == std.CLOSING_THIN_LINE
    assert Mm(156) == std.CLOSING_WIDTH
    assert std.CLOSING_FONT == "仿宋_GB2312"
    assert Pt(14) == std.CLOSING_INSET  # one 4号 character
    assert std.COPY_TO_LABEL == "抄送："


def test_page_numbers():  # 7.5 页码: 4号 "— 1 —", 7 mm below the type area
    assert std.PAGE_NUMBER_DASH == "—"  # U+2014
    assert Mm(7) == std.PAGE_NUMBER_BELOW_TYPE_AREA
    assert Pt(14) == std.PAGE_NUMBER_INSET
    assert Mm(21.6) == std.FOOTER_DISTANCE  # 35 − 7 − 6.4 (the 4号 line)
    assert Mm(15) == std.HEADER_DISTANCE


def test_dates_and_tables():
    assert std.DATE_FORMAT.format(year=2024, month=3, day=1) == "2024年3月1日"
    assert Pt(22) == std.TABLE_LINE_PITCH
    assert Mm(45) == std.SEAL_CELL_MIN_HEIGHT  # a round seal is about 42 mm across


def test_every_figure_is_pinned_here():
    figures = {n for n in dir(std) if n.isupper()}
    source = Path(__file__).read_text(encoding="utf-8")
    assert len(figures) > 40
    assert [n for n in sorted(figures) if not re.search(rf"std\.{n}\b", source)] == []
