"""Write the shipped example workbook, inputs/静观镇安全社区创建.xlsx.

The facts come from the town's original work plan (静观镇, 北碚区, 组长 田河堰, four phases),
with the placeholders of that text replaced by realistic values and every basis document
given its 发文字号 in the correct form. Run: python scripts/make_example_workbook.py
"""

from __future__ import annotations

from pathlib import Path

from example_data import EXAMPLE

from gongwen.workbook.writer import write_workbook

OUT = Path(__file__).resolve().parents[1] / "inputs" / "静观镇安全社区创建.xlsx"

if __name__ == "__main__":
    write_workbook(OUT, EXAMPLE)
    print(OUT)
