"""评定申报表: the evaluation application form: declaration, its 自评 values and template.

Its template: the evaluation application form (评定申报表), templates/评定申报表.docx.
"""

from __future__ import annotations

from docx.shared import Mm

from gongwen.formatting import (
    BODY,
    HEADINGS,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
    TableCell,
    add_paragraph,
    add_seal_row,
    add_table,
    add_table_row,
    figure_style,
    mark_fitted,
    new_document,
    repeat_header_row,
    set_jc,
)
from gongwen.kinds.blocks import figure
from gongwen.kinds.fields import CAMPAIGN_FIELDS
from gongwen.kinds.registry import DocumentKind
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import Campaign
from gongwen.workbook.totals import plain_number, total, verdict

TEMPLATE = "评定申报表.docx"
H1 = HEADINGS[1]
# Every table is 156 mm wide, the width of the type area.
FACT_COLUMNS = (Mm(34), Mm(44), Mm(34), Mm(44))
SCORE_COLUMNS = (Mm(18), Mm(90), Mm(24), Mm(24))
SIGN_COLUMNS = (Mm(78), Mm(78))


def _label(text: str, span: int = 1) -> TableCell:
    return TableCell(text, span=span, style=TABLE_HEADING, align="center")


def _value(text: str, span: int = 1) -> TableCell:
    return TableCell(text, span=span, align="center")


def _facts(doc) -> None:
    table = add_table(doc, FACT_COLUMNS)
    mark_fitted(table, stretch=(2, 4))
    rows = (
        ("单位名称", "{{ unit }}", "上级单位", "{{ parent_unit }}"),
        ("联系人", "{{ contact }}", "联系电话", "{{ phone }}"),
        (
            "户数（户）",
            "{{ village_totals.households }}",
            "人口（人）",
            "{{ village_totals.population }}",
        ),
        (
            "面积（平方公里）",
            "{{ village_totals.area }}",
            "村（社区）数",
            "{{ village_totals.count_text }}",
        ),
    )
    for a, b, c, d in rows:
        add_table_row(table, [_label(a), _value(b), _label(c), _value(d)])


def _scores(doc) -> None:
    table = add_table(doc, SCORE_COLUMNS)
    mark_fitted(table, stretch=(2,))
    header = add_table_row(table, [_label(t) for t in ("序号", "要素", "分值", "自评分")])
    repeat_header_row(header)
    span = len(SCORE_COLUMNS)
    add_table_row(table, [TableCell("{%tr for s in evaluation.scores %}", span=span)])
    add_table_row(
        table,
        [
            _value("{{ s.number }}"),
            TableCell("{{ s.element }}"),
            _value("{{ s.full }}"),
            _value("{{ s.score }}"),
        ],
    )
    add_table_row(table, [TableCell("{%tr endfor %}", span=span)])
    add_table_row(
        table,
        [
            _label("合计", span=2),
            _value("{{ evaluation.full_total }}"),
            _value("{{ evaluation.score_total }}"),
        ],
    )
    add_table_row(table, [_label("自评结论", span=2), _value("{{ evaluation.verdict }}", 2)])


def _lines(cell, lines: list[tuple[str, str]]) -> None:
    """Fill ``cell`` with one paragraph per (text, alignment)."""
    first = True
    for text, align in lines:
        paragraph = cell.paragraphs[0] if first else add_paragraph(cell, "", TABLE_TEXT)
        first = False
        paragraph.style = cell.part.document.styles[TABLE_TEXT]
        set_jc(paragraph._p.get_or_add_pPr(), align)
        paragraph.add_run(text)


def _signatures(doc) -> None:
    table = add_table(doc, SIGN_COLUMNS)  # a form of two equal halves: not fitted
    row = add_table_row(table, [_label("申报单位意见"), _label("{{ parent_unit }}安委办初审意见")])
    repeat_header_row(row)
    row = add_table_row(table, [TableCell(""), TableCell("")])
    _lines(
        row.cells[0],
        [
            ("经自评，{{ evaluation.verdict_text }}，申请进行评定。", "left"),
            ("", "left"),
            ("负责人（签字）：", "left"),
        ],
    )
    _lines(row.cells[1], [("", "left"), ("", "left"), ("负责人（签字）：", "left")])
    # the room for the seal, 盖章 and the date at its foot, in the same boxes
    add_seal_row(
        table,
        [
            [("申报单位（盖章）", "right"), ("{{ evaluation.apply_date }}", "right")],
            [("（盖章）", "right"), ("{{ evaluation.blank_date }}", "right")],
        ],
    )


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/评定申报表.docx)."""
    doc = new_document()
    figure_style(doc)
    p = doc.add_paragraph
    p("{{ unit }}安全社区评定申报表", style=TITLE)
    p("", style=BODY)
    p("申报单位基本情况", style=H1)
    _facts(doc)
    p("自评情况", style=H1)
    p(
        "对照安全社区建设的{{ evaluation.scores|length }}项要素逐项自评，满分{{ evaluation.full_total }}"
        "分，自评总分{{ evaluation.score_total }}分。评定分数达到{{ pass_score }}分为合格，"
        "{{ standard_score }}分以上（含{{ standard_score }}分）为达标。"
    )
    _scores(doc)
    figure(p, "figure_self_evaluation", "图1\u3000各要素自评分与分值")
    # kept with the signature table below it (its rows are kept whole and together)
    p("申报意见", style=H1).paragraph_format.keep_with_next = True
    _signatures(doc)
    return doc


VERDICT_TEXT = {
    "达标": "自评总分{score}分，达到市级安全社区标准（{standard}分以上）",
    "合格": "自评总分{score}分，达到安全社区创建考核合格标准（{pass_}分以上）",
    "不合格": "自评总分{score}分，未达到安全社区创建考核合格标准（{pass_}分）",
}
BLANK_DATE = "年\u3000\u3000月\u3000\u3000日"  # a date line left for handwriting


def evaluation(campaign: Campaign) -> dict:
    """The 自评 scores, their totals and the verdict against 基本信息's thresholds."""
    info = campaign.info
    scores = campaign.self_evaluation
    score_total = total(s.score for s in scores)
    result = verdict(score_total, info.pass_score, info.standard_score)
    return {
        "scores": [
            {
                "number": s.number,
                "element": s.element,
                "full": plain_number(s.full),
                "score": plain_number(s.score),
            }
            for s in scores
        ],
        "full_total": total(s.full for s in scores),
        "score_total": score_total,
        "verdict": result,
        "verdict_text": VERDICT_TEXT[result].format(
            score=score_total,
            standard=plain_number(info.standard_score),
            pass_=plain_number(info.pass_score),
        ),
        "apply_date": format_date(info.apply_date) if info.apply_date else BLANK_DATE,
        "blank_date": BLANK_DATE,
    }


APPLICATION = DocumentKind(
    name="评定申报表",
    template=TEMPLATE,
    sheets=("基本信息", "村社区", "自评"),
    title=lambda c: f"{c.info.unit}安全社区评定申报表",
    description="安全社区评定申报表（表格）：申报单位基本情况、各要素自评分、总分和结论、签章",
    fields=CAMPAIGN_FIELDS,  # every value of gongwen.kinds.context
)
