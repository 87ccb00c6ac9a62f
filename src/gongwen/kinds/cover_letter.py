"""报送函: the covering letter of a submission package: its template.

Its values are made by ``gongwen.packaging.materials``.
Its template: the covering letter (报送函) of a submission package, templates/报送函.docx.

A 函 to the district safety committee's office listing the package's materials as 附件说明:
``attachments`` is a list of ``{number, name}``; with one attachment it reads "附件：名称", with
several "附件：1.名称" and then "2.名称" on the following lines. The format engine aligns wrapped
lines of each name with its first character.
"""

from __future__ import annotations

from gongwen.formatting import (
    ADDRESSEE,
    ATTACHMENT_NOTE,
    BODY,
    DATE,
    SIGNATURE,
    TITLE,
    new_document,
)

TEMPLATE = "报送函.docx"


def draw_template():
    """The template as a python-docx Document with docxtpl tags (templates/报送函.docx)."""
    doc = new_document()
    p = doc.add_paragraph
    p("关于报送{{ unit }}创建安全社区材料的函", style=TITLE)
    p("", style=BODY)
    p("{{ recipient }}：", style=ADDRESSEE)
    p(
        "按照{{ parent_unit }}安全社区创建工作部署，{{ self_ref }}于{{ year }}年启动创建安全社区"
        "工作，成立了创建安全社区工作领导小组，领导小组办公室设在{{ office_at }}，按计划开展了"
        "各阶段创建工作。"
    )
    p(
        "现将{{ self_ref }}创建安全社区有关材料共{{ attachments|length }}项报送你办，"
        "各项材料的文件名、页数和格式见材料清单，请予审核。"
    )
    p("联系人：{{ contact }}，联系电话：{{ phone }}。")
    p("", style=BODY)
    p("{%p for a in attachments %}")
    p(
        "{% if loop.first %}附件：{% endif %}"
        "{% if attachments|length > 1 %}{{ a.number }}.{% endif %}{{ a.name }}",
        style=ATTACHMENT_NOTE,
    )
    p("{%p endfor %}")
    p("", style=BODY)
    p("{{ issuer }}", style=SIGNATURE)
    p("{{ date }}", style=DATE)
    return doc
