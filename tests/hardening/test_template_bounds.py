"""Template bounds that cannot be walked around: filters, string methods, formats, integers
and the clock, each stopped before it allocates; memory measured in a real process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_templates import error_of, template, texts

from gongwen.errors import TemplateError
from gongwen.render.template import render_docx
from gongwen.render.template_allowlist import ALLOWED_FILTERS

LIMIT_MESSAGE = "模板 模板.docx 超出了渲染限制（第 2 段“"

HOSTILE = [
    ("{{ [1]|slice(100000000)|list|length }}", "slice 的份数 100,000,000 超过 1,000,000"),
    ("{{ [1]|batch(300000000)|list|length }}", "batch 的每组个数 300,000,000 超过 1,000,000"),
    ("{{ [1]|batch(3, 'x' * 999999)|join }}", "表达式生成的内容超过 1,000,000 个字符或元素"),
    ("{{ ['x' * 500000, 'y' * 400000]|join('z' * 200000) }}", "join 的结果超过 1,000,000 个字符"),
    ("{{ range(1000)|join('x' * 999999) }}", "join 的结果超过 1,000,000 个字符"),
    ("{{ ('x' * 999999).join(range(1000)|map('string')) }}", "join 的结果超过 1,000,000 个字符"),
    ("{{ '{:{w}}'.format(1, w=2000000000) }}", "格式中的宽度或精度过大（超过 1,000,000）"),
    ("{{ '{:.{p}f}'.format(1.5, p=2000000000) }}", "格式中的宽度或精度过大（超过 1,000,000）"),
    ("{{ '%*s' % (2000000000, 'a') }}", "格式中的宽度或精度过大（超过 1,000,000）"),
    ("{{ '%*s'|format(2000000000, 'a') }}", "格式中的宽度或精度过大（超过 1,000,000）"),
    (
        "{% set t = ('a' * 9999,) * 99 %}{{ ('%s' * 999) % (t * 10) }}",
        "超过 1,000,000 个字符或元素",
    ),
    ("{{ '{0}{0}{0}{0}'.format('a' * 999999) }}", "表达式生成的内容超过 1,000,000 个字符或元素"),
    (
        "{% set a = 2 ** 2000 %}{% set b = a * a %}{% set c = b * b %}{{ c }}",
        "整数超过 4096 位",
    ),
    ("{% set a = 7 ** 1000 %}{% set b = a * a * a %}{{ b }}", "整数超过 4096 位"),
    ("{{ 2 ** 4000 }}", "乘方的结果超过 4096 位"),
    ("{{ ['a' * 999] * 999 * 999 }}", "重复生成的内容超过 1,000,000 个字符或元素"),
    (
        "{% set s = 'a' * 999999 %}{{ [s, s, s, s] }}",
        "表达式生成的内容超过 1,000,000 个字符或元素",
    ),
    ("{% set s = 'a' * 999999 %}{{ s ~ s }}", "表达式生成的内容超过 1,000,000 个字符或元素"),
    (
        "{{ ['x' * 999999]|batch(1000, 'y' * 999999)|list }}",
        "表达式生成的内容超过 1,000,000 个字符或元素",
    ),
    ("{{ range(999999)|list|string }}", "表达式生成的内容超过 1,000,000 个字符或元素"),
    ("{{ 'ab'|indent(' ' * 999999) ~ ('a\\n' * 400000)|indent(' ' * 10) }}", "indent 的缩进"),
    ("{{ 'x'.zfill(10 ** 9) }}", "zfill 的宽度 1,000,000,000 超过 1,000,000"),
    ("{{ 'x'.ljust(10 ** 9) }}", "ljust 的宽度 1,000,000,000 超过 1,000,000"),
]


@pytest.mark.parametrize(("expression", "reason"), HOSTILE)
def test_each_way_around_the_bounds_is_stopped_with_the_template_and_paragraph(
    tmp_path, expression, reason
):
    message = error_of(tmp_path, "前言", expression)
    assert message.startswith(LIMIT_MESSAGE), message
    assert reason in message, message
    assert message.endswith("已停止渲染，未生成任何文件。请检查模板中的循环和重复、拼接运算。")


PROBE = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from gongwen.errors import TemplateError
    from gongwen.render.template import render_docx
    from gongwen.formatting import new_document

    seconds = {}
    for n, expression in enumerate(json.loads(sys.argv[1])):
        document = new_document()
        document.add_paragraph("前言")
        document.add_paragraph(expression)
        path = Path(sys.argv[2]) / f"t{n}.docx"
        document.save(path)
        start = time.monotonic()
        try:
            render_docx(path, {"unit": "静观镇"})
            outcome = "rendered"
        except TemplateError as error:
            outcome = str(error)
        seconds[expression] = [time.monotonic() - start, outcome]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))
    """
)


def test_hostile_templates_are_stopped_quickly_with_memory_bounded(tmp_path):
    """All of them in one real process: its peak memory (getrusage) stays far below the
    gigabytes the unbounded expressions asked for, and each stops in seconds."""
    expressions = [expression for expression, _ in HOSTILE]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(expressions), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    report = json.loads(result.stdout)
    for expression, (seconds, outcome) in report["seconds"].items():
        assert outcome.startswith("模板 t"), (expression, outcome)
        assert "超出了渲染限制" in outcome, (expression, outcome)
        assert seconds < 10, (expression, seconds)
    assert report["peak_mb"] < 400, report["peak_mb"]


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("{{ unit|safe }}", "No filter named 'safe'"),
        ("{{ [1, 2]|random }}", "No filter named 'random'"),
        ("{{ unit|pprint }}", "No filter named 'pprint'"),
        ("{{ unit|urlize }}", "No filter named 'urlize'"),
        ("{{ unit|wordwrap(1) }}", "No filter named 'wordwrap'"),
    ],
)
def test_filters_outside_the_allow_list_do_not_exist(tmp_path, expression, reason):
    message = error_of(tmp_path, "前言", expression)
    assert message.startswith("模板 模板.docx 的标签写法有误（第 2 段“")
    assert reason in message


@pytest.mark.parametrize("method", ["encode", "expandtabs", "translate", "maketrans"])
def test_string_methods_outside_the_allow_list_are_refused(tmp_path, method):
    message = error_of(tmp_path, "前言", f"{{{{ unit.{method}(8) }}}}")
    assert message.startswith("模板 模板.docx 含有不安全的表达式（第 2 段“")
    assert f"'{method}'" in message


def test_the_clock_is_read_in_calls_not_only_in_loops(tmp_path, monkeypatch):
    import gongwen.render.sandbox as limits

    monkeypatch.setattr(limits, "MAX_SECONDS", -1.0)
    message = error_of(tmp_path, "前言", "{{ unit.upper() }}")
    assert "渲染时间超过 -1 秒" in message


def test_ordinary_filters_methods_and_formats_still_work(tmp_path):
    path = template(
        tmp_path / "t.docx",
        "{{ ['甲', '乙', '丙']|join('、') }}；{{ '%-4s|' % '一' }}{{ '{:>4}'.format(7) }}；"
        "{{ [1, 2, 3, 4, 5]|batch(2)|map('join', '+')|join(' ') }}；{{ (2 ** 64) * 3 }}；"
        "{{ '第%s条'|format(3) }}；{{ unit|center(7)|trim }}；{{ [3, 1, 2]|sort|list }}；"
        "{{ '安全社区'.replace('社区', '村') }}；{{ [1, 2]|cjoin }}",
    )
    assert texts(render_docx(path, {"unit": "静观镇"})) == [
        "甲、乙、丙；一   |   7；1+2 3+4 5；55340232221128654848；第3条；静观镇；[1, 2, 3]；"
        "安全村；1、2"
    ]


# -- fuzzing: any allowed filter with any arguments gives text or a template error

_ARGUMENTS = st.one_of(
    st.integers(min_value=-5, max_value=5).map(str),
    st.sampled_from(["10 ** 9", "2000000000", "999999", "-1", "0", "3"]),
    st.sampled_from(["'x'", "''", "'x' * 999999", "'%s'", "'{:{w}}'", "'%*s'", "none"]),
    st.sampled_from(["[1, 2]", "range(1000)", "'upper'", "'join'", "'string'", "'center'"]),
)
_VALUES = st.sampled_from(
    [
        "unit",
        "[1, 2, 3]",
        "range(1000)",
        "'x' * 999999",
        "['x' * 999] * 999",
        "{'a': 1}",
        "2 ** 4000",
        "1.5",
        "range(1000)|map('string')",
    ]
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    value=_VALUES,
    chain=st.lists(
        st.tuples(
            st.sampled_from(sorted(ALLOWED_FILTERS | {"cn", "cite_list", "cjoin", "pad_name"})),
            st.lists(_ARGUMENTS, max_size=3),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_any_chain_of_filters_gives_text_or_a_template_error(tmp_path, value, chain):
    expression = "(" + value + ")" + "".join(f"|{f}({', '.join(args)})" for f, args in chain)
    path = template(tmp_path / "模板.docx", "前言", "{{ " + expression + " }}")
    try:
        data = render_docx(path, {"unit": "静观镇"})
    except TemplateError as error:
        assert str(error).startswith("模板 模板.docx "), str(error)
        assert "第 2 段" in str(error)
        return
    assert sum(len(t) for t in texts(data)) <= 6_000_000
