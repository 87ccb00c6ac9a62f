"""``gongwen list``: every document kind, its template, the data it needs, and whether a
workbook has that data. Returns records; the command line renders them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gongwen.kinds import KINDS, DocumentKind
from gongwen.render.template_files import template_folder
from gongwen.workbook.reader import SheetOverview, sheet_overview
from gongwen.workbook.schema import sheet as schema_sheet


@dataclass(frozen=True)
class SheetNeed:
    """One sheet a kind needs: its required columns (items, for 基本信息) and what is missing."""

    sheet: str
    columns: tuple[str, ...]
    optional: bool  # the workbook may lack it; the kind is then skipped
    key_value: bool  # 基本信息: items in column A instead of column headers
    present: bool = True  # the workbook has the sheet
    missing: tuple[str, ...] = ()  # required columns (items) it lacks
    has_rows: bool = True  # it holds at least one data row (an item, for 基本信息)

    @property
    def ok(self) -> bool:
        return self.present and not self.missing and self.has_rows


@dataclass(frozen=True)
class KindInfo:
    """One document kind as ``gongwen list`` shows it."""

    name: str
    template: str
    template_found: bool
    description: str
    needs: tuple[SheetNeed, ...]

    @property
    def ready(self) -> bool:
        """The workbook has every sheet and column the kind needs, and its template exists."""
        return self.template_found and all(n.ok for n in self.needs)


def _need(name: str, overview: dict[str, SheetOverview], items: tuple[str, ...] = ()) -> SheetNeed:
    """What ``name`` must hold; ``items`` are optional 基本信息 items a kind needs too."""
    sheet = schema_sheet(name)
    columns = tuple(c.name for c in sheet.columns if c.required) + items
    need = SheetNeed(name, columns, optional=not sheet.required, key_value=sheet.key_value)
    if name not in overview:
        return replace(need, present=False, has_rows=False)
    found = overview[name]
    missing = tuple(c for c in columns if c not in found.names)
    return replace(need, missing=missing, has_rows=found.rows > 0)


def describe_kind(kind: DocumentKind, overview: dict[str, SheetOverview], folder: Path) -> KindInfo:
    return KindInfo(
        name=kind.name,
        template=kind.template,
        template_found=(folder / kind.template).is_file(),
        description=kind.description,
        needs=tuple(
            _need(s, overview, kind.items if schema_sheet(s).key_value else ()) for s in kind.sheets
        ),
    )


def describe_kinds(workbook: str | Path, templates: str | Path | None = None) -> list[KindInfo]:
    """Every kind, checked against the workbook at ``workbook`` and the template folder."""
    overview = sheet_overview(workbook)
    folder = template_folder(templates)
    return [describe_kind(k, overview, folder) for k in KINDS]


OK, NOT_OK = "✓", "✗"


def _need_line(need: SheetNeed) -> str:
    what = "项目" if need.key_value else "列"
    head = f"{need.sheet}（可选工作表）" if need.optional else need.sheet
    line = f"{head}：{what} {'、'.join(need.columns)}"
    if not need.present:
        return f"{NOT_OK} {line}；工作簿中没有该表"
    gaps = []
    if need.missing:
        gaps.append(f"{'未填写' if need.key_value else '缺少列'}：{'、'.join(need.missing)}")
    if not need.has_rows and not need.key_value:
        gaps.append("没有数据行")
    if gaps:
        return f"{NOT_OK} {line}；{'，'.join(gaps)}"
    return f"{OK} {line}"


def render_text(kinds: list[KindInfo], workbook: str | Path) -> str:
    """The Chinese listing of ``gongwen list``."""
    lines = [f"工作簿：{workbook}", ""]
    for info in kinds:
        status = OK if info.ready else NOT_OK
        lines.append(f"{status} {info.name}（模板 {info.template}）")
        if info.description:
            lines.append(f"    {info.description}")
        if not info.template_found:
            lines.append(f"    {NOT_OK} 模板文件 {info.template} 不存在")
        lines += [f"    {_need_line(n)}" for n in info.needs]
    ready = sum(1 for i in kinds if i.ready)
    lines += ["", f"共 {len(kinds)} 种公文，{ready} 种可以生成。"]
    return "\n".join(lines) + "\n"
