"""材料清单: the list of a submission package's materials: its template.

Its values are made by ``gongwen.packaging.materials``.
Its template: a submission package's list of materials (材料清单), templates/材料清单.docx.

``materials`` is a list of rows ``{number, name, file, pages, format}``: one per document, and
for a folder of documents (the village archives) one row for the folder followed by one per
file in it. ``total_pages`` sums the documents' pages; ``pages_note`` says where the page
counts come from.
"""

from __future__ import annotations

from docx.shared import Mm

from gongwen.formatting import (
    BODY,
    PLAIN,
    TABLE_HEADING,
    TITLE,
    TableCell,
    add_table,
    add_table_row,
    mark_fitted,
    new_document,
    repeat_header_row,
)

TEMPLATE = "材料清单.docx"
# 序号, 材料名称, 文件名, 页数, 格式: 156 mm, the width of the type area.
COLUMNS = (Mm(14), Mm(60), Mm(50), Mm(14), Mm(18))
HEADERS = ("序号", "材料名称", "文件名", "页数", "格式")


def _list_table(doc) -> None:
    table = add_table(doc, COLUMNS)
    mark_fitted(table, stretch=(2, 3))
    header = add_table_row(
        table, [TableCell(text, style=TABLE_HEADING, align="center") for text in HEADERS]
    )
    repeat_header_row(header)
    span = len(COLUMNS)
    add_table_row(table, [TableCell("{%tr for m in materials %}", span=span)])
    add_table_row(
        table,
        [
            TableCell("{{ m.number }}", align="center"),
            TableCell("{{ m.name }}"),
            TableCell("{{ m.file }}"),
            TableCell("{{ m.pages }}", align="center"),
            TableCell("{{ m.format }}", align="center"),
        ],
    )
    add_table_row(table, [TableCell("{%tr endfor %}", span=span)])
    add_table_row(
        table,
        [
            TableCell("合计", span=3, style=TABLE_HEADING, align="center"),
            TableCell("{{ total_pages }}", align="center"),
            TableCell(""),
        ],
    )


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/材料清单.docx)."""
    doc = new_document()
    p = doc.add_paragraph
    p("{{ unit }}创建安全社区材料清单", style=TITLE)
    p("", style=BODY)
    _list_table(doc)
    p("", style=BODY)
    p("{{ pages_note }}", style=PLAIN)
    return doc
