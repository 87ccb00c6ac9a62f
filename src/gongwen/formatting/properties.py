"""Setting paragraph and run properties in WordprocessingML, in schema order."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length

from gongwen.formatting import gbt9704 as std

# Child order of property elements in the WordprocessingML schema (ECMA-376 CT_PPrBase, CT_RPr, …):
# Word rejects a document whose properties stand out of this order.
SCHEMA_ORDER = {
    qn("w:pPr"): [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    qn("w:rPr"): [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    # Table, row and cell properties (ECMA-376 CT_TblPr, CT_TrPr, CT_TcPr).
    qn("w:tblPr"): [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ],
    qn("w:trPr"): [
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
    ],
    qn("w:tcPr"): [
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
    ],
}


def get_or_add(parent, tag: str):
    """The child ``tag`` of ``parent``, created in its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    found = OxmlElement(tag)
    order = SCHEMA_ORDER.get(parent.tag)
    name = tag.split(":")[1]
    if order is None or name not in order:
        parent.append(found)
        return found
    later = {qn(f"w:{n}") for n in order[order.index(name) + 1 :]}
    for child in parent:
        if child.tag in later:
            child.addprevious(found)
            return found
    parent.append(found)
    return found


def set_run_fonts(rpr, east_asia: str, latin: str = std.LATIN_FONT) -> None:
    """Name the fonts explicitly for every script, with no theme font left to override them."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def set_run_size(rpr, size: Length) -> None:
    half_points = str(round(size.pt * 2))
    get_or_add(rpr, "w:sz").set(qn("w:val"), half_points)
    get_or_add(rpr, "w:szCs").set(qn("w:val"), half_points)


def set_char_spacing(rpr, spacing: Length) -> None:
    """Condense or expand characters (w:spacing in twentieths of a point)."""
    get_or_add(rpr, "w:spacing").set(qn("w:val"), str(round(spacing.pt * 20)))


def set_color(rpr, rgb: str) -> None:
    get_or_add(rpr, "w:color").set(qn("w:val"), rgb)


def set_exact_line_spacing(ppr, pitch: Length = std.LINE_PITCH, before=0, after=0) -> None:
    spacing = get_or_add(ppr, "w:spacing")
    spacing.set(qn("w:line"), str(pitch.twips))
    spacing.set(qn("w:lineRule"), "exact")
    spacing.set(qn("w:before"), str(before))
    spacing.set(qn("w:after"), str(after))


def set_indent(ppr, *, left: Length = 0, right: Length = 0, first_line: Length = 0) -> None:
    ind = get_or_add(ppr, "w:ind")
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    ind.set(qn("w:left"), str(Length(left).twips))
    ind.set(qn("w:right"), str(Length(right).twips))
    if first_line >= 0:
        ind.set(qn("w:firstLine"), str(Length(first_line).twips))
    else:
        ind.set(qn("w:hanging"), str(Length(-first_line).twips))


def set_widow_control(ppr, on: bool) -> None:
    get_or_add(ppr, "w:widowControl").set(qn("w:val"), "1" if on else "0")


def set_outline_level(ppr, level: int) -> None:
    get_or_add(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def set_jc(ppr, value: str) -> None:
    get_or_add(ppr, "w:jc").set(qn("w:val"), value)


def set_auto_space(ppr, on: bool) -> None:
    """Word's and LibreOffice's extra space between Chinese and Latin text or digits.

    Off in 公文: digits take their own half width, so a line holds its 28 characters and a
    date's width can be known from its text.
    """
    get_or_add(ppr, "w:autoSpaceDE").set(qn("w:val"), "1" if on else "0")
    get_or_add(ppr, "w:autoSpaceDN").set(qn("w:val"), "1" if on else "0")


def set_hanging_punctuation(ppr, on: bool) -> None:
    """Whether a comma or full stop at a line's end may hang past the type area.

    Off for 公文: LibreOffice hangs such punctuation 5.6 mm into the right margin. Its DOCX
    import reads w:overflowPunct inverted (val 0 turns hanging on), so "off" is written as
    val 1 — which is also Word's own default, so Word lays the text as it always does.
    """
    get_or_add(ppr, "w:overflowPunct").set(qn("w:val"), "0" if on else "1")
