"""实施方案: the campaign's implementation scheme, one document: declaration and template.

Its template: the implementation scheme (实施方案), templates/实施方案.docx.
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
    mark_fitted,
    new_document,
    repeat_header_row,
)
from gongwen.kinds.blocks import leading_group
from gongwen.kinds.fields import CAMPAIGN_FIELDS
from gongwen.kinds.registry import DocumentKind

TEMPLATE = "实施方案.docx"
H1, H2 = HEADINGS[1], HEADINGS[2]
# 序号, 要素, 牵头单位, 责任人, 主要工作内容: 156 mm, the width of the type area.
TASK_COLUMNS = (Mm(12), Mm(42), Mm(30), Mm(20), Mm(52))


def _task_table(doc) -> None:
    table = add_table(doc, TASK_COLUMNS)
    mark_fitted(table, stretch=(2, 5))
    header = add_table_row(
        table,
        [
            TableCell(text, style=TABLE_HEADING, align="center")
            for text in ("序号", "要素", "牵头单位", "责任人", "主要工作内容")
        ],
    )
    repeat_header_row(header)
    span = len(TASK_COLUMNS)
    add_table_row(table, [TableCell("{%tr for t in tasks %}", span=span)])
    add_table_row(
        table,
        [
            TableCell("{{ t.number }}", align="center"),
            TableCell("{{ t.element }}"),
            TableCell("{{ t.lead }}", align="center"),
            TableCell("{{ t.person }}", align="center"),
            TableCell("{{ t.work }}"),
        ],
    )
    add_table_row(table, [TableCell("{%tr endfor %}", span=span)])


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/实施方案.docx)."""
    doc = new_document()
    p = doc.add_paragraph
    p("{{ unit }}创建安全社区实施方案", style=TITLE)
    p("", style=BODY)
    p(
        "为深入贯彻落实{{ parent_unit }}安全社区创建工作部署，扎实推进{{ self_ref }}安全社区创建工作，"
        "根据{{ basis|cite_list }}，结合{{ self_ref }}实际，制定本实施方案。"
    )
    p("指导思想", style=H1)
    p(
        "坚持人民至上、生命至上，坚持“安全第一、预防为主、综合治理”的方针，以建设“平安"
        "{{ parent_short }}”为目标，以事故与伤害预防为重点，建立跨部门合作的安全促进工作机制，"
        "动员辖区单位和群众广泛参与，不断提高全员安全意识和防范能力，最大限度地降低各类事故与"
        "人员伤害，切实保障人民群众生命财产安全。"
    )
    p("工作目标", style=H1)
    p(
        "{{ year }}年，{{ self_ref }}对照安全社区建设的{{ tasks|length }}项要素全面开展创建工作：建立"
        "跨部门合作的创建组织机构和工作制度；{{ village_totals.count }}个村（社区）安全基本情况档案建档率"
        "达到100%，排查出的事故隐患按期整改到位；实施一批安全促进项目，事故与伤害得到有效控制；"
        "评定分数达到{{ standard_score }}分以上，建成市级安全社区。"
    )
    p("组织机构", style=H1)
    leading_group(p, "负责创建工作的日常组织、协调、督促检查和资料收集整理。")
    p("实施步骤", style=H1)
    p(
        "创建工作分{{ phases|length|cn }}个阶段实施，即："
        "{% for ph in phases %}{{ ph.name }}{% if not loop.last %}、{% endif %}{% endfor %}。"
    )
    p("{%p for ph in phases %}")
    p("{{ ph.name }}（{{ ph.period }}）", style=H2)
    p("{{ ph.tasks }}")
    p("{%p endfor %}")
    p("任务分工", style=H1)
    p(
        "按照安全社区建设的{{ tasks|length }}项要素，明确各要素的牵头单位和责任人。牵头单位会同"
        "相关部门制定具体措施，责任人对本要素的创建工作负责。具体分工如下："
    )
    _task_table(doc)
    p("工作要求", style=H1)
    p("提高思想认识", style=H2)
    p(
        "各村（社区）、各部门要充分认识创建安全社区的重要意义，把创建工作摆上重要议事日程，"
        "主要负责人亲自抓，分管负责人具体抓，确保各项工作落到实处。"
    )
    p("落实工作责任", style=H2)
    p(
        "各牵头单位要按照任务分工，细化工作措施，明确时间节点，按阶段推进；各村（社区）要"
        "抓好本辖区的隐患排查整改、档案建立和宣传发动工作。"
    )
    p("注重资料积累", style=H2)
    p(
        "各牵头单位和各村（社区）要及时收集整理创建过程中的文件、图片、台账等资料，"
        "按要素分类归档，确保资料完整、数据真实。"
    )
    p("保障措施", style=H1)
    p("组织保障", style=H2)
    p(
        "领导小组定期召开工作会议，研究解决创建工作中的重大问题；领导小组办公室每月汇总"
        "各牵头单位工作进展，及时通报情况。"
    )
    p("经费保障", style=H2)
    p(
        "{{ unit_level }}财政将创建工作经费纳入年度预算，重点保障安全促进项目、隐患整改、宣传培训和"
        "应急演练等工作需要。"
    )
    p("督查考核", style=H2)
    p(
        "创建工作纳入各村（社区）和{{ subordinate_units }}年度目标考核，领导小组办公室定期督查，对工作"
        "不力、影响创建进度的予以通报。"
    )
    p("", style=BODY)
    p("{{ issuer }}", style=SIGNATURE)
    p("{{ date }}", style=DATE)
    return doc


SCHEME = DocumentKind(
    name="实施方案",
    template=TEMPLATE,
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段", "村社区", "任务分工"),
    title=lambda c: f"{c.info.unit}创建安全社区实施方案",
    description="创建安全社区实施方案：指导思想、工作目标、组织机构、实施步骤、任务分工、"
    "工作要求、保障措施",
    fields=CAMPAIGN_FIELDS,  # every value of gongwen.kinds.context
)
