"""Located text: every paragraph of a .docx (all parts, tables, text boxes, notes) and every
text cell of an .xlsx, each with the place a person can find it."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gongwen.check.findings import Location
from gongwen.errors import GongwenError, os_reason

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: ``w("p")`` → ``{ns}p``."""
    return f"{{{W_NS}}}{tag}"


W_P, W_T, W_TBL, W_TR, W_TC = w("p"), w("t"), w("tbl"), w("tr"), w("tc")
W_PPR, W_RPR, W_TXBX = w("pPr"), w("rPr"), w("txbxContent")
W_FOOTNOTE, W_ENDNOTE = w("footnote"), w("endnote")
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
_BREAKS = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}

DOCUMENT_PART = "word/document.xml"
_TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_MAX_UNCOMPRESSED = 512 * 1024 * 1024

# Safe parsing: no entity expansion, no DTD loading, no network.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


class UnreadableFileError(GongwenError):
    """Raised when a file given to the checker cannot be opened or is not a Word/Excel file."""


@dataclass(frozen=True)
class Segment:
    """Characters ``[start, end)`` of a paragraph's text; ``element`` is the ``w:t`` holding
    them, or None for a tab or break."""

    start: int
    end: int
    element: etree._Element | None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (or worksheet cell) of text and where it is.

    ``kind`` is ``body``, ``table``, ``textbox``, ``header``, ``footer``, ``footnote``,
    ``endnote`` or ``cell`` (a worksheet cell).
    """

    where: Location
    text: str
    kind: str
    element: etree._Element | None = None
    segments: tuple[Segment, ...] = field(default=(), repr=False)


def is_template(path: str | Path) -> bool:
    """A template, whose ``{{ }}`` tags are expected: it lives in a ``templates`` folder or
    its name says 模板."""
    p = Path(path)
    return "模板" in p.name or any(part.lower() == "templates" for part in p.parent.parts)


def parse_xml(data: bytes, name: str = "") -> etree._Element:
    """Parse one XML part safely; raise ``UnreadableFileError`` on malformed XML."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableFileError(f"无法解析 {name}：XML 格式错误（{exc}）。") from exc
    if root.getroottree().docinfo.doctype:  # entities would be read as nothing: refuse
        raise UnreadableFileError(
            f"{name} 含有 DTD 或实体声明（<!DOCTYPE …>），Word 和 WPS 不会生成这样的文件，"
            "可能被篡改或是恶意文件，拒绝检查。请用 Word/WPS 打开后另存为 .docx 再检查。"
        )
    return root


class DocxPackage:
    """A .docx opened read-only: its zip entries and parsed XML parts."""

    def __init__(self, source: str | Path | bytes, name: str | None = None) -> None:
        self.name = name or (str(source) if not isinstance(source, bytes) else "<内存文档>")
        try:
            data = source if isinstance(source, bytes) else Path(source).read_bytes()
        except OSError as exc:
            raise UnreadableFileError(f"无法读取 {self.name}：{os_reason(exc)}。") from exc
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            raise UnreadableFileError(
                f"{self.name} 不是有效的 Word 文档（.docx）：文件已损坏、被加密，"
                "或是旧版 .doc 改了扩展名。请用 Word/WPS 另存为 .docx 后再检查。"
            ) from exc
        names = self.zip.namelist()
        if DOCUMENT_PART not in names:
            raise UnreadableFileError(f"{self.name} 不是 Word 文档：缺少 {DOCUMENT_PART}。")
        if sum(i.file_size for i in self.zip.infolist()) > _MAX_UNCOMPRESSED:
            raise UnreadableFileError(f"{self.name} 解压后过大，拒绝检查。")
        self.names = names
        self._parsed: dict[str, etree._Element] = {}

    def has(self, name: str) -> bool:
        return name in self.names

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part, or None when the package has no such part."""
        if name not in self.names:
            return None
        if name not in self._parsed:
            self._parsed[name] = parse_xml(self.zip.read(name), f"{self.name} 的 {name}")
        return self._parsed[name]

    def text_parts(self) -> list[str]:
        """The parts that carry text, body first, then headers, footers and notes."""
        found = [n for n in self.names if _TEXT_PART.match(n)]
        return sorted(found, key=_part_sort_key)

    def paragraphs(self, part: str) -> list[Paragraph]:
        root = self.xml(part)
        return [] if root is None else part_paragraphs(root, part)


def _part_sort_key(name: str) -> tuple[int, int, str]:
    kinds = ("document", "header", "footer", "footnotes", "endnotes")
    m = re.match(r"word/([a-z]+?)(\d*)\.xml$", name)
    assert m is not None
    return (kinds.index(m.group(1)), int(m.group(2) or 0), name)


def part_kind(part: str) -> str:
    """``body``, ``header``, ``footer``, ``footnote`` or ``endnote`` for a text part."""
    base = part.rsplit("/", 1)[-1]
    for prefix, kind in (
        ("document", "body"),
        ("header", "header"),
        ("footer", "footer"),
        ("footnotes", "footnote"),
        ("endnotes", "endnote"),
    ):
        if base.startswith(prefix):
            return kind
    return "body"


class _Walker:
    """Walks one part in document order, numbering tables, cells, boxes and paragraphs."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.kind = part_kind(part)
        self.boxes = 0
        self.out: list[Paragraph] = []

    def walk(
        self, el: etree._Element, label: str | None, counters: dict[str, int], kind: str
    ) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag == MC_FALLBACK:
                continue
            if tag == W_P:
                counters["p"] += 1
                self._paragraph(child, label, counters["p"], kind)
            elif tag == W_TBL:
                counters["tbl"] += 1
                self._table(child, label, counters["tbl"])
            elif tag in (W_FOOTNOTE, W_ENDNOTE):
                if child.get(w("type")) in (None, "normal"):
                    note = "脚注" if tag == W_FOOTNOTE else "尾注"
                    note_label = f"{note}{child.get(w('id'))}"
                    self.walk(child, note_label, {"p": 0, "tbl": 0}, kind)
            else:
                self.walk(child, label, counters, kind)

    def _table(self, tbl: etree._Element, label: str | None, number: int) -> None:
        for row, tr in enumerate(_children(tbl, W_TR), start=1):
            for col, tc in enumerate(_children(tr, W_TC), start=1):
                cell = _join(label, f"表{number} 行{row} 列{col}")
                self.walk(tc, cell, {"p": 0, "tbl": 0}, "table")

    def _paragraph(self, p: etree._Element, label: str | None, number: int, kind: str) -> None:
        pieces: list[tuple[str, etree._Element | None]] = []
        boxes: list[etree._Element] = []
        _collect(p, pieces, boxes)
        segments = []
        pos = 0
        for text, el in pieces:
            segments.append(Segment(pos, pos + len(text), el))
            pos += len(text)
        self.out.append(
            Paragraph(
                where=Location(self.part, number, label),
                text="".join(t for t, _ in pieces),
                kind=kind,
                element=p,
                segments=tuple(segments),
            )
        )
        for box in boxes:
            self.boxes += 1
            self.walk(box, _join(label, f"文本框{self.boxes}"), {"p": 0, "tbl": 0}, "textbox")


def _join(outer: str | None, inner: str) -> str:
    return inner if outer is None else f"{outer} › {inner}"


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (w("sdt"), w("customXml")) or child.tag == w("sdtContent"):
            yield from _children(child, tag)


def _collect(
    el: etree._Element,
    pieces: list[tuple[str, etree._Element | None]],
    boxes: list[etree._Element],
) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in (W_PPR, W_RPR, MC_FALLBACK):
            continue
        if tag == W_T:
            pieces.append((child.text or "", child))
        elif tag in _BREAKS:
            pieces.append((_BREAKS[tag], None))
        elif tag == W_TXBX:
            boxes.append(child)
        elif tag != W_P:
            _collect(child, pieces, boxes)


def part_paragraphs(root: etree._Element, part: str) -> list[Paragraph]:
    """Every paragraph of one part in document order, text boxes after their anchor."""
    walker = _Walker(part)
    walker.walk(root, None, {"p": 0, "tbl": 0}, walker.kind)
    return walker.out


def docx_paragraphs(package: DocxPackage) -> list[Paragraph]:
    """Every paragraph of every text-carrying part of the document."""
    out: list[Paragraph] = []
    for part in package.text_parts():
        out.extend(package.paragraphs(part))
    return out


def xlsx_paragraphs(path: str | Path) -> list[Paragraph]:
    """Every text cell of every worksheet, located as ``sheet`` + ``B3``; in a campaign
    workbook not the cells of date columns, which a build reads as dates.

    The file passes the same guard as a workbook being built (zip bombs, DTDs, encrypted or
    renamed files are refused before openpyxl parses anything).
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from gongwen.workbook.date_cells import date_cells
    from gongwen.workbook.guard import inspect_workbook_file

    inspect_workbook_file(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UnreadableFileError(
            f"无法打开工作簿 {path}：文件已损坏、被加密或不是 .xlsx 格式（{type(exc).__name__}）。"
        ) from exc
    out: list[Paragraph] = []
    try:
        campaign = is_campaign_workbook(book.sheetnames)
        for sheet in book.worksheets:
            rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
            dates = date_cells(sheet.title, rows) if campaign else set()
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if not isinstance(value, str) or not value.strip() or (r, c) in dates:
                        continue
                    where = Location(sheet.title, None, f"{get_column_letter(c)}{r}")
                    out.append(Paragraph(where=where, text=value, kind="cell"))
    finally:
        book.close()
    return out


def is_campaign_workbook(sheet_names: list[str]) -> bool:
    """Whether the workbook has every sheet the campaign requires: then its date cells are
    read as dates by a build (2025.3.1 becomes 2025年3月1日) and left out of the check."""
    from gongwen.workbook.schema import SHEETS

    return all(s.name in sheet_names for s in SHEETS if s.required)


def text_paragraphs(items: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> list[Paragraph]:
    """Paragraphs from ``(location, text)`` pairs; ``基本信息!B2`` splits into sheet and cell."""
    out: list[Paragraph] = []
    for location, text in items:
        sheet, _, cell = location.rpartition("!")
        where = Location(sheet or location, None, cell if sheet else None)
        out.append(Paragraph(where=where, text=text, kind="cell"))
    return out
