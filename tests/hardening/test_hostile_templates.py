"""Templates from anyone: no reach into Python, located syntax errors, split tags joined,
bounded size, loops and time; nothing written on failure."""

from __future__ import annotations

import io

import pytest
from docx import Document
from hardening_tools import files_under, run_cli

from gongwen.build import build_to
from gongwen.errors import TemplateError
from gongwen.formatting import new_document
from gongwen.render.template import render_docx


def template(path, *paragraphs):
    """A .docx at ``path``; each paragraph given as a string or a list of runs (alternately
    plain and bold, as Word splits a tag it has formatted or spell-checked)."""
    document = new_document()
    for runs in paragraphs:
        p = document.add_paragraph()
        for i, text in enumerate([runs] if isinstance(runs, str) else runs):
            p.add_run(text).bold = bool(i % 2)
    document.save(path)
    return path


def texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def error_of(tmp_path, *paragraphs, values=None) -> str:
    path = template(tmp_path / "模板.docx", *paragraphs)
    with pytest.raises(TemplateError) as info:
        render_docx(path, values or {"unit": "静观镇"})
    return str(info.value)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ self.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ namespace.__init__.__globals__['sys'] }}",
        "{{ ''.__class__.__base__.__subclasses__() }}",
        "{{ unit.__class__.__mro__ }}",
        "{{ range.__globals__ }}",
        "{{ (1).__class__.__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.system('touch /tmp/pwned') }}",
    ],
)
def test_python_internals_are_refused(tmp_path, expression):
    assert error_of(tmp_path, "前言", expression).startswith(
        f"模板 模板.docx 含有不安全的表达式（第 2 段“{expression[:30]}"
    )


@pytest.mark.parametrize(
    "runs",
    [
        ["{{ un", "it }}"],  # split inside the name
        ["{", "{ unit }}"],  # between the braces
        ["{{ unit }", "}"],
        ["{{", " unit ", "}}"],
    ],
)
def test_a_well_formed_tag_split_across_runs_still_renders(tmp_path, runs):
    data = render_docx(template(tmp_path / "t.docx", ["单位：", *runs]), {"unit": "静观镇"})
    assert texts(data) == ["单位：静观镇"]


def test_a_malformed_tag_names_the_template_and_its_paragraph(tmp_path):
    assert error_of(tmp_path, "第一段", "各村（社区）：", ["{{ un", "it }", "关于安全社区"]) == (
        "模板 模板.docx 的标签写法有误（第 3 段“{{ unit }关于安全社区”："
        "多了一个“}”，或“{{”与“}}”没有成对），"
        "未生成任何文件。请在 Word/WPS 中检查 {{ }} 与 {% %} 是否成对、完整。"
    )


def test_an_unclosed_block_split_by_word_names_its_paragraph(tmp_path):
    message = error_of(tmp_path, "前言", ["{% i", "f unit %}", "有单位"])
    assert message.startswith("模板 模板.docx 的标签写法有误（第 2 段“{% if unit %}有单位”：")
    assert "“if”没有对应的结尾，缺少“{% endif %}”" in message


def test_an_expression_error_names_its_paragraph(tmp_path):
    assert error_of(tmp_path, "前言", "比例：{{ 1 / 0 }}") == (
        "模板 模板.docx 的表达式无法计算（第 2 段“比例：{{ 1 / 0 }}”：除数为 0），未生成任何文件。"
    )


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("{{ 'a' * 10**9 }}", "重复生成的内容超过 1,000,000 个字符或元素"),
        ("{{ [0] * 10**9 }}", "重复生成的内容超过 1,000,000 个字符或元素"),
        ("{{ range(10**9)|list }}", "range 生成 1,000,000,000 个数，超过 1,000,000"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "循环次数超过 1,000,000 次",
        ),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "表达式生成的内容超过 1,000,000 个字符或元素",
        ),
        ("{{ 'x'|center(10**9) }}", "center 的宽度 1,000,000,000 超过 1,000,000"),
        ("{{ '%0999999999d'|format(1) }}", "格式中的宽度或精度过大（超过 1,000,000）"),
        ("{{ '{:>999999999}'.format(1) }}", "格式中的宽度或精度过大（超过 1,000,000）"),
        ("{{ unit.replace('', 'x' * 999999) }}", "replace 的结果超过 1,000,000 个字符"),
    ],
)
def test_huge_expressions_and_loops_are_stopped(tmp_path, expression, reason):
    message = error_of(tmp_path, "前言", expression)
    assert message.startswith("模板 模板.docx 超出了渲染限制（第 2 段“")
    assert message.endswith(
        f"：{reason}），已停止渲染，未生成任何文件。请检查模板中的循环和重复、拼接运算。"
    )


def test_the_time_bound_stops_a_slow_render(tmp_path, monkeypatch):
    import gongwen.render.sandbox as limits

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    message = error_of(tmp_path, "{% for i in range(5000) %}{{ i }}{% endfor %}")
    assert "渲染时间超过 0 秒" in message


def test_ordinary_templates_are_not_bounded(tmp_path):
    path = template(
        tmp_path / "t.docx",
        "{{ '　' * 2 }}{{ unit }}{{ '%s年' | format(2024) }}{% for i in range(3) %}{{ i }}{% endfor %}",
    )
    assert texts(render_docx(path, {"unit": "静观镇"})) == ["　　静观镇2024年012"]


@pytest.mark.parametrize(
    "expression",
    ["{{ cycler.__init__.__globals__.os.getcwd() }}", "{{ 'a' * 10**9 }}", "{{ unit }"],
)
def test_a_build_with_a_hostile_template_exits_2_and_writes_nothing(
    tmp_path, example_workbook, expression
):
    templates = tmp_path / "templates"
    templates.mkdir()
    template(templates / "工作计划.docx", "{{ unit }}", expression)
    out = tmp_path / "out"
    result = run_cli(
        "build", str(example_workbook), "-o", str(out), "--templates", str(templates),
        "--only", "工作计划",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.output.startswith("错误：模板 工作计划.docx ")
    assert "第 2 段" in result.output
    assert "Traceback" not in result.output
    assert files_under(out) == []
    with pytest.raises(TemplateError):
        build_to(example_workbook, out, templates=templates, only=["工作计划"])
    assert files_under(out) == []
