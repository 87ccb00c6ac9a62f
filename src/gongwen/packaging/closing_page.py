"""The page of the 版记: the foot of the last even page, decided from a LibreOffice layout.

公文 are printed on both sides, so the 版记's last line lies on the bottom edge of the type
area of the last side of the last sheet — an even page (GB/T 9704-2012, 版记; see
``gbt9704.md``). Where the body ends is only known from a real layout: two copies of the
document are laid out by LibreOffice (``gongwen.packaging.pdf``), one without the 版记 (where the body
ends: page P) and one with a blank of the 版记's height in its place (whether the 版记 fits
below the body on page P). Then:

- P even and the 版记 fits: it stays at the foot of page P (as the template places it);
- P odd: the 版记 starts a new page, P + 1, at its foot (that page keeps its number);
- P even and the 版记 does not fit: page P + 1 is left blank and the 版记 stands on P + 2;
  as the standard asks, neither page carries a page number (each is the first page of a
  section of its own with a first-page footer that is empty).

The fixed 22 × 28 grid makes the page count the same in Word and WPS with the real fonts.
Without LibreOffice the 版记 stays after the body and a warning finding says so.
"""

from __future__ import annotations

import copy
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gongwen.formatting.style_names import CLOSING_BOX
from gongwen.render.docxzip import pack, read_members

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_DOCUMENT = "word/document.xml"
EMU_PER_TWIP = 635

STAYS, NEXT_PAGE, AFTER_BLANK_PAGE = "stays", "next-page", "after-blank-page"


@dataclass(frozen=True)
class ClosingPlacement:
    """Where the 版记 went: ``body_pages`` (P), the page it stands on, and how."""

    body_pages: int
    page: int
    how: str  # STAYS, NEXT_PAGE or AFTER_BLANK_PAGE


# (body-only layout, with-blank layout) document hash -> page counts, once per process
_LAID_OUT: dict[str, tuple[int, int]] = {}


def _box_paragraph(body):
    """The body's paragraph anchoring the 版记's text box, or None."""
    for p in body.iterchildren(f"{_W}p"):
        for doc_pr in p.iter(f"{_WP}docPr"):
            if doc_pr.get("name") == CLOSING_BOX:
                return p
    return None


def _element(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(f"{_W}{name}", value)
    return element


def _ppr(p):
    ppr = p.find(f"{_W}pPr")
    if ppr is None:
        ppr = _element("w:pPr")
        p.insert(0, ppr)
    return ppr


def _box_height_twips(box) -> int:
    extent = next(box.iter(f"{_WP}extent"))
    return int(extent.get("cy")) // EMU_PER_TWIP


def _probe(root, box, blank: bool) -> bytes:
    """The document XML without the 版记, or with an empty paragraph of its height instead."""
    from docx.opc.oxml import serialize_part_xml

    root = copy.deepcopy(root)
    body = root.find(f"{_W}body")
    at = _box_paragraph(body)
    if blank:
        spacer = _element("w:p")
        spacing = _element(
            "w:spacing", before="0", after="0", line=str(_box_height_twips(box)), lineRule="exact"
        )
        _ppr(spacer).append(spacing)
        at.addprevious(spacer)
    body.remove(at)
    return serialize_part_xml(root)


def _section_break(final_sectpr, *, first_page_blank: bool):
    """A w:sectPr ending a section like the document's own, optionally with titlePg (its
    first page then takes the first-page footer, which no section defines: no number)."""
    sectpr = copy.deepcopy(final_sectpr)
    for old in sectpr.findall(f"{_W}type") + sectpr.findall(f"{_W}titlePg"):
        sectpr.remove(old)
    sectpr.insert(_after_refs(sectpr), _element("w:type", val="nextPage"))
    if first_page_blank:
        _add_title_pg(sectpr)
    return sectpr


def _after_refs(sectpr) -> int:
    """Index after the header/footer references and footnote/endnote properties."""
    lead = {f"{_W}{n}" for n in ("headerReference", "footerReference", "footnotePr", "endnotePr")}
    return sum(1 for child in sectpr if child.tag in lead)


def _add_title_pg(sectpr) -> None:
    """w:titlePg in its schema place (after pgNumType, cols, formProt, vAlign, noEndnote)."""
    later = {
        f"{_W}{n}" for n in ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")
    }
    title = _element("w:titlePg")
    for child in sectpr:
        if child.tag in later:
            child.addprevious(title)
            return
    sectpr.append(title)


def _apply(root, box, how: str) -> bytes:
    from docx.opc.oxml import serialize_part_xml

    root = copy.deepcopy(root)
    body = root.find(f"{_W}body")
    at = _box_paragraph(body)
    if how == NEXT_PAGE:
        ppr = _ppr(at)
        style = ppr.find(f"{_W}pStyle")
        page_break = _element("w:pageBreakBefore")
        if style is not None:
            style.addnext(page_break)
        else:
            ppr.insert(0, page_break)
    elif how == AFTER_BLANK_PAGE:
        final = body.find(f"{_W}sectPr")
        before = at.getprevious()
        if before is None or before.tag != f"{_W}p" or _ppr(before).find(f"{_W}sectPr") is not None:
            before = _element("w:p")
            at.addprevious(before)
        _ppr(before).append(_section_break(final, first_page_blank=False))  # ends the body
        blank = _element("w:p")
        _ppr(blank).append(_section_break(final, first_page_blank=True))  # the blank page
        at.addprevious(blank)
        for old in final.findall(f"{_W}type") + final.findall(f"{_W}titlePg"):
            final.remove(old)
        final.insert(_after_refs(final), _element("w:type", val="nextPage"))
        _add_title_pg(final)  # the 版记's page
    return serialize_part_xml(root)


def _with_document(members, xml: bytes) -> bytes:
    return pack([m.with_data(xml) if m.name == _DOCUMENT else m for m in members])


def _page_counts(probes: tuple[bytes, bytes], fonts_dir=None) -> tuple[int, int]:
    from gongwen.packaging.pdf import convert_to_pdf, pdf_page_count

    key = hashlib.sha256(b"".join(probes)).hexdigest()
    if key not in _LAID_OUT:
        with tempfile.TemporaryDirectory(prefix="gongwen-closing-") as tmp:
            paths = [Path(tmp) / f"{name}.docx" for name in ("body", "blank")]
            for path, data in zip(paths, probes, strict=True):
                path.write_bytes(data)
            pdfs = convert_to_pdf(paths, Path(tmp) / "pdf", fonts_dir=fonts_dir)
            body, blank = (pdf_page_count(pdfs[p.resolve()]) for p in paths)
        _LAID_OUT[key] = (body, blank)
    return _LAID_OUT[key]


def decide(body_pages: int, with_blank_pages: int) -> tuple[str, int]:
    """How the 版记 goes, and the page it stands on, from the two layouts' page counts."""
    if body_pages % 2:
        return NEXT_PAGE, body_pages + 1
    if with_blank_pages == body_pages:
        return STAYS, body_pages
    return AFTER_BLANK_PAGE, body_pages + 2


def place_closing_block(data: bytes, fonts_dir=None) -> tuple[bytes, ClosingPlacement | None]:
    """The .docx ``data`` with its 版记 on the last even page, and where it went.

    A document without a 版记 comes back as it is, with None. Raises ``RenderError`` when
    LibreOffice is missing or cannot lay the document out.
    """
    from docx.oxml import parse_xml

    from gongwen.packaging.soffice import find_soffice

    members = read_members(data)
    xml = next(m for m in members if m.name == _DOCUMENT).data
    if CLOSING_BOX.encode() not in xml:
        return data, None
    root = parse_xml(xml)
    box = _box_paragraph(root.find(f"{_W}body"))
    if box is None:
        return data, None
    find_soffice()
    probes = tuple(_with_document(members, _probe(root, box, blank)) for blank in (False, True))
    body_pages, with_blank = _page_counts(probes, fonts_dir)
    how, page = decide(body_pages, with_blank)
    placement = ClosingPlacement(body_pages, page, how)
    if how == STAYS:
        return data, placement
    return _with_document(members, _apply(root, box, how)), placement


def place_or_warn(data: bytes, path: str) -> tuple[bytes, list]:
    """``place_closing_block`` for a build: without LibreOffice (or when it fails), the
    document as rendered — the 版记 after the body, at the foot of the page where the body
    ends — and a GW320 warning finding saying the page could not be decided."""
    from gongwen.check.findings import Location, finding
    from gongwen.errors import RenderError

    try:
        placed, _ = place_closing_block(data)
    except RenderError as exc:
        reason = str(exc).splitlines()[0]
        message = (
            f"无法用 LibreOffice 排版确定正文在第几页结束（{reason}），版记仍排在正文末页的底部，"
            "若正文末页为单数页，版记就不在双数页上"
        )
        suggestion = "安装 LibreOffice 后重新生成，或在 Word/WPS 中核对版记是否在末页（双数页）"
        where = Location(_DOCUMENT, None)
        return data, [finding("GW320", path, where, 0, message, suggestion)]
    return placed, []
