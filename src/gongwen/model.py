"""The campaign's facts as read from the workbook: plain, immutable records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongwen.dates import format_date


@dataclass(frozen=True)
class BasicInfo:
    """The sheet 基本信息."""

    unit: str  # 单位名称, e.g. 静观镇
    parent_unit: str  # 上级单位, e.g. 北碚区
    issuer: str  # 发文机关, e.g. 静观镇人民政府
    issuer_code: str  # 机关代字, e.g. 静府发
    year: int
    date: dt.date  # 成文日期
    office_at: str  # 领导小组办公室设在
    pass_score: float
    standard_score: float
    contact: str
    phone: str
    doc_sequence: int | None = None
    office_director: str = ""
    copy_to: str = ""


@dataclass(frozen=True)
class BasisDocument:
    """A row of 依据文件: a policy document the campaign's documents may cite."""

    title: str
    doc_number: str  # 发文字号; empty for laws and regulations
    issuer: str
    date: dt.date
    status: str  # 现行 or 废止

    @property
    def citation(self) -> str:
        """The document cited as 《标题》（发文字号）, or 《标题》 when it has no number."""
        if self.doc_number:
            return f"《{self.title}》（{self.doc_number}）"
        return f"《{self.title}》"

    @property
    def in_force(self) -> bool:
        return self.status == "现行"


@dataclass(frozen=True)
class Member:
    """A row of 领导小组."""

    name: str
    position: str  # 职务
    role: str  # 组长 / 副组长 / 成员
    order: int


@dataclass(frozen=True)
class Phase:
    """A row of 工作阶段."""

    name: str
    start: dt.date
    end: dt.date
    tasks: str

    @property
    def period(self) -> str:
        return f"{format_date(self.start)}至{format_date(self.end)}"


@dataclass(frozen=True)
class Village:
    """A row of 村社区."""

    name: str
    kind: str  # 村 or 社区
    households: int
    population: int
    area: float
    contact: str
    phone: str
    hazards_found: int
    hazards_fixed: int
    emergency_team: int
    key_places: str = ""
    hazard_sources: str = ""
    vulnerable_groups: str = ""
    fire_equipment: str = ""
    training: str = ""
    row: int = 0  # the worksheet row it came from, for messages


ROLES = ("组长", "副组长", "成员")


@dataclass(frozen=True)
class Campaign:
    """Everything one workbook says about one campaign."""

    info: BasicInfo
    basis_documents: tuple[BasisDocument, ...]
    leading_group: tuple[Member, ...]
    phases: tuple[Phase, ...]
    villages: tuple[Village, ...]
    source: str = ""
    extra: dict = field(default_factory=dict)  # sheets added by later document kinds

    def members(self, role: str) -> list[Member]:
        """Members with one 小组职务, in their 排序 order."""
        return sorted((m for m in self.leading_group if m.role == role), key=lambda m: m.order)

    def basis_by_title(self) -> dict[str, BasisDocument]:
        return {d.title: d for d in self.basis_documents}
