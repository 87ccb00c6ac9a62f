"""Reading and validating the campaign workbook against ``gongwen.schema``.

Every problem found is collected and raised together in one ``WorkbookError``, each located
as ``sheet!cell``, so a secretary can fix them all in one pass.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from gongwen.aqt9001 import ELEMENT_COUNT
from gongwen.dates import format_date, parse_date
from gongwen.errors import Problem, WorkbookError
from gongwen.figures import exact, hazard_totals, plain_number
from gongwen.model import (
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
from gongwen.schema import (
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
    Column,
    Kind,
    Sheet,
)
from gongwen.serial_dates import EARLIEST, LATEST, date_from_serial, plausible
from gongwen.sheet_xml import sheet_facts
from gongwen.xlsx_guard import inspect_workbook_file

# Characters that cannot stand in a document: C0 controls other than tab and newline, DEL,
# the non-characters U+FFFE/U+FFFF and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Excel stores characters XML cannot hold as _xHHHH_ escapes (and a literal "_x" as
# _x005F_x); openpyxl hands the escapes through unchanged, so they are decoded here.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SPACES = " \t\r\n\u3000\u00a0"
_EXCEL_ERRORS = {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#GETTING_DATA",
}


def column_letter(index: int) -> str:
    """Excel's column letters for a 1-based column index (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Uncached:
    """Stands in a table for a formula cell that has no calculated value in the file."""

    def __str__(self) -> str:
        return ""


UNCACHED = _Uncached()


@dataclass
class _Table:
    """The raw rows of one sheet, as read from the file."""

    name: str
    rows: list[tuple]
    epoch: dt.datetime | None = None  # the workbook's date system (1900 or 1904)
    merged: tuple[str, ...] = ()  # merged ranges, A2:A4
    hidden: bool = False


def _open(path: Path) -> dict[str, _Table]:
    """Every sheet's values, read streaming; file-level failures become WorkbookError."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise WorkbookError(str(path), ["找不到该文件"], "请检查路径是否正确。")
    if path.is_dir():
        raise WorkbookError(str(path), ["这是一个文件夹，不是工作簿"], "请指定 .xlsx 文件。")
    inspect_workbook_file(path)  # empty, renamed, encrypted, damaged, bombs: refused first
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(
            str(path),
            [f"无法作为 .xlsx 工作簿打开（{type(exc).__name__}）"],
            "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。",
        ) from None
    except Exception as exc:  # a damaged part can make the parser fail in any way
        raise _damaged(path, exc) from None
    try:
        tables = {}
        for ws in wb.worksheets:
            ws.reset_dimensions()  # WPS may state a wrong sheet size; read the sheet whole
            with wb._archive.open(ws._worksheet_path) as fh:
                facts = sheet_facts(fh)
            rows = [
                tuple(
                    UNCACHED if v is None and (r, c) in facts.uncached else v
                    for c, v in enumerate(row, start=1)
                )
                if facts.uncached
                else row
                for r, row in enumerate(ws.iter_rows(values_only=True), start=1)
            ]
            tables[ws.title.strip(_SPACES)] = _Table(
                ws.title, rows, wb.epoch, tuple(facts.merged), ws.sheet_state != "visible"
            )
        return tables
    except Exception as exc:  # a damaged part can make the parser fail in any way
        raise _damaged(path, exc) from None
    finally:
        wb.close()


def _damaged(path: Path, exc: Exception) -> WorkbookError:
    return WorkbookError(
        str(path),
        [f"工作簿内容已损坏，无法读取（{type(exc).__name__}）"],
        "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。",
    )


def _clean_text(value: object) -> str:
    # Excel keeps 15 significant digits: a whole float within them is shown as an integer
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return str(value).strip(_SPACES)


def _convert(value: object, col: Column, where: str, problems: list[Problem], epoch=None) -> object:
    """One cell's value as the column's kind; None when empty or invalid (problem recorded)."""
    if value is UNCACHED:
        problems.append(
            Problem(
                where,
                "单元格是公式，但文件中没有它的计算结果（文件不是由 Excel/WPS 保存的），"
                "请在 Excel 或 WPS 中打开、确认结果后保存，或把公式改为数值",
            )
        )
        return None
    if isinstance(value, str):
        value = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
        if value.strip(_SPACES) in _EXCEL_ERRORS:
            problems.append(
                Problem(where, f"单元格是 Excel 错误值 {value.strip()}，请改正公式或填入数值")
            )
            return None
        bad = _FORBIDDEN.search(value)
        if bad:
            problems.append(
                Problem(
                    where,
                    f"含有不可见的控制字符 U+{ord(bad.group()):04X}，请删除后重新输入该单元格",
                )
            )
            return None
    empty = value is None or (isinstance(value, str) and not value.strip(_SPACES))
    if empty:
        if col.required:
            problems.append(Problem(where, f"「{col.name}」不能为空"))
        return None
    if col.kind is Kind.DATE:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            date = date_from_serial(value, epoch)
            if date is None:
                problems.append(
                    Problem(
                        where,
                        f"「{col.name}」应为日期，现为数字“{_clean_text(value)}”（不是 "
                        f"{format_date(EARLIEST)}至{format_date(LATEST)}间日期的 Excel 日期序号），"
                        "请填写日期，如 2024年3月1日",
                    )
                )
            return date
        date = parse_date(value.strip(_SPACES) if isinstance(value, str) else value)
        if date is not None and not plausible(date):
            problems.append(
                Problem(
                    where,
                    f"「{col.name}」的日期 {format_date(date)} 不在 {format_date(EARLIEST)}至"
                    f"{format_date(LATEST)}之间（可能是在日期格式的单元格中填了数字），请改正",
                )
            )
            return None
        if date is None:
            problems.append(
                Problem(
                    where, f"「{col.name}」应为日期（如 2024年3月1日 或 2024-3-1），现为“{value}”"
                )
            )
        return date
    if col.kind in (Kind.INTEGER, Kind.NUMBER):
        number = _number(value)
        if number is None or isinstance(value, (dt.date, bool)):
            problems.append(Problem(where, f"「{col.name}」应为{col.kind.value}，现为“{value}”"))
            return None
        if col.kind is Kind.INTEGER:
            if not float(number).is_integer():
                problems.append(Problem(where, f"「{col.name}」应为整数，现为“{value}”"))
                return None
            return int(number)
        return number
    text = _clean_text(value)
    if col.choices and text not in col.choices:
        problems.append(
            Problem(where, f"「{col.name}」只能填 {'、'.join(col.choices)}，现为“{text}”")
        )
        return None
    return text


def _number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip(_SPACES).replace(",", "")
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return None
    return None


def _header_map(table: _Table, sheet: Sheet, problems: list[Problem]) -> dict[str, int] | None:
    """Column index of each schema column found in the header row (row 1)."""
    header = table.rows[0] if table.rows else ()
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        if cell is None:
            continue
        name = _clean_text(cell)
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
    return _clean_text(row[note]) == EXAMPLE_MARK


def _records(
    table: _Table, sheet: Sheet, problems: list[Problem]
) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {key: value}) for each non-blank data row of a table sheet."""
    header = _header_map(table, sheet, problems)
    if header is None:
        return
    count = 0
    examples: list[int] = []
    note = header.get(NOTE_COLUMN)
    for r, row in enumerate(table.rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip(_SPACES)) for v in row):
            continue
        if _is_example(row, note):
            examples.append(r)
            continue
        count += 1
        record: dict[str, object] = {}
        for col in sheet.columns:
            i = header.get(col.name)
            value = row[i] if i is not None and i < len(row) else None
            where = f"{sheet.name}!{column_letter(i + 1) if i is not None else '?'}{r}"
            record[col.key] = _convert(value, col, where, problems, table.epoch)
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


def _key_values(table: _Table, sheet: Sheet, problems: list[Problem]) -> dict[str, object]:
    """The 项目/内容 sheet as {key: value}."""
    rows: dict[str, tuple[int, object]] = {}
    for r, row in enumerate(table.rows, start=1):
        if not row or row[0] is None:
            continue
        name = _clean_text(row[0])
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
        values[col.key] = _convert(value, col, f"{sheet.name}!B{r}", problems, table.epoch)
    return values


def _check_structure(tables: dict[str, _Table], sheets, problems: list[Problem]) -> None:
    """The schema's sheets are neither hidden nor hold merged cells.

    A hidden sheet would be read without the clerk seeing what it holds; in a merged range
    only the top-left cell holds the value and the others would read as empty. Both are
    reported (sheets the schema does not know are ignored, hidden or not).
    """
    for sheet in sheets:
        table = tables.get(sheet.name)
        if table is None:
            continue
        if table.hidden:
            problems.append(
                Problem(
                    sheet.name,
                    f"工作表「{sheet.name}」被隐藏了，其内容仍会被读取；请取消隐藏并核对内容"
                    "（不用的表请删除）",
                )
            )
        for span in table.merged:
            problems.append(
                Problem(
                    f"{sheet.name}!{span}",
                    f"合并了单元格 {span}；合并后只有左上角单元格有值，其余会被当作空白。"
                    "请取消合并，并在每个单元格中填写相应内容",
                )
            )


def _check_rows(campaign_parts: dict, problems: list[Problem]) -> None:
    """Rules that span cells: a 组长 exists, phases run forward, fixed <= found."""
    members = campaign_parts["members"]
    if members and not any(m.role == "组长" for _, m in members):
        problems.append(
            Problem(f"{LEADING_GROUP.name}!C", "领导小组没有组长，请在「小组职务」中指定一人为组长")
        )
    for r, phase in campaign_parts["phases"]:
        if phase.end < phase.start:
            problems.append(
                Problem(f"{PHASES.name}!{r}", f"「{phase.name}」的结束日期早于开始日期")
            )
    seen: dict[str, int] = {}
    for r, v in campaign_parts["villages"]:
        if v.hazards_fixed > v.hazards_found:
            problems.append(
                Problem(
                    f"{VILLAGES.name}!{r}",
                    f"「{v.name}」的已整改数（{v.hazards_fixed}）大于隐患数（{v.hazards_found}）",
                )
            )
        if v.name in seen:
            problems.append(
                Problem(
                    f"{VILLAGES.name}!{r}",
                    f"名称「{v.name}」与第 {seen[v.name]} 行重复，请区分（档案按名称命名）",
                )
            )
        seen.setdefault(v.name, r)


def _rows(tables, sheet, cls, problems, extra=None):
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


def _cell(tables: dict[str, _Table], sheet: Sheet, column: str, row: int) -> str:
    """The address ``sheet!C3`` of ``column`` in data row ``row``."""
    header = tables[sheet.name].rows[0] if tables[sheet.name].rows else ()
    for i, cell in enumerate(header):
        if cell is not None and _clean_text(cell) == column:
            return f"{sheet.name}!{column_letter(i + 1)}{row}"
    return f"{sheet.name}!{row}"


def _check_elements(tables, sheet: Sheet, rows, problems: list[Problem]) -> None:
    """要素序号 runs 1-12 and names each element once."""
    seen: dict[int, int] = {}
    for r, item in rows:
        where = _cell(tables, sheet, "要素序号", r)
        if not 1 <= item.number <= ELEMENT_COUNT:
            problems.append(
                Problem(where, f"「要素序号」应为 1 至 {ELEMENT_COUNT}，现为“{item.number}”")
            )
        elif item.number in seen:
            problems.append(
                Problem(where, f"要素序号 {item.number} 与第 {seen[item.number]} 行重复")
            )
        seen.setdefault(item.number, r)


def _check_scores(tables, rows, problems: list[Problem]) -> None:
    """分值 is positive and 自评分 lies between 0 and 分值."""
    for r, s in rows:
        if s.full <= 0:
            problems.append(
                Problem(
                    _cell(tables, SELF_EVALUATION, "分值", r),
                    f"「分值」应大于 0，现为 {plain_number(s.full)}",
                )
            )
        if s.score < 0 or exact(s.score) > exact(s.full):
            problems.append(
                Problem(
                    _cell(tables, SELF_EVALUATION, "自评分", r),
                    f"「{s.element}」的自评分 {plain_number(s.score)} 应在 0 至分值 "
                    f"{plain_number(s.full)} 之间",
                )
            )


_FIGURES = ("排查隐患数", "整改数", "培训人次", "演练次数", "宣传场次")
_COMPUTED = (("排查隐患数", "hazards_found", "隐患数"), ("整改数", "hazards_fixed", "已整改数"))


def _phase_summaries(tables, parts: dict, problems: list[Problem]) -> list[PhaseSummary]:
    """阶段总结 rows checked against 工作阶段 and 村社区, hazard totals filled in.

    A typed 排查隐患数/整改数 must equal the sum over 村社区; an empty one takes that sum.
    """
    phases = [p.name for _, p in parts["phases"]]
    found, fixed = hazard_totals(v for _, v in parts["villages"])
    computed = {"hazards_found": found, "hazards_fixed": fixed}

    # Rows that failed to read would make these comparisons mislead: compare whole sheets only.
    def whole(sheet: Sheet) -> bool:
        return sheet.name in tables and not any(p.where.startswith(sheet.name) for p in problems)

    villages_whole, phases_whole = whole(VILLAGES), whole(PHASES)
    seen: dict[str, int] = {}
    out = []
    for r, s in parts["summaries"]:
        where = _cell(tables, PHASE_SUMMARIES, "阶段", r)
        if s.phase not in phases and phases_whole:
            problems.append(
                Problem(
                    where,
                    f"阶段「{s.phase}」不在「工作阶段」中，应为其中之一："
                    f"{'、'.join(phases) or '（无）'}",
                )
            )
        elif s.phase in seen:
            problems.append(Problem(where, f"阶段「{s.phase}」与第 {seen[s.phase]} 行重复"))
        seen.setdefault(s.phase, r)
        for column in _FIGURES:
            value = getattr(s, PHASE_SUMMARIES.column(column).key)
            if value is not None and value < 0:
                problems.append(
                    Problem(_cell(tables, PHASE_SUMMARIES, column, r), f"「{column}」不能为负数")
                )
        values = {}
        for column, key, village_column in _COMPUTED:
            typed = getattr(s, key)
            if typed is not None and villages_whole and typed != computed[key]:
                problems.append(
                    Problem(
                        _cell(tables, PHASE_SUMMARIES, column, r),
                        f"「{column}」填写为 {typed}，而「村社区」各行{village_column}合计为 "
                        f"{computed[key]}，两者不一致；请改正，或留空由程序按村社区合计",
                    )
                )
            values[key] = computed[key] if typed is None else typed
        if values["hazards_fixed"] > values["hazards_found"]:
            problems.append(
                Problem(
                    _cell(tables, PHASE_SUMMARIES, "整改数", r),
                    f"整改数（{values['hazards_fixed']}）大于排查隐患数（{values['hazards_found']}）",
                )
            )
        out.append(replace(s, row=r, **values))
    return out


def read_campaign(path: str | Path) -> Campaign:
    """Read and validate the workbook at ``path``; raise WorkbookError listing every problem."""
    path = Path(path)
    tables = _open(path)
    problems: list[Problem] = []
    for sheet in SHEETS:
        if sheet.required and sheet.name not in tables:
            problems.append(
                Problem(
                    sheet.name,
                    f"缺少工作表「{sheet.name}」，请按 gongwen init 生成的空白工作簿添加",
                )
            )
    _check_structure(tables, SHEETS, problems)
    info = None
    if BASIC_INFO.name in tables:
        values = _key_values(tables[BASIC_INFO.name], BASIC_INFO, problems)
        if all(values[c.key] is not None for c in BASIC_INFO.columns if c.required):
            info = BasicInfo(
                **{c.key: values[c.key] for c in BASIC_INFO.columns if values[c.key] is not None}
            )
    parts = {
        "basis": _rows(tables, BASIS_DOCUMENTS, BasisDocument, problems),
        "members": _rows(tables, LEADING_GROUP, Member, problems),
        "phases": _rows(tables, PHASES, Phase, problems),
        "villages": _rows(
            tables,
            VILLAGES,
            Village,
            problems,
            extra=lambda r: {"row": r, "where": _cell(tables, VILLAGES, "名称", r)},
        ),
        "tasks": _rows(tables, TASKS, Task, problems),
        "summaries": _rows(tables, PHASE_SUMMARIES, PhaseSummary, problems),
        "scores": _rows(tables, SELF_EVALUATION, Score, problems),
    }
    _check_rows(parts, problems)
    _check_elements(tables, TASKS, parts["tasks"], problems)
    _check_elements(tables, SELF_EVALUATION, parts["scores"], problems)
    _check_scores(tables, parts["scores"], problems)
    summaries = _phase_summaries(tables, parts, problems)
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


def _texts(tables: dict[str, _Table]) -> Iterator[tuple[str, str]]:
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
    tables = _open(path)
    problems: list[Problem] = []
    if BASIS_DOCUMENTS.name not in tables:
        raise WorkbookError(str(path), [Problem(BASIS_DOCUMENTS.name, "缺少工作表「依据文件」")])
    _check_structure(tables, (BASIS_DOCUMENTS,), problems)
    rows = _rows(tables, BASIS_DOCUMENTS, BasisDocument, problems)
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
    tables = _open(Path(path))
    out: dict[str, SheetOverview] = {}
    for name, table in tables.items():
        if name == BASIC_INFO.name:
            filled = frozenset(
                _clean_text(row[0])
                for row in table.rows[1:]
                if len(row) > 1
                and row[0] is not None
                and row[1] is not None
                and _clean_text(row[1])
            )
            out[name] = SheetOverview(filled, len(filled))
            continue
        cells = [None if c is None else _clean_text(c) for c in (table.rows[:1] or [()])[0]]
        note = cells.index(NOTE_COLUMN) if NOTE_COLUMN in cells else None
        rows = sum(
            1
            for row in table.rows[1:]
            if not all(v is None or (isinstance(v, str) and not v.strip(_SPACES)) for v in row)
            and not _is_example(row, note)
        )
        out[name] = SheetOverview(frozenset(c for c in cells if c), rows)
    return out
