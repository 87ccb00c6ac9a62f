"""PDF output: LibreOffice lays out a GB/T 9704 body page as the standard asks.

The document is built here with python-docx from the figures in ``gongwen.formatting.gbt9704``: A4,
margins 37/35/28/26 mm, 3号仿宋 at an exact 28.95 pt line pitch, runs condensed by 0.25 pt,
justified, first lines indented two characters, widow control off, odd/even footers.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt

import layout
from gongwen.errors import RenderError
from gongwen.formatting import gbt9704
from gongwen.packaging import pdf, soffice

pytestmark = pytest.mark.libreoffice

TEXT = (
    "安全社区创建工作坚持政府领导部门协作全员参与持续改进的原则以预防伤害促进健康为目标建立长效机制"
)
PARAGRAPH_CHARS = 300  # 26 on the indented first line + 9 full lines of 28 + 22 = 11 lines
CHINESE_NUMBERS = "零一二三四五"
FULL_PAGES = 3  # six paragraphs of 11 lines fill three pages of 22 lines


@pytest.fixture(autouse=True)
def _soffice() -> None:
    layout.require_soffice()


def set_fonts(rpr, east_asia: str, latin: str = gbt9704.LATIN_FONT) -> None:
    """Name the faces of a run or style explicitly, dropping python-docx's theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.attrib.clear()
    for attribute, face in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia)):
        rfonts.set(qn(f"w:{attribute}"), face)


def add_page_field(paragraph) -> None:
    """``— PAGE —`` in 4号宋体."""

    def run(text: str | None = None, element: OxmlElement | None = None) -> None:
        r = paragraph.add_run(text)
        r.font.size = gbt9704.PAGE_NUMBER_SIZE
        set_fonts(r._r.get_or_add_rPr(), gbt9704.PAGE_NUMBER_FONT, gbt9704.PAGE_NUMBER_FONT)
        if element is not None:
            r._r.append(element)

    def field_char(kind: str) -> OxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run(gbt9704.PAGE_NUMBER_DASH + " ")
    run(element=field_char("begin"))
    run(element=instruction)
    run(element=field_char("separate"))
    run("1")
    run(element=field_char("end"))
    run(" " + gbt9704.PAGE_NUMBER_DASH)


def official_docx(
    path: Path,
    paragraphs: list[str],
    *,
    footer_distance: Length = gbt9704.FOOTER_DISTANCE,
) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = gbt9704.PAGE_WIDTH, gbt9704.PAGE_HEIGHT
    section.top_margin, section.bottom_margin = gbt9704.MARGIN_TOP, gbt9704.MARGIN_BOTTOM
    section.left_margin, section.right_margin = gbt9704.MARGIN_LEFT, gbt9704.MARGIN_RIGHT
    section.footer_distance = footer_distance

    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_rpr = defaults.find(qn("w:rPr"))
    set_fonts(default_rpr, gbt9704.BODY_FONT)
    default_rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")

    normal = doc.styles["Normal"]
    normal.font.size = gbt9704.BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    set_fonts(rpr, gbt9704.BODY_FONT)
    condense = OxmlElement("w:spacing")
    condense.set(qn("w:val"), str(round(gbt9704.CHAR_SPACING_CONDENSE.pt * 20)))  # -5
    rpr.append(condense)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = gbt9704.LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = gbt9704.FIRST_LINE_INDENT
    fmt.widow_control = False
    for text in paragraphs:
        doc.add_paragraph(text)

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.paragraph_format.alignment = alignment
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        add_page_field(paragraph)
    doc.save(path)
    return path


def body_text(paragraphs: int = 2 * FULL_PAGES, tail: int = 50) -> list[str]:
    """``paragraphs`` paragraphs of 300 characters, then one of ``tail`` characters."""
    texts = [(TEXT * 10)[i : i + PARAGRAPH_CHARS] for i in range(paragraphs)]
    return [*texts, (TEXT * 2)[:tail]]


@pytest.fixture(scope="module")
def body_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("body")
    docx = official_docx(folder / "正文.docx", body_text())
    return pdf.convert_to_pdf([docx], folder / "pdf")[docx.resolve()]


# --- Page layout ----------------------------------------------------------------------------


def test_three_full_pages_and_a_fourth_with_the_last_paragraph(body_pdf: Path) -> None:
    assert pdf.pdf_page_count(body_pdf) == FULL_PAGES + 1
    assert layout.chars_per_line(body_pdf, page=FULL_PAGES + 1) == [26, 24]


def test_a_full_page_has_22_lines(body_pdf: Path) -> None:
    for page in range(1, FULL_PAGES + 1):
        assert len(layout.body_lines(body_pdf, page)) == 22


def test_a_full_line_has_28_characters(body_pdf: Path) -> None:
    # Each 300-character paragraph: indented first line 26, nine full lines of 28, then 22.
    paragraph = [26, *[28] * 9, 22]
    for page in range(1, FULL_PAGES + 1):
        assert layout.chars_per_line(body_pdf, page) == paragraph * 2


def test_lines_are_28_95_pt_apart(body_pdf: Path) -> None:
    lines = layout.body_lines(body_pdf, page=1)
    average = (lines[-1].baseline - lines[0].baseline) / (len(lines) - 1)
    assert average == pytest.approx((28.95 * 25.4 / 72), abs=0.02)
    assert all(
        p == pytest.approx((28.95 * 25.4 / 72), abs=0.05)
        for p in layout.line_pitches(body_pdf, page=1)
    )


def test_characters_are_15_75_pt_apart_and_fill_the_type_area(body_pdf: Path) -> None:
    full = layout.body_lines(body_pdf, page=1)[1]
    pitch = 15.75 * 25.4 / 72
    for n, glyph in enumerate(full.glyphs):
        assert glyph.x0 == pytest.approx(layout.TYPE_AREA.x0 + n * pitch, abs=0.1)
    assert full.x1 == pytest.approx(layout.TYPE_AREA.x1, abs=1)


def test_the_first_line_is_indented_two_characters(body_pdf: Path) -> None:
    first = layout.body_lines(body_pdf, page=1)[0]
    assert first.x0 == pytest.approx(layout.TYPE_AREA.x0 + 2 * (15.75 * 25.4 / 72), abs=0.1)


def test_text_stays_within_the_margins(body_pdf: Path) -> None:
    for page in range(1, FULL_PAGES + 1):
        box = layout.text_box(body_pdf, page)
        assert box.within(layout.TYPE_AREA, tolerance=1), box
        # A full page reaches the left and right edges and the last line the bottom.
        assert box.x0 == pytest.approx(layout.TYPE_AREA.x0, abs=1)
        assert box.x1 == pytest.approx(layout.TYPE_AREA.x1, abs=1)
        assert box.bottom == pytest.approx(layout.TYPE_AREA.bottom, abs=3)


# --- Page numbers ---------------------------------------------------------------------------


def test_page_numbers_read_dash_n_dash(body_pdf: Path) -> None:
    for page in range(1, FULL_PAGES + 2):
        number = layout.page_number(body_pdf, page)
        assert number is not None
        assert number.text == f"— {page} —"


def test_odd_page_numbers_stand_right_and_even_ones_left(body_pdf: Path) -> None:
    for page in range(1, FULL_PAGES + 2):
        number = layout.page_number(body_pdf, page)
        if page % 2:
            assert number.x0 >= 168 and number.x1 <= 184 + 0.5, number
        else:
            assert number.x0 >= 28 - 0.5 and number.x1 <= 44, number


def test_page_number_sits_about_7_mm_below_the_type_area(body_pdf: Path) -> None:
    number = layout.page_number(body_pdf, page=1)
    below = number.top - layout.TYPE_AREA.bottom  # top of the 14 pt em box
    assert below == pytest.approx(7, abs=1.5)


# --- Fonts ----------------------------------------------------------------------------------


def test_the_substituted_faces_are_embedded(body_pdf: Path) -> None:
    # 仿宋_GB2312 (body) and 宋体 (page numbers) are both drawn with Noto Serif CJK.
    embedded = layout.fonts(body_pdf)
    assert embedded
    assert all(name.startswith("NotoSerifCJK") for name in embedded), embedded
    footer = layout.page_number(body_pdf, page=1).line
    assert footer.font.startswith("NotoSerifCJK")


# --- Conversion -----------------------------------------------------------------------------


def test_a_batch_converts_in_one_call_per_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[Path]] = []
    run = pdf._run_soffice

    def counting(soffice, profile, batch, *args, **kwargs):
        calls.append(list(batch))
        return run(soffice, profile, batch, *args, **kwargs)

    monkeypatch.setattr(pdf, "_run_soffice", counting)
    docs = [
        official_docx(tmp_path / f"文档{n}.docx", [f"第{CHINESE_NUMBERS[n]}号文档。" + TEXT * n])
        for n in range(1, 5)
    ]
    done: list[tuple[int, int]] = []
    result = pdf.convert_to_pdf(
        docs, tmp_path / "out", workers=1, progress=lambda *a: done.append(a)
    )

    assert len(calls) == 1 and len(calls[0]) == 4
    assert done == [(4, 4)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"文档{n}.pdf" for n in range(1, 5)
    ]
    for n, docx in enumerate(docs, start=1):
        assert result[docx.resolve()] == (tmp_path / "out" / f"文档{n}.pdf").resolve()
        assert layout.lines(result[docx.resolve()], page=1)[0].text.startswith(
            f"第{CHINESE_NUMBERS[n]}号文档"
        )


def test_two_workers_share_the_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[Path]] = []
    run = pdf._run_soffice

    def counting(soffice, profile, batch, *args, **kwargs):
        calls.append((profile, list(batch)))
        return run(soffice, profile, batch, *args, **kwargs)

    monkeypatch.setattr(pdf, "_run_soffice", counting)
    docs = [official_docx(tmp_path / f"d{n}.docx", [TEXT]) for n in range(4)]
    result = pdf.convert_to_pdf(docs, tmp_path / "out", workers=2)

    assert len(calls) == 2
    assert calls[0][0] != calls[1][0]  # each worker has its own profile
    assert {p for _, batch in calls for p in batch} == {d.resolve() for d in docs}
    assert all(pdf.pdf_page_count(p) == 1 for p in result.values())


def test_a_file_that_is_not_a_docx_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    good = official_docx(tmp_path / "好.docx", [TEXT])
    bad = tmp_path / "损坏的通知.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(RenderError, match=r"损坏的通知.docx"):
        pdf.convert_to_pdf([good, bad], tmp_path / "out")
    assert not list((tmp_path / "out").glob("*.pdf")) if (tmp_path / "out").exists() else True


def test_a_docx_libreoffice_cannot_load_is_named_and_leaves_no_pdf(tmp_path: Path) -> None:
    good = official_docx(tmp_path / "好.docx", [TEXT])
    bad = tmp_path / "坏的方案.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = b"\x00\xff garbage"
            target.writestr(item, data)
    with pytest.raises(RenderError) as caught:
        pdf.convert_to_pdf([good, bad], tmp_path / "out")
    assert "坏的方案.docx" in caught.value.message
    assert "好.docx" not in caught.value.message
    assert not (tmp_path / "out" / "坏的方案.pdf").exists()


def test_a_missing_document_is_named(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"不存在.*\n.*没有这个文件.docx"):
        pdf.convert_to_pdf([tmp_path / "没有这个文件.docx"], tmp_path / "out")


def test_a_conversion_over_the_timeout_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # profiles go under tmp_path
    docx = official_docx(tmp_path / "长文.docx", body_text())
    started = time.monotonic()
    with pytest.raises(RenderError, match=r"超时.*长文.docx"):
        pdf.convert_to_pdf([docx], tmp_path / "out", timeout=0.3)
    assert time.monotonic() - started < 10
    assert not (tmp_path / "out" / "长文.pdf").exists()
    assert not _processes_mentioning(str(tmp_path))


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path("/proc", entry, "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in cmdline:
                found.append(int(entry))
    return found


def test_soffice_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice, "SOFFICE_FALLBACK_PATHS", ())
    with pytest.raises(RenderError, match=r"apt-get install.*libreoffice-writer-nogui"):
        pdf.find_soffice()


def test_pdf_page_count_rejects_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "假.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(RenderError, match=r"假.pdf"):
        pdf.pdf_page_count(fake)
