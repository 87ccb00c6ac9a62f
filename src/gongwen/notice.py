"""领导小组通知: the 基本信息 items the notice needs beyond those every document needs.

The 发文字号 needs a 发文顺序号, the notice is addressed to the 主送机关, and it names who
directs the group's office. These items are optional in the workbook (other documents do
without them), so their absence is an error only when the notice is built, and it names the
sheet and the item, before anything is written.
"""

from __future__ import annotations

from gongwen.errors import Problem, WorkbookError
from gongwen.model import Campaign
from gongwen.schema import BASIC_INFO

# 基本信息 item -> what the notice uses it for.
REQUIRED_ITEMS = {
    "发文顺序号": "发文字号（如 静府发〔2024〕12号 中的 12）",
    "主送机关": "主送机关（如 各村（社区）、镇属各单位）",
    "办公室主任": "领导小组办公室主任",
}


def missing_items(campaign: Campaign) -> list[str]:
    """The items of REQUIRED_ITEMS that 基本信息 leaves empty."""
    info = campaign.info
    return [name for name in REQUIRED_ITEMS if not getattr(info, BASIC_INFO.column(name).key, None)]


def check_notice_data(campaign: Campaign) -> None:
    """Raise WorkbookError naming 基本信息 and every item the notice needs that is missing."""
    missing = missing_items(campaign)
    if not missing:
        return
    problems = [
        Problem(
            BASIC_INFO.name,
            f"缺少项目「{name}」：生成领导小组通知需要它作为{REQUIRED_ITEMS[name]}，"
            f"请在 A 列添加「{name}」并在 B 列填写",
        )
        for name in missing
    ]
    raise WorkbookError(campaign.source or "工作簿", problems, "请补充以上项目后重新运行。")
