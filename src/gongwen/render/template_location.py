"""Where in a template an error is: the paragraph's number and the start of its text.

A template's XML is compiled so that line 1 is what comes before the first paragraph and
line *n* is paragraph *n - 1* of that part as Word counts it: before docxtpl's patching each
paragraph gets a mark with its number (``<?gw 7?>``; the paragraphs of a ``{%p %}`` line
included, a text box's Word 2007 fallback copy not), and after it each mark that is left
becomes a Jinja comment holding the line breaks up to that paragraph's line. A syntax error
carries its line and the source; an error while rendering carries the line in its
traceback, and ``LocatedTemplate`` keeps the source to read the text from.
"""

from __future__ import annotations

import html
import re
from typing import Any

from jinja2 import Template
from jinja2.exceptions import TemplateError as JinjaError
from jinja2.exceptions import TemplateRuntimeError, TemplateSyntaxError

EXCERPT_CHARS = 30
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_P_OPEN = re.compile(r"<w:p[ >]")
_FALLBACK = re.compile(r"<mc:Fallback[ >].*?</mc:Fallback>", re.DOTALL)
PARAGRAPH_MARK = re.compile(r"<\?gw (\d+)\?>")
_COMMENT_ENDS = re.compile(r"^#\}|\{#$")


def word_paragraphs_marked(xml: str) -> str:
    """``xml`` with ``<?gw n?>`` before the n-th paragraph Word shows."""
    skip = [m.span() for m in _FALLBACK.finditer(xml)]
    out, last, n = [], 0, 0
    for m in _P_OPEN.finditer(xml):
        if any(a <= m.start() < b for a, b in skip):
            continue
        n += 1
        out += [xml[last : m.start()], f"<?gw {n}?>"]
        last = m.start()
    out.append(xml[last:])
    return "".join(out)


def lines_by_paragraph(patched: str) -> str:
    """The patched source with each mark replaced by a comment of line breaks, so that
    paragraph n starts line n + 1 (marks that patching removed leave a gap)."""
    out, last, line = [], 0, 1
    for m in PARAGRAPH_MARK.finditer(patched):
        before = patched[last : m.start()]
        line += before.count("\n")
        want = int(m.group(1)) + 1
        out.append(before)
        if want > line:
            out.append("{#" + "\n" * (want - line) + "#}")
            line = want
        last = m.end()
    out.append(patched[last:])
    return "".join(out)


def paragraph_text(source: str, lineno: int) -> str:
    """The visible text of line ``lineno`` of a template's source, shortened."""
    lines = source.split("\n")
    if not 1 <= lineno <= len(lines):
        return ""
    line = _COMMENT_ENDS.sub("", lines[lineno - 1])
    text = _SPACE.sub(" ", html.unescape(_TAGS.sub("", line))).strip()
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "……"


def describe(source: str | None, lineno: int | None) -> str:
    """``第 3 段“{{ unit }关于……”``, or "" when the place is unknown."""
    if not source or not lineno:
        return ""
    if "<w:" not in source:  # a plain text template (core properties): no paragraphs
        return f"“{paragraph_text(source, lineno)}”"
    text = paragraph_text(source, lineno)
    if lineno == 1:
        return f"正文开头“{text}”" if text else "正文开头"
    return f"第 {lineno - 1} 段“{text}”" if text else f"第 {lineno - 1} 段"


def where(exc: BaseException) -> str:
    """The place of a Jinja error in its template (see ``describe``), or ""."""
    if isinstance(exc, TemplateSyntaxError):
        return describe(exc.source, exc.lineno)
    return getattr(exc, "gongwen_where", "")


def _template_line(tb) -> int | None:
    """The innermost template line in a traceback Jinja has rewritten."""
    lineno = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


class LocatedTemplate(Template):
    """A template whose errors while rendering say where they are (``where``).

    Any other exception a template's expression raises (``1/0``, ``'a' + 1``) becomes a
    ``TemplateRuntimeError``, so it is reported as a template's error, not a crash.
    """

    gongwen_source: str | None = None

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except JinjaError as exc:
            if not isinstance(exc, TemplateSyntaxError):
                exc.gongwen_where = describe(self.gongwen_source, _template_line(exc.__traceback__))
            raise
        except (
            ArithmeticError,
            AssertionError,
            AttributeError,
            TypeError,
            ValueError,
            LookupError,
            RecursionError,
        ) as exc:
            error = TemplateRuntimeError(f"{type(exc).__name__}: {exc}")
            error.gongwen_where = describe(self.gongwen_source, _template_line(exc.__traceback__))
            raise error from None
