"""Rules GW101–GW112: citations of policy documents, 发文字号 and placeholders.

Norms: 《党政机关公文处理工作条例》 第九条 (发文字号 = 机关代字 + 〔年份〕 + 序号 + 号) and the practice
of citing 《标题》（发文字号）. Every rule works on the whole paragraph text, so a citation split
across runs is seen whole; a 《title》 broken over two paragraphs is read as one. The sentence
around a citation decides whether the registry rules apply (``gongwen.check.context``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongwen.check import context
from gongwen.check.doc_numbers import DocNumber, X, find_numbers, normalize_number
from gongwen.check.findings import Finding, finding
from gongwen.check.number_rules import number_findings
from gongwen.check.text import Paragraph
from gongwen.check.titles import (
    is_statute_number,
    normalize_title,
    quoted_spans,
    slightly_different,
)
from gongwen.workbook.model import BasisDocument

__all__ = [
    "PLACEHOLDER",
    "Citation",
    "DocNumber",
    "check_citations",
    "find_citations",
    "find_numbers",
    "mask_template_tags",
    "normalize_number",
    "normalize_title",
]

_CN_NUMERAL = "〇○零一二三四五六七八九十"
PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}"  # template tags left in a document
    rf"|(?<![A-Za-z\d])\d{{0,2}}[{X}]{{2,}}(?![A-Za-z])"  # 20xx, xx, XX, ××
    rf"|(?<![A-Za-z\d])[{X}](?=[省市区县镇乡村街])"  # X市
    rf"|(?<![{_CN_NUMERAL}])○{{2,}}(?![{_CN_NUMERAL}年])"  # ○○, but not 二○○八年
    r"|某某"
)
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_MASK = "\ue000"
_LIST_MARKER = re.compile(
    r"(?:^|\n)[ \t\u3000]*(?:\d{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})[)）]"
)
_SKIP_CONTEXTS = (
    context.ISSUED,
    context.FORWARDED,
    context.REPEALED,
    context.BACK_REFERENCE,
    context.ALIAS,
)
_ATTACHMENT_NOTE = re.compile(r"^[ \t\u3000]*(?:附件|附)[ \t\u3000]*\d*[：:．.、\s]")
_NOTE_ITEM = re.compile(r"^[ \t\u3000]*\d+[．.、]")  # 2.××方案 under 附件：1.××
MIN_BARE_TITLE = 8  # registered titles shorter than this are not looked for without 《》


@dataclass(frozen=True)
class Citation:
    """《标题》 with the numbers in the brackets right after it (the first is its 发文字号).

    ``start`` is the offset of 《 in the paragraph; ``end`` the offset after 》 (in the next
    paragraph when the title is broken over two).
    """

    start: int
    title: str
    number: DocNumber | None
    end: int = -1
    numbers: tuple[DocNumber, ...] = ()


def find_citations(text: str, numbers: list[DocNumber] | None = None) -> list[Citation]:
    """Top-level 《…》 spans, each with the numbers in the brackets right after it, if any."""
    numbers = find_numbers(text) if numbers is None else numbers
    out = []
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth > 0:
            depth -= 1
            if depth == 0:
                found = numbers_after(text, i + 1, numbers)
                out.append(
                    Citation(start, text[start + 1 : i], found[0] if found else None, i + 1, found)
                )
    return out


def numbers_after(text: str, pos: int, numbers: list[DocNumber]) -> tuple[DocNumber, ...]:
    """The numbers in the bracket at ``pos`` when one opens the bracket: （国务院令第493号） or
    （原…总局令第88号，应急管理部令第2号修改）."""
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    if pos >= len(text) or text[pos] not in "(（":
        return ()
    close = re.search(r"[)）]", text[pos:])
    end = pos + close.start() if close else len(text)
    inside = [n for n in numbers if pos < n.start and n.end <= end]
    if not inside:
        return ()
    lead = text[pos + 1 : inside[0].start].strip()
    if lead not in ("", "原"):
        return ()
    after = inside[0].end
    while after < len(text) and text[after] in " \t\u3000":
        after += 1
    whole = after < len(text) and text[after] in ")）"
    return tuple(inside) if whole or len(inside) > 1 or "，" in text[after : end + 1] else ()


def mask_template_tags(text: str) -> str:
    """Template tags replaced by neutral characters of the same length (offsets unchanged)."""
    return _TEMPLATE_TAG.sub(lambda m: _MASK * len(m.group()), text)


def unpaired(text: str, opens: str, closes: str, skip: set[int]) -> tuple[list[int], list[int]]:
    """Offsets of opening brackets never closed and closing brackets never opened."""
    stack: list[int] = []
    stray: list[int] = []
    for i, ch in enumerate(text):
        if ch in opens:
            stack.append(i)
        elif ch in closes and i not in skip:
            if stack:
                stack.pop()
            else:
                stray.append(i)
    return stack, stray


class CitationChecker:
    """Runs GW101–GW112 over the paragraphs of one document (or one workbook)."""

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
        self.by_number = {normalize_number(d.doc_number): d for d in registry or () if d.doc_number}
        self.template = template
        long_titles = sorted(
            (d.title for d in registry or () if len(normalize_title(d.title)) >= MIN_BARE_TITLE),
            key=len,
            reverse=True,
        )
        self.bare_titles = {d.title: d for d in registry or ()}
        self.bare_pattern = (
            re.compile("|".join(map(re.escape, long_titles))) if long_titles else None
        )
        self.cited_with_number: set[str] = set()
        self.first_number: dict[str, tuple[str, Paragraph]] = {}
        self.own_titles: set[str] = set()  # titles this document issues or forwards
        self.unregistered: set[str] = set()
        self.asked_for_number: set[str] = set()
        self.in_note = False  # inside a 附件说明 and the lines listing more attachments

    def check(self, paragraphs: Iterable[Paragraph]) -> list[Finding]:
        paras = list(paragraphs)
        texts = [mask_template_tags(p.text) if self.template else p.text for p in paras]
        numbers = [find_numbers(text) for text in texts]
        citations = [find_citations(t, found) for t, found in zip(texts, numbers, strict=True)]
        for text, cited in zip(texts, citations, strict=True):
            own = context.issued_titles(text) + context.attached_titles(text)
            own += [
                c.title
                for c in cited
                if context.citation_context(text, c.start, c.end, c.title)
                in (context.ISSUED, context.FORWARDED)
            ]
            self.own_titles.update(normalize_title(t) for t in own)
        joined = self._joined_titles(paras, texts)
        out: list[Finding] = []
        for n, (para, text) in enumerate(zip(paras, texts, strict=True)):
            if not text.strip():
                continue
            out += self._placeholders(para, text)
            out += self._balance(para, text, joined.get(n, set()))
            for number in numbers[n]:
                out += number_findings(self.path, para, number)
            for citation in citations[n]:
                out += self._citation(para, text, citation)
            pair = joined.get(("title", n))
            if pair is not None:  # a title begun in the paragraph before: reported there
                both = texts[n - 1].rstrip() + texts[n].lstrip()
                for citation in find_citations(both):
                    if citation.start == pair[0]:
                        out += self._citation(paras[n - 1], both, citation)
            out += self._bare_titles(para, text)
        return out

    # --- titles broken over two paragraphs -------------------------------------------------
    def _joined_titles(self, paras: list[Paragraph], texts: list[str]) -> dict:
        """{paragraph index: offsets of 《 or 》 paired with the next or previous paragraph}."""
        joined: dict = {}
        for n in range(len(texts) - 1):
            a, b = paras[n], paras[n + 1]
            if a.kind == "cell" or (a.kind, a.where.part, a.where.cell) != (
                b.kind,
                b.where.part,
                b.where.cell,
            ):
                continue  # worksheet cells and separate table cells are separate texts
            for opening, closing in (("《", "》"), ("（(", "）)")):
                opens, _ = unpaired(texts[n], opening, closing, _list_markers(texts[n]))
                _, strays = unpaired(texts[n + 1], opening, closing, _list_markers(texts[n + 1]))
                if len(opens) == 1 and strays:
                    joined.setdefault(n, set()).add(opens[0])
                    joined.setdefault(n + 1, set()).add(strays[0])
                    if opening == "《":
                        joined[("title", n + 1)] = (opens[0], strays[0])
        return joined

    # --- GW103 -----------------------------------------------------------------------------
    def _placeholders(self, para: Paragraph, text: str) -> list[Finding]:
        out = []
        for m in PLACEHOLDER.finditer(text):
            token = m.group()
            if token.startswith("{"):
                message = f"模板标记“{token}”未被替换"
            elif re.fullmatch(rf"\d{{2}}[{X}]{{2}}", token):
                message = f"年份占位符“{token}”未填写实际年份"
            else:
                message = f"占位符“{token}”未替换为实际内容"
            out.append(finding("GW103", self.path, para.where, m.start(), message))
        return out

    # --- GW110 -----------------------------------------------------------------------------
    def _balance(self, para: Paragraph, text: str, paired: set[int]) -> list[Finding]:
        skip = _list_markers(text)
        out = []
        for opens, closes, name in (("《", "》", "书名号"), ("（(", "）)", "括号")):
            stack, strays = unpaired(text, opens, closes, skip)
            for i in strays:
                if i not in paired:
                    message = f"{name}“{text[i]}”前面没有与之配对的前半个"
                    out.append(finding("GW110", self.path, para.where, i, message))
            for i in stack:
                if i not in paired:
                    message = f"{name}“{text[i]}”后面没有与之配对的后半个"
                    out.append(finding("GW110", self.path, para.where, i, message))
        return sorted(out, key=lambda f: f.offset)

    # --- GW105–GW109 -----------------------------------------------------------------------
    def _citation(self, para: Paragraph, text: str, citation: Citation) -> list[Finding]:
        title = normalize_title(citation.title)
        if not title or _MASK in title or PLACEHOLDER.search(citation.title):
            return []
        at = citation.start
        why = context.citation_context(text, citation.start, citation.end, citation.title)
        if why in (context.ISSUED, context.FORWARDED):
            self.own_titles.add(title)
        if why == context.ALIAS or (why == context.BACK_REFERENCE and citation.number is None):
            return []
        own = title in self.own_titles and why not in (context.REPEALED,)
        skip_registry = why in _SKIP_CONTEXTS or own
        out = []
        where = para.where
        number = citation.number
        if number is not None and not number.has_placeholder:
            out += self._consistency(para, citation, title, number)
        entry = None if self.registry is None else self.registry.get(title)
        if (
            self.registry is not None
            and entry is None
            and not skip_registry
            and title not in self.unregistered
        ):
            self.unregistered.add(title)  # reported once a document
            message = f"引用的《{citation.title}》不在依据文件清单中，请核对标题或补充登记"
            suggestion = self._similar(title, citation.numbers)
            if suggestion is not None:
                message += f"；是否指{suggestion}"
            out.append(finding("GW106", self.path, where, at, message, suggestion))
        if entry is not None and not skip_registry:
            if not entry.in_force:
                message = f"引用的《{citation.title}》已废止（依据文件清单中标为“{entry.status}”）"
                out.append(finding("GW108", self.path, where, at, message))
            if (
                number is None
                and entry.doc_number
                and title not in self.cited_with_number
                and not is_statute_number(entry.doc_number)
                and title not in self.asked_for_number
            ):
                self.asked_for_number.add(title)  # asked once: later mentions may be short
                message = f"引用《{citation.title}》应在标题后注明发文字号（{entry.doc_number}）"
                out.append(finding("GW105", self.path, where, at, message, entry.citation))
        if entry is not None and number is not None and entry.doc_number and why != context.ISSUED:
            written = {n.normalized for n in citation.numbers}
            if normalize_number(entry.doc_number) not in written:
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

    def _similar(self, title: str, numbers: tuple[DocNumber, ...]) -> str | None:
        """The registered document a title not in the registry probably means."""
        assert self.registry is not None
        for number in numbers:
            entry = self.by_number.get(number.normalized)
            if entry is not None:
                return f"《{entry.title}》"
        close = [k for k in self.registry if slightly_different(title, k)]
        return f"《{self.registry[close[0]].title}》" if len(close) == 1 else None

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

    # --- GW112 -----------------------------------------------------------------------------
    def _bare_titles(self, para: Paragraph, text: str) -> list[Finding]:
        """Registered titles written without 《》 in running text."""
        note = _ATTACHMENT_NOTE.match(text) or (self.in_note and _NOTE_ITEM.match(text))
        self.in_note = bool(note)
        if self.bare_pattern is None or para.kind == "cell" or note:
            return []  # 附件说明 names attachments without 书名号 (GB/T 9704-2012 7.3.6)
        out = []
        inside: list[tuple[int, int]] | None = None
        for m in self.bare_pattern.finditer(text):
            entry = self.bare_titles[m.group()]
            if normalize_title(entry.title) in self.own_titles:
                continue
            inside = quoted_spans(text) if inside is None else inside
            if any(a <= m.start() < b for a, b in inside):
                continue
            flat = re.sub(r"\s+", "", text)
            if flat == normalize_title(entry.title) or context.issued_titles(text[: m.end() + 4]):
                continue  # the document's own title line, or a 印发 notice's title
            message = f"引用登记的文件“{entry.title}”应加书名号：{entry.citation}"
            out.append(finding("GW112", self.path, para.where, m.start(), message, entry.citation))
        return out


def _list_markers(text: str) -> set[int]:
    """Offsets of the closing brackets of list markers (1）, a)), which open nothing."""
    return {m.end() - 1 for m in _LIST_MARKER.finditer(text)}


def check_citations(
    paragraphs: Iterable[Paragraph],
    path: str,
    registry: Sequence[BasisDocument] | None = None,
    template: bool = False,
) -> list[Finding]:
    """GW101–GW112 over the paragraphs of one document or workbook."""
    return CitationChecker(path, registry, template).check(paragraphs)
