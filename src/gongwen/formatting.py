"""The GB/T 9704 format engine: the one module that sets page, style and paragraph formatting.

``new_document()`` gives a python-docx Document laid out as the standard asks (A4, margins,
22 lines x 28 characters, odd/even page numbers, every style with its East Asian font), from
which the shipped templates are made. ``finish_document()`` runs after a template is rendered:
it numbers the headings from their level and position and places the 署名 and 成文日期.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from gongwen import gbt9704 as std
from gongwen.numbering import HeadingCounter

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

KEPT_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid"}


# --- low-level property setters --------------------------------------------------------------
# Child order of w:pPr and w:rPr in the WordprocessingML schema (ECMA-376 CT_PPrBase, CT_RPr):
# Word rejects a document whose properties stand out of this order.
_SCHEMA_ORDER = {
    qn("w:pPr"): [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    qn("w:rPr"): [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
}


def _child(parent, tag: str):
    """The child ``tag`` of ``parent``, created in its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    order = _SCHEMA_ORDER.get(parent.tag)
    name = tag.split(":")[1]
    if order is None or name not in order:
        parent.append(found)
        return found
    later = {qn(f"w:{n}") for n in order[order.index(name) + 1 :]}
    for child in parent:
        if child.tag in later:
            child.addprevious(found)
            return found
    parent.append(found)
    return found


def set_run_fonts(rpr, east_asia: str, latin: str = std.LATIN_FONT) -> None:
    """Name the fonts explicitly for every script, with no theme font left to override them."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_run_size(rpr, size: Length) -> None:
    half_points = str(round(size.pt * 2))
    _child(rpr, "w:sz").set(qn("w:val"), half_points)
    _child(rpr, "w:szCs").set(qn("w:val"), half_points)


def set_char_spacing(rpr, spacing: Length) -> None:
    """Condense or expand characters (w:spacing in twentieths of a point)."""
    _child(rpr, "w:spacing").set(qn("w:val"), str(round(spacing.pt * 20)))


def set_color(rpr, rgb: str) -> None:
    _child(rpr, "w:color").set(qn("w:val"), rgb)


def set_exact_line_spacing(ppr, pitch: Length = std.LINE_PITCH, before=0, after=0) -> None:
    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:line"), str(pitch.twips))
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), str(before))
    spacing.set(qn("w:after"), str(after))


def set_indent(ppr, *, left: Length = 0, right: Length = 0, first_line: Length = 0) -> None:
    ind = _child(ppr, "w:ind")
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    ind.set(qn("w:left"), str(Length(left).twips))
    ind.set(qn("w:right"), str(Length(right).twips))
    if first_line >= 0:
        ind.set(qn("w:firstLine"), str(Length(first_line).twips))
    else:
        ind.set(qn("w:hanging"), str(Length(-first_line).twips))


def set_widow_control(ppr, on: bool) -> None:
    _child(ppr, "w:widowControl").set(qn("w:val"), "1" if on else "0")


def set_outline_level(ppr, level: int) -> None:
    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def set_jc(ppr, value: str) -> None:
    _child(ppr, "w:jc").set(qn("w:val"), value)


def set_auto_space(ppr, on: bool) -> None:
    """Word's and LibreOffice's extra space between Chinese and Latin text or digits.

    Off in 公文: digits take their own half width, so a line holds its 28 characters and a
    date's width can be known from its text.
    """
    _child(ppr, "w:autoSpaceDE").set(qn("w:val"), "1" if on else "0")
    _child(ppr, "w:autoSpaceDN").set(qn("w:val"), "1" if on else "0")


def set_hanging_punctuation(ppr, on: bool) -> None:
    """Whether a comma or full stop at a line's end may hang past the type area.

    Off for 公文: LibreOffice hangs such punctuation 5.6 mm into the right margin. Its DOCX
    import reads w:overflowPunct inverted (val 0 turns hanging on), so "off" is written as
    val 1 — which is also Word's own default, so Word lays the text as it always does.
    """
    _child(ppr, "w:overflowPunct").set(qn("w:val"), "0" if on else "1")


# --- document-level setup --------------------------------------------------------------------
def apply_page_setup(section) -> None:
    """A4 with the standard's margins and a footer 7 mm below the type area."""
    section.page_width = std.PAGE_WIDTH
    section.page_height = std.PAGE_HEIGHT
    section.top_margin = std.MARGIN_TOP
    section.bottom_margin = std.MARGIN_BOTTOM
    section.left_margin = std.MARGIN_LEFT
    section.right_margin = std.MARGIN_RIGHT
    section.gutter = 0
    section.header_distance = std.HEADER_DISTANCE
    section.footer_distance = std.FOOTER_DISTANCE
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    # A line grid only: Word's character grid is not honoured by LibreOffice (it lays 14
    # characters a line), so the 28 characters come from the condensed run spacing instead.
    grid.set(qn("w:linePitch"), str(std.LINE_PITCH.twips))


def _page_number_paragraph(footer, align: str, inset: Length) -> None:
    p = footer.paragraphs[0]
    ppr = p._p.get_or_add_pPr()
    set_jc(ppr, align)
    set_indent(ppr, left=inset if align == "left" else 0, right=inset if align == "right" else 0)
    _child(ppr, "w:spacing").set(qn("w:line"), "240")
    ppr.find(qn("w:spacing")).set(qn("w:lineRule"), "auto")

    def run(text: str | None = None, field: str | None = None):
        r = p.add_run(text)
        rpr = r._r.get_or_add_rPr()
        set_run_fonts(rpr, std.PAGE_NUMBER_FONT, std.PAGE_NUMBER_FONT)
        set_run_size(rpr, std.PAGE_NUMBER_SIZE)
        set_char_spacing(rpr, Pt(0))
        if field:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), field)
            r._r.append(fld)
        return r

    run(f"{std.PAGE_NUMBER_DASH} ")
    run(field="begin")
    instr = run()
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = " PAGE "
    instr._r.append(t)
    run(field="separate")
    run("1")
    run(field="end")
    run(f" {std.PAGE_NUMBER_DASH}")


def add_page_numbers(document, section) -> None:
    """— N — in 4号宋体: odd pages one character in from the right, even from the left."""
    document.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer, "right", std.PAGE_NUMBER_INSET)
    _page_number_paragraph(section.even_page_footer, "left", std.PAGE_NUMBER_INSET)


def _slim_styles(document) -> None:
    """Drop the unused styles of python-docx's default template and every theme font."""
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_run_fonts(rpr, std.BODY_FONT)
    set_run_size(rpr, std.BODY_SIZE)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_exact_line_spacing(ppr)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(
    document,
    name: str,
    *,
    font: str = std.BODY_FONT,
    size: Length = std.BODY_SIZE,
    align: str = "both",
    left: Length = 0,
    right: Length = 0,
    first_line: Length = std.FIRST_LINE_INDENT,
    condense: bool = True,
    outline: int | None = None,
    color: str | None = None,
    pitch: Length = std.LINE_PITCH,
):
    styles = document.styles
    style = styles[name] if name == BODY else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != BODY:
        style.base_style = styles[BODY]
        style.next_paragraph_style = styles[BODY]
        style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    set_exact_line_spacing(ppr, pitch)
    set_indent(ppr, left=left, right=right, first_line=first_line)
    set_jc(ppr, align)
    set_widow_control(ppr, False)
    set_auto_space(ppr, False)
    set_hanging_punctuation(ppr, False)
    if outline is not None:
        set_outline_level(ppr, outline)
    rpr = style.element.get_or_add_rPr()
    set_run_fonts(rpr, font)
    set_run_size(rpr, size)
    set_char_spacing(rpr, std.CHAR_SPACING_CONDENSE if condense else Pt(0))
    if color:
        set_color(rpr, color)
    return style


def define_styles(document) -> None:
    """Body, title, 主送机关, the four heading levels, 署名, 成文日期, 附件说明 and table text."""
    _slim_styles(document)
    _paragraph_style(document, BODY)
    _paragraph_style(
        document,
        TITLE,
        font=std.TITLE_FONT,
        size=std.TITLE_SIZE,
        align="center",
        first_line=0,
        condense=False,
    )
    _paragraph_style(document, ADDRESSEE, align="left", first_line=0)
    _paragraph_style(document, PLAIN, first_line=0)
    # No keep-with-next on headings: it would end a page early and break the 22-line grid.
    for level, name in HEADINGS.items():
        _paragraph_style(
            document,
            name,
            font=std.HEADING_FONTS[level],
            outline=level - 1,
        )
    # 署名 and 成文日期: indents are set per document by place_signature(), from the text.
    _paragraph_style(document, SIGNATURE, align="left", first_line=0)
    _paragraph_style(document, DATE, align="left", first_line=0)
    _paragraph_style(document, ATTACHMENT_NOTE, first_line=0, left=std.FIRST_LINE_INDENT)
    _paragraph_style(
        document,
        TABLE_TEXT,
        size=std.TABLE_SIZE,
        align="left",
        first_line=0,
        condense=False,
        pitch=std.TABLE_LINE_PITCH,
    )
    _paragraph_style(
        document,
        TABLE_HEADING,
        font=std.FONT_HEITI,
        size=std.TABLE_SIZE,
        align="center",
        first_line=0,
        condense=False,
        pitch=std.TABLE_LINE_PITCH,
    )


def new_document():
    """An empty python-docx Document laid out to GB/T 9704."""
    document = Document()
    define_styles(document)
    section = document.sections[0]
    apply_page_setup(section)
    add_page_numbers(document, section)
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return document


def add_paragraph(document_or_cell, text: str = "", style: str = BODY):
    """A paragraph in ``style``; text may carry docxtpl tags."""
    return document_or_cell.add_paragraph(text, style=style)


# --- tables ----------------------------------------------------------------------------------
TABLE_STYLE = "Table Grid"  # single-line borders on every cell
TABLE_ROW_MIN_HEIGHT = Mm(9)  # practice: one 4号 line with room above and below


@dataclass(frozen=True)
class TableCell:
    """One cell of a form-like table row: its text (may carry docxtpl tags) and layout."""

    text: str
    span: int = 1  # columns it covers
    style: str = TABLE_TEXT
    align: str = "left"  # w:jc value: left, center, both


def add_table(document, widths: Sequence[Length]):
    """An empty bordered table of fixed column ``widths``, centred in the type area.

    The widths must add up to no more than the type area (156 mm), so the table never
    overflows the page; rows are added with ``add_table_row``.
    """
    from docx.enum.table import WD_TABLE_ALIGNMENT

    total = Length(sum(int(w) for w in widths))
    if total > std.TYPE_AREA_WIDTH:
        raise ValueError(f"table is {total.mm:.1f} mm wide; the type area is 156 mm")
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles[TABLE_STYLE]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(total.twips))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def add_table_row(table, cells: Sequence[TableCell]):
    """A row of ``cells`` (spans merged), text vertically centred, at least one line high."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE

    if sum(c.span for c in cells) != len(table.columns):
        raise ValueError("the cells' spans must cover every column of the table")
    row = table.add_row()
    row.height = TABLE_ROW_MIN_HEIGHT
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    index = 0
    for spec in cells:
        cell = row.cells[index]
        if spec.span > 1:
            cell = cell.merge(row.cells[index + spec.span - 1])
        index += spec.span
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.style = table.part.document.styles[spec.style]
        set_jc(paragraph._p.get_or_add_pPr(), spec.align)
        paragraph.add_run(spec.text)
    return row


# --- after rendering -------------------------------------------------------------------------
def _style_names(document) -> dict[str, str]:
    """style id -> style name, for the styles a document defines."""
    out = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            out[style.get(qn("w:styleId"))] = name.get(qn("w:val"))
    return out


def _paragraph_style_name(p, names: dict[str, str]) -> str:
    ppr = p.find(qn("w:pPr"))
    if ppr is None or ppr.find(qn("w:pStyle")) is None:
        return BODY
    return names.get(ppr.find(qn("w:pStyle")).get(qn("w:val")), "")


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def number_headings(document) -> None:
    """Prefix every heading paragraph of the body with its number (一、（一）1.（1）).

    Numbers come from the heading's level and position, so a template never types them.
    """
    names = _style_names(document)
    level_of = {name: level for level, name in HEADINGS.items()}
    counter = HeadingCounter()
    for p in document.element.body.iter(qn("w:p")):
        level = level_of.get(_paragraph_style_name(p, names))
        if level is None or not _text(p).strip():
            continue
        _prefix_text(p, counter.next(level))


def _prefix_text(p, prefix: str) -> None:
    first = p.find(qn("w:r"))
    run = OxmlElement("w:r")
    if first is not None and first.find(qn("w:rPr")) is not None:
        run.append(copy.deepcopy(first.find(qn("w:rPr"))))
    t = OxmlElement("w:t")
    t.text = prefix
    run.append(t)
    if first is not None:
        first.addprevious(run)
    else:
        p.append(run)


def text_width(text: str) -> float:
    """Width of ``text`` in body characters: CJK and full-width forms 1, other characters 1/2."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’" else 1.0 for ch in text)


def place_signature(document) -> None:
    """Place 署名 and 成文日期 as GB/T 9704 asks for documents without a seal.

    The name stands two characters from the right; the date on the next line begins two
    characters right of the name. When the date is the longer, it stands two characters
    from the right and the name moves left to keep the two-character step.
    """
    names = _style_names(document)
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for i, p in enumerate(paragraphs[:-1]):
        if _paragraph_style_name(p, names) != SIGNATURE:
            continue
        date_p = paragraphs[i + 1]
        if _paragraph_style_name(date_p, names) != DATE:
            continue
        name_w, date_w = text_width(_text(p)), text_width(_text(date_p))
        right_edge = std.CHARS_PER_LINE - 2
        name_start = right_edge - name_w if date_w + 2 <= name_w else right_edge - date_w - 2
        for para, start in ((p, name_start), (date_p, name_start + 2)):
            set_indent(para.get_or_add_pPr(), left=Pt(start * std.CHAR_PITCH.pt))


ATTACHMENT_LABEL = "附件："
# Advance widths of Latin characters in the body's Latin face (Times New Roman; Liberation
# Serif in PDFs has the same metrics), in ems: digits half an em, the full stop a quarter.
_LATIN_EM = {".": 0.25}
_ATTACHMENT_NUMBER = re.compile(r"^\d{1,3}\.")


def _latin_width(text: str) -> float:
    """Width in points of Latin ``text`` in body type, condensed as every body run is."""
    size, condense = std.BODY_SIZE.pt, std.CHAR_SPACING_CONDENSE.pt
    return sum(_LATIN_EM.get(ch, 0.5) * size + condense for ch in text)


def align_attachment_note(document) -> None:
    """Indent the 附件说明 so a name's wrapped lines align with its first character.

    "附件：" stands two characters in; with several attachments the numbers of the second and
    later ("2.") stand under the first's ("1."), and every wrapped line starts where the name
    after its number does (GB/T 9704: 回行时与上一行附件名称对齐).
    """
    names = _style_names(document)
    base = std.FIRST_LINE_INDENT.pt
    label = len(ATTACHMENT_LABEL) * std.CHAR_PITCH.pt
    for p in document.element.body.iter(qn("w:p")):
        if _paragraph_style_name(p, names) != ATTACHMENT_NOTE:
            continue
        text = _text(p)
        if not text.strip():
            continue
        first = text.startswith(ATTACHMENT_LABEL)
        number = _ATTACHMENT_NUMBER.match(text[len(ATTACHMENT_LABEL) :] if first else text)
        name_at = base + label + (_latin_width(number.group()) if number else 0.0)
        start = base if first else base + label
        set_indent(p.get_or_add_pPr(), left=Pt(name_at), first_line=Pt(start - name_at))


def finish_document(document) -> None:
    """Everything the format engine does after rendering."""
    number_headings(document)
    place_signature(document)
    align_attachment_note(document)
    fit_issuer_mark(document)
    fit_closing_block(document)


def finish_markers(style_ids: dict[str, str]) -> tuple[str, ...]:
    """Strings of which a rendered document part holds at least one when ``finish_document``
    may change it: the quoted style ids of the paragraphs it works on and the 版记 box's name.

    ``style_ids`` maps style names to ids. Keep in step with ``finish_document``: the batch
    renderer writes a part holding none of these as rendered, without the pass.
    """
    from xml.sax.saxutils import quoteattr

    styles = (*HEADINGS.values(), SIGNATURE, DATE, ATTACHMENT_NOTE, ISSUER_MARK)
    ids = [style_ids[name] for name in styles if name in style_ids]
    # attribute values as lxml writes them, quotes included, whatever the namespace prefix
    return tuple(quoteattr(v, {'"': "&quot;"}) for v in (*ids, CLOSING_BOX))


def repeat_header_row(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto (Word's 标题行重复)."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:tblHeader").set(qn("w:val"), "1")


def keep_row_whole(row) -> None:
    """Keep ``row`` on one page instead of splitting it across a page break."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit").set(qn("w:val"), "1")


# --- 版头 (header block) and 版记 (closing block) of a 公文 ----------------------------------------
ISSUER_MARK = "发文机关标志"
DOC_NUMBER = "发文字号"
ROSTER = "名单"  # "组　长：田河堰　镇党委副书记、镇长", the 职务 aligned and wrapped under itself
CLOSING = "版记"
CLOSING_BOX = "版记"  # name of the text box, anchored to the foot of the type area, holding it

# Where glyphs sit in a line of exact height: Word and LibreOffice put the baseline one
# descent above the line's bottom. The CJK faces (Noto/Source Han; 方正小标宋 near enough)
# descend 0.288 em. The 标志's line is 1.3 em high, so its glyphs are never clipped.
CJK_DESCENT = 0.288
ISSUER_MARK_LEADING = 1.3
# 名单 rows: two characters in, a label of four ("组　长："), a name of three, one space.
ROSTER_LABEL_START = 2
ROSTER_POSITION_START = ROSTER_LABEL_START + 4 + 3 + 1
# A line of the type area holds this many 版记 characters inside the one-character insets.
_CLOSING_CHARS = int((std.CLOSING_WIDTH.pt - 2 * std.CLOSING_INSET.pt) // std.COPY_TO_SIZE.pt)

_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
    "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
    "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_W = (
    "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def _ppr_child(ppr, tag: str):
    """The child ``tag`` of a paragraph's properties, created in schema order."""
    found = ppr.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        ppr.insert_element_before(found, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
    return found


def _eighths(width: Length) -> str:
    """A border width in eighths of a point, as w:sz wants it."""
    return str(round(Length(width).pt * 8))


def set_bottom_border(ppr, width: Length, color: str, space: Length) -> None:
    """A line under the paragraph, ``space`` below its last line."""
    bottom = _child(_ppr_child(ppr, "w:pBdr"), "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), _eighths(width))
    bottom.set(qn("w:space"), str(round(Length(space).pt)))
    bottom.set(qn("w:color"), color)


def set_char_scale(rpr, percent: int) -> None:
    """Narrow (or widen) the glyphs to ``percent`` of their width (Word's 字符缩放)."""
    scale = rpr.find(qn("w:w"))
    if scale is None:
        scale = OxmlElement("w:w")
        rpr.insert_element_before(scale, *_RPR_AFTER_W)
    scale.set(qn("w:val"), str(percent))


def define_official_styles(document) -> None:
    """The styles of a 公文's 版头, 名单 and 版记 (once per document)."""
    if ISSUER_MARK in _style_names(document).values():
        return
    size = std.ISSUER_MARK_SIZE
    pitch = Pt(size.pt * ISSUER_MARK_LEADING)
    mark = _paragraph_style(
        document,
        ISSUER_MARK,
        font=std.ISSUER_MARK_FONT,
        size=size,
        align="center",
        first_line=0,
        condense=False,
        color=std.ISSUER_MARK_COLOR,
        pitch=pitch,
    )
    # The em box's top lies (pitch - size - descent) below the line's top.
    glyph_top = pitch.pt - size.pt * (1 + CJK_DESCENT)
    before = Pt(std.ISSUER_MARK_TOP_OFFSET.pt - glyph_top)
    mark.element.pPr.find(qn("w:spacing")).set(qn("w:before"), str(before.twips))

    number = _paragraph_style(document, DOC_NUMBER, align="center", first_line=0)
    # The red line's middle lies 4 mm below the 发文字号's baseline: the line's descent, then
    # the border's distance, then half its width.
    space = Pt(
        std.SEPARATOR_BELOW_DOC_NUMBER.pt
        - std.BODY_SIZE.pt * CJK_DESCENT
        - std.SEPARATOR_WIDTH.pt / 2
    )
    set_bottom_border(number.element.pPr, std.SEPARATOR_WIDTH, std.SEPARATOR_COLOR, space)

    _paragraph_style(
        document,
        ROSTER,
        align="left",
        left=Pt(ROSTER_POSITION_START * std.CHAR_PITCH.pt),
        first_line=Pt(-(ROSTER_POSITION_START - ROSTER_LABEL_START) * std.CHAR_PITCH.pt),
    )
    _paragraph_style(
        document,
        CLOSING,
        font=std.CLOSING_FONT,
        size=std.COPY_TO_SIZE,
        align="left",
        left=std.CLOSING_INSET,
        right=std.CLOSING_INSET,
        first_line=0,
        condense=False,
    )


def add_header_block(document, mark: str, number: str) -> None:
    """The 版头: red 发文机关标志, 发文字号 two blank lines below, the red line 4 mm under it,
    and the two blank lines above the title. ``mark`` and ``number`` may carry docxtpl tags."""
    define_official_styles(document)
    document.add_paragraph(mark, style=ISSUER_MARK)
    for _ in range(std.BLANK_LINES_BELOW_ISSUER_MARK):
        document.add_paragraph("", style=PLAIN)
    document.add_paragraph(number, style=DOC_NUMBER)
    for _ in range(std.BLANK_LINES_BELOW_SEPARATOR):
        document.add_paragraph("", style=PLAIN)


def _closing_row(style_id: str, text: str, ppr: str = "", tab: str = "") -> str:
    from xml.sax.saxutils import escape

    runs = "".join(
        (f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' if part else "")
        + ("<w:r><w:tab/></w:r>" if i < len(text.split("\t")) - 1 else "")
        for i, part in enumerate(text.split("\t"))
    )
    width = std.CLOSING_WIDTH.twips
    return (
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>{tab}{ppr}</w:pPr>{runs}</w:p>'
        "</w:tc></w:tr>"
    )


def add_closing_block(
    document, *, copy_to: str, printer: str, date: str, copy_to_if: str = ""
) -> None:
    """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期 with 印发.

    A table between a thick line above and below, a thin line between its rows, as wide as
    the type area, in a text box anchored to the bottom of the type area of the page where
    the document ends. ``copy_to`` is the names after 抄送：; ``copy_to_if`` a Jinja condition
    that leaves the 抄送 row out when false. Texts may carry docxtpl tags.
    """
    from docx.oxml import parse_xml

    define_official_styles(document)
    sid = document.styles[CLOSING].style_id
    label = std.COPY_TO_LABEL
    inset = std.CLOSING_INSET
    hang = Pt(len(label) * std.COPY_TO_SIZE.pt)
    copy_ind = (
        f'<w:ind w:left="{Length(inset + hang).twips}" w:right="{inset.twips}" '
        f'w:hanging="{hang.twips}"/>'
    )
    tab = (
        f'<w:tabs><w:tab w:val="right" w:pos="{Length(std.CLOSING_WIDTH - inset).twips}"/></w:tabs>'
    )
    rows = _closing_row(sid, f"{label}{copy_to}。", copy_ind)
    if copy_to_if:
        rows = (
            _closing_row(sid, f"{{%tr if {copy_to_if} %}}")
            + rows
            + _closing_row(sid, "{%tr endif %}")
        )
    rows += _closing_row(sid, f"{printer}\t{date}印发", tab=tab)
    width = std.CLOSING_WIDTH.twips
    thick, thin = _eighths(std.CLOSING_THICK_LINE), _eighths(std.CLOSING_THIN_LINE)
    table = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders><w:top w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="{thin}" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
        f"{rows}</w:tbl>"
    )
    # A text box must end with a paragraph; this one is 1 pt high.
    tail = (
        f'<w:p><w:pPr><w:pStyle w:val="{sid}"/><w:spacing w:before="0" w:after="0" '
        'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )
    cx, cy = int(std.CLOSING_WIDTH), int(Pt(2 * std.LINE_PITCH.pt))
    box = (
        f'<w:p {_CLOSING_NS}><w:pPr><w:pStyle w:val="{sid}"/><w:spacing w:before="0" '
        'w:after="0" w:line="20" w:lineRule="exact"/></w:pPr><w:r><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="9704" name="{CLOSING_BOX}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx>"
        f"<w:txbxContent>{table}{tail}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )
    document.element.body.insert_element_before(parse_xml(box), "w:sectPr")


_CLOSING_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def closing_lines(text: str) -> int:
    """How many lines a 版记 row takes: 抄送 wraps under the first name after its colon."""
    width = text_width(text)
    if width <= _CLOSING_CHARS:
        return 1
    rest = _CLOSING_CHARS - (len(std.COPY_TO_LABEL) if text.startswith(std.COPY_TO_LABEL) else 0)
    return 1 + -int(-(width - _CLOSING_CHARS) // rest)


def fit_closing_block(document) -> None:
    """Make the 版记's text box as high as its rows (plus half a line), after rendering.

    The table sits at the bottom of the box, so the last line stays on the bottom edge of
    the type area; the box's height is what body text on the last page flows around.
    """
    for anchor in document.element.body.iter(f"{_WP}anchor"):
        doc_pr = anchor.find(f"{_WP}docPr")
        if doc_pr is None or doc_pr.get("name") != CLOSING_BOX:
            continue
        rows = [_text(tc) for tc in anchor.iter(qn("w:tc"))]
        lines = sum(closing_lines(t) for t in rows if t.strip())
        height = str(int(Pt(std.LINE_PITCH.pt * (lines + 0.5))))
        anchor.find(f"{_WP}extent").set("cy", height)
        for ext in anchor.iter(f"{_A}ext"):
            ext.set("cy", height)


def fit_issuer_mark(document) -> None:
    """Narrow the 标志's glyphs (字符缩放) when the name is wider than the type area."""
    names = _style_names(document)
    for p in document.element.body.iter(qn("w:p")):
        if _paragraph_style_name(p, names) != ISSUER_MARK:
            continue
        width = text_width(_text(p)) * std.ISSUER_MARK_SIZE.pt
        if width <= std.ISSUER_MARK_MAX_WIDTH.pt:
            continue
        percent = int(100 * std.ISSUER_MARK_MAX_WIDTH.pt / width)
        for r in p.iter(qn("w:r")):
            set_char_scale(r.get_or_add_rPr(), percent)
