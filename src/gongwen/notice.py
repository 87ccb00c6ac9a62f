"""领导小组通知: the 基本信息 items the notice needs beyond those every document needs.

The 发文字号 needs a 发文顺序号, the notice is addressed to the 主送机关, and it names who
directs the group's office. These items are optional in the workbook (other documents do
without them): a build without them skips the notice and says which are missing, and
``--only 领导小组通知`` without them is an error naming the sheet and the items.
"""

from __future__ import annotations

# 基本信息 item -> what the notice uses it for.
REQUIRED_ITEMS = {
    "发文顺序号": "发文字号（如 静府发〔2024〕12号 中的 12）",
    "主送机关": "主送机关（如 各村（社区）、镇属各单位）",
    "办公室主任": "领导小组办公室主任",
}
