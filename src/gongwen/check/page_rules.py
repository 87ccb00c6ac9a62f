"""Rules GW301, GW302, GW309, GW310: the page of a .docx (A4, the standard's margins) and
its numbers (— N — with a PAGE field, odd pages right and even pages left)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from gongwen.check.findings import Finding, Location, finding
from gongwen.check.styles import StyleSheet, child_attr, east_asia_font, family, first
from gongwen.check.text import DOCUMENT_PART, DocxPackage, w
from gongwen.formatting import gbt9704

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PAGE_FIELD = re.compile(r"(?<![A-Z])PAGE(?![A-Z])")
_OFF = ("0", "false", "off")


@dataclass
class PageChecker:
    """The page rules over one opened document's sections and footers."""

    package: DocxPackage
    path: str
    styles: StyleSheet
    sections: list
    out: list[Finding] = field(default_factory=list)

    def check(self) -> list[Finding]:
        self._page()
        self._page_numbers()
        return self.out

    # --- GW301, GW302 ----------------------------------------------------------------------
    def _page(self) -> None:
        for number, sect in enumerate(self.sections, start=1):
            where = Location(DOCUMENT_PART, None, f"第{number}节")
            size = sect.find(w("pgSz"))
            width = _twips(size, "w") if size is not None else None
            height = _twips(size, "h") if size is not None else None
            a4 = (gbt9704.PAGE_WIDTH.twips, gbt9704.PAGE_HEIGHT.twips)
            tol = gbt9704.MARGIN_TOLERANCE.twips
            landscape = width is not None and height is not None and width > height
            dims = (height, width) if landscape else (width, height)
            if None in dims or any(abs(d - e) > tol for d, e in zip(dims, a4, strict=True)):
                shown = "未设置" if None in dims else f"{_mm(width)}×{_mm(height)}毫米"
                message = f"纸张为{shown}，应为A4（210×297毫米）"
                self.out.append(finding("GW301", self.path, where, 0, message, "A4"))
            if landscape:
                continue  # a landscape page (a wide table) has its own margins
            margins = sect.find(w("pgMar"))
            for attr, name, expected in (
                ("top", "上", gbt9704.MARGIN_TOP),
                ("bottom", "下", gbt9704.MARGIN_BOTTOM),
                ("left", "左", gbt9704.MARGIN_LEFT),
                ("right", "右", gbt9704.MARGIN_RIGHT),
            ):
                value = _twips(margins, attr) if margins is not None else None
                if value is not None and abs(abs(value) - expected.twips) <= tol:
                    continue
                shown = "未设置" if value is None else f"为{_mm(abs(value))}毫米"
                good = f"{round(expected.mm)}毫米"
                message = f"{name}边距{shown}，应为{good}（允许±{round(tol / 56.7)}毫米）"
                self.out.append(finding("GW302", self.path, where, 0, message, good))

    # --- GW309, GW310 ----------------------------------------------------------------------
    def _page_numbers(self) -> None:
        settings = self.package.xml("word/settings.xml")
        flag = None if settings is None else settings.find(w("evenAndOddHeaders"))
        even_odd = flag is not None and flag.get(w("val"), "true") not in _OFF
        targets = self._relationship_targets()
        footers: dict[str, str] = {}  # type -> part, inherited from earlier sections
        checked: set[tuple[str, str]] = set()
        for number, sect in enumerate(self.sections, start=1):
            for ref in sect.iterfind(w("footerReference")):
                part = targets.get(ref.get(f"{{{R_NS}}}id", ""))
                if part:
                    footers[ref.get(w("type"), "default")] = part
            where = Location(DOCUMENT_PART, None, f"第{number}节")
            wanted = ("default", "even") if even_odd else ("default",)
            for kind in wanted:
                part = footers.get(kind)
                if part is None:
                    page = "双页" if kind == "even" else "单页"
                    message = f"{page}页脚中没有页码"
                    self.out.append(finding("GW309", self.path, where, 0, message, "— 1 —"))
                elif (kind, part) not in checked:
                    checked.add((kind, part))
                    self._footer(part, kind)
        if not even_odd and self.sections:
            where = Location("word/settings.xml", None)
            message = "未设置“奇偶页不同”，页码无法单页居右、双页居左"
            self.out.append(finding("GW310", self.path, where, 0, message))

    def _footer(self, part: str, kind: str) -> None:
        paragraphs = self.package.paragraphs(part)
        numbered = [p for p in paragraphs if _has_page_field(p.element)]
        page = "双页" if kind == "even" else "单页"
        if not numbered:
            where = Location(part, None)
            message = f"{page}页脚中没有页码域（PAGE）"
            self.out.append(finding("GW309", self.path, where, 0, message, "— 1 —"))
            return
        para = numbered[0]
        dash = re.escape(gbt9704.PAGE_NUMBER_DASH)
        if not re.fullmatch(rf"\s*{dash} ?\S* ?{dash}\s*", para.text):
            message = f"页码写作“{para.text.strip()}”，应为“— 1 —”（一字线、空格、页码）"
            self.out.append(finding("GW309", self.path, para.where, 0, message, "— 1 —"))
        align, _ = first(self.styles.paragraph_levels(para.element), child_attr("jc", "val"))
        want_right = kind == "default"
        is_right = align in ("right", "end")
        is_left = align in (None, "left", "start", "both")
        if (want_right and not is_right) or (not want_right and not is_left):
            side = "右" if want_right else "左"
            message = f"{page}页码应居{side}（空一字），此处对齐方式为“{align or 'left'}”"
            self.out.append(finding("GW310", self.path, para.where, 0, message))
        self._number_face(para, page)

    def _number_face(self, para, page: str) -> None:
        """4号宋体: the size and the face of the runs that print the dashes and the number."""
        want_size = gbt9704.PAGE_NUMBER_SIZE.pt
        for run in para.element.iter(w("r")):
            text = "".join(t.text or "" for t in run.iter(w("t")))
            if not text.strip():
                continue
            levels = self.styles.run_levels(para.element, run)
            size, _ = first(levels, child_attr("sz", "val"))
            font, _ = first(levels, east_asia_font)
            name = font[1] if font and font[0] == "font" else None
            if size is not None and int(size) / 2 != want_size:
                message = f"{page}页码字号为{int(size) / 2:g}磅，应为4号（{want_size:g}磅）"
                self.out.append(finding("GW309", self.path, para.where, 0, message, "4号"))
                return
            if name is not None and family(name) != family(gbt9704.PAGE_NUMBER_FONT):
                message = f"{page}页码字体为“{name}”，应为宋体"
                self.out.append(finding("GW309", self.path, para.where, 0, message, "宋体"))
                return

    def _relationship_targets(self) -> dict[str, str]:
        rels = self.package.xml("word/_rels/document.xml.rels")
        if rels is None:
            return {}
        out = {}
        for rel in rels.iterfind(f"{{{PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            out[rel.get("Id", "")] = (
                target.lstrip("/") if target.startswith("/") else (f"word/{target}")
            )
        return out


def _has_page_field(p: etree._Element) -> bool:
    for simple in p.iter(w("fldSimple")):
        if _PAGE_FIELD.search(simple.get(w("instr"), "")):
            return True
    return any(_PAGE_FIELD.search(t.text or "") for t in p.iter(w("instrText")))


def _twips(el: etree._Element | None, attr: str) -> float | None:
    value = None if el is None else el.get(w(attr))
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _mm(twips: float) -> str:
    return f"{twips / 1440 * 25.4:.1f}".rstrip("0").rstrip(".")
