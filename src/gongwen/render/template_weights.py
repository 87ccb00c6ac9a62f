"""How big a template's value is before anything turns it into text, and format widths.

A value's *weight* is about the number of characters ``str()`` would make of it: a string's
length, an integer's digits, and for a list, tuple, set, dict or namespace the weights of its
items, every shared reference counted again (``[s] * 1000`` weighs a thousand ``s``, though it
holds one). The sandbox measures weights before it joins, formats, concatenates or prints, so
nothing a template asks for is allocated past the bound first. Measuring stops as soon as the
bound is passed, so it costs at most the bound's steps.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from jinja2.utils import Namespace

MAX_DEPTH = 100  # nesting of lists in lists a template may build
_CLOCK_EVERY = 4096  # items weighed between looks at the clock
_FIELD_DIGITS = re.compile(r"\d+")
# one %-conversion: %(key)-08.3f, %*s, %.*f, %%
_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d*))?[hlL]?(?P<conv>.)",
    re.DOTALL,
)


class TooBig(Exception):
    """A weight past its bound; the sandbox turns it into its own error."""


def weight(value: Any, limit: int, tick: Callable[[], None] | None = None) -> int:
    """The weight of ``value`` (see the module); ``TooBig`` once it passes ``limit``.

    ``tick`` is called every few thousand items (the sandbox looks at its clock there).
    """
    total = _Weigher(limit, tick).weigh(value, 0)
    if total > limit:
        raise TooBig
    return total


class _Weigher:
    __slots__ = ("count", "limit", "memo", "tick")

    def __init__(self, limit: int, tick: Callable[[], None] | None) -> None:
        self.limit = limit
        self.tick = tick
        self.memo: dict[int, int] = {}
        self.count = 0

    def weigh(self, value: Any, depth: int) -> int:
        if isinstance(value, (str, bytes)):
            return len(value)
        if isinstance(value, int):
            return value.bit_length() // 3 + 1
        if isinstance(value, (list, tuple, set, frozenset, dict, Namespace)):
            return self._container(value, depth)
        if isinstance(value, range):
            return len(value)
        return 1

    def _container(self, value: Any, depth: int) -> int:
        key = id(value)
        if key in self.memo:
            return self.memo[key]
        if depth > MAX_DEPTH:
            raise TooBig(f"嵌套超过 {MAX_DEPTH} 层")
        self.memo[key] = 1  # a value inside itself is printed as "[...]"
        if isinstance(value, Namespace):
            value = value._Namespace__attrs  # type: ignore[attr-defined]
        items = value.items() if isinstance(value, Mapping) else value
        total = 2
        for item in items:
            total += 2 + self.weigh(item, depth + 1)
            if total > self.limit:
                raise TooBig
            self.count += 1
            if self.tick is not None and not self.count % _CLOCK_EVERY:
                self.tick()
        self.memo[key] = total
        return total


def field_number(text: str, limit: int) -> int:
    """A width or precision written in a format, refused (``TooBig``) past ``limit``."""
    if len(text) > len(str(limit)) or int(text) > limit:
        raise TooBig(f"格式中的宽度或精度过大（超过 {limit:,}）")
    return int(text)


def percent_size(fmt: str, args: Any, limit: int) -> int:
    """The most characters ``fmt % args`` can make, with ``*`` widths read from ``args``;
    ``TooBig`` when a width or the whole passes ``limit``."""
    positional = list(args) if isinstance(args, tuple) else [args]
    mapping = args if isinstance(args, Mapping) else None
    whole = weight(args, limit)
    total = len(fmt)
    for m in _PERCENT.finditer(fmt):
        size = 0
        for part in (m["width"], m["prec"]):
            if part == "*":
                star = positional.pop(0) if positional else 0
                if isinstance(star, int) and abs(star) > limit:
                    raise TooBig(f"格式中的宽度或精度过大（超过 {limit:,}）")
                size += abs(star) if isinstance(star, int) else 0
            elif part:
                size += field_number(part, limit)
        if m["conv"] != "%":
            if mapping is not None and m["key"] is not None:
                size += weight(mapping.get(m["key"], ""), limit)
            elif positional:
                size += weight(positional.pop(0), limit)
            else:
                size += whole
        total += size
        if total > limit:
            raise TooBig
    return total


class BoundedFormatting(string.Formatter):
    """Mixed into the sandbox's ``str.format`` formatter: every field's width and precision
    (after ``{:{w}}`` is filled in) and the running length of the result are bounded."""

    gongwen_limit = 0
    gongwen_made = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        for digits in _FIELD_DIGITS.findall(format_spec):
            field_number(digits, self.gongwen_limit)
        weight(value, self.gongwen_limit)
        out = super().format_field(value, format_spec)
        self.gongwen_made += len(out)
        if self.gongwen_made > self.gongwen_limit:
            raise TooBig
        return out
