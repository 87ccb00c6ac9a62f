"""Reading and validating the campaign workbook against ``gongwen.workbook.schema``.

Every problem found is collected and raised together in one ``WorkbookError``, each located
as ``sheet!cell``, so a secretary can fix them all in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter as column_letter

from gongwen.errors import Problem, WorkbookError
from gongwen.workbook.cells import SPACES, clean_text, convert
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
)
from gongwen.workbook.rules import (
    check_elements,
    check_rows,
    check_same_elements,
    check_score_total,
    check_scores,
    check_structure,
    phase_summaries,
)
from gongwen.workbook.schema import (
    BASIC_INFO,
    BASIS_DOCUMENTS,
    EXAMPLE_MARK,
    LEADING_GROUP,
    NOTE_COLUMN,
    PHASE_SUMMARIES,
    PHASES,
    SELF_EVALUATION,
    SHEETS,
    TASKS,
    VILLAGES,
    Kind,
    Sheet,
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
            Problem(f"{sheet.name}!1", f"缺少列：{'、'.join(missing)}（列名写在第 1 行）")
        )
        return None
    return found


def _is_example(row: tuple, note: int | None) -> bool:
    """Whether ``row`` is marked as an example (its 备注 cell says 示例)."""
    if note is None or note >= len(row) or row[note] is None:
        return False
    return clean_text(row[note]) == EXAMPLE_MARK


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(SPACES))


def _only_prefilled(row: tuple, names: list, sheet_name: str) -> bool:
    """Whether ``row`` holds only what ``gongwen init`` filled in (要素序号, 要素): not yet data.

    ``names`` are the header cells of the row's sheet."""
    from gongwen.workbook.schema import sheet as schema_sheet

    try:
        prefilled = schema_sheet(sheet_name).prefilled
    except KeyError:
        return False
    if not prefilled:
        return False
    return all(
        _blank(v) or (i < len(names) and names[i] in (*prefilled, NOTE_COLUMN))
        for i, v in enumerate(row)
    )


def _records(
    table: RawSheet, sheet: Sheet, problems: list[Problem]
) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {key: value}) for each non-blank data row of a table sheet."""
    header = _header_map(table, sheet, problems)
    if header is None:
        return
    count = 0
    examples: list[int] = []
    note = header.get(NOTE_COLUMN)
    names = [None if c is None else clean_text(c) for c in table.rows[0]]
    # Rows holding only the elements gongwen init filled in are skipped while the sheet has
    # no other data; once some rows are filled, an unfilled one is an error at its cells.
    unfilled = sheet.prefilled and not any(
        not all(map(_blank, row))
        and not _is_example(row, note)
        and not _only_prefilled(row, names, sheet.name)
        for row in table.rows[1:]
    )
    for r, row in enumerate(table.rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip(SPACES)) for v in row):
            continue
        if _is_example(row, note):
            examples.append(r)
            continue
        if unfilled:
            continue
        count += 1
        record: dict[str, object] = {}
        for col in sheet.columns:
            i = header.get(col.name)
            value = row[i] if i is not None and i < len(row) else None
            where = f"{sheet.name}!{column_letter(i + 1) if i is not None else '?'}{r}"
            record[col.key] = convert(value, col, where, problems, table.epoch)
        yield r, record
    if count < sheet.min_rows:
        if examples:
            message = (
                f"只有示例行（第 {examples[0]} 行，{NOTE_COLUMN}为“{EXAMPLE_MARK}”，不会被读取），"
                "请在其下填写数据，至少一行"
            )
        else:
            message = "没有数据行，请至少填写一行"
        first = examples[-1] + 1 if examples else 2
        problems.append(Problem(f"{sheet.name}!A{first}", message))


def _key_values(table: RawSheet, sheet: Sheet, problems: list[Problem]) -> dict[str, object]:
    """The 项目/内容 sheet as {key: value}."""
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
                        f"{sheet.name}!A", f"缺少项目「{col.name}」，请在 A 列添加并在 B 列填写"
                    )
                )
            values[col.key] = None
            continue
        r, value = rows[col.name]
        values[col.key] = convert(value, col, f"{sheet.name}!B{r}", problems, table.epoch)
    return values


def records_of(tables, sheet, cls, problems, extra=None):
    table = tables.get(sheet.name)
    if table is None:
        return []
    out = []
    for r, record in _records(table, sheet, problems):
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
    """Read and validate the workbook at ``path``; raise WorkbookError listing every problem."""
    path = Path(path)
    tables = read_sheets(path)
    problems: list[Problem] = []
    for sheet in SHEETS:
        if sheet.required and sheet.name not in tables:
            problems.append(
                Problem(
                    sheet.name,
                    f"缺少工作表「{sheet.name}」，请按 gongwen init 生成的空白工作簿添加",
                )
            )
    check_structure(tables, SHEETS, problems)
    info = None
    values: dict[str, object] = {}
    if BASIC_INFO.name in tables:
        values = _key_values(tables[BASIC_INFO.name], BASIC_INFO, problems)
        if all(values[c.key] is not None for c in BASIC_INFO.columns if c.required):
            info = BasicInfo(
                **{c.key: values[c.key] for c in BASIC_INFO.columns if values[c.key] is not None}
            )
    parts = {
        "basis": records_of(tables, BASIS_DOCUMENTS, BasisDocument, problems),
        "members": records_of(tables, LEADING_GROUP, Member, problems),
        "phases": records_of(tables, PHASES, Phase, problems),
        "villages": records_of(
            tables,
            VILLAGES,
            Village,
            problems,
            extra=lambda r: {"row": r, "where": cell_of(tables, VILLAGES, "名称", r)},
        ),
        "tasks": records_of(tables, TASKS, Task, problems),
        "summaries": records_of(tables, PHASE_SUMMARIES, PhaseSummary, problems),
        "scores": records_of(tables, SELF_EVALUATION, Score, problems),
    }
    check_rows(parts, problems)
    check_elements(tables, TASKS, parts["tasks"], problems)
    check_elements(tables, SELF_EVALUATION, parts["scores"], problems)
    check_scores(tables, parts["scores"], problems)
    # Rows that failed to read would make these comparisons mislead: whole sheets only.
    if not any(p.where.startswith((TASKS.name, SELF_EVALUATION.name)) for p in problems):
        check_same_elements(tables, parts["tasks"], parts["scores"], problems)
        check_score_total(tables, parts["scores"], values.get("full_score"), problems)
    summaries = phase_summaries(tables, parts, problems)
    if problems:
        raise WorkbookError(str(path), problems, "请改正以上单元格后重新运行。")
    assert info is not None
    return Campaign(
        info=info,
        basis_documents=tuple(d for _, d in parts["basis"]),
        leading_group=tuple(m for _, m in parts["members"]),
        phases=tuple(p for _, p in parts["phases"]),
        villages=tuple(v for _, v in parts["villages"]),
        source=str(path),
        tasks=tuple(sorted((t for _, t in parts["tasks"]), key=lambda t: t.number)),
        phase_summaries=tuple(summaries),
        self_evaluation=tuple(sorted((s for _, s in parts["scores"]), key=lambda s: s.number)),
        sheets=frozenset(
            s.name
            for s in SHEETS
            if s.name in tables and (s.required or parts[_OPTIONAL_PARTS[s.name]])
        ),
        texts=tuple(_texts(tables)),
    )


def _texts(tables: dict[str, RawSheet]) -> Iterator[tuple[str, str]]:
    """(sheet!cell, text) for every cell holding text, in every sheet."""
    for table in tables.values():
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.strip():
                    yield f"{table.name}!{column_letter(c)}{r}", value


# The part of read_campaign's rows each optional sheet fills: present only with data rows.
_OPTIONAL_PARTS = {
    TASKS.name: "tasks",
    PHASE_SUMMARIES.name: "summaries",
    SELF_EVALUATION.name: "scores",
}


def read_registry(path: str | Path) -> tuple[BasisDocument, ...]:
    """Only the 依据文件 sheet: the registry of basis documents, validated."""
    path = Path(path)
    tables = read_sheets(path)
    problems: list[Problem] = []
    if BASIS_DOCUMENTS.name not in tables:
        raise WorkbookError(str(path), [Problem(BASIS_DOCUMENTS.name, "缺少工作表「依据文件」")])
    check_structure(tables, (BASIS_DOCUMENTS,), problems)
    rows = records_of(tables, BASIS_DOCUMENTS, BasisDocument, problems)
    if problems:
        raise WorkbookError(str(path), problems, "请改正以上单元格后重新运行。")
    return tuple(d for _, d in rows)


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
            if not all(v is None or (isinstance(v, str) and not v.strip(SPACES)) for v in row)
            and not _is_example(row, note)
        )
        prefilled_only = sum(
            1
            for row in table.rows[1:]
            if not all(map(_blank, row))
            and not _is_example(row, note)
            and _only_prefilled(row, cells, name)
        )
        rows = 0 if rows == prefilled_only else rows
        out[name] = SheetOverview(frozenset(c for c in cells if c), rows)
    return out
