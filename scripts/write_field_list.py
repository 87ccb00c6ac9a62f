"""Write the field tables of README's 自定义模板 section from the field contract.

Run after changing a field declaration (``gongwen.kinds.fields``, a kind's own fields): ``python scripts/write_field_list.py``.
"""

from __future__ import annotations

from pathlib import Path

from gongwen.kinds.field_list import with_section

README = Path(__file__).resolve().parents[1] / "README.md"


def main() -> None:
    README.write_text(with_section(README.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
