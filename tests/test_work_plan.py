"""The work plan (工作计划) produced from the example workbook."""

from __future__ import annotations

import re

import pytest
from docx import Document

from gongwen.build import build_to
from gongwen.formatting import HEADINGS

SEED_HEADINGS = [
    "一、指导思想",
    "二、安全社区概念和实施依据",
    "（一）安全社区建设基本概念",
    "（二）安全社区创建实施依据",
    "三、工作目标",
    "四、重点工作及实施步骤",
]


@pytest.fixture
def work_plan(tmp_path, example_workbook):
    built = build_to(example_workbook, tmp_path / "out", only=["工作计划"])
    [plan] = [b for b in built if b.kind == "工作计划"]
    return plan


def texts(path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_written_under_the_units_folder_named_by_its_title(work_plan, tmp_path):
    assert work_plan.path == tmp_path / "out" / "静观镇" / "静观镇创建安全社区工作计划.docx"
    assert texts(work_plan.path)[0] == "静观镇创建安全社区工作计划"


def test_the_seeds_section_headings_come_in_order(work_plan):
    paragraphs = texts(work_plan.path)
    positions = [paragraphs.index(h) for h in SEED_HEADINGS]
    assert positions == sorted(positions)


def test_one_subsection_per_phase_with_its_dates(work_plan, example_data):
    paragraphs = texts(work_plan.path)
    start = paragraphs.index("四、重点工作及实施步骤")
    phases = [p for p in paragraphs[start:] if p.startswith("（")][:4]
    assert phases == [
        "（一）启动阶段（2024年3月1日至2024年4月30日）",
        "（二）实施阶段（2024年5月1日至2024年11月30日）",
        "（三）评定阶段（2024年12月1日至2024年12月20日）",
        "（四）总结阶段（2024年12月21日至2024年12月31日）",
    ]
    for row in example_data["工作阶段"]:
        assert row["主要任务"] in paragraphs
    assert (
        "2024年我镇安全社区创建工作分四个阶段实施，即：启动阶段、实施阶段、评定阶段、总结阶段。"
        in paragraphs
    )


def test_every_basis_document_in_force_is_cited_in_the_correct_form(work_plan, example_data):
    basis = "\n".join(texts(work_plan.path))
    for row in example_data["依据文件"]:
        cited = f"《{row['标题']}》" + (f"（{row['发文字号']}）" if row["发文字号"] else "")
        if row["状态"] == "现行":
            assert cited in basis
        else:
            assert f"《{row['标题']}》" not in basis
    assert "安全社区建设实施以《中华人民共和国安全生产法》《重庆市人民政府关于" in basis
    assert "（渝府发〔2023〕2号）、《" in basis  # a 顿号 follows a bracketed 文号
    assert (
        "（北碚安委办〔2024〕8号）和《重庆市安全社区建设评定标准（试行）》（渝安办发〔2023〕21号）为依据。"
        in basis
    )


def test_the_leading_group_names_and_roles(work_plan):
    paragraphs = texts(work_plan.path)
    assert "组长：田河堰（镇党委副书记、镇长）" in paragraphs
    assert "副组长：刘建国（镇党委副书记）、赵文华（副镇长）" in paragraphs
    members = next(p for p in paragraphs if p.startswith("成员："))
    assert members.startswith("成员：王强（镇综治办主任）、孙丽（镇安监办主任）")
    assert members.count("（") == 8
    assert "办公室设在镇综治办，由王强同志兼任办公室主任" in "".join(paragraphs)


def test_thresholds_signature_and_date_come_from_the_workbook(work_plan):
    paragraphs = texts(work_plan.path)
    joined = "".join(paragraphs)
    assert "评定分数达到70分为安全社区创建考核合格；评定分数90分以上（含90分）" in joined
    assert paragraphs[-2:] == ["静观镇人民政府", "2024年3月15日"]
    styles = [p.style.name for p in Document(work_plan.path).paragraphs][-2:]
    assert styles == ["署名", "成文日期"]


def test_no_placeholder_or_template_tag_survives(work_plan):
    joined = "\n".join(texts(work_plan.path))
    assert not re.search(r"20[xX]{2}|[xX]{2}|××|○○|某某|\{\{|\{%", joined)


def test_headings_carry_their_level_styles(work_plan):
    document = Document(work_plan.path)
    by_text = {p.text: p.style.name for p in document.paragraphs}
    assert by_text["一、指导思想"] == HEADINGS[1]
    assert by_text["（一）安全社区建设基本概念"] == HEADINGS[2]
    assert (
        by_text[
            "1.基本概念：安全社区是建立了跨部门合作的组织机构和程序，联络村（社区）内相关单位和个人共同参与事故与伤害预防和安全促进工作，持续改进地实现安全目标的社区。"
        ]
        == HEADINGS[3]
    )
