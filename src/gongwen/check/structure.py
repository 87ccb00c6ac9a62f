"""Rules GW201–GW204: heading numbers (一、→（一）→1.→（1）), their punctuation, dates and
repeated text (GB/T 15834-2011 附录B; GB/T 9704-2012 7.3.3 and 7.3.5)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongwen.check.citations import mask_template_tags
from gongwen.check.decimal_numbers import decimal_number, expected_after, follows
from gongwen.check.findings import Edit, Finding, finding
from gongwen.check.text import Paragraph
from gongwen.formatting.numbering import chinese_numeral
from gongwen.workbook.dates import format_date

_CN_DIGITS = "一二三四五六七八九"
_CN = "一二三四五六七八九十"
_SP = r"[ \t\u3000]*"

# Each level: the number, then the punctuation after it (right or wrong).
_LEVELS = (
    (1, re.compile(rf"^{_SP}([{_CN}]{{1,3}})([、.．，,])")),
    (2, re.compile(rf"^{_SP}[（(]([{_CN}]{{1,3}})[）)]([、，,.．]?)")),
    (3, re.compile(rf"^{_SP}(\d{{1,2}})([.．、])(?!\d)")),
    (4, re.compile(rf"^{_SP}[（(](\d{{1,2}})[）)]([、，,.．]?)")),
)
_RIGHT_PUNCT = {1: "、", 2: "", 3: ".", 4: ""}
# The same mark typed in full width (1．, common from Chinese input methods) is not an error.
_ALSO_RIGHT = {3: "．"}
_ATTACHMENT_LABEL = re.compile(rf"^{_SP}附件{_SP}\d*{_SP}$")
# A paragraph that is only a date: the 成文日期 closing a document; what follows is an attachment.
_SIGNING_DATE = re.compile(
    rf"^{_SP}(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|[〇○零一二三四五六七八九]{{4}}年[{_CN}]{{1,2}}月[{_CN}]{{1,3}}日){_SP}$"
)
_ATTACHMENT_LIST = re.compile(rf"^{_SP}附件{_SP}[：:]{_SP}")
_ATTACHMENT_ITEM = re.compile(rf"(?<=[：:]){_SP}(\d{{1,2}})(、)")

_DATE_DASHED = re.compile(
    r"(?<![\d.\-/．])(\d{4})([-/.．])(\d{1,2})\2(\d{1,2})(?![\d\-/])(?![.．]\d)"
)
_DATE_CHINESE = re.compile(r"(?<!\d)(\d{4})(\s*)年(\s*)(\d{1,2})(\s*)月(?:(\s*)(\d{1,2})(\s*)日)?")
MAX_TOC_LABEL = 40  # a paragraph ending in 目录 and no longer than this opens a table of contents
MAX_HEADING_LINE = 40  # a numbered line no longer than this may be a heading
MIN_REPEAT_CHARS = 30  # a repeated block shorter than this is not reported
MIN_REPEAT_PARAGRAPH = 15  # and it must hold at least one paragraph this long


@dataclass(frozen=True)
class Heading:
    level: int
    number: int
    label: str  # the number as written, e.g. （一）
    punct: str  # the punctuation after it, as written
    start: int  # offset of the number (its opening bracket included)
    end: int  # offset after the punctuation


def chinese_number(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; None for anything else."""
    if not text or any(c not in _CN for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (
        _CN_DIGITS.index(ones) + 1 if ones else 0
    )


def heading_of(text: str) -> Heading | None:
    """The heading number a paragraph starts with, if any."""
    for level, pattern in _LEVELS:
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group(1)
        number = int(raw) if raw.isdigit() else chinese_number(raw)
        if number is None:
            continue
        begin = m.start(1) - (1 if level in (2, 4) else 0)
        return Heading(level, number, text[begin : m.start(2)], m.group(2), begin, m.end())
    return None


def label_for(level: int, number: int) -> str:
    if level in (1, 2):
        cn = chinese_label(number)
        return f"{cn}、" if level == 1 else f"（{cn}）"
    return f"{number}." if level == 3 else f"（{number}）"


def chinese_label(number: int) -> str:
    """3 -> 三, 12 -> 十二: the one encoder of the format engine (formatting.numbering)."""
    return chinese_numeral(number)


class StructureChecker:
    def __init__(self, path: str, template: bool = False) -> None:
        self.path = path
        self.template = template

    def _text(self, para: Paragraph) -> str:
        return mask_template_tags(para.text) if self.template else para.text

    def check(self, paragraphs: Sequence[Paragraph]) -> list[Finding]:
        out: list[Finding] = []
        for para in paragraphs:
            text = self._text(para)
            out += self._punctuation(para, text)
            out += self._dates(para, text)
        body = [p for p in paragraphs if p.kind == "body" and self._text(p).strip()]
        repeats, copies = self._repeats(body)
        out += repeats
        out += self._order([p for p in body if id(p) not in copies])
        return out

    # --- GW202 -----------------------------------------------------------------------------
    def _punctuation(self, para: Paragraph, text: str) -> list[Finding]:
        out = []
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        if para.kind != "cell":
            line_starts = [0]
        for start in line_starts:
            line = text[start:]
            heading = heading_of(line)
            if heading is not None:
                wrong = heading.punct not in (
                    _RIGHT_PUNCT[heading.level],
                    _ALSO_RIGHT.get(heading.level),
                )
                at = start + heading.end - len(heading.punct)
                right = label_for(heading.level, heading.number)
                if wrong:
                    written = line[heading.start : heading.end]
                    out.append(self._punct_finding(para, at, heading.punct, written, right))
            m = _ATTACHMENT_LIST.match(line) and _ATTACHMENT_ITEM.search(line)
            if m:
                at = start + m.start(2)
                out.append(self._punct_finding(para, at, "、", f"{m.group(1)}、", f"{m.group(1)}."))
        return out

    def _punct_finding(
        self, para: Paragraph, at: int, punct: str, written: str, right: str
    ) -> Finding:
        replacement = right[-1] if right.endswith(("、", ".")) else ""
        message = f"序数“{written.strip()}”的标点不规范，应写作“{right}”"
        edit = Edit(at, at + len(punct), replacement)
        return finding("GW202", self.path, para.where, at, message, right, (edit,))

    # --- GW203 -----------------------------------------------------------------------------
    def _dates(self, para: Paragraph, text: str) -> list[Finding]:
        out = []
        for m in _DATE_DASHED.finditer(text):
            date = _valid_date(m.group(1), m.group(3), m.group(4))
            if date is not None:
                good = format_date(date)
                message = f"日期“{m.group()}”应写作“{good}”"
                edit = Edit(m.start(), m.end(), good)  # certain: the date exists
                out.append(
                    finding("GW203", self.path, para.where, m.start(), message, good, (edit,))
                )
        for m in _DATE_CHINESE.finditer(text):
            year, month, day = m.group(1), m.group(4), m.group(7)
            spaced = any(m.group(g) for g in (2, 3, 5, 6, 8))
            zeros = month.startswith("0") or (day or "").startswith("0")
            if not (spaced or zeros):
                continue
            if day is None:
                good = f"{int(year)}年{int(month)}月" if 1 <= int(month) <= 12 else None
            else:
                date = _valid_date(year, month, day)
                good = format_date(date) if date else None
            if good is None:
                continue
            why = "不应有前导零" if zeros else "中间不应有空格"
            message = f"日期“{m.group()}”{why}，应写作“{good}”"
            edit = Edit(m.start(), m.end(), good)
            out.append(finding("GW203", self.path, para.where, m.start(), message, good, (edit,)))
        return out

    # --- GW204 -----------------------------------------------------------------------------
    def _repeats(self, body: list[Paragraph]) -> tuple[list[Finding], set[int]]:
        """Later copies of repeated runs of paragraphs: one finding per copy."""
        keys = [re.sub(r"\s+", "", self._text(p)) for p in body]
        seen: dict[str, list[int]] = {}
        out: list[Finding] = []
        copies: set[int] = set()
        i = 0
        while i < len(keys):
            best_j, best_k = -1, 0
            for j in seen.get(keys[i], []):
                k = 0
                while i + k < len(keys) and j + k < i and keys[j + k] == keys[i + k]:
                    k += 1
                if k > best_k:
                    best_j, best_k = j, k
            block = keys[i : i + best_k]
            numbered = all(_numbered_line(self._text(p)) for p in body[i : i + best_k])
            if (
                best_k
                and not numbered  # headings of a table of contents repeated in the body
                and sum(map(len, block)) >= MIN_REPEAT_CHARS
                and max(map(len, block)) >= MIN_REPEAT_PARAGRAPH
            ):
                out.append(self._repeat_finding(body, i, best_j, best_k))
                for n in range(i, i + best_k):
                    copies.add(id(body[n]))
                    seen.setdefault(keys[n], []).append(n)
                i += best_k
                continue
            seen.setdefault(keys[i], []).append(i)
            i += 1
        return out, copies

    def _repeat_finding(self, body: list[Paragraph], i: int, j: int, k: int) -> Finding:
        first, last = body[i].where.paragraph, body[i + k - 1].where.paragraph
        orig_first, orig_last = body[j].where.paragraph, body[j + k - 1].where.paragraph
        if k == 1:
            message = f"本段与第{orig_first}段重复"
        else:
            message = (
                f"第{first}至{last}段（{k}段）与第{orig_first}至{orig_last}段重复，可能是重复粘贴"
            )
        suggestion = "删除重复的段落"
        return finding("GW204", self.path, body[i].where, 0, message, suggestion)

    # --- GW201 -----------------------------------------------------------------------------
    def _order(self, body: list[Paragraph]) -> list[Finding]:
        out: list[Finding] = []
        counts = [0, 0, 0, 0, 0]
        depth = 0
        in_attachment_list = False
        in_contents = False
        last_decimal: tuple[int, ...] = ()  # the last decimal heading number, (3, 4, 1)
        texts = [self._text(p) for p in body]
        for n, (para, text) in enumerate(zip(body, texts, strict=True)):
            if _ATTACHMENT_LABEL.match(text) or _SIGNING_DATE.match(text):
                counts, depth = [0, 0, 0, 0, 0], 0
                continue
            if _is_contents_label(text):
                in_contents = True
                continue
            decimal = decimal_number(texts, n, last_decimal)
            if decimal is not None:
                if not follows(decimal, last_decimal):
                    out.append(self._decimal_finding(para, decimal, last_decimal))
                last_decimal = decimal
                counts[3] = counts[4] = 0  # lists under a decimal heading start again
                depth = 0
                continue
            heading = heading_of(text)
            if _ATTACHMENT_LIST.match(text):
                in_attachment_list = True
                continue
            if in_attachment_list and heading is not None and heading.level == 3:
                continue
            in_attachment_list = False
            if heading is None:
                continue
            level, number = heading.level, heading.number
            if number == 1 and counts[level] and (in_contents or level == 1):
                # the body after 目录, or a document that follows (an attachment without a
                # 附件 label, a plan after its 印发 notice): numbering starts again
                counts, depth, in_contents = [0, 0, 0, 0, 0], 0, False
            written = text[heading.start : heading.end]
            if depth and level > depth + 1:
                parent = label_for(depth, counts[depth])
                missing = label_for(depth + 1, 1)
                message = f"序数“{written}”紧接在“{parent}”之下，跳过了“{missing}”一级"
                out.append(finding("GW201", self.path, para.where, heading.start, message))
            elif number != counts[level] + 1:
                expected = label_for(level, counts[level] + 1)
                message = (
                    f"序数“{written}”顺序不对，此处应为“{expected}”"
                    if counts[level]
                    else f"序数“{written}”顺序不对，本层级应从“{label_for(level, 1)}”开始"
                )
                out.append(
                    finding("GW201", self.path, para.where, heading.start, message, expected)
                )
            counts[level] = number
            for deeper in range(level + 1, 5):
                counts[deeper] = 0
            depth = level
        return out

    def _decimal_finding(
        self, para: Paragraph, number: tuple[int, ...], last: tuple[int, ...]
    ) -> Finding:
        written = ".".join(map(str, number))
        expected = expected_after(number, last)
        message = f"序数“{written}”顺序不对，此处应为“{expected}”"
        at = len(para.text) - len(para.text.lstrip())
        return finding("GW201", self.path, para.where, at, message, expected)


def _numbered_line(text: str) -> bool:
    """A short line that starts with a heading number (一、, （一）, 1., 1.1)."""
    numbered = heading_of(text) is not None or re.match(rf"{_SP}\d", text) is not None
    return numbered and len(text.strip()) <= MAX_HEADING_LINE


def _is_contents_label(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    numbered = heading_of(text) is not None or re.match(r"\d", flat)
    return flat.endswith("目录") and len(flat) <= MAX_TOC_LABEL and not numbered


def _valid_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2099 else None


def check_structure(
    paragraphs: Iterable[Paragraph], path: str, template: bool = False
) -> list[Finding]:
    """GW201–GW204 over the paragraphs of one document or workbook."""
    return StructureChecker(path, template).check(list(paragraphs))
