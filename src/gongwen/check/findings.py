"""What a check reports: the rule table and one located finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Rule(NamedTuple):
    """A stable rule code with its severity, short Chinese title and whether it has a fix."""

    code: str
    severity: str
    title: str
    fixable: bool = False


_RULES = (
    # Citations of policy documents (引用公文)
    Rule("GW101", ERROR, "发文字号年份未用六角括号〔〕", True),
    Rule("GW102", ERROR, "发文字号写法不完整或不规范（第、字、前导零、缺号、括号不全等）"),
    Rule("GW103", ERROR, "文中留有占位符"),
    Rule("GW104", WARNING, "发文字号内有空格", True),
    Rule("GW105", WARNING, "引用公文只有标题，缺发文字号"),
    Rule("GW106", WARNING, "引用的文件不在依据文件中"),
    Rule("GW107", ERROR, "发文字号与依据文件不一致"),
    Rule("GW108", ERROR, "引用的文件已废止"),
    Rule("GW109", ERROR, "同一文件在文中引用了不同的发文字号"),
    Rule("GW110", ERROR, "书名号或括号不配对"),
    Rule("GW111", WARNING, "发文字号外用了半角括号", True),
    Rule("GW112", WARNING, "引用登记的文件未加书名号"),
    # Structure (结构层次)
    Rule("GW201", WARNING, "结构层次序数错乱或跳级"),
    Rule("GW202", WARNING, "序数后的标点不规范", True),
    Rule("GW203", WARNING, "日期写法不规范", True),
    Rule("GW204", WARNING, "段落重复"),
    Rule("GW205", WARNING, "结构层次序数重复"),
    # Format (GB/T 9704-2012)
    Rule("GW301", ERROR, "纸张不是A4"),
    Rule("GW302", ERROR, "页边距不符合版心要求"),
    Rule("GW303", WARNING, "正文字体不是仿宋"),
    Rule("GW304", WARNING, "正文字号不是三号"),
    Rule("GW305", WARNING, "标题字体字号不是二号小标宋"),
    Rule("GW306", WARNING, "行距不能排成每页22行"),
    Rule("GW307", WARNING, "字距不能排成每行28字"),
    Rule("GW308", WARNING, "结构层次序数字体不符"),
    Rule("GW309", WARNING, "缺少页码或页码格式不是“— 1 —”"),
    Rule("GW310", WARNING, "页码位置不符（单页居右、双页居左）"),
    Rule("GW311", WARNING, "未设置东亚字体"),
    Rule("GW312", WARNING, "东亚字体取自主题字体"),
    # Layout measured in LibreOffice (版面)
    Rule("GW320", WARNING, "无法确定版记所在页，版记可能不在双数页"),
    # Figures (图)
    Rule("GW401", WARNING, "缺少中文字体，图未插入"),
    # The workbook as read for a build (读取工作簿)
    Rule("GW402", WARNING, "工作簿中有不会被读取的内容"),
    Rule("GW403", WARNING, "工作簿中的日期先后可能有误"),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


class Edit(NamedTuple):
    """Replace the paragraph text ``[start, end)`` with ``text`` (a certain fix)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    ``part`` is the package part (``word/document.xml``, ``word/footer1.xml``) or the sheet
    name of a workbook. ``cell`` names a table cell (``表1 行2 列3``), a text box, a footnote
    or a worksheet cell (``B3``); ``paragraph`` is the 1-based paragraph number within the
    part's body or within that cell (None for findings about the whole part); ``offset`` is
    the 0-based character offset in the paragraph text. ``edits`` is the certain fix, if any.
    """

    path: str
    part: str
    paragraph: int | None
    offset: int
    rule: str
    severity: str
    message: str
    suggestion: str | None = None
    cell: str | None = None
    edits: tuple[Edit, ...] = ()

    @property
    def title(self) -> str:
        return RULES[self.rule].title

    @property
    def fixable(self) -> bool:
        return bool(self.edits)

    def sort_key(self) -> tuple:
        return (
            self.path,
            _part_order(self.part),
            self.part,
            self.cell or "",
            self.paragraph or 0,
            self.offset,
            self.rule,
        )


def _part_order(part: str) -> int:
    if part == "word/document.xml":
        return 0
    if part.startswith("word/"):
        return 1
    return 2


@dataclass(frozen=True)
class Location:
    """Where a piece of text sits, without the file path."""

    part: str
    paragraph: int | None
    cell: str | None = None


def finding(
    rule: str,
    path: str,
    where: Location,
    offset: int,
    message: str,
    suggestion: str | None = None,
    edits: tuple[Edit, ...] = (),
) -> Finding:
    """A finding for ``rule`` with the severity from the rule table."""
    return Finding(
        path=path,
        part=where.part,
        paragraph=where.paragraph,
        offset=offset,
        rule=rule,
        severity=RULES[rule].severity,
        message=message,
        suggestion=suggestion,
        cell=where.cell,
        edits=edits,
    )
