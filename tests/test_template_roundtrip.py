"""Shipped templates saved again by LibreOffice, or edited the way Word leaves them (runs
split, rsids, spelling marks, language marks, bookmarks), build the same documents."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

import layout
from gongwen.build import build, shipped_example
from gongwen.check import check_docx
from gongwen.kinds import KINDS, kind_fields
from gongwen.render.template_check import check_template
from gongwen.render.template_files import export_templates
from resave import libreoffice_resave, word_edit


def body_text(data: bytes) -> list[str]:
    """Paragraphs and table rows of the body, in order (page-number fields left out: their
    cached text is whatever the last program to save the file computed). Line breaks the
    format engine writes into a fitted table's cells are layout, not text, and left out: a
    template re-saved by LibreOffice loses the mark of its fitted tables (LibreOffice drops
    w:tblCaption), so they keep their widths and get no written-in breaks."""
    from gongwen.formatting import paragraph_text

    document = Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [
            "|".join("\n".join(paragraph_text(p._p) for p in c.paragraphs) for c in row.cells)
            for row in table.rows
        ]
    return out


def outcome(templates: Path | None) -> dict:
    """Each document's text and check findings, and the build's warnings (held in memory)."""
    result = build(shipped_example(), templates=templates)
    documents = {}
    for d in result.documents:
        if d.relpath.endswith(".docx"):
            findings = check_docx(d.data, name=d.relpath)
            documents[d.relpath] = (
                body_text(d.data),
                sorted((f.rule, f.paragraph, f.message) for f in findings),
            )
    warnings = sorted((f.rule, f.message) for f in result.findings)
    return {"documents": documents, "warnings": warnings}


@pytest.fixture(scope="module")
def shipped() -> dict:
    return outcome(None)


def _style_ids(path: Path) -> dict[str, str]:
    import re

    xml = zipfile.ZipFile(path).read("word/styles.xml").decode("utf-8")
    found = re.findall(r'w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="([^"]+)"', xml)
    return {name: sid for sid, name in found}


@pytest.mark.libreoffice
def test_templates_resaved_by_libreoffice_build_the_same_documents(shipped, tmp_path):
    soffice = layout.require_soffice()
    export_templates(tmp_path / "shipped")
    resaved = libreoffice_resave(soffice, tmp_path / "shipped", tmp_path / "lo")
    # LibreOffice renames the styles' ids (一级标题 -> Style17); headings are found by name
    assert _style_ids(tmp_path / "lo" / "工作计划.docx")["一级标题"] != "一级标题"
    for kind in KINDS:
        assert check_template(tmp_path / "lo" / kind.template, kind_fields(kind.name)) == []
    assert len(resaved) == len(list((tmp_path / "shipped").glob("*.docx")))
    again = outcome(tmp_path / "lo")
    assert again == shipped
    assert shipped["documents"] and all(not f for _, f in shipped["documents"].values())


def test_templates_edited_as_word_leaves_them_build_the_same_documents(shipped, tmp_path):
    export_templates(tmp_path / "shipped")
    for source in (tmp_path / "shipped").glob("*.docx"):
        word_edit(source, tmp_path / "edited" / source.name)
    xml = zipfile.ZipFile(tmp_path / "edited" / "工作计划.docx").read("word/document.xml")
    assert b"<w:proofErr" in xml and b"<w:bookmarkStart" in xml and b"w:rsidR=" in xml
    assert b'<w:t xml:space="preserve">{{ </w:t>' in xml  # a tag split across runs
    for kind in KINDS:
        assert check_template(tmp_path / "edited" / kind.template, kind_fields(kind.name)) == []
    assert outcome(tmp_path / "edited") == shipped
