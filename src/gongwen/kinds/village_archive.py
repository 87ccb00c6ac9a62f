"""村社区档案: one 安全基本情况档案 per row of 村社区, each in a file named after the village.

File names come from the villages' names, made safe for Windows and Linux. Two rows whose
names give the same file (after sanitising, Unicode NFC and case folding) would overwrite one
another, so they are an error naming both rows, raised before anything is rendered.

Its declaration, its values, and its template: a village's safety archive (村社区档案), templates/村社区档案.docx.

A table-form sheet: the village's basic facts, key places and hazard sources, hidden dangers
found and fixed, vulnerable groups and emergency team, fire equipment and training. Label
and value cells alternate; the columns add up to the 156 mm type area.
"""

from __future__ import annotations

from docx.shared import Mm

from gongwen.errors import WorkbookError
from gongwen.formatting import (
    BODY,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
    TableCell,
    add_table,
    add_table_row,
    mark_fitted,
    new_document,
)
from gongwen.kinds.context import FIGURE_NAMES, village_facts
from gongwen.kinds.fields import (
    DATE_FIELD,
    FIGURE_FIELDS,
    GROUP,
    ISSUER,
    PARENT_UNIT,
    TEXT,
    UNIT,
    UNIT_LEVEL,
    YEAR,
    field,
    village_parts,
)
from gongwen.kinds.registry import DocumentKind, Output
from gongwen.kinds.village_summary import summary_workbook
from gongwen.names import safe_filename
from gongwen.workbook.model import Campaign, Village
from gongwen.workbook.rules import file_name_problems, village_cell
from gongwen.workbook.totals import rate

FOLDER = "村社区档案"  # under the unit's folder
SUMMARY_NAME = "村社区汇总表.xlsx"
SUMMARY_PATH = f"{FOLDER}/{SUMMARY_NAME}"
NONE = "无"  # an optional fact left empty
OPTIONAL_FACTS = ("key_places", "hazard_sources", "vulnerable_groups", "fire_equipment", "training")
# The unit's facts an archive shows besides the village's own.
UNIT_FIELDS = (UNIT, UNIT_LEVEL, PARENT_UNIT, ISSUER, YEAR, DATE_FIELD)
UNIT_FACTS = tuple(f.name for f in UNIT_FIELDS)
HAZARDS_HEADING = field(
    "hazards_heading",
    "档案中隐患数字一栏的标题，写明截至哪一天",
    TEXT,
    "隐患排查整改（截至2024年11月30日累计）",
    "村社区阶段数据；工作阶段!结束日期",
)


def archive_title(village: Village) -> str:
    """静观村安全基本情况档案."""
    return f"{village.name}安全基本情况档案"


# What ``village_values`` gives a template, as ``village``.
VILLAGE_FIELD = field(
    "village", "本份档案的村（社区）", GROUP, "", "村社区（每行一份）", parts=village_parts(True)
)


def village_values(village: Village) -> dict:
    """One village's facts as its archive shows them; empty optional facts read 无."""
    facts = village_facts(village)
    for key in OPTIONAL_FACTS:
        facts[key] = facts[key] or NONE
    facts["rate"] = rate(village.hazards_fixed, village.hazards_found)
    return facts


def hazards_heading(as_of: str) -> str:
    """The heading of the archive's hazard figures, saying the day they are counted to."""
    return f"隐患排查整改（截至{as_of}累计）" if as_of else "隐患排查整改"


def file_names(campaign: Campaign) -> list[str]:
    """Each village's archive file name (without .docx), in row order.

    Raises WorkbookError when a name leaves nothing after sanitising, or when two rows give
    the same file name (the reader reports these already; a Campaign made in code is checked
    here); every such row is named, and nothing has been written.
    """
    problems = file_name_problems(campaign.villages)
    if problems:
        raise WorkbookError(
            campaign.source,
            problems,
            "档案按村（社区）名称命名，名称须能区分各行。请改正后重新运行。",
        )
    return [safe_filename(v.name) for v in campaign.villages]


def archive_outputs(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    """One Output per village: ``村社区档案/<名称>.docx`` with the unit's and the village's facts."""
    # the unit's facts, and the figure fields (empty unless the template prints one)
    unit = {key: context[key] for key in (*UNIT_FACTS, *FIGURE_NAMES)}
    unit["hazards_heading"] = hazards_heading(context["figures_date"])
    return [
        Output(
            title=archive_title(village),
            relpath=f"{FOLDER}/{name}.docx",
            context={**unit, "village": village_values(village)},
            where=village_cell(village),
        )
        for village, name in zip(campaign.villages, file_names(campaign), strict=True)
    ]


def summary_files(campaign: Campaign) -> dict[str, bytes]:
    """The summary workbook of every village, beside the archives."""
    return {SUMMARY_PATH: summary_workbook(campaign)}


TEMPLATE = "村社区档案.docx"
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
    [label("面积（km²）"), value("area"), label("所属{{ unit_level }}"), TableCell("{{ unit }}")],
    pair("联系人", "contact", "联系电话", "phone"),
    section("重点场所和危险源"),
    wide("重点场所", "key_places"),
    wide("危险源", "hazard_sources"),
    section("{{ hazards_heading }}"),
    pair("隐患数（处）", "hazards_found", "已整改数（处）", "hazards_fixed"),
    [label("整改率"), value("rate", span=3)],
    section("弱势群体和应急队伍"),
    wide("弱势群体", "vulnerable_groups"),
    [label("应急队伍（人）"), value("emergency_team", span=3)],
    section("消防设施和培训演练"),
    wide("消防设施", "fire_equipment"),
    wide("培训演练", "training"),
)


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/村社区档案.docx)."""
    doc = new_document()
    doc.add_paragraph("{{ village.name }}安全基本情况档案", style=TITLE)
    doc.add_paragraph("", style=BODY)
    doc.add_paragraph(
        "所属：{{ parent_unit }}{{ unit }}　　　　建档日期：{{ date }}", style=TABLE_TEXT
    )
    table = add_table(doc, WIDTHS)
    mark_fitted(table, stretch=(2, 4))
    for cells in ROWS:
        add_table_row(table, cells)
    doc.add_paragraph("填表人：　　　　　　　　　审核人：", style=TABLE_TEXT)
    return doc


VILLAGE_ARCHIVE = DocumentKind(
    name="村社区档案",
    template=TEMPLATE,
    sheets=("基本信息", "村社区"),
    title=lambda c: f"{c.info.unit}村（社区）安全基本情况档案",
    description="每个村（社区）一份安全基本情况档案（表格），另附村社区汇总表.xlsx",
    outputs=archive_outputs,
    extras=summary_files,
    extra_paths=(SUMMARY_PATH,),
    batch=True,
    fields=(*UNIT_FIELDS, HAZARDS_HEADING, VILLAGE_FIELD, *FIGURE_FIELDS),
)
