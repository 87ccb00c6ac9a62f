"""Rule GW205: a heading number shown twice — typed twice (一、一、), typed after Word's own
automatic numbering, or typed in a template's heading style that gongwen numbers itself."""

from __future__ import annotations

from collections.abc import Sequence

from gongwen.check.citations import mask_template_tags
from gongwen.check.findings import Finding, finding
from gongwen.check.text import W_PPR, Paragraph, w
from gongwen.formatting.numbering import typed_number

# The heading styles whose paragraphs gongwen numbers when it renders a template.
NUMBERED_STYLES = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}
_STYLE, _NAME, _BASED_ON, _NUM_PR, _NUM_ID = (
    w("style"),
    w("name"),
    w("basedOn"),
    w("numPr"),
    w("numId"),
)
_VAL, _STYLE_ID = w("val"), w("styleId")


def _leading_number(text: str) -> tuple[int, str]:
    """(level, number as typed) of the heading number ``text`` starts with, or (0, "")."""
    for level in (2, 4, 1, 3):  # bracketed first: （一） is not read as 一、
        typed = typed_number(text, level)
        if typed:
            return level, typed
    return 0, ""


def _numbered(ppr) -> bool | None:
    """Whether paragraph properties switch automatic numbering on (True), off (numId 0:
    False), or say nothing (None)."""
    num = ppr.find(_NUM_PR) if ppr is not None else None
    if num is None:
        return None
    num_id = num.find(_NUM_ID)
    return num_id is None or num_id.get(_VAL) != "0"


class _Styles:
    """The styles of a document: names, and which carry automatic numbering."""

    def __init__(self, styles_root) -> None:
        self.names: dict[str, str] = {}
        self.numbered: dict[str, bool] = {}
        based: dict[str, str] = {}
        if styles_root is None:
            return
        for style in styles_root.iter(_STYLE):
            sid = style.get(_STYLE_ID)
            name = style.find(_NAME)
            if name is not None:
                self.names[sid] = name.get(_VAL)
            own = _numbered(style.find(W_PPR))
            if own is not None:
                self.numbered[sid] = own
            parent = style.find(_BASED_ON)
            if parent is not None:
                based[sid] = parent.get(_VAL)
        for sid in list(self.names):
            seen, at = set(), sid
            while at not in self.numbered and at in based and at not in seen:
                seen.add(at)
                at = based[at]
            self.numbered.setdefault(sid, self.numbered.get(at, False))

    def of(self, p) -> str:
        ppr = p.find(W_PPR)
        style = ppr.find(w("pStyle")) if ppr is not None else None
        return style.get(_VAL) if style is not None else ""


def check_doubled_numbers(
    paragraphs: Sequence[Paragraph], path: str, styles_root=None, template: bool = False
) -> list[Finding]:
    """GW205 over the body paragraphs of one document; ``styles_root`` is its styles part."""
    styles = _Styles(styles_root)
    out: list[Finding] = []
    for para in paragraphs:
        if para.kind not in ("body", "table") or para.element is None:
            continue
        text = mask_template_tags(para.text) if template else para.text
        level, first = _leading_number(text)
        if level:
            second = typed_number(text[len(first) :], level)
            if second:
                out.append(_doubled(para, path, first, second))
                continue
        sid = styles.of(para.element)
        ppr = para.element.find(W_PPR)
        direct = _numbered(ppr)
        auto = direct if direct is not None else styles.numbered.get(sid, False)
        if level and auto:
            message = (
                f"本段已由 Word 自动编号，文字又以序号“{first.strip()}”开头，显示时序号重复；"
                "请删去手写的序号或取消自动编号"
            )
            out.append(finding("GW205", path, para.where, 0, message, "删去手写的序号"))
            continue
        heading = NUMBERED_STYLES.get(styles.names.get(sid, ""))
        typed = typed_number(text, heading).strip() if template and heading else ""
        if typed:
            message = (
                f"“{styles.names[sid]}”样式的段落生成时自动编号，手写的“{typed}”会被去掉"
                f"（否则成为“{typed}{typed}”）；请删去手写的序号"
            )
            out.append(finding("GW205", path, para.where, 0, message, "删去手写的序号"))
    return out


def _doubled(para: Paragraph, path: str, first: str, second: str) -> Finding:
    shown = f"{first.strip()}{second.strip()}"
    message = f"序数重复：“{shown}”"
    if first.strip() == second.strip():
        return finding("GW205", path, para.where, 0, message, first.strip())
    return finding("GW205", path, para.where, 0, message + "，请保留正确的一个")
