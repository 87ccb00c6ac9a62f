"""Checking a template against its kind's field contract, every problem at once.

Each tag is read on its own, in the paragraph Word shows it in: braces without partners,
tags Jinja cannot read (its message put into Chinese), fields the kind does not provide (with
the nearest known one), attributes a list's items lack, unknown filters, and ``for``/``if``
blocks left open or closed twice. Problems are collected, never raised one by one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.errors import TemplateError
from gongwen.kinds.fields import GROUP, LIST, Field, KindFields
from gongwen.render.jinja_messages import chinese_message
from gongwen.render.template_tags import Paragraph, Tag, paragraph_tags, template_paragraphs

_DOCXTPL_PREFIX = re.compile(r"^-?(?:p|tr|tc|r)\s")  # {%p …}, {%tr …}, {{r …}}
_KEYWORD = re.compile(r"^\s*([A-Za-z_]+)")
_BLOCKS = {"for": "endfor", "if": "endif"}
_INNER = {"else": ("for", "if"), "elif": ("if",)}
_TABLE_TAGS = ("colspan", "cellbg", "hm", "vm")  # docxtpl's own table-cell tags
_LOOP = "loop"


@dataclass(frozen=True)
class TemplateProblem:
    """One problem in a template, at the paragraph Word shows it in."""

    place: str  # 第 5 段, 页脚第 1 段
    quote: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}“{self.quote}”：{self.message}"


class TemplateProblems(TemplateError):
    """Raised when templates have problems; lists every one, by template and paragraph."""

    def __init__(self, problems: dict[str, list[TemplateProblem]]) -> None:
        self.problems = problems
        count = sum(len(p) for p in problems.values())
        if len(problems) == 1:
            [(name, found)] = problems.items()
            lines = [f"模板 {name} 有 {count} 处问题，未生成任何文件："]
            lines += [f"  - {p}" for p in found]
        else:
            lines = [f"{len(problems)} 个模板共有 {count} 处问题，未生成任何文件："]
            for name, found in problems.items():
                lines.append(f"  模板 {name}：")
                lines += [f"  - {p}" for p in found]
        lines.append(
            "请在 Word/WPS 中改正后重新运行；可用的字段见 gongwen fields 或 README“自定义模板”。"
        )
        super().__init__("\n".join(lines))


@dataclass
class _Scope:
    """A ``for`` or ``if`` block open at some tag, and the names its loop binds."""

    keyword: str
    tag: Tag
    names: dict[str, Field | None] = field(default_factory=dict)


class _Checker:
    def __init__(self, contract: KindFields) -> None:
        from gongwen.render.environment import jinja_env

        self.contract = contract
        self.env = jinja_env()
        self.stack: list[_Scope] = []
        self.problems: list[TemplateProblem] = []

    def report(self, paragraph: Paragraph, at: int, message: str) -> None:
        self.problems.append(TemplateProblem(paragraph.place, paragraph.quote(at), message))

    def _bound(self, name: str) -> tuple[bool, Field | None]:
        for scope in reversed(self.stack):
            if name in scope.names:
                return True, scope.names[name]
        return False, None

    # --- one tag -------------------------------------------------------------------------
    def tag(self, tag: Tag) -> None:
        inner = _DOCXTPL_PREFIX.sub("", tag.inner.lstrip("-")).rstrip("-")
        if tag.open == "{#":
            return
        if tag.open == "{{":
            self.expression(tag, inner)
            return
        m = _KEYWORD.match(inner)
        keyword = m.group(1) if m else ""
        rest = inner[m.end() :] if m else inner
        if keyword in _BLOCKS:
            self.open_block(tag, keyword, inner)
        elif keyword in _INNER:
            if not self.stack or self.stack[-1].keyword not in _INNER[keyword]:
                self.fail(tag, f"“{keyword}”前面没有对应的“{{% if %}}”")
            elif keyword == "elif":
                self.expression(tag, rest)
        elif keyword in _BLOCKS.values():
            opener = next(k for k, v in _BLOCKS.items() if v == keyword)
            if not self.stack or self.stack[-1].keyword != opener:
                open_now = f"，而此处未结束的是“{self.stack[-1].keyword}”" if self.stack else ""
                self.fail(tag, f"“{keyword}”前面没有对应的“{{% {opener} … %}}”{open_now}")
            else:
                self.stack.pop()
        elif keyword == "set":
            self.statement(tag, inner, "")
        elif keyword in _TABLE_TAGS:
            self.expression(tag, rest)
        else:
            self.fail(
                tag,
                f"不认识的标签“{tag.text.strip()}”；模板中可用 for、if、elif、else、set 及"
                "对应的 endfor、endif",
            )

    def stack_end(self) -> None:
        """Blocks still open at the end of a part: each reported where it was opened."""
        for scope in self.stack:
            end = _BLOCKS[scope.keyword]
            self.fail(scope.tag, f"“{scope.keyword}”没有对应的结尾“{{% {end} %}}”")
        self.stack = []

    def fail(self, tag: Tag, message: str) -> None:
        self.report(tag.paragraph, tag.start, message)

    def expression(self, tag: Tag, source: str) -> None:
        from jinja2.exceptions import TemplateSyntaxError

        if not source.strip():
            self.fail(tag, f"标签“{tag.text}”中没有字段名")
            return
        try:
            node = self.env.parse("{{ " + source + " }}").body[0].nodes[0]
        except TemplateSyntaxError as exc:
            self.fail(tag, chinese_message(exc.message or "", tag.text))
            return
        self.names(tag, node)

    def statement(self, tag: Tag, inner: str, end: str):
        from jinja2.exceptions import TemplateSyntaxError

        try:
            body = self.env.parse("{% " + inner + " %}" + (f"{{% {end} %}}" if end else "")).body
        except TemplateSyntaxError as exc:
            self.fail(tag, chinese_message(exc.message or "", tag.text))
            return None
        return body[0]

    def open_block(self, tag: Tag, keyword: str, inner: str) -> None:
        from jinja2 import nodes

        node = self.statement(tag, inner, _BLOCKS[keyword])
        scope = _Scope(keyword, tag)
        self.stack.append(scope)
        if node is None:
            return
        if isinstance(node, nodes.For):
            iterable = _unwrapped(node.iter)
            self.names(tag, iterable)
            item = self.resolve(tag, iterable, report=False)
            targets = [node.target] if isinstance(node.target, nodes.Name) else node.target.items
            for target in targets:
                scope.names[target.name] = (
                    item if item is not None and item.type == LIST and len(targets) == 1 else None
                )
            scope.names[_LOOP] = None
            if node.test is not None:
                self.names(tag, node.test)
        elif isinstance(node, nodes.If):
            self.names(tag, node.test)

    # --- names ---------------------------------------------------------------------------
    def names(self, tag: Tag, node) -> None:
        """Report the unknown fields, attributes and filters ``node`` uses."""
        from jinja2 import nodes

        if isinstance(node, nodes.Filter | nodes.Test):
            known = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
            if node.name not in known:
                what = "过滤器" if isinstance(node, nodes.Filter) else "判断"
                near = difflib.get_close_matches(node.name, list(known), n=1, cutoff=0.7)
                hint = f"，您是不是要写“{near[0]}”？" if near else ""
                self.fail(tag, f"没有名为“{node.name}”的{what}{hint}")
        if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
            self.resolve(tag, node, report=True)
            return
        for child in node.iter_child_nodes():
            self.names(tag, child)

    def resolve(self, tag: Tag, node, report: bool) -> Field | None:
        """The field ``node`` reads (``ph.name`` inside ``for ph in phases``), or None."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            bound, item = self._bound(node.name)
            if bound:
                return Field(node.name, "", GROUP, "", "", parts=item.parts) if item else None
            found = self.contract.field(node.name)
            alias = self.contract.aliases.get(node.name)
            if found is None and alias:
                found = self.contract.field(alias)
            if found is None and report:
                self.unknown(tag, node.name)
            return found
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.resolve(tag, node.node, report)
            if isinstance(node, nodes.Getitem):
                if not isinstance(node.arg, nodes.Const):
                    self.names(tag, node.arg)
                    return None
                if isinstance(node.arg.value, int):  # phases[0]
                    return Field("", "", GROUP, "", "", parts=base.parts) if base else None
                attr = node.arg.value
            else:
                attr = node.attr
            if base is None or not base.parts or base.type == LIST:
                return None
            part = base.part(str(attr))
            if part is None and report:
                names = [p.name for p in base.parts]
                near = difflib.get_close_matches(str(attr), names, n=1, cutoff=0.5)
                hint = f"，您是不是要写 {{{{ {_dotted(node.node)}.{near[0]} }}}}？" if near else ""
                self.fail(
                    tag,
                    f"“{_dotted(node.node)}”没有“{attr}”这一项{hint}（可用：{'、'.join(names)}）",
                )
            return part
        self.names(tag, node)
        return None

    def unknown(self, tag: Tag, name: str) -> None:
        refused = dict(self.contract.ambiguous)
        if name in refused:
            self.fail(
                tag, f"“{name}”在{self.contract.kind}中有两种含义（{refused[name]}），请写字段名"
            )
            return
        known = [f.name for f in self.contract.fields] + list(self.contract.aliases)
        for scope in self.stack:
            known += [n for n in scope.names if n != _LOOP]
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = (
            f"您是不是要写 {{{{ {near[0]} }}}}？" if near else "请查看 gongwen fields 列出的字段。"
        )
        self.fail(tag, f"{self.contract.kind}没有字段“{name}”。{hint}")


def _unwrapped(node):
    """The iterable of a ``for``, without the loop bound the sandbox wraps around it."""
    from jinja2 import nodes

    if (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and len(node.args) == 1
    ):
        return node.args[0]
    return node


def _dotted(node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


def template_problems(data: bytes, contract: KindFields) -> list[TemplateProblem]:
    """Every problem of the .docx template ``data`` for the kind of ``contract``."""
    checker = _Checker(contract)
    paragraphs = template_paragraphs(data)
    part = "正文"
    for paragraph in paragraphs:
        if paragraph.part != part:  # a block cannot run from one part into the next
            checker.stack_end()
            part = paragraph.part
        tags, braces = paragraph_tags(paragraph)
        for problem in braces:
            checker.report(problem.paragraph, problem.start, problem.message)
        for tag in tags:
            checker.tag(tag)
    checker.stack_end()
    return checker.problems


def check_template(path: Path, contract: KindFields) -> list[TemplateProblem]:
    """Every problem of the template at ``path``; [] when it is fine."""
    import zipfile

    from lxml import etree

    from gongwen.render.environment import load_template

    try:
        data = Path(path).read_bytes()
        return template_problems(data, contract)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        load_template(Path(path))  # says what is wrong with the file, when it can
        raise TemplateError(
            f"模板 {path} 无法打开（{type(exc).__name__}），它不是有效的 .docx 文件。"
            "请在 Word/WPS 中打开后另存为 .docx。"
        ) from None


def check_templates(templates: list[tuple[Path, KindFields]]) -> None:
    """Raise one ``TemplateProblems`` listing every problem of every template given."""
    problems = {}
    for path, contract in templates:
        found = check_template(path, contract)
        if found:
            problems[Path(path).name] = found
    if problems:
        raise TemplateProblems(problems)


def heading_warnings(paths: list[Path]) -> list:
    """GW205 findings of templates: numbers typed in heading styles gongwen numbers itself
    (removed when rendering, so each is a warning)."""
    from gongwen.check.doubled_numbers import check_doubled_numbers
    from gongwen.check.text import DocxPackage, docx_paragraphs

    out = []
    for path in paths:
        package = DocxPackage(path, str(path))
        paragraphs = docx_paragraphs(package)
        out += check_doubled_numbers(paragraphs, str(path), package.xml("word/styles.xml"), True)
    return out


def check_template_folder(folder: Path) -> dict[str, list[TemplateProblem]]:
    """{template name: its problems} for every kind's template found in ``folder``."""
    from gongwen.kinds import KINDS

    found = {}
    for kind in KINDS:
        path = Path(folder) / kind.template
        if path.is_file():
            found[kind.template] = check_template(path, kind.contract)
    return found
