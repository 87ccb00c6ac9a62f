"""How the documents speak of the unit, by its type: 镇, 街道 or 乡.

A town writes 我镇 and 镇属各单位, a sub-district 我街道 and 街道各单位, a township 我乡 and
乡属各单位. The type is 基本信息's 单位类型 when given, else read from the end of 单位名称;
a name that says neither (and no 单位类型) is an error at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass

UNIT_TYPES = ("镇", "街道", "乡")


@dataclass(frozen=True)
class UnitWords:
    """The words for one type of unit, as template fields."""

    level: str  # 镇
    self_ref: str  # 我镇
    subordinate_units: str  # 镇属各单位
    finance_office: str  # 镇财政所

    def fields(self) -> dict[str, str]:
        return {
            "unit_level": self.level,
            "self_ref": self.self_ref,
            "subordinate_units": self.subordinate_units,
            "finance_office": self.finance_office,
        }


WORDS = {
    "镇": UnitWords("镇", "我镇", "镇属各单位", "镇财政所"),
    "街道": UnitWords("街道", "我街道", "街道各单位", "街道财政所"),
    "乡": UnitWords("乡", "我乡", "乡属各单位", "乡财政所"),
}


def unit_type(unit: str, typed: str = "") -> str:
    """镇, 街道 or 乡: ``typed`` when given, else from the name (天生街道办事处 -> 街道); ""
    when the name does not say."""
    if typed:
        return typed
    for suffix in ("街道办事处", "街道"):
        if unit.endswith(suffix):
            return "街道"
    if unit.endswith("镇") or unit.endswith("镇人民政府"):
        return "镇"
    if unit.endswith("乡") or unit.endswith("乡人民政府"):
        return "乡"
    return ""


def unit_words(unit: str, typed: str = "") -> UnitWords:
    """The words for the unit; a town's when its type cannot be told (the reader reports it)."""
    return WORDS.get(unit_type(unit, typed), WORDS["镇"])
