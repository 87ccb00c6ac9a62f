"""AQ/T 9001-2006《安全社区建设基本要求》: the 12 elements (要素) of a safe community, in order.

The workbook's sheets 任务分工 and 自评 list the elements by their number (要素序号).
``gongwen init`` fills these in; a province whose standard names other elements, or another
number of them, writes its own list there, and the build takes the workbook's.
"""

from __future__ import annotations

ELEMENTS: tuple[str, ...] = (
    "创建机构与职责",
    "信息交流和全员参与",
    "事故与伤害风险辨识及其评价",
    "事故与伤害预防目标及计划",
    "安全促进项目",
    "宣传教育与培训",
    "应急预案和响应",
    "监测与监督",
    "事故与伤害记录",
    "安全社区创建档案",
    "预防与纠正措施",
    "评审与持续改进",
)
FULL_SCORE = 100  # what the elements' 分值 add up to when 基本信息 gives no 总分


def element_rows() -> list[dict[str, object]]:
    """The elements as rows of 任务分工 and 自评: 要素序号 and 要素, the rest left blank."""
    return [{"要素序号": n, "要素": name} for n, name in enumerate(ELEMENTS, start=1)]
