"""The GB/T 9704 format engine: the one module that sets page, style and paragraph formatting.

``new_document()`` gives a python-docx Document laid out as the standard asks (A4, margins,
22 lines x 28 characters, odd/even page numbers, every style with its East Asian font), from
which the shipped templates are made. ``finish_document()`` runs after a template is rendered:
it numbers the headings from their level and position and places the 署名 and 成文日期.
"""

from __future__ import annotations

import copy
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
def _child(parent, tag: str):
    """The child ``tag`` of ``parent``, created (in schema order where python-docx knows it)."""
    found = parent.find(qn(tag))
    if found is None:
        getter = getattr(parent, "get_or_add_" + tag.split(":")[1], None)
        if getter is not None:
            return getter()
        found = OxmlElement(tag)
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


def finish_document(document) -> None:
    """Everything the format engine does after rendering."""
    number_headings(document)
    place_signature(document)


def repeat_header_row(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto (Word's 标题行重复)."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:tblHeader").set(qn("w:val"), "1")


def keep_row_whole(row) -> None:
    """Keep ``row`` on one page instead of splitting it across a page break."""
    tr_pr = row._tr.get_or_add_trPr()
    _child(tr_pr, "w:cantSplit").set(qn("w:val"), "1")
