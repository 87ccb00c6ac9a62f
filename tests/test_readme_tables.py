"""The README's tables of check rules and workbook sheets say what the code defines."""

from __future__ import annotations

import re
from pathlib import Path

from gongwen.check.findings import ERROR, RULES, WARNING
from gongwen.workbook.schema import SHEETS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SEVERITY = {"错误": ERROR, "警告": WARNING}


def table_rows(heading: str) -> list[list[str]]:
    """The body rows of the first table under ``heading``, as lists of cell texts."""
    section = README.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[c.strip() for c in r.strip("|").split("|")] for r in rows[2:]]


def rule_rows() -> dict[str, tuple[set[str], str]]:
    """README code (GW101 or a range GW301–GW312) -> (its severities, what it checks); the
    columns after these (measured precision, what it does not catch) are not read here."""
    out = {}
    for code, level, what, *_ in table_rows("## 检查"):
        out[code] = ({SEVERITY[s] for s in level.split("/")}, what)
    return out


def codes_of(cell: str) -> list[str]:
    m = re.fullmatch(r"GW(\d{3})(?:–GW(\d{3}))?", cell)
    assert m, f"README 规则 {cell!r}"
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    return [f"GW{n}" for n in range(first, last + 1)]


def test_the_rule_table_is_read():
    rows = rule_rows()
    assert rows["GW101"] == ({ERROR}, rows["GW101"][1])
    assert len(rows) > 10


def test_the_readme_lists_exactly_the_checkers_rules():
    listed = [c for cell in rule_rows() for c in codes_of(cell)]
    assert sorted(listed) == sorted(RULES)
    assert len(listed) == len(set(listed))


def test_each_rules_severity_and_fix_as_in_the_readme():
    for cell, (severities, what) in rule_rows().items():
        codes = codes_of(cell)
        assert {RULES[c].severity for c in codes} == severities, cell
        if len(codes) == 1:
            assert RULES[codes[0]].fixable == ("可修正" in what), cell


def test_the_sheet_table_lists_every_sheet_and_column():
    rows = {name: text for name, text in table_rows("## 工作簿")}
    names = [name.removesuffix("（可选）") for name in rows]
    assert names == [s.name for s in SHEETS]
    for sheet in SHEETS:
        label = sheet.name if sheet.required else f"{sheet.name}（可选）"
        assert label in rows, label
        text = rows[label]
        required, _, optional = text.partition("可选：")
        for column in sheet.columns:
            if column.name == "备注":
                continue
            assert column.name in text, f"{sheet.name} 的列 {column.name} 不在 README"
            if optional and not column.required:
                assert column.name in optional, f"{sheet.name} 的可选列 {column.name}"
            if optional and column.required:
                assert column.name in required, f"{sheet.name} 的必填列 {column.name}"
