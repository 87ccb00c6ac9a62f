"""What a template may call: the filters, tests and string methods of the sandbox, each with
the checks it needs before it allocates anything.

Only what a 公文 template can use is there: no ``safe`` (a village's cell would become raw
Word XML), no ``random`` (the same workbook must give the same bytes), no ``pprint``,
``urlize``, ``xmlattr``, ``wordwrap`` or ``tojson``. A filter's arguments are checked before it
runs (``batch``/``slice`` counts, ``center``/``indent`` widths, ``join``'s separator times the
items, ``format``'s widths); an iterator handed to a filter is read item by item within the
bounds; an iterator a filter returns is counted as a loop is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

ALLOWED_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort",
        "e", "escape", "first", "float", "format", "groupby", "indent", "int", "items", "join",
        "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
        "replace", "reverse", "round", "select", "selectattr", "slice", "sort", "string",
        "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
    }
)  # fmt: skip
ALLOWED_TESTS = frozenset(
    {
        "!=", "<", "<=", "==", ">", ">=", "boolean", "callable", "defined", "divisibleby",
        "eq", "equalto", "escaped", "even", "false", "filter", "float", "ge", "greaterthan",
        "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne",
        "none", "number", "odd", "sameas", "sequence", "string", "test", "true", "undefined",
        "upper",
    }
)  # fmt: skip
ALLOWED_STR_METHODS = frozenset(
    {
        "capitalize", "casefold", "center", "count", "endswith", "find", "format",
        "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
        "islower", "isnumeric", "isspace", "istitle", "isupper", "join", "ljust", "lower",
        "lstrip", "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex",
        "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith",
        "strip", "striptags", "swapcase", "title", "unescape", "upper", "zfill",
    }
)  # fmt: skip
# str methods whose first argument is the resulting width
WIDENING_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


class Bounds:
    """The checks a filter wrapper calls; the sandbox supplies them (gongwen.render.sandbox)."""

    def count(self, value: Any, what: str) -> None: ...
    def weigh(self, value: Any, limit: int | None = None) -> int: ...
    def percent(self, fmt: Any, args: Any) -> None: ...
    def replace(self, text: Any, old: Any, new: Any) -> None: ...
    def joined(self, items: list, sep: Any) -> None: ...
    def read(self, iterable: Any) -> list: ...
    def counted(self, iterator: Iterator) -> Iterator: ...
    def checked(self, value: Any) -> Any: ...


def _first(args: tuple, kwargs: dict, name: str, default: Any = None) -> Any:
    return args[0] if args else kwargs.get(name, default)


def _pre_checks(bounds: Bounds) -> dict[str, Callable[[Any, tuple, dict], None]]:
    """Per filter: a check of (value, the other arguments, keyword arguments) before it runs."""

    def indent(value: Any, args: tuple, kwargs: dict) -> None:
        width = _first(args, kwargs, "width", 4)
        if isinstance(width, str):
            bounds.count(len(width) * (str(value).count("\n") + 1), "indent 的缩进")
        else:
            bounds.count(width, "indent 的宽度")

    def join(value: Any, args: tuple, kwargs: dict) -> None:
        bounds.joined(value, _first(args, kwargs, "d", ""))

    def cjoin(value: Any, args: tuple, kwargs: dict) -> None:
        bounds.joined(value, _first(args, kwargs, "sep", "、"))

    return {
        "batch": lambda v, a, k: bounds.count(_first(a, k, "linecount"), "batch 的每组个数"),
        "slice": lambda v, a, k: bounds.count(_first(a, k, "slices"), "slice 的份数"),
        "center": lambda v, a, k: bounds.count(_first(a, k, "width", 80), "center 的宽度"),
        "indent": indent,
        "format": lambda v, a, k: bounds.percent(v, k or a),
        "replace": lambda v, a, k: bounds.replace(str(v), str(a[0]), str(a[1])),
        "join": join,
        "cjoin": cjoin,
        "string": lambda v, a, k: bounds.weigh(v),
        "truncate": lambda v, a, k: bounds.weigh(_first(a[2:], k, "end", "")),
    }


def bounded_filter(name: str, func: Callable, bounds: Bounds) -> Callable:
    """``func`` with its checks: an iterator argument read within bounds, the arguments
    checked, an iterator result counted and any other result weighed."""
    pass_arg = getattr(func, "jinja_pass_arg", None)
    lead = 1 if pass_arg is not None else 0
    check = _pre_checks(bounds).get(name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > lead and isinstance(args[lead], Iterator):
            args = (*args[:lead], bounds.read(args[lead]), *args[lead + 1 :])
        if check is not None and len(args) > lead:
            check(args[lead], args[lead + 1 :], kwargs)
        result = func(*args, **kwargs)
        if isinstance(result, Iterator):
            return bounds.counted(result)
        return bounds.checked(result)

    if pass_arg is not None:
        wrapper.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    wrapper.__name__ = getattr(func, "__name__", name)
    wrapper.__doc__ = func.__doc__
    return wrapper


class BoundedFilters(dict):
    """The sandbox's filter table: only allowed filters, each wrapped (``bounded_filter``);
    filters added later (the project's own) are wrapped as they are added."""

    def __init__(self, builtin: dict, bounds: Bounds) -> None:
        super().__init__()
        self._bounds = bounds
        self.update({n: f for n, f in builtin.items() if n in ALLOWED_FILTERS})

    def __setitem__(self, name: str, func: Callable) -> None:
        super().__setitem__(name, bounded_filter(name, func, self._bounds))

    def update(self, *args: Any, **kwargs: Any) -> None:
        for name, func in dict(*args, **kwargs).items():
            self[name] = func
