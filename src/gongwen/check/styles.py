"""Effective Word formatting: run and paragraph properties resolved through the style chain
(direct formatting → character style → paragraph style → basedOn … → document defaults)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from gongwen.check.text import w

T = TypeVar("T")
DIRECT = "直接格式"
DEFAULTS = "文档默认格式"
# (properties element, where it comes from: DIRECT, DEFAULTS or 样式“name”)
Level = tuple[etree._Element, str]


class StyleSheet:
    """The styles part of a document, for resolving effective properties."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.doc_rpr = self.doc_ppr = None
        if root is None:
            return
        for style in root.iterfind(w("style")):
            sid = style.get(w("styleId"))
            if sid:
                self.by_id[sid] = style
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                    self.default_paragraph = sid
        self.doc_rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.doc_ppr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        el = None if style is None else style.find(w("name"))
        return style_id if el is None else el.get(w("val"), style_id)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(w("basedOn"))
            style_id = None if based is None else based.get(w("val"))
        return out

    def paragraph_style(self, p: etree._Element) -> str | None:
        el = p.find(f"{w('pPr')}/{w('pStyle')}")
        return self.default_paragraph if el is None else el.get(w("val"))

    def paragraph_levels(self, p: etree._Element) -> list[Level]:
        levels: list[Level] = []
        ppr = p.find(w("pPr"))
        if ppr is not None:
            levels.append((ppr, DIRECT))
        levels += self._style_levels(self.paragraph_style(p), "pPr")
        if self.doc_ppr is not None:
            levels.append((self.doc_ppr, DEFAULTS))
        return levels

    def run_levels(self, p: etree._Element, r: etree._Element) -> list[Level]:
        levels: list[Level] = []
        rpr = r.find(w("rPr"))
        if rpr is not None:
            levels.append((rpr, DIRECT))
            rstyle = rpr.find(w("rStyle"))
            if rstyle is not None:
                levels += self._style_levels(rstyle.get(w("val")), "rPr")
        levels += self._style_levels(self.paragraph_style(p), "rPr")
        if self.doc_rpr is not None:
            levels.append((self.doc_rpr, DEFAULTS))
        return levels

    def _style_levels(self, style_id: str | None, tag: str) -> list[Level]:
        out = []
        for style in self.chain(style_id):
            props = style.find(w(tag))
            if props is not None:
                out.append((props, f"样式“{self.name(style.get(w('styleId')))}”"))
        return out


def first(levels: list[Level], get: Callable[[etree._Element], T | None]) -> tuple[T | None, str]:
    """The first value ``get`` finds going down the levels, and where it came from."""
    for props, source in levels:
        value = get(props)
        if value is not None:
            return value, source
    return None, DEFAULTS


def child_attr(tag: str, attr: str) -> Callable[[etree._Element], str | None]:
    def get(props: etree._Element) -> str | None:
        el = props.find(w(tag))
        return None if el is None else el.get(w(attr))

    return get


def east_asia_font(props: etree._Element) -> tuple[str, str] | None:
    """``("theme", name)`` or ``("font", name)`` from one rPr, or None when it says nothing.

    A theme attribute wins over an explicit name on the same element, as in Word.
    """
    fonts = props.find(w("rFonts"))
    if fonts is None:
        return None
    theme = fonts.get(w("eastAsiaTheme"))
    if theme:
        return ("theme", theme)
    name = fonts.get(w("eastAsia"))
    return ("font", name) if name else None


_FAMILY_KEYS = (
    ("小标宋", ("小标宋", "xiaobiaosong", "xbs")),
    ("仿宋", ("仿宋", "fangsong")),
    ("楷体", ("楷体", "kaiti", "楷书")),
    ("黑体", ("黑体", "simhei", "heiti")),
    ("宋体", ("宋体", "simsun", "songti")),
)


def family(name: str | None) -> str | None:
    """The face family of a font name: 仿宋_GB2312 and FangSong are both 仿宋."""
    if not name:
        return None
    low = name.lower()
    for fam, keys in _FAMILY_KEYS:
        if any(k in low for k in keys):
            return fam
    return name
