"""A template's parts screened before anything is taken from it: a template may come from
anyone, and what it holds is copied into every document made from it.

Only the parts a 公文 template needs are accepted (the document, styles, settings, numbering,
fonts, theme, headers and footers, notes, web settings, document properties, custom XML data
and images); macros, embedded or linked objects, ActiveX controls, ``altChunk`` imports
(HTML with remote images) and every external relationship except a hyperlink (an attached
template at ``file:///…``, a remote image) are refused with the template and the part named,
as is XML that declares a DTD or entities.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from gongwen.errors import TemplateError

_ALLOWED = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels"
    r"|docProps/(core|app|custom)\.xml|docProps/thumbnail\.(jpe?g|png|emf|wmf)"
    r"|customXml/(item\d+|itemProps\d+)\.xml|customXml/_rels/item\d+\.xml\.rels"
    r"|word/(document|styles|stylesWithEffects|settings|numbering|fontTable|webSettings"
    r"|footnotes|endnotes)\.xml"
    r"|word/theme/theme\d+\.xml|word/(header|footer)\d+\.xml|word/_rels/[^/]+\.xml\.rels"
    r"|word/media/[^/]+\.(png|jpe?g|gif|bmp|emf|wmf|tiff?)",
    re.IGNORECASE,
)
_KNOWN_DANGERS = (
    (re.compile(r"vbaProject|vbaData|\.bin$", re.I), "宏或二进制对象"),
    (re.compile(r"(^|/)embeddings/", re.I), "嵌入的对象"),
    (re.compile(r"(^|/)activeX/", re.I), "ActiveX 控件"),
    (re.compile(r"afchunk|\.(html?|mht|mhtml|rtf)$", re.I), "导入的外部内容（altChunk）"),
)
_RISKY_TYPES = {
    "attachedTemplate": "外部模板（attachedTemplate）",
    "aFChunk": "导入的外部内容（altChunk）",
    "oleObject": "嵌入或链接的对象（OLE）",
    "package": "嵌入的文档",
    "control": "ActiveX 控件",
    "vbaProject": "宏",
    "subDocument": "子文档",
    "frame": "外部框架",
}
_RISKY_CONTENT = re.compile(r"macroEnabled|vbaProject|oleObject|activeX", re.I)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RISKY_ELEMENTS = {
    f"{{{_W}}}altChunk": "导入的外部内容（altChunk）",
    f"{{{_W}}}object": "嵌入的对象",
    f"{{{_W}}}control": "ActiveX 控件",
    f"{{{_W}}}subDoc": "子文档",
    "{urn:schemas-microsoft-com:office:office}OLEObject": "嵌入的对象（OLE）",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
MAX_PART_BYTES = 64 * 1024 * 1024


def _refused(template: str, what: str, part: str) -> TemplateError:
    return TemplateError(
        f"模板 {template} 含有{what}（{part}），已拒绝使用，未生成任何文件。模板的内容会被复制到每一份公文中，"
        "公文模板不需要这样的内容。请在 Word/WPS 中删除后另存为 .docx，或改用随附模板。"
    )


def screen_template(path: Path) -> None:
    """Raise TemplateError, naming ``path``'s file and the part, for anything refused."""
    name = Path(path).name
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # the loader says the file is not a .docx
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            part = info.filename
            for pattern, what in _KNOWN_DANGERS:
                if pattern.search(part):
                    raise _refused(name, what, part)
            if not _ALLOWED.fullmatch(part):
                raise _refused(name, "公文模板不需要的部件", part)
            if info.file_size > MAX_PART_BYTES:
                raise _refused(name, f"超过 {MAX_PART_BYTES // 2**20} MB 的部件", part)
            if part.lower().endswith((".xml", ".rels")):
                _screen_xml(name, part, archive.read(info))


def _screen_xml(template: str, part: str, data: bytes) -> None:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return  # the loader reports malformed XML with its paragraph
    if root.getroottree().docinfo.doctype:
        raise _refused(template, "DTD 或实体声明（<!DOCTYPE …>）", part)
    if part.endswith(".rels"):
        for rel in root:
            kind = str(rel.get("Type", "")).rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if kind in _RISKY_TYPES:
                raise _refused(template, _RISKY_TYPES[kind], f"{part} → {target}")
            if rel.get("TargetMode") == "External" and kind != "hyperlink":
                raise _refused(template, "指向模板之外的引用", f"{part} → {target}")
    elif part == "[Content_Types].xml":
        for item in root:
            if _RISKY_CONTENT.search(str(item.get("ContentType", ""))):
                raise _refused(
                    template, "宏或嵌入对象的内容类型", f"{part}：{item.get('ContentType')}"
                )
    else:
        for element in root.iter(*_RISKY_ELEMENTS):
            raise _refused(template, _RISKY_ELEMENTS[element.tag], part)
