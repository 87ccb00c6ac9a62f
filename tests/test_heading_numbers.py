"""A typed heading number is never doubled by the automatic one; GW205 finds doubled numbers."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from docx_content import paragraphs
from fields_tools import word_template
from gongwen.build import build_to, shipped_example
from gongwen.check import check_docx
from gongwen.formatting.numbering import typed_number

HEADINGS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def test_typed_numbers_of_each_level_are_recognised():
    assert typed_number("一、指导思想", 1) == "一、"
    assert typed_number("十二．总结", 1) == "十二．"
    assert typed_number("（一）目标", 2) == "（一）"
    assert typed_number("(三)、目标", 2) == "(三)、"
    assert typed_number("1、要求", 3) == "1、"
    assert typed_number("2. 要求", 3) == "2. "
    assert typed_number("（1）细则", 4) == "（1）"
    assert typed_number("1.5万元", 3) == ""
    assert typed_number("指导思想", 1) == ""
    assert typed_number("（一）目标", 1) == ""


def test_a_typed_number_in_a_heading_style_is_replaced_by_the_automatic_one(tmp_path):
    texts = [
        "{{ unit }}工作计划",
        "一、指导思想",
        "（一）总体目标",
        "1、具体要求",
        "（1）细则",
        "组织领导",
        "三、 工作要求",  # a wrong typed number: the position decides
        "（二）",  # nothing after the number: left as typed
    ]
    styles = {1: HEADINGS[1], 2: HEADINGS[2], 3: HEADINGS[3], 4: HEADINGS[4], 5: HEADINGS[1]}
    styles |= {6: HEADINGS[1], 7: HEADINGS[2]}
    own = word_template(tmp_path / "own" / "工作计划.docx", texts, styles)
    result = build_to(shipped_example(), tmp_path / "out", templates=own.parent, only=["工作计划"])
    [plan] = list(result)
    assert paragraphs(plan.path) == [
        "静观镇工作计划",
        "一、指导思想",
        "（一）总体目标",
        "1.具体要求",
        "（1）细则",
        "二、组织领导",
        "三、工作要求",
        "（一）（二）",
    ]
    template_path = str(own)
    warned = [(f.paragraph, f.rule, f.message) for f in result.warnings if f.path == template_path]
    assert warned == [
        (
            2,
            "GW205",
            "“一级标题”样式的段落生成时自动编号，手写的“一、”会被去掉（否则成为“一、一、”）；请删去手写的序号",
        ),
        (
            3,
            "GW205",
            "“二级标题”样式的段落生成时自动编号，手写的“（一）”会被去掉（否则成为“（一）（一）”）；请删去手写的序号",
        ),
        (
            4,
            "GW205",
            "“三级标题”样式的段落生成时自动编号，手写的“1、”会被去掉（否则成为“1、1、”）；请删去手写的序号",
        ),
        (
            5,
            "GW205",
            "“四级标题”样式的段落生成时自动编号，手写的“（1）”会被去掉（否则成为“（1）（1）”）；请删去手写的序号",
        ),
        (
            7,
            "GW205",
            "“一级标题”样式的段落生成时自动编号，手写的“三、”会被去掉（否则成为“三、三、”）；请删去手写的序号",
        ),
        (
            8,
            "GW205",
            "“二级标题”样式的段落生成时自动编号，手写的“（二）”会被去掉（否则成为“（二）（二）”）；请删去手写的序号",
        ),
    ]
    # the heading that held only a number keeps it, and the document's check sees it doubled
    in_document = [(f.paragraph, f.message) for f in result.warnings if f.path != template_path]
    assert [w for w in in_document if "序数重复" in w[1]] == [
        (8, "序数重复：“（一）（二）”，请保留正确的一个")
    ]


def _docx(texts: list[str], numbered: set[int] = frozenset()) -> bytes:
    document = Document()
    for i, text in enumerate(texts):
        p = document.add_paragraph(text)
        if i in numbered:  # Word's automatic numbering on this paragraph
            num = OxmlElement("w:numPr")
            for tag in ("w:ilvl", "w:numId"):
                el = OxmlElement(tag)
                el.set(qn("w:val"), "0" if tag == "w:ilvl" else "1")
                num.append(el)
            p._p.get_or_add_pPr().append(num)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def gw205(data: bytes, template: bool = False) -> list[tuple[int, str]]:
    findings = check_docx(data, template=template, format_rules=False)
    return [(f.paragraph, f.message) for f in findings if f.rule == "GW205"]


def test_gw205_flags_a_number_written_twice_in_any_document():
    data = _docx(
        ["一、一、指导思想", "（二）（二）目标", "二、一、组织领导", "一、正常的标题", "1.5万元"]
    )
    assert gw205(data) == [
        (1, "序数重复：“一、一、”"),
        (2, "序数重复：“（二）（二）”"),
        (3, "序数重复：“二、一、”，请保留正确的一个"),
    ]


def test_gw205_flags_a_typed_number_after_words_automatic_numbering():
    data = _docx(["一、总则", "总则", "二、职责"], numbered={0, 1})
    assert gw205(data) == [
        (
            1,
            "本段已由 Word 自动编号，文字又以序号“一、”开头，显示时序号重复；请删去手写的序号或取消自动编号",
        )
    ]


def test_gw205_in_a_template_flags_typed_numbers_in_heading_styles(tmp_path):
    path = word_template(
        tmp_path / "模板.docx", ["一、指导思想", "一、正文里的序号"], {0: HEADINGS[1]}
    )
    assert gw205(path.read_bytes(), template=True) == [
        (
            1,
            "“一级标题”样式的段落生成时自动编号，手写的“一、”会被去掉（否则成为“一、一、”）；请删去手写的序号",
        )
    ]
    assert gw205(path.read_bytes(), template=False) == []


def test_the_example_documents_have_no_doubled_numbers(tmp_path):
    result = build_to(shipped_example(), tmp_path / "out", only=["工作计划", "实施方案"])
    assert [f for f in result.warnings if f.rule == "GW205"] == []
    for built in result:
        assert gw205(built.path.read_bytes()) == []
