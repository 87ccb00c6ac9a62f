"""村社区档案: one table-form archive per village, a summary workbook, safe file names."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from campaign_data import refresh_phase_rows
from gongwen.build import build_to
from gongwen.errors import WorkbookError
from gongwen.formatting import TABLE_HEADING, TABLE_TEXT
from gongwen.names import MAX_NAME_BYTES

KIND = "村社区档案"


def archive_dir(outdir: Path) -> Path:
    return outdir / "静观镇" / "村社区档案"


def rate(fixed: int, found: int) -> str:
    pct = (Decimal(fixed) * 100 / Decimal(found)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{pct.normalize():f}%"


def value_after(document, label: str) -> str:
    """The text of the cell right of the label cell ``label`` in the archive's table."""
    for row in document.tables[0].rows:
        cells = list(dict.fromkeys(row.cells))  # merged cells repeat
        for i, cell in enumerate(cells[:-1]):
            if cell.text == label:
                return cells[i + 1].text
    raise AssertionError(f"no label {label}")


def test_one_archive_per_village_with_its_facts(example_workbook, example_data, tmp_path):
    out = tmp_path / "out"
    result = build_to(example_workbook, out, only=[KIND])
    villages = example_data["村社区"]
    docs = sorted(p.name for p in archive_dir(out).glob("*.docx"))
    assert docs == sorted(f"{v['名称']}.docx" for v in villages)
    assert [b.title for b in result][: len(villages)] == [
        f"{v['名称']}安全基本情况档案" for v in villages
    ]
    for v in villages:
        doc = Document(str(archive_dir(out) / f"{v['名称']}.docx"))
        assert doc.paragraphs[0].text == f"{v['名称']}安全基本情况档案"
        assert value_after(doc, "名称") == v["名称"]
        assert value_after(doc, "户数（户）") == str(v["户数"])
        assert value_after(doc, "人口（人）") == str(v["人口"])
        assert value_after(doc, "隐患数（处）") == str(v["隐患数"])
        assert value_after(doc, "已整改数（处）") == str(v["已整改数"])
        assert value_after(doc, "整改率") == rate(v["已整改数"], v["隐患数"])
        assert value_after(doc, "联系电话") == v["联系电话"]
        assert value_after(doc, "危险源") == v["危险源"]
        assert value_after(doc, "应急队伍（人）") == str(v["应急队伍人数"])
        assert value_after(doc, "所属镇") == "静观镇"
    sample = Document(str(archive_dir(out) / "素心村.docx"))
    assert value_after(sample, "整改率") == "90.9%"


def test_archive_table_is_fangsong_and_fits_the_type_area(example_workbook, tmp_path):
    build_to(example_workbook, tmp_path / "out", only=[KIND])
    doc = Document(str(archive_dir(tmp_path / "out") / "素心村.docx"))
    table = doc.tables[0]
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) <= Mm(156).twips
    assert sum(widths) >= Mm(150).twips
    styles = {p.style.name for row in table.rows for c in row.cells for p in c.paragraphs}
    assert styles == {TABLE_TEXT, TABLE_HEADING}
    text_style = doc.styles[TABLE_TEXT]
    assert text_style.font.size == Pt(14)
    fonts = text_style.element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"


def test_summary_workbook_lists_every_village_with_totals(example_workbook, example_data, tmp_path):
    build_to(example_workbook, tmp_path / "out", only=[KIND])
    wb = load_workbook(archive_dir(tmp_path / "out") / "村社区汇总表.xlsx")
    ws = wb.active
    header = [c.value for c in ws[2]]
    assert header[:10] == [
        "序号",
        "名称",
        "类型",
        "户数",
        "人口",
        "面积（平方公里）",
        "隐患数",
        "已整改数",
        "整改率",
        "应急队伍人数",
    ]
    assert ws.freeze_panes == "A3"
    assert ws["A2"].font.b
    villages = example_data["村社区"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == len(villages) + 1
    for i, (row, v) in enumerate(zip(rows, villages, strict=False), start=1):
        assert row[:9] == [
            i,
            v["名称"],
            v["类型"],
            v["户数"],
            v["人口"],
            v["面积"],
            v["隐患数"],
            v["已整改数"],
            pytest.approx(v["已整改数"] / v["隐患数"], abs=0.0005),
        ]
        # a number, shown to one decimal as in the documents: 0.909 as 90.9%
        assert ws.cell(row=2 + i, column=9).number_format == "0.0%"
        assert row[8] * 100 == pytest.approx(float(rate(v["已整改数"], v["隐患数"])[:-1]))
    totals = rows[-1]
    found = sum(v["隐患数"] for v in villages)
    fixed = sum(v["已整改数"] for v in villages)
    assert totals[0] == "合计"
    assert totals[3] == sum(v["户数"] for v in villages) == 9000
    assert totals[4] == sum(v["人口"] for v in villages)
    assert totals[5] == pytest.approx(63.3)
    assert (totals[6], totals[7]) == (found, fixed) == (89, 83)
    assert totals[8] == 0.933
    assert f"{totals[8]:.1%}" == rate(fixed, found) == "93.3%"
    assert not any(isinstance(c, str) and c.startswith("=") for row in rows for c in row)


def test_summary_workbook_is_the_same_on_a_rerun(example_workbook, tmp_path):
    build_to(example_workbook, tmp_path / "a", only=[KIND])
    build_to(example_workbook, tmp_path / "b", only=[KIND])
    name = "静观镇/村社区档案/村社区汇总表.xlsx"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("王家村", "王家村."),
        ("a:b", "a_b"),
        ("Abc村", "aBC村"),
        (unicodedata.normalize("NFC", "é村"), unicodedata.normalize("NFD", "é村")),
    ],
)
def test_names_giving_one_file_are_refused_naming_both_rows(
    make_workbook, example_data, tmp_path, first, second
):
    example_data["村社区"][1]["名称"] = first  # row 3
    example_data["村社区"][5]["名称"] = second  # row 7
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as err:
        build_to(make_workbook(example_data), out)
    [problem] = err.value.problems
    assert problem.where == "村社区!A7"
    assert "村社区!A3" in problem.message
    assert first in problem.message and second in problem.message
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("../../x", ".._.._x"),
        ("/abs", "_abs"),
        ("a/b", "a_b"),
        ("CON", "_CON"),
        ("a:b?*", "a_b__"),
    ],
)
def test_hostile_names_stay_inside_the_folder(
    make_workbook, example_data, tmp_path, name, file_name
):
    example_data["村社区"][0]["名称"] = name
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=[KIND])
    target = archive_dir(out) / f"{file_name}.docx"
    assert target.is_file()
    assert Document(str(target)).paragraphs[0].text == f"{name}安全基本情况档案"
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
    assert not (tmp_path / "x.docx").exists()


def test_a_long_name_is_cut_to_a_safe_length(make_workbook, example_data, tmp_path):
    name = "静" * 90
    example_data["村社区"][0]["名称"] = name
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    build_to(make_workbook(example_data), out, only=[KIND])
    [long_file] = [p for p in archive_dir(out).glob("静静*.docx")]
    assert len(long_file.stem.encode("utf-8")) <= MAX_NAME_BYTES
    assert long_file.stem == "静" * (MAX_NAME_BYTES // 3)


def test_a_name_with_nothing_left_is_an_error_naming_its_cell(
    make_workbook, example_data, tmp_path
):
    example_data["村社区"][2]["名称"] = "???"
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as err:
        build_to(make_workbook(example_data), out)
    [problem] = err.value.problems
    assert problem.where == "村社区!A4"
    assert "「???」" in problem.message
    assert not out.exists()


def test_progress_is_reported_for_every_document(example_workbook, example_data, tmp_path):
    calls = []
    build_to(example_workbook, tmp_path / "out", only=[KIND], progress=lambda *a: calls.append(a))
    n = len(example_data["村社区"])
    assert calls == [(i, n) for i in range(1, n + 1)]
