"""What the reader does not read, named: unknown sheets, columns and items, and example rows.

Nothing a clerk typed may vanish without a word. A sheet, column or 基本信息 item the schema
does not know is reported once as a warning; the notes column 备注 and the guide sheet
填写说明 are known and never read. A row of an older blank workbook marked 示例 in 备注 is
skipped with a warning while it still holds the shipped example; typed over (any cell differs
from the example) it is an error at the cells that differ, since the clerk meant it as data.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import Problem
from gongwen.workbook.cells import SPACES, clean_text, convert
from gongwen.workbook.file import RawSheet
from gongwen.workbook.schema import EXAMPLE_MARK, GUIDE_SHEET, NOTE_COLUMN, SHEETS, Kind, Sheet

NOT_READ = "其内容不会被读取"
SEE_GUIDE = "工作表和列名见「填写说明」表或 gongwen init 生成的空白工作簿"
UNREAD = "GW402"  # the check rule these warnings are reported under


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(SPACES))


def has_data(table: RawSheet) -> bool:
    return any(not is_blank(v) for row in table.rows for v in row)


def unknown_sheets(tables: dict[str, RawSheet], warnings: list[Problem]) -> None:
    """A sheet holding anything that is neither a schema sheet nor 填写说明."""
    known = {s.name for s in SHEETS} | {GUIDE_SHEET}
    for name, table in tables.items():
        if name not in known and has_data(table):
            warnings.append(
                Problem(
                    table.name,
                    f"工作表「{table.name}」不是 gongwen 使用的工作表，{NOT_READ}（{SEE_GUIDE}；"
                    "如是数据，请移到相应的工作表；如不需要，可删除该表）",
                    rule=UNREAD,
                )
            )


def extra_columns(table: RawSheet, sheet: Sheet, warnings: list[Problem]) -> None:
    """Columns of a table sheet the reader does not read: an unknown name, or data without
    a name. 备注 is the clerk's own notes column and is passed over silently."""
    header = table.rows[0] if table.rows else ()
    known = {c.name for c in sheet.columns} | {NOTE_COLUMN}
    width = max((len(row) for row in table.rows), default=0)
    for i in range(width):
        letter = column_letter(i + 1)
        name = clean_text(header[i]) if i < len(header) and not is_blank(header[i]) else ""
        if name in known:
            continue
        if name:
            warnings.append(
                Problem(
                    f"{sheet.name}!{letter}1",
                    f"列「{name}」不是「{sheet.name}」表的列，{NOT_READ}（{SEE_GUIDE}；"
                    f"如是自己的说明，可把列名改为“{NOTE_COLUMN}”）",
                    rule=UNREAD,
                )
            )
            continue
        filled = [
            r
            for r, row in enumerate(table.rows[1:], start=2)
            if i < len(row) and not is_blank(row[i])
        ]
        if filled:
            warnings.append(
                Problem(
                    f"{sheet.name}!{letter}{filled[0]}",
                    f"{letter} 列没有列名，其中 {len(filled)} 个单元格的内容不会被读取"
                    f"（请在 {letter}1 写上列名，或删除这些内容）",
                    rule=UNREAD,
                )
            )


def marked_example(row: tuple, note: int | None) -> bool:
    """Whether ``row``'s 备注 cell (column ``note``) says 示例."""
    if note is None or note >= len(row) or is_blank(row[note]):
        return False
    return clean_text(row[note]) == EXAMPLE_MARK


def example_row(
    sheet: Sheet,
    header: dict[str, int],
    r: int,
    row: tuple,
    problems: list[Problem],
    warnings: list[Problem],
    epoch=None,
) -> bool:
    """Whether row ``r`` is marked 示例 in 备注 (and so not read as data).

    Unchanged from the shipped example: a warning. Typed over: an error at each cell that
    differs, so that the clerk's data is never silently dropped.
    """
    note = header.get(NOTE_COLUMN)
    if not marked_example(row, note):
        return False
    changed = []
    for column in sheet.columns:
        i = header.get(column.name)
        if i is None:
            continue
        value = row[i] if i < len(row) else None
        scratch: list[Problem] = []
        typed = None if is_blank(value) else convert(value, column, "", scratch, epoch)
        expected = column.example
        if column.kind is Kind.DATE and expected is not None:
            expected = convert(expected, column, "", [], epoch)
        if scratch or typed != expected:
            changed.append(f"{sheet.name}!{column_letter(i + 1)}{r}")
    note_cell = f"{sheet.name}!{column_letter(note + 1)}{r}"
    if not changed:
        warnings.append(
            Problem(
                note_cell,
                f"第 {r} 行的{NOTE_COLUMN}为“{EXAMPLE_MARK}”，是旧版空白工作簿的示例行，未读取；"
                "请删除该行",
                rule=UNREAD,
            )
        )
        return True
    for where in changed:
        problems.append(
            Problem(
                where,
                f"第 {r} 行的{NOTE_COLUMN}（{note_cell}）为“{EXAMPLE_MARK}”，但内容与示例不同，"
                f"像是在示例行上填写的数据：如是数据，请删去 {note_cell} 中的“{EXAMPLE_MARK}”；"
                "如是示例，请删除该行",
            )
        )
    return True


def key_value_extras(
    table: RawSheet, sheet: Sheet, problems: list[Problem], warnings: list[Problem]
) -> None:
    """基本信息: unknown items and columns beyond B are warnings; an item twice is an error."""
    names = {c.name for c in sheet.columns}
    seen: dict[str, int] = {}
    extra: dict[int, tuple[int, str]] = {}  # column index -> (first row, its header)
    for r, row in enumerate(table.rows, start=1):
        for i in range(2, len(row)):
            if not is_blank(row[i]) and i not in extra:
                extra[i] = (r, clean_text(row[i]) if r == 1 else "")
        if not row or is_blank(row[0]):
            if len(row) > 1 and not is_blank(row[1]):
                warnings.append(
                    Problem(
                        f"{sheet.name}!B{r}",
                        f"第 {r} 行没有项目名称（A{r} 为空），B{r} 的内容不会被读取",
                        rule=UNREAD,
                    )
                )
            continue
        name = clean_text(row[0])
        if r == 1 and name == "项目":
            continue
        if name in seen:
            problems.append(
                Problem(
                    f"{sheet.name}!A{r}",
                    f"项目「{name}」与第 {seen[name]} 行重复，只能填写一次；请删除其中一行",
                )
            )
            continue
        seen[name] = r
        if name not in names:
            warnings.append(
                Problem(
                    f"{sheet.name}!A{r}",
                    f"项目「{name}」不是「{sheet.name}」的项目，{NOT_READ}（可用的项目："
                    f"{'、'.join(c.name for c in sheet.columns)}）",
                    rule=UNREAD,
                )
            )
    for i, (r, header) in sorted(extra.items()):
        letter = column_letter(i + 1)
        what = f"{letter} 列（{header}）" if header else f"{letter} 列"
        warnings.append(
            Problem(
                f"{sheet.name}!{letter}{r}",
                f"「{sheet.name}」只读取 A 列（项目）和 B 列（内容），{what}的内容不会被读取",
                rule=UNREAD,
            )
        )
