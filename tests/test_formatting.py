"""The GB/T 9704 format engine: page, styles, page numbers, heading numbers, signature."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongwen.formatting import (
    BODY,
    DATE,
    HEADINGS,
    SIGNATURE,
    TITLE,
    finish_document,
    new_document,
    text_width,
)


def style_fonts(document, name):
    style = document.styles[name]
    rpr = style.element.rPr
    fonts = rpr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")), Pt(int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2)


def test_page_is_a4_with_the_standards_margins():
    section = new_document().sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert round(section.page_width.mm - 28 - 26) == 156  # the type area's width
    assert round(section.page_height.mm - 37 - 35) == 225  # and height


def test_body_is_three_hao_fangsong_22_lines_28_characters():
    document = new_document()
    assert style_fonts(document, BODY) == ("仿宋_GB2312", Pt(16))
    ppr = document.styles[BODY].element.pPr
    spacing = ppr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) == 579  # 28.95 pt: 22 lines in 225 mm
    assert 225 / Pt(579 / 20).mm >= 22 > 225 / Pt(29).mm
    condensed = document.styles[BODY].element.rPr.find(qn("w:spacing")).get(qn("w:val"))
    assert condensed == "-5"  # 16 pt - 0.25 pt = 15.75 pt a character: 28 in 156 mm
    assert int(Mm(156).pt // 15.75) == 28
    indent = ppr.find(qn("w:ind"))
    assert int(indent.get(qn("w:firstLine"))) == round(2 * 15.75 * 20)
    assert ppr.find(qn("w:widowControl")).get(qn("w:val")) == "0"


def test_title_and_heading_levels_have_their_faces():
    document = new_document()
    assert style_fonts(document, TITLE) == ("方正小标宋简体", Pt(22))
    assert [style_fonts(document, HEADINGS[level])[0] for level in (1, 2, 3, 4)] == [
        "黑体",
        "楷体_GB2312",
        "仿宋_GB2312",
        "仿宋_GB2312",
    ]


def test_every_style_names_its_east_asian_font_and_no_theme_font_is_left():
    document = new_document()
    xml = document.styles.element.xml
    assert "Theme" not in xml
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    for style in document.styles.element.findall(qn("w:style")):
        fonts = style.find(".//" + qn("w:rFonts"))
        if fonts is not None:
            assert fonts.get(qn("w:eastAsia")), style.get(qn("w:styleId"))


def test_page_numbers_are_dashed_odd_right_even_left_in_four_hao_songti():
    document = new_document()
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align, side in (
        (section.footer, "right", "w:right"),
        (section.even_page_footer, "left", "w:left"),
    ):
        p = footer.paragraphs[0]
        assert p.text == "— 1 —"  # the PAGE field's cached result between the dashes
        assert " PAGE " in p._p.xml
        ppr = p._p.pPr
        assert ppr.find(qn("w:jc")).get(qn("w:val")) == align
        assert int(ppr.find(qn("w:ind")).get(qn(side))) == Pt(14).twips  # one character in
        for run in p.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == "宋体"
            assert run.font.size == Pt(14)


def test_headings_are_numbered_from_their_level_and_position():
    document = new_document()
    for level, text in [
        (1, "指导思想"),
        (1, "工作步骤"),
        (2, "启动阶段"),
        (3, "成立机构"),
        (4, "明确分工"),
        (4, "落实责任"),
        (3, "摸底调查"),
        (2, "实施阶段"),
        (3, "开展培训"),
        (1, "工作要求"),
        (2, "加强领导"),
    ]:
        document.add_paragraph(text, style=HEADINGS[level])
    finish_document(document)
    assert [p.text for p in document.paragraphs] == [
        "一、指导思想",
        "二、工作步骤",
        "（一）启动阶段",
        "1.成立机构",
        "（1）明确分工",
        "（2）落实责任",
        "2.摸底调查",
        "（二）实施阶段",
        "1.开展培训",
        "三、工作要求",
        "（一）加强领导",
    ]


def test_the_number_takes_the_headings_run_formatting():
    document = new_document()
    run = document.add_paragraph(style=HEADINGS[1]).add_run("指导思想")
    run.bold = True
    finish_document(document)
    number = document.paragraphs[0].runs[0]
    assert number.text == "一、" and number.bold


def indents_in_characters(document) -> tuple[float, float]:
    name, date = document.paragraphs
    pitch = 15.75
    return (
        name.paragraph_format.left_indent.pt / pitch,
        date.paragraph_format.left_indent.pt / pitch,
    )


def test_signature_stands_two_characters_from_the_right_and_the_date_two_right_of_it():
    document = new_document()
    document.add_paragraph("静观镇人民政府办公室", style=SIGNATURE)  # 10 characters
    document.add_paragraph("2024年3月15日", style=DATE)  # 6.5 characters wide
    finish_document(document)
    name_start, date_start = indents_in_characters(document)
    assert abs(name_start + 10 - 26) < 0.01  # ends two characters from the right (28 - 2)
    assert abs(date_start - name_start - 2) < 0.01


def test_a_date_that_would_pass_the_right_space_stands_two_from_the_right_and_the_name_moves_left():
    document = new_document()
    document.add_paragraph("静观镇人民政府", style=SIGNATURE)  # 7 characters
    document.add_paragraph("2024年12月31日", style=DATE)  # 7 characters wide
    finish_document(document)
    name_start, date_start = indents_in_characters(document)
    assert abs(date_start + text_width("2024年12月31日") - 26) < 0.01
    assert abs(date_start - name_start - 2) < 0.01


def test_paragraph_and_run_properties_stand_in_schema_order():
    from gongwen.formatting.properties import SCHEMA_ORDER

    document = new_document()
    finish_document(document)
    elements = document.styles.element.iter(qn("w:pPr"), qn("w:rPr"))
    for props in elements:
        order = SCHEMA_ORDER[props.tag]
        names = [child.tag.split("}")[1] for child in props]
        known = [n for n in names if n in order]
        assert known == sorted(known, key=order.index), names


def test_a_new_document_carries_no_properties_of_the_library_that_made_it():
    properties = new_document().core_properties
    assert (properties.author, properties.comments, properties.title) == ("", "", "")
    assert "python-docx" not in new_document().core_properties.last_modified_by
