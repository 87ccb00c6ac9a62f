"""Hazard figures by phase: each summary's own and cumulative figures, each village's totals.

The sheet 村社区阶段数据 holds, per village and phase, the hazards found and fixed within that
phase. A summary reports its phase's own figures and the cumulative ones to the phase's end;
the archives and the summary workbook the totals over every phase. A workbook without that
sheet has only one figure per village (村社区!隐患数, 已整改数): it belongs to the last phase
summarised, and an earlier phase's summary cannot be given figures, which is an error rather
than one total printed as two phases' results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from gongwen.errors import Problem
from gongwen.workbook.file import cell_of
from gongwen.workbook.model import Campaign, Phase, PhaseSummary, Village, VillagePhase
from gongwen.workbook.schema import PHASE_SUMMARIES, PHASES, VILLAGE_PHASES, VILLAGES

FIGURES = ("排查隐患数", "整改数", "培训人次", "演练次数", "宣传场次")


@dataclass(frozen=True)
class Figures:
    villages: tuple[Village, ...]
    summaries: tuple[PhaseSummary, ...]


def _unreadable(reading, sheet, key: str) -> bool:
    """Whether the names in ``key`` of ``sheet`` may be incomplete: the sheet is missing or
    some row's cell could not be read."""
    if sheet.name not in reading.tables or sheet.name in reading.headless:
        return True
    return any(v is None for v in reading.values(sheet, key))


def _whole(reading, sheet, parts_rows) -> bool:
    """Whether every data row of ``sheet`` was read into a record (sums over it are whole)."""
    return sheet.name in reading.tables and len(reading.rows.get(sheet.name, ())) == len(parts_rows)


def _phase_order(reading) -> dict[str, int]:
    """Each phase name's place in 工作阶段, counting rows whose other cells failed to read."""
    names = [n for n in reading.values(PHASES, "name") if n is not None]
    return {name: i for i, name in reversed(list(enumerate(names)))}


def _check_references(reading, rows, phases: list[Phase], villages: list[Village]) -> None:
    """Each 村社区阶段数据 row names a known village and phase, once, with no negative figure."""
    tables, problems = reading.tables, reading.problems
    village_names = {n for n in reading.values(VILLAGES, "name") if n is not None}
    phase_names = {n for n in reading.values(PHASES, "name") if n is not None}
    seen: dict[tuple[str, str], int] = {}
    for r, row in rows:
        if row.village not in village_names and not _unreadable(reading, VILLAGES, "name"):
            problems.append(
                Problem(
                    cell_of(tables, VILLAGE_PHASES, "村社区", r),
                    f"「{row.village}」不在「村社区」表中，应为其中一个村（社区）的名称",
                )
            )
        if row.phase not in phase_names and not _unreadable(reading, PHASES, "name"):
            problems.append(
                Problem(
                    cell_of(tables, VILLAGE_PHASES, "阶段", r),
                    f"阶段「{row.phase}」不在「工作阶段」中，应为其中之一："
                    f"{'、'.join(p.name for p in phases) or '（无）'}",
                )
            )
        key = (row.village, row.phase)
        if key in seen:
            problems.append(
                Problem(
                    cell_of(tables, VILLAGE_PHASES, "阶段", r),
                    f"「{row.village}」的「{row.phase}」与第 {seen[key]} 行重复，每个村（社区）"
                    "每个阶段只填一行",
                )
            )
        seen.setdefault(key, r)
    listed = {v for v, _ in seen}
    if rows and _whole(reading, VILLAGE_PHASES, rows):
        for v in villages:
            if v.name not in listed:
                problems.append(
                    Problem(
                        v.where,
                        f"「{v.name}」在「村社区阶段数据」中没有数据行；按阶段填写时每个村（社区）"
                        "都要填写（某阶段没有隐患的填 0）",
                    )
                )


def _village_totals(
    reading, villages_rows, by_village: dict[str, list], whole: bool
) -> list[Village]:
    """Each village with its totals: typed, or summed over its phases (typed ones must agree)."""
    tables, problems = reading.tables, reading.problems
    out = []
    for r, v in villages_rows:
        rows = by_village.get(v.name)
        values = {}
        for key, column in (("hazards_found", "隐患数"), ("hazards_fixed", "已整改数")):
            typed = getattr(v, key)
            where = cell_of(tables, VILLAGES, column, r)
            if rows:
                summed = sum(getattr(row, key) for row in rows)
                if typed is not None and whole and typed != summed:
                    problems.append(
                        Problem(
                            where,
                            f"「{column}」填写为 {typed}，而「村社区阶段数据」中「{v.name}」各阶段"
                            f"合计为 {summed}，两者不一致；请改正，或留空由程序合计",
                        )
                    )
                values[key] = summed
            elif typed is None:
                if by_village:
                    values[key] = 0  # reported by _check_references
                    continue
                problems.append(
                    Problem(where, f"「{column}」不能为空（或在「村社区阶段数据」中按阶段填写）")
                )
                values[key] = 0
            else:
                values[key] = typed
        village = replace(v, **values)
        if village.hazards_fixed > village.hazards_found:
            problems.append(
                Problem(
                    cell_of(tables, VILLAGES, "已整改数", r),
                    f"「{v.name}」的已整改数（{village.hazards_fixed}）大于隐患数"
                    f"（{village.hazards_found}）",
                )
            )
        out.append(village)
    return out


def _cumulative(
    rows: Iterable[tuple[int, VillagePhase]], order: dict[str, int], until: int
) -> dict[str, list[int]]:
    """{village: [found, fixed]} summed over the phases up to index ``until``."""
    out: dict[str, list[int]] = {}
    for _, row in rows:
        if order.get(row.phase, until + 1) <= until:
            sums = out.setdefault(row.village, [0, 0])
            sums[0] += row.hazards_found
            sums[1] += row.hazards_fixed
    return out


def _check_running_totals(reading, rows, phases: list[Phase]) -> None:
    """A village never has more hazards fixed than found, counting up to each phase."""
    order = {p.name: i for i, p in enumerate(phases)}
    if len(order) != len(reading.values(PHASES, "name")):
        return  # a phase row failed to read: running totals would skip its figures
    reported: set[str] = set()
    for i, phase in enumerate(phases):
        sums = _cumulative(rows, order, i)
        for r, row in rows:
            found, fixed = sums.get(row.village, (0, 0))
            if row.phase == phase.name and fixed > found and row.village not in reported:
                reported.add(row.village)
                reading.problems.append(
                    Problem(
                        cell_of(reading.tables, VILLAGE_PHASES, "已整改数", r),
                        f"截至「{phase.name}」结束，「{row.village}」累计整改 {fixed} 处，多于累计"
                        f"排查的 {found} 处；请核对各阶段的数字",
                    )
                )


def phase_figures(reading, parts: dict) -> Figures:
    """The villages with their totals and the summaries with their figures, checked."""
    tables, problems = reading.tables, reading.problems
    phases = [p for _, p in parts["phases"]]
    rows = []
    for r, row in parts["village_phases"]:
        negative = False
        for column, value in (("排查隐患数", row.hazards_found), ("已整改数", row.hazards_fixed)):
            if value < 0:
                negative = True
                problems.append(
                    Problem(cell_of(tables, VILLAGE_PHASES, column, r), f"「{column}」不能为负数")
                )
        if not negative:
            rows.append((r, row))
    by_village: dict[str, list[VillagePhase]] = {}
    for _, row in rows:
        by_village.setdefault(row.village, []).append(row)
    rows_whole = VILLAGE_PHASES.name not in reading.tables or _whole(reading, VILLAGE_PHASES, rows)
    villages = _village_totals(reading, parts["villages"], by_village, rows_whole)
    _check_references(reading, rows, phases, villages)
    phases_whole = not _unreadable(reading, PHASES, "name")
    if phases_whole:
        _check_running_totals(reading, rows, phases)
    order = _phase_order(reading)  # every phase name read, also of rows that failed
    whole = _whole(reading, VILLAGES, parts["villages"]) and rows_whole and phases_whole
    summarised = [order[s.phase] for _, s in parts["summaries"] if s.phase in order]
    last = max(summarised, default=-1)
    seen: dict[str, int] = {}
    out = []
    for r, s in parts["summaries"]:
        where = cell_of(tables, PHASE_SUMMARIES, "阶段", r)
        if s.phase not in order and phases_whole:
            problems.append(
                Problem(
                    where,
                    f"阶段「{s.phase}」不在「工作阶段」中，应为其中之一："
                    f"{'、'.join(p.name for p in phases) or '（无）'}",
                )
            )
        elif s.phase in seen:
            problems.append(Problem(where, f"阶段「{s.phase}」与第 {seen[s.phase]} 行重复"))
        duplicate = s.phase in seen
        seen.setdefault(s.phase, r)
        for column in FIGURES:
            value = getattr(s, PHASE_SUMMARIES.column(column).key)
            if value is not None and value < 0:
                problems.append(
                    Problem(cell_of(tables, PHASE_SUMMARIES, column, r), f"「{column}」不能为负数")
                )
        if duplicate:
            out.append(replace(s, row=r))
            continue
        out.append(_summary_figures(reading, r, s, rows, villages, order, last, whole))
    return Figures(tuple(villages), tuple(out))


def _summary_figures(
    reading, r, s: PhaseSummary, rows, villages, order, last, whole: bool
) -> PhaseSummary:
    """One summary with its cumulative figures (checked against typed ones, when every row
    they are summed from was read) and its own."""
    tables, problems = reading.tables, reading.problems
    index = order.get(s.phase)
    if index is None:
        return replace(s, row=r)
    if rows and not any(x.phase == s.phase for _, x in rows):
        problems.append(
            Problem(
                cell_of(tables, PHASE_SUMMARIES, "阶段", r),
                f"「{s.phase}」有阶段总结，但「村社区阶段数据」中没有该阶段的数据行；请按村（社区）"
                "填写本阶段的排查隐患数和已整改数（没有的填 0）",
            )
        )
        return replace(s, row=r)
    if rows:
        sums = _cumulative(rows, order, index)
        table = tuple((v.name, *sums.get(v.name, (0, 0))) for v in villages)
        own = [x for _, x in rows if x.phase == s.phase]
        phase_found = sum(x.hazards_found for x in own)
        phase_fixed = sum(x.hazards_fixed for x in own)
        source = "「村社区阶段数据」中截至本阶段的"
    elif index == last:
        table = tuple((v.name, v.hazards_found, v.hazards_fixed) for v in villages)
        phase_found = phase_fixed = None
        source = "「村社区」各行"
    else:
        problems.append(
            Problem(
                cell_of(tables, PHASE_SUMMARIES, "阶段", r),
                f"「{s.phase}」之后还有阶段总结，而「村社区」中的隐患数、已整改数只有一个合计数，"
                "不能同时作为两个阶段的数字；请填写「村社区阶段数据」表（每个村社区每个阶段一行），"
                "由程序按阶段计算",
            )
        )
        return replace(s, row=r)
    computed = {
        "hazards_found": sum(found for _, found, _ in table),
        "hazards_fixed": sum(fixed for _, _, fixed in table),
    }
    for column, key in (("排查隐患数", "hazards_found"), ("整改数", "hazards_fixed")):
        typed = getattr(s, key)
        if typed is not None and whole and typed != computed[key]:
            problems.append(
                Problem(
                    cell_of(tables, PHASE_SUMMARIES, column, r),
                    f"「{column}」填写为 {typed}，而{source}合计为 {computed[key]}，两者不一致；"
                    "请改正，或留空由程序计算",
                )
            )
    return replace(
        s,
        row=r,
        phase_found=phase_found,
        phase_fixed=phase_fixed,
        villages=table,
        **computed,
    )


def figures_date(campaign: Campaign) -> dt.date | None:
    """The day the villages' totals are counted to: the end of the last phase with
    村社区阶段数据, else of the last phase summarised; None when the workbook does not say."""
    with_data = {row.phase for row in campaign.village_phases}
    if not with_data:
        with_data = {s.phase for s in campaign.phase_summaries}
    ends = [p.end for p in campaign.phases if p.name in with_data]
    return max(ends, default=None)
