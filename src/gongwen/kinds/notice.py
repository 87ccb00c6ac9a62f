"""领导小组通知: the notice founding the leading group: declaration, needed items, template.

The 发文字号 needs a 发文顺序号, the notice is addressed to the 主送机关, and it names who
directs the group's office. These 基本信息 items are optional in the workbook (other documents
do without them): a build without them skips the notice and says which are missing, and
``--only 领导小组通知`` without them is an error naming the sheet and the items.
Its template: the leading-group notice (领导小组通知), templates/领导小组通知.docx.

A complete 公文: 版头 (red 发文机关标志, 发文字号, red line), title, 主送机关, body, 署名,
成文日期 and the 版记 at the foot of the last page.
"""

from __future__ import annotations

from gongwen.formatting import (
    ADDRESSEE,
    BODY,
    DATE,
    HEADINGS,
    ROSTER,
    SIGNATURE,
    TITLE,
    add_closing_block,
    add_header_block,
    new_document,
)
from gongwen.formatting import gbt9704 as std
from gongwen.kinds.fields import CAMPAIGN_FIELDS
from gongwen.kinds.registry import DocumentKind

TEMPLATE = "领导小组通知.docx"
H1, H2 = HEADINGS[1], HEADINGS[2]
BLANK = "\u3000\u3000\u3000\u3000"  # under a label of four characters (组　长：)


def _group(doc, label: str, members: str) -> None:
    """One 名单 line per member; the label on the first, blank of its width on the others."""
    p = doc.add_paragraph
    p(f"{{%p for m in {members} %}}")
    p(
        f"{{% if loop.first %}}{label}{{% else %}}{BLANK}{{% endif %}}"
        "{{ m.name|pad_name(name_width) }}\u3000{{ m.position }}",
        style=ROSTER,
    )
    p("{%p endfor %}")


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/领导小组通知.docx)."""
    doc = new_document()
    add_header_block(doc, "{{ issuer }}文件", "{{ doc_number }}")
    p = doc.add_paragraph
    p("{{ issuer }}关于成立\n创建安全社区工作领导小组的通知", style=TITLE)
    for _ in range(std.BLANK_LINES_BELOW_TITLE):
        p("", style=BODY)
    p("{{ addressee }}：", style=ADDRESSEE)
    p(
        "为深入贯彻落实{{ parent_unit }}关于安全社区创建的工作部署，切实加强对{{ self_ref }}"
        "创建安全社区工作的组织领导，确保创建工作有序推进、取得实效，经研究，决定成立"
        "{{ unit }}创建安全社区工作领导小组。现将有关事项通知如下："
    )
    p("领导小组组成人员", style=H1)
    _group(doc, "组\u3000长：", "leaders")
    p("{%p if deputies %}")
    _group(doc, "副组长：", "deputies")
    p("{%p endif %}")
    p("{%p if members %}")
    _group(doc, "成\u3000员：", "members")
    p("{%p endif %}")
    p("领导小组办公室", style=H1)
    p(
        "领导小组下设办公室，办公室设在{{ office_at }}，由{{ office_director }}同志兼任办公室"
        "主任，负责领导小组的日常工作。"
    )
    p("工作职责", style=H1)
    p("领导小组职责", style=H2)
    p(
        "负责{{ unit }}创建安全社区工作的组织领导和统筹协调，研究制定创建工作计划和实施方案，"
        "协调解决创建工作中的重大问题，督促检查各村（社区）、各部门创建任务的落实情况。"
    )
    p("领导小组办公室职责", style=H2)
    p(
        "负责创建工作的组织实施、综合协调和督促检查；组织开展事故与伤害风险辨识、安全促进项目"
        "和宣传教育培训；收集整理创建档案资料，建立各村（社区）安全基本情况档案，及时向领导小组"
        "报告创建工作进展情况。"
    )
    p("成员单位职责", style=H2)
    p(
        "领导小组成员所在单位按照各自职责，做好本行业、本领域的安全促进工作，落实创建任务，"
        "按时报送创建工作资料，共同推进安全社区创建。"
    )
    p("工作要求", style=H1)
    p(
        "{{ addressee }}要高度重视，明确专人负责，积极配合领导小组及其办公室开展工作。"
        "领导小组成员因工作变动需要调整的，由接任者自然递补，不再另行发文。"
    )
    p("", style=BODY)
    p("{{ issuer }}", style=SIGNATURE)
    p("{{ date }}", style=DATE)
    add_closing_block(
        doc,
        copy_to="{{ copy_to }}",
        printer="{{ printer }}",
        date="{{ print_date }}",
        copy_to_if="copy_to",
    )
    return doc


NOTICE = DocumentKind(
    name="领导小组通知",
    template=TEMPLATE,
    sheets=("基本信息", "领导小组"),
    title=lambda c: f"{c.info.issuer}关于成立创建安全社区工作领导小组的通知",
    description="成立创建安全社区工作领导小组的通知（含版头、版记）：组长、副组长、成员及职务，"
    "领导小组办公室，工作职责",
    # the 基本信息 items the notice needs beyond those every document needs
    items=("发文顺序号", "主送机关", "办公室主任"),
    fields=CAMPAIGN_FIELDS,  # every value of gongwen.kinds.context
    closing_block=True,
)
