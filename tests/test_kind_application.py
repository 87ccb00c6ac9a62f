"""The evaluation application form (评定申报表): facts, self-evaluation, verdict, signatures."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_content import (
    effective_font,
    error_findings,
    paragraphs,
    table_cells,
    table_width,
    tables,
)
from gongwen.build import build_to

TITLE = "静观镇安全社区评定申报表"


@pytest.fixture
def application(tmp_path, make_workbook, example_data):
    def make(data=example_data):
        path = make_workbook(data)
        [doc] = build_to(path, tmp_path / "out", only=["评定申报表"], force=True)
        return doc.path, path

    return make


def set_total(data: dict, target: float) -> None:
    """Give the elements self-scores adding up to ``target``: full marks from the first on."""
    left = target
    for row in data["自评"]:
        row["自评分"] = min(row["分值"], left)
        left -= row["自评分"]
    assert left == 0


def test_titled_and_sectioned(application, tmp_path):
    path, _ = application()
    assert path == tmp_path / "out" / "静观镇" / f"{TITLE}.docx"
    text = paragraphs(path)
    assert text[0] == TITLE
    assert [p for p in text if p[:2] in ("一、", "二、", "三、")] == [
        "一、申报单位基本情况",
        "二、自评情况",
        "三、申报意见",
    ]


def test_the_applicants_facts_with_village_totals(application, example_data):
    path, _ = application()
    facts = tables(path)[0]
    villages = example_data["村社区"]
    assert facts == [
        ["单位名称", "静观镇", "上级单位", "北碚区"],
        ["联系人", "王强", "联系电话", "023-68221536"],
        ["户数（户）", str(sum(v["户数"] for v in villages)), "人口（人）", "26250"],
        ["面积（平方公里）", "63.3", "村（社区）数", "8个（村7个、社区1个）"],
    ]
    assert sum(v["户数"] for v in villages) == 9000


def test_every_element_with_its_marks_and_the_total(application, example_data):
    path, _ = application()
    scores = tables(path)[1]
    assert scores[0] == ["序号", "要素", "分值", "自评分"]
    rows = example_data["自评"]
    assert scores[1:13] == [
        [str(r["要素序号"]), r["要素"], f"{r['分值']:g}", f"{r['自评分']:g}"] for r in rows
    ]
    assert scores[13] == ["合计", "100", "91.5"]
    assert scores[14] == ["自评结论", "达标"]
    assert "满分100分，自评总分91.5分" in "".join(paragraphs(path))


@pytest.mark.parametrize(
    ("total", "verdict"),
    [(69.5, "不合格"), (70, "合格"), (89.5, "合格"), (90, "达标"), (100, "达标")],
)
def test_the_verdict_at_the_thresholds(application, example_data, total, verdict):
    set_total(example_data, total)
    path, _ = application(example_data)
    scores = tables(path)[1]
    assert scores[13][2] == f"{total:g}"
    assert scores[14] == ["自评结论", verdict]


def test_the_thresholds_come_from_the_workbook(application, example_data):
    example_data["基本信息"][0]["评定合格分"] = 90
    example_data["基本信息"][0]["评定达标分"] = 95
    path, _ = application(example_data)
    assert tables(path)[1][14] == ["自评结论", "合格"]
    assert "评定分数达到90分为合格，95分以上（含95分）为达标。" in "".join(paragraphs(path))


def test_signature_and_seal_blocks_with_dates(application, example_data):
    path, _ = application()
    signatures = tables(path)[2]
    assert signatures[0] == ["申报单位意见", "北碚区安委办初审意见"]
    applicant, reviewer = signatures[1]
    assert applicant.split("\n") == [
        "经自评，自评总分91.5分，达到市级安全社区标准（90分以上），申请进行评定。",
        "",
        "负责人（签字）：",
    ]
    assert reviewer.split("\n")[-1] == "负责人（签字）："
    # below, in the same boxes, the room for the seal with 盖章 and the date at its foot
    assert signatures[2] == [
        "申报单位（盖章）\n2024年12月31日",
        "（盖章）\n年\u3000\u3000月\u3000\u3000日",
    ]

    del example_data["基本信息"][0]["申报日期"]
    path, _ = application(example_data)
    assert tables(path)[2][2][0].split("\n")[-1] == "年\u3000\u3000月\u3000\u3000日"


def test_seal_row_is_45_mm_high_with_its_text_at_the_foot_and_no_line_above(application):
    from docx import Document
    from docx.oxml.ns import qn

    path, _ = application()
    seal = Document(path).tables[2].rows[2]
    tr_height = seal._tr.trPr.find(qn("w:trHeight"))
    assert int(tr_height.get(qn("w:val"))) >= 2551  # 45 mm in twips
    assert tr_height.get(qn("w:hRule")) == "atLeast"
    for cell in seal.cells:
        tc_pr = cell._tc.tcPr
        assert tc_pr.find(qn("w:vAlign")).get(qn("w:val")) == "bottom"
        assert tc_pr.find(qn("w:tcBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_tables_fit_the_type_area_in_fangsong_with_repeated_headers(application):
    path, _ = application()
    document = Document(path)
    for table in document.tables:
        assert table_width(table).mm <= 156 + 0.01
    scores = document.tables[1]
    assert scores.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    for table, r, paragraph in table_cells(path):
        font, size = effective_font(paragraph)
        assert size == 14
        if table._tbl is scores._tbl and 0 < r < 13:
            assert font == "仿宋"


def test_the_checker_finds_no_errors(application):
    path, workbook = application()
    assert error_findings(path, workbook) == []


@pytest.mark.libreoffice
def test_no_table_text_crosses_the_right_margin(application, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from gongwen.packaging.pdf import convert_to_pdf

    path, _ = application()
    pdf = convert_to_pdf([path], tmp_path / "pdf")[path.resolve()]
    right_edge = 28 + 156  # 184 mm
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) >= 1
        for page in document.pages:
            body = [c for c in page.chars if c["bottom"] * 25.4 / 72 < 262]  # above the footer
            assert body
            assert max(c["x1"] for c in body) * 25.4 / 72 <= right_edge + 0.5
            assert min(c["x0"] for c in body) * 25.4 / 72 >= 28 - 0.5
