"""The kinds of document gongwen produces: template, the data each needs, and what it writes.

A kind writes one document (the default) or one per record (``per_record``), and may add
extra files (``extras``, e.g. a summary workbook). ``gongwen.build`` renders every kind the
same way; adding a kind means adding a ``DocumentKind`` to ``KINDS`` and its template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gongwen.model import Campaign


@dataclass(frozen=True)
class Output:
    """One document a kind writes: its title, its path under the unit's folder, its values."""

    title: str
    relpath: str  # relative to OUTDIR/<单位名称>/, with .docx
    context: dict
    where: str = ""  # the workbook row it came from, for messages (村社区!A5)


def _single(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    title = kind.title(campaign)
    return [Output(title, f"{title}.docx", context)]


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document, made from one template."""

    name: str  # 工作计划
    template: str  # file name in the templates folder
    sheets: tuple[str, ...]  # workbook sheets it needs
    title: Callable[[Campaign], str]
    description: str = ""
    # (kind, campaign, context) -> the documents to write; default: one, named by its title
    outputs: Callable[..., list[Output]] = field(default=_single)
    # (campaign) -> {relative path: bytes} of files written beside the documents
    extras: Callable[[Campaign], dict[str, bytes]] | None = None

    def documents(self, campaign: Campaign, context: dict) -> list[Output]:
        return self.outputs(self, campaign, context)


WORK_PLAN = DocumentKind(
    name="工作计划",
    template="工作计划.docx",
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段"),
    title=lambda c: f"{c.info.unit}创建安全社区工作计划",
    description="创建安全社区工作计划：指导思想、概念和依据、工作目标、实施步骤、组织领导",
)

KINDS: tuple[DocumentKind, ...] = (WORK_PLAN,)


def kind(name: str) -> DocumentKind:
    """The kind called ``name`` (工作计划, 实施方案, …)."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)
