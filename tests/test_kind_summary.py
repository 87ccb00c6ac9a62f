"""Phase summaries (阶段总结): one per row of the sheet, figures computed from 村社区."""

from __future__ import annotations

import pytest
from docx import Document

from docx_content import (
    effective_font,
    error_findings,
    paragraphs,
    table_cells,
    table_width,
    tables,
)
from gongwen.build import build_to

START = "静观镇安全社区创建启动阶段工作总结"
IMPLEMENT = "静观镇安全社区创建实施阶段工作总结"


@pytest.fixture
def summaries(tmp_path, make_workbook, example_data):
    def make(data=example_data):
        path = make_workbook(data)
        built = build_to(path, tmp_path / "out", only=["阶段总结"], force=True)
        return {b.title: b.path for b in built}, path

    return make


def test_one_document_per_summarised_phase(summaries, tmp_path):
    docs, _ = summaries()
    assert list(docs) == [START, IMPLEMENT]
    assert docs[START] == tmp_path / "out" / "静观镇" / f"{START}.docx"
    assert paragraphs(docs[START])[0] == START


def test_sections_and_the_phase_period(summaries):
    docs, _ = summaries()
    text = paragraphs(docs[START])
    assert [p for p in text if p[:2] in ("一、", "二、", "三、", "四、")] == [
        "一、工作完成情况",
        "二、主要工作数据",
        "三、存在问题",
        "四、下步打算",
    ]
    assert "2024年3月1日至2024年4月30日，我镇开展了安全社区创建启动阶段各项工作" in text[2]


def test_each_line_of_a_cell_is_a_paragraph(summaries, example_data):
    docs, _ = summaries()
    text = paragraphs(docs[START])
    done = text[text.index("一、工作完成情况") + 1 : text.index("二、主要工作数据")]
    assert done == example_data["阶段总结"][0]["完成情况"].split("\n")
    row = example_data["阶段总结"][0]
    assert row["存在问题"] in text and row["下步打算"] in text


def test_each_summary_has_its_own_phase_figures_and_the_running_totals(summaries):
    docs, _ = summaries()
    figures = next(p for p in paragraphs(docs[START]) if p.startswith("截至"))
    assert figures == (
        "截至2024年4月30日，我镇累计排查安全隐患54处，已整改35处，整改率64.8%；本阶段新排查"
        "安全隐患54处、整改35处，开展安全培训320人次、应急演练4次、安全宣传活动10场。"
        "截至2024年4月30日各村（社区）隐患排查整改情况见下表。"
    )
    figures = next(p for p in paragraphs(docs[IMPLEMENT]) if p.startswith("截至"))
    assert figures.startswith(
        "截至2024年11月30日，我镇累计排查安全隐患89处，已整改83处，整改率93.3%；本阶段新排查"
        "安全隐患35处、整改48处，开展安全培训1035人次、应急演练13次、安全宣传活动36场。"
    )
    assert tables(docs[START])[0][-1] == ["合计", "54", "35", "64.8%"]
    assert tables(docs[IMPLEMENT])[0][-1] == ["合计", "89", "83", "93.3%"]


def test_the_per_village_table_and_its_total(summaries, example_data):
    # without per-phase figures only the last phase summarised can be given the villages' totals
    example_data["村社区阶段数据"] = []
    example_data["阶段总结"] = example_data["阶段总结"][1:]
    example_data["村社区"][0]["隐患数"] = 20
    example_data["阶段总结"][0]["排查隐患数"] = 91
    docs, _ = summaries(example_data)
    [table] = tables(docs[IMPLEMENT])
    assert table[0] == ["村（社区）", "排查隐患数", "已整改数", "整改率"]
    assert table[1] == ["静观场社区", "20", "17", "85%"]
    assert table[3] == ["万全村", "9", "9", "100%"]
    assert [r[0] for r in table[1:-1]] == [v["名称"] for v in example_data["村社区"]]
    assert table[-1] == ["合计", "91", "83", "91.2%"]
    figures = next(p for p in paragraphs(docs[IMPLEMENT]) if p.startswith("截至"))
    assert "累计排查安全隐患91处，已整改83处，整改率91.2%；本阶段开展安全培训" in figures


def test_an_empty_date_falls_back_to_the_phase_end(summaries):
    docs, _ = summaries()
    assert paragraphs(docs[START])[-2:] == ["静观镇人民政府", "2024年4月30日"]
    assert paragraphs(docs[IMPLEMENT])[-2:] == ["静观镇人民政府", "2024年12月2日"]


def test_the_table_fits_the_type_area_in_fangsong(summaries):
    docs, _ = summaries()
    [table] = Document(docs[START]).tables
    assert table_width(table).mm <= 156 + 0.01
    for _, r, paragraph in table_cells(docs[START]):
        font, size = effective_font(paragraph)
        assert size == 14
        if 0 < r < len(table.rows) - 1:
            assert font == "仿宋"


def test_the_checker_finds_no_errors(summaries):
    docs, workbook = summaries()
    for path in docs.values():
        assert error_findings(path, workbook) == []
