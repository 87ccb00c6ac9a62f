"""A template's problems are reported all at once, at the paragraphs Word shows them in."""

from __future__ import annotations

import io

import pytest
from docx import Document

from fields_tools import word_template
from gongwen.build import build_to, shipped_example
from gongwen.errors import TemplateError
from gongwen.kinds import kind_fields
from gongwen.render.template_check import TemplateProblems, template_problems
from gongwen.render.template_files import export_templates
from hardening.hardening_tools import files_under, run_cli

PLAN = kind_fields("工作计划")


def problems(texts: list, contract=PLAN) -> list[str]:
    document = Document()
    for text in texts:
        p = document.add_paragraph()
        for run in text if isinstance(text, list) else [text]:
            p.add_run(run)
    data = io.BytesIO()
    document.save(data)
    return [str(p) for p in template_problems(data.getvalue(), contract)]


def test_three_mistakes_are_reported_in_one_build_with_words_paragraph_numbers(tmp_path):
    own = tmp_path / "own"
    export_templates(own)
    word_template(
        own / "工作计划.docx",
        [
            "{{ unit }}创建安全社区工作计划",
            "{%p for ph in phases %}",  # a paragraph Word shows, though the build removes it
            "{{ ph.name }}：{{ ph.period }}",
            "{%p endfor %}",
            "联系人：{{ contcat }}",
            "电话：{{ phone }",
            "{{ unit | chinese }}",
            "这一段很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长，不应被引用",
        ],
    )
    out = tmp_path / "out"
    result = run_cli("build", str(shipped_example()), "-o", str(out), "--templates", str(own))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "错误：模板 工作计划.docx 有 3 处问题，未生成任何文件：",
        "  - 第 5 段“联系人：{{ contcat }}”：工作计划没有字段“contcat”。您是不是要写 {{ contact }}？",
        "  - 第 6 段“电话：{{ phone }”：“{{”没有对应的结尾“}}”（同一段内），请补全，如“{{ unit }}”",
        "  - 第 7 段“{{ unit | chinese }}”：没有名为“chinese”的过滤器",
        "请在 Word/WPS 中改正后重新运行；可用的字段见 gongwen fields 或 README“自定义模板”。",
    ]
    assert files_under(out) == []


def test_problems_in_several_templates_come_together(tmp_path):
    own = tmp_path / "own"
    export_templates(own)
    word_template(own / "工作计划.docx", ["{{ unti }}"])
    word_template(own / "村社区档案.docx", ["{{ village.nmae }}"])
    with pytest.raises(TemplateProblems) as raised:
        build_to(shipped_example(), tmp_path / "out", templates=own)
    assert raised.value.message.splitlines()[:5] == [
        "2 个模板共有 2 处问题，未生成任何文件：",
        "  模板 工作计划.docx：",
        "  - 第 1 段“{{ unti }}”：工作计划没有字段“unti”。您是不是要写 {{ unit }}？",
        "  模板 村社区档案.docx：",
        "  - 第 1 段“{{ village.nmae }}”：“village”没有“nmae”这一项，您是不是要写 "
        "{{ village.name }}？（可用：name、kind、households、population、area、contact、phone、"
        "key_places、hazard_sources、hazards_found、hazards_fixed、rate、emergency_team、"
        "vulnerable_groups、fire_equipment、training）",
    ]
    assert isinstance(raised.value, TemplateError)


def test_a_tag_split_by_word_is_read_whole_and_the_quote_is_its_paragraph_alone():
    found = problems(["前一段", ["{{ un", "ti }}", "关于"], "后一段"])
    assert found == ["第 2 段“{{ unti }}关于”：工作计划没有字段“unti”。您是不是要写 {{ unit }}？"]


def test_a_long_paragraph_is_quoted_around_the_mistake():
    [found] = problems(["开头" * 20 + "{{ phnoe }}" + "结尾" * 20])
    assert found.startswith("第 1 段“……开头开头开头开头开头{{ phnoe }}结尾结尾结尾结尾结……”：")
    assert "您是不是要写 {{ phone }}？" in found


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (
            ["{%p for ph in phases %}", "{{ ph.name }}"],
            "第 1 段“{%p for ph in phases %}”：“for”没有对应的结尾“{% endfor %}”",
        ),
        (["{%p endif %}"], "第 1 段“{%p endif %}”：“endif”前面没有对应的“{% if … %}”"),
        (
            ["{%p for ph in phases %}", "{%p endif %}", "{%p endfor %}"],
            "第 2 段“{%p endif %}”：“endif”前面没有对应的“{% if … %}”，而此处未结束的是“for”",
        ),
        (["{{ a b }}"], "第 1 段“{{ a b }}”：“b”处多了内容：一个标签中只能写一个字段或表达式"),
        (
            ["{{ ‘静观’ }}"],
            "第 1 段“{{ ‘静观’ }}”：标签中有中文引号（‘’“”），请改为英文引号（' 或 \"），"
            "可在 Word 中关闭“自动套用格式”的引号替换",
        ),
        (
            ["单位 ｛｛ unit ｝｝"],
            "第 1 段“单位 ｛｛ unit ｝｝”：“｛”是全角（中文）括号，标签须用半角（英文）括号“{ }”，"
            "请切换到英文输入法重新输入",
        ),
        (["{{ unit }}}}"], "第 1 段“{{ unit }}}}”：多了一个“}}”，它前面没有对应的“{{”"),
        (
            ["{% include 'x' %}"],
            "第 1 段“{% include 'x' %}”：不认识的标签“{% include 'x' %}”；模板中可用 for、if、elif、else、set 及对应的 endfor、endif",
        ),
        (["{{ 成文日期 }}"], None),
    ],
)
def test_each_kind_of_mistake_has_a_chinese_message(texts, message):
    found = problems(texts)
    assert found == ([message] if message else [])


def test_an_alias_with_two_meanings_in_a_kind_is_refused_with_both():
    assert problems(["{{ 成文日期 }}"], kind_fields("阶段总结")) == [
        "第 1 段“{{ 成文日期 }}”：“成文日期”在阶段总结中有两种含义（本份总结的成文日期是 summary.date，"
        "发文的成文日期是 date），请写字段名"
    ]


def test_loop_variables_table_cells_and_headers_are_understood():
    document = Document()
    document.add_paragraph("{%p for m in members %}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{{ m.name }}"
    table.cell(0, 1).text = "{{ m.positon }}"
    document.add_paragraph("{%p endfor %}{{ loop }}")
    document.sections[0].footer.paragraphs[0].text = "{{ year }}{{ yaer }}"
    data = io.BytesIO()
    document.save(data)
    found = [str(p) for p in template_problems(data.getvalue(), PLAN)]
    assert found == [
        "第 3 段（表格中）“{{ m.positon }}”：“m”没有“positon”这一项，您是不是要写 {{ m.position }}？（可用：name、position）",
        "第 4 段“{%p endfor %}{{ loop }}”：工作计划没有字段“loop”。请查看 gongwen fields 列出的字段。",
        "页脚第 1 段“{{ year }}{{ yaer }}”：工作计划没有字段“yaer”。您是不是要写 {{ year }}？",
    ]


def test_the_shipped_templates_have_no_problems():
    from gongwen.kinds import KINDS
    from gongwen.render.template_check import check_template
    from gongwen.render.template_files import shipped_templates

    for kind in KINDS:
        assert check_template(shipped_templates() / kind.template, kind_fields(kind.name)) == []


def test_a_template_mistake_in_a_per_phase_document_has_no_row_prefix(tmp_path):
    own = tmp_path / "own"
    export_templates(own)
    word_template(own / "阶段总结.docx", ["{{ summary.phase }}工作总结", "{{ summary.foo }}"])
    result = run_cli(
        "build", str(shipped_example()), "-o", str(tmp_path / "out"), "--templates", str(own),
        "--only", "阶段总结",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.output.startswith("错误：模板 阶段总结.docx 有 1 处问题")
    assert "阶段总结!A" not in result.output
    assert "第 2 段“{{ summary.foo }}”：“summary”没有“foo”这一项" in result.output


def test_a_syntax_error_met_while_rendering_is_the_templates_own(tmp_path):
    from gongwen.render.template import render_docx

    path = word_template(tmp_path / "t.docx", ["{{ unit }"])
    with pytest.raises(TemplateError) as raised:
        render_docx(path, {"unit": "静观镇"})
    assert raised.value.row_related is False


def test_an_error_while_rendering_counts_paragraphs_as_word_does(tmp_path):
    from gongwen.render.template import render_docx

    texts = [
        "标题",
        "{%p for ph in phases %}",
        "{{ ph.name }}",
        "{%p endfor %}",
        "比例：{{ 1 / 0 }}",
    ]
    path = word_template(tmp_path / "t.docx", texts)
    with pytest.raises(TemplateError) as raised:
        render_docx(path, {"phases": [{"name": "启动阶段"}, {"name": "实施阶段"}]})
    assert "（第 5 段“比例：{{ 1 / 0 }}”：除数为 0）" in raised.value.message
    # the documents themselves come out as before
    ok = word_template(tmp_path / "ok.docx", [*texts[:4], "完"])
    data = render_docx(ok, {"phases": [{"name": "启动阶段"}, {"name": "实施阶段"}]})
    from docx import Document

    assert [p.text for p in Document(io.BytesIO(data)).paragraphs] == [
        "标题",
        "启动阶段",
        "实施阶段",
        "完",
    ]


def test_gongwen_templates_check_lists_every_templates_problems(tmp_path):
    own = tmp_path / "own"
    export_templates(own)
    assert run_cli("templates", "check", str(own)).exit_code == 0
    word_template(own / "阶段总结.docx", ["{{ summary.phse }}", "{%p for x in phases %}"])
    result = run_cli("templates", "check", str(own))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "✓ 工作计划.docx" in lines
    at = lines.index("✗ 阶段总结.docx：2 处问题")
    assert lines[at + 1].startswith("    第 1 段“{{ summary.phse }}”：“summary”没有“phse”这一项，")
    assert lines[at + 2] == "    第 2 段“{%p for x in phases %}”：“for”没有对应的结尾“{% endfor %}”"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli("templates", "check", str(empty)).exit_code == 2
