"""Helpers for tests that change the example's villages: per-phase rows that agree with them."""

from __future__ import annotations

import itertools


def phase_rows(villages: list[dict], phases=("启动阶段", "实施阶段")) -> list[dict]:
    """村社区阶段数据 rows splitting each village's 隐患数/已整改数 over two phases, so that the
    sums equal the village's totals and no phase fixes more than has been found."""
    rows = []
    for v in villages:
        found, fixed = v["隐患数"], v["已整改数"]
        first_found = found - found // 2
        first_fixed = min(first_found, fixed // 2)
        for phase, f, x in zip(
            phases,
            (first_found, found - first_found),
            (first_fixed, fixed - first_fixed),
            strict=True,
        ):
            rows.append({"村社区": v["名称"], "阶段": phase, "排查隐患数": f, "已整改数": x})
    return rows


def refresh_phase_rows(data: dict) -> dict:
    """``data`` with 村社区阶段数据 made again from its 村社区 rows (after a test changed them)."""
    data["村社区阶段数据"] = phase_rows(data["村社区"])
    return data


def many_villages(data: dict, rows: int, digits: int = 4) -> dict:
    """``data`` with ``rows`` villages, its own ones over and over, each name numbered
    (静观场社区0001); the summaries' typed totals are left to follow them."""
    villages = zip(range(1, rows + 1), itertools.cycle(data["村社区"]))
    data["村社区"] = [{**v, "名称": f"{v['名称']}{i:0{digits}d}"} for i, v in villages]
    for summary in data.get("阶段总结", []):
        summary.pop("排查隐患数", None)
        summary.pop("整改数", None)
    return refresh_phase_rows(data)
