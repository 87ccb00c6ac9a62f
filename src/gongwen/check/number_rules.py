"""Rules GW101, GW102, GW104, GW111: the form of one 发文字号 (brackets, 第/字, leading zeros,
missing 号 or serial, spaces, half-width brackets around it); each suggestion mends every
defect of the number at once."""

from __future__ import annotations

import re

from gongwen.check.doc_numbers import (
    SPACE_GROUPS,
    YEAR_CLOSE,
    YEAR_OPEN,
    DocNumber,
    fixed_number,
)
from gongwen.check.findings import Edit, Finding, finding
from gongwen.check.text import Paragraph

BLANK_SERIAL_ADVICE = "在“号”前填写发文顺序号"


def number_findings(path: str, para: Paragraph, number: DocNumber) -> list[Finding]:
    """Every form finding for one number found in ``para``."""
    if number.kind != "serial":
        return []
    if number.match is None:  # unclosed or missing year brackets
        message = f"发文字号“{number.text}”{'，'.join(number.defects)}"
        return [finding("GW102", path, para.where, number.start, message, number.suggestion)]
    m = number.match
    text = m.string
    shown = number.text
    good = number.suggestion or fixed_number(number)
    out = []
    if m.group("open") != YEAR_OPEN or m.group("close") != YEAR_CLOSE:
        edits = tuple(
            Edit(m.start(g), m.end(g), shape)
            for g, shape in (("open", YEAR_OPEN), ("close", YEAR_CLOSE))
            if m.group(g) != shape
        )
        message = f"发文字号“{shown}”的年份应使用六角括号〔〕，不能用“{m.group('open')}{m.group('close')}”"
        out.append(finding("GW101", path, para.where, edits[0].start, message, good, edits))
    out += _content(path, para, number)
    if m.group("num") is not None:
        spaces = [
            Edit(m.start(g) + s.start(), m.start(g) + s.end(), "")
            for g in SPACE_GROUPS
            for s in re.finditer(r"[ \t\u3000]+", m.group(g))
            if m.start(g) + s.end() <= number.end
        ]
        if spaces:
            message = f"发文字号“{shown}”中有空格"
            out.append(
                finding("GW104", path, para.where, spaces[0].start, message, good, tuple(spaces))
            )
    before, after = number.start - 1, number.end
    if before >= 0 and after < len(text) and text[before] in "(（" and text[after] in ")）":
        half = [i for i in (before, after) if text[i] in "()"]
        if half:
            edits = tuple(Edit(i, i + 1, "（" if text[i] == "(" else "）") for i in half)
            message = f"发文字号“{shown}”外的括号应为全角“（）”，不能用半角“()”"
            out.append(finding("GW111", path, para.where, half[0], message, f"（{good}）", edits))
    return out


def _content(path: str, para: Paragraph, number: DocNumber) -> list[Finding]:
    """GW102 for 字, 第, a leading zero, a short year, no 号 and no serial."""
    m = number.match
    assert m is not None
    shown, good = number.text, number.suggestion
    out = []
    mid = m.group("mid")
    for word in ("字", "第"):
        if word in mid:
            at = m.start("mid") + mid.index(word)
            message = f"发文字号“{shown}”不应含“{word}”"
            out.append(finding("GW102", path, para.where, at, message, good))
    num = m.group("num") or ""
    if len(num) > 1 and num.startswith("0") and num.isdigit():
        message = f"发文字号“{shown}”的序号“{num}”不应有前导零"
        out.append(finding("GW102", path, para.where, m.start("num"), message, good))
    year = m.group("year")
    if year.isdigit() and len(year) != 4:
        message = f"发文字号“{shown}”的年份“{year}”应写全四位"
        out.append(finding("GW102", path, para.where, m.start("year"), message))
    if m.group("hao") is None:
        message = f"发文字号“{shown}”缺少“号”字"
        out.append(finding("GW102", path, para.where, number.end, message, good))
    if not num:
        message = f"发文字号“{shown}”没有序号"
        out.append(finding("GW102", path, para.where, m.start("hao"), message, BLANK_SERIAL_ADVICE))
    return out
