"""A new document laid out to GB/T 9704: page, styles and page numbers."""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from gongwen.formatting import gbt9704 as std
from gongwen.formatting.properties import (
    get_or_add,
    set_auto_space,
    set_char_spacing,
    set_color,
    set_exact_line_spacing,
    set_hanging_punctuation,
    set_indent,
    set_jc,
    set_outline_level,
    set_run_fonts,
    set_run_size,
    set_widow_control,
)
from gongwen.formatting.style_names import (
    ADDRESSEE,
    ATTACHMENT_NOTE,
    BODY,
    DATE,
    FIGURE,
    HEADINGS,
    KEPT_STYLES,
    PLAIN,
    SIGNATURE,
    TABLE_HEADING,
    TABLE_TEXT,
    TITLE,
)


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
    # python-docx's footer names a style "Footer" that the document does not define
    for style in ppr.findall(qn("w:pStyle")):
        ppr.remove(style)
    set_jc(ppr, align)
    set_indent(ppr, left=inset if align == "left" else 0, right=inset if align == "right" else 0)
    get_or_add(ppr, "w:spacing").set(qn("w:line"), "240")
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


def paragraph_style(
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
    paragraph_style(document, BODY)
    paragraph_style(
        document,
        TITLE,
        font=std.TITLE_FONT,
        size=std.TITLE_SIZE,
        align="center",
        first_line=0,
        condense=False,
    )
    paragraph_style(document, ADDRESSEE, align="left", first_line=0)
    paragraph_style(document, PLAIN, first_line=0)
    # No keep-with-next on headings: it would end a page early and break the 22-line grid.
    for level, name in HEADINGS.items():
        paragraph_style(
            document,
            name,
            font=std.HEADING_FONTS[level],
            outline=level - 1,
        )
    # 署名 and 成文日期: indents are set per document by place_signature(), from the text.
    paragraph_style(document, SIGNATURE, align="left", first_line=0)
    paragraph_style(document, DATE, align="left", first_line=0)
    paragraph_style(document, ATTACHMENT_NOTE, first_line=0, left=std.FIRST_LINE_INDENT)
    paragraph_style(
        document,
        TABLE_TEXT,
        size=std.TABLE_SIZE,
        align="left",
        first_line=0,
        condense=False,
        pitch=std.TABLE_LINE_PITCH,
    )
    paragraph_style(
        document,
        TABLE_HEADING,
        font=std.FONT_HEITI,
        size=std.TABLE_SIZE,
        align="center",
        first_line=0,
        condense=False,
        pitch=std.TABLE_LINE_PITCH,
    )


FIGURE_SPACE_BEFORE = Pt(6)


def figure_style(document) -> None:
    """图: a figure's paragraph, centred, unindented, single-spaced (an exact line height
    would cut the picture to one line), kept on the page of its caption. Added to the
    templates that place figures."""
    style = paragraph_style(document, FIGURE, align="center", first_line=0, condense=False)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.space_before = FIGURE_SPACE_BEFORE  # clear of a table above it
    style.paragraph_format.keep_with_next = True


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
    _blank_properties(document.core_properties)
    _clean_package(document)
    return document


_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_WORD = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no 兼容模式 banner


def _clean_package(document) -> None:
    """Leave out what python-docx's default template carries that a 公文 must not.

    Its blank thumbnail; its stylesWithEffects.xml (Word 2010's copy of styles.xml, which
    no longer matches ours); its numbering.xml, bullet lists in Symbol and Courier New that no
    paragraph uses (headings are numbered in their text); a zoom without a percentage; compatibility mode 14 (Word
    2010), which Word 2013 and later show as 兼容模式. ``word/fontTable.xml`` declares the
    faces the styles name (gongwen.formatting.font_sets).
    """
    from gongwen.formatting import font_sets

    package_rels = document.part.package.rels
    for rid in [k for k, rel in package_rels.items() if rel.reltype == _THUMBNAIL]:
        package_rels.pop(rid)
    unused = (_STYLES_WITH_EFFECTS, _NUMBERING)
    for rid in [k for k, rel in document.part.rels.items() if rel.reltype in unused]:
        document.part.drop_rel(rid)
    settings = document.settings.element
    zoom = settings.find(qn("w:zoom"))
    if zoom is not None:
        zoom.attrib.pop(qn("w:val"), None)
        zoom.set(qn("w:percent"), "100")
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
    for part in document.part.package.iter_parts():
        if part.partname == "/" + font_sets.FONT_TABLE:
            faces = font_sets.TEMPLATE_SET.faces
            part._blob = font_sets.font_table_xml(faces)


# The date the shipped templates' properties carry; a build or package dates its own files.
TEMPLATE_DATE = dt.datetime(2024, 1, 1)


def _blank_properties(properties) -> None:
    """No author, title or comment of python-docx's own template in a 公文's 属性."""
    properties.author = ""
    properties.comments = ""
    properties.title = ""
    properties.last_modified_by = ""
    properties.revision = 1
    properties.created = properties.modified = TEMPLATE_DATE


def add_paragraph(document_or_cell, text: str = "", style: str = BODY):
    """A paragraph in ``style``; text may carry docxtpl tags."""
    return document_or_cell.add_paragraph(text, style=style)
