"""GW301–GW312: a document built to GB/T 9704 passes; each broken setting is caught."""

from __future__ import annotations

import pytest
from check_docs import (
    add_body,
    add_title,
    gongwen_document,
    set_char_spacing,
    set_east_asia,
    to_bytes,
)
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from gongwen.check import check_docx
from gongwen.formatting import gbt9704


def sample():
    doc = gongwen_document()
    add_title(doc, "关于开展安全社区创建工作的通知")
    add_body(doc, "各村（社区）：")
    add_body(doc, "一、总体要求")
    add_body(doc, "（一）工作目标")
    add_body(doc, "1.按照计划推进安全社区创建工作。")
    add_body(doc, "")
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).paragraphs[0].add_run("表格文字用四号").font.size = Pt(14)
    return doc


def found(doc):
    return [(f.rule, f.cell, f.paragraph, f.offset) for f in check_docx(to_bytes(doc))]


def test_conforming_document_passes():
    assert check_docx(to_bytes(sample())) == []


def test_gw301_page_size():
    doc = sample()
    doc.sections[0].page_width = Mm(216)
    f = check_docx(to_bytes(doc))
    assert [(x.rule, x.severity, x.cell) for x in f] == [("GW301", "error", "第1节")]


def test_gw302_margins_outside_tolerance_only():
    doc = sample()
    doc.sections[0].top_margin = Mm(37.8)  # within ±1 mm
    assert check_docx(to_bytes(doc)) == []
    doc.sections[0].left_margin = Mm(31.8)
    f = check_docx(to_bytes(doc))
    assert [(x.rule, x.severity, x.suggestion) for x in f] == [("GW302", "error", "28毫米")]
    assert "左边距" in f[0].message


def test_gw303_body_font():
    doc = sample()
    run = doc.paragraphs[1].runs[0]
    set_east_asia(run._r.get_or_add_rPr(), "宋体")
    assert found(doc) == [("GW303", None, 2, 0)]
    doc = sample()  # levels 3 and 4 take the body face
    set_east_asia(doc.paragraphs[4].runs[0]._r.get_or_add_rPr(), "宋体")
    assert found(doc) == [("GW303", None, 5, 0)]


def test_gw303_from_style_reported_once():
    doc = sample()
    set_east_asia(doc.styles["Normal"].element.get_or_add_rPr(), "宋体")
    f = [x for x in check_docx(to_bytes(doc)) if x.rule == "GW303"]
    assert len(f) == 1 and "样式“Normal”" in f[0].message and "共2段" in f[0].message


def test_gw304_body_size():
    doc = sample()
    doc.paragraphs[1].runs[0].font.size = Pt(14)
    assert found(doc) == [("GW304", None, 2, 0)]


def test_gw305_title():
    doc = sample()
    set_east_asia(doc.paragraphs[0].runs[0]._r.get_or_add_rPr(), "黑体")
    assert found(doc) == [("GW305", None, 1, 0)]
    doc = sample()
    doc.paragraphs[0].runs[0].font.size = Pt(18)
    assert found(doc) == [("GW305", None, 1, 0)]


def test_gw306_line_spacing():
    doc = sample()
    doc.paragraphs[1].paragraph_format.line_spacing = Twips(600)
    assert found(doc) == [("GW306", None, 2, 0)]
    doc = sample()
    doc.paragraphs[1].paragraph_format.line_spacing = Twips(560)  # still 22 lines
    assert found(doc) == []
    doc = sample()
    doc.paragraphs[1].paragraph_format.line_spacing = 1.5
    assert found(doc) == [("GW306", None, 2, 0)]


def test_gw307_characters_per_line():
    doc = sample()
    set_char_spacing(doc.paragraphs[1].runs[0]._r.get_or_add_rPr(), 0)
    f = check_docx(to_bytes(doc))
    assert [(x.rule, x.paragraph) for x in f] == [("GW307", 2)]
    assert "27字" in f[0].message
    set_char_spacing(doc.paragraphs[1].runs[0]._r.get_or_add_rPr(), -10)  # also 28
    assert found(doc) == []


def test_gw308_heading_fonts():
    doc = sample()
    set_east_asia(doc.paragraphs[2].runs[0]._r.get_or_add_rPr(), gbt9704.BODY_FONT)
    assert found(doc) == [("GW308", None, 3, 0)]
    doc = sample()
    set_east_asia(doc.paragraphs[3].runs[0]._r.get_or_add_rPr(), gbt9704.FONT_HEITI)
    assert found(doc) == [("GW308", None, 4, 0)]


def test_gw309_page_number_missing_or_malformed():
    doc = sample()
    footer = doc.sections[0].footer
    for p in footer.paragraphs:
        p._p.getparent().remove(p._p)
    footer.add_paragraph("第1页")
    f = check_docx(to_bytes(doc))
    assert [x.rule for x in f] == ["GW309"]
    doc = sample()
    doc.sections[0].even_page_footer.paragraphs[0].runs[0].text = "- "
    f = check_docx(to_bytes(doc))
    assert [x.rule for x in f] == ["GW309"]
    assert "— 1 —" in f[0].message


def test_gw309_page_number_in_four_hao_songti():
    assert found(sample()) == []
    doc = sample()
    doc.sections[0].footer.paragraphs[0].runs[0].font.size = gbt9704.BODY_SIZE
    [f] = check_docx(to_bytes(doc))
    assert (f.rule, f.part) == ("GW309", "word/footer1.xml")
    assert f.message == "单页页码字号为16磅，应为4号（14磅）"
    doc = sample()
    set_east_asia(
        doc.sections[0].even_page_footer.paragraphs[0].runs[0]._r.get_or_add_rPr(), "黑体"
    )
    [f] = check_docx(to_bytes(doc))
    assert f.rule == "GW309" and f.message == "双页页码字体为“黑体”，应为宋体"


def test_gw310_page_number_position_and_even_odd():
    doc = sample()
    doc.sections[0].footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    assert [x.rule for x in check_docx(to_bytes(doc))] == ["GW310"]
    doc = sample()
    doc.settings.odd_and_even_pages_header_footer = False
    f = check_docx(to_bytes(doc))
    assert [(x.rule, x.part) for x in f] == [("GW310", "word/settings.xml")]


def test_gw311_missing_east_asian_font():
    doc = sample()
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    del fonts.attrib[qn("w:eastAsia")]
    doc.styles.element.xpath("//w:docDefaults//w:rFonts")[0].attrib.pop(qn("w:eastAsiaTheme"))
    f = [x for x in check_docx(to_bytes(doc)) if x.rule in ("GW311", "GW312")]
    assert [x.rule for x in f] == ["GW311"]
    assert "共" in f[0].message  # reported once for the style, not per paragraph


def test_gw312_theme_font():
    doc = sample()
    run = doc.paragraphs[1].runs[0]
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")
    run._r.get_or_add_rPr().insert(0, fonts)
    assert found(doc) == [("GW312", None, 2, 0)]


def test_red_issuer_mark_and_closing_lines_are_not_body():
    doc = sample()
    mark = doc.add_paragraph()
    r = mark.add_run("静观镇人民政府文件")
    r.font.size = Pt(26)
    r.font.color.rgb = __import__("docx").shared.RGBColor(0xFF, 0, 0)
    set_east_asia(r._r.get_or_add_rPr(), gbt9704.TITLE_FONT)
    closing = doc.add_paragraph()
    r = closing.add_run("抄送：区安委办。")
    r.font.size = gbt9704.COPY_TO_SIZE
    assert check_docx(to_bytes(doc)) == []


def test_every_shipped_template_passes():
    from pathlib import Path

    from gongwen.check import check_paths

    templates = Path(__file__).resolve().parents[2] / "templates"
    assert list(templates.glob("*.docx"))
    assert check_paths([templates]) == []


def _char_grid(doc, char_space: int, kind: str = "linesAndChars") -> None:
    sect = doc.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), kind)
    grid.set(qn("w:linePitch"), str(gbt9704.LINE_PITCH.twips))
    grid.set(qn("w:charSpace"), str(char_space))


@pytest.mark.parametrize("kind", ["linesAndChars", "snapToChars"])
def test_gw307_reads_the_character_grid(kind):
    # 三号 16 pt − 849/4096 pt = 15.79 pt a character: 28 a line in the 156 mm type area
    doc = sample()
    for p in doc.paragraphs:
        for r in p.runs:
            set_char_spacing(r._r.get_or_add_rPr(), 0)  # the run spacing alone gives 27
    _char_grid(doc, -849, kind)
    assert found(doc) == []
    _char_grid(doc, 4096, kind)  # 17 pt a character: 26 a line, reported once for the grid
    f = [x for x in check_docx(to_bytes(doc)) if x.rule == "GW307"]
    assert len(f) == 1
    assert f[0].message.startswith("文档网格使每行排26字，应为每行28字")


def test_gw307_grid_off_for_a_paragraph_falls_back_to_run_spacing():
    doc = sample()
    _char_grid(doc, -849)
    p = doc.paragraphs[1]
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    p._p.get_or_add_pPr().append(snap)
    set_char_spacing(p.runs[0]._r.get_or_add_rPr(), 0)
    assert [(x.rule, x.paragraph) for x in check_docx(to_bytes(doc))] == [("GW307", 2)]
