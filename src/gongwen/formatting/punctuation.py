"""Punctuation shared by Chinese and Latin text, kept in the Chinese face in every reader.

“” ‘’ — … · are Latin characters to Unicode, so a run's Latin face (Times New Roman) would
draw them unless something says otherwise. Word follows ``w:hint="eastAsia"``; LibreOffice
drops that hint when it saves a document, after which Word draws the marks in Times New Roman.
So the marks go in runs of their own whose ``w:rFonts`` name the Chinese face for the Latin
scripts too (``w:ascii``, ``w:hAnsi``): explicit fonts are kept by every reader and writer.
"""

from __future__ import annotations

import copy
import itertools

from docx.oxml.ns import qn

from gongwen.formatting.properties import get_or_add

SHARED = frozenset("“”‘’—…·")
_RUN_PARTS = {qn("w:rPr"), qn("w:t")}


def present(xml: str) -> bool:
    """Whether a part's text holds any of the marks (so the pass has work to do)."""
    return any(mark in xml for mark in SHARED)


class _EastAsianFaces:
    """The East Asian face a run gets from its paragraph's style chain or the defaults."""

    def __init__(self, styles) -> None:
        self.by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self.default_paragraph = next(
            (
                sid
                for sid, s in self.by_id.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        self.doc = _east_asia(
            styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        )

    def of_style(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            face = _east_asia(style.find(qn("w:rPr")))
            if face:
                return face
            based = style.find(qn("w:basedOn"))
            style_id = None if based is None else based.get(qn("w:val"))
        return self.doc

    def of_paragraph(self, p) -> str | None:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return self.of_style(self.default_paragraph if style is None else style.get(qn("w:val")))


def _east_asia(rpr) -> str | None:
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _segments(text: str) -> list[str]:
    """``text`` cut where it passes between shared marks and other characters."""
    return ["".join(group) for _, group in itertools.groupby(text, SHARED.__contains__)]


def _hold(rpr, face: str) -> None:
    fonts = get_or_add(rpr, "w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)
    fonts.set(qn("w:hint"), "eastAsia")


def hold_punctuation(document) -> None:
    """Put every shared mark of the body in a run of its own in the Chinese face."""
    faces = _EastAsianFaces(document.styles.element)
    for p in document.element.body.iter(qn("w:p")):
        runs = [
            r for r in p.findall(qn("w:r")) if any(present(t.text or "") for t in r.iter(qn("w:t")))
        ]
        if not runs:
            continue
        paragraph_face = faces.of_paragraph(p)
        for r in runs:
            face = _east_asia(r.find(qn("w:rPr"))) or paragraph_face
            if face:
                _split_run(r, face)


def _split_run(r, face: str) -> None:
    """Split a plain text run (properties and one ``w:t``) at the marks; a run holding
    anything else is left whole, its fonts set only when it is nothing but marks."""
    texts = r.findall(qn("w:t"))
    if len(texts) != 1 or any(child.tag not in _RUN_PARTS for child in r):
        if all(set(t.text or "") <= SHARED for t in texts):
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                rpr = r.makeelement(qn("w:rPr"), {})
                r.insert(0, rpr)
            _hold(rpr, face)
        return
    segments = _segments(texts[0].text or "")
    rpr = r.find(qn("w:rPr"))
    for text in segments:
        run = r.makeelement(qn("w:r"), r.attrib)
        props = copy.deepcopy(rpr) if rpr is not None else run.makeelement(qn("w:rPr"), {})
        if text[0] in SHARED:
            _hold(props, face)
        if len(props):
            run.append(props)
        t = run.makeelement(qn("w:t"), {})
        t.text = text
        if text != text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
        r.addprevious(run)
    r.getparent().remove(r)
