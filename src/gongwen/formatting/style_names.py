"""The styles a secretary sees in Word/WPS, by name, and which style a paragraph has."""

from __future__ import annotations

from docx.oxml.ns import qn

# Style names, as a secretary sees them in Word/WPS.
BODY = "Normal"  # shown as 正文 in Chinese Word
TITLE = "公文标题"
ADDRESSEE = "主送机关"
HEADINGS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
SIGNATURE = "署名"
DATE = "成文日期"
ATTACHMENT_NOTE = "附件说明"
PLAIN = "无缩进正文"  # body text without the first-line indent (lists, table captions)
TABLE_TEXT = "表格文字"
TABLE_HEADING = "表格标题"
FIGURE = "图"  # the paragraph holding a figure: centred, single spacing so the picture shows whole

# The 版头, 名单 and 版记 of a 公文 (gongwen.formatting.official)
ISSUER_MARK = "发文机关标志"
DOC_NUMBER = "发文字号"
ROSTER = "名单"  # "组　长：田河堰　镇党委副书记、镇长", the 职务 aligned and wrapped under itself
CLOSING = "版记"
CLOSING_BOX = "版记"  # name of the text box, anchored to the foot of the type area, holding it

KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid"}


def style_table(styles) -> dict[str, str]:
    """style id -> style name, for the styles a ``w:styles`` element defines."""
    out = {}
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            out[style.get(qn("w:styleId"))] = name.get(qn("w:val"))
    return out


def style_names(document) -> dict[str, str]:
    """style id -> style name, for the styles a document defines."""
    return style_table(document.styles.element)


def paragraph_style_name(p, names: dict[str, str]) -> str:
    ppr = p.find(qn("w:pPr"))
    if ppr is None or ppr.find(qn("w:pStyle")) is None:
        return BODY
    return names.get(ppr.find(qn("w:pStyle")).get(qn("w:val")), "")


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))
