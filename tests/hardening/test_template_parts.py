"""Untrusted template parts: macros, embedded objects, ActiveX, altChunk imports, external
references and DTDs are refused with the template and the part named; a hyperlink is kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hardening_tools import files_under, run_cli

from gongwen.render.template_files import shipped_templates

RELS = "word/_rels/document.xml.rels"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def edited_template(folder: Path, edits: dict[str, object]) -> Path:
    """工作计划.docx from the shipped one with parts replaced, edited (a function of the old
    bytes) or added."""
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(shipped_templates() / "工作计划.docx") as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    for name, edit in edits.items():
        parts[name] = edit(parts.get(name, b"")) if callable(edit) else edit
    path = folder / "工作计划.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def relationship(rid: str, kind: str, target: str, external: bool = True) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"{mode}/>'.encode()


def add_relationship(rel: bytes):
    return lambda old: old.replace(b"</Relationships>", rel + b"</Relationships>")


def settings_rels(rel: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel
        + b"</Relationships>"
    )


HOSTILE = [
    (
        {
            SETTINGS_RELS: settings_rels(
                relationship("rId1", "attachedTemplate", "file:///etc/passwd")
            )
        },
        f"外部模板（attachedTemplate）（{SETTINGS_RELS} → file:///etc/passwd）",
    ),
    (
        {RELS: add_relationship(relationship("rId99", "image", "http://example.invalid/a.png"))},
        f"指向模板之外的引用（{RELS} → http://example.invalid/a.png）",
    ),
    (
        {
            RELS: add_relationship(relationship("rId98", "aFChunk", "chunk.htm", external=False)),
            "word/chunk.htm": b"<html><img src='http://example.invalid/x.png'></html>",
        },
        f"导入的外部内容（altChunk）（{RELS} → chunk.htm）",
    ),
    ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, "宏或二进制对象（word/vbaProject.bin）"),
    (
        {
            "[Content_Types].xml": lambda old: old.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
        "宏或嵌入对象的内容类型",
    ),
    (
        {"word/embeddings/oleObject1.bin": b"ole"},
        "宏或二进制对象（word/embeddings/oleObject1.bin）",
    ),
    ({"word/embeddings/sheet.xlsx": b"PK"}, "嵌入的对象（word/embeddings/sheet.xlsx）"),
    ({"word/activeX/activeX1.xml": b"<x/>"}, "ActiveX 控件（word/activeX/activeX1.xml）"),
    (
        {"word/styles.xml": lambda old: old.replace(b"?>", b'?><!DOCTYPE s [<!ENTITY e "x">]>', 1)},
        "word/styles.xml 含有 DTD 或实体声明（<!DOCTYPE …>）",  # found by the template check
    ),
    (
        {
            "word/document.xml": lambda old: old.replace(
                b"</w:body>", b'<w:altChunk r:id="rId98"/></w:body>'
            )
        },
        "导入的外部内容（altChunk）（word/document.xml）",
    ),
    ({"word/people.xml": b"<x/>"}, "公文模板不需要的部件（word/people.xml）"),
]


@pytest.mark.parametrize(("edits", "named"), HOSTILE)
def test_a_hostile_template_part_is_refused_naming_template_and_part(tmp_path, edits, named):
    templates = tmp_path / "templates"
    edited_template(templates, edits)
    out = tmp_path / "out"
    result = run_cli("build", "--templates", str(templates), "--only", "工作计划", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("错误：") and "工作计划.docx" in result.output
    assert named in result.output, result.output
    assert "Traceback" not in result.output
    assert files_under(out) == []


def test_an_external_hyperlink_is_kept(tmp_path):
    templates = tmp_path / "templates"
    edited_template(
        templates,
        {RELS: add_relationship(relationship("rId97", "hyperlink", "https://www.mem.gov.cn/"))},
    )
    out = tmp_path / "out"
    result = run_cli("build", "--templates", str(templates), "--only", "工作计划", "-o", str(out))
    assert result.exit_code == 0, result.output
    [made] = [p for p in files_under(out) if p.suffix == ".docx"]
    with zipfile.ZipFile(made) as z:
        assert b"https://www.mem.gov.cn/" in z.read(RELS)


def test_every_shipped_template_passes_the_screen():
    from gongwen.render.template_parts import screen_template

    for path in sorted(shipped_templates().glob("*.docx")):
        screen_template(path)  # raises for anything refused
