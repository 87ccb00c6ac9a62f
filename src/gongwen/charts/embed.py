"""A figure as a template value: printed as an inline picture, its PNG added to the .docx.

``{{ figure_hazards }}`` prints what docxtpl's ``InlineImage`` prints (the run is closed, a
run with a ``w:drawing`` follows, a run is opened again), with its namespaces declared on
the spot so any template takes it. The picture points at a relationship id derived from the
figure's name; ``figure_parts`` then adds, for every figure the rendered document shows, the
image part ``word/media/<name>.png``, its relationship and the ``png`` content type. Names,
ids and bytes depend only on the figure, so the same workbook gives the same .docx.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, replace
from xml.sax.saxutils import quoteattr

EMU_PER_INCH = 914400
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CONTENT_TYPES = "[Content_Types].xml"
_PNG_TYPE = '<Default Extension="png" ContentType="image/png"/>'
_HAS_PNG = re.compile(r'<Default\s+Extension="png"', re.IGNORECASE)
ID_PREFIX = "gongwenFigure_"


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header."""
    return struct.unpack(">II", png[16:24])


def png_dpi(png: bytes) -> tuple[float, float] | None:
    """The resolution the PNG's pHYs chunk gives (dots per inch), or None without one."""
    at = 8
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"pHYs":
            x, y, unit = struct.unpack(">IIB", png[at + 8 : at + 17])
            return (x * 0.0254, y * 0.0254) if unit == 1 else None
        if kind == b"IDAT":
            return None
        at += 12 + length
    return None


@dataclass(frozen=True)
class DocxFigure:
    """One figure for a template field: its name (``hazards``), PNG, print resolution and
    description (the picture's alternative text)."""

    name: str
    png: bytes
    dpi: int
    description: str

    @property
    def rel_id(self) -> str:
        return ID_PREFIX + self.name

    @property
    def media(self) -> str:
        return f"media/{ID_PREFIX}{self.name}.png"

    def extent(self) -> tuple[int, int]:
        """Its size on the page in EMU: pixels at ``dpi``."""
        width, height = png_size(self.png)
        return width * EMU_PER_INCH // self.dpi, height * EMU_PER_INCH // self.dpi

    def __html__(self) -> str:
        cx, cy = self.extent()
        name = quoteattr(self.name)
        return (
            "</w:t></w:r><w:r><w:drawing>"
            f'<wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="1" name={name} descr={quoteattr(self.description)}/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/>'
            f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{_A}">'
            f'<a:graphicData uri="{_PIC}"><pic:pic xmlns:pic="{_PIC}">'
            f'<pic:nvPicPr><pic:cNvPr id="0" name={name}/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip xmlns:r="{_R}" r:embed="{self.rel_id}"/>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
            '<w:r><w:t xml:space="preserve">'
        )

    def __str__(self) -> str:  # where no picture can go (document properties): its description
        return self.description


def figures_in(context: dict) -> list[DocxFigure]:
    """The figures among ``context``'s values (figure fields are top-level names), each once
    (a Chinese alias holds the same figure as its field)."""
    found = {v.rel_id: v for v in context.values() if isinstance(v, DocxFigure)}
    return list(found.values())


def refuse_outside_body(template: str, figures: list[DocxFigure], xml: str, part: str) -> None:
    """Raise TemplateRenderError when ``xml`` (a header, footer or footnote) shows a figure:
    a picture is added to the document body's part only."""
    from gongwen.errors import TemplateRenderError

    for f in figures:
        if f.rel_id in xml:
            raise TemplateRenderError(
                f"模板 {template} 在{part}中使用了图字段「figure_{f.name}」，未生成任何文件。"
                "图只能放在正文中，请把该字段移到正文的单独一段。"
            )


def _rels_name(document: str) -> str:
    folder, _, base = document.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def figure_parts(members: list, document_at: int, document_xml: bytes, context: dict) -> list:
    """The (index, member) changes that add the figures ``document_xml`` shows.

    ``members`` are the template's zip members; new ones get indexes past its end.
    """
    shown = [f for f in figures_in(context) if f.rel_id.encode() in document_xml]
    if not shown:
        return []
    document = members[document_at]
    by_name = {m.name: i for i, m in enumerate(members)}
    folder = document.name.rpartition("/")[0]
    changes = []
    rels_at = by_name.get(_rels_name(document.name))
    rels = _member_text(members[rels_at]) if rels_at is not None else None
    if rels is None:
        rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    added = "".join(
        f'<Relationship Id="{f.rel_id}" Type="{_IMAGE}" Target="{f.media}"/>'
        for f in shown
        if f'Id="{f.rel_id}"' not in rels
    )
    rels = rels.replace("</Relationships>", added + "</Relationships>")
    new_at = len(members)
    if rels_at is None:
        changes.append(
            (new_at, replace(document, name=_rels_name(document.name)).with_data(rels.encode()))
        )
        new_at += 1
    else:
        changes.append((rels_at, members[rels_at].with_data(rels.encode("utf-8"))))
    types_at = by_name[CONTENT_TYPES]
    types = _member_text(members[types_at])
    if not _HAS_PNG.search(types):
        types = types.replace("<Default ", _PNG_TYPE + "<Default ", 1)
        changes.append((types_at, members[types_at].with_data(types.encode("utf-8"))))
    for f in shown:
        path = f"{folder}/{f.media}" if folder else f.media
        if path not in by_name:
            changes.append((new_at, replace(document, name=path).with_data(f.png)))
            new_at += 1
    return changes


def _member_text(member) -> str:
    return member.data.decode("utf-8")
