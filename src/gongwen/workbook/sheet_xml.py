"""What openpyxl's streaming reader does not say about a sheet, read from the sheet's XML.

Read-only worksheets carry no merged cells, and with ``data_only`` a formula that was never
calculated (a file written by a program, not saved by Excel or WPS) reads as an empty cell.
Both would let a document show a blank where the clerk sees a value, so the reader asks this
module for a sheet's merged ranges and its formula cells without a cached value.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from openpyxl.utils import column_index_from_string

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")
# a formula (<f>) or a merged range (<mergeCell>), with or without a namespace prefix
_WORTH_PARSING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|mergeCell)[\s/>]")


@dataclass
class SheetFacts:
    """A sheet's merged ranges (``A2:A4``) and uncached formula cells ((row, column), 1-based)."""

    merged: list[str] = field(default_factory=list)
    uncached: set[tuple[int, int]] = field(default_factory=set)


def sheet_facts(source) -> SheetFacts:
    """The SheetFacts of the worksheet XML in the binary file object ``source``.

    The file was checked for DTDs before (``gongwen.workbook.guard``); entities are not resolved
    and nothing is fetched from the network all the same.
    """
    from lxml import etree

    data = source.read()
    facts = SheetFacts()
    if not _WORTH_PARSING.search(data):  # no formula and no merged cell: nothing to find
        return facts
    row = col = 0
    for event, element in etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    ):
        tag = element.tag
        if tag == f"{_MAIN}row":
            if event == "start":
                r = element.get("r") or ""
                row, col = (int(r) if r.isdigit() else row + 1), 0
            else:
                element.clear()
        elif event == "start":
            continue
        elif tag == f"{_MAIN}c":
            ref = _REF.match(element.get("r") or "")
            col = column_index_from_string(ref.group(1)) if ref else col + 1
            if ref:
                row = int(ref.group(2))
            if element.find(f"{_MAIN}f") is not None and _no_value(element):
                facts.uncached.add((row, col))
        elif tag == f"{_MAIN}mergeCell" and element.get("ref"):
            facts.merged.append(element.get("ref"))
    return facts


def _no_value(cell) -> bool:
    """Whether a formula cell lacks its result: no ``<v>``, or an empty one that is not a
    formula's empty text result (``t="str"``; openpyxl writes ``<v></v>`` for no result)."""
    value = cell.find(f"{_MAIN}v")
    return value is None or (not value.text and cell.get("t") != "str")
