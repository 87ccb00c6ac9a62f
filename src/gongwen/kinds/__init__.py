"""The document kinds, one module each, in the order of ``gongwen list`` and of a build."""

from __future__ import annotations

from collections.abc import Callable

from gongwen.kinds import (
    application,
    cover_letter,
    material_list,
    notice,
    scheme,
    summary,
    village_archive,
    work_plan,
)
from gongwen.kinds.fields import KindFields
from gongwen.kinds.registry import DocumentKind, Output

__all__ = ["KINDS", "TEMPLATE_DRAWERS", "DocumentKind", "Output", "kind", "kind_fields"]

# 工作计划, 实施方案, 领导小组通知, 阶段总结, 评定申报表, 村社区档案.
KINDS: tuple[DocumentKind, ...] = (
    work_plan.WORK_PLAN,
    scheme.SCHEME,
    notice.NOTICE,
    summary.PHASE_SUMMARY,
    application.APPLICATION,
    village_archive.VILLAGE_ARCHIVE,
)

# template file name -> the function drawing it (scripts/make_templates.py), the package's
# 报送函 and 材料清单 included.
TEMPLATE_DRAWERS: dict[str, Callable] = {
    module.TEMPLATE: module.draw_template
    for module in (
        work_plan,
        scheme,
        notice,
        summary,
        application,
        village_archive,
        cover_letter,
        material_list,
    )
}


def kind(name: str) -> DocumentKind:
    """The kind called ``name`` (工作计划, 实施方案, …)."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)


def kind_fields(name: str) -> KindFields:
    """The field contract of the kind called ``name``."""
    return kind(name).contract
