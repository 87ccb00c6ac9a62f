"""Rules across rows: a 组长 exists, names (and the archives' file names) and 要素序号 are
unique, scores lie in range."""

from __future__ import annotations

from gongwen.errors import Problem
from gongwen.names import name_key, safe_filename
from gongwen.workbook.aqt9001 import FULL_SCORE
from gongwen.workbook.file import RawSheet, cell_of
from gongwen.workbook.model import Village
from gongwen.workbook.schema import (
    LEADING_GROUP,
    SELF_EVALUATION,
    TASKS,
    VILLAGES,
    Sheet,
)
from gongwen.workbook.totals import exact, plain_number, total


def check_structure(tables: dict[str, RawSheet], sheets, problems: list[Problem]) -> None:
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


def check_rows(tables, campaign_parts: dict, problems: list[Problem]) -> None:
    """Rules that span rows: a 组长 exists, village names differ."""
    members = campaign_parts["members"]
    if members and not any(m.role == "组长" for _, m in members):
        problems.append(
            Problem(
                cell_of(tables, LEADING_GROUP, "小组职务", members[0][0]),
                "领导小组没有组长，请在「小组职务」中指定一人为组长",
            )
        )
    seen: dict[str, int] = {}
    for r, v in campaign_parts["villages"]:
        if v.name in seen:
            problems.append(
                Problem(
                    cell_of(tables, VILLAGES, "名称", r),
                    f"名称「{v.name}」与第 {seen[v.name]} 行重复，请区分（档案按名称命名）",
                )
            )
        seen.setdefault(v.name, r)
    problems += file_name_problems(v for _, v in campaign_parts["villages"])


def village_cell(village: Village) -> str:
    """The cell that names ``village`` in messages: its 名称 cell, else its row's first."""
    return village.where or f"{VILLAGES.name}!A{village.row}"


def file_name_problems(villages) -> list[Problem]:
    """Villages whose archive file names clash or come out empty (after making them safe for
    Windows and Linux, Unicode NFC and case folding); each such row is named."""
    problems: list[Problem] = []
    first: dict[str, Village] = {}
    for village in villages:
        name = safe_filename(village.name)
        if not name:
            problems.append(
                Problem(
                    village_cell(village),
                    f"名称「{village.name}」去掉文件名中不能使用的字符后为空，无法用作档案文件名，"
                    "请改用汉字或字母数字的名称",
                )
            )
            continue
        key = name_key(name)
        if key in first:
            other = first[key]
            if other.name == village.name:
                continue  # the same name twice: check_rows says so
            problems.append(
                Problem(
                    village_cell(village),
                    f"名称「{village.name}」与 {village_cell(other)} 的「{other.name}」"
                    f"生成相同的档案文件名「{name}.docx」，请修改其中一个名称以示区分",
                )
            )
        else:
            first[key] = village
    return problems


def check_elements(tables, sheet: Sheet, rows, problems: list[Problem]) -> None:
    """要素序号 runs 1, 2, 3… without gaps and names each element once.

    The elements are the workbook's own (AQ/T 9001's 12 as ``gongwen init`` fills them in,
    or a province's list), so neither their names nor their count is fixed here.
    """
    seen: dict[int, int] = {}
    for r, item in rows:
        where = cell_of(tables, sheet, "要素序号", r)
        if item.number < 1:
            problems.append(Problem(where, f"「要素序号」应从 1 起编号，现为“{item.number}”"))
        elif item.number in seen:
            problems.append(
                Problem(where, f"要素序号 {item.number} 与第 {seen[item.number]} 行重复")
            )
        seen.setdefault(item.number, r)
    gaps = [n for n in range(1, max(seen, default=0) + 1) if n not in seen]
    if gaps and rows:
        where = cell_of(tables, sheet, "要素序号", rows[-1][0])
        shown = "、".join(map(str, gaps))
        problems.append(
            Problem(where, f"要素序号应从 1 起连续编号，缺少 {shown}；请补上这些要素或重新编号")
        )


def _missing(tables, sheet: Sheet, r: int, item, other: Sheet) -> Problem:
    """Element ``item`` of row ``r`` of ``sheet`` is not listed in ``other``."""
    return Problem(
        cell_of(tables, sheet, "要素序号", r),
        f"要素序号 {item.number}（{item.element}）在「{other.name}」中没有；两个表应列出相同的要素",
    )


def check_same_elements(tables, tasks, scores, problems: list[Problem]) -> None:
    """任务分工 and 自评 list the same elements: the same numbers with the same names."""
    if not tasks or not scores:
        return
    by_number = {t.number: (r, t) for r, t in tasks}
    for r, s in scores:
        if s.number not in by_number:
            problems.append(_missing(tables, SELF_EVALUATION, r, s, TASKS))
            continue
        task_row, task = by_number[s.number]
        if task.element != s.element:
            problems.append(
                Problem(
                    cell_of(tables, SELF_EVALUATION, "要素", r),
                    f"要素 {s.number} 写作「{s.element}」，而"
                    f"{cell_of(tables, TASKS, '要素', task_row)} 写作「{task.element}」；"
                    "两个表中同一序号的要素名称应一致",
                )
            )
    numbers = {s.number for _, s in scores}
    problems += (
        _missing(tables, TASKS, r, t, SELF_EVALUATION) for r, t in tasks if t.number not in numbers
    )


def check_score_total(tables, scores, full_score: float | None, problems: list[Problem]) -> None:
    """The 分值 of 自评 add up to the workbook's 总分 (基本信息), or to 100 without one."""
    if not scores:
        return
    expected = FULL_SCORE if full_score is None else full_score
    got = total(s.full for _, s in scores)
    if exact(got) == exact(expected):
        return
    first = cell_of(tables, SELF_EVALUATION, "分值", scores[0][0])
    last = cell_of(tables, SELF_EVALUATION, "分值", scores[-1][0]).split("!")[1]
    source = (
        "基本信息中的「总分」"
        if full_score is not None
        else "总分（基本信息未填「总分」，按 100 分）"
    )
    problems.append(
        Problem(
            f"{first}:{last}",
            f"各要素分值合计为 {plain_number(got)}，与{source} {plain_number(expected)} 不一致；"
            "请核对各要素的分值或总分",
        )
    )


def check_scores(tables, rows, problems: list[Problem]) -> None:
    """分值 is positive and 自评分 lies between 0 and 分值."""
    for r, s in rows:
        if s.full <= 0:
            problems.append(
                Problem(
                    cell_of(tables, SELF_EVALUATION, "分值", r),
                    f"「分值」应大于 0，现为 {plain_number(s.full)}",
                )
            )
        if s.score < 0 or exact(s.score) > exact(s.full):
            problems.append(
                Problem(
                    cell_of(tables, SELF_EVALUATION, "自评分", r),
                    f"「{s.element}」的自评分 {plain_number(s.score)} 应在 0 至分值 "
                    f"{plain_number(s.full)} 之间",
                )
            )
