"""GW101–GW111: each rule fires on the error it names, at the right place, and not on
correct text."""

from __future__ import annotations

import datetime as dt

import pytest
from check_docs import para

from gongwen.check.citations import check_citations
from gongwen.check.findings import Edit
from gongwen.workbook.model import BasisDocument

LAW = BasisDocument("中华人民共和国安全生产法", "", "全国人大常委会", dt.date(2021, 6, 10), "现行")
PLAN = BasisDocument(
    "重庆市北碚区安全社区创建工作实施方案",
    "北碚安委办〔2024〕8号",
    "北碚区安委办",
    dt.date(2024, 3, 1),
    "现行",
)
OLD = BasisDocument(
    "关于开展安全社区建设工作的通知", "渝安办〔2010〕5号", "市安办", dt.date(2010, 1, 1), "废止"
)
STANDARD = BasisDocument(
    "重庆市安全社区建设评定标准（试行）", "", "市安委办", dt.date(2020, 1, 1), "现行"
)
REGISTRY = (LAW, PLAN, OLD, STANDARD)

CORRECT = [
    "《中华人民共和国安全生产法》",
    "北碚安委办〔2024〕8号",
    "根据《重庆市北碚区安全社区创建工作实施方案》（北碚安委办〔2024〕8号）要求",
    "（一）安全社区建设基本概念",
    "2024年3月1日",
    "《重庆市安全社区建设评定标准（试行）》",
    "二〇〇八年通过的文件",
    "各村（社区）：按照1.5倍计算，3×4 米，Xbox，max(x)",
    "会议室在3号楼，第（2）项",
]


def run(text: str, registry=None):
    return check_citations([para(text)], "a.docx", registry)


def only(findings, rule):
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, findings
    return found[0]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_has_no_findings(text):
    assert run(text, REGISTRY) == []


@pytest.mark.parametrize(
    ("text", "offset", "edits"),
    [
        ("北碚安委办[2024]8号", 5, (Edit(5, 6, "〔"), Edit(10, 11, "〕"))),
        ("北碚安委办（2024）8号", 5, (Edit(5, 6, "〔"), Edit(10, 11, "〕"))),
        ("北碚安委办【2024】8号", 5, (Edit(5, 6, "〔"), Edit(10, 11, "〕"))),
        ("北碚安委办﹝2024﹞8号", 5, (Edit(5, 6, "〔"), Edit(10, 11, "〕"))),
        ("北碚安委办〈2024〉8号", 5, (Edit(5, 6, "〔"), Edit(10, 11, "〕"))),
        ("北碚安委办〔2024]8号", 10, (Edit(10, 11, "〕"),)),
    ],
)
def test_gw101_year_brackets(text, offset, edits):
    f = only(run(text), "GW101")
    assert (f.severity, f.paragraph, f.offset) == ("error", 1, offset)
    assert f.suggestion == "北碚安委办〔2024〕8号"
    assert f.edits == edits


def test_gw102_zi_di_leading_zero_short_year():
    f = [x for x in run("X市财发〔1992〕字第36号") if x.rule == "GW102"]
    assert [(x.offset, x.suggestion) for x in f] == [
        (10, "X市财发〔1992〕36号"),
        (11, "X市财发〔1992〕36号"),
    ]
    f = only(run("北碚安委办〔2024〕08号"), "GW102")
    assert (f.severity, f.offset, f.suggestion) == ("error", 11, "北碚安委办〔2024〕8号")
    f = only(run("渝府发〔87〕3号"), "GW102")
    assert (f.offset, f.suggestion) == (4, None)
    assert "四位" in f.message


def test_gw102_not_on_correct_or_placeholder_number():
    assert not [f for f in run("渝府发〔20xx〕2号") if f.rule == "GW102"]
    assert run("渝府发〔2024〕10号") == []


@pytest.mark.parametrize(
    ("text", "offsets", "token"),
    [
        ("渝府发〔20xx〕2号", [4], "20xx"),
        ("xx市人民政府", [0], "xx"),
        ("XX镇", [0], "XX"),
        ("××村", [0], "××"),
        ("○○社区", [0], "○○"),
        ("某某同志", [0], "某某"),
        ("由{{ name }}负责", [1], "{{ name }}"),
        ("X市财政局", [0], "X"),
        ("xx市xx区20xx-20xx年度", [0, 3, 6, 11], "xx"),
    ],
)
def test_gw103_placeholders(text, offsets, token):
    found = [f for f in run(text) if f.rule == "GW103"]
    assert [f.offset for f in found] == offsets
    assert all(f.severity == "error" and f.suggestion is None for f in found)
    assert token in found[0].message


def test_gw103_not_on_chinese_zero_or_words():
    assert run("二〇〇八年，XL码，Mr. X 先生") == []


def test_gw104_space_inside_number():
    f = only(run("渝府发〔2024〕2 号"), "GW104")
    assert (f.severity, f.offset, f.suggestion) == ("warning", 10, "渝府发〔2024〕2号")
    assert f.edits == (Edit(10, 11, ""),)
    f = only(run("渝府发 〔 2024〕2号"), "GW104")
    assert f.edits == (Edit(3, 4, ""), Edit(5, 6, ""))
    assert not [f for f in run("渝府发〔2024〕2号，共 3 号楼") if f.rule == "GW104"]


def test_gw105_title_without_number_when_registry_has_one():
    text = "根据《重庆市北碚区安全社区创建工作实施方案》要求"
    f = only(run(text, REGISTRY), "GW105")
    assert (f.severity, f.offset) == ("warning", 2)
    assert f.suggestion == "《重庆市北碚区安全社区创建工作实施方案》（北碚安委办〔2024〕8号）"
    # a law without a number, and a later mention after a full citation, are fine
    assert run("依照《中华人民共和国安全生产法》", REGISTRY) == []
    full = "根据《重庆市北碚区安全社区创建工作实施方案》（北碚安委办〔2024〕8号）"
    later = "按《重庆市北碚区安全社区创建工作实施方案》执行"
    assert check_citations([para(full), para(later, n=2)], "a.docx", REGISTRY) == []
    assert run(text) == []  # without a registry nothing is known


def test_gw106_only_with_registry():
    f = only(run("参照《xx省安全条例》", REGISTRY), "GW103")
    assert f  # a placeholder title is reported as a placeholder, not as unknown
    f = only(run("参照《四川省安全生产条例》", REGISTRY), "GW106")
    assert (f.severity, f.offset, f.suggestion) == ("warning", 2, None)
    assert run("参照《四川省安全生产条例》") == []


def test_gw107_number_differs_from_registry():
    text = "《重庆市北碚区安全社区创建工作实施方案》（北碚安委办〔2023〕8号）"
    f = only(run(text, REGISTRY), "GW107")
    assert (f.severity, f.offset, f.suggestion) == ("error", 21, "北碚安委办〔2024〕8号")
    # a number differing only in form is reported by the form rules, not as another number
    text = "《重庆市北碚区安全社区创建工作实施方案》（北碚安委办[2024]8号）"
    assert [f.rule for f in run(text, REGISTRY)] == ["GW101"]


def test_gw108_repealed():
    f = only(run("《关于开展安全社区建设工作的通知》（渝安办〔2010〕5号）", REGISTRY), "GW108")
    assert (f.severity, f.offset) == ("error", 0)
    assert "废止" in f.message
    assert run("《中华人民共和国安全生产法》", REGISTRY) == []


def test_gw109_same_title_two_numbers():
    first = para("《关于加强安全工作的意见》（渝府发〔2024〕2号）", n=3)
    second = para("又据《关于加强安全工作的意见》（渝府发〔2024〕3号）", n=7)
    f = only(check_citations([first, second], "a.docx"), "GW109")
    assert (f.severity, f.paragraph, f.offset, f.suggestion) == (
        "error",
        7,
        16,
        "渝府发〔2024〕2号",
    )
    assert "第3段" in f.message
    same = para("又据《关于加强安全工作的意见》（渝府发[2024]2号）", n=7)
    assert not [f for f in check_citations([first, same], "a.docx") if f.rule == "GW109"]


@pytest.mark.parametrize(
    ("text", "offset", "char"),
    [
        ("根据《关于加强安全工作的意见要求", 2, "《"),
        ("根据关于加强安全工作的意见》要求", 13, "》"),
        ("各村（社区：", 2, "（"),
        ("各村社区）：", 4, "）"),
    ],
)
def test_gw110_unbalanced(text, offset, char):
    f = only(run(text), "GW110")
    assert (f.severity, f.offset) == ("error", offset)
    assert char in f.message


def test_gw110_list_markers_are_not_unbalanced():
    assert run("1）摸底调查") == []
    assert run("a) 第一项") == []


def test_gw111_half_width_brackets_around_number():
    text = "《关于加强安全工作的意见》(渝府发〔2024〕2号)"
    f = only(run(text), "GW111")
    assert (f.severity, f.offset) == ("warning", 13)
    assert f.suggestion == "（渝府发〔2024〕2号）"
    assert f.edits == (Edit(13, 14, "（"), Edit(25, 26, "）"))
    assert run("《关于加强安全工作的意见》（渝府发〔2024〕2号）") == []
    assert run("(试行)") == []


def test_citation_split_rules_see_whole_paragraph():
    text = "见《关于加强安全工作的意见》(渝府发[2024]2号)"
    assert sorted(f.rule for f in run(text)) == ["GW101", "GW111"]


def test_bracket_broken_over_two_lines_is_paired():
    lines = ["本预案适用于锅炉、压力容器（含", "气瓶）、压力管道、电梯等设备的事故。"]
    found = check_citations([para(t, n=i) for i, t in enumerate(lines, 1)], "a.docx")
    assert found == []
