"""A template's paragraphs as Word shows them, and the tags written in each.

Paragraphs are counted the way a secretary counts them in Word: every paragraph of the body
in order, those holding only a ``{%p … %}`` tag and those inside tables included (a text
box's Word 2007 fallback copy is not counted twice); headers and footers are counted apart.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _T, _TAB, _TBL = f"{{{_W}}}p", f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}tbl"
_FALLBACK = f"{{{_MC}}}Fallback"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_HEADER_FOOTER = re.compile(r"^word/(header|footer)(\d*)\.xml$")
QUOTE_CHARS = 30

# The brace pairs of Jinja: {{ }}, {% %}, {# #}; and a full-width brace typed by an IME.
_MARK = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|[｛｝]")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a template: where Word shows it and its text."""

    part: str  # 正文, 页眉, 页脚
    number: int  # 1-based, within the part (all headers or all footers count as one)
    text: str
    in_table: bool = False

    @property
    def place(self) -> str:
        where = f"{self.part}第 {self.number} 段" if self.part != "正文" else f"第 {self.number} 段"
        return f"{where}（表格中）" if self.in_table else where

    def quote(self, at: int = 0) -> str:
        """The paragraph's text, trimmed to about ``QUOTE_CHARS`` around offset ``at``."""
        text = " ".join(self.text.split())
        if len(text) <= QUOTE_CHARS:
            return text
        start = max(0, min(at - QUOTE_CHARS // 3, len(text) - QUOTE_CHARS))
        head = "……" if start else ""
        tail = "……" if start + QUOTE_CHARS < len(text) else ""
        return f"{head}{text[start : start + QUOTE_CHARS]}{tail}"


@dataclass(frozen=True)
class Tag:
    """One complete tag: ``{{ … }}``, ``{% … %}`` or ``{# … #}``, in its paragraph."""

    paragraph: Paragraph
    start: int  # offset in the paragraph text
    open: str  # {{, {% or {#
    inner: str  # what stands between the braces

    @property
    def text(self) -> str:
        return f"{self.open}{self.inner}{_CLOSE[self.open]}"


@dataclass(frozen=True)
class BraceProblem:
    """A brace without its partner, or a full-width brace, in one paragraph."""

    paragraph: Paragraph
    start: int
    message: str


def _paragraph_text(p) -> str:
    out = []
    for el in p.iter(_T, _TAB):
        if _inside(el, _P, p):  # text of a paragraph nested in this one (a text box)
            continue
        out.append("\t" if el.tag == _TAB else el.text or "")
    return "".join(out)


def _inside(el, tag: str, stop) -> bool:
    """Whether ``el`` lies in a ``tag`` element below ``stop``."""
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _paragraphs(root, part: str, start: int = 1) -> list[Paragraph]:
    out = []
    for p in root.iter(_P):
        if _inside(p, _FALLBACK, None):
            continue
        out.append(Paragraph(part, start + len(out), _paragraph_text(p), _inside(p, _TBL, None)))
    return out


def template_paragraphs(data: bytes) -> list[Paragraph]:
    """The paragraphs of a .docx template: the body's, then the headers' and footers'."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        out = _paragraphs(etree.fromstring(z.read("word/document.xml"), _PARSER), "正文")
        counts = {"header": 0, "footer": 0}
        for name in sorted(n for n in names if _HEADER_FOOTER.match(n)):
            which = _HEADER_FOOTER.match(name).group(1)
            label = "页眉" if which == "header" else "页脚"
            found = _paragraphs(etree.fromstring(z.read(name), _PARSER), label, counts[which] + 1)
            counts[which] += len(found)
            out += found
    return out


def paragraph_tags(paragraph: Paragraph) -> tuple[list[Tag], list[BraceProblem]]:
    """The complete tags of one paragraph, and its unpaired or full-width braces."""
    text = paragraph.text
    tags: list[Tag] = []
    problems: list[BraceProblem] = []
    marks = list(_MARK.finditer(text))
    full_width_told = False  # one full-width brace a paragraph is reported
    i = 0
    while i < len(marks):
        m = marks[i]
        mark = m.group()
        if mark in "｛｝":
            if not full_width_told:
                full_width_told = True
                problems.append(
                    BraceProblem(
                        paragraph,
                        m.start(),
                        f"“{mark}”是全角（中文）括号，标签须用半角（英文）括号“{{ }}”，"
                        "请切换到英文输入法重新输入",
                    )
                )
            i += 1
            continue
        if mark not in _CLOSE:
            opener = next(o for o, c in _CLOSE.items() if c == mark)
            problems.append(
                BraceProblem(paragraph, m.start(), f"多了一个“{mark}”，它前面没有对应的“{opener}”")
            )
            i += 1
            continue
        close = _CLOSE[mark]
        j = i + 1
        while j < len(marks) and marks[j].group() in "｛｝":
            j += 1
        if j < len(marks) and marks[j].group() == close:
            tags.append(Tag(paragraph, m.start(), mark, text[m.end() : marks[j].start()]))
            i = j + 1
            continue
        problems.append(
            BraceProblem(
                paragraph,
                m.start(),
                f"“{mark}”没有对应的结尾“{close}”（同一段内），请补全，如“{mark} unit {close}”"
                if mark == "{{"
                else f"“{mark}”没有对应的结尾“{close}”（同一段内），请补全",
            )
        )
        i += 1
    return tags, problems
