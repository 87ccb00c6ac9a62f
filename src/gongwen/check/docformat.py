"""Rules GW303–GW308, GW311, GW312: GB/T 9704-2012 format of a .docx's paragraphs (fonts,
sizes, line and character pitch, heading fonts, East Asian fonts); the page and its numbers
(GW301, GW302, GW309, GW310) are ``gongwen.check.page_rules``.

Body rules judge only body paragraphs of ``word/document.xml``: empty paragraphs, table
cells, text boxes, headers and footers are skipped, as are the 发文机关标志 (red), the title
(judged by its own rule), the 版记 lines (抄送, 印发) and paragraphs in a table-text style
(a style named 表格…) placed outside a table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from lxml import etree

from gongwen.check.citations import mask_template_tags
from gongwen.check.doc_grid import GRID_SOURCE, char_grid, line_grid
from gongwen.check.findings import Finding, finding
from gongwen.check.page_rules import PageChecker
from gongwen.check.structure import Heading, heading_of
from gongwen.check.styles import (
    DIRECT,
    StyleSheet,
    child_attr,
    east_asia_font,
    family,
    first,
)
from gongwen.check.text import DOCUMENT_PART, DocxPackage, Paragraph, w
from gongwen.formatting import gbt9704
from gongwen.formatting.font_sets import FONT_SETS

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SECURITY_LINE = re.compile(r"^\s*(?:绝密|机密|秘密|特急|加急|特提|平急)")
_ATTACHMENT_LABEL = re.compile(r"^\s*附件\s*\d*\s*$")
_CLOSING_LINE = re.compile(r"^\s*抄送|印发\s*$")
_OFF = ("0", "false", "off")
WORD_DEFAULT_SIZE_PT = 10.0  # Word's size when nothing sets w:sz


BODY_FAMILY = family(gbt9704.BODY_FONT)
TITLE_FAMILY = family(gbt9704.TITLE_FONT)
# The Windows font set sets the title in 宋体 bold where 方正小标宋简体 is not installed.
BOLD_TITLE_FAMILIES = {family(s.title) for s in FONT_SETS.values() if s.title_bold}
HEADING_FAMILIES = {level: family(name) for level, name in gbt9704.HEADING_FONTS.items()}


def lines_per_page(pitch_twips: float) -> int:
    return math.floor(gbt9704.TYPE_AREA_HEIGHT.twips / pitch_twips + 1e-9)


def chars_per_line(pitch_pt: float) -> int:
    return math.floor(gbt9704.TYPE_AREA_WIDTH.pt / pitch_pt + 1e-9)


@dataclass
class Run:
    element: etree._Element
    start: int
    text: str


@dataclass
class _Pending:
    finding: Finding
    count: int = 1


@dataclass
class FormatChecker:
    package: DocxPackage
    path: str
    template: bool = False
    out: list[Finding] = field(default_factory=list)
    pending: dict[tuple[str, str], _Pending] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.styles = StyleSheet(self.package.xml("word/styles.xml"))
        self.document = self.package.xml(DOCUMENT_PART)
        self.sections = list(self.document.iter(w("sectPr")))
        self.numbering = self.package.xml("word/numbering.xml")
        self.line_pitch = line_grid(self.sections)
        self.char_pitch = char_grid(self.sections)

    def check(self) -> list[Finding]:
        self.out += PageChecker(self.package, self.path, self.styles, self.sections).check()
        for part in self.package.text_parts():
            for para in self.package.paragraphs(part):
                text = mask_template_tags(para.text) if self.template else para.text
                if not text.strip() or not text.replace("\ue000", "").strip():
                    continue
                runs = list(_runs(para))
                self._east_asian_fonts(para, runs)
                if para.kind == "body" and part == DOCUMENT_PART:
                    self._body_paragraph(para, text, runs)
        for pending in self.pending.values():
            f = pending.finding
            if pending.count > 1:
                f = _with_message(f, f"{f.message}（共{pending.count}段）")
            self.out.append(f)
        return self.out

    def _report(
        self,
        rule: str,
        para: Paragraph,
        offset: int,
        message: str,
        source: str,
        suggestion: str | None = None,
    ) -> None:
        """Direct formatting is reported per paragraph; a style's value once per style."""
        if source == DIRECT:
            self.out.append(finding(rule, self.path, para.where, offset, message, suggestion))
            return
        key = (rule, source, message)
        if key in self.pending:
            self.pending[key].count += 1
        else:
            text = f"{message}，来自{source}"
            self.pending[key] = _Pending(
                finding(rule, self.path, para.where, offset, text, suggestion)
            )

    # --- GW311, GW312 ----------------------------------------------------------------------
    def _east_asian_fonts(self, para: Paragraph, runs: list[Run]) -> None:
        for rule in ("GW311", "GW312"):
            for run in runs:
                if not _CJK.search(run.text):
                    continue
                value, source = self._east_asia(para, run)
                if rule == "GW311" and value is None:
                    message = "文字未设置东亚字体（w:eastAsia），Word/WPS 会改用默认字体"
                    self._report(rule, para, run.start, message, source)
                    break
                if rule == "GW312" and value is not None and value[0] == "theme":
                    message = f"东亚字体取自主题字体“{value[1]}”，应直接设置字体名"
                    self._report(rule, para, run.start, message, source)
                    break

    def _east_asia(self, para: Paragraph, run: Run) -> tuple[tuple[str, str] | None, str]:
        return first(self.styles.run_levels(para.element, run.element), east_asia_font)

    def _font_family(self, para: Paragraph, run: Run) -> tuple[str | None, str | None, str]:
        value, source = self._east_asia(para, run)
        name = value[1] if value and value[0] == "font" else None
        return family(name), name, source

    def _size(self, para: Paragraph, run: Run) -> tuple[float, str]:
        value, source = first(
            self.styles.run_levels(para.element, run.element), child_attr("sz", "val")
        )
        return (int(value) / 2 if value else WORD_DEFAULT_SIZE_PT), source

    # --- GW303–GW308 -----------------------------------------------------------------------
    def _body_paragraph(self, para: Paragraph, text: str, runs: list[Run]) -> None:
        runs = [r for r in runs if r.text.strip() and r.text.replace("\ue000", "").strip()]
        if not runs or self._is_red(para, runs) or _CLOSING_LINE.search(text):
            return
        style = self.styles.paragraph_style(para.element) or ""
        if "表格" in self.styles.name(style):  # table text set outside a table (表格文字)
            return
        if self._is_title(para, runs):
            self._title(para, runs)
            return
        heading = heading_of(text) or self._numbered_heading(para) or self._outline_heading(para)
        level = heading.level if heading else 0
        allowed = {BODY_FAMILY}
        if "签发人" in text:
            allowed.add(family(gbt9704.FONT_KAITI))
        if _SECURITY_LINE.match(text) or _ATTACHMENT_LABEL.match(text):
            allowed.add(family(gbt9704.FONT_HEITI))
        if level in (1, 2):  # levels 3 and 4 are 仿宋, judged with the body (GW303)
            self._heading_font(para, runs, heading.start, level)
        if level not in (1, 2):
            for run in runs:
                fam, name, source = self._font_family(para, run)
                if _CJK.search(run.text) and name and fam not in allowed:
                    message = f"正文字体为“{name}”，应为仿宋（{gbt9704.BODY_FONT}）"
                    self._report("GW303", para, run.start, message, source, gbt9704.BODY_FONT)
                    break
        body_pt = gbt9704.BODY_SIZE.pt
        for run in runs:
            size, source = self._size(para, run)
            if abs(size - body_pt) > 0.01:
                message = f"正文字号为{_pt(size)}磅，应为三号（{_pt(body_pt)}磅）"
                self._report("GW304", para, run.start, message, source, "三号")
                break
        self._line_spacing(para)
        self._char_spacing(para, runs)

    def _numbered_heading(self, para: Paragraph):
        """The heading level given by Word's automatic numbering (一、 from a numbering
        definition), as a heading at offset 0."""
        levels = self.styles.paragraph_levels(para.element)
        num_id, _ = first(levels, lambda props: _num_attr(props, "numId"))
        if not num_id or num_id == "0" or self.numbering is None:
            return None
        ilvl, _ = first(levels, lambda props: _num_attr(props, "ilvl"))
        label = _numbering_label(self.numbering, num_id, ilvl or "0")
        heading = heading_of(label) if label else None
        return None if heading is None else replace(heading, start=0, end=0)

    def _outline_heading(self, para: Paragraph):
        """A heading by its outline level (大纲级别 1–4), when the number is added later."""
        levels = self.styles.paragraph_levels(para.element)
        outline, _ = first(levels, child_attr("outlineLvl", "val"))
        if outline is None or not outline.isdigit() or int(outline) > 3:
            return None
        return Heading(int(outline) + 1, 1, "", "", 0, 0)

    def _is_red(self, para: Paragraph, runs: list[Run]) -> bool:
        get = child_attr("color", "val")
        return any(
            (first(self.styles.run_levels(para.element, r.element), get)[0] or "").upper()
            == gbt9704.ISSUER_MARK_COLOR
            for r in runs
        )

    def _is_title(self, para: Paragraph, runs: list[Run]) -> bool:
        style = self.styles.paragraph_style(para.element) or ""
        if style.lower() == "title" or self.styles.name(style).lower() in ("title", "标题"):
            return True
        align, _ = first(self.styles.paragraph_levels(para.element), child_attr("jc", "val"))
        biggest = max(self._size(para, r)[0] for r in runs)
        return align == "center" and biggest > gbt9704.BODY_SIZE.pt + 0.01

    def _title(self, para: Paragraph, runs: list[Run]) -> None:
        title_pt = gbt9704.TITLE_SIZE.pt
        for run in runs:
            fam, name, source = self._font_family(para, run)
            size, size_source = self._size(para, run)
            problems = []
            title_face = fam == TITLE_FAMILY or (
                fam in BOLD_TITLE_FAMILIES and self._bold(para, run)
            )
            if _CJK.search(run.text) and name and not title_face:
                problems.append(f"字体为“{name}”")
            if abs(size - title_pt) > 0.01:
                problems.append(f"字号为{_pt(size)}磅")
                source = size_source if source == DIRECT or not problems[:-1] else source
            if problems:
                message = (
                    f"标题{'、'.join(problems)}，应为二号（{_pt(title_pt)}磅）小标宋（或宋体加粗）"
                )
                self._report("GW305", para, run.start, message, source, gbt9704.TITLE_FONT)
                return

    def _bold(self, para: Paragraph, run: Run) -> bool:
        levels = self.styles.run_levels(para.element, run.element)
        bold, _ = first(levels, lambda props: props.find(w("b")))
        return bold is not None and bold.get(w("val"), "1") not in _OFF

    def _heading_font(self, para: Paragraph, runs: list[Run], at: int, level: int) -> None:
        run = next((r for r in runs if r.start <= at < r.start + len(r.text)), runs[0])
        fam, name, source = self._font_family(para, run)
        want = HEADING_FAMILIES[level]
        if name and fam != want:
            label = ("一、", "（一）", "1.", "（1）")[level - 1]
            face = gbt9704.HEADING_FONTS[level]
            message = f"第{level}层序数“{label}”应用{want}（{face}），此处为“{name}”"
            self._report("GW308", para, run.start, message, source, face)

    def _line_spacing(self, para: Paragraph) -> None:
        grid = self.line_pitch
        levels = self.styles.paragraph_levels(para.element)
        line, source = first(levels, child_attr("spacing", "line"))
        rule, rule_source = first(levels, child_attr("spacing", "lineRule"))
        rule = rule or "auto"
        if rule_source == DIRECT:
            source = DIRECT
        want = f"固定值{_pt(gbt9704.LINE_PITCH.pt)}磅"
        if (
            rule in ("exact", "atLeast")
            and line
            and lines_per_page(float(line)) == (gbt9704.LINES_PER_PAGE)
        ):
            return
        if rule == "auto" and grid and float(line or 240) <= 240:
            snap, _ = first(levels, child_attr("snapToGrid", "val"))
            if snap not in _OFF and lines_per_page(grid) == gbt9704.LINES_PER_PAGE:
                return
        if rule in ("exact", "atLeast") and line:
            shown = f"{'固定值' if rule == 'exact' else '最小值'}{_pt(float(line) / 20)}磅"
            message = f"行距为{shown}，每页{lines_per_page(float(line))}行，应为每页22行（{want}）"
        else:
            message = f"行距为多倍行距，不能保证每页22行，应设为{want}"
        self._report("GW306", para, 0, message, source, want)

    def _char_spacing(self, para: Paragraph, runs: list[Run]) -> None:
        grid = self.char_pitch
        body_pt = gbt9704.BODY_SIZE.pt
        levels = self.styles.paragraph_levels(para.element)
        snap, _ = first(levels, child_attr("snapToGrid", "val"))
        on_grid = grid is not None and snap not in _OFF
        for run in runs:
            if not _CJK.search(run.text):
                continue
            size, _ = self._size(para, run)
            if abs(size - body_pt) > 0.01:
                continue
            condense = _pt(-gbt9704.CHAR_SPACING_CONDENSE.pt)
            if on_grid:
                assert grid is not None
                per_line = chars_per_line(size + grid)
                if per_line != gbt9704.CHARS_PER_LINE:
                    message = f"文档网格使每行排{per_line}字，应为每行28字"
                    self._report("GW307", para, run.start, message, GRID_SOURCE, "文档网格每行28字")
                return
            levels = self.styles.run_levels(para.element, run.element)
            value, source = first(levels, child_attr("spacing", "val"))
            pitch = size + (int(value) / 20 if value else 0)
            if chars_per_line(pitch) != gbt9704.CHARS_PER_LINE:
                message = (
                    f"字距使每行排{chars_per_line(pitch)}字，应为每行28字（三号字紧缩{condense}磅）"
                )
                self._report("GW307", para, run.start, message, source, f"紧缩{condense}磅")
                return


def _runs(para: Paragraph) -> Iterator[Run]:
    """The runs of a paragraph with their text and offset (runs split by tabs merged)."""
    current: Run | None = None
    for seg in para.segments:
        if seg.element is None:
            continue
        run = seg.element.getparent()
        text = para.text[seg.start : seg.end]
        if current is not None and current.element is run:
            current.text += text
            continue
        if current is not None:
            yield current
        current = Run(run, seg.start, text)
    if current is not None:
        yield current


_SAMPLE_NUMBER = {
    "decimal": "1",
    "decimalFullWidth": "1",
    "decimalHalfWidth": "1",
    "chineseCounting": "一",
    "chineseCountingThousand": "一",
    "chineseLegalSimplified": "一",
    "ideographTraditional": "一",
    "taiwanCountingThousand": "一",
}


def _num_attr(props: etree._Element, attr: str) -> str | None:
    el = props.find(f"{w('numPr')}/{w(attr)}")
    return None if el is None else el.get(w("val"))


def _numbering_label(numbering: etree._Element, num_id: str, ilvl: str) -> str | None:
    """The label a numbering level writes for its first item, e.g. ``一、`` or ``（1）``."""
    num = next((n for n in numbering.iterfind(w("num")) if n.get(w("numId")) == num_id), None)
    abstract_el = None if num is None else num.find(w("abstractNumId"))
    if abstract_el is None:
        return None
    abstract_id = abstract_el.get(w("val"))
    for abstract in numbering.iterfind(w("abstractNum")):
        if abstract.get(w("abstractNumId")) != abstract_id:
            continue
        for lvl in abstract.iterfind(w("lvl")):
            if lvl.get(w("ilvl")) != ilvl:
                continue
            fmt = lvl.find(w("numFmt"))
            text = lvl.find(w("lvlText"))
            sample = _SAMPLE_NUMBER.get(fmt.get(w("val")) if fmt is not None else "")
            if sample is None or text is None:
                return None
            return re.sub(r"%\d", sample, text.get(w("val"), ""))
    return None


def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _with_message(f: Finding, message: str) -> Finding:
    return replace(f, message=message)


def check_format(package: DocxPackage, path: str, template: bool = False) -> list[Finding]:
    """GW301–GW312 over one opened document."""
    return FormatChecker(package, path, template).check()
