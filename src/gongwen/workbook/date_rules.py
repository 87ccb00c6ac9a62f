"""Dates that must agree across sheets: phases in order, summaries after their phase, 年度
matching the 成文日期, the application after the work it reports (and the unit's type,
which 基本信息 must make known).

Each is an error at the cell to correct, except the application made before the last phase
ends: some campaigns apply during their 评定 phase and summarise afterwards, so that is a
warning.
"""

from __future__ import annotations

import datetime as dt

from gongwen.errors import Problem
from gongwen.workbook.dates import format_date as day
from gongwen.workbook.file import cell_of
from gongwen.workbook.model import PhaseSummary
from gongwen.workbook.schema import PHASE_SUMMARIES, PHASES
from gongwen.workbook.unit_words import unit_type


def check_dates(reading, parts: dict, summaries: tuple[PhaseSummary, ...]) -> None:
    """Add every date that contradicts another to ``reading.problems`` (or ``warnings``)."""
    tables, problems = reading.tables, reading.problems
    phases = parts["phases"]
    previous = None
    for r, phase in phases:
        if phase.end < phase.start:
            problems.append(
                Problem(
                    cell_of(tables, PHASES, "结束日期", r),
                    f"「{phase.name}」的结束日期 {day(phase.end)} 早于开始日期 {day(phase.start)}",
                )
            )
        if previous is not None and phase.start <= previous.end:
            problems.append(
                Problem(
                    cell_of(tables, PHASES, "开始日期", r),
                    f"「{phase.name}」的开始日期 {day(phase.start)} 不晚于上一阶段「{previous.name}」"
                    f"的结束日期 {day(previous.end)}；各阶段应按时间先后排列、互不重叠",
                )
            )
        previous = phase
    by_name = {p.name: p for _, p in phases}
    for s in summaries:
        phase = by_name.get(s.phase)
        if phase is not None and s.date is not None and s.date < phase.end:
            problems.append(
                Problem(
                    cell_of(tables, PHASE_SUMMARIES, "成文日期", s.row),
                    f"「{s.phase}」总结的成文日期 {day(s.date)} 早于该阶段的结束日期 "
                    f"{day(phase.end)}；总结应在阶段结束后成文（留空则用阶段结束日期）",
                )
            )
    _check_info_dates(reading, [p for _, p in phases], summaries)


def _check_info_dates(reading, phases, summaries) -> None:
    values, items = reading.info_values, reading.items
    unit = values.get("unit")
    if unit and not values.get("unit_type") and not unit_type(unit):
        reading.problems.append(
            Problem(
                items["unit"],
                f"无法从单位名称「{unit}」看出是镇、街道还是乡（公文中要写“我镇”“我街道”或“我乡”），"
                "请在「基本信息」中添加项目「单位类型」并选择 镇、街道 或 乡",
            )
        )
    date, year = values.get("date"), values.get("year")
    if isinstance(date, dt.date) and year is not None and year != date.year:
        reading.problems.append(
            Problem(
                items["year"],
                f"年度 {year} 与成文日期 {day(date)} 的年份不一致（发文字号中的年份会与成文日期"
                "矛盾）；请改正年度或成文日期",
            )
        )
    printed = values.get("print_date")
    if isinstance(date, dt.date) and printed is not None and printed < date:
        reading.problems.append(
            Problem(items["print_date"], f"印发日期 {day(printed)} 早于成文日期 {day(date)}")
        )
    applied = values.get("apply_date")
    if applied is None:
        return
    where = items["apply_date"]
    if isinstance(date, dt.date) and applied < date:
        reading.problems.append(Problem(where, f"申报日期 {day(applied)} 早于成文日期 {day(date)}"))
    by_name = {p.name: p for p in phases}
    enclosed = [(s.date or by_name[s.phase].end, s.phase) for s in summaries if s.phase in by_name]
    if enclosed:
        latest, phase = max(enclosed)
        if applied < latest:
            reading.problems.append(
                Problem(
                    where,
                    f"申报日期 {day(applied)} 早于「{phase}」总结的成文日期 {day(latest)}；"
                    "申报材料包含该总结，申报日期应不早于它",
                )
            )
            return
    if phases and applied < phases[-1].end:
        reading.warnings.append(
            Problem(
                where,
                f"申报日期 {day(applied)} 早于最后一个阶段「{phases[-1].name}」的结束日期 "
                f"{day(phases[-1].end)}；如确在该阶段结束前申报，可不理会此提示",
                rule="GW403",
            )
        )
