"""工作计划: the campaign's work plan, one document: its declaration and its template.

Its template: the work plan (工作计划), templates/工作计划.docx.
"""

from __future__ import annotations

from gongwen.formatting import BODY, DATE, HEADINGS, SIGNATURE, TITLE, new_document
from gongwen.kinds.blocks import leading_group
from gongwen.kinds.fields import CAMPAIGN_FIELDS
from gongwen.kinds.registry import DocumentKind

TEMPLATE = "工作计划.docx"
H1, H2, H3 = HEADINGS[1], HEADINGS[2], HEADINGS[3]


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/工作计划.docx)."""
    doc = new_document()
    p = doc.add_paragraph
    p("{{ unit }}创建安全社区工作计划", style=TITLE)
    p("", style=BODY)
    p(
        "为深入贯彻落实{{ parent_unit }}关于安全社区创建的工作部署，积极开展“平安{{ parent_short }}”"
        "建设，根据{{ basis|cite_list }}要求，为着力推进{{ self_ref }}安全社区创建工作，特制定本计划。"
    )
    p("指导思想", style=H1)
    p(
        "坚持人民至上、生命至上，坚持“安全第一、预防为主、综合治理”的方针，紧紧围绕建设"
        "“平安{{ parent_short }}”、加强安全社区建设，不断提高全员安全意识和防范能力，最大限度地"
        "降低各类事故与人员伤害，切实保障人民群众生命财产安全。"
    )
    p("安全社区概念和实施依据", style=H1)
    p("安全社区建设基本概念", style=H2)
    p(
        "基本概念：安全社区是建立了跨部门合作的组织机构和程序，联络村（社区）内相关单位和个人"
        "共同参与事故与伤害预防和安全促进工作，持续改进地实现安全目标的社区。",
        style=H3,
    )
    p("创建对象：以{{ unit }}为单位开展安全社区创建。", style=H3)
    p(
        "达标条件：经评定，社区评定分数达到{{ pass_score }}分为安全社区创建考核合格；评定分数"
        "{{ standard_score }}分以上（含{{ standard_score }}分）达到市级安全社区标准。社区评定分数"
        "未达市级标准的，整改后次年需重新申报评定。",
        style=H3,
    )
    p(
        "组织方式：安全社区建设工作在{{ issuer }}领导下，由{{ office_at }}牵头组织、协调相关部门"
        "开展，作为安全生产目标考核内容，纳入安全生产长效机制建设。",
        style=H3,
    )
    p("安全社区创建实施依据", style=H2)
    p("安全社区建设实施以{{ basis|cite_list }}为依据。")
    p("工作目标", style=H1)
    p(
        "按照“一年打基础、二年上台阶、三年见成效、四年迈大步”的思路，{{ year }}年{{ self_ref }}"
        "启动创建市级安全社区，建立跨部门合作的安全促进工作机制，各村（社区）安全基本情况档案"
        "建档率达到100%，排查出的事故隐患按期整改到位。"
    )
    p("重点工作及实施步骤", style=H1)
    p(
        "{{ year }}年{{ self_ref }}安全社区创建工作分{{ phases|length|cn }}个阶段实施，即："
        "{% for ph in phases %}{{ ph.name }}{% if not loop.last %}、{% endif %}{% endfor %}。"
    )
    p("{%p for ph in phases %}")
    p("{{ ph.name }}（{{ ph.period }}）", style=H2)
    p("{{ ph.tasks }}")
    p("{%p endfor %}")
    p("组织领导", style=H1)
    leading_group(p, "负责创建工作的日常组织、协调和督促检查。")
    p("工作要求", style=H1)
    p(
        "各村（社区）、各部门要高度重视安全社区创建工作，明确责任人，按照本计划确定的时间节点"
        "抓好落实；要加强宣传发动，引导群众广泛参与；要做好创建资料的收集整理，确保档案完整、"
        "数据真实。"
    )
    p("", style=BODY)
    p("{{ issuer }}", style=SIGNATURE)
    p("{{ date }}", style=DATE)
    return doc


WORK_PLAN = DocumentKind(
    name="工作计划",
    template=TEMPLATE,
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段"),
    title=lambda c: f"{c.info.unit}创建安全社区工作计划",
    description="创建安全社区工作计划：指导思想、概念和依据、工作目标、实施步骤、组织领导",
    fields=CAMPAIGN_FIELDS,  # every value of gongwen.kinds.context
)
