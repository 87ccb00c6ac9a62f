"""The passes after rendering: heading numbers, 署名 and 成文日期, 附件说明, 版头, 版记, tables."""

from __future__ import annotations

import copy
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from gongwen.formatting import gbt9704 as std
from gongwen.formatting.numbering import HeadingCounter, typed_number
from gongwen.formatting.official import fit_closing_block, fit_issuer_mark
from gongwen.formatting.properties import get_or_add, set_indent
from gongwen.formatting.punctuation import hold_punctuation
from gongwen.formatting.style_names import (
    ATTACHMENT_NOTE,
    CLOSING_BOX,
    DATE,
    HEADINGS,
    ISSUER_MARK,
    SIGNATURE,
    paragraph_style_name,
    paragraph_text,
    style_names,
)
from gongwen.formatting.table_fit import fit_tables
from gongwen.formatting.widths import text_width


def number_headings(document) -> None:
    """Prefix every heading paragraph of the body with its number (一、（一）1.（1）).

    Numbers come from the heading's level and position, so a template never types them; a
    number of the heading's level typed at its start (一、 in a 一级标题, 1、 in a 三级标题) is
    removed first, so the automatic one is not doubled (一、一、指导思想).
    """
    names = style_names(document)
    level_of = {name: level for level, name in HEADINGS.items()}
    counter = HeadingCounter()
    for p in document.element.body.iter(qn("w:p")):
        level = level_of.get(paragraph_style_name(p, names))
        text = paragraph_text(p)
        if level is None or not text.strip():
            continue
        typed = typed_number(text, level)
        if typed and text[len(typed) :].strip():
            _drop_leading(p, len(typed))
        _prefix_text(p, counter.next(level))


def _drop_leading(p, count: int) -> None:
    """Remove the first ``count`` characters of the paragraph's text, across its runs."""
    for t in p.iter(qn("w:t")):
        if count <= 0:
            return
        text = t.text or ""
        t.text, count = text[count:], count - len(text)


def _prefix_text(p, prefix: str) -> None:
    first = p.find(qn("w:r"))
    run = OxmlElement("w:r")
    if first is not None and first.find(qn("w:rPr")) is not None:
        run.append(copy.deepcopy(first.find(qn("w:rPr"))))
    t = OxmlElement("w:t")
    t.text = prefix
    run.append(t)
    if first is not None:
        first.addprevious(run)
    else:
        p.append(run)


def place_signature(document) -> None:
    """Place 署名 and 成文日期 as GB/T 9704 asks for documents without a seal.

    The name stands two characters from the right; the date on the next line begins two
    characters right of the name. When the date is the longer, it stands two characters
    from the right and the name moves left to keep the two-character step. The 署名
    paragraphs before the date are kept with it (keep-with-next), so the signature block
    never breaks across a page.
    """
    names = style_names(document)
    paragraphs = list(document.element.body.iter(qn("w:p")))
    for i, p in enumerate(paragraphs[:-1]):
        if paragraph_style_name(p, names) != SIGNATURE:
            continue
        date_p = paragraphs[i + 1]
        if paragraph_style_name(date_p, names) != DATE:
            continue
        j = i
        while j >= 0 and paragraph_style_name(paragraphs[j], names) == SIGNATURE:
            get_or_add(paragraphs[j].get_or_add_pPr(), "w:keepNext")
            j -= 1
        name_w, date_w = text_width(paragraph_text(p)), text_width(paragraph_text(date_p))
        right_edge = std.CHARS_PER_LINE - 2
        name_start = right_edge - name_w if date_w + 2 <= name_w else right_edge - date_w - 2
        for para, start in ((p, name_start), (date_p, name_start + 2)):
            set_indent(para.get_or_add_pPr(), left=Pt(start * std.CHAR_PITCH.pt))


ATTACHMENT_LABEL = "附件："
# Advance widths of Latin characters in the body's Latin face (Times New Roman; Liberation
# Serif in PDFs has the same metrics), in ems: digits half an em, the full stop a quarter.
_LATIN_EM = {".": 0.25}
_ATTACHMENT_NUMBER = re.compile(r"^\d{1,3}\.")


def _latin_width(text: str) -> float:
    """Width in points of Latin ``text`` in body type, condensed as every body run is."""
    size, condense = std.BODY_SIZE.pt, std.CHAR_SPACING_CONDENSE.pt
    return sum(_LATIN_EM.get(ch, 0.5) * size + condense for ch in text)


def align_attachment_note(document) -> None:
    """Indent the 附件说明 so a name's wrapped lines align with its first character.

    "附件：" stands two characters in; with several attachments the numbers of the second and
    later ("2.") stand under the first's ("1."), and every wrapped line starts where the name
    after its number does (GB/T 9704: 回行时与上一行附件名称对齐).
    """
    names = style_names(document)
    base = std.FIRST_LINE_INDENT.pt
    label = len(ATTACHMENT_LABEL) * std.CHAR_PITCH.pt
    for p in document.element.body.iter(qn("w:p")):
        if paragraph_style_name(p, names) != ATTACHMENT_NOTE:
            continue
        text = paragraph_text(p)
        if not text.strip():
            continue
        first = text.startswith(ATTACHMENT_LABEL)
        number = _ATTACHMENT_NUMBER.match(text[len(ATTACHMENT_LABEL) :] if first else text)
        name_at = base + label + (_latin_width(number.group()) if number else 0.0)
        start = base if first else base + label
        set_indent(p.get_or_add_pPr(), left=Pt(name_at), first_line=Pt(start - name_at))


def finish_document(document) -> None:
    """Everything the format engine does after rendering."""
    number_headings(document)
    place_signature(document)
    align_attachment_note(document)
    fit_issuer_mark(document)
    fit_closing_block(document)
    fit_tables(document)  # before the punctuation's runs: a written-in line break rejoins runs
    hold_punctuation(document)


def finish_markers(style_ids: dict[str, str]) -> tuple[str, ...]:
    """Strings of which a rendered document part holds at least one when ``finish_document``
    may change it: the quoted style ids of the paragraphs it works on and the 版记 box's name.
    (Marked tables are fitted on the text, ``fit_tables_xml``, whether or not it is parsed.)

    ``style_ids`` maps style names to ids. Keep in step with ``finish_document``: the batch
    renderer writes a part holding none of these, and none of the shared punctuation marks
    (``gongwen.formatting.punctuation``), as rendered, without the pass.
    """
    from xml.sax.saxutils import quoteattr

    styles = (*HEADINGS.values(), SIGNATURE, DATE, ATTACHMENT_NOTE, ISSUER_MARK)
    ids = [style_ids[name] for name in styles if name in style_ids]
    # attribute values as lxml writes them, quotes included, whatever the namespace prefix
    return tuple(quoteattr(v, {'"': "&quot;"}) for v in (*ids, CLOSING_BOX))
