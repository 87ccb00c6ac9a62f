"""Helpers for tests that change the example's villages: per-phase rows that agree with them."""

from __future__ import annotations


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
