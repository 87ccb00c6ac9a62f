"""The kinds of document gongwen produces: template, the data each needs, and its title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongwen.model import Campaign


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document, made from one template."""

    name: str  # 工作计划
    template: str  # file name in the templates folder
    sheets: tuple[str, ...]  # workbook sheets it needs
    title: Callable[[Campaign], str]
    description: str = ""


WORK_PLAN = DocumentKind(
    name="工作计划",
    template="工作计划.docx",
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段"),
    title=lambda c: f"{c.info.unit}创建安全社区工作计划",
    description="创建安全社区工作计划：指导思想、概念和依据、工作目标、实施步骤、组织领导",
)

KINDS: tuple[DocumentKind, ...] = (WORK_PLAN,)


def kind(name: str) -> DocumentKind:
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)
