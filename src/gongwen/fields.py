"""The field contract: every value a template may use, declared once with its meaning, type,
example and the workbook sheet and item it comes from.

A field is one ``Field``; a list or group of values lists its members in ``parts``. Each kind
of document receives a set of fields (``KIND_FIELDS``); a test compares the values each kind
really receives with its declaration, so adding a value means adding one ``Field`` here.
Chinese aliases (``{{ 联系人 }}``) are declared on the field itself.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT, INTEGER, NUMBER, DATE = "文本", "整数", "数字", "日期"
LIST, GROUP, PARAGRAPHS = "列表", "组", "段落列表"


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


def _f(name, meaning, type_, example, source, alias="", parts=()) -> Field:
    return Field(name, meaning, type_, str(example), source, alias, tuple(parts))


_INFO = "基本信息"

UNIT = _f("unit", "单位名称（镇、街道）", TEXT, "静观镇", f"{_INFO}!单位名称", "单位名称")
PARENT_UNIT = _f("parent_unit", "上级单位（区县）", TEXT, "北碚区", f"{_INFO}!上级单位", "上级单位")
ISSUER = _f("issuer", "发文机关全称", TEXT, "静观镇人民政府", f"{_INFO}!发文机关", "发文机关")
YEAR = _f("year", "创建年度", INTEGER, 2024, f"{_INFO}!年度", "年度")
DATE_FIELD = _f("date", "成文日期", DATE, "2024年3月15日", f"{_INFO}!成文日期", "成文日期")

_MEMBER = (
    _f("name", "姓名", TEXT, "田河堰", "领导小组!姓名"),
    _f("position", "职务", TEXT, "镇党委副书记、镇长", "领导小组!职务"),
)

CAMPAIGN_FIELDS: tuple[Field, ...] = (
    UNIT,
    PARENT_UNIT,
    _f("parent_short", "上级单位简称（去掉区、县、市）", TEXT, "北碚", f"{_INFO}!上级单位"),
    _f("self_ref", "本单位自称", TEXT, "我镇", f"{_INFO}!单位名称（我镇、我街道）"),
    ISSUER,
    _f("issuer_code", "机关代字", TEXT, "静府发", f"{_INFO}!机关代字", "机关代字"),
    YEAR,
    DATE_FIELD,
    _f(
        "office_at",
        "领导小组办公室所在部门",
        TEXT,
        "镇综治办",
        f"{_INFO}!领导小组办公室设在",
        "领导小组办公室设在",
    ),
    _f("office_director", "领导小组办公室主任", TEXT, "王强", f"{_INFO}!办公室主任", "办公室主任"),
    _f("pass_score", "评定合格分", NUMBER, 70, f"{_INFO}!评定合格分", "评定合格分"),
    _f("standard_score", "评定达标分", NUMBER, 90, f"{_INFO}!评定达标分", "评定达标分"),
    _f("contact", "联系人", TEXT, "王强", f"{_INFO}!联系人", "联系人"),
    _f("phone", "联系电话", TEXT, "023-68221536", f"{_INFO}!联系电话", "联系电话"),
    _f(
        "doc_number",
        "领导小组通知的发文字号（未填发文顺序号时为空）",
        TEXT,
        "静府发〔2024〕12号",
        f"{_INFO}!机关代字、年度、发文顺序号",
        "发文字号",
    ),
    _f("copy_to", "抄送机关", TEXT, "北碚区应急管理局", f"{_INFO}!抄送", "抄送"),
    _f(
        "addressee",
        "主送机关（不含冒号）",
        TEXT,
        "各村（社区）、镇属各单位",
        f"{_INFO}!主送机关",
        "主送机关",
    ),
    _f(
        "printer",
        "印发机关（未填时为发文机关）",
        TEXT,
        "静观镇党政办公室",
        f"{_INFO}!印发机关",
        "印发机关",
    ),
    _f(
        "print_date",
        "印发日期（未填时为成文日期）",
        DATE,
        "2024年3月15日",
        f"{_INFO}!印发日期",
        "印发日期",
    ),
    _f(
        "basis",
        "现行的依据文件，每份一项",
        LIST,
        "",
        "依据文件（状态为现行的行）",
        parts=(
            _f("title", "标题（不含书名号）", TEXT, "中华人民共和国安全生产法", "依据文件!标题"),
            _f(
                "doc_number",
                "发文字号（法律法规为空）",
                TEXT,
                "渝安办发〔2023〕5号",
                "依据文件!发文字号",
            ),
            _f(
                "citation",
                "规范引文：《标题》（发文字号）",
                TEXT,
                "《中华人民共和国安全生产法》",
                "依据文件!标题、发文字号",
            ),
            _f("issuer", "发文机关", TEXT, "全国人民代表大会常务委员会", "依据文件!发文机关"),
            _f("date", "发布日期", DATE, "2021年6月10日", "依据文件!发布日期"),
        ),
    ),
    _f("leaders", "领导小组组长，按排序", LIST, "", "领导小组（小组职务为组长）", parts=_MEMBER),
    _f(
        "deputies",
        "领导小组副组长，按排序",
        LIST,
        "",
        "领导小组（小组职务为副组长）",
        parts=_MEMBER,
    ),
    _f("members", "领导小组成员，按排序", LIST, "", "领导小组（小组职务为成员）", parts=_MEMBER),
    _f(
        "phases",
        "工作阶段，按时间先后",
        LIST,
        "",
        "工作阶段",
        parts=(
            _f("name", "阶段名称", TEXT, "启动阶段", "工作阶段!阶段"),
            _f("start", "开始日期", DATE, "2024年3月1日", "工作阶段!开始日期"),
            _f("end", "结束日期", DATE, "2024年4月30日", "工作阶段!结束日期"),
            _f(
                "period",
                "起止时间",
                TEXT,
                "2024年3月1日至2024年4月30日",
                "工作阶段!开始日期、结束日期",
            ),
            _f("tasks", "主要任务", TEXT, "组成创建工作领导小组……", "工作阶段!主要任务"),
        ),
    ),
)


def _village_parts(archive: bool) -> tuple[Field, ...]:
    """A 村社区 row's values; in an archive an empty optional fact reads 无 and 整改率 is added."""
    empty = "，未填时为“无”" if archive else "，可为空"
    parts = [
        _f("name", "名称", TEXT, "静观场社区", "村社区!名称"),
        _f("kind", "类型（村或社区）", TEXT, "社区", "村社区!类型"),
        _f("households", "户数", INTEGER, 2140, "村社区!户数"),
        _f("population", "人口", INTEGER, 5870, "村社区!人口"),
        _f("area", "面积（平方公里）", NUMBER, 2.6, "村社区!面积"),
        _f("contact", "联系人", TEXT, "陈晓燕", "村社区!联系人"),
        _f("phone", "联系电话", TEXT, "13983012001", "村社区!联系电话"),
        _f("key_places", "重点场所" + empty, TEXT, "静观中心小学、农贸市场", "村社区!重点场所"),
        _f("hazard_sources", "危险源" + empty, TEXT, "加油站1处", "村社区!危险源"),
        _f("hazards_found", "隐患数", INTEGER, 18, "村社区!隐患数"),
        _f("hazards_fixed", "已整改数", INTEGER, 17, "村社区!已整改数"),
        _f("emergency_team", "应急队伍人数", INTEGER, 20, "村社区!应急队伍人数"),
        _f("vulnerable_groups", "弱势群体" + empty, TEXT, "独居老人46人", "村社区!弱势群体"),
        _f("fire_equipment", "消防设施" + empty, TEXT, "灭火器160具", "村社区!消防设施"),
        _f("training", "培训演练" + empty, TEXT, "消防演练3次", "村社区!培训演练"),
    ]
    if archive:
        parts.insert(11, _f("rate", "整改率", TEXT, "94.4%", "村社区!隐患数、已整改数"))
    return tuple(parts)


_ELEMENT_NUMBER = "要素序号"

CAMPAIGN_FIELDS += (
    _f("villages", "村（社区），按行的顺序", LIST, "", "村社区", parts=_village_parts(False)),
    _f(
        "village_totals",
        "各村（社区）合计",
        GROUP,
        "",
        "村社区（合计）",
        parts=(
            _f("households", "总户数", INTEGER, 9000, "村社区!户数"),
            _f("population", "总人口", INTEGER, 26250, "村社区!人口"),
            _f("area", "总面积（平方公里）", NUMBER, 63.3, "村社区!面积"),
            _f("count", "村（社区）个数", INTEGER, 8, "村社区"),
            _f("villages", "村的个数", INTEGER, 7, "村社区!类型"),
            _f("communities", "社区的个数", INTEGER, 1, "村社区!类型"),
            _f("count_text", "个数的文字", TEXT, "8个（村7个、社区1个）", "村社区!类型"),
        ),
    ),
    _f(
        "tasks",
        "任务分工，每个要素一项，按要素序号",
        LIST,
        "",
        "任务分工",
        parts=(
            _f("number", _ELEMENT_NUMBER, INTEGER, 1, f"任务分工!{_ELEMENT_NUMBER}"),
            _f("element", "要素", TEXT, "创建机构与职责", "任务分工!要素"),
            _f("lead", "牵头单位", TEXT, "镇综治办", "任务分工!牵头单位"),
            _f("person", "责任人", TEXT, "王强", "任务分工!责任人"),
            _f("work", "工作内容", TEXT, "成立创建工作领导小组……", "任务分工!工作内容"),
        ),
    ),
    _f(
        "hazards",
        "隐患排查整改情况",
        GROUP,
        "",
        "村社区!隐患数、已整改数",
        parts=(
            _f(
                "rows",
                "每个村（社区）一行",
                LIST,
                "",
                "村社区",
                parts=(
                    _f("name", "名称", TEXT, "静观场社区", "村社区!名称"),
                    _f("found", "隐患数", INTEGER, 18, "村社区!隐患数"),
                    _f("fixed", "已整改数", INTEGER, 17, "村社区!已整改数"),
                    _f("rate", "整改率", TEXT, "94.4%", "村社区!隐患数、已整改数"),
                ),
            ),
            _f("found", "隐患数合计", INTEGER, 89, "村社区!隐患数"),
            _f("fixed", "已整改数合计", INTEGER, 83, "村社区!已整改数"),
            _f("rate", "总整改率", TEXT, "93.3%", "村社区!隐患数、已整改数"),
        ),
    ),
    _f(
        "evaluation",
        "自评情况",
        GROUP,
        "",
        "自评",
        parts=(
            _f(
                "scores",
                "每个要素一项，按要素序号",
                LIST,
                "",
                "自评",
                parts=(
                    _f("number", _ELEMENT_NUMBER, INTEGER, 1, f"自评!{_ELEMENT_NUMBER}"),
                    _f("element", "要素", TEXT, "创建机构与职责", "自评!要素"),
                    _f("full", "分值", NUMBER, 8, "自评!分值"),
                    _f("score", "自评分", NUMBER, 7.5, "自评!自评分"),
                ),
            ),
            _f("full_total", "分值合计", NUMBER, 100, "自评!分值"),
            _f("score_total", "自评总分", NUMBER, 91.5, "自评!自评分"),
            _f(
                "verdict",
                "结论（达标、合格或不合格）",
                TEXT,
                "达标",
                f"自评!自评分；{_INFO}!评定合格分、评定达标分",
            ),
            _f(
                "verdict_text",
                "结论的文字",
                TEXT,
                "自评总分91.5分，达到市级安全社区标准（90分以上）",
                f"自评!自评分；{_INFO}!评定合格分、评定达标分",
            ),
            _f(
                "apply_date",
                "申报日期（未填时留出手写位置）",
                DATE,
                "2024年12月10日",
                f"{_INFO}!申报日期",
                "申报日期",
            ),
            _f(
                "blank_date",
                "留作手写的日期“年　　月　　日”",
                TEXT,
                "年　　月　　日",
                "（固定文字）",
            ),
        ),
    ),
)

SUMMARY = _f(
    "summary",
    "本份阶段总结的阶段",
    GROUP,
    "",
    "阶段总结（每行一份）",
    parts=(
        _f("phase", "阶段名称", TEXT, "启动阶段", "阶段总结!阶段"),
        _f(
            "period", "起止时间", TEXT, "2024年3月1日至2024年4月30日", "工作阶段!开始日期、结束日期"
        ),
        _f("start", "开始日期", DATE, "2024年3月1日", "工作阶段!开始日期"),
        _f("end", "结束日期", DATE, "2024年4月30日", "工作阶段!结束日期"),
        _f(
            "done",
            "完成情况，每行一段",
            PARAGRAPHS,
            "召开安全社区创建工作动员大会……",
            "阶段总结!完成情况",
        ),
        _f("problems", "存在问题，每行一段", PARAGRAPHS, "部分村（社区）……", "阶段总结!存在问题"),
        _f("next_steps", "下步打算，每行一段", PARAGRAPHS, "按照实施方案……", "阶段总结!下步打算"),
        _f("hazards_found", "排查隐患数", INTEGER, 89, "阶段总结!排查隐患数（空时为村社区合计）"),
        _f("hazards_fixed", "整改数", INTEGER, 83, "阶段总结!整改数（空时为村社区合计）"),
        _f("rate", "整改率", TEXT, "93.3%", "阶段总结!排查隐患数、整改数"),
        _f("trained", "培训人次", INTEGER, 320, "阶段总结!培训人次"),
        _f("drills", "演练次数", INTEGER, 4, "阶段总结!演练次数"),
        _f("publicity", "宣传场次", INTEGER, 10, "阶段总结!宣传场次"),
        _f(
            "date",
            "本份总结的成文日期（未填时为阶段结束日期）",
            DATE,
            "2024年4月30日",
            "阶段总结!成文日期",
        ),
    ),
)

VILLAGE = _f(
    "village", "本份档案的村（社区）", GROUP, "", "村社区（每行一份）", parts=_village_parts(True)
)


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


KIND_FIELDS: dict[str, KindFields] = {
    name: KindFields(name, CAMPAIGN_FIELDS) for name in ("工作计划", "实施方案", "领导小组通知")
}
KIND_FIELDS["阶段总结"] = KindFields(
    "阶段总结",
    (*CAMPAIGN_FIELDS, SUMMARY),
    ambiguous=(("成文日期", "本份总结的成文日期是 summary.date，发文的成文日期是 date"),),
)
KIND_FIELDS["评定申报表"] = KindFields("评定申报表", CAMPAIGN_FIELDS)
KIND_FIELDS["村社区档案"] = KindFields(
    "村社区档案", (UNIT, PARENT_UNIT, ISSUER, YEAR, DATE_FIELD, VILLAGE)
)


def kind_fields(kind: str) -> KindFields:
    """The field contract of the kind called ``kind``."""
    return KIND_FIELDS[kind]


def with_aliases(kind: str, context: dict) -> dict:
    """``context`` with the kind's Chinese aliases added (``联系人`` beside ``contact``)."""
    aliases = KIND_FIELDS[kind].aliases
    return {
        **context,
        **{alias: context[name] for alias, name in aliases.items() if name in context},
    }
