"""Blocks of template text that more than one kind's template carries the same way."""

from __future__ import annotations

from gongwen.formatting import FIGURE, TABLE_HEADING


def people(label: str, group: str) -> str:
    """One 小组职务's line: ``组长：田河堰（镇党委副书记、镇长）、…`` (tags for ``group``)."""
    return (
        f"{label}：{{% for m in {group} %}}{{{{ m.name }}}}（{{{{ m.position }}}}）"
        "{% if not loop.last %}、{% endif %}{% endfor %}"
    )


def leading_group(p, office_duty: str) -> None:
    """The leading group: 组长, 副组长 and 成员 with their 职务, then where its office sits.

    ``p`` adds a body paragraph; ``office_duty`` says what the office does.
    """
    p("成立{{ unit }}创建安全社区工作领导小组，组成人员如下：")
    p(people("组长", "leaders"))
    for label, group in (("副组长", "deputies"), ("成员", "members")):
        p(f"{{%p if {group} %}}")
        p(people(label, group))
        p("{%p endif %}")
    p(
        "领导小组下设办公室，办公室设在{{ office_at }}{% if office_director %}，由{{ office_director }}"
        f"同志兼任办公室主任{{% endif %}}，{office_duty}"
    )


def figure(p, field: str, caption: str) -> None:
    """A figure field and its caption (``图1　…`` in the 表格标题 style), both left out when
    the build has no figure for the field (no CJK font, or nothing to draw).

    ``p(text, style)`` adds a paragraph; ``caption`` may carry tags (the figure's number).
    """
    p(f"{{%p if {field} %}}")
    p(f"{{{{ {field} }}}}", style=FIGURE)
    p(caption, style=TABLE_HEADING)
    p("{%p endif %}")
