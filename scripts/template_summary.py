"""The template of a phase summary (阶段总结), templates/阶段总结.docx.

One document is rendered per row of the sheet 阶段总结, with that row's values in ``summary``.
"""

from __future__ import annotations

from docx.shared import Mm

from gongwen.formatting import (
    BODY,
    DATE,
    HEADINGS,
    SIGNATURE,
    TABLE_HEADING,
    TITLE,
    TableCell,
    add_table,
    add_table_row,
    keep_row_whole,
    new_document,
    repeat_header_row,
)

NAME = "阶段总结.docx"
H1 = HEADINGS[1]
# 名称, 隐患数, 已整改数, 整改率: 156 mm, the width of the type area.
HAZARD_COLUMNS = (Mm(51), Mm(35), Mm(35), Mm(35))


def _hazard_table(doc) -> None:
    table = add_table(doc, HAZARD_COLUMNS)
    header = add_table_row(
        table,
        [
            TableCell(text, style=TABLE_HEADING, align="center")
            for text in ("村（社区）", "排查隐患数", "已整改数", "整改率")
        ],
    )
    repeat_header_row(header)
    keep_row_whole(header)
    span = len(HAZARD_COLUMNS)
    add_table_row(table, [TableCell("{%tr for v in hazards.rows %}", span=span)])
    add_table_row(
        table,
        [
            TableCell("{{ v.name }}", align="center"),
            TableCell("{{ v.found }}", align="center"),
            TableCell("{{ v.fixed }}", align="center"),
            TableCell("{{ v.rate }}", align="center"),
        ],
    )
    add_table_row(table, [TableCell("{%tr endfor %}", span=span)])
    add_table_row(
        table,
        [
            TableCell("合计", style=TABLE_HEADING, align="center"),
            TableCell("{{ hazards.found }}", align="center"),
            TableCell("{{ hazards.fixed }}", align="center"),
            TableCell("{{ hazards.rate }}", align="center"),
        ],
    )


def make():
    doc = new_document()
    p = doc.add_paragraph
    p("{{ unit }}安全社区创建{{ summary.phase }}工作总结", style=TITLE)
    p("", style=BODY)
    p(
        "按照{{ self_ref }}创建安全社区实施方案的部署，{{ summary.period }}，{{ self_ref }}开展了"
        "安全社区创建{{ summary.phase }}各项工作。现将有关情况总结如下。"
    )
    p("工作完成情况", style=H1)
    p("{%p for para in summary.done %}")
    p("{{ para }}")
    p("{%p endfor %}")
    p("主要工作数据", style=H1)
    p(
        "截至{{ summary.end }}，{{ self_ref }}累计排查安全隐患{{ summary.hazards_found }}处，已整改"
        "{{ summary.hazards_fixed }}处，整改率{{ summary.rate }}；本阶段开展安全培训"
        "{{ summary.trained }}人次、应急演练{{ summary.drills }}次、安全宣传活动"
        "{{ summary.publicity }}场。各村（社区）隐患排查整改情况见下表。"
    )
    _hazard_table(doc)
    p("存在问题", style=H1)
    p("{%p for para in summary.problems %}")
    p("{{ para }}")
    p("{%p endfor %}")
    p("下步打算", style=H1)
    p("{%p for para in summary.next_steps %}")
    p("{{ para }}")
    p("{%p endfor %}")
    p("", style=BODY)
    p("{{ issuer }}", style=SIGNATURE)
    p("{{ summary.date }}", style=DATE)
    return doc
