"""The leading-group notice (领导小组通知): a complete 公文 with 版头 and 版记.

Content is read back from the .docx; the layout GB/T 9704 asks for (标志 35 mm below the
type area's top, red line 4 mm below the 发文字号, 版记 on the bottom edge of the type area
of the last page) is measured in LibreOffice's PDF.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from example_data import EXAMPLE

import layout
from docx_content import error_findings
from gongwen.build import build_to
from gongwen.errors import WorkbookError
from gongwen.formatting import (
    CLOSING,
    DATE,
    DOC_NUMBER,
    ISSUER_MARK,
    ROSTER,
    SIGNATURE,
    TITLE,
)
from gongwen.render.filters import pad_name
from gongwen.workbook.writer import write_workbook

KIND = "领导小组通知"
TITLE_TEXT = "静观镇人民政府关于成立创建安全社区工作领导小组的通知"
LABELS = {"组\u3000长：": "组长", "副组长：": "副组长", "成\u3000员：": "成员"}
BLANK_LABEL = "\u3000" * 4
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(workbook: Path, out: Path) -> Path:
    [doc] = build_to(workbook, out, only=[KIND], force=True)
    return doc.path


@pytest.fixture
def notice(tmp_path, make_workbook, example_data):
    """make(data) -> the rendered notice of that data (the example's by default)."""

    def make(data=example_data):
        return _build(make_workbook(data), tmp_path / "out")

    return make


def info(data: dict) -> dict:
    return data["基本信息"][0]


def by_style(path: Path, style: str) -> list[str]:
    return [p.text for p in Document(path).paragraphs if p.style.name == style]


def closing_rows(path: Path) -> list[str]:
    """The 版记's rows (in the text box at the foot of the last page), tabs as \\t."""
    body = Document(path).element.body
    rows = []
    for tc in body.iter(qn("w:txbxContent")):
        if not tc.getparent().tag.endswith("}txbx"):  # the VML fallback (v:textbox) repeats it
            continue
        for row in tc.iter(qn("w:tr")):
            text = ""
            for run in row.iter(qn("w:r")):
                for node in run:
                    if node.tag == qn("w:tab"):
                        text += "\t"
                    elif node.tag == qn("w:t"):
                        text += node.text or ""
            rows.append(text)
    return rows


def roster(path: Path) -> dict[str, list[str]]:
    """组长/副组长/成员 -> the member lines under that label ("王　强　镇综治办主任")."""
    groups: dict[str, list[str]] = {}
    current = None
    for line in by_style(path, ROSTER):
        label, rest = line[:4], line[4:]
        if label != BLANK_LABEL:
            current = LABELS[label]
        groups.setdefault(current, []).append(rest)
    return groups


def expected_roster(data: dict) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for role in ("组长", "副组长", "成员"):
        rows = sorted(
            (m for m in data["领导小组"] if m["小组职务"] == role), key=lambda m: m["排序"]
        )
        if rows:
            groups[role] = [f"{pad_name(m['姓名'])}\u3000{m['职务']}" for m in rows]
    return groups


# --- content -------------------------------------------------------------------------------
def test_the_issuer_mark_is_the_issuer_and_文件_in_red_小标宋(notice):
    document = Document(notice())
    [mark] = [p for p in document.paragraphs if p.style.name == ISSUER_MARK]
    assert mark.text == "静观镇人民政府文件"
    style = mark.style
    assert style.font.color.rgb is not None and str(style.font.color.rgb) == "FF0000"
    assert style.font.size == Pt(42)
    assert (
        style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    )  # the Windows font set: 宋体 in bold
    assert style.font.bold
    assert mark.alignment is None and style.paragraph_format.alignment == 1  # centred


def test_the_document_number_joins_code_year_and_sequence(notice, example_data):
    assert by_style(notice(), DOC_NUMBER) == ["静府发〔2024〕12号"]
    info(example_data).update({"机关代字": "静府", "年度": 2025, "发文顺序号": 7})
    info(example_data).update({"成文日期": "2025年3月1日", "印发日期": None, "申报日期": None})
    [number] = by_style(notice(example_data), DOC_NUMBER)
    assert number == "静府〔2025〕7号"
    assert re.fullmatch(r"\S+〔\d{4}〕[1-9]\d*号", number)


def test_the_red_line_is_the_document_number_paragraphs_bottom_border(notice):
    document = Document(notice())
    style = document.styles[DOC_NUMBER]
    bottom = style.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    assert int(bottom.get(qn("w:sz"))) / 8 == pytest.approx(Mm(0.5).pt, abs=0.1)


def test_title_addressee_signature_and_date(notice):
    path = notice()
    [title] = by_style(path, TITLE)
    assert title.replace("\n", "") == TITLE_TEXT
    assert path.name == f"{TITLE_TEXT}.docx"
    text = [p.text for p in Document(path).paragraphs]
    addressee = text.index("各村（社区）、镇属各单位：")
    assert addressee == text.index(title) + 2 and text[addressee - 1] == ""
    assert by_style(path, SIGNATURE) == ["静观镇人民政府"]
    assert by_style(path, DATE) == ["2024年3月15日"]


def test_the_addressee_comes_from_基本信息(notice, example_data):
    info(example_data)["主送机关"] = "各村（社区）、各部门："
    text = [p.text for p in Document(notice(example_data)).paragraphs]
    assert "各村（社区）、各部门：" in text


def test_every_member_stands_under_their_group_with_their_position(notice, example_data):
    assert roster(notice()) == expected_roster(example_data)
    assert roster(notice())["组长"] == ["田河堰\u3000镇党委副书记、镇长"]


def test_a_group_without_deputies_has_no_副组长_line(notice, example_data):
    example_data["领导小组"] = [m for m in example_data["领导小组"] if m["小组职务"] != "副组长"]
    groups = roster(notice(example_data))
    assert list(groups) == ["组长", "成员"]
    assert groups == expected_roster(example_data)


def test_the_office_and_its_director_and_the_duties(notice):
    text = "\n".join(p.text for p in Document(notice()).paragraphs)
    assert "领导小组下设办公室，办公室设在镇综治办，由王强同志兼任办公室主任" in text
    for heading in ("一、领导小组组成人员", "二、领导小组办公室", "三、工作职责", "四、工作要求"):
        assert heading in text.split("\n")
    assert "（一）领导小组职责" in text and "（二）领导小组办公室职责" in text


def test_the_closing_block_lists_copies_ending_with_a_full_stop_then_the_印发_line(notice):
    assert closing_rows(notice()) == [
        "抄送：北碚区安全生产委员会办公室，北碚区应急管理局，镇党委各办公室。",
        "静观镇党政办公室\t2024年3月15日印发",
    ]


def test_a_trailing_full_stop_typed_in_抄送_is_not_doubled(notice, example_data):
    info(example_data)["抄送"] = "区安委办，区应急局。"
    assert closing_rows(notice(example_data))[0] == "抄送：区安委办，区应急局。"


def test_without_抄送_only_the_印发_line_remains(notice, example_data):
    del info(example_data)["抄送"]
    assert closing_rows(notice(example_data)) == ["静观镇党政办公室\t2024年3月15日印发"]


def test_印发机关_and_印发日期_default_to_the_issuer_and_the_date(notice, example_data):
    del info(example_data)["印发机关"]
    del info(example_data)["印发日期"]
    info(example_data)["成文日期"] = EXAMPLE["基本信息"][0]["成文日期"].replace(day=20)
    assert closing_rows(notice(example_data))[-1] == "静观镇人民政府\t2024年3月20日印发"


def test_the_closing_block_is_4号仿宋_one_character_in_from_each_side(notice):
    style = Document(notice()).styles[CLOSING]
    assert style.font.size == Pt(14)
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    fmt = style.paragraph_format
    assert fmt.left_indent == Pt(14) and fmt.right_indent == Pt(14)


def test_the_closing_lines_are_thick_thin_thick_and_as_wide_as_the_type_area(notice):
    body = Document(notice()).element.body
    [table] = next(body.iter(qn("w:txbxContent"))).iter(qn("w:tbl"))
    borders = table.find(qn("w:tblPr")).find(qn("w:tblBorders"))

    def width(side: str) -> float:
        return int(borders.find(qn(f"w:{side}")).get(qn("w:sz"))) / 8  # points

    assert width("top") == pytest.approx(Mm(0.35).pt, abs=0.07)
    assert width("bottom") == pytest.approx(Mm(0.35).pt, abs=0.07)
    assert width("insideH") == pytest.approx(Mm(0.25).pt, abs=0.07)
    grid = table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    assert sum(int(c.get(qn("w:w"))) for c in grid) == Mm(156).twips


@pytest.mark.parametrize("item", ["发文顺序号", "主送机关"])
def test_a_missing_item_the_notice_needs_is_named_and_nothing_is_written(
    tmp_path, make_workbook, example_data, item
):
    del info(example_data)[item]
    with pytest.raises(WorkbookError) as raised:
        _build(make_workbook(example_data), tmp_path / "out")
    message = str(raised.value)
    assert "基本信息" in message and f"「{item}」" in message and "领导小组通知" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.docx"))


def test_a_full_build_without_the_notices_items_skips_it_and_says_why(
    tmp_path, make_workbook, example_data
):
    del info(example_data)["发文顺序号"]
    result = build_to(make_workbook(example_data), tmp_path / "out")
    assert KIND not in {b.kind for b in result}
    assert "工作计划" in {b.kind for b in result}
    [skipped] = result.skipped
    assert (skipped.kind, skipped.reason) == (KIND, "缺少基本信息中的项目「发文顺序号」")


def test_a_long_issuer_name_is_narrowed_to_the_type_area(notice, example_data):
    info(example_data)["发文机关"] = "重庆市北碚区静观镇人民政府办公室"
    document = Document(notice(example_data))
    [mark] = [p for p in document.paragraphs if p.style.name == ISSUER_MARK]
    scales = {r._r.rPr.find(qn("w:w")).get(qn("w:val")) for r in mark.runs}
    [scale] = scales
    width_pt = len(mark.text) * 42 * int(scale) / 100
    assert width_pt <= Mm(156).pt
    assert width_pt > 0.95 * Mm(156).pt


def test_a_short_issuer_name_keeps_its_full_width(notice):
    document = Document(notice())
    [mark] = [p for p in document.paragraphs if p.style.name == ISSUER_MARK]
    assert all(r._r.rPr is None or r._r.rPr.find(qn("w:w")) is None for r in mark.runs)


def test_the_notice_passes_the_projects_own_checks(notice, example_workbook, tmp_path):
    assert error_findings(_build(example_workbook, tmp_path / "out"), example_workbook) == []


def test_pad_name_spaces_two_character_names_to_three():
    assert pad_name("王强") == "王\u3000强"
    assert pad_name("田河堰") == "田河堰"
    assert pad_name("欧阳修远") == "欧阳修远"


# --- layout in LibreOffice's PDF -------------------------------------------------------------
LONG_EXTRA_MEMBERS = 40


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """PDFs of the example notice ("short") and one with 40 more members ("long")."""
    layout.require_soffice()
    from gongwen.packaging.pdf import convert_to_pdf

    root = tmp_path_factory.mktemp("notice")
    long_data = copy.deepcopy(EXAMPLE)
    for i in range(LONG_EXTRA_MEMBERS):
        long_data["领导小组"].append(
            {
                "姓名": f"成员{i:02d}",
                "职务": "镇某服务中心副主任",
                "小组职务": "成员",
                "排序": 100 + i,
            }
        )
    docs = {}
    for name, data in (("short", copy.deepcopy(EXAMPLE)), ("long", long_data)):
        write_workbook(root / f"{name}.xlsx", data)
        source = _build(root / f"{name}.xlsx", root / name)
        docs[name] = source.rename(root / name / f"{name}.docx")
    converted = convert_to_pdf(list(docs.values()), root / "pdf")
    return {name: converted[path.resolve()] for name, path in docs.items()}


@pytest.fixture
def short(pdfs) -> Path:
    return pdfs["short"]


@pytest.fixture
def long(pdfs) -> Path:
    return pdfs["long"]


MM = layout.MM_PER_PT


def rules(pdf: Path, page: int) -> list[dict]:
    """Horizontal lines drawn on ``page`` (stroked lines or thin filled rectangles), in mm,
    top to bottom: x0, x1, y (middle), width, colour; duplicates drawn twice count once."""
    found: dict[tuple, dict] = {}
    with pdfplumber.open(pdf) as document:
        p = document.pages[page - 1]
        for line in p.lines:
            if abs(line["top"] - line["bottom"]) < 0.5:
                y, width = line["top"] * MM, line["linewidth"] * MM
                color = line.get("stroking_color")
                found.setdefault((round(y, 2), round(line["x0"] * MM, 1)), {})
                found[(round(y, 2), round(line["x0"] * MM, 1))] = dict(
                    x0=line["x0"] * MM, x1=line["x1"] * MM, y=y, width=width, color=color
                )
        for rect in p.rects:
            height = (rect["bottom"] - rect["top"]) * MM
            if height < 1 and (rect["x1"] - rect["x0"]) * MM > 50:
                y = (rect["top"] + rect["bottom"]) / 2 * MM
                found[(round(y, 2), round(rect["x0"] * MM, 1))] = dict(
                    x0=rect["x0"] * MM,
                    x1=rect["x1"] * MM,
                    y=y,
                    width=height,
                    color=rect.get("non_stroking_color"),
                )
    return sorted(found.values(), key=lambda r: r["y"])


def red(color) -> bool:
    return color is not None and tuple(round(c, 2) for c in color) == (1.0, 0.0, 0.0)


def line_with(pdf: Path, page: int, text: str) -> layout.Line:
    [line] = [ln for ln in layout.lines(pdf, page) if text in ln.text.replace(" ", "")]
    return line


def glyph_colors(pdf: Path, page: int, line: layout.Line) -> set:
    """The fill colours of the glyphs on ``line``."""
    with pdfplumber.open(pdf) as document:
        chars = document.pages[page - 1].chars
        return {
            tuple(c["non_stroking_color"])
            for c in chars
            if abs((document.pages[page - 1].height - c["matrix"][5]) * MM - line.baseline) < 0.5
        }


@pytest.mark.libreoffice
def test_pdf_the_mark_is_red_and_its_top_35_mm_below_the_type_area(short):
    mark = line_with(short, 1, "静观镇人民政府文件")
    assert mark.top == pytest.approx(layout.TYPE_AREA.top + 35, abs=1)
    assert mark.size == pytest.approx(42)
    assert all(red(c) for c in glyph_colors(short, 1, mark))
    centre = (mark.x0 + mark.x1) / 2
    assert centre == pytest.approx((layout.TYPE_AREA.x0 + layout.TYPE_AREA.x1) / 2, abs=1)
    assert mark.box.within(layout.TYPE_AREA)


@pytest.mark.libreoffice
def test_pdf_the_document_number_is_centred_two_blank_lines_below_the_mark(short):
    mark = line_with(short, 1, "静观镇人民政府文件")
    number = line_with(short, 1, "静府发〔2024〕12号")
    centre = (number.x0 + number.x1) / 2
    assert centre == pytest.approx((layout.TYPE_AREA.x0 + layout.TYPE_AREA.x1) / 2, abs=1)
    pitch = 28.95 * 25.4 / 72
    assert 2 * pitch < number.top - mark.baseline < 3 * pitch


@pytest.mark.libreoffice
def test_pdf_the_red_line_is_4_mm_below_the_document_number_across_the_type_area(short):
    number = line_with(short, 1, "静府发〔2024〕12号")
    [separator] = [r for r in rules(short, 1) if red(r["color"])]
    assert separator["y"] - number.baseline == pytest.approx(4, abs=1)
    assert separator["x0"] == pytest.approx(layout.TYPE_AREA.x0, abs=0.5)
    assert separator["x1"] == pytest.approx(layout.TYPE_AREA.x1, abs=0.5)
    title = line_with(short, 1, "关于成立")
    assert title.top > separator["y"] + 1.5 * (28.95 * 25.4 / 72)  # two blank lines


def _closing_lines_at_the_foot(pdf: Path) -> None:
    last = layout.page_count(pdf)
    lines = [r for r in rules(pdf, last) if not red(r["color"])]
    assert len(lines) == 3
    top, middle, bottom = lines
    assert bottom["y"] + bottom["width"] / 2 == pytest.approx(layout.TYPE_AREA.bottom, abs=1.5)
    for rule in lines:
        assert rule["x0"] == pytest.approx(layout.TYPE_AREA.x0, abs=0.5)
        assert rule["x1"] == pytest.approx(layout.TYPE_AREA.x1, abs=0.5)
    assert top["width"] == pytest.approx(0.35, abs=0.06)
    assert bottom["width"] == pytest.approx(0.35, abs=0.06)
    assert middle["width"] == pytest.approx(0.25, abs=0.06)
    copy_to = line_with(pdf, last, "抄送：")
    printed = line_with(pdf, last, "印发")
    assert top["y"] < copy_to.top < middle["y"] < printed.top < bottom["y"]
    inset = 14 * 25.4 / 72
    assert copy_to.x0 == pytest.approx(layout.TYPE_AREA.x0 + inset, abs=0.5)
    assert printed.x0 == pytest.approx(layout.TYPE_AREA.x0 + inset, abs=0.5)
    assert printed.x1 == pytest.approx(layout.TYPE_AREA.x1 - inset, abs=0.5)
    for page in range(1, last):
        assert not [r for r in rules(pdf, page) if not red(r["color"])]
        assert not [ln for ln in layout.lines(pdf, page) if "抄送" in ln.text]


@pytest.mark.libreoffice
def test_pdf_the_closing_block_ends_on_the_bottom_edge_of_the_type_area(short):
    _closing_lines_at_the_foot(short)


@pytest.mark.libreoffice
def test_pdf_a_long_notice_still_ends_with_the_closing_block_at_the_foot(long):
    assert layout.page_count(long) >= 2
    _closing_lines_at_the_foot(long)
    text = [ln.text.replace(" ", "") for page in layout.pages(long) for ln in page]
    members = [t for t in text if re.search(r"成员\d\d", t)]
    assert len(members) == LONG_EXTRA_MEMBERS
    assert text.index(members[-1]) < text.index("静观镇人民政府") < text.index("2024年3月15日")


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["short", "long"])
def test_pdf_every_page_keeps_its_text_within_the_margins(pdfs, which):
    pdf = pdfs[which]
    for page in range(1, layout.page_count(pdf) + 1):
        assert layout.text_box(pdf, page).within(layout.TYPE_AREA, tolerance=1)


@pytest.mark.libreoffice
def test_pdf_the_copy_list_wraps_under_the_first_name_after_the_colon(short):
    last = layout.page_count(short)
    lines = layout.lines(short, last)
    first = next(i for i, ln in enumerate(lines) if ln.text.startswith("抄送："))
    if lines[first + 1].text.endswith("印发"):
        pytest.skip("the copy list fits on one line")
    label = 14 * len("抄送：") * MM
    assert lines[first + 1].x0 == pytest.approx(lines[first].x0 + label, abs=0.5)
