"""The field contract: every value a template may use, declared once with its meaning, type,
example and the workbook sheet and item it comes from.

A field is one ``Field``; a list or group of values lists its members in ``parts``. Here are
the campaign's fields (``gongwen.kinds.context``); a kind's own fields (``summary``,
``village``) are declared in its module, and each ``DocumentKind`` names the fields it
receives. A test compares the values each kind really receives with its declaration, so
adding a value means adding one ``Field``. Chinese aliases (``{{ 联系人 }}``) are declared on
the field itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongwen.charts.fields import FIELDS as FIGURES

TEXT, INTEGER, NUMBER, DATE = "文本", "整数", "数字", "日期"
LIST, GROUP, PARAGRAPHS = "列表", "组", "段落列表"
PICTURE = "图"


@dataclass(frozen=True)
class Field:
    """One value a template may use: ``{{ unit }}``, or a list / group with ``parts``."""

    name: str
    meaning: str
    type: str
    example: str
    source: str
    alias: str = ""  # the Chinese name a secretary may type instead: {{ 单位名称 }}
    parts: tuple[Field, ...] = ()

    def part(self, name: str) -> Field | None:
        return next((p for p in self.parts if p.name == name), None)


def field(name, meaning, type_, example, source, alias="", parts=()) -> Field:
    """A ``Field``; ``example`` may be a number (shown as written)."""
    return Field(name, meaning, type_, str(example), source, alias, tuple(parts))


_INFO = "基本信息"

UNIT = field("unit", "单位名称（镇、街道）", TEXT, "静观镇", f"{_INFO}!单位名称", "单位名称")
PARENT_UNIT = field(
    "parent_unit", "上级单位（区县）", TEXT, "北碚区", f"{_INFO}!上级单位", "上级单位"
)
ISSUER = field("issuer", "发文机关全称", TEXT, "静观镇人民政府", f"{_INFO}!发文机关", "发文机关")
YEAR = field("year", "创建年度", INTEGER, 2024, f"{_INFO}!年度", "年度")
DATE_FIELD = field("date", "成文日期", DATE, "2024年3月15日", f"{_INFO}!成文日期", "成文日期")

_UNIT_TYPE = f"{_INFO}!单位类型（未填时看单位名称的末字）"
UNIT_LEVEL = field("unit_level", "单位类型：镇、街道或乡", TEXT, "镇", _UNIT_TYPE, "单位类型")

_MEMBER = (
    field("name", "姓名", TEXT, "田河堰", "领导小组!姓名"),
    field("position", "职务", TEXT, "镇党委副书记、镇长", "领导小组!职务"),
)

CAMPAIGN_FIELDS: tuple[Field, ...] = (
    UNIT,
    PARENT_UNIT,
    field("parent_short", "上级单位简称（去掉区、县、市）", TEXT, "北碚", f"{_INFO}!上级单位"),
    field("self_ref", "本单位自称（我镇、我街道、我乡）", TEXT, "我镇", _UNIT_TYPE),
    UNIT_LEVEL,
    field(
        "subordinate_units",
        "下属单位的统称（镇属各单位、街道各单位、乡属各单位）",
        TEXT,
        "镇属各单位",
        _UNIT_TYPE,
    ),
    field(
        "finance_office", "财政所（镇财政所、街道财政所、乡财政所）", TEXT, "镇财政所", _UNIT_TYPE
    ),
    ISSUER,
    field("issuer_code", "机关代字", TEXT, "静府发", f"{_INFO}!机关代字", "机关代字"),
    YEAR,
    DATE_FIELD,
    field(
        "office_at",
        "领导小组办公室所在部门",
        TEXT,
        "镇综治办",
        f"{_INFO}!领导小组办公室设在",
        "领导小组办公室设在",
    ),
    field(
        "office_director", "领导小组办公室主任", TEXT, "王强", f"{_INFO}!办公室主任", "办公室主任"
    ),
    field("pass_score", "评定合格分", NUMBER, 70, f"{_INFO}!评定合格分", "评定合格分"),
    field("standard_score", "评定达标分", NUMBER, 90, f"{_INFO}!评定达标分", "评定达标分"),
    field("contact", "联系人", TEXT, "王强", f"{_INFO}!联系人", "联系人"),
    field("phone", "联系电话", TEXT, "023-68221536", f"{_INFO}!联系电话", "联系电话"),
    field(
        "doc_number",
        "领导小组通知的发文字号（未填发文顺序号时为空）",
        TEXT,
        "静府发〔2024〕12号",
        f"{_INFO}!机关代字、年度、发文顺序号",
        "发文字号",
    ),
    field("copy_to", "抄送机关", TEXT, "北碚区应急管理局", f"{_INFO}!抄送", "抄送"),
    field(
        "addressee",
        "主送机关（不含冒号）",
        TEXT,
        "各村（社区）、镇属各单位",
        f"{_INFO}!主送机关",
        "主送机关",
    ),
    field(
        "printer",
        "印发机关（未填时为发文机关）",
        TEXT,
        "静观镇党政办公室",
        f"{_INFO}!印发机关",
        "印发机关",
    ),
    field(
        "print_date",
        "印发日期（未填时为成文日期）",
        DATE,
        "2024年3月15日",
        f"{_INFO}!印发日期",
        "印发日期",
    ),
    field(
        "basis",
        "现行的依据文件，每份一项",
        LIST,
        "",
        "依据文件（状态为现行的行）",
        parts=(
            field("title", "标题（不含书名号）", TEXT, "中华人民共和国安全生产法", "依据文件!标题"),
            field(
                "doc_number",
                "发文字号（法律法规为空）",
                TEXT,
                "渝安办发〔2023〕5号",
                "依据文件!发文字号",
            ),
            field(
                "citation",
                "规范引文：《标题》（发文字号）",
                TEXT,
                "《中华人民共和国安全生产法》",
                "依据文件!标题、发文字号",
            ),
            field("issuer", "发文机关", TEXT, "全国人民代表大会常务委员会", "依据文件!发文机关"),
            field("date", "发布日期", DATE, "2021年6月10日", "依据文件!发布日期"),
        ),
    ),
    field(
        "name_width",
        "名单中姓名所占的字数（最长的姓名，至少 3）",
        INTEGER,
        3,
        "领导小组!姓名",
    ),
    field("leaders", "领导小组组长，按排序", LIST, "", "领导小组（小组职务为组长）", parts=_MEMBER),
    field(
        "deputies",
        "领导小组副组长，按排序",
        LIST,
        "",
        "领导小组（小组职务为副组长）",
        parts=_MEMBER,
    ),
    field("members", "领导小组成员，按排序", LIST, "", "领导小组（小组职务为成员）", parts=_MEMBER),
    field(
        "phases",
        "工作阶段，按时间先后",
        LIST,
        "",
        "工作阶段",
        parts=(
            field("name", "阶段名称", TEXT, "启动阶段", "工作阶段!阶段"),
            field("start", "开始日期", DATE, "2024年3月1日", "工作阶段!开始日期"),
            field("end", "结束日期", DATE, "2024年4月30日", "工作阶段!结束日期"),
            field(
                "period",
                "起止时间",
                TEXT,
                "2024年3月1日至2024年4月30日",
                "工作阶段!开始日期、结束日期",
            ),
            field("tasks", "主要任务", TEXT, "组成创建工作领导小组……", "工作阶段!主要任务"),
        ),
    ),
)


def village_parts(archive: bool) -> tuple[Field, ...]:
    """A 村社区 row's values; in an archive an empty optional fact reads 无 and 整改率 is added."""
    empty = "，未填时为“无”" if archive else "，可为空"
    parts = [
        field("name", "名称", TEXT, "静观场社区", "村社区!名称"),
        field("kind", "类型（村或社区）", TEXT, "社区", "村社区!类型"),
        field("households", "户数", INTEGER, 2140, "村社区!户数"),
        field("population", "人口", INTEGER, 5870, "村社区!人口"),
        field("area", "面积（平方公里）", NUMBER, 2.6, "村社区!面积"),
        field("contact", "联系人", TEXT, "陈晓燕", "村社区!联系人"),
        field("phone", "联系电话", TEXT, "13983012001", "村社区!联系电话"),
        field("key_places", "重点场所" + empty, TEXT, "静观中心小学、农贸市场", "村社区!重点场所"),
        field("hazard_sources", "危险源" + empty, TEXT, "加油站1处", "村社区!危险源"),
        field("hazards_found", "隐患数", INTEGER, 18, "村社区!隐患数"),
        field("hazards_fixed", "已整改数", INTEGER, 17, "村社区!已整改数"),
        field("emergency_team", "应急队伍人数", INTEGER, 20, "村社区!应急队伍人数"),
        field("vulnerable_groups", "弱势群体" + empty, TEXT, "独居老人46人", "村社区!弱势群体"),
        field("fire_equipment", "消防设施" + empty, TEXT, "灭火器160具", "村社区!消防设施"),
        field("training", "培训演练" + empty, TEXT, "消防演练3次", "村社区!培训演练"),
    ]
    if archive:
        parts.insert(11, field("rate", "整改率", TEXT, "94.4%", "村社区!隐患数、已整改数"))
    return tuple(parts)


_ELEMENT_NUMBER = "要素序号"

CAMPAIGN_FIELDS += (
    field("villages", "村（社区），按行的顺序", LIST, "", "村社区", parts=village_parts(False)),
    field(
        "village_totals",
        "各村（社区）合计",
        GROUP,
        "",
        "村社区（合计）",
        parts=(
            field("households", "总户数", INTEGER, 9000, "村社区!户数"),
            field("population", "总人口", INTEGER, 26250, "村社区!人口"),
            field("area", "总面积（平方公里）", NUMBER, 63.3, "村社区!面积"),
            field("count", "村（社区）个数", INTEGER, 8, "村社区"),
            field("villages", "村的个数", INTEGER, 7, "村社区!类型"),
            field("communities", "社区的个数", INTEGER, 1, "村社区!类型"),
            field("count_text", "个数的文字", TEXT, "8个（村7个、社区1个）", "村社区!类型"),
        ),
    ),
    field(
        "tasks",
        "任务分工，每个要素一项，按要素序号",
        LIST,
        "",
        "任务分工",
        parts=(
            field("number", _ELEMENT_NUMBER, INTEGER, 1, f"任务分工!{_ELEMENT_NUMBER}"),
            field("element", "要素", TEXT, "创建机构与职责", "任务分工!要素"),
            field("lead", "牵头单位", TEXT, "镇综治办", "任务分工!牵头单位"),
            field("person", "责任人", TEXT, "王强", "任务分工!责任人"),
            field("work", "工作内容", TEXT, "成立创建工作领导小组……", "任务分工!工作内容"),
        ),
    ),
    field(
        "hazards",
        "隐患排查整改情况",
        GROUP,
        "",
        "村社区!隐患数、已整改数",
        parts=(
            field(
                "rows",
                "每个村（社区）一行",
                LIST,
                "",
                "村社区",
                parts=(
                    field("name", "名称", TEXT, "静观场社区", "村社区!名称"),
                    field("found", "隐患数", INTEGER, 18, "村社区!隐患数"),
                    field("fixed", "已整改数", INTEGER, 17, "村社区!已整改数"),
                    field("rate", "整改率", TEXT, "94.4%", "村社区!隐患数、已整改数"),
                ),
            ),
            field("found", "隐患数合计", INTEGER, 89, "村社区!隐患数"),
            field("fixed", "已整改数合计", INTEGER, 83, "村社区!已整改数"),
            field("rate", "总整改率", TEXT, "93.3%", "村社区!隐患数、已整改数"),
        ),
    ),
    field(
        "figures_date",
        "隐患数字截至的日期（有数据的最后一个阶段的结束日期；不知道时为空）",
        DATE,
        "2024年11月30日",
        "村社区阶段数据；工作阶段!结束日期",
    ),
    field(
        "submission_date",
        "报送日期（申报日期；未填时为所附公文中最晚的日期）",
        DATE,
        "2024年12月31日",
        f"{_INFO}!申报日期",
    ),
    field(
        "evaluation",
        "自评情况",
        GROUP,
        "",
        "自评",
        parts=(
            field(
                "scores",
                "每个要素一项，按要素序号",
                LIST,
                "",
                "自评",
                parts=(
                    field("number", _ELEMENT_NUMBER, INTEGER, 1, f"自评!{_ELEMENT_NUMBER}"),
                    field("element", "要素", TEXT, "创建机构与职责", "自评!要素"),
                    field("full", "分值", NUMBER, 8, "自评!分值"),
                    field("score", "自评分", NUMBER, 7.5, "自评!自评分"),
                ),
            ),
            field("full_total", "分值合计", NUMBER, 100, "自评!分值"),
            field("score_total", "自评总分", NUMBER, 91.5, "自评!自评分"),
            field(
                "verdict",
                "结论（达标、合格或不合格）",
                TEXT,
                "达标",
                f"自评!自评分；{_INFO}!评定合格分、评定达标分",
            ),
            field(
                "verdict_text",
                "结论的文字",
                TEXT,
                "自评总分91.5分，达到市级安全社区标准（90分以上）",
                f"自评!自评分；{_INFO}!评定合格分、评定达标分",
            ),
            field(
                "apply_date",
                "申报日期（未填时留出手写位置）",
                DATE,
                "2024年12月31日",
                f"{_INFO}!申报日期",
                "申报日期",
            ),
            field(
                "blank_date",
                "留作手写的日期“年　　月　　日”",
                TEXT,
                "年　　月　　日",
                "（固定文字）",
            ),
        ),
    ),
)


# The figures (gongwen.charts): empty, printing nothing, until a build draws those a template uses.
FIGURE_FIELDS: tuple[Field, ...] = tuple(
    field(
        f.field,
        f"图：{f.title}（画不出时为空，不显示）",
        PICTURE,
        "（图片）",
        f.source,
        f.alias,
    )
    for f in FIGURES
)
CAMPAIGN_FIELDS += FIGURE_FIELDS


@dataclass(frozen=True)
class KindFields:
    """The fields one kind of document receives, and aliases it does not accept."""

    kind: str
    fields: tuple[Field, ...]
    # alias -> why it is refused here (two fields of this kind would fit it)
    ambiguous: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def aliases(self) -> dict[str, str]:
        """Chinese alias -> field name, for the top-level fields of this kind."""
        refused = dict(self.ambiguous)
        return {f.alias: f.name for f in self.fields if f.alias and f.alias not in refused}


def with_aliases(contract: KindFields, context: dict) -> dict:
    """``context`` with the kind's Chinese aliases added (``联系人`` beside ``contact``)."""
    aliases = contract.aliases
    return {**context, **{alias: context[n] for alias, n in aliases.items() if n in context}}
