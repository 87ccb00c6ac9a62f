"""The two font sets a campaign may choose, the faces they name, and rewriting a .docx to one.

GB/T 9704 asks for 仿宋, 楷体, 黑体 and 小标宋. Offices with the standard fonts installed name
them 仿宋_GB2312, 楷体_GB2312 and 方正小标宋简体 (the ``GB2312`` set); a stock zh-CN Windows has
仿宋, 楷体, 黑体 and 宋体 but none of those three (the ``Windows`` set, where the title's
小标宋 becomes 宋体 in bold). The shipped templates are written in ``TEMPLATE_SET``; a build
rewrites every font name of a template to the set it is asked for (``apply``), and declares
each face in ``word/fontTable.xml`` with the descriptors Word and WPS use to pick a
substitute when the face is missing (``font_table_xml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from gongwen.formatting import gbt9704 as std

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FONT_ATTRS = tuple(f"{{{_W}}}{a}" for a in ("ascii", "hAnsi", "eastAsia", "cs"))


@dataclass(frozen=True)
class Face:
    """One face as ``word/fontTable.xml`` declares it (values as Word and WPS write them)."""

    name: str
    alt_name: str  # the face Word/WPS should try when this one is missing
    panose: str  # PANOSE-1, 10 bytes in hex
    charset: str  # "86": GB2312 (Chinese faces); "00": ANSI
    family: str  # roman, swiss, modern, script, decorative, auto
    pitch: str  # fixed, variable
    sig: tuple[str, str, str, str, str, str]  # OS/2 ulUnicodeRange1-4, ulCodePageRange1-2


# Descriptors of the faces of both sets, as Word (2016 and later, Windows 10/11) and WPS write
# them into fontTable.xml on machines that have the faces. The GB2312 faces (中易 and 方正)
# cover the GB2312 repertoire only, hence their narrow Unicode ranges. alt_name: the stock
# face of the same design for the GB2312 names (仿宋_GB2312 -> 仿宋); Word's English family
# name for the stock ones.
_CJK_STOCK_SIG = ("800002BF", "38CF7CFA", "00000016", "00000000", "00040001", "00000000")
_GB2312_SIG = ("00000001", "080E0000", "00000000", "00000000", "00040000", "00000000")
FACES: dict[str, Face] = {
    face.name: face
    for face in (
        Face(std.LATIN_FONT, "", "02020603050405020304", "00", "roman", "variable",
             ("E0002EFF", "C000785B", "00000009", "00000000", "000001FF", "00000000")),
        Face(std.FONT_SONGTI, "SimSun", "02010600030101010101", "86", "auto", "variable",
             ("00000003", "288F0000", "00000016", "00000000", "00040001", "00000000")),
        Face(std.FONT_HEITI, "SimHei", "02010609060101010101", "86", "modern", "fixed",
             _CJK_STOCK_SIG),
        Face("仿宋", "FangSong", "02010609060101010101", "86", "modern", "fixed", _CJK_STOCK_SIG),
        Face("楷体", "KaiTi", "02010609060101010101", "86", "modern", "fixed", _CJK_STOCK_SIG),
        Face(std.FONT_FANGSONG, "仿宋", "02010609030101010101", "86", "modern", "fixed",
             _GB2312_SIG),
        Face(std.FONT_KAITI, "楷体", "02010609030101010101", "86", "modern", "fixed",
             _GB2312_SIG),
        Face(std.FONT_XIAOBIAOSONG, std.FONT_SONGTI, "03000509000000000000", "86", "auto",
             "variable", _GB2312_SIG),
    )
}  # fmt: skip


@dataclass(frozen=True)
class FontSet:
    """The faces a campaign's documents name for each role."""

    key: str  # as written in 基本信息 (字体方案) and after --fonts-set
    label: str  # how the README and messages describe it
    fangsong: str  # body, levels 3 and 4, tables, 版记
    kaiti: str  # level 2 headings
    title: str  # title and 发文机关标志
    title_bold: bool  # the title face is set in bold (宋体 standing in for 小标宋)
    heiti: str = std.FONT_HEITI  # level 1 headings, table headings
    songti: str = std.FONT_SONGTI  # page numbers

    @property
    def faces(self) -> tuple[str, ...]:
        """Every face the set's documents name, Latin included, without repeats."""
        names = (self.fangsong, self.kaiti, self.heiti, self.title, self.songti, std.LATIN_FONT)
        return tuple(dict.fromkeys(names))

    @property
    def chinese_faces(self) -> tuple[str, ...]:
        """The set's Chinese faces (those a PDF may have to substitute)."""
        return tuple(f for f in self.faces if f != std.LATIN_FONT)


GB2312 = FontSet(
    "GB2312", "GB2312 字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体）",
    std.FONT_FANGSONG, std.FONT_KAITI, std.FONT_XIAOBIAOSONG, False,
)  # fmt: skip
WINDOWS = FontSet(
    "Windows", "Windows 自带字体（仿宋、楷体、黑体，标题用宋体加粗）",
    "仿宋", "楷体", std.FONT_SONGTI, True,
)  # fmt: skip
FONT_SETS: dict[str, FontSet] = {s.key: s for s in (GB2312, WINDOWS)}
DEFAULT = WINDOWS  # every zh-CN Windows has these faces
TEMPLATE_SET = GB2312  # the names the shipped templates are written in


def font_set(key: str | None) -> FontSet | None:
    """The set named ``key`` (case and surrounding spaces ignored), or None if there is none."""
    if key is None:
        return None
    wanted = key.strip().lower()
    return next((s for s in FONT_SETS.values() if s.key.lower() == wanted), None)


def font_table_xml(names: Iterable[str]) -> bytes:
    """``word/fontTable.xml`` declaring ``names`` (known faces with all their descriptors)."""
    w = f"{{{_W}}}"
    root = etree.Element(f"{w}fonts", nsmap={"w": _W, "r": _R})
    for name in dict.fromkeys(names):
        font = etree.SubElement(root, f"{w}font", {f"{w}name": name})
        face = FACES.get(name)
        if face is None:
            continue
        if face.alt_name:
            etree.SubElement(font, f"{w}altName", {f"{w}val": face.alt_name})
        etree.SubElement(font, f"{w}panose1", {f"{w}val": face.panose})
        etree.SubElement(font, f"{w}charset", {f"{w}val": face.charset})
        etree.SubElement(font, f"{w}family", {f"{w}val": face.family})
        etree.SubElement(font, f"{w}pitch", {f"{w}val": face.pitch})
        keys = ("usb0", "usb1", "usb2", "usb3", "csb0", "csb1")
        etree.SubElement(
            font, f"{w}sig", {f"{w}{k}": v for k, v in zip(keys, face.sig, strict=True)}
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _renames(target: FontSet) -> dict[str, str]:
    """Face of the other set -> face of ``target`` (宋体 is the page number's face in both,
    so it becomes the title face only when bold: see ``rewrite_fonts``)."""
    out = {}
    for other in FONT_SETS.values():
        if other is target:
            continue
        for role in ("fangsong", "kaiti", "heiti", "songti"):
            if getattr(other, role) != getattr(target, role):
                out[getattr(other, role)] = getattr(target, role)
        if not other.title_bold:
            out[other.title] = target.title
    return out


def _is_bold(rpr) -> bool:
    b = rpr.find(f"{{{_W}}}b")
    return b is not None and b.get(f"{{{_W}}}val") not in ("0", "false", "off")


def rewrite_fonts(root, target: FontSet) -> set[str]:
    """Rename the faces of every ``w:rFonts`` under ``root`` to ``target``'s; the names in use.

    The title face: 方正小标宋简体 becomes 宋体 in bold for the Windows set, and a bold 宋体
    becomes 方正小标宋简体 (not bold) for the GB2312 set.
    """
    from gongwen.formatting.properties import get_or_add

    renames = _renames(target)
    bold_title = next(s for s in FONT_SETS.values() if s.title_bold)
    used: set[str] = set()
    for fonts in root.iter(f"{{{_W}}}rFonts"):
        rpr = fonts.getparent()
        to_title = False
        for attr in _FONT_ATTRS:
            name = fonts.get(attr)
            if name is None:
                continue
            if not target.title_bold and name == bold_title.title and _is_bold(rpr):
                new, to_title = target.title, True
            else:
                new = renames.get(name, name)
                to_title = to_title or (new == target.title and name != new)
            fonts.set(attr, new)
            used.add(new)
        if to_title and rpr is not None:
            for tag in ("w:b", "w:bCs"):
                element = get_or_add(rpr, tag)
                if target.title_bold:
                    element.attrib.pop(f"{{{_W}}}val", None)
                else:
                    rpr.remove(element)
    return used


# Parts whose runs may name a face (the document, its headers and footers, notes, comments).
_FONT_PARTS = ("word/document", "word/styles", "word/header", "word/footer", "word/footnotes",
               "word/endnotes", "word/numbering", "word/comments")  # fmt: skip
FONT_TABLE = "word/fontTable.xml"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)  # as python-docx parses


def apply(members: list, target: FontSet) -> list:
    """A .docx's zip members (``gongwen.docxzip.Member``) with every face renamed to
    ``target``'s and ``word/fontTable.xml`` declaring the faces in use."""

    out = list(members)
    used: set[str] = set()
    table_at = None
    for i, member in enumerate(members):
        if member.name == FONT_TABLE:
            table_at = i
        if not (member.name.startswith(_FONT_PARTS) and member.name.endswith(".xml")):
            continue
        data = member.data
        if b"rFonts" not in data:
            continue
        root = etree.fromstring(data, _PARSER)
        names = rewrite_fonts(root, target)
        used |= names
        new = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if new != data:
            out[i] = member.with_data(new)
    ordered = [f for f in target.faces if f in used] + sorted(used - set(target.faces))
    if table_at is not None:
        out[table_at] = members[table_at].with_data(font_table_xml(ordered))
    return out


def choose(option: str | None = None, recorded: str = "") -> FontSet:
    """The set a build uses: ``option`` (--fonts-set) over ``recorded`` (基本信息 字体方案),
    else ``DEFAULT``."""
    from gongwen.errors import FontSetError

    for given in (option, recorded):
        if not given:
            continue
        chosen = font_set(given)
        if chosen is None:
            raise FontSetError(
                f"没有字体方案「{given}」。可选：{'、'.join(FONT_SETS)}"
                f"（{'；'.join(f'{s.key}：{s.label}' for s in FONT_SETS.values())}）。"
            )
        return chosen
    return DEFAULT
