"""Citations are found wherever Word keeps text: split runs, tables (nested), headers,
footers, footnotes, text boxes; and in workbook cells."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from check_docs import gongwen_document, to_bytes
from docx.oxml import parse_xml

from gongwen.check import UnreadableFileError, check_docx, check_paths, check_texts
from gongwen.check.text import DocxPackage, docx_paragraphs

WRONG = "渝府发[2024]2号"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def gw101(findings):
    return [(f.part, f.cell, f.paragraph, f.offset) for f in findings if f.rule == "GW101"]


def test_citation_split_across_runs():
    doc = gongwen_document()
    p = doc.add_paragraph()
    for piece in ("依据渝府", "发[20", "24]2", "号"):
        p.add_run(piece)
    assert gw101(check_docx(to_bytes(doc))) == [("word/document.xml", None, 1, 5)]


def test_citation_in_table_and_nested_table():
    doc = gongwen_document()
    doc.add_paragraph("正文。")
    table = doc.add_table(rows=2, cols=3)
    table.cell(1, 2).paragraphs[0].text = "见" + WRONG
    inner = table.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 1).paragraphs[0].text = WRONG
    assert gw101(check_docx(to_bytes(doc))) == [
        ("word/document.xml", "表1 行1 列1 › 表1 行1 列2", 1, 3),
        ("word/document.xml", "表1 行2 列3", 1, 4),
    ]


def test_citation_in_header_and_footer():
    doc = gongwen_document()
    doc.sections[0].header.paragraphs[0].text = WRONG
    doc.sections[0].footer.add_paragraph("依据" + WRONG)
    found = gw101(check_docx(to_bytes(doc)))
    parts = sorted(part for part, *_ in found)
    assert (
        len(found) == 2
        and parts[0].startswith("word/footer")
        and parts[1].startswith("word/header")
    )
    assert ("word/footer1.xml", None, 2, 5) in found or ("word/footer2.xml", None, 2, 5) in found


def _with_part(data: bytes, name: str, xml: str) -> bytes:
    import io

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr(name, xml)
    return out.getvalue()


def test_citation_in_footnote():
    doc = gongwen_document()
    doc.add_paragraph("正文。")
    notes = (
        f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>x</w:t>'
        f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>见渝府发</w:t></w:r>'
        f"<w:r><w:t>[2024]2号</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    data = _with_part(to_bytes(doc), "word/footnotes.xml", notes)
    assert gw101(check_docx(data)) == [("word/footnotes.xml", "脚注1", 1, 4)]


def test_citation_in_text_box_found_once():
    doc = gongwen_document()
    p = doc.add_paragraph("锚点")
    box = (
        f'<w:r {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
        f"<w:t>{WRONG}</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
        f"<w:t>{WRONG}</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    p._p.append(parse_xml(box))
    found = gw101(check_docx(to_bytes(doc)))
    assert found == [("word/document.xml", "文本框1", 1, 3)]
    paragraphs = docx_paragraphs(DocxPackage(to_bytes(doc)))
    assert [p.text for p in paragraphs if p.where.paragraph == 1 and p.kind == "body"] == ["锚点"]


def test_workbook_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "依据文件"
    sheet["A1"] = "标题"
    sheet["B3"] = WRONG
    sheet["C3"] = 12
    path = tmp_path / "b.xlsx"
    book.save(path)
    found = [f for f in check_paths([tmp_path]) if f.rule == "GW101"]
    assert [(f.part, f.cell, f.paragraph, f.offset) for f in found] == [("依据文件", "B3", None, 3)]


def test_check_texts_for_build():
    found = check_texts([("工作阶段!D3", "1、摸底调查\n2、建立档案"), ("基本信息!B2", "正常文字")])
    assert [(f.rule, f.part, f.cell, f.offset) for f in found] == [
        ("GW202", "工作阶段", "D3", 1),
        ("GW202", "工作阶段", "D3", 8),
    ]


def test_folder_skips_lock_files_and_fixed_outputs(tmp_path):
    data = to_bytes(gongwen_document())
    for name in ("a.docx", "~$a.docx", "a.fixed.docx"):
        (tmp_path / name).write_bytes(data)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.docx").write_bytes(data)
    from gongwen.check import collect_files

    assert [p.name for p in collect_files([tmp_path])] == ["a.docx", "b.docx"]


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_files_raise_in_chinese(tmp_path, content):
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match="不是有效的 Word 文档"):
        check_paths([path])


def test_missing_path_and_wrong_type(tmp_path):
    with pytest.raises(UnreadableFileError, match="不存在"):
        check_paths([tmp_path / "none.docx"])
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(UnreadableFileError, match="只支持"):
        check_paths([tmp_path / "a.txt"])


def test_a_part_declaring_entities_is_refused_not_expanded():
    doc = gongwen_document()
    doc.add_paragraph("正文。")
    data = to_bytes(doc)
    evil = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>&e;</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    with pytest.raises(UnreadableFileError) as info:
        docx_paragraphs(DocxPackage(_with_part(data, "word/footnotes.xml", evil)))
    assert "word/footnotes.xml 含有 DTD 或实体声明" in str(info.value)
    assert "root" not in str(info.value)
