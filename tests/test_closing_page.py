"""The 版记 on the last even page: notices whose body ends on an odd page, on an even page
with room below, and on a full even page, laid out by LibreOffice and measured."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from example_data import EXAMPLE

import layout
from gongwen.build import build_to
from gongwen.formatting import CLOSING_BOX
from gongwen.packaging.closing_page import AFTER_BLANK_PAGE, NEXT_PAGE, STAYS, decide
from gongwen.packaging.pdf import convert_to_pdf
from gongwen.workbook.writer import write_workbook

DATE = "2024年3月15日"  # the notice's 成文日期: the body's last line
# Members added to the example's leading group: the body then ends on page 3 (odd), on
# page 4 with room for the 版记 below it, and on page 4 without room.
ODD, EVEN_WITH_ROOM, EVEN_FULL = 0, 12, 31


def test_decide_from_the_two_layouts():
    assert decide(3, 3) == (NEXT_PAGE, 4)
    assert decide(3, 4) == (NEXT_PAGE, 4)
    assert decide(4, 4) == (STAYS, 4)
    assert decide(4, 5) == (AFTER_BLANK_PAGE, 6)
    assert decide(1, 1) == (NEXT_PAGE, 2)


def _notice(root: Path, members: int) -> tuple[Path, object]:
    data = copy.deepcopy(EXAMPLE)
    for i in range(members):
        data["领导小组"].append(
            {"姓名": f"成员{i:02d}", "职务": "镇某办主任", "小组职务": "成员", "排序": 100 + i}
        )
    workbook = root / f"members-{members}.xlsx"
    write_workbook(workbook, data)
    result = build_to(workbook, root / f"out-{members}", only=["领导小组通知"])
    [notice] = list(result)
    target = notice.path.rename(root / f"notice-{members}.docx")
    return target, result


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> dict[int, Path]:
    layout.require_soffice()
    root = tmp_path_factory.mktemp("closing")
    docs = {n: _notice(root, n)[0] for n in (ODD, EVEN_WITH_ROOM, EVEN_FULL)}
    pdfs = convert_to_pdf(list(docs.values()), root / "pdf")
    return {n: pdfs[path.resolve()] for n, path in docs.items()}


def texts(pdf: Path, page: int) -> list[str]:
    return [line.text.replace(" ", "") for line in layout.body_lines(pdf, page)]


def body_end(pdf: Path) -> int:
    [page] = [p for p in range(1, layout.page_count(pdf) + 1) if DATE in texts(pdf, p)]
    return page


def closing_page(pdf: Path) -> int:
    [page] = [
        p
        for p in range(1, layout.page_count(pdf) + 1)
        if any(t.startswith("抄送：") for t in texts(pdf, p))
    ]
    return page


def _at_the_foot(pdf: Path, page: int) -> None:
    printed = [
        ln for ln in layout.body_lines(pdf, page) if ln.text.replace(" ", "").endswith("印发")
    ]
    assert len(printed) == 1
    # the 印发 line is the last of the type area: its baseline less than a line above the edge
    assert 0 < layout.TYPE_AREA.bottom - printed[0].baseline < 10.2


@pytest.mark.libreoffice
def test_a_body_ending_on_an_odd_page_puts_the_closing_block_on_the_next_page(notices):
    pdf = notices[ODD]
    assert body_end(pdf) == 3
    assert closing_page(pdf) == 4 == layout.page_count(pdf)
    assert all(t.startswith("抄送：") or "印发" in t or "办公室。" in t for t in texts(pdf, 4))
    _at_the_foot(pdf, 4)
    # no blank page stands before it, so the 版记 page keeps its number
    assert [layout.page_number(pdf, p).number for p in range(1, 5)] == [1, 2, 3, 4]


@pytest.mark.libreoffice
def test_a_body_ending_on_an_even_page_with_room_keeps_the_closing_block_below_it(notices):
    pdf = notices[EVEN_WITH_ROOM]
    assert body_end(pdf) == 4
    assert closing_page(pdf) == 4 == layout.page_count(pdf)
    _at_the_foot(pdf, 4)
    assert [layout.page_number(pdf, p).number for p in range(1, 5)] == [1, 2, 3, 4]


@pytest.mark.libreoffice
def test_a_full_even_last_page_leaves_a_blank_page_and_neither_is_numbered(notices):
    pdf = notices[EVEN_FULL]
    assert body_end(pdf) == 4
    assert layout.page_count(pdf) == 6
    assert layout.lines(pdf, 5) == []  # blank: no text, no page number
    assert closing_page(pdf) == 6
    _at_the_foot(pdf, 6)
    assert layout.page_number(pdf, 6) is None
    assert [layout.page_number(pdf, p).number for p in range(1, 5)] == [1, 2, 3, 4]


@pytest.mark.libreoffice
def test_a_build_reports_no_warning_when_the_page_is_decided(tmp_path):
    layout.require_soffice()
    _, result = _notice(tmp_path, ODD)
    assert [f for f in result.warnings if f.rule == "GW320"] == []


def test_without_libreoffice_the_closing_block_stays_and_a_warning_says_so(tmp_path, monkeypatch):
    from gongwen.errors import RenderError
    from gongwen.packaging import soffice

    def missing():
        raise RenderError("未找到 LibreOffice（soffice），无法生成 PDF。")

    monkeypatch.setattr(soffice, "find_soffice", missing)
    path, result = _notice(tmp_path, ODD)
    [warning] = [f for f in result.warnings if f.rule == "GW320"]
    assert warning.severity == "warning"
    assert "未找到 LibreOffice" in warning.message and "版记仍排在正文末页的底部" in warning.message
    xml = zipfile.ZipFile(io.BytesIO(path.read_bytes())).read("word/document.xml").decode()
    assert f'name="{CLOSING_BOX}"' in xml  # the 版记's text box is still there, after the body
    assert "pageBreakBefore" not in xml and "titlePg" not in xml
