"""村社区汇总表.xlsx: every village's key figures in one sheet, with a totals row.

Totals are computed here and written as plain values (no formulas), so any reader, including
one that does not calculate, sees the same numbers as the documents. The file's bytes depend
only on the campaign: its timestamps are the campaign's 成文日期.
"""

from __future__ import annotations

import copy
import io

from gongwen.packaging.zipout import normalise_office
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import Campaign, Village
from gongwen.workbook.phase_figures import figures_date
from gongwen.workbook.totals import hazard_totals, rate_fraction, total

SHEET_NAME = "村社区汇总"
HEADER_FILL = "DDEBF7"
# (header, width, value of one village)
COLUMNS = (
    ("序号", 6, None),
    ("名称", 16, lambda v: v.name),
    ("类型", 8, lambda v: v.kind),
    ("户数", 10, lambda v: v.households),
    ("人口", 10, lambda v: v.population),
    ("面积（平方公里）", 14, lambda v: v.area),
    ("隐患数", 10, lambda v: v.hazards_found),
    ("已整改数", 10, lambda v: v.hazards_fixed),
    ("整改率", 10, lambda v: rate_fraction(v.hazards_fixed, v.hazards_found)),
    ("应急队伍人数", 12, lambda v: v.emergency_team),
    ("联系人", 10, lambda v: v.contact),
    ("联系电话", 16, lambda v: v.phone),
)
HEADERS = tuple(c[0] for c in COLUMNS)
# Figures are numbers, formatted: 整改率 a fraction shown as 94.4% (as the documents write it)
NUMBER_FORMATS = {"整改率": "0.0%", "面积（平方公里）": "0.0#"}
NO_RATE = "—"  # 整改率 where no hazard was found: text, as in the documents
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3
CHART_ANCHOR = "N2"  # right of the table
CHART_WIDTH_CM = 24.0
CHART_CM_PER_VILLAGE = 0.9  # height per village, between the two bounds below
CHART_HEIGHT_CM = (9.0, 40.0)


def hazard_chart(ws, villages: int):
    """A native bar chart of 隐患数 and 已整改数 per village, referencing the table's cells
    (edit a number and Excel/WPS redraws it); hatched and grey, readable in black and white."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties

    chart = BarChart()
    chart.type = "bar"  # horizontal: long village names stay readable
    chart.grouping = "clustered"
    chart.title = "各村（社区）隐患排查整改情况"
    chart.y_axis.title = "处"
    chart.x_axis.scaling.orientation = "maxMin"  # the first village at the top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    last = FIRST_ROW + villages - 1
    found = HEADERS.index("隐患数") + 1
    data = Reference(ws, min_col=found, max_col=found + 1, min_row=HEADER_ROW, max_row=last)
    names = HEADERS.index("名称") + 1
    chart.add_data(data, titles_from_data=True)
    # names are text: a string reference (openpyxl's set_categories would make a numeric one)
    categories = Reference(ws, min_col=names, min_row=FIRST_ROW, max_row=last)
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
    black = ColorChoice(srgbClr="000000")
    hatched, filled = chart.series
    hatched.graphicalProperties.pattFill = PatternFillProperties(
        prst="wdUpDiag", fgClr=black, bgClr=ColorChoice(srgbClr="FFFFFF")
    )
    filled.graphicalProperties.solidFill = "595959"
    for series in chart.series:
        series.graphicalProperties.line = LineProperties(solidFill="000000", w=6350)
    chart.legend.position = "b"
    chart.width = CHART_WIDTH_CM
    low, high = CHART_HEIGHT_CM
    chart.height = min(high, max(low, 3 + CHART_CM_PER_VILLAGE * villages))
    return chart


def totals_row(villages: tuple[Village, ...]) -> dict[str, object]:
    """The 合计 row: sums of the counts and area, and the overall 整改率."""
    found, fixed = hazard_totals(villages)
    return {
        "序号": "合计",
        "名称": f"{len(villages)}个",
        "户数": total(v.households for v in villages),
        "人口": total(v.population for v in villages),
        "面积（平方公里）": total(v.area for v in villages),
        "隐患数": found,
        "已整改数": fixed,
        "整改率": rate_fraction(fixed, found),
        "应急队伍人数": total(v.emergency_team for v in villages),
    }


def summary_rows(campaign: Campaign) -> list[list[object]]:
    """The table's data rows, then the totals row, as cell values."""
    rows = [
        [i if get is None else get(v) for _, _, get in COLUMNS]
        for i, v in enumerate(campaign.villages, start=1)
    ]
    totals = totals_row(campaign.villages)
    rows.append([totals.get(h) for h in HEADERS])
    return rows


def summary_workbook(campaign: Campaign) -> bytes:
    """The summary workbook as .xlsx bytes (written streaming: thousands of rows are cheap)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_NAME)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name="宋体", bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    text_columns = {HEADERS.index(h) for h in ("名称", "联系人", "联系电话")}
    for c, (_, width, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    def cell(value, *, font=None, fill=None, alignment=None, framed=True, text=False):
        out = WriteOnlyCell(ws, value)
        if framed:
            out.border = border
        if font is not None:
            out.font = font
        if fill is not None:
            out.fill = fill
        if alignment is not None:
            out.alignment = alignment
        if text:
            out.number_format = "@"
        return out

    # A style looked up once, then copied: openpyxl hashes the style objects on every
    # assignment, which for thousands of rows costs more than writing them.
    protos = {(b, t): cell(None, font=bold if b else None, text=t) for b in (0, 1) for t in (0, 1)}
    for header, number_format in NUMBER_FORMATS.items():
        for b in (0, 1):
            protos[(b, header)] = cell(None, font=bold if b else None)
            protos[(b, header)].number_format = number_format
    formatted = {HEADERS.index(h): h for h in NUMBER_FORMATS}

    def data_cell(value, bold_row: bool, text: bool, column: int):
        if value is None and HEADERS[column] == "整改率":
            value, text = NO_RATE, True
        kind = formatted.get(column, text) if isinstance(value, (int, float)) else text
        out = WriteOnlyCell(ws, value)
        out._style = copy.copy(protos[(bold_row, kind)]._style)
        return out

    # the title, centred across the table's width (跨列居中) without merging cells
    across = Alignment(horizontal="centerContinuous", vertical="center")
    title = f"{campaign.info.unit}村（社区）安全基本情况汇总表"
    as_of = figures_date(campaign)
    if as_of:
        title += f"（隐患数据截至{format_date(as_of)}）"
    ws.row_dimensions[TITLE_ROW].height = 28
    ws.append(
        [cell(title, font=Font(name="宋体", bold=True, size=14), alignment=across, framed=False)]
        + [cell(None, alignment=across, framed=False) for _ in COLUMNS[1:]]
    )
    ws.append([cell(h, font=bold, fill=header_fill, alignment=centred) for h in HEADERS])
    rows = summary_rows(campaign)
    for r, values in enumerate(rows, start=1):
        totals = r == len(rows)
        ws.append(
            [
                data_cell(v, totals, isinstance(v, str) and c in text_columns, c)
                for c, v in enumerate(values)
            ]
        )
    if campaign.villages:
        ws.add_chart(hazard_chart(ws, len(campaign.villages)), CHART_ANCHOR)
    buffer = io.BytesIO()
    wb.save(buffer)
    # openpyxl stamps the time of saving: dated by the 成文日期 instead, author the 发文机关
    return normalise_office(buffer.getvalue(), campaign.info.date, campaign.info.issuer)
