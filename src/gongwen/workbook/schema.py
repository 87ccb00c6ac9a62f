"""The campaign workbook's schema, defined once.

The reader (``gongwen.workbook.reader``) validates against it and ``gongwen init`` builds the blank
workbook from it. Sheets and headers are matched by their Chinese names; column order is free
and unknown columns are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """How a cell's value is read."""

    TEXT = "文本"
    INTEGER = "整数"
    NUMBER = "数字"
    DATE = "日期"


@dataclass(frozen=True)
class Column:
    """A column of a table sheet, or an item of the key/value sheet 基本信息."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    example: object = None
    key: str = ""  # English attribute name in the model

    @property
    def describe(self) -> str:
        """The comment shown on the header in a blank workbook."""
        parts = [self.help] if self.help else []
        if self.kind is Kind.DATE:
            parts.append("日期，如 2024年3月1日 或 2024-3-1")
        elif self.kind is Kind.INTEGER:
            parts.append("整数")
        elif self.kind is Kind.NUMBER:
            parts.append("数字")
        if self.choices:
            parts.append("可选：" + "、".join(self.choices))
        parts.append("必填" if self.required else "可不填")
        if self.example is not None:
            parts.append(f"示例：{self.example}")
        return "；".join(parts)


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook: a table with one header row, or the key/value sheet."""

    name: str
    columns: tuple[Column, ...]
    key_value: bool = False
    min_rows: int = 1
    help: str = ""
    required: bool = True
    # Columns ``gongwen init`` fills in (the elements' numbers and names): a row with nothing
    # else filled is not yet data and is skipped.
    prefilled: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# A table sheet may carry a column 备注 for the clerk's own notes; it is never read. Blank
# workbooks of earlier versions had an example row in each table sheet, marked 示例 in 备注:
# such a row is skipped with a warning when it still holds the shipped example, and is an
# error when it was typed over (see ``gongwen.workbook_skips``).
NOTE_COLUMN = "备注"
EXAMPLE_MARK = "示例"
# The sheet of ``gongwen init`` explaining every sheet and column, with examples: not read.
GUIDE_SHEET = "填写说明"

BASIC_INFO = Sheet(
    name="基本信息",
    key_value=True,
    help="两列：项目、内容。每行一个项目。",
    columns=(
        Column("单位名称", key="unit", example="静观镇", help="创建安全社区的镇（街道）"),
        Column("上级单位", key="parent_unit", example="北碚区", help="所属区县"),
        Column("发文机关", key="issuer", example="静观镇人民政府", help="署名用的机关全称"),
        Column("机关代字", key="issuer_code", example="静府发", help="发文字号中的机关代字"),
        Column("年度", kind=Kind.INTEGER, key="year", example=2024, help="创建年度"),
        Column("成文日期", kind=Kind.DATE, key="date", example="2024年3月1日"),
        Column(
            "领导小组办公室设在",
            key="office_at",
            example="镇综治办",
            help="领导小组办公室所在部门",
        ),
        Column("评定合格分", kind=Kind.NUMBER, key="pass_score", example=70),
        Column("评定达标分", kind=Kind.NUMBER, key="standard_score", example=90),
        Column("联系人", key="contact", example="李明"),
        Column("联系电话", key="phone", example="023-68220000"),
        Column(
            "发文顺序号",
            kind=Kind.INTEGER,
            required=False,
            key="doc_sequence",
            example=12,
            help="领导小组通知的发文顺序号（静府发〔2024〕N号 中的 N）",
        ),
        Column(
            "办公室主任",
            required=False,
            key="office_director",
            example="王强",
            help="兼任领导小组办公室主任的人",
        ),
        Column(
            "抄送",
            required=False,
            key="copy_to",
            example="区安委办，区应急局",
            help="抄送机关，用顿号或逗号分隔",
        ),
        Column(
            "主送机关",
            required=False,
            key="addressee",
            example="各村（社区）、镇属各单位",
            help="领导小组通知的主送机关（不含冒号）",
        ),
        Column(
            "印发机关",
            required=False,
            key="printer",
            example="静观镇党政办公室",
            help="领导小组通知版记中的印发机关；不填则用发文机关",
        ),
        Column(
            "印发日期",
            kind=Kind.DATE,
            required=False,
            key="print_date",
            example="2024年3月15日",
            help="领导小组通知版记中的印发日期；不填则用成文日期",
        ),
        Column(
            "总分",
            kind=Kind.NUMBER,
            required=False,
            key="full_score",
            example=100,
            help="评定标准的满分，自评各要素的分值合计应等于它；不填按 100 分",
        ),
        Column(
            "申报日期",
            kind=Kind.DATE,
            required=False,
            key="apply_date",
            example="2024年12月31日",
            help="评定申报表的申报日期，也是报送函和材料包的日期；不早于最后一个阶段的结束日期。"
            "留空则申报表上留出手写日期的位置，报送函用所附公文中最晚的日期",
        ),
        Column(
            "单位类型",
            required=False,
            choices=("镇", "街道", "乡"),
            key="unit_type",
            example="镇",
            help="公文中的称谓（我镇/我街道/我乡、镇属各单位……）由此而来；"
            "留空则按单位名称的末字判断",
        ),
        Column(
            "字体方案",
            required=False,
            key="fonts_set",
            choices=("Windows", "GB2312"),
            example="Windows",
            help="公文用的字体：Windows 为 Windows 自带的仿宋、楷体、黑体（标题用宋体加粗），"
            "GB2312 为仿宋_GB2312、楷体_GB2312、方正小标宋简体（须装有这些字体）；"
            "不填为 Windows，gongwen build --fonts-set 可临时改用另一种",
        ),
    ),
)

BASIS_DOCUMENTS = Sheet(
    name="依据文件",
    help="政策依据文件登记表：正文引用的每份文件都应在此登记。",
    columns=(
        Column(
            "标题", key="title", example="重庆市安全社区建设评定标准（试行）", help="不含书名号"
        ),
        Column(
            "发文字号",
            required=False,
            key="doc_number",
            example="渝安办发〔2023〕5号",
            help="法律法规可不填",
        ),
        Column("发文机关", key="issuer", example="重庆市安全生产委员会办公室"),
        Column("发布日期", kind=Kind.DATE, key="date", example="2023年2月10日"),
        Column("状态", choices=("现行", "废止"), key="status", example="现行"),
    ),
)

LEADING_GROUP = Sheet(
    name="领导小组",
    help="创建工作领导小组成员。",
    columns=(
        Column("姓名", key="name", example="田河堰"),
        Column("职务", key="position", example="镇党委书记"),
        Column("小组职务", choices=("组长", "副组长", "成员"), key="role", example="组长"),
        Column("排序", kind=Kind.INTEGER, key="order", example=1, help="同一小组职务内的先后"),
    ),
)

PHASES = Sheet(
    name="工作阶段",
    help="创建工作的各个阶段，按时间先后排列。",
    columns=(
        Column("阶段", key="name", example="启动阶段"),
        Column("开始日期", kind=Kind.DATE, key="start", example="2024年3月1日"),
        Column("结束日期", kind=Kind.DATE, key="end", example="2024年4月30日"),
        Column("主要任务", key="tasks", example="成立创建工作领导小组，开展摸底调查。"),
    ),
)

VILLAGES = Sheet(
    name="村社区",
    help="每个村（社区）一行，用于生成安全基本情况档案。",
    columns=(
        Column("名称", key="name", example="静观村"),
        Column("类型", choices=("村", "社区"), key="kind", example="村"),
        Column("户数", kind=Kind.INTEGER, key="households", example=1200),
        Column("人口", kind=Kind.INTEGER, key="population", example=3600),
        Column("面积", kind=Kind.NUMBER, key="area", example=8.5, help="平方公里"),
        Column("联系人", key="contact", example="张华"),
        Column("联系电话", key="phone", example="13800000000"),
        Column("重点场所", required=False, key="key_places", example="静观小学、农贸市场"),
        Column("危险源", required=False, key="hazard_sources", example="加油站1处"),
        Column(
            "隐患数",
            kind=Kind.INTEGER,
            required=False,
            key="hazards_found",
            example=12,
            help="排查出的安全隐患总数；按阶段填写了「村社区阶段数据」时可留空（由其合计）",
        ),
        Column(
            "已整改数",
            kind=Kind.INTEGER,
            required=False,
            key="hazards_fixed",
            example=10,
            help="已整改的隐患总数；按阶段填写了「村社区阶段数据」时可留空（由其合计）",
        ),
        Column("应急队伍人数", kind=Kind.INTEGER, key="emergency_team", example=15),
        Column(
            "弱势群体",
            required=False,
            key="vulnerable_groups",
            example="独居老人23人、留守儿童15人",
        ),
        Column("消防设施", required=False, key="fire_equipment", example="消防栓6个、灭火器40具"),
        Column("培训演练", required=False, key="training", example="消防演练2次，培训120人次"),
    ),
)

TASKS = Sheet(
    name="任务分工",
    required=False,
    min_rows=0,
    help="安全社区建设的要素，每项要素一行，写明牵头单位和责任人。用于实施方案。gongwen init 已按 "
    "AQ/T 9001 填好 12 项要素；本省标准的要素不同时，可增删、改名，须与「自评」所列一致。",
    prefilled=("要素序号", "要素"),
    columns=(
        Column(
            "要素序号",
            kind=Kind.INTEGER,
            key="number",
            example=1,
            help="从 1 起连续编号",
        ),
        Column("要素", key="element", example="创建机构与职责"),
        Column("牵头单位", key="lead", example="镇综治办"),
        Column("责任人", key="person", example="王强"),
        Column(
            "工作内容",
            required=False,
            key="work",
            example="成立创建工作领导小组，明确成员单位职责。",
        ),
    ),
)

PHASE_SUMMARIES = Sheet(
    name="阶段总结",
    required=False,
    min_rows=0,
    help="每个已完成阶段一行，用于生成该阶段的工作总结。",
    columns=(
        Column("阶段", key="phase", example="启动阶段", help="须与「工作阶段」中的阶段名称一致"),
        Column("完成情况", key="done", example="成立了创建工作领导小组，完成摸底调查。"),
        Column("存在问题", key="problems", example="部分村（社区）档案资料不够完整。"),
        Column("下步打算", key="next_steps", example="按实施方案推进安全促进项目。"),
        Column(
            "排查隐患数",
            kind=Kind.INTEGER,
            required=False,
            key="hazards_found",
            example=89,
            help="截至该阶段结束累计排查的隐患数；留空则由「村社区阶段数据」（或最后一个阶段由"
            "「村社区」各行隐患数）合计",
        ),
        Column(
            "整改数",
            kind=Kind.INTEGER,
            required=False,
            key="hazards_fixed",
            example=83,
            help="截至该阶段结束累计整改的隐患数；留空则由「村社区阶段数据」（或最后一个阶段由"
            "「村社区」各行已整改数）合计",
        ),
        Column("培训人次", kind=Kind.INTEGER, key="trained", example=560),
        Column("演练次数", kind=Kind.INTEGER, key="drills", example=6),
        Column("宣传场次", kind=Kind.INTEGER, key="publicity", example=12),
        Column(
            "成文日期",
            kind=Kind.DATE,
            required=False,
            key="date",
            example="2024年4月30日",
            help="不早于该阶段的结束日期；留空则用该阶段的结束日期",
        ),
    ),
)

SELF_EVALUATION = Sheet(
    name="自评",
    required=False,
    min_rows=0,
    help="对照评定标准逐项自评，每项要素一行，与「任务分工」所列要素一致。用于评定申报表。",
    prefilled=("要素序号", "要素"),
    columns=(
        Column("要素序号", kind=Kind.INTEGER, key="number", example=1, help="从 1 起连续编号"),
        Column("要素", key="element", example="创建机构与职责"),
        Column(
            "分值",
            kind=Kind.NUMBER,
            key="full",
            example=8,
            help="该要素的满分，各要素合计应等于基本信息中的「总分」（不填为 100 分）",
        ),
        Column("自评分", kind=Kind.NUMBER, key="score", example=7.5, help="不大于分值"),
    ),
)

VILLAGE_PHASES = Sheet(
    name="村社区阶段数据",
    required=False,
    min_rows=0,
    help="每个村（社区）每个阶段一行：该阶段内新排查出的隐患数和整改的隐患数（不是累计数）。"
    "阶段总结按阶段计算，村社区档案和汇总表按全部阶段合计。",
    columns=(
        Column("村社区", key="village", example="静观村", help="须与「村社区」中的名称一致"),
        Column("阶段", key="phase", example="启动阶段", help="须与「工作阶段」中的阶段名称一致"),
        Column("排查隐患数", Kind.INTEGER, key="hazards_found", example=7, help="本阶段新排查出的"),
        Column(
            "已整改数",
            Kind.INTEGER,
            key="hazards_fixed",
            example=5,
            help="本阶段整改的（可含以前的）",
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    BASIC_INFO,
    BASIS_DOCUMENTS,
    LEADING_GROUP,
    PHASES,
    VILLAGES,
    TASKS,
    PHASE_SUMMARIES,
    VILLAGE_PHASES,
    SELF_EVALUATION,
)


def sheet(name: str) -> Sheet:
    """The schema of the sheet called ``name``."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
