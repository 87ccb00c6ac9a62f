"""What a document kind declares: its template, the data it needs, and the documents it writes.

A kind writes one document (the default) or one per record (``outputs``), and may add
extra files (``extras``, e.g. a summary workbook). ``gongwen.build`` renders every kind the
same way; each kind's module in ``gongwen.kinds`` holds its ``DocumentKind``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gongwen.kinds.fields import CAMPAIGN_FIELDS, Field, KindFields
from gongwen.names import file_name
from gongwen.workbook.model import Campaign
from gongwen.workbook.schema import BASIC_INFO
from gongwen.workbook.schema import sheet as schema_sheet


@dataclass(frozen=True)
class Output:
    """One document a kind writes: its title, its path under the unit's folder, its values."""

    title: str
    relpath: str  # relative to OUTDIR/<单位名称>/, with .docx
    context: dict
    where: str = ""  # the workbook row it came from, for messages (村社区!A5)


def _single(kind: DocumentKind, campaign: Campaign, context: dict) -> list[Output]:
    title = kind.title(campaign)
    return [Output(title, file_name(title, ".docx"), context)]


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
    # the fields its template may use (gongwen.kinds.fields): the values its documents get
    fields: tuple[Field, ...] = CAMPAIGN_FIELDS
    # Chinese aliases refused for this kind, with the reason (two of its fields would fit)
    ambiguous_aliases: tuple[tuple[str, str], ...] = ()
    # it has a 版记, placed on the last even page from a LibreOffice layout (closing_page)
    closing_block: bool = False

    @property
    def contract(self) -> KindFields:
        """The field contract of this kind: what ``gongwen fields`` lists for it."""
        return KindFields(self.name, self.fields, self.ambiguous_aliases)

    def missing_sheets(self, campaign: Campaign) -> list[str]:
        """The optional sheets this kind needs that the workbook lacks or left empty."""
        return [s for s in self.sheets if not schema_sheet(s).required and s not in campaign.sheets]

    def missing_items(self, campaign: Campaign) -> list[str]:
        """The items of ``items`` that the workbook's 基本信息 leaves empty."""
        info = campaign.info
        return [i for i in self.items if not getattr(info, BASIC_INFO.column(i).key, None)]

    def documents(self, campaign: Campaign, context: dict) -> list[Output]:
        return self.outputs(self, campaign, context)
