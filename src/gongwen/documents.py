"""The kinds of document gongwen produces: template, the data each needs, and what it writes.

A kind writes one document (the default) or one per record (``per_record``), and may add
extra files (``extras``, e.g. a summary workbook). ``gongwen.build`` renders every kind the
same way; adding a kind means adding a ``DocumentKind`` to ``KINDS`` and its template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gongwen.model import Campaign
from gongwen.notice import REQUIRED_ITEMS as NOTICE_ITEMS
from gongwen.schema import BASIC_INFO
from gongwen.schema import sheet as schema_sheet


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
    # (campaign) -> {relative path: bytes} of files written beside the documents, at the
    # relative paths ``extra_paths`` names (known before they are made)
    extras: Callable[[Campaign], dict[str, bytes]] | None = None
    extra_paths: tuple[str, ...] = ()
    # one document per row of a sheet, differing only in that row's values (a batch)
    batch: bool = False
    # optional 基本信息 items this kind needs (the notice's 发文顺序号, say)
    items: tuple[str, ...] = ()

    def missing_sheets(self, campaign: Campaign) -> list[str]:
        """The optional sheets this kind needs that the workbook lacks or left empty."""
        return [s for s in self.sheets if not schema_sheet(s).required and s not in campaign.sheets]

    def missing_items(self, campaign: Campaign) -> list[str]:
        """The items of ``items`` that the workbook's 基本信息 leaves empty."""
        info = campaign.info
        return [i for i in self.items if not getattr(info, BASIC_INFO.column(i).key, None)]

    def documents(self, campaign: Campaign, context: dict) -> list[Output]:
        return self.outputs(self, campaign, context)


WORK_PLAN = DocumentKind(
    name="工作计划",
    template="工作计划.docx",
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段"),
    title=lambda c: f"{c.info.unit}创建安全社区工作计划",
    description="创建安全社区工作计划：指导思想、概念和依据、工作目标、实施步骤、组织领导",
)

SCHEME = DocumentKind(
    name="实施方案",
    template="实施方案.docx",
    sheets=("基本信息", "依据文件", "领导小组", "工作阶段", "村社区", "任务分工"),
    title=lambda c: f"{c.info.unit}创建安全社区实施方案",
    description="创建安全社区实施方案：指导思想、工作目标、组织机构、实施步骤、任务分工、"
    "工作要求、保障措施",
)


NOTICE = DocumentKind(
    name="领导小组通知",
    template="领导小组通知.docx",
    sheets=("基本信息", "领导小组"),
    title=lambda c: f"{c.info.issuer}关于成立创建安全社区工作领导小组的通知",
    description="成立创建安全社区工作领导小组的通知（含版头、版记）：组长、副组长、成员及职务，"
    "领导小组办公室，工作职责",
    items=tuple(NOTICE_ITEMS),
)


def _summary_title(campaign: Campaign, phase: str) -> str:
    return f"{campaign.info.unit}安全社区创建{phase}工作总结"


def _summary_outputs(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    from gongwen.context import summary_context

    outputs = []
    for s in campaign.phase_summaries:
        title = _summary_title(campaign, s.phase)
        outputs.append(
            Output(
                title,
                f"{title}.docx",
                {**context, "summary": summary_context(campaign, s)},
                where=f"阶段总结!A{s.row}" if s.row else "",
            )
        )
    return outputs


PHASE_SUMMARY = DocumentKind(
    name="阶段总结",
    template="阶段总结.docx",
    sheets=("基本信息", "工作阶段", "村社区", "阶段总结"),
    title=lambda c: _summary_title(c, "各阶段"),
    description="每个阶段一份工作总结：完成情况、主要数据（含各村社区隐患排查整改表）、"
    "存在问题、下步打算",
    outputs=_summary_outputs,
)

APPLICATION = DocumentKind(
    name="评定申报表",
    template="评定申报表.docx",
    sheets=("基本信息", "村社区", "自评"),
    title=lambda c: f"{c.info.unit}安全社区评定申报表",
    description="安全社区评定申报表（表格）：申报单位基本情况、12项要素自评分、总分和结论、签章",
)


def _village_outputs(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    from gongwen.village_archive import archive_outputs

    return archive_outputs(kind, campaign, context)


SUMMARY_PATH = "村社区档案/村社区汇总表.xlsx"


def _village_summary(campaign: Campaign) -> dict[str, bytes]:
    from gongwen.village_archive import summary_files

    return summary_files(campaign)


VILLAGE_ARCHIVE = DocumentKind(
    name="村社区档案",
    template="村社区档案.docx",
    sheets=("基本信息", "村社区"),
    title=lambda c: f"{c.info.unit}村（社区）安全基本情况档案",
    description="每个村（社区）一份安全基本情况档案（表格），另附村社区汇总表.xlsx",
    outputs=_village_outputs,
    extras=_village_summary,
    extra_paths=(SUMMARY_PATH,),
    batch=True,
)

# The order of `gongwen list` and of a build: 工作计划, 实施方案, 领导小组通知, 阶段总结,
# 评定申报表, 村社区档案.
KINDS: tuple[DocumentKind, ...] = (
    WORK_PLAN,
    SCHEME,
    NOTICE,
    PHASE_SUMMARY,
    APPLICATION,
    VILLAGE_ARCHIVE,
)


def kind(name: str) -> DocumentKind:
    """The kind called ``name`` (工作计划, 实施方案, …)."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)
