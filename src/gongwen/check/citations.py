"""Rules GW101–GW111: citations of policy documents, 发文字号 and placeholders.

Norms: 《党政机关公文处理工作条例》 第九条 (发文字号 = 机关代字 + 〔年份〕 + 序号 + 号) and the practice
of citing 《标题》（发文字号）. Every rule works on the whole paragraph text, so a citation split
across runs is seen whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongwen.check.findings import Edit, Finding, finding
from gongwen.check.text import Paragraph
from gongwen.workbook.model import BasisDocument

YEAR_OPEN, YEAR_CLOSE = "〔", "〕"
_OPENS = "〔[［(（【﹝〈<｛{"
_CLOSES = "〕]］)）】﹞〉>｝}"
_X = "xXＸｘ×"  # letters people type for "to be filled in"
_CODE_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CODE_MAX = 12

# A 发文字号 from the year bracket on; the 机关代字 is found by scanning back from it.
DOC_NUMBER = re.compile(
    rf"(?<=[\u4e00-\u9fffA-Za-z])(?P<s0>[ \t\u3000]*)"
    rf"(?P<open>[{re.escape(_OPENS)}])(?P<s1>[ \t\u3000]*)"
    rf"(?P<year>\d{{2,4}}(?![{_X}])|\d{{0,2}}[{_X}]{{2,4}})"
    rf"(?P<s2>[ \t\u3000]*)(?P<close>[{re.escape(_CLOSES)}])"
    rf"(?P<mid>[ \t\u3000]*(?:字[ \t\u3000]*)?(?:第[ \t\u3000]*)?)"
    rf"(?P<num>\d+|[{_X}]{{1,4}})(?P<s3>[ \t\u3000]*)号"
)
_SPACE_GROUPS = ("s0", "s1", "s2", "mid", "s3")

PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}"  # template tags left in a document
    rf"|(?<![A-Za-z\d])\d{{0,2}}[{_X}]{{2,}}(?![A-Za-z])"  # 20xx, xx, XX, ××
    rf"|(?<![A-Za-z\d])[{_X}](?=[省市区县镇乡村街])"  # X市
    r"|○{2,}|某某"
)
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_MASK = "\ue000"
_LIST_MARKER = re.compile(
    r"(?:^|\n)[ \t\u3000]*(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})[)）]"
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BRACKETS = str.maketrans(
    {**dict.fromkeys(_OPENS, YEAR_OPEN), **dict.fromkeys(_CLOSES, YEAR_CLOSE)}
)


@dataclass(frozen=True)
class DocNumber:
    """A 发文字号 found in a paragraph; ``start`` is where its 机关代字 begins."""

    start: int
    match: re.Match[str]

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def text(self) -> str:
        return self.match.string[self.start : self.end]

    @property
    def normalized(self) -> str:
        return normalize_number(self.text)

    @property
    def has_placeholder(self) -> bool:
        return any(c in _X for c in self.match.group("year") + self.match.group("num"))


@dataclass(frozen=True)
class Citation:
    """《标题》 with, when it follows in brackets, its 发文字号."""

    start: int  # offset of 《
    title: str
    number: DocNumber | None


def normalize_number(text: str) -> str:
    """A 发文字号 in the one form used for comparison: no spaces, 〔〕, ASCII digits."""
    return re.sub(r"\s+", "", text).translate(_BRACKETS).translate(_FULLWIDTH_DIGITS)


def normalize_title(text: str) -> str:
    """A title for matching: no 《》, no spaces, full-width round brackets."""
    text = re.sub(r"[\s《》]+", "", text)
    return text.replace("(", "（").replace(")", "）")


def fixed_number(num: DocNumber) -> str:
    """The number with the certain fixes applied (bracket shape, spaces removed)."""
    m = num.match
    code = m.string[num.start : m.start()]
    mid = re.sub(r"\s+", "", m.group("mid"))
    return f"{code}{YEAR_OPEN}{m.group('year')}{YEAR_CLOSE}{mid}{m.group('num')}号"


def find_numbers(text: str) -> list[DocNumber]:
    out = []
    for m in DOC_NUMBER.finditer(text):
        start = m.start()
        while (
            start > 0
            and m.start() - start < _CODE_MAX
            and text[start - 1] != "号"
            and _CODE_CHAR.match(text[start - 1])
        ):
            start -= 1
        if start < m.start():  # a 机关代字 is required
            out.append(DocNumber(start, m))
    return out


def find_citations(text: str) -> list[Citation]:
    """Top-level 《…》 spans, each with the 发文字号 in the brackets right after it, if any."""
    out = []
    numbers = {n.start: n for n in find_numbers(text)}
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth > 0:
            depth -= 1
            if depth == 0:
                title = text[start + 1 : i]
                out.append(Citation(start, title, _number_after(text, i + 1, numbers)))
    return out


def _number_after(text: str, pos: int, numbers: dict[int, DocNumber]) -> DocNumber | None:
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    if pos >= len(text) or text[pos] not in "(（":
        return None
    number = numbers.get(pos + 1)
    if number is None:
        return None
    after = number.end
    while after < len(text) and text[after] in " \t\u3000":
        after += 1
    return number if after < len(text) and text[after] in ")）" else None


def mask_template_tags(text: str) -> str:
    """Template tags replaced by neutral characters of the same length (offsets unchanged)."""
    return _TEMPLATE_TAG.sub(lambda m: _MASK * len(m.group()), text)


class CitationChecker:
    """Runs GW101–GW111 over the paragraphs of one document (or one workbook)."""

    def __init__(
        self,
        path: str,
        registry: Sequence[BasisDocument] | None = None,
        template: bool = False,
    ) -> None:
        self.path = path
        self.registry = (
            None if registry is None else {normalize_title(d.title): d for d in registry}
        )
        self.template = template
        self.cited_with_number: set[str] = set()
        self.first_number: dict[str, tuple[str, Paragraph]] = {}

    def check(self, paragraphs: Iterable[Paragraph]) -> list[Finding]:
        out: list[Finding] = []
        for para in paragraphs:
            text = mask_template_tags(para.text) if self.template else para.text
            if not text.strip():
                continue
            out += self._placeholders(para, text)
            out += self._balance(para, text)
            for number in find_numbers(text):
                out += self._number_form(para, number)
            for citation in find_citations(text):
                out += self._citation(para, citation)
        return out

    # --- GW103 -----------------------------------------------------------------------------
    def _placeholders(self, para: Paragraph, text: str) -> list[Finding]:
        out = []
        for m in PLACEHOLDER.finditer(text):
            token = m.group()
            if token.startswith("{"):
                message = f"模板标记“{token}”未被替换"
            elif re.fullmatch(rf"\d{{2}}[{_X}]{{2}}", token):
                message = f"年份占位符“{token}”未填写实际年份"
            else:
                message = f"占位符“{token}”未替换为实际内容"
            out.append(finding("GW103", self.path, para.where, m.start(), message))
        return out

    # --- GW110 -----------------------------------------------------------------------------
    def _balance(self, para: Paragraph, text: str) -> list[Finding]:
        skip = {m.end() - 1 for m in _LIST_MARKER.finditer(text)}
        out = []
        for opens, closes, name in (("《", "》", "书名号"), ("（(", "）)", "括号")):
            stack: list[int] = []
            for i, ch in enumerate(text):
                if ch in opens:
                    stack.append(i)
                elif ch in closes and i not in skip:
                    if stack:
                        stack.pop()
                    else:
                        message = f"{name}“{ch}”前面没有与之配对的前半个"
                        out.append(finding("GW110", self.path, para.where, i, message))
            for i in stack:
                message = f"{name}“{text[i]}”后面没有与之配对的后半个"
                out.append(finding("GW110", self.path, para.where, i, message))
        return out

    # --- GW101, GW102, GW104, GW111 --------------------------------------------------------
    def _number_form(self, para: Paragraph, number: DocNumber) -> list[Finding]:
        m, text = number.match, number.match.string
        shown = number.text
        good = fixed_number(number)
        out = []
        if m.group("open") != YEAR_OPEN or m.group("close") != YEAR_CLOSE:
            edits = tuple(
                Edit(m.start(g), m.end(g), shape)
                for g, shape in (("open", YEAR_OPEN), ("close", YEAR_CLOSE))
                if m.group(g) != shape
            )
            message = (
                f"发文字号“{shown}”的年份应使用六角括号〔〕，"
                f"不能用“{m.group('open')}{m.group('close')}”"
            )
            out.append(
                finding("GW101", self.path, para.where, edits[0].start, message, good, edits)
            )
        out += self._number_content(para, number, good)
        spaces = [
            Edit(m.start(g) + s.start(), m.start(g) + s.end(), "")
            for g in _SPACE_GROUPS
            for s in re.finditer(r"[ \t\u3000]+", m.group(g))
        ]
        if spaces:
            message = f"发文字号“{shown}”中有空格"
            out.append(
                finding(
                    "GW104", self.path, para.where, spaces[0].start, message, good, tuple(spaces)
                )
            )
        before = number.start - 1
        after = number.end
        if before >= 0 and after < len(text) and text[before] in "(（" and text[after] in ")）":
            half = [i for i in (before, after) if text[i] in "()"]
            if half:
                edits = tuple(Edit(i, i + 1, "（" if text[i] == "(" else "）") for i in half)
                message = f"发文字号“{shown}”外的括号应为全角“（）”，不能用半角“()”"
                out.append(
                    finding("GW111", self.path, para.where, half[0], message, f"（{good}）", edits)
                )
        return out

    def _number_content(self, para: Paragraph, number: DocNumber, good: str) -> list[Finding]:
        m = number.match
        out = []
        mid = m.group("mid")
        for word in ("字", "第"):
            if word in mid:
                at = m.start("mid") + mid.index(word)
                suggestion = re.sub(r"[字第\s]", "", good[good.index(YEAR_CLOSE) :])
                suggestion = good[: good.index(YEAR_CLOSE)] + suggestion
                message = f"发文字号“{number.text}”不应含“{word}”"
                out.append(finding("GW102", self.path, para.where, at, message, suggestion))
        num = m.group("num")
        if len(num) > 1 and num.startswith("0") and num.isdigit():
            message = f"发文字号“{number.text}”的序号“{num}”不应有前导零"
            suggestion = good[: -len(num) - 1] + str(int(num)) + "号"
            out.append(finding("GW102", self.path, para.where, m.start("num"), message, suggestion))
        year = m.group("year")
        if year.isdigit() and len(year) != 4:
            message = f"发文字号“{number.text}”的年份“{year}”应写全四位"
            out.append(finding("GW102", self.path, para.where, m.start("year"), message))
        return out

    # --- GW105–GW109 -----------------------------------------------------------------------
    def _citation(self, para: Paragraph, citation: Citation) -> list[Finding]:
        title = normalize_title(citation.title)
        if not title or _MASK in title or PLACEHOLDER.search(citation.title):
            return []
        out = []
        where, at = para.where, citation.start
        number = citation.number
        if number is not None and not number.has_placeholder:
            out += self._consistency(para, citation, title, number)
        entry = None if self.registry is None else self.registry.get(title)
        if self.registry is not None and entry is None:
            message = f"引用的《{citation.title}》不在依据文件清单中，请核对标题或补充登记"
            out.append(finding("GW106", self.path, where, at, message))
        if entry is not None:
            if not entry.in_force:
                message = f"引用的《{citation.title}》已废止（依据文件清单中标为“{entry.status}”）"
                out.append(finding("GW108", self.path, where, at, message))
            if number is None and entry.doc_number and title not in self.cited_with_number:
                message = f"引用《{citation.title}》应在标题后注明发文字号（{entry.doc_number}）"
                out.append(finding("GW105", self.path, where, at, message, entry.citation))
            if (
                number is not None
                and entry.doc_number
                and number.normalized != normalize_number(entry.doc_number)
            ):
                message = (
                    f"《{citation.title}》的发文字号写作“{number.text}”，"
                    f"依据文件清单中为“{entry.doc_number}”"
                )
                out.append(
                    finding("GW107", self.path, where, number.start, message, entry.doc_number)
                )
        if number is not None:
            self.cited_with_number.add(title)
        return out

    def _consistency(
        self, para: Paragraph, citation: Citation, title: str, number: DocNumber
    ) -> list[Finding]:
        first = self.first_number.get(title)
        if first is None:
            self.first_number[title] = (number.normalized, para)
            return []
        if first[0] == number.normalized:
            return []
        earlier = first[1].where
        place = f"第{earlier.paragraph}段" if earlier.paragraph else (earlier.cell or "")
        message = (
            f"《{citation.title}》在{place}引作“{first[0]}”，此处却引作“{number.text}”，"
            "同一文件的发文字号应一致"
        )
        return [finding("GW109", self.path, para.where, number.start, message, first[0])]


def check_citations(
    paragraphs: Iterable[Paragraph],
    path: str,
    registry: Sequence[BasisDocument] | None = None,
    template: bool = False,
) -> list[Finding]:
    """GW101–GW111 over the paragraphs of one document or workbook."""
    return CitationChecker(path, registry, template).check(paragraphs)
