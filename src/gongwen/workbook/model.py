"""The campaign's facts as read from the workbook: plain, immutable records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongwen.workbook.dates import format_date


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
    apply_date: dt.date | None = None  # 申报日期 of the 评定申报表
    addressee: str = ""  # 主送机关 of the 领导小组通知
    printer: str = ""  # 印发机关 of its 版记
    print_date: dt.date | None = None  # 印发日期 of its 版记
    fonts_set: str = (
        ""  # 字体方案: Windows or GB2312 (gongwen.formatting.font_sets); empty: the default
    )
    full_score: float | None = None  # 总分: what the 自评 分值 add up to (100 when empty)
    unit_type: str = ""  # 单位类型: 镇, 街道 or 乡; empty: from the unit's name


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
    hazards_found: int  # to date: typed, or summed over 村社区阶段数据
    hazards_fixed: int
    emergency_team: int
    key_places: str = ""
    hazard_sources: str = ""
    vulnerable_groups: str = ""
    fire_equipment: str = ""
    training: str = ""
    row: int = 0  # the worksheet row it came from, for messages
    where: str = ""  # the cell of its 名称 (村社区!A5), for messages


@dataclass(frozen=True)
class Task:
    """A row of 任务分工: who leads one element of AQ/T 9001."""

    number: int  # 要素序号, 1-12
    element: str  # 要素
    lead: str  # 牵头单位
    person: str  # 责任人
    work: str = ""  # 工作内容


@dataclass(frozen=True)
class PhaseSummary:
    """A row of 阶段总结. Empty hazard totals are None until computed from 村社区."""

    phase: str  # 阶段, a 工作阶段 name
    done: str  # 完成情况
    problems: str  # 存在问题
    next_steps: str  # 下步打算
    trained: int  # 培训人次
    drills: int  # 演练次数
    publicity: int  # 宣传场次
    hazards_found: int | None = None  # 排查隐患数, cumulative to the phase's end
    hazards_fixed: int | None = None  # 整改数, cumulative to the phase's end
    date: dt.date | None = None  # 成文日期; the phase's end date when empty
    row: int = 0
    # this phase's own figures (from 村社区阶段数据); None when the workbook has none
    phase_found: int | None = None
    phase_fixed: int | None = None
    # each village's (name, found, fixed) cumulative to the phase's end; () when not known
    villages: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class VillagePhase:
    """A row of 村社区阶段数据: one village's hazards found and fixed within one phase."""

    village: str  # 村社区, a 村社区 name
    phase: str  # 阶段, a 工作阶段 name
    hazards_found: int  # 排查隐患数 within the phase
    hazards_fixed: int  # 已整改数 within the phase


@dataclass(frozen=True)
class Score:
    """A row of 自评: one element's full marks and the self-evaluation score."""

    number: int  # 要素序号
    element: str  # 要素
    full: float  # 分值
    score: float  # 自评分


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
    tasks: tuple[Task, ...] = ()  # 任务分工, by 要素序号
    phase_summaries: tuple[PhaseSummary, ...] = ()  # 阶段总结
    self_evaluation: tuple[Score, ...] = ()  # 自评, by 要素序号
    village_phases: tuple[VillagePhase, ...] = ()  # 村社区阶段数据
    # What the reader read but did not use (unknown sheets, columns, items, example rows)
    # and dates that real campaigns may legitimately set so: reported as warnings.
    warnings: tuple = ()
    # Names of the workbook's sheets that are present and hold data (optional sheets are
    # absent from older workbooks).
    sheets: frozenset[str] = frozenset()
    # Every text cell of the workbook as (sheet!cell, text), for the checks of a build.
    texts: tuple[tuple[str, str], ...] = ()

    def members(self, role: str) -> list[Member]:
        """Members with one 小组职务, in their 排序 order."""
        return sorted((m for m in self.leading_group if m.role == role), key=lambda m: m.order)

    def basis_by_title(self) -> dict[str, BasisDocument]:
        return {d.title: d for d in self.basis_documents}

    def phase(self, name: str) -> Phase | None:
        """The 工作阶段 called ``name``."""
        return next((p for p in self.phases if p.name == name), None)
