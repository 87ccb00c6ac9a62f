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
    figure_style,
    mark_fitted,
    new_document,
    repeat_header_row,
)
from gongwen.kinds.blocks import figure
from gongwen.kinds.context import hazard_table, village_hazards
from gongwen.kinds.fields import (
    CAMPAIGN_FIELDS,
    GROUP,
    INTEGER,
    PARAGRAPHS,
    TEXT,
    field,
)
from gongwen.kinds.fields import DATE as DATE_VALUE
from gongwen.kinds.registry import DocumentKind, Output
from gongwen.names import file_name
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import Campaign, PhaseSummary
from gongwen.workbook.totals import hazard_totals, rate

TEMPLATE = "阶段总结.docx"
H1 = HEADINGS[1]
# 名称, 隐患数, 已整改数, 整改率: 156 mm, the width of the type area.
HAZARD_COLUMNS = (Mm(51), Mm(35), Mm(35), Mm(35))


def _hazard_table(doc) -> None:
    table = add_table(doc, HAZARD_COLUMNS)
    mark_fitted(table, stretch=(1, 2, 3, 4))
    header = add_table_row(
        table,
        [
            TableCell(text, style=TABLE_HEADING, align="center")
            for text in ("村（社区）", "排查隐患数", "已整改数", "整改率")
        ],
    )
    repeat_header_row(header)
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
    figure_style(doc)
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
        "{{ summary.hazards_fixed }}处，整改率{{ summary.rate }}；本阶段{{ summary.phase_text }}"
        "开展安全培训"
        "{{ summary.trained }}人次、应急演练{{ summary.drills }}次、安全宣传活动"
        "{{ summary.publicity }}场。截至{{ summary.end }}各村（社区）隐患排查整改情况见下表。"
    )
    _hazard_table(doc)
    figure(p, "figure_hazards", "图1\u3000各村（社区）隐患排查整改情况")
    figure(
        p, "figure_progress", "图{{ 2 if figure_hazards else 1 }}\u3000各阶段累计隐患排查整改情况"
    )
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


# What ``summary_context`` gives a template, as ``summary``.
SUMMARY_FIELD = field(
    "summary",
    "本份阶段总结的阶段",
    GROUP,
    "",
    "阶段总结（每行一份）",
    parts=(
        field("phase", "阶段名称", TEXT, "启动阶段", "阶段总结!阶段"),
        field(
            "period", "起止时间", TEXT, "2024年3月1日至2024年4月30日", "工作阶段!开始日期、结束日期"
        ),
        field("start", "开始日期", DATE_VALUE, "2024年3月1日", "工作阶段!开始日期"),
        field("end", "结束日期", DATE_VALUE, "2024年4月30日", "工作阶段!结束日期"),
        field(
            "done",
            "完成情况，每行一段",
            PARAGRAPHS,
            "召开安全社区创建工作动员大会……",
            "阶段总结!完成情况",
        ),
        field(
            "problems", "存在问题，每行一段", PARAGRAPHS, "部分村（社区）……", "阶段总结!存在问题"
        ),
        field(
            "next_steps", "下步打算，每行一段", PARAGRAPHS, "按照实施方案……", "阶段总结!下步打算"
        ),
        field(
            "hazards_found",
            "截至阶段结束累计排查的隐患数",
            INTEGER,
            89,
            "阶段总结!排查隐患数（空时由村社区阶段数据计算）",
        ),
        field(
            "hazards_fixed",
            "截至阶段结束累计整改的隐患数",
            INTEGER,
            83,
            "阶段总结!整改数（空时由村社区阶段数据计算）",
        ),
        field(
            "phase_text",
            "本阶段新排查、整改的隐患数（没有按阶段的数据时为空）",
            TEXT,
            "新排查安全隐患35处、整改48处，",
            "村社区阶段数据!排查隐患数、已整改数",
        ),
        field("rate", "整改率", TEXT, "93.3%", "阶段总结!排查隐患数、整改数"),
        field("trained", "培训人次", INTEGER, 320, "阶段总结!培训人次"),
        field("drills", "演练次数", INTEGER, 4, "阶段总结!演练次数"),
        field("publicity", "宣传场次", INTEGER, 10, "阶段总结!宣传场次"),
        field(
            "date",
            "本份总结的成文日期（未填时为阶段结束日期）",
            DATE_VALUE,
            "2024年4月30日",
            "阶段总结!成文日期",
        ),
    ),
)


def summary_hazards(campaign: Campaign, summary: PhaseSummary) -> list[tuple[str, int, int]]:
    """The summary's table: each village's figures to the phase's end."""
    return list(summary.villages) or village_hazards(campaign)


def phase_text(summary: PhaseSummary) -> str:
    """新排查安全隐患35处、整改48处，: the phase's own figures (after 本阶段), when known."""
    if summary.phase_found is None or summary.phase_fixed is None:
        return ""
    return f"新排查安全隐患{summary.phase_found}处、整改{summary.phase_fixed}处，"


def summary_context(campaign: Campaign, summary: PhaseSummary) -> dict:
    """One row of 阶段总结 as its document shows it (``summary`` in the template)."""
    phase = campaign.phase(summary.phase)
    found, fixed = summary.hazards_found, summary.hazards_fixed
    if found is None or fixed is None:  # a Campaign made in code rather than read
        found, fixed = hazard_totals(campaign.villages)
    return {
        "phase_text": phase_text(summary),
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
                file_name(title, ".docx"),
                {
                    **context,
                    "summary": summary_context(campaign, s),
                    "hazards": hazard_table(summary_hazards(campaign, s)),
                },
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
    fields=(*CAMPAIGN_FIELDS, SUMMARY_FIELD),
    ambiguous_aliases=(("成文日期", "本份总结的成文日期是 summary.date，发文的成文日期是 date"),),
)
