"""The cells whose values name files, checked at their cells before anything is built.

单位名称 names the unit's folder and, with 发文机关 and each 工作阶段, the documents' titles and
so their file names; each village's 名称 names its archive. ``gongwen.names.safe_filename``
makes every such name safe; here a value that cannot make a sound name is an error at its
cell: one that leaves nothing, one that runs over lines (a newline would break a title and the
package's 文件清单.txt), or one too long for a file name once the title is put around it.
"""

from __future__ import annotations

from gongwen.errors import Problem
from gongwen.names import safe_filename
from gongwen.workbook.file import cell_of
from gongwen.workbook.schema import PHASES, VILLAGES

# the most characters of each value that is part of a title: a title adds up to ~25
# characters around it and a file name holds at most gongwen.names.MAX_NAME_BYTES bytes (66
# Chinese characters); a village's 名称 is its file name alone, cut to that length
MAX_CHARS = {"单位名称": 30, "发文机关": 40, "阶段": 20}
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")


def problem_of(item: str, value: object, where: str) -> Problem | None:
    """What is wrong with ``value`` of ``item`` as (part of) a file name, or None."""
    if not isinstance(value, str) or not value:
        return None
    if any(mark in value for mark in _LINE_BREAKS):
        return Problem(where, f"「{item}」含有换行，它用于文件名和标题，请写在一行内")
    if item in MAX_CHARS and len(value) > MAX_CHARS[item]:
        return Problem(
            where,
            f"「{item}」有 {len(value)} 个字，超过 {MAX_CHARS[item]} 个字；它用于文件名和标题，"
            "请使用简称",
        )
    if item != "名称" and not safe_filename(value):  # a village's: gongwen.kinds.village_archive
        return Problem(
            where,
            f"「{item}」“{value}”去掉文件名中不能使用的字符后为空，无法用作文件名，"
            "请改用汉字或字母数字",
        )
    return None


def check_name_cells(reading, parts: dict) -> None:
    """Add a problem for every name-giving cell whose value cannot name a file."""
    problems = reading.problems
    for item, key in (("单位名称", "unit"), ("发文机关", "issuer")):
        value = reading.info_values.get(key)
        if value is None:
            continue  # missing or unreadable: reported where it was read
        found = problem_of(item, value, reading.items[key])
        if found:
            problems.append(found)
    for sheet, item, rows in (
        (PHASES, "阶段", parts["phases"]),
        (VILLAGES, "名称", parts["villages"]),
    ):
        for r, record in rows:
            found = problem_of(item, record.name, cell_of(reading.tables, sheet, item, r))
            if found:
                problems.append(found)
