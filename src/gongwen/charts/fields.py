"""The figure fields templates may print, and putting the figures a template asks for into
its documents' values (only those: a template without a figure field costs nothing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from gongwen.charts import figures
from gongwen.charts.embed import DocxFigure
from gongwen.charts.fonts import FontMissing
from gongwen.workbook.model import Campaign

FONT_RULE = "GW401"


@dataclass(frozen=True)
class FigureField:
    """A template field holding a figure: its name, what it shows, and how it is drawn."""

    field: str  # figure_hazards
    alias: str  # 隐患图: the Chinese name a template may use instead
    title: str  # 各村（社区）隐患排查整改情况
    source: str  # the sheets and items it is drawn from
    # (campaign, document context, fonts folder) -> PNG bytes, or None when nothing to show
    draw: Callable[[Campaign, dict, Path | None], bytes | None]
    # the part of the context the figure depends on beyond the campaign (its cache key)
    key: Callable[[dict], object] = lambda context: None


def _phase(context: dict) -> str | None:
    summary = context.get("summary")
    return summary.get("phase") if isinstance(summary, dict) else None


FIELDS: tuple[FigureField, ...] = (
    FigureField(
        "figure_self_evaluation",
        "自评图",
        "各要素自评分与分值",
        "自评!分值、自评分；基本信息!评定合格分、评定达标分",
        lambda c, ctx, fonts: figures.self_evaluation_png(c, fonts),
    ),
    FigureField(
        "figure_hazards",
        "隐患图",
        "各村（社区）隐患排查整改情况",
        "村社区!隐患数、已整改数（阶段总结中为截至该阶段结束的，由村社区阶段数据计算）",
        lambda c, ctx, fonts: figures.hazards_png(c, fonts, _phase(ctx)),
        key=_phase,
    ),
    FigureField(
        "figure_progress",
        "进度图",
        "各阶段累计隐患排查整改情况",
        "阶段总结!排查隐患数、整改数",
        lambda c, ctx, fonts: figures.progress_png(c, _phase(ctx), fonts),
        key=_phase,
    ),
)
BY_NAME = {f.field: f for f in FIELDS}


def template_fields(template: Path) -> list[str]:
    """The figure fields the template at ``template`` uses, in ``FIELDS`` order."""
    from jinja2 import meta

    from gongwen.render.environment import jinja_env
    from gongwen.render.template import compiled_template

    compiled = compiled_template(template)
    parts = [compiled.body, *(part for _, part in compiled.headers_footers)]
    names = [name for f in FIELDS for name in (f.field, f.alias)]
    if not any(name in part.patched for part in parts for name in names):
        return []
    used: set[str] = set()
    for part in parts:
        try:
            used |= meta.find_undeclared_variables(jinja_env().parse(part.patched))
        except Exception:  # a template that does not parse fails when rendered, not here
            continue
    return [f.field for f in FIELDS if f.field in used or f.alias in used]


@dataclass
class FigureMaker:
    """Draws each figure once per build (per phase for the progress figure)."""

    campaign: Campaign
    fonts: Path | None = None
    missing: FontMissing | None = None

    def __post_init__(self) -> None:
        self._made: dict[tuple, DocxFigure | str] = {}
        self.findings: list = []  # a warning per kind whose figures were left out (no font)

    def draws(self, template: Path) -> bool:
        """Whether the template at ``template`` prints a figure (and its kind draws one)."""
        return bool(template_fields(template))

    def for_kind(self, template: Path, outputs: list, path: str) -> list:
        """``outputs`` of one kind with the figures its template prints; when they had to be
        left out for want of a CJK font, a warning naming ``path`` joins ``findings``."""
        fields = template_fields(template)
        outputs = self.add(outputs, fields)
        if fields and self.missing is not None and outputs:
            self.findings.append(font_finding(path, self.missing))
        return outputs

    def value(self, field: str, context: dict) -> DocxFigure | str:
        """The field's value: the figure, or "" (prints nothing) when there is nothing to
        draw or no font to draw it with."""
        spec = BY_NAME[field]
        key = (field, spec.key(context))
        if key not in self._made:
            self._made[key] = self._draw(spec, context)
        return self._made[key]

    def _draw(self, spec: FigureField, context: dict) -> DocxFigure | str:
        if self.missing is not None:
            return ""
        try:
            png = spec.draw(self.campaign, context, self.fonts)
        except FontMissing as missing:
            self.missing = missing
            return ""
        if png is None:
            return ""
        return DocxFigure(spec.field.removeprefix("figure_"), png, figures.DPI, spec.title)

    def add(self, outputs: list, fields: list[str]) -> list:
        """``outputs`` (``gongwen.kinds.Output``) with the values of ``fields`` added."""
        if not fields:
            return outputs
        return [
            replace(o, context={**o.context, **{f: self.value(f, o.context) for f in fields}})
            for o in outputs
        ]


def font_finding(path: str, missing: FontMissing):
    """The warning a build reports when it left its figures out for want of a font."""
    from gongwen.check.findings import Location, finding

    return finding(FONT_RULE, path, Location("word/document.xml", None), 0, missing.message)
