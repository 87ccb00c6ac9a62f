"""Documents as LibreOffice lays them out: measured in the PDF against GB/T 9704."""

from __future__ import annotations

import pytest

import layout
from gongwen.build import build_to
from gongwen.packaging.pdf import convert_to_pdf

pytestmark = pytest.mark.libreoffice

LINE_PITCH_MM = 28.95 * 25.4 / 72  # 28.95 pt = 10.21 mm
ONE_CHARACTER_MM = 14 * 25.4 / 72  # the page number's inset: one 4号 character
FULL_WIDTH = ("\u2e80", "\uffef")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    layout.require_soffice()
    out = tmp_path_factory.mktemp("work-plan")
    [plan] = [b for b in build_to(None, out / "docx") if b.kind == "工作计划"]
    return convert_to_pdf([plan.path], out / "pdf")[plan.path.resolve()]


def test_it_runs_to_several_pages(pdf):
    assert layout.page_count(pdf) >= 3


def test_every_full_page_holds_22_lines_on_the_grid(pdf):
    for page in range(1, layout.page_count(pdf)):  # every page but the last is full
        baselines = [line.baseline for line in layout.body_lines(pdf, page)]
        slots = [(b - baselines[0]) / LINE_PITCH_MM for b in baselines]
        assert all(abs(s - round(s)) < 0.05 for s in slots), f"page {page} leaves the grid"
        assert round(slots[-1]) + 1 == 22, f"page {page}"
        assert baselines[-1] > layout.TYPE_AREA.bottom - LINE_PITCH_MM / 2  # down to the foot


# Line-breaking rules (避头尾): these may not begin a line, those may not end one.
NOT_AT_LINE_START = set("，。、；：？！”’）》〕」』…")
NOT_AT_LINE_END = set("“‘（《〔「『")


def test_full_lines_of_chinese_hold_28_characters(pdf):
    """28 a line, except where a line gives one up so punctuation is not left alone."""
    full = []
    for page in range(1, layout.page_count(pdf) + 1):
        lines = layout.body_lines(pdf, page)
        for line, following in zip(lines, [*lines[1:], None], strict=True):
            if (
                abs(line.x0 - layout.TYPE_AREA.x0) < 1
                and line.x1 > layout.TYPE_AREA.x1 - 1
                and all(FULL_WIDTH[0] <= g.text <= FULL_WIDTH[1] for g in line.glyphs)
            ):
                full.append((line, following))
    assert len(full) >= 10
    counts = [line.chars for line, _ in full]
    assert counts.count(28) >= 0.8 * len(counts)
    for line, following in full:
        if line.chars == 28:
            continue
        assert line.chars == 28 - 1, line.text
        first, second = following.glyphs[0].text, following.glyphs[1].text
        assert first in NOT_AT_LINE_END or second in NOT_AT_LINE_START, (line.text, following.text)


def test_text_lies_within_the_margins(pdf):
    for page in range(1, layout.page_count(pdf) + 1):
        box = layout.text_box(pdf, page)
        assert box.within(layout.TYPE_AREA, tolerance=1.0), f"page {page}: {box}"


def test_page_numbers_read_dash_n_dash_outside_one_character_in(pdf):
    for page in range(1, layout.page_count(pdf) + 1):
        number = layout.page_number(pdf, page)
        assert number is not None and number.text == f"— {page} —"
        assert number.number == page
        if page % 2:  # odd pages: one character from the right edge of the type area
            assert abs(number.x1 - (layout.TYPE_AREA.x1 - ONE_CHARACTER_MM)) < 1, number
        else:  # even pages: one character from the left
            assert abs(number.x0 - (layout.TYPE_AREA.x0 + ONE_CHARACTER_MM)) < 1, number
        # 7 mm below the type area
        below = number.top - layout.TYPE_AREA.bottom
        assert abs(below - 7) < 1, below


def test_title_headings_and_body_use_their_faces_and_sizes(pdf):
    lines = {line.text.replace(" ", ""): line for line in layout.lines(pdf, 1)}
    title = lines["静观镇创建安全社区工作计划"]
    assert "NotoSerifCJK" in title.font and "Bold" in title.font  # 小标宋
    assert title.size == 22
    assert "NotoSansCJK" in lines["一、指导思想"].font  # 黑体
    assert "UKai" in lines["（一）安全社区建设基本概念"].font  # 楷体
    continued = [  # lines that continue a body paragraph start at the left margin
        line for line in layout.body_lines(pdf, 2) if abs(line.x0 - layout.TYPE_AREA.x0) < 1
    ]
    chinese = [g for line in continued for g in line.glyphs if g.text >= FULL_WIDTH[0]]
    assert len(chinese) > 100
    assert {(g.size, "NotoSerifCJK" in g.font) for g in chinese} == {(16, True)}  # 仿宋


def test_title_is_centred(pdf):
    title = layout.lines(pdf, 1)[0]
    centre = (layout.TYPE_AREA.x0 + layout.TYPE_AREA.x1) / 2
    assert abs((title.x0 + title.x1) / 2 - centre) < 1


def test_no_punctuation_hangs_into_the_margin_in_any_document(tmp_path):
    layout.require_soffice()
    documents = [b.path for b in build_to(None, tmp_path / "docx") if b.path.suffix == ".docx"]
    documents = [d for d in documents if d.parent.name != "村社区档案"]
    pdfs = convert_to_pdf(documents, tmp_path / "pdf")
    assert len(pdfs) >= 6
    for pdf in pdfs.values():
        for page in range(1, layout.page_count(pdf) + 1):
            for line in layout.body_lines(pdf, page):
                assert line.x1 <= layout.TYPE_AREA.x1 + 0.5, (pdf.name, page, line.text)


def test_every_full_page_of_running_text_holds_22_lines_in_every_kind(tmp_path):
    """Pages with no drawn rules (no table, no 版头 or 版记 lines) before the body's last page
    (a notice's 版记 may stand on a page of its own after it)."""
    import pdfplumber

    layout.require_soffice()
    kinds = ["工作计划", "实施方案", "领导小组通知", "阶段总结"]
    documents = [b.path for b in build_to(None, tmp_path / "docx", only=kinds)]
    pdfs = convert_to_pdf(documents, tmp_path / "pdf")
    measured = 0
    for pdf in pdfs.values():
        with pdfplumber.open(pdf) as opened:
            ruled = {i + 1 for i, page in enumerate(opened.pages) if page.lines or page.rects}
        last = layout.page_count(pdf)
        while last > 1 and not _running_text(pdf, last):
            last -= 1  # the 版记's own page, or the blank page before it
        for page in range(1, last):
            if page in ruled:
                continue
            baselines = [line.baseline for line in layout.body_lines(pdf, page)]
            slots = [(b - baselines[0]) / LINE_PITCH_MM for b in baselines]
            assert all(abs(s - round(s)) < 0.05 for s in slots), (pdf.name, page)
            assert round(slots[-1]) + 1 == 22, (pdf.name, page)
            measured += 1
    assert measured >= 6  # 工作计划 3, 实施方案 2, 领导小组通知 1


def _running_text(pdf, page: int) -> bool:
    """Whether ``page`` holds body text other than the 版记's (抄送 … 印发)."""
    texts = [line.text.replace(" ", "") for line in layout.body_lines(pdf, page)]
    if any(t.startswith("抄送：") for t in texts):
        first = next(i for i, t in enumerate(texts) if t.startswith("抄送："))
        texts = texts[:first]
    return bool(texts)
