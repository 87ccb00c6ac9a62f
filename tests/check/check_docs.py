"""Documents for the checker tests, built in code: a GB/T 9704 conforming base and helpers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from gongwen.check.findings import Location
from gongwen.check.text import Paragraph
from gongwen.formatting import gbt9704

SEED = Path("/work/shared/seed/000_ae7d51e84b5c4c64.txt")
HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def para(text: str, kind: str = "body", n: int = 1) -> Paragraph:
    """A located paragraph of plain text, as the extractor would give it."""
    return Paragraph(where=Location("word/document.xml", n), text=text, kind=kind)


def set_east_asia(rpr, name: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), gbt9704.LATIN_FONT)
    fonts.set(qn("w:hAnsi"), gbt9704.LATIN_FONT)


def set_char_spacing(rpr, twentieths: int) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(twentieths))


def _page_field(paragraph) -> None:
    dash = gbt9704.PAGE_NUMBER_DASH
    paragraph.add_run(f"{dash} ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
    paragraph.add_run("1")
    end = paragraph.add_run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._r.append(fld)
    paragraph.add_run(f" {dash}")


def gongwen_document() -> docx.document.Document:
    """An empty document with GB/T 9704 page, styles, line and character pitch, page numbers."""
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = gbt9704.PAGE_WIDTH, gbt9704.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = gbt9704.MARGIN_TOP, gbt9704.MARGIN_BOTTOM
    section.left_margin, section.right_margin = gbt9704.MARGIN_LEFT, gbt9704.MARGIN_RIGHT
    normal = doc.styles["Normal"]
    normal.font.size = gbt9704.BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    set_east_asia(rpr, gbt9704.BODY_FONT)
    set_char_spacing(rpr, round(gbt9704.CHAR_SPACING_CONDENSE.pt * 20))
    fmt = normal.paragraph_format
    fmt.line_spacing = gbt9704.LINE_PITCH
    fmt.space_after = Pt(0)
    footer_style = doc.styles["Footer"]
    set_east_asia(footer_style.element.get_or_add_rPr(), gbt9704.PAGE_NUMBER_FONT)
    footer_style.font.size = gbt9704.PAGE_NUMBER_SIZE  # 4号
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _page_field(even)
    return doc


def add_title(doc, text: str):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = gbt9704.TITLE_SIZE
    set_east_asia(run._r.get_or_add_rPr(), gbt9704.TITLE_FONT)
    return p


def add_body(doc, text: str):
    """A body paragraph; a 一、 or （一） heading gets its level's font."""
    p = doc.add_paragraph()
    run = p.add_run(text)
    if HEADING_1.match(text):
        set_east_asia(run._r.get_or_add_rPr(), gbt9704.HEADING_FONTS[1])
    elif HEADING_2.match(text):
        set_east_asia(run._r.get_or_add_rPr(), gbt9704.HEADING_FONTS[2])
    return p


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def seed_document():
    """The seed text as a correctly formatted document: the first line the title."""
    doc = gongwen_document()
    lines = seed_lines()
    add_title(doc, lines[0])
    for line in lines[1:]:
        add_body(doc, line)
    return doc


def to_bytes(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def save(doc, path: Path) -> Path:
    doc.save(path)
    return path
