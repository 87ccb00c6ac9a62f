"""What Word and WPS need from the produced files, checked from the XML and by validators.

Every .docx and .xlsx gongwen produces goes through ``openxml-audit`` (a port of the Open XML
SDK validator, with Word's and Excel's app-compatibility rules) and must show no error. The
one allow-listed finding is the validator's own mistake: openpyxl writes a cell font's
children (``<name/><b/><color/>``…) in another order than Excel, and the SDK models CT_Font
as a sequence, while ECMA-376 (sml.xsd) makes it ``<xsd:choice maxOccurs="unbounded">``,
any order.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import mammoth
import pytest
from docx import Document
from example_data import EXAMPLE
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

from gongwen.build import build_to
from gongwen.formatting.font_sets import FACES, GB2312, WINDOWS
from gongwen.packaging.package import make_package
from gongwen.workbook.writer import write_blank_workbook, write_workbook

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
NOTICE = "静观镇人民政府关于成立创建安全社区工作领导小组的通知.docx"
# (part, path, description) of findings that are the validator's mistake (module docstring)
ALLOWED = (
    (
        "/xl/styles.xml",
        re.compile(r"/styleSheet\[1\]/fonts\[1\]/font\[\d+\]"),
        re.compile(r"Unexpected element '\w+' found"),
    ),
)


def audit(path: Path) -> list[str]:
    """The validator's errors for ``path`` that are not on the allow-list."""
    result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=100_000).validate(
        path
    )
    return [
        f"{path.name} {e.part_uri} {e.path}: {e.description}"
        for e in result.errors
        if e.severity == ValidationSeverity.ERROR
        and not any(
            e.part_uri == part and where.fullmatch(e.path or "") and what.fullmatch(e.description)
            for part, where, what in ALLOWED
        )
    ]


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> dict[str, list[Path]]:
    """Every kind built in each font set, the package's letter and list, gongwen init's
    workbook: {label: files}."""
    root = tmp_path_factory.mktemp("produced")
    workbook = root / "campaign.xlsx"
    write_workbook(workbook, EXAMPLE)
    out: dict[str, list[Path]] = {}
    for fonts in (WINDOWS, GB2312):
        result = build_to(workbook, root / fonts.key, fonts_set=fonts.key)
        out[fonts.key] = [b.path for b in result]
    package = make_package(workbook, root / "package", pdf=False)
    out["package"] = sorted(package.folder.glob("0[01]-*.docx"))
    blank = root / "安全社区创建.xlsx"
    write_blank_workbook(blank)
    out["init"] = [blank]
    return out


def test_every_produced_file_is_valid_for_word_and_excel(produced):
    files = [f for group in produced.values() for f in group]
    suffixes = {f.suffix for f in files}
    assert suffixes == {".docx", ".xlsx"} and len(files) > 30
    assert {f.name for f in produced["package"]} == {"00-报送函.docx", "01-材料清单.docx"}
    assert [f for f in files if f.name == "村社区汇总表.xlsx"]
    assert [error for f in files for error in audit(f)] == []


def test_the_validator_reports_what_word_rejects(tmp_path):
    """The audit can fail: a row header with w:val="1" (Word's SDK accepts on/off only)."""
    from gongwen.formatting import add_table, add_table_row, new_document
    from gongwen.formatting.tables import TableCell

    document = new_document()
    table = add_table(document, [document.sections[0].page_width // 4])
    row = add_table_row(table, [TableCell("甲")])
    row._tr.get_or_add_trPr().append(etree.fromstring(f'<w:tblHeader xmlns:w="{W}" w:val="1"/>'))
    document.save(tmp_path / "bad.docx")
    [error] = audit(tmp_path / "bad.docx")
    assert "tblHeader" in error


# --- parts ---------------------------------------------------------------------------------
def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _docx(produced) -> list[Path]:
    return [
        f for key in ("Windows", "GB2312", "package") for f in produced[key] if f.suffix == ".docx"
    ]


def test_package_parts_word_does_not_question(produced):
    for path in _docx(produced):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            rels = z.read("word/_rels/document.xml.rels").decode()
        assert "word/stylesWithEffects.xml" not in names and "stylesWithEffects" not in rels
        assert not [n for n in names if "thumbnail" in n]
        settings = _xml(path, "word/settings.xml")
        assert settings.find("w:zoom", NS).get(f"{{{W}}}percent") == "100"
        [mode] = settings.xpath("//w:compatSetting[@w:name='compatibilityMode']", namespaces=NS)
        assert mode.get(f"{{{W}}}val") == "15"
        styles = {
            s.get(f"{{{W}}}styleId") for s in _xml(path, "word/styles.xml").iter(f"{{{W}}}style")
        }
        for part in [
            n for n in names if re.fullmatch(r"word/(document|footer\d+|header\d+)\.xml", n)
        ]:
            root = _xml(path, part)
            used = {p.get(f"{{{W}}}val") for p in root.iter(f"{{{W}}}pStyle")}
            assert used <= styles, (path.name, part, used - styles)
            for tag in ("tblHeader", "cantSplit"):  # on/off written bare
                assert all(len(e.attrib) == 0 for e in root.iter(f"{{{W}}}{tag}")), tag
            ids = [d.get("id") for d in root.iter(f"{{{NS['wp']}}}docPr")]
            assert len(ids) == len(set(ids))


def _faces_named(path: Path) -> set[str]:
    names = set()
    with zipfile.ZipFile(path) as z:
        parts = [
            n for n in z.namelist() if re.fullmatch(r"word/(document|styles|footer\d+)\.xml", n)
        ]
    for part in parts:
        for fonts in _xml(path, part).iter(f"{{{W}}}rFonts"):
            names |= {fonts.get(f"{{{W}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")}
    return names - {None}


@pytest.mark.parametrize("fonts", [WINDOWS, GB2312], ids=lambda s: s.key)
def test_the_font_table_declares_every_face_with_what_word_substitutes_by(produced, fonts):
    for path in produced[fonts.key]:
        if path.suffix != ".docx":
            continue
        table = {f.get(f"{{{W}}}name"): f for f in _xml(path, "word/fontTable.xml")}
        named = _faces_named(path)
        assert named <= set(fonts.faces), (path.name, named)
        assert set(table) == named, path.name  # every face used, and no other
        assert not {"Calibri", "ＭＳ 明朝", "Arial", "Cambria"} & set(table)
        for name in named:
            font = table[name]
            face = FACES[name]
            assert font.find("w:charset", NS).get(f"{{{W}}}val") == face.charset
            assert font.find("w:panose1", NS).get(f"{{{W}}}val") == face.panose
            assert font.find("w:family", NS) is not None and font.find("w:pitch", NS) is not None
            assert len(font.find("w:sig", NS).attrib) == 6
            if name != "Times New Roman":
                assert face.charset == "86"  # GB2312
        if GB2312.fangsong in named:
            alt = table[GB2312.fangsong].find("w:altName", NS).get(f"{{{W}}}val")
            assert alt == WINDOWS.fangsong


def _style_fonts(path: Path, name: str) -> tuple[str, bool]:
    style = Document(str(path)).styles[name]
    return style.element.rPr.rFonts.get(f"{{{W}}}eastAsia"), bool(style.font.bold)


def test_each_font_set_names_its_own_faces(produced):
    windows = next(f for f in produced["Windows"] if f.name == NOTICE)
    gb2312 = next(f for f in produced["GB2312"] if f.name == NOTICE)
    assert _style_fonts(windows, "Normal") == ("仿宋", False)
    assert _style_fonts(windows, "公文标题") == ("宋体", True)
    assert _style_fonts(windows, "发文机关标志") == ("宋体", True)
    assert _style_fonts(windows, "二级标题") == ("楷体", False)
    assert _style_fonts(gb2312, "Normal") == ("仿宋_GB2312", False)
    assert _style_fonts(gb2312, "公文标题") == ("方正小标宋简体", False)
    assert _style_fonts(gb2312, "二级标题") == ("楷体_GB2312", False)
    assert _style_fonts(gb2312, "一级标题") == _style_fonts(windows, "一级标题") == ("黑体", False)
    for path in (windows, gb2312):  # page numbers stay in 宋体 in both
        footer = _xml(path, "word/footer1.xml")
        assert {f.get(f"{{{W}}}eastAsia") for f in footer.iter(f"{{{W}}}rFonts")} == {"宋体"}


# --- 版记 -----------------------------------------------------------------------------------
def test_the_closing_block_is_a_text_box_with_a_vml_fallback_every_reader_keeps(produced):
    path = next(f for f in produced["Windows"] if f.name == NOTICE)
    body = _xml(path, "word/document.xml")
    [alternate] = body.iter(f"{{{NS['mc']}}}AlternateContent")
    choice, fallback = alternate
    assert choice.get("Requires") == "wps" and choice.find(".//wps:wsp", NS) is not None
    shape = fallback.find("w:pict/v:shape", NS)
    texts = [
        ["".join(t.text for t in row.iter(f"{{{W}}}t")) for row in box.iter(f"{{{W}}}tr")]
        for box in (choice.find(".//w:txbxContent", NS), shape.find("v:textbox/w:txbxContent", NS))
    ]
    assert texts[0] == texts[1] and texts[0][0].startswith("抄送：")
    assert texts[0][-1].endswith("印发")
    # the VML box is as high as the DrawingML one (fitted to the rows after rendering)
    cy = int(choice.find(".//wp:extent", NS).get("cy"))
    height = re.search(r"height:([\d.]+)pt", shape.get("style")).group(1)
    assert float(height) == pytest.approx(cy / 12700, abs=0.01)
    # text extractors: mammoth takes the fallback; python-docx reads the XML
    with open(path, "rb") as fh:
        text = mammoth.extract_raw_text(fh).value
    assert "抄送：北碚区安全生产委员会办公室" in text and "2024年3月15日印发" in text
    xml = Document(str(path)).element.xml
    assert xml.count("抄送：") == 2  # the box and its fallback


def test_a_reader_of_ecma_markup_only_keeps_the_closing_block(produced):
    """Markup Compatibility as Word 2007 applies it: mc:Fallback instead of mc:Choice."""
    path = next(f for f in produced["GB2312"] if f.name == NOTICE)
    body = _xml(path, "word/document.xml")
    for alternate in list(body.iter(f"{{{NS['mc']}}}AlternateContent")):
        parent = alternate.getparent()
        for child in alternate.find("mc:Fallback", NS):
            alternate.addprevious(child)
        parent.remove(alternate)
    assert body.find(".//wps:wsp", NS) is None
    text = "".join(t.text or "" for t in body.iter(f"{{{W}}}t"))
    assert "抄送：" in text and "印发" in text
