"""村社区档案: one 安全基本情况档案 per row of 村社区, each in a file named after the village.

File names come from the villages' names, made safe for Windows and Linux. Two rows whose
names give the same file (after sanitising, Unicode NFC and case folding) would overwrite one
another, so they are an error naming both rows, raised before anything is rendered.
"""

from __future__ import annotations

from gongwen.errors import Problem, WorkbookError
from gongwen.figures import rate
from gongwen.model import Campaign, Village
from gongwen.names import name_key, safe_filename
from gongwen.schema import VILLAGES

FOLDER = "村社区档案"  # under the unit's folder
SUMMARY_NAME = "村社区汇总表.xlsx"
NONE = "无"  # an optional fact left empty
# The unit's facts an archive shows besides the village's own.
UNIT_FACTS = ("unit", "parent_unit", "issuer", "year", "date")


def archive_title(village: Village) -> str:
    """静观村安全基本情况档案."""
    return f"{village.name}安全基本情况档案"


def village_values(village: Village) -> dict:
    """One village's facts as its archive shows them; empty optional facts read 无."""
    area = village.area
    return {
        "name": village.name,
        "kind": village.kind,
        "households": village.households,
        "population": village.population,
        "area": int(area) if float(area).is_integer() else area,
        "contact": village.contact,
        "phone": village.phone,
        "key_places": village.key_places or NONE,
        "hazard_sources": village.hazard_sources or NONE,
        "hazards_found": village.hazards_found,
        "hazards_fixed": village.hazards_fixed,
        "rate": rate(village.hazards_fixed, village.hazards_found),
        "emergency_team": village.emergency_team,
        "vulnerable_groups": village.vulnerable_groups or NONE,
        "fire_equipment": village.fire_equipment or NONE,
        "training": village.training or NONE,
    }


def _where(village: Village) -> str:
    return village.where or f"{VILLAGES.name}!{village.row}"


def file_names(campaign: Campaign) -> list[str]:
    """Each village's archive file name (without .docx), in row order.

    Raises WorkbookError when a name leaves nothing after sanitising, or when two rows give
    the same file name; every such row is named, and nothing has been written.
    """
    problems: list[Problem] = []
    names: list[str] = []
    first: dict[str, Village] = {}
    for village in campaign.villages:
        name = safe_filename(village.name)
        names.append(name)
        if not name:
            problems.append(
                Problem(
                    _where(village),
                    f"名称「{village.name}」去掉文件名中不能使用的字符后为空，无法用作档案文件名，"
                    "请改用汉字或字母数字的名称",
                )
            )
            continue
        key = name_key(name)
        if key in first:
            other = first[key]
            problems.append(
                Problem(
                    _where(village),
                    f"名称「{village.name}」与 {_where(other)} 的「{other.name}」"
                    f"生成相同的档案文件名「{name}.docx」，请修改其中一个名称以示区分",
                )
            )
        else:
            first[key] = village
    if problems:
        raise WorkbookError(
            campaign.source,
            problems,
            "档案按村（社区）名称命名，名称须能区分各行。请改正后重新运行。",
        )
    return names


def archive_outputs(kind, campaign: Campaign, context: dict) -> list:
    """One Output per village: ``村社区档案/<名称>.docx`` with the unit's and the village's facts."""
    from gongwen.documents import Output

    unit = {key: context[key] for key in UNIT_FACTS}
    return [
        Output(
            title=archive_title(village),
            relpath=f"{FOLDER}/{name}.docx",
            context={**unit, "village": village_values(village)},
            where=_where(village),
        )
        for village, name in zip(campaign.villages, file_names(campaign), strict=True)
    ]


def summary_files(campaign: Campaign) -> dict[str, bytes]:
    """The summary workbook of every village, beside the archives."""
    from gongwen.documents import SUMMARY_PATH
    from gongwen.village_summary import summary_workbook

    assert f"{FOLDER}/{SUMMARY_NAME}" == SUMMARY_PATH
    return {SUMMARY_PATH: summary_workbook(campaign)}
