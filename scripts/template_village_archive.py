"""The template of a village's safety archive (村社区档案), templates/村社区档案.docx.

A table-form sheet: the village's basic facts, key places and hazard sources, hidden dangers
found and fixed, vulnerable groups and emergency team, fire equipment and training. Label
and value cells alternate; the columns add up to the 156 mm type area.
"""

from __future__ import annotations

from docx.shared import Mm

from gongwen.formatting import (
    BODY,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
    TableCell,
    add_table,
    add_table_row,
    new_document,
)

NAME = "村社区档案.docx"
LABEL_WIDTH, VALUE_WIDTH = Mm(40), Mm(38)  # 40 + 38 + 40 + 38 = 156 mm
WIDTHS = (LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH)


def label(text: str, span: int = 1) -> TableCell:
    return TableCell(text, span=span, align="center")


def value(field: str, span: int = 1) -> TableCell:
    return TableCell("{{ village." + field + " }}", span=span)


def section(text: str) -> list[TableCell]:
    return [TableCell(text, span=4, style=TABLE_HEADING, align="center")]


def pair(label1: str, field1: str, label2: str, field2: str) -> list[TableCell]:
    return [label(label1), value(field1), label(label2), value(field2)]


def wide(text: str, field: str) -> list[TableCell]:
    return [label(text), value(field, span=3)]


ROWS = (
    section("基本情况"),
    pair("名称", "name", "类型", "kind"),
    pair("户数（户）", "households", "人口（人）", "population"),
    [label("面积（km²）"), value("area"), label("所属镇（街道）"), TableCell("{{ unit }}")],
    pair("联系人", "contact", "联系电话", "phone"),
    section("重点场所和危险源"),
    wide("重点场所", "key_places"),
    wide("危险源", "hazard_sources"),
    section("隐患排查整改"),
    pair("隐患数（处）", "hazards_found", "已整改数（处）", "hazards_fixed"),
    [label("整改率"), value("rate", span=3)],
    section("弱势群体和应急队伍"),
    wide("弱势群体", "vulnerable_groups"),
    [label("应急队伍（人）"), value("emergency_team", span=3)],
    section("消防设施和培训演练"),
    wide("消防设施", "fire_equipment"),
    wide("培训演练", "training"),
)


def make():
    doc = new_document()
    doc.add_paragraph("{{ village.name }}安全基本情况档案", style=TITLE)
    doc.add_paragraph("", style=BODY)
    doc.add_paragraph(
        "所属：{{ parent_unit }}{{ unit }}　　　　建档日期：{{ date }}", style=TABLE_TEXT
    )
    table = add_table(doc, WIDTHS)
    for cells in ROWS:
        add_table_row(table, cells)
    doc.add_paragraph("填表人：　　　　　　　　　审核人：", style=TABLE_TEXT)
    return doc
