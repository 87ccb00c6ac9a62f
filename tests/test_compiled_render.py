"""A template prepared once renders every document exactly as docxtpl renders it afresh.

The reference is docxtpl's own loop: load the template, ``render(autoescape=True)`` in our
sandboxed environment, the format engine's ``finish_document``, save. Every XML part must be
the same after canonicalisation (text, run and paragraph properties, tables); core
properties must hold the values, escaped once (docxtpl escapes them twice).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate
from lxml import etree

from gongwen.build import shipped_templates
from gongwen.errors import TemplateError
from gongwen.formatting import HEADINGS, finish_document, new_document
from gongwen.kinds import KINDS
from gongwen.kinds.context import campaign_context
from gongwen.render.environment import jinja_env
from gongwen.render.template import compiled_template, render_docx, tables_settled
from gongwen.workbook.reader import read_campaign


def docxtpl_render(path: Path, context: dict, finish=finish_document) -> bytes:
    tpl = DocxTemplate(str(path))
    tpl.render(context, jinja_env=jinja_env(), autoescape=True)
    if finish is not None:
        finish(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def xml_parts(data: bytes) -> dict[str, bytes]:
    """Every XML part but the core properties, canonicalised."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            name: etree.tostring(etree.fromstring(z.read(name)), method="c14n")
            for name in z.namelist()
            if name.endswith((".xml", ".rels")) and name != "docProps/core.xml"
        }


def assert_same_document(ours: bytes, reference: bytes) -> None:
    mine, theirs = xml_parts(ours), xml_parts(reference)
    assert sorted(mine) == sorted(theirs)
    for name in theirs:
        assert mine[name] == theirs[name], name
    assert zipfile.ZipFile(io.BytesIO(ours)).testzip() is None


@pytest.fixture(scope="module")
def campaign_documents(tmp_path_factory):
    from example_data import EXAMPLE

    from gongwen.workbook.writer import write_workbook

    path = tmp_path_factory.mktemp("wb") / "campaign.xlsx"
    write_workbook(path, EXAMPLE)
    campaign = read_campaign(path)
    context = campaign_context(campaign)
    return {k.name: (k, k.documents(campaign, context)[:3]) for k in KINDS}


@pytest.mark.parametrize("name", [k.name for k in KINDS])
def test_every_shipped_template_renders_as_docxtpl_does(name, campaign_documents):
    kind, documents = campaign_documents[name]
    path = shipped_templates() / kind.template
    assert documents
    for doc in documents:
        assert_same_document(
            render_docx(path, doc.context, finish=finish_document),
            docxtpl_render(path, doc.context),
        )


# --- templates made here, with tags everywhere docxtpl takes them --------------------------
def rich_template(path: Path) -> Path:
    document = new_document()
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "{{ unit }}（页眉）"
    footer = section.even_page_footer.paragraphs[0]
    footer.add_run("第二页脚：{{ unit }}")
    document.core_properties.title = "{{ unit }}档案"
    document.core_properties.subject = "固定主题"
    document.add_paragraph("{{ unit }}关于{{ subject }}的通知", style="公文标题")
    document.add_paragraph("{%p if show %}")
    document.add_paragraph("只在 show 时出现：{{ note }}")
    document.add_paragraph("{%p endif %}")
    for item in ("一", "二"):
        document.add_paragraph(f"{item}级内容", style=HEADINGS[1])
    document.add_paragraph("多行：{{ listing }}")
    rows = document.add_table(rows=4, cols=3)
    rows.style = document.styles["Table Grid"]
    rows.cell(0, 0).text, rows.cell(0, 1).text, rows.cell(0, 2).text = "名称", "户数", "说明"
    rows.cell(1, 0).text = "{%tr for v in villages %}"
    rows.cell(2, 0).text, rows.cell(2, 1).text = "{{ v.name }}", "{{ v.households }}"
    rows.cell(2, 2).text = "{{ v.note }}"
    rows.cell(3, 0).text = "{%tr endfor %}"
    cells = document.add_table(rows=2, cols=2)
    cells.cell(0, 0).text = "{%tc for h in heads %}"
    cells.cell(0, 1).text = "{{ h }}{%tc endfor %}"
    cells.cell(1, 0).text, cells.cell(1, 1).text = "甲", "乙"
    document.add_paragraph("镇人民政府", style="署名")
    document.add_paragraph("{{ date }}", style="成文日期")
    document.save(path)
    return path


VALUES = {
    "unit": "张村 & 李村<镇>",
    "subject": "a<b 与 c&d",
    "show": True,
    "note": "含\t制表符",
    "listing": "第一行\n第二行\t缩进",
    "villages": [
        {"name": "静观&村", "households": 320, "note": "a<b"},
        {"name": "素心村", "households": 1, "note": "{{ 7*7 }}"},
    ],
    "heads": ["一", "二", "三"],
    "date": "2024年3月1日",
}


@pytest.mark.parametrize(
    "changes",
    [{}, {"show": False}, {"villages": []}, {"heads": []}, {"listing": "无换行"}],
    ids=["all", "no-if", "no-rows", "no-cells", "no-listing"],
)
def test_tags_in_headers_footers_row_and_cell_loops_render_as_docxtpl(tmp_path, changes):
    path = rich_template(tmp_path / "rich.docx")
    values = {**VALUES, **changes}
    ours = render_docx(path, values, finish=finish_document)
    assert_same_document(ours, docxtpl_render(path, values))
    document = Document(io.BytesIO(ours))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "张村 & 李村<镇>关于a<b 与 c&d的通知"
    assert ("只在 show 时出现：含\t制表符" in texts) is values["show"]
    assert texts[-5:-2] == ["一、一级内容", "二、二级内容", "多行：第一行\n第二行\t缩进"][
        : 3 if "\n" in values["listing"] else 2
    ] + ([] if "\n" in values["listing"] else ["多行：无换行"])
    assert document.sections[0].header.paragraphs[0].text == "张村 & 李村<镇>（页眉）"
    assert "第二页脚：张村 & 李村<镇>" in document.sections[0].even_page_footer.paragraphs[0].text
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows[1:] == [[v["name"], str(v["households"]), v["note"]] for v in values["villages"]]


def test_core_properties_hold_the_value_escaped_once(tmp_path):
    path = rich_template(tmp_path / "rich.docx")
    properties = Document(io.BytesIO(render_docx(path, VALUES))).core_properties
    assert properties.title == "张村 & 李村<镇>档案"
    assert properties.subject == "固定主题"
    reference = Document(io.BytesIO(docxtpl_render(path, VALUES))).core_properties
    assert reference.title == "张村 &amp; 李村&lt;镇&gt;档案"  # the pitfall avoided


def test_a_template_is_prepared_once_and_again_when_it_changes(tmp_path):
    path = rich_template(tmp_path / "rich.docx")
    first = compiled_template(path)
    assert compiled_template(path) is first
    document = Document(path)
    document.add_paragraph("新增：{{ unit }}")
    document.save(path)
    assert compiled_template(path) is not first
    texts = [p.text for p in Document(io.BytesIO(render_docx(path, VALUES))).paragraphs]
    assert texts[-1] == "新增：张村 & 李村<镇>"


def test_parts_without_tags_are_copied_byte_for_byte(tmp_path):
    path = shipped_templates() / "村社区档案.docx"
    context = {
        "unit": "静观镇",
        "unit_level": "镇",
        "hazards_heading": "隐患排查整改",
        "parent_unit": "北碚区",
        "issuer": "静观镇人民政府",
        "year": 2024,
        "date": "2024年3月1日",
        "village": {key: "1" for key in _village_keys(path)},
    }
    out = zipfile.ZipFile(io.BytesIO(render_docx(path, context, finish=finish_document)))
    template = zipfile.ZipFile(path)
    for info in template.infolist():
        if info.filename != "word/document.xml":
            assert out.getinfo(info.filename).CRC == info.CRC
            assert out.getinfo(info.filename).compress_size == info.compress_size


def _village_keys(path: Path) -> set[str]:
    import re

    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    return set(re.findall(r"village\.(\w+)", re.sub(r"<[^>]+>", "", xml)))


def test_errors_name_the_template_and_the_field(tmp_path):
    path = rich_template(tmp_path / "档案.docx")
    values = dict(VALUES)
    del values["unit"]
    with pytest.raises(TemplateError) as info:
        render_docx(path, values)
    assert "模板 档案.docx 使用了工作簿没有提供的字段「unit」" in str(info.value)


def test_a_field_missing_only_in_the_header_is_named(tmp_path):
    document = new_document()
    document.sections[0].header.is_linked_to_previous = False
    document.sections[0].header.paragraphs[0].text = "{{ header_only }}"
    document.add_paragraph("正文")
    document.save(tmp_path / "h.docx")
    with pytest.raises(TemplateError) as info:
        render_docx(tmp_path / "h.docx", {})
    assert "字段「header_only」" in str(info.value)


def test_unsafe_expressions_are_refused(tmp_path):
    document = new_document()
    document.add_paragraph("{{ cycler.__init__.__globals__.os.getcwd() }}")
    document.save(tmp_path / "bad.docx")
    with pytest.raises(TemplateError) as info:
        render_docx(tmp_path / "bad.docx", {})
    assert str(info.value).startswith("模板 bad.docx 含有不安全的表达式")


def test_tables_settled_tells_when_docxtpl_would_fix_a_table():
    grid = '<w:tbl><w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/></w:tblGrid>'
    row = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
    assert tables_settled("<w:body><w:p/></w:body>")
    assert tables_settled(grid + row + "</w:tbl>")
    assert not tables_settled(grid + "</w:tbl>")  # every row gone: docxtpl drops the grid
    assert not tables_settled(grid + row.replace("</w:tr>", "<w:tc/></w:tr>") + "</w:tbl>")
    one = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc></w:tr>'
    assert tables_settled(grid + one + "</w:tbl>")
    assert not tables_settled(grid + one.replace('"2"', '"1"') + "</w:tbl>")
    assert not tables_settled(grid + "<w:tr><w:tc><w:tbl>" + row + "</w:tbl></w:tc></w:tr></w:tbl>")


def test_finish_runs_on_the_document_part_like_on_a_python_docx_document(tmp_path):
    document = new_document()
    document.add_paragraph("{{ a }}", style=HEADINGS[1])
    document.add_paragraph("{{ b }}", style=HEADINGS[2])
    document.add_paragraph("静观镇人民政府", style="署名")
    document.add_paragraph("2024年12月31日", style="成文日期")
    document.save(tmp_path / "f.docx")
    values = {"a": "总体要求", "b": "指导思想"}
    ours = Document(io.BytesIO(render_docx(tmp_path / "f.docx", values, finish_document)))
    assert [p.text for p in ours.paragraphs][:2] == ["一、总体要求", "（一）指导思想"]
    signature = ours.paragraphs[2].paragraph_format.left_indent
    assert signature is not None and signature > Pt(0)
