"""Font sets: chosen in the workbook or on the command line, applied to every face, checked."""

from __future__ import annotations

import math
import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree
from openpyxl.utils import get_column_letter

from gongwen.build import build_to
from gongwen.check import check_docx
from gongwen.errors import FontSetError, WorkbookError
from gongwen.formatting import new_document
from gongwen.formatting.font_sets import DEFAULT, GB2312, WINDOWS, choose, font_set, rewrite_fonts
from gongwen.formatting.punctuation import hold_punctuation
from gongwen.workbook.writer import note, note_lines, write_blank_workbook

sys.path.insert(0, str(Path(__file__).parent / "check"))
from check_docs import set_east_asia, to_bytes
from test_check_format import found, sample

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def body_face(path: Path) -> str:
    return Document(str(path)).styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))


def test_the_default_is_the_faces_every_windows_has():
    assert DEFAULT is WINDOWS
    assert set(WINDOWS.chinese_faces) == {"仿宋", "楷体", "黑体", "宋体"}
    assert choose() is WINDOWS
    assert choose(None, "GB2312") is GB2312
    assert choose("windows", "GB2312") is WINDOWS  # the option wins, case ignored
    assert font_set(" gb2312 ") is GB2312
    with pytest.raises(FontSetError, match="没有字体方案「方正」"):
        choose("方正")


def test_the_workbook_item_chooses_and_the_option_overrides(make_workbook, example_data, tmp_path):
    example_data["基本信息"][0]["字体方案"] = "GB2312"
    workbook = make_workbook(example_data)
    [plan] = build_to(workbook, tmp_path / "a", only=["工作计划"])
    assert body_face(plan.path) == "仿宋_GB2312"
    [plan] = build_to(workbook, tmp_path / "b", only=["工作计划"], fonts_set="Windows")
    assert body_face(plan.path) == "仿宋"


def test_an_unknown_font_set_in_the_workbook_names_the_cell(make_workbook, example_data, tmp_path):
    example_data["基本信息"][0]["字体方案"] = "方正"
    with pytest.raises(WorkbookError) as error:
        build_to(make_workbook(example_data), tmp_path / "out")
    assert "基本信息!B" in error.value.message and "只能填 Windows、GB2312" in error.value.message


def _rpr(xml: str):
    return etree.fromstring(f'<w:rPr xmlns:w="{W}">{xml}</w:rPr>')


def test_renaming_faces_both_ways_with_the_title_in_bold_songti():
    title = _rpr(
        '<w:rFonts w:eastAsia="方正小标宋简体" w:ascii="Times New Roman"/><w:sz w:val="44"/>'
    )
    assert rewrite_fonts(title, WINDOWS) == {"宋体", "Times New Roman"}
    assert [c.tag.split("}")[1] for c in title] == ["rFonts", "b", "bCs", "sz"]
    page_number = _rpr('<w:rFonts w:eastAsia="宋体" w:ascii="宋体"/>')
    rewrite_fonts(page_number, GB2312)  # 宋体 not in bold is the page number's: kept
    assert page_number[0].get(f"{{{W}}}eastAsia") == "宋体"
    rewrite_fonts(title, GB2312)
    assert title[0].get(f"{{{W}}}eastAsia") == "方正小标宋简体"
    assert [c.tag.split("}")[1] for c in title] == ["rFonts", "sz"]
    body = _rpr('<w:rFonts w:eastAsia="仿宋_GB2312"/>')
    rewrite_fonts(body, WINDOWS)
    assert body[0].get(f"{{{W}}}eastAsia") == "仿宋"


def test_the_checker_accepts_either_set_and_the_title_in_bold_songti_only():
    doc = sample()
    set_east_asia(doc.paragraphs[0].runs[0]._r.get_or_add_rPr(), "宋体")
    assert found(doc) == [("GW305", None, 1, 0)]
    doc.paragraphs[0].runs[0].font.bold = True
    assert found(doc) == []
    for p in doc.paragraphs[1:]:
        for run in p.runs:
            fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
            if fonts is None or not fonts.get(qn("w:eastAsia")):
                continue
            fonts.set(qn("w:eastAsia"), fonts.get(qn("w:eastAsia")).replace("_GB2312", ""))
    assert check_docx(to_bytes(doc)) == []


def test_shared_punctuation_gets_runs_of_its_own_in_the_chinese_face():
    document = new_document()
    p = document.add_paragraph("坚持“安全第一”——预防为主…")
    hold_punctuation(document)
    runs = p._p.findall(qn("w:r"))
    assert ["".join(t.text for t in r.iter(qn("w:t"))) for r in runs] == [
        "坚持", "“", "安全第一", "”——", "预防为主", "…",
    ]  # fmt: skip
    for r in runs:
        fonts = (
            r.find(qn("w:rPr") + "/" + qn("w:rFonts")) if r.find(qn("w:rPr")) is not None else None
        )
        marks = set("".join(t.text for t in r.iter(qn("w:t")))) <= set("“”——…")
        if marks:
            assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "仿宋_GB2312"
            assert fonts.get(qn("w:hint")) == "eastAsia"
        else:
            assert fonts is None  # the style's fonts, Times New Roman for Latin text
    assert p.text == "坚持“安全第一”——预防为主…"


# --- gongwen init's workbook ---------------------------------------------------------------
def test_notes_are_sized_to_their_text(tmp_path):

    assert note_lines("一" * 19) == 1 and note_lines("一" * 20) == 2 and note_lines("a" * 38) == 1
    assert note("一" * 40).height > note("一").height
    path = write_blank_workbook(tmp_path / "blank.xlsx")
    checked = 0
    with zipfile.ZipFile(path) as z:
        for name in [n for n in z.namelist() if re.fullmatch(r"xl/comments/comment\d+\.xml", n)]:
            texts = {
                c.get("ref"): "".join(c.itertext())
                for c in etree.fromstring(z.read(name)).iter(f"{{{SML}}}comment")
            }
            vml = z.read(name.replace("comments/comment", "drawings/commentsDrawing")
                         .replace(".xml", ".vml"))  # fmt: skip
            for shape in etree.fromstring(vml).iter("{urn:schemas-microsoft-com:vml}shape"):
                width, height = (
                    int(re.search(rf"{k}:(\d+)px", shape.get("style")).group(1))
                    for k in ("width", "height")
                )
                row = int(shape.findtext(".//{urn:schemas-microsoft-com:office:excel}Row"))
                col = int(shape.findtext(".//{urn:schemas-microsoft-com:office:excel}Column"))
                text = texts[f"{get_column_letter(col + 1)}{row + 1}"]
                # 12 px a Chinese character (Latin half), 15 px a line, a few px of padding
                units = sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)
                assert height >= math.ceil(units / ((width - 12) / 12)) * 15, text
                checked += 1
    assert checked > 40


def test_list_validations_fit_excels_limit_and_the_font_set_has_one(tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write_blank_workbook(tmp_path / "blank.xlsx"))
    lists = [dv for ws in wb for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all(len(dv.formula1) <= 255 for dv in lists)
    ws = wb["基本信息"]
    row = next(c.row for c in ws["A"] if c.value == "字体方案")
    [dv] = [dv for dv in ws.data_validations.dataValidation if f"B{row}" in str(dv.sqref)]
    assert dv.formula1 == '"Windows,GB2312"'


def test_the_command_line_option(example_workbook, tmp_path):
    from click.testing import CliRunner

    from gongwen.cli import cli

    args = ["build", str(example_workbook), "--only", "工作计划"]
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "a"), "--fonts-set", "gb2312"])
    assert result.exit_code == 0, result.output
    assert body_face(next((tmp_path / "a").rglob("*.docx"))) == "仿宋_GB2312"
    result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "b"), "--fonts-set", "方正"])
    assert result.exit_code == 2 and "方正" in result.output and "gb2312" in result.output.lower()
    assert not (tmp_path / "b").exists()
    result = CliRunner().invoke(cli, ["package", "--help"])
    assert "--fonts-set" in result.output
