"""The 版头 (header block), 名单 and 版记 (closing block) of a 公文."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Length, Pt

from gongwen.formatting import gbt9704 as std
from gongwen.formatting.document import paragraph_style
from gongwen.formatting.properties import get_or_add
from gongwen.formatting.style_names import (
    CLOSING,
    CLOSING_BOX,
    DOC_NUMBER,
    ISSUER_MARK,
    PLAIN,
    ROSTER,
    paragraph_style_name,
    paragraph_text,
    style_names,
)
from gongwen.formatting.widths import text_width

# Where glyphs sit in a line of exact height: Word and LibreOffice put the baseline one
# descent above the line's bottom. The CJK faces (Noto/Source Han; 方正小标宋 near enough)
# descend 0.288 em. The 标志's line is 1.3 em high, so its glyphs are never clipped.
CJK_DESCENT = 0.288
ISSUER_MARK_LEADING = 1.3
# 名单 rows: two characters in, a label of four ("组　长："), a name of three, one space.
ROSTER_LABEL_START = 2
ROSTER_POSITION_START = ROSTER_LABEL_START + 4 + 3 + 1
# A line of the type area holds this many 版记 characters inside the one-character insets.
_CLOSING_CHARS = int((std.CLOSING_WIDTH.pt - 2 * std.CLOSING_INSET.pt) // std.COPY_TO_SIZE.pt)


def _eighths(width: Length) -> str:
    """A border width in eighths of a point, as w:sz wants it."""
    return str(round(Length(width).pt * 8))


def set_bottom_border(ppr, width: Length, color: str, space: Length) -> None:
    """A line under the paragraph, ``space`` below its last line."""
    bottom = get_or_add(get_or_add(ppr, "w:pBdr"), "w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), _eighths(width))
    bottom.set(qn("w:space"), str(round(Length(space).pt)))
    bottom.set(qn("w:color"), color)


def set_char_scale(rpr, percent: int) -> None:
    """Narrow (or widen) the glyphs to ``percent`` of their width (Word's 字符缩放)."""
    get_or_add(rpr, "w:w").set(qn("w:val"), str(percent))


def define_official_styles(document) -> None:
    """The styles of a 公文's 版头, 名单 and 版记 (once per document)."""
    if ISSUER_MARK in style_names(document).values():
        return
    size = std.ISSUER_MARK_SIZE
    pitch = Pt(size.pt * ISSUER_MARK_LEADING)
    mark = paragraph_style(
        document,
        ISSUER_MARK,
        font=std.ISSUER_MARK_FONT,
        size=size,
        align="center",
        first_line=0,
        condense=False,
        color=std.ISSUER_MARK_COLOR,
        pitch=pitch,
    )
    # The em box's top lies (pitch - size - descent) below the line's top.
    glyph_top = pitch.pt - size.pt * (1 + CJK_DESCENT)
    before = Pt(std.ISSUER_MARK_TOP_OFFSET.pt - glyph_top)
    mark.element.pPr.find(qn("w:spacing")).set(qn("w:before"), str(before.twips))

    number = paragraph_style(document, DOC_NUMBER, align="center", first_line=0)
    # The red line's middle lies 4 mm below the 发文字号's baseline: the line's descent, then
    # the border's distance, then half its width.
    space = Pt(
        std.SEPARATOR_BELOW_DOC_NUMBER.pt
        - std.BODY_SIZE.pt * CJK_DESCENT
        - std.SEPARATOR_WIDTH.pt / 2
    )
    set_bottom_border(number.element.pPr, std.SEPARATOR_WIDTH, std.SEPARATOR_COLOR, space)

    paragraph_style(
        document,
        ROSTER,
        align="left",
        left=Pt(ROSTER_POSITION_START * std.CHAR_PITCH.pt),
        first_line=Pt(-(ROSTER_POSITION_START - ROSTER_LABEL_START) * std.CHAR_PITCH.pt),
    )
    paragraph_style(
        document,
        CLOSING,
        font=std.CLOSING_FONT,
        size=std.COPY_TO_SIZE,
        align="left",
        left=std.CLOSING_INSET,
        right=std.CLOSING_INSET,
        first_line=0,
        condense=False,
    )


def add_header_block(document, mark: str, number: str) -> None:
    """The 版头: red 发文机关标志, 发文字号 two blank lines below, the red line 4 mm under it,
    and the two blank lines above the title. ``mark`` and ``number`` may carry docxtpl tags."""
    define_official_styles(document)
    document.add_paragraph(mark, style=ISSUER_MARK)
    for _ in range(std.BLANK_LINES_BELOW_ISSUER_MARK):
        document.add_paragraph("", style=PLAIN)
    document.add_paragraph(number, style=DOC_NUMBER)
    for _ in range(std.BLANK_LINES_BELOW_SEPARATOR):
        document.add_paragraph("", style=PLAIN)


def _closing_row(style_id: str, text: str, ppr: str = "", tab: str = "") -> str:
    from xml.sax.saxutils import escape

    runs = "".join(
        (f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' if part else "")
        + ("<w:r><w:tab/></w:r>" if i < len(text.split("\t")) - 1 else "")
        for i, part in enumerate(text.split("\t"))
    )
    width = std.CLOSING_WIDTH.twips
    return (
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'</w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>{tab}{ppr}</w:pPr>{runs}</w:p>'
        "</w:tc></w:tr>"
    )


def add_closing_block(
    document, *, copy_to: str, printer: str, date: str, copy_to_if: str = ""
) -> None:
    """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期 with 印发.

    A table between a thick line above and below, a thin line between its rows, as wide as
    the type area, in a text box anchored to the bottom of the type area of the page where
    the document ends. ``copy_to`` is the names after 抄送：; ``copy_to_if`` a Jinja condition
    that leaves the 抄送 row out when false. Texts may carry docxtpl tags.
    """
    from docx.oxml import parse_xml

    define_official_styles(document)
    sid = document.styles[CLOSING].style_id
    label = std.COPY_TO_LABEL
    inset = std.CLOSING_INSET
    hang = Pt(len(label) * std.COPY_TO_SIZE.pt)
    copy_ind = (
        f'<w:ind w:left="{Length(inset + hang).twips}" w:right="{inset.twips}" '
        f'w:hanging="{hang.twips}"/>'
    )
    tab = (
        f'<w:tabs><w:tab w:val="right" w:pos="{Length(std.CLOSING_WIDTH - inset).twips}"/></w:tabs>'
    )
    rows = _closing_row(sid, f"{label}{copy_to}。", copy_ind)
    if copy_to_if:
        rows = (
            _closing_row(sid, f"{{%tr if {copy_to_if} %}}")
            + rows
            + _closing_row(sid, "{%tr endif %}")
        )
    rows += _closing_row(sid, f"{printer}\t{date}印发", tab=tab)
    width = std.CLOSING_WIDTH.twips
    thick, thin = _eighths(std.CLOSING_THICK_LINE), _eighths(std.CLOSING_THIN_LINE)
    table = (
        f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders><w:top w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:left w:val="nil"/>'
        f'<w:bottom w:val="single" w:sz="{thick}" w:space="0" w:color="000000"/>'
        '<w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="{thin}" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
        f"{rows}</w:tbl>"
    )
    # A text box must end with a paragraph; this one is 1 pt high.
    tail = (
        f'<w:p><w:pPr><w:pStyle w:val="{sid}"/><w:spacing w:before="0" w:after="0" '
        'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )
    cx, cy = int(std.CLOSING_WIDTH), int(Pt(2 * std.LINE_PITCH.pt))
    content = f"<w:txbxContent>{table}{tail}</w:txbxContent>"
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapTopAndBottom/><wp:docPr id="9704" name="{CLOSING_BOX}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>"
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing>"
    )
    # The same box in VML, for readers without DrawingML shapes (Word 2007, older WPS, text
    # extractors), as Word writes a text box: mc:Choice Requires="wps" and a VML mc:Fallback.
    pict = (
        '<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="{CLOSING_BOX}" o:spid="_x0000_s9704" type="#_x0000_t202" '
        f'style="{_vml_style(cy)}" filled="f" stroked="f">'
        f'<v:textbox inset="0,0,0,0">{content}</v:textbox>'
        '<w10:wrap type="topAndBottom" anchorx="margin" anchory="margin"/></v:shape></w:pict>'
    )
    box = (
        f'<w:p {_CLOSING_NS}><w:pPr><w:pStyle w:val="{sid}"/><w:spacing w:before="0" '
        'w:after="0" w:line="20" w:lineRule="exact"/></w:pPr><w:r><mc:AlternateContent>'
        f'<mc:Choice Requires="wps">{drawing}</mc:Choice><mc:Fallback>{pict}</mc:Fallback>'
        "</mc:AlternateContent></w:r></w:p>"
    )
    document.element.body.insert_element_before(parse_xml(box), "w:sectPr")


_CLOSING_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
_V = "{urn:schemas-microsoft-com:vml}"


def _vml_style(height_emu: int) -> str:
    """The VML shape's CSS: as wide as the type area, ``height_emu`` high, centred at the
    bottom of the type area, as the DrawingML anchor places it."""
    width, height = Length(std.CLOSING_WIDTH).pt, Length(height_emu).pt
    return (
        f"position:absolute;margin-left:0;margin-top:0;width:{width:.2f}pt;"
        f"height:{height:.2f}pt;z-index:2;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:bottom;"
        "mso-position-vertical-relative:margin"
    )


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def closing_lines(text: str) -> int:
    """How many lines a 版记 row takes: 抄送 wraps under the first name after its colon."""
    width = text_width(text)
    if width <= _CLOSING_CHARS:
        return 1
    rest = _CLOSING_CHARS - (len(std.COPY_TO_LABEL) if text.startswith(std.COPY_TO_LABEL) else 0)
    return 1 + -int(-(width - _CLOSING_CHARS) // rest)


def fit_closing_block(document) -> None:
    """Make the 版记's text box as high as its rows (plus half a line), after rendering.

    The table sits at the bottom of the box, so the last line stays on the bottom edge of
    the type area; the box's height is what body text on the last page flows around.
    """
    for anchor in document.element.body.iter(f"{_WP}anchor"):
        doc_pr = anchor.find(f"{_WP}docPr")
        if doc_pr is None or doc_pr.get("name") != CLOSING_BOX:
            continue
        rows = [paragraph_text(tc) for tc in anchor.iter(qn("w:tc"))]
        lines = sum(closing_lines(t) for t in rows if t.strip())
        height = int(Pt(std.LINE_PITCH.pt * (lines + 0.5)))
        anchor.find(f"{_WP}extent").set("cy", str(height))
        for ext in anchor.iter(f"{_A}ext"):
            ext.set("cy", str(height))
        alternate = anchor.getparent().getparent().getparent()  # drawing, Choice, Alternate…
        for shape in alternate.iter(f"{_V}shape"):
            shape.set("style", _vml_style(height))


def fit_issuer_mark(document) -> None:
    """Narrow the 标志's glyphs (字符缩放) when the name is wider than the type area."""
    names = style_names(document)
    for p in document.element.body.iter(qn("w:p")):
        if paragraph_style_name(p, names) != ISSUER_MARK:
            continue
        width = text_width(paragraph_text(p)) * std.ISSUER_MARK_SIZE.pt
        if width <= std.ISSUER_MARK_MAX_WIDTH.pt:
            continue
        percent = int(100 * std.ISSUER_MARK_MAX_WIDTH.pt / width)
        for r in p.iter(qn("w:r")):
            set_char_scale(r.get_or_add_rPr(), percent)
