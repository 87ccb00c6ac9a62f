"""The numbers each figure shows, read from the campaign in one place each."""

from __future__ import annotations

from dataclasses import dataclass

from gongwen.workbook.model import Campaign
from gongwen.workbook.totals import total


@dataclass(frozen=True)
class Bar:
    """One labelled pair of numbers: hazards found and fixed, or 分值 and 自评分."""

    label: str
    first: float  # 隐患数 / 分值
    second: float  # 已整改数 / 自评分


@dataclass(frozen=True)
class Scores:
    """The 12 elements' 分值 and 自评分, their totals and 基本信息's two thresholds."""

    elements: tuple[Bar, ...]
    full_total: float
    score_total: float
    pass_score: float
    standard_score: float


def self_evaluation(campaign: Campaign) -> Scores:
    """自评: each element's 分值 and 自评分, in 要素序号 order, with the totals."""
    rows = sorted(campaign.self_evaluation, key=lambda s: s.number)
    info = campaign.info
    return Scores(
        tuple(Bar(f"{s.number}. {s.element}", s.full, s.score) for s in rows),
        total(s.full for s in rows),
        total(s.score for s in rows),
        info.pass_score,
        info.standard_score,
    )


def hazards_by_village(campaign: Campaign, upto: str | None = None) -> list[Bar]:
    """村社区: each village's 隐患数 and 已整改数, most hazards first (ties in sheet order);
    with ``upto``, the figures to the end of that phase (as its summary reports them)."""
    summary = next((s for s in campaign.phase_summaries if s.phase == upto), None)
    if summary is not None and summary.villages:
        bars = [Bar(name, found, fixed) for name, found, fixed in summary.villages]
    else:
        bars = [Bar(v.name, v.hazards_found, v.hazards_fixed) for v in campaign.villages]
    return sorted(bars, key=lambda b: -b.first)


def hazards_by_phase(campaign: Campaign, upto: str | None = None) -> list[Bar]:
    """阶段总结: the cumulative 排查隐患数 and 整改数 of each phase that has a summary, in
    工作阶段 order, up to and including the phase ``upto`` (all when None)."""
    order = {p.name: i for i, p in enumerate(campaign.phases)}
    rows = sorted(
        (s for s in campaign.phase_summaries if s.hazards_found is not None),
        key=lambda s: order.get(s.phase, len(order)),
    )
    bars = []
    for s in rows:
        bars.append(Bar(s.phase, s.hazards_found, s.hazards_fixed or 0))
        if s.phase == upto:
            break
    return bars
