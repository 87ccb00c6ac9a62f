"""The figures of GB/T 9704-2012 (党政机关公文格式), defined once, with units.

Every other module takes its page, font and spacing figures from here. Lengths are
python-docx ``Length`` values (EMU integers with ``.mm``, ``.pt`` and ``.twips``).
Where the standard leaves room ("特定情况可以作适当调整") or practice varies, the value is the
standard's and the name says so.
"""

from __future__ import annotations

from docx.shared import Emu, Mm, Pt, Twips

# --- Page and type area (版心) ------------------------------------------------------------
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)  # 天头
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)  # 订口
MARGIN_RIGHT = Mm(26)
TYPE_AREA_WIDTH = Mm(156)
TYPE_AREA_HEIGHT = Mm(225)
MARGIN_TOLERANCE = Mm(1)

# --- Type sizes: 字号 -> points (Word/WPS convention) ---------------------------------------
FONT_SIZE = {
    "初号": Pt(42),
    "小初": Pt(36),
    "一号": Pt(26),
    "小一": Pt(24),
    "二号": Pt(22),
    "小二": Pt(18),
    "三号": Pt(16),
    "小三": Pt(15),
    "四号": Pt(14),
    "小四": Pt(12),
    "五号": Pt(10.5),
}
BODY_SIZE = FONT_SIZE["三号"]
TITLE_SIZE = FONT_SIZE["二号"]
PAGE_NUMBER_SIZE = FONT_SIZE["四号"]
COPY_TO_SIZE = FONT_SIZE["四号"]  # 抄送 and 印发 lines of the 版记
# Table text: 4号仿宋 (14 pt), the size offices use for tables; the standard lets a table's
# text be smaller than the body's 3号 so that forms fit the 156 mm type area.
TABLE_SIZE = FONT_SIZE["四号"]

# --- Font faces, as Word/WPS name them ------------------------------------------------------
FONT_FANGSONG = "仿宋_GB2312"
FONT_XIAOBIAOSONG = "方正小标宋简体"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
FONT_SONGTI = "宋体"
BODY_FONT = FONT_FANGSONG
TITLE_FONT = FONT_XIAOBIAOSONG
PAGE_NUMBER_FONT = FONT_SONGTI
LATIN_FONT = "Times New Roman"

# --- Lines and characters per page ----------------------------------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 225 mm / 22 lines: 28.95 pt (579 twips) is the largest exact spacing that still gives 22
# lines in LibreOffice; 29 pt gives 21.
LINE_PITCH = Twips(579)
# 156 mm / 28 characters = 15.79 pt, less than the 16 pt glyph: condensing every run by
# 0.25 pt (w:spacing -5 twentieths) gives 28 characters a line in Word and LibreOffice.
CHAR_SPACING_CONDENSE = Pt(-0.25)
CHAR_PITCH = Pt(16 - 0.25)
FIRST_LINE_INDENT_CHARS = 2
FIRST_LINE_INDENT = Pt(FIRST_LINE_INDENT_CHARS * (16 - 0.25))

# --- Headings: level -> (font, how the number is written) ------------------------------------
HEADING_FONTS = {1: FONT_HEITI, 2: FONT_KAITI, 3: FONT_FANGSONG, 4: FONT_FANGSONG}

# --- 版头 (header block) --------------------------------------------------------------------
ISSUER_MARK_COLOR = "FF0000"  # 发文机关标志, red
ISSUER_MARK_TOP_OFFSET = Mm(35)  # top edge of the 标志 below the top of the type area
SEPARATOR_BELOW_DOC_NUMBER = Mm(4)  # red line 4 mm below the 发文字号
SEPARATOR_COLOR = "FF0000"
SEPARATOR_WIDTH = Mm(0.5)  # practice: 0.35-0.5 mm
ISSUER_MARK_FONT = FONT_XIAOBIAOSONG  # 小标宋 recommended
# The standard fixes no size for the 标志 ("醒目、美观、庄重"); practice: 初号, narrowed by
# character scaling when the name would be wider than the type area.
ISSUER_MARK_SIZE = FONT_SIZE["初号"]
ISSUER_MARK_MAX_WIDTH = TYPE_AREA_WIDTH
BLANK_LINES_BELOW_ISSUER_MARK = 2  # the 发文字号 stands two blank lines below the 标志
BLANK_LINES_BELOW_SEPARATOR = 2  # the title stands two blank lines below the red line
BLANK_LINES_BELOW_TITLE = 1  # the 主送机关 stands one blank line below the title

# --- 版记 (closing block) -------------------------------------------------------------------
CLOSING_THICK_LINE = Mm(0.35)
CLOSING_THIN_LINE = Mm(0.25)
CLOSING_WIDTH = TYPE_AREA_WIDTH  # the lines are as wide as the type area
CLOSING_FONT = FONT_FANGSONG
CLOSING_INSET = COPY_TO_SIZE  # 抄送 one character in from each side; 印发机关/日期 likewise
COPY_TO_LABEL = "抄送："  # wrapped lines align with the first name after the colon

# --- Page numbers ---------------------------------------------------------------------------
PAGE_NUMBER_DASH = "\u2014"  # 一字线 on each side: "— 1 —"
PAGE_NUMBER_BELOW_TYPE_AREA = Mm(7)
PAGE_NUMBER_INSET = PAGE_NUMBER_SIZE  # one character in from the outer edge
# Word's footer distance is from the page's bottom edge to the footer's last line: the
# number's line (4号 at single spacing, about 6.4 mm) starts 7 mm below the type area.
FOOTER_DISTANCE = Emu(MARGIN_BOTTOM - PAGE_NUMBER_BELOW_TYPE_AREA - Mm(6.4))

# --- Dates -----------------------------------------------------------------------------------
DATE_FORMAT = "{year}年{month}月{day}日"  # 2024年3月1日: full year, no leading zeros
HEADER_DISTANCE = Mm(15)

# --- Tables -----------------------------------------------------------------------------------
TABLE_LINE_PITCH = Pt(22)  # exact line spacing of 4号 table text
# Practice: a round official seal is about 42 mm across, so a box to be stamped (盖章) is at
# least 45 mm high, with the 盖章 line and the date at its foot.
SEAL_CELL_MIN_HEIGHT = Mm(45)
