"""Tables as LibreOffice lays them out, in every shipped kind, from the example and from a
40-village workbook with long values: tokens and short headers whole, no lone characters,
widths with margin, and room for a seal."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from example_data import EXAMPLE

import layout
from gongwen.formatting import gbt9704 as std
from gongwen.packaging.package import make_package
from gongwen.workbook.writer import write_workbook

pytestmark = pytest.mark.libreoffice

# Unbreakable: dates, numbers, phone numbers, codes such as DOCX.
TOKEN = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|[A-Za-z0-9][A-Za-z0-9.%²]*")
FILE_NAME = re.compile(r"^\d{2}-")
PUNCTUATION = set("，。、；：？！”’）》〕」』…“‘（《〔「『")
LONG_PLACES = "镇中心小学、农贸市场、镇卫生院、敬老院、加油站和液化气供应点"
LONG_NAME = "欧阳建国"
CELL_MARGINS_MM = 2 * 108 / 20 * 25.4 / 72  # Table Grid: 108 twips each side


def forty_villages() -> dict:
    """The example campaign with 40 villages holding long values."""
    data = copy.deepcopy(EXAMPLE)
    model = data["村社区"][0]
    villages = []
    for i in range(40):
        kind = "社区" if i % 8 == 0 else "村"
        villages.append(
            {
                **model,
                "名称": f"{'东南西北上下前后'[i % 8]}{'山河湾坪林'[i // 8]}{kind}",
                "类型": kind,
                "户数": 1000 + 37 * i,
                "人口": 3000 + 113 * i,
                "面积": round(5 + 0.37 * i, 2),
                "联系人": LONG_NAME,
                "联系电话": f"139{83012000 + i:08d}",
                "重点场所": LONG_PLACES,
                "隐患数": 10 + i % 7,
                "已整改数": 9 + i % 7,
            }
        )
    data["村社区"] = villages
    # each village's hazards by phase, adding up to its totals
    data["村社区阶段数据"] = [
        row
        for v in villages
        for row in (
            {"村社区": v["名称"], "阶段": "启动阶段", "排查隐患数": 6, "已整改数": 4},
            {
                "村社区": v["名称"],
                "阶段": "实施阶段",
                "排查隐患数": v["隐患数"] - 6,
                "已整改数": v["已整改数"] - 4,
            },
        )
    ]
    for row in data["阶段总结"]:  # computed from the villages
        row["排查隐患数"] = row["整改数"] = None
    data["领导小组"].append(
        {"姓名": LONG_NAME, "职务": "镇应急办主任", "小组职务": "成员", "排序": 9}
    )
    return data


def _pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory) -> list[Path]:
    layout.require_soffice()
    out = tmp_path_factory.mktemp("example-tables")
    make_package(None, out)
    return _pdfs(out)


@pytest.fixture(scope="module")
def forty_pdfs(tmp_path_factory) -> list[Path]:
    layout.require_soffice()
    out = tmp_path_factory.mktemp("forty-tables")
    assert len(LONG_PLACES) == 30
    workbook = out / "forty.xlsx"
    write_workbook(workbook, forty_villages())
    make_package(workbook, out / "package")
    return _pdfs(out / "package")


def cells(pdfs: list[Path]):
    """(pdf name, page, cell) of every table cell of every page."""
    for pdf in pdfs:
        for page in range(1, layout.page_count(pdf) + 1):
            for cell in layout.table_cells(pdf, page):
                if cell.lines:
                    yield pdf.name, page, cell


def broken_tokens(cell: layout.Cell) -> list[str]:
    """Tokens (and file-name parts) that a line end cuts."""
    texts = cell.line_texts
    joined = "".join(texts)
    ends = [sum(len(t) for t in texts[: i + 1]) for i in range(len(texts) - 1)]
    broken = [
        m.group() for m in TOKEN.finditer(joined) if any(m.start() < e < m.end() for e in ends)
    ]
    if FILE_NAME.match(joined):  # a file name breaks after "/" or "-", or in a long part
        parts = [p for p in re.split(r"(?<=[/-])", joined) if p]
        at = 0
        for part in parts:
            inside = [e for e in ends if at < e < at + len(part)]
            if inside and len(part) <= 6:
                broken.append(part)
            at += len(part)
    return broken


@pytest.fixture(params=["example", "forty"])
def all_pdfs(request, example_pdfs, forty_pdfs) -> list[Path]:
    return example_pdfs if request.param == "example" else forty_pdfs


def test_every_kind_and_the_package_documents_are_measured(example_pdfs, forty_pdfs):
    for pdfs in (example_pdfs, forty_pdfs):
        names = {p.name for p in pdfs}
        for kind in ("材料清单", "工作计划", "实施方案", "领导小组通知", "评定申报表", "工作总结"):
            assert any(kind in n for n in names), kind
    archives = [p for p in forty_pdfs if p.parent.name.endswith("村社区档案")]
    assert len(archives) == 40


def test_no_cell_breaks_inside_a_number_phone_date_code_or_file_name(all_pdfs):
    found = [
        (name, page, cell.line_texts) for name, page, cell in cells(all_pdfs) if broken_tokens(cell)
    ]
    assert found == []


def test_tokens_are_really_checked():
    cell = layout.Cell(layout.TYPE_AREA, ())
    assert broken_tokens(cell) == []
    fake = type("FakeCell", (), {"line_texts": ["电话1398301", "2003"]})()
    assert broken_tokens(fake) == ["13983012003"]
    fake.line_texts = ["08-村社区档案/塔坪", "村"]
    assert broken_tokens(fake) == ["塔坪村"]
    fake.line_texts = ["08-村社区档案/", "塔坪村"]
    assert broken_tokens(fake) == []


def test_texts_of_up_to_four_characters_stay_on_one_line(all_pdfs):
    found = [
        (name, page, cell.line_texts)
        for name, page, cell in cells(all_pdfs)
        if len(cell.text) <= 4 and len(cell.lines) > 1
    ]
    assert found == []


def test_no_last_line_holds_a_lone_character(all_pdfs):
    found = []
    for name, page, cell in cells(all_pdfs):
        texts = cell.line_texts
        if len(texts) > 1 and len([c for c in texts[-1] if c not in PUNCTUATION]) <= 1:
            found.append((name, page, texts))
    assert found == []


def test_phone_numbers_fit_with_a_quarter_of_their_width_to_spare(forty_pdfs):
    phones = 0
    for _, _, cell in cells([p for p in forty_pdfs if "村社区档案" in str(p)]):
        for line in cell.lines:
            if re.fullmatch(r"139\d{8}", line.text):
                phones += 1
                room = cell.box.width - CELL_MARGINS_MM
                assert room >= 1.25 * line.box.width, (line.text, room, line.box.width)
    assert phones == 40


def test_table_text_is_4hao(example_pdfs):
    [scheme] = [p for p in example_pdfs if "实施方案" in p.name]
    sizes = {
        line.size
        for page in range(1, layout.page_count(scheme) + 1)
        for cell in layout.table_cells(scheme, page)
        for line in cell.lines
    }
    assert sizes == {std.TABLE_SIZE.pt}


def test_seal_cells_leave_45_mm_with_the_seal_line_and_date_at_the_foot(example_pdfs):
    [application] = [p for p in example_pdfs if "评定申报表" in p.name]
    seals = [
        cell
        for page in range(1, layout.page_count(application) + 1)
        for cell in layout.table_cells(application, page)
        if any(t.endswith("（盖章）") for t in cell.line_texts)
    ]
    assert len(seals) == 2
    for cell in seals:
        texts = cell.line_texts
        signed = cell.lines[texts.index("负责人（签字）：")]
        seal_line = next(i for i, t in enumerate(texts) if t.endswith("（盖章）"))
        assert seal_line == len(texts) - 2  # the 盖章 line, then the date, at the foot
        room = cell.box.bottom - signed.bottom
        assert room >= std.SEAL_CELL_MIN_HEIGHT.mm - 0.5, room
        date = cell.lines[-1]
        assert cell.box.bottom - date.bottom < std.TABLE_LINE_PITCH.pt * layout.MM_PER_PT
