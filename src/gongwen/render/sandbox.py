"""Bounds on what a template may make: a template from anyone must not exhaust the machine.

Jinja's sandbox keeps a template away from Python's internals but sets no limit on size or
time: ``{{ 'a' * 10**9 }}`` asks for a gigabyte, nested loops run for hours. The environment
here (``BoundedSandbox``) stops, with ``RenderLimitError``:

- any string or sequence an expression builds (``*``, ``+``, ``~``, ``%``/``format`` widths,
  ``center``/``indent``/``replace``…) longer than ``MAX_ITEMS`` characters or items, and
  ``range`` beyond it;
- integer powers of more than ``MAX_POWER_BITS`` bits;
- more than ``MAX_LOOP_STEPS`` loop iterations, more than ``MAX_OUTPUT_CHARS`` of rendered
  XML, or more than ``MAX_SECONDS`` of rendering, for one part of a document.

The bounds sit far above what a 公文 needs (a whole workbook cell holds 32,767 characters).
"""

from __future__ import annotations

import contextvars
import itertools
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from gongwen.render.template_location import LocatedTemplate

MAX_ITEMS = 1_000_000
MAX_POWER_BITS = 4096
MAX_LOOP_STEPS = 1_000_000
MAX_OUTPUT_CHARS = 100_000_000
MAX_SECONDS = 30.0
_CHECK_EVERY = 1024  # loop steps between looks at the clock
_CONCAT_CHUNK = 32  # output parts joined between looks at the output's size and the clock

# a field width or precision in a %- or {}-format: %0999999999d, {:>999999999}
_WIDTH = re.compile(r"(\d{7,})")


class RenderLimitError(SecurityError):
    """A template went past one of the bounds; the message says which, in Chinese."""


class _Budget:
    """What one render may still spend."""

    __slots__ = ("deadline", "steps")

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise RenderLimitError(f"循环次数超过 {MAX_LOOP_STEPS:,} 次")
        if not self.steps % _CHECK_EVERY:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(f"渲染时间超过 {MAX_SECONDS:g} 秒")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "gongwen_render_budget", default=None
)


def _current() -> _Budget:
    budget = _budget.get()
    if budget is None:  # rendered outside Template.render (a stream): a budget of its own
        budget = _Budget()
        _budget.set(budget)
    return budget


def _check_size(value: Any, what: str = "表达式生成的内容") -> Any:
    if isinstance(value, (str, bytes, list, tuple)) and len(value) > MAX_ITEMS:
        raise RenderLimitError(f"{what}超过 {MAX_ITEMS:,} 个字符或元素")
    return value


def _length(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


def _check_width(fmt: Any) -> None:
    if isinstance(fmt, str) and _WIDTH.search(fmt):
        raise RenderLimitError(f"格式中的宽度或精度过大（超过 {MAX_ITEMS:,}）")


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ITEMS:
        raise RenderLimitError(f"{what} {value:,} 超过 {MAX_ITEMS:,}")


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most MAX_ITEMS numbers."""
    rng = range(*args)
    if len(rng) > MAX_ITEMS:
        raise RenderLimitError(f"range 生成 {len(rng):,} 个数，超过 {MAX_ITEMS:,}")
    return rng


# str methods whose first argument is a resulting width
_WIDENING = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _check_str_method(obj: Any, args: tuple) -> None:
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(obj, "__name__", "")
    if name in _WIDENING and args:
        _check_count(args[0], f"{name} 的宽度")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * (len(new) - len(old)) > MAX_ITEMS:
        raise RenderLimitError(f"replace 的结果超过 {MAX_ITEMS:,} 个字符")


def _bounded_filters(filters: dict) -> dict:
    """The filters that can widen a value, wrapped to check their arguments first."""
    out = dict(filters)
    center, indent, fmt, replace = (filters[n] for n in ("center", "indent", "format", "replace"))

    def bounded_center(value: Any, width: int = 80) -> str:
        _check_count(width, "center 的宽度")
        return center(value, width)

    def bounded_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
        _check_count(width, "indent 的宽度")
        if isinstance(width, str):
            _check_size(width * max(1, str(value).count("\n") + 1))
        return _check_size(indent(value, width, *args, **kwargs))

    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> str:
        _check_width(value)
        return _check_size(fmt(value, *args, **kwargs))

    def bounded_replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        _check_replace(str(s), str(old), str(new))
        return replace(eval_ctx, s, old, new, count)

    bounded_replace.jinja_pass_arg = replace.jinja_pass_arg  # type: ignore[attr-defined]
    out.update(
        center=bounded_center, indent=bounded_indent, format=bounded_format, replace=bounded_replace
    )
    return out


class _Guard(NodeTransformer):
    """Wraps every loop's iterable and every ``~`` concatenation in a bound check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _environment_call("gongwen_loop", node.iter, node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _environment_call("gongwen_sized", node, node.lineno)


def _environment_call(name: str, arg: nodes.Expr, lineno: int) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(name, lineno=lineno), [arg], [], None, None, lineno=lineno
    )


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounds on size, loop steps and time (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = LocatedTemplate

    def from_string(self, source, globals=None, template_class=None):
        template = super().from_string(source, globals, template_class)
        if isinstance(source, str):
            template.gongwen_source = source  # for the paragraph of an error
        return template

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)  # placeholder text: nothing a 公文 needs
        self.filters.update(_bounded_filters(self.filters))

    # -- the parse: loops and ~ go through the checks below
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guard().visit(super()._parse(source, name, filename))

    def gongwen_loop(self, iterable: Iterable) -> Iterator:
        budget = _current()
        for item in iterable:
            budget.step()
            yield item

    def gongwen_sized(self, value: Any) -> Any:
        return _check_size(value)

    # -- operators, calls and formats
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                size = _length(seq)
                if size is not None and isinstance(n, int) and size * max(n, 0) > MAX_ITEMS:
                    raise RenderLimitError(f"重复生成的内容超过 {MAX_ITEMS:,} 个字符或元素")
        elif operator == "+":
            a, b = _length(left), _length(right)
            if a is not None and b is not None and a + b > MAX_ITEMS:
                raise RenderLimitError(f"拼接生成的内容超过 {MAX_ITEMS:,} 个字符或元素")
        elif operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and right > 0
                and abs(left).bit_length() * right > MAX_POWER_BITS
            ):
                raise RenderLimitError(f"乘方的结果超过 {MAX_POWER_BITS} 位")
        elif operator == "%":
            _check_width(left)
        try:
            return _check_size(super().call_binop(context, operator, left, right))
        except OverflowError:
            raise RenderLimitError("数值运算溢出") from None

    def wrap_str_format(self, value: Any):
        _check_width(getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_str_method(__obj, args)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    # -- the whole output of one render
    def concat(self, parts: Iterable[str]) -> str:
        budget = _Budget()
        token = _budget.set(budget)
        try:
            out: list[str] = []
            size = 0
            parts = iter(parts)
            # a chunk of parts at a time: the size and the clock are looked at between chunks
            # (a single part is already bounded by the expression limits)
            while chunk := "".join(itertools.islice(parts, _CONCAT_CHUNK)):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise RenderLimitError(f"渲染结果超过 {MAX_OUTPUT_CHARS:,} 个字符")
                out.append(chunk)
                budget.check_time()
            return "".join(out)
        finally:
            _budget.reset(token)
