"""阶段总结: one work summary per row of 阶段总结: declaration, values and template.

Its template: a phase summary (阶段总结), templates/阶段总结.docx.

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
from gongwen.kinds.registry import DocumentKind, Output
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import Campaign, PhaseSummary
from gongwen.workbook.totals import hazard_totals, rate

TEMPLATE = "阶段总结.docx"
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


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/阶段总结.docx)."""
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


def paragraphs(text: str) -> list[str]:
    """A cell's text as paragraphs: one per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def summary_context(campaign: Campaign, summary: PhaseSummary) -> dict:
    """One row of 阶段总结 as its document shows it (``summary`` in the template)."""
    phase = campaign.phase(summary.phase)
    found, fixed = summary.hazards_found, summary.hazards_fixed
    if found is None or fixed is None:  # a Campaign made in code rather than read
        found, fixed = hazard_totals(campaign.villages)
    return {
        "phase": summary.phase,
        "period": phase.period if phase else "",
        "start": format_date(phase.start) if phase else "",
        "end": format_date(phase.end) if phase else "",
        "done": paragraphs(summary.done),
        "problems": paragraphs(summary.problems),
        "next_steps": paragraphs(summary.next_steps),
        "hazards_found": found,
        "hazards_fixed": fixed,
        "rate": rate(fixed, found),
        "trained": summary.trained,
        "drills": summary.drills,
        "publicity": summary.publicity,
        "date": format_date(summary.date or phase.end) if (summary.date or phase) else "",
    }


def _summary_title(campaign: Campaign, phase: str) -> str:
    return f"{campaign.info.unit}安全社区创建{phase}工作总结"


def _summary_outputs(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    outputs = []
    for s in campaign.phase_summaries:
        title = _summary_title(campaign, s.phase)
        outputs.append(
            Output(
                title,
                f"{title}.docx",
                {**context, "summary": summary_context(campaign, s)},
                where=f"阶段总结!A{s.row}" if s.row else "",
            )
        )
    return outputs


PHASE_SUMMARY = DocumentKind(
    name="阶段总结",
    template=TEMPLATE,
    sheets=("基本信息", "工作阶段", "村社区", "阶段总结"),
    title=lambda c: _summary_title(c, "各阶段"),
    description="每个阶段一份工作总结：完成情况、主要数据（含各村社区隐患排查整改表）、"
    "存在问题、下步打算",
    outputs=_summary_outputs,
)
