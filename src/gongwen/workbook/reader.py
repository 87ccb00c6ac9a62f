"""Reading and validating the campaign workbook against ``gongwen.workbook.schema``.

Every problem found is collected and raised together in one ``WorkbookError``, each located
as ``sheet!cell``, so a secretary can fix them all in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import Problem, WorkbookError
from gongwen.workbook.cells import clean_text, convert
from gongwen.workbook.date_cells import date_cells
from gongwen.workbook.date_rules import check_dates
from gongwen.workbook.file import RawSheet, cell_of, read_sheets
from gongwen.workbook.model import (
    BasicInfo,
    BasisDocument,
    Campaign,
    Member,
    Phase,
    PhaseSummary,
    Score,
    Task,
    Village,
    VillagePhase,
)
from gongwen.workbook.name_cells import check_name_cells
from gongwen.workbook.phase_figures import phase_figures
from gongwen.workbook.rules import (
    check_elements,
    check_rows,
    check_same_elements,
    check_score_total,
    check_scores,
    check_structure,
)
from gongwen.workbook.schema import (
    BASIC_INFO,
    BASIS_DOCUMENTS,
    LEADING_GROUP,
    NOTE_COLUMN,
    PHASE_SUMMARIES,
    PHASES,
    SELF_EVALUATION,
    SHEETS,
    TASKS,
    VILLAGE_PHASES,
    VILLAGES,
    Kind,
    Sheet,
)
from gongwen.workbook.skips import (
    example_row,
    extra_columns,
    is_blank,
    key_value_extras,
    marked_example,
    unknown_sheets,
)


def _header_map(table: RawSheet, sheet: Sheet, problems: list[Problem]) -> dict[str, int] | None:
    """Column index of each schema column found in the header row (row 1)."""
    header = table.rows[0] if table.rows else ()
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        if cell is None:
            continue
        name = clean_text(cell)
        if name in found:
            problems.append(
                Problem(
                    f"{sheet.name}!{column_letter(i + 1)}1",
                    f"列名「{name}」重复（{column_letter(found[name] + 1)}1 已有），请删除或改名其一",
                )
            )
            continue
        found[name] = i
    missing = [c.name for c in sheet.columns if c.required and c.name not in found]
    if missing:
        problems.append(
            Problem(f"{sheet.name}!A1", f"缺少列：{'、'.join(missing)}（列名写在第 1 行）")
        )
        return None
    return found


@dataclass
class Reading:
    """What reading the workbook gathers besides the records: problems, warnings, and every
    row's readable values (for rules across sheets on rows that failed elsewhere)."""

    tables: dict[str, RawSheet]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # sheet name -> [(row number, {key: value or None})], every data row read
    rows: dict[str, list[tuple[int, dict[str, object]]]] = field(default_factory=dict)
    # 基本信息 key -> the cell of its value (基本信息!B7), and the values that read well
    items: dict[str, str] = field(default_factory=dict)
    info_values: dict[str, object] = field(default_factory=dict)
    # table sheets whose header lacks a required column, so none of their rows were read
    headless: set[str] = field(default_factory=set)

    def values(self, sheet: Sheet, key: str) -> list[object]:
        """The readable values of one column, unreadable ones as None."""
        return [record[key] for _, record in self.rows.get(sheet.name, [])]


def _only_prefilled(rows: list[tuple], names: list, prefilled: tuple[str, ...]) -> bool:
    """Whether the data rows of a sheet (header row left out) hold only what ``gongwen init``
    filled in, the columns ``prefilled`` (要素序号, 要素): the sheet holds no data yet.

    ``names`` are the sheet's header cells. Blank rows and rows marked 示例 do not count."""
    if not prefilled:
        return False
    note = names.index(NOTE_COLUMN) if NOTE_COLUMN in names else None
    keep = (*prefilled, NOTE_COLUMN)
    return all(
        all(is_blank(v) or (i < len(names) and names[i] in keep) for i, v in enumerate(row))
        for row in rows
        if not all(map(is_blank, row)) and not marked_example(row, note)
    )


def _records(reading: Reading, sheet: Sheet) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {key: value}) for each non-blank data row of a table sheet."""
    table = reading.tables[sheet.name]
    problems = reading.problems
    header = _header_map(table, sheet, problems)
    extra_columns(table, sheet, reading.warnings)
    if header is None:
        reading.headless.add(sheet.name)
        return
    count = 0
    examples: list[int] = []
    read = reading.rows.setdefault(sheet.name, [])
    names = [None if c is None else clean_text(c) for c in table.rows[0]]
    # Rows holding only the elements gongwen init filled in are skipped while the sheet has
    # no other data; once some rows are filled, an unfilled one is an error at its cells.
    unfilled = _only_prefilled(table.rows[1:], names, sheet.prefilled)
    for r, row in enumerate(table.rows[1:], start=2):
        if all(is_blank(v) for v in row):
            continue
        if example_row(sheet, header, r, row, problems, reading.warnings, table.epoch):
            examples.append(r)
            continue
        if unfilled:
            continue
        count += 1
        record: dict[str, object] = {}
        for col in sheet.columns:
            i = header.get(col.name)
            value = row[i] if i is not None and i < len(row) else None
            where = f"{sheet.name}!{column_letter(i + 1) if i is not None else 'A'}{r}"
            record[col.key] = convert(value, col, where, problems, table.epoch)
        read.append((r, record))
        yield r, record
    if count < sheet.min_rows:
        first = examples[-1] + 1 if examples else 2
        problems.append(Problem(f"{sheet.name}!A{first}", "没有数据行，请至少填写一行"))


def _key_values(reading: Reading, sheet: Sheet) -> dict[str, object]:
    """The 项目/内容 sheet as {key: value}."""
    table = reading.tables[sheet.name]
    problems = reading.problems
    key_value_extras(table, sheet, problems, reading.warnings)
    rows: dict[str, tuple[int, object]] = {}
    for r, row in enumerate(table.rows, start=1):
        if not row or row[0] is None:
            continue
        name = clean_text(row[0])
        if r == 1 and name == "项目":
            continue
        rows.setdefault(name, (r, row[1] if len(row) > 1 else None))
    values: dict[str, object] = {}
    for col in sheet.columns:
        if col.name not in rows:
            if col.required:
                problems.append(
                    Problem(
                        f"{sheet.name}!A{len(table.rows) + 1}",
                        f"缺少项目「{col.name}」，请在 A 列添加并在 B 列填写",
                    )
                )
            values[col.key] = None
            continue
        r, value = rows[col.name]
        reading.items[col.key] = f"{sheet.name}!B{r}"
        values[col.key] = convert(value, col, f"{sheet.name}!B{r}", problems, table.epoch)
    reading.info_values = values
    return values


def records_of(reading: Reading, sheet: Sheet, cls, extra=None):
    """(row, record) of each row of ``sheet`` whose required cells all read well."""
    if sheet.name not in reading.tables:
        return []
    out = []
    for r, record in _records(reading, sheet):
        if any(record[c.key] is None and c.required for c in sheet.columns):
            continue
        # An empty optional text cell reads as ""; an empty optional number or date as None.
        values = {
            c.key: ("" if record[c.key] is None and c.kind is Kind.TEXT else record[c.key])
            for c in sheet.columns
        }
        if extra:
            values.update(extra(r))
        out.append((r, cls(**values)))
    return out


def read_campaign(path: str | Path) -> Campaign:
    """Read and validate the workbook at ``path``; raise WorkbookError listing every problem.

    Every sheet is read and every rule across sheets runs on the rows that could be read, so
    one run lists every problem. What is read but not used (unknown sheets, columns and items,
    old example rows) comes back in ``Campaign.warnings``.
    """
    path = Path(path)
    reading = Reading(read_sheets(path))
    tables, problems = reading.tables, reading.problems
    for sheet in SHEETS:
        if sheet.required and sheet.name not in tables:
            problems.append(
                Problem(
                    sheet.name,
                    f"缺少工作表「{sheet.name}」，请按 gongwen init 生成的空白工作簿添加",
                )
            )
    check_structure(tables, SHEETS, problems)
    unknown_sheets(tables, reading.warnings)
    info = None
    if BASIC_INFO.name in tables:
        values = _key_values(reading, BASIC_INFO)
        if all(values[c.key] is not None for c in BASIC_INFO.columns if c.required):
            info = BasicInfo(
                **{c.key: values[c.key] for c in BASIC_INFO.columns if values[c.key] is not None}
            )
    parts = {
        "basis": records_of(reading, BASIS_DOCUMENTS, BasisDocument),
        "members": records_of(reading, LEADING_GROUP, Member),
        "phases": records_of(reading, PHASES, Phase),
        "villages": records_of(
            reading,
            VILLAGES,
            Village,
            extra=lambda r: {"row": r, "where": cell_of(tables, VILLAGES, "名称", r)},
        ),
        "tasks": records_of(reading, TASKS, Task),
        "summaries": records_of(reading, PHASE_SUMMARIES, PhaseSummary),
        "village_phases": records_of(reading, VILLAGE_PHASES, VillagePhase),
        "scores": records_of(reading, SELF_EVALUATION, Score),
    }
    check_rows(tables, parts, problems)
    check_name_cells(reading, parts)
    check_elements(tables, TASKS, parts["tasks"], problems)
    check_elements(tables, SELF_EVALUATION, parts["scores"], problems)
    check_scores(tables, parts["scores"], problems)
    # Rows that failed to read would make these comparisons mislead: whole sheets only.
    if not any(p.where.startswith((TASKS.name, SELF_EVALUATION.name)) for p in problems):
        check_same_elements(tables, parts["tasks"], parts["scores"], problems)
        check_score_total(tables, parts["scores"], reading.info_values.get("full_score"), problems)
    figures = phase_figures(reading, parts)
    check_dates(reading, parts, figures.summaries)
    if problems:
        raise WorkbookError(str(path), problems, "请改正以上单元格后重新运行。")
    assert info is not None
    return Campaign(
        info=info,
        basis_documents=tuple(d for _, d in parts["basis"]),
        leading_group=tuple(m for _, m in parts["members"]),
        phases=tuple(p for _, p in parts["phases"]),
        villages=figures.villages,
        source=str(path),
        tasks=tuple(sorted((t for _, t in parts["tasks"]), key=lambda t: t.number)),
        phase_summaries=figures.summaries,
        self_evaluation=tuple(sorted((s for _, s in parts["scores"]), key=lambda s: s.number)),
        village_phases=tuple(v for _, v in parts["village_phases"]),
        sheets=frozenset(
            s.name
            for s in SHEETS
            if s.name in tables and (s.required or parts[_OPTIONAL_PARTS[s.name]])
        ),
        texts=tuple(_texts(tables)),
        warnings=tuple(reading.warnings),
    )


def _texts(tables: dict[str, RawSheet]) -> Iterator[tuple[str, str]]:
    """(sheet!cell, text) for every cell holding text, in every sheet the reader reads.

    Cells of date columns are left out: a date typed as text (2025.3.1) is read as a date and
    every document writes it as 2025年3月1日, so its spelling in the cell is no finding.
    """
    by_name = {s.name: s for s in SHEETS}
    for name, table in tables.items():
        if name not in by_name:
            continue  # not read (填写说明, a sheet of the clerk's own): nothing goes into a document
        skip = date_cells(name, table.rows)
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row, start=1):
                if not isinstance(value, str) or not value.strip():
                    continue
                if (r, c) in skip:
                    continue
                yield f"{table.name}!{column_letter(c)}{r}", value


# The part of read_campaign's rows each optional sheet fills: present only with data rows.
_OPTIONAL_PARTS = {
    TASKS.name: "tasks",
    PHASE_SUMMARIES.name: "summaries",
    VILLAGE_PHASES.name: "village_phases",
    SELF_EVALUATION.name: "scores",
}


def read_registry(path: str | Path) -> tuple[BasisDocument, ...]:
    """Only the 依据文件 sheet: the registry of basis documents, validated."""
    path = Path(path)
    reading = Reading(read_sheets(path))
    if BASIS_DOCUMENTS.name not in reading.tables:
        raise WorkbookError(str(path), [Problem(BASIS_DOCUMENTS.name, "缺少工作表「依据文件」")])
    check_structure(reading.tables, (BASIS_DOCUMENTS,), reading.problems)
    rows = records_of(reading, BASIS_DOCUMENTS, BasisDocument)
    if reading.problems:
        raise WorkbookError(str(path), reading.problems, "请改正以上单元格后重新运行。")
    return tuple(d for _, d in rows)


_PREFILLED = {s.name: s.prefilled for s in SHEETS}


@dataclass(frozen=True)
class SheetOverview:
    """What one sheet of a workbook holds, without validating it: for ``gongwen list``.

    ``names`` are the header names of a table sheet, or the filled items of 基本信息;
    ``rows`` counts the data rows that are neither blank nor marked as examples.
    """

    names: frozenset[str]
    rows: int


def sheet_overview(path: str | Path) -> dict[str, SheetOverview]:
    """{sheet name: SheetOverview} for every sheet of the workbook at ``path``."""
    tables = read_sheets(Path(path))
    out: dict[str, SheetOverview] = {}
    for name, table in tables.items():
        if name == BASIC_INFO.name:
            filled = frozenset(
                clean_text(row[0])
                for row in table.rows[1:]
                if len(row) > 1 and row[0] is not None and row[1] is not None and clean_text(row[1])
            )
            out[name] = SheetOverview(filled, len(filled))
            continue
        cells = [None if c is None else clean_text(c) for c in (table.rows[:1] or [()])[0]]
        note = cells.index(NOTE_COLUMN) if NOTE_COLUMN in cells else None
        rows = sum(
            1
            for row in table.rows[1:]
            if not all(is_blank(v) for v in row) and not marked_example(row, note)
        )
        if _only_prefilled(table.rows[1:], cells, _PREFILLED.get(name, ())):
            rows = 0
        out[name] = SheetOverview(frozenset(c for c in cells if c), rows)
    return out
