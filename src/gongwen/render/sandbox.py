"""Bounds on what a template may make: a template from anyone must not exhaust the machine.

Jinja's sandbox keeps a template away from Python's internals but sets no limit on size or
time: ``{{ 'a' * 10**9 }}`` asks for a gigabyte, nested loops run for hours. The environment
here (``BoundedSandbox``) stops, with ``RenderLimitError``, *before* the work is done:

- any value an expression, filter or method would build whose weight (about the characters
  ``str()`` makes of it, shared references counted again; gongwen.render.template_weights) passes
  ``MAX_ITEMS``: ``*``, ``+``, ``~``, ``%``/``format``/``str.format`` (with widths read from
  the arguments, ``{:{w}}`` and ``%*s`` included), ``join`` (separator times items),
  ``center``/``indent``/``replace``, ``batch``/``slice`` counts, ``range``, and what is printed;
- integers of more than ``MAX_INT_BITS`` bits (``**``, ``*`` checked before they multiply);
- more than ``MAX_LOOP_STEPS`` loop iterations or items read from iterators, more than
  ``MAX_OUTPUT_CHARS`` of rendered XML, or more than ``MAX_SECONDS`` of rendering, for one part
  of a document. The clock is read in every call, attribute, operator and loop step of the
  sandbox and while long values are weighed, so the time bound holds where the work is done.

Only allowed filters, tests and string methods exist (gongwen.render.template_allowlist). The bounds
sit far above what a 公文 needs (a whole workbook cell holds 32,767 characters).
"""

from __future__ import annotations

import contextvars
import itertools
import time
from collections.abc import Iterable, Iterator
from functools import update_wrapper
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from gongwen.render.template_allowlist import (
    ALLOWED_STR_METHODS,
    ALLOWED_TESTS,
    WIDENING_METHODS,
    BoundedFilters,
)
from gongwen.render.template_location import LocatedTemplate
from gongwen.render.template_weights import BoundedFormatting, TooBig, percent_size, weight

MAX_ITEMS = 1_000_000
MAX_POWER_BITS = 4096
MAX_INT_BITS = MAX_POWER_BITS
MAX_LOOP_STEPS = 1_000_000
MAX_OUTPUT_CHARS = 100_000_000
MAX_SECONDS = 30.0
_CHECK_EVERY = 1024  # loop steps between looks at the clock
_CONCAT_CHUNK = 32  # output parts joined between looks at the output's size and the clock
_TOO_BIG = "表达式生成的内容超过 {:,} 个字符或元素"


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


def _tick() -> None:
    _current().check_time()


def _too_big(exc: TooBig, what: str = "") -> RenderLimitError:
    """The bound a weighing or a format went past, said as the weighing said it."""
    return RenderLimitError(str(exc) or what or _TOO_BIG.format(MAX_ITEMS))


def weigh(value: Any, limit: int | None = None, what: str = "") -> int:
    """``value``'s weight (gongwen.render.template_weights), refused past ``limit``."""
    limit = MAX_ITEMS if limit is None else limit
    try:
        return weight(value, limit, _tick)
    except TooBig as exc:
        raise _too_big(exc, what) from None


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ITEMS:
        raise RenderLimitError(f"{what} {value:,} 超过 {MAX_ITEMS:,}")


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise RenderLimitError(f"整数超过 {MAX_INT_BITS} 位")
    return value


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * (len(new) - len(old)) > MAX_ITEMS:
        raise RenderLimitError(f"replace 的结果超过 {MAX_ITEMS:,} 个字符")


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most MAX_ITEMS numbers."""
    rng = range(*args)
    if len(rng) > MAX_ITEMS:
        raise RenderLimitError(f"range 生成 {len(rng):,} 个数，超过 {MAX_ITEMS:,}")
    return rng


class _Bounds:
    """The checks the filter wrappers call (gongwen.template_allowlist.Bounds)."""

    def count(self, value: Any, what: str) -> None:
        _check_count(value, what)

    def weigh(self, value: Any, limit: int | None = None) -> int:
        return weigh(value, limit)

    def percent(self, fmt: Any, args: Any) -> None:
        if isinstance(fmt, str):
            try:
                percent_size(fmt, args, MAX_ITEMS)
            except TooBig as exc:
                raise _too_big(exc) from None

    def replace(self, text: Any, old: Any, new: Any) -> None:
        _check_replace(text, old, new)

    def joined(self, items: Any, sep: Any) -> None:
        items = items if isinstance(items, (list, tuple, str)) else self.read(items)
        size = weigh(items) + len(str(sep)) * max(len(items) - 1, 0)
        if size > MAX_ITEMS:
            raise RenderLimitError(f"join 的结果超过 {MAX_ITEMS:,} 个字符")

    def read(self, iterable: Any) -> list:
        budget, out, total = _current(), [], 0
        for item in iterable:
            budget.step()
            total += weigh(item, MAX_ITEMS - total)
            out.append(item)
        return out

    def counted(self, iterator: Iterator) -> Iterator:
        budget = _current()
        for item in iterator:
            budget.step()
            weigh(item)
            yield item

    def checked(self, value: Any) -> Any:
        weigh(value)
        return _check_int(value)


_BOUNDS = _Bounds()


class _Guard(NodeTransformer):
    """Wraps every loop's iterable and every ``~`` concatenation in a bound check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _environment_call("gongwen_loop", [node.iter], node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        operands = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return _environment_call("gongwen_concat", [operands], node.lineno)


def _environment_call(name: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(name, lineno=lineno), args, [], None, None, lineno=lineno
    )


class _Formatter(BoundedFormatting, SandboxedFormatter):
    gongwen_limit = MAX_ITEMS


class _EscapeFormatter(BoundedFormatting, SandboxedEscapeFormatter):
    gongwen_limit = MAX_ITEMS


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounds on size, loop steps and time (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "-", "%"})
    template_class = LocatedTemplate

    def from_string(self, source, globals=None, template_class=None):
        template = super().from_string(source, globals, template_class)
        if isinstance(source, str):
            template.gongwen_source = source  # for the paragraph of an error
        return template

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("finalize", self._printable)
        super().__init__(*args, **kwargs)
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)  # placeholder text: nothing a 公文 needs
        self.filters = BoundedFilters(self.filters, _BOUNDS)
        self.tests = {name: test for name, test in self.tests.items() if name in ALLOWED_TESTS}

    @staticmethod
    def _printable(value: Any) -> Any:
        weigh(value)
        return value

    # -- the parse: loops and ~ go through the checks below
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _Guard().visit(super()._parse(source, name, filename))

    def gongwen_loop(self, iterable: Iterable) -> Iterator:
        budget = _current()
        for item in iterable:
            budget.step()
            yield item

    def gongwen_concat(self, operands: tuple) -> str:
        total = 0
        for operand in operands:
            total += weigh(operand, MAX_ITEMS - total)
        return markup_join(operands) if self.autoescape else str_join(operands)

    # -- attributes: only allowed string methods, the clock read at each
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in ALLOWED_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)

    # -- operators, calls and formats
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "*":
            _check_product(left, right)
        elif operator == "+" and not (isinstance(left, int) and isinstance(right, int)):
            if weigh(left) + weigh(right) > MAX_ITEMS:
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
            _BOUNDS.percent(left, right)
        try:
            result = super().call_binop(context, operator, left, right)
        except OverflowError:
            raise RenderLimitError("数值运算溢出") from None
        return _check_int(result)

    def wrap_str_format(self, value: Any):
        if getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        owner = getattr(value, "__self__", None)
        if not isinstance(owner, str):
            return None
        return _bounded_format(self, owner, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if args and isinstance(args[0], Iterator):  # ''.join(generator): read within bounds
            args = (_BOUNDS.read(args[0]), *args[1:])
        _check_str_method(__obj, args)
        result = super().call(__context, __obj, *args, **kwargs)
        weigh(result)
        return _check_int(result)

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


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise RenderLimitError(f"整数超过 {MAX_INT_BITS} 位")
        return
    for seq, n in ((left, right), (right, left)):
        repeated = isinstance(n, int) and not isinstance(seq, (int, float))
        if repeated and weigh(seq) * max(n, 0) > MAX_ITEMS:
            raise RenderLimitError(f"重复生成的内容超过 {MAX_ITEMS:,} 个字符或元素")


def _check_str_method(obj: Any, args: tuple) -> None:
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(obj, "__name__", "")
    if name in WIDENING_METHODS and args:
        _check_count(args[0], f"{name} 的宽度")
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _BOUNDS.joined(args[0], owner)


def _bounded_format(env: BoundedSandbox, owner: str, method: Any):
    """``str.format``/``format_map`` of ``owner`` with the sandbox's bounded formatter."""
    formatter_class = _EscapeFormatter if isinstance(owner, Markup) else _Formatter
    is_map = method.__name__ == "format_map"

    def wrapper(*args: Any, **kwargs: Any) -> str:
        if is_map:
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one argument")
            args, kwargs = (), args[0]
        formatter = (
            formatter_class(env, escape=owner.escape)
            if isinstance(owner, Markup)
            else formatter_class(env)
        )
        try:
            return type(owner)(formatter.vformat(owner, args, kwargs))
        except TooBig as exc:
            raise _too_big(exc) from None

    return update_wrapper(wrapper, method)
