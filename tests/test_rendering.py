"""Templates are rendered safely: values verbatim, no reach into Python, no silent blanks."""

from __future__ import annotations

import pytest
from docx import Document

from gongwen.build import build_to
from gongwen.errors import CheckFailed, TemplateError
from gongwen.formatting import new_document
from gongwen.render.template import render_docx


def template(tmp_path, *paragraphs: str, name: str = "t.docx"):
    document = new_document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(path)
    return path


def rendered_text(data: bytes, tmp_path) -> list[str]:
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    return [p.text for p in Document(out).paragraphs]


@pytest.mark.parametrize(
    "value",
    [
        "张村 & 李村",
        "a<b>c",
        "{{ 7*7 }}",
        "{% if true %}x{% endif %}",
        "<w:br/>",
        "\"引号\" 'single'",
    ],
)
def test_values_come_out_verbatim(tmp_path, value):
    data = render_docx(template(tmp_path, "名称：{{ name }}"), {"name": value})
    assert rendered_text(data, tmp_path) == [f"名称：{value}"]


@pytest.mark.parametrize(
    "expression",
    [
        "{{ cycler.__init__.__globals__.os.getcwd() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ name.__class__.__init__.__globals__ }}",
    ],
)
def test_a_template_cannot_reach_python_internals(tmp_path, expression):
    with pytest.raises(TemplateError) as info:
        render_docx(template(tmp_path, expression), {"name": "x"})
    assert str(info.value).startswith("模板 t.docx 含有不安全的表达式")


def test_a_field_the_workbook_does_not_supply_is_named(tmp_path):
    with pytest.raises(TemplateError) as info:
        render_docx(template(tmp_path, "{{ unit }}关于{{ mayor }}的通知"), {"unit": "静观镇"})
    assert "使用了工作簿没有提供的字段「mayor」" in str(info.value)


def test_a_malformed_tag_names_the_template(tmp_path):
    with pytest.raises(TemplateError) as info:
        render_docx(template(tmp_path, "{{ unit }", name="坏模板.docx"), {"unit": "x"})
    assert "模板 坏模板.docx 的标签写法有误" in str(info.value)


def test_a_build_with_an_unknown_template_field_writes_nothing(tmp_path, example_workbook):
    templates = tmp_path / "templates"
    templates.mkdir()
    template(templates, "{{ unit }}{{ no_such_field }}", name="工作计划.docx")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as info:
        build_to(example_workbook, out, templates=templates, only=["工作计划"])
    assert "no_such_field" in str(info.value)
    assert not out.exists() or not any(out.rglob("*"))


def test_values_with_markup_survive_a_whole_build(tmp_path, make_workbook, example_data):
    example_data["工作阶段"][0]["主要任务"] = "联合张村 & 李村，落实a<b>c的要求。"
    out = tmp_path / "out"
    [built] = [b for b in build_to(make_workbook(example_data), out) if b.kind == "工作计划"]
    texts = [p.text for p in Document(built.path).paragraphs]
    assert "联合张村 & 李村，落实a<b>c的要求。" in texts


def test_a_template_tag_typed_into_the_workbook_is_not_evaluated_but_refused(
    tmp_path, make_workbook, example_data
):
    # Rendered, it would stand verbatim (see test_values_come_out_verbatim); a 公文 must not
    # carry template tags, so the build's checks stop it at the cell.
    example_data["工作阶段"][0]["主要任务"] = "计算{{ 7*7 }}项任务"
    with pytest.raises(CheckFailed) as info:
        build_to(make_workbook(example_data), tmp_path / "out")
    in_workbook = [f for f in info.value.findings if f.path.endswith("campaign.xlsx")]
    assert [(f.rule, f.part, f.cell) for f in in_workbook] == [("GW103", "工作阶段", "D2")]
    assert not any("49" in f.message for f in info.value.findings)
    assert not (tmp_path / "out").exists()
