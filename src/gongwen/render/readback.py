"""Reading each rendered document back: every value its template prints must be in its text.

A value can be lost on its way into Word XML (a character dropped, text cut at a control
character, markup swallowed); the file still opens and nobody notices. So after rendering,
the values a template prints unconditionally — ``{{ unit }}``, ``{{ village.name }}``,
``{{ m.name }}`` inside ``{% for m in leaders %}`` — are looked up in the record's values and
each one must be found in the document's text (white space ignored, since a line break
becomes ``<w:br/>``). Prints under ``{% if %}``, through a filter, or of computed expressions
are not checked: whether and how they show depends on more than the value.
"""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from gongwen.errors import RenderError

_TEXT = re.compile(r"<(?:w:t|dc:title|dc:subject|cp:keywords|dc:description)(?: [^>]*)?>([^<]*)<")
_SPACE = re.compile(r"\s+")
_TEXT_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$"
)
EACH = "*"  # a path step: every item of a list


class ReadbackError(RenderError):
    """Raised when a value given to a document is not found in the rendered document."""


def _path(node, scope: dict[str, tuple]) -> tuple | None:
    """The context path an expression reads (``("village", "name")``), or None."""
    from jinja2 import nodes

    steps: list = []
    while True:
        if isinstance(node, nodes.Getattr):
            steps.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            steps.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            base = scope.get(node.name, (node.name,))
            return None if base is None else (*base, *reversed(steps))
        else:
            return None


def _printed_paths(template_ast) -> set[tuple]:
    """Paths of the values printed outside any condition, loops followed."""
    from jinja2 import nodes

    found: set[tuple] = set()

    def walk(node, scope: dict) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                path = _path(child, scope)
                if path:
                    found.add(path)
            return
        if isinstance(node, (nodes.If, nodes.Macro, nodes.CallBlock, nodes.FilterBlock)):
            return
        if isinstance(node, nodes.For):
            inner = dict(scope)
            target = node.target
            names = (
                [target.name]
                if isinstance(target, nodes.Name)
                else [n.name for n in target.find_all(nodes.Name)]
            )
            source = _path(node.iter.args[0] if _is_guard(node.iter) else node.iter, scope)
            for name in names:  # a tuple target or a filtered loop: its names mean nothing
                simple = isinstance(node.target, nodes.Name) and node.test is None
                inner[name] = (*source, EACH) if source and simple else None
            inner["loop"] = None
            for child in node.body:
                walk(child, inner)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock, nodes.With)):
            for target in node.find_all(nodes.Name):
                if target.ctx == "store":
                    scope[target.name] = None
            if isinstance(node, nodes.With):
                for child in node.body:
                    walk(child, dict(scope))
            return
        for child in node.iter_child_nodes():
            walk(child, scope)

    walk(template_ast, {})
    return found


def _is_guard(node) -> bool:
    from jinja2 import nodes

    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and len(node.args) == 1
    )


@lru_cache(maxsize=32)
def _paths(path: str, digest: str) -> tuple[tuple, ...]:
    from gongwen.render.environment import jinja_env, load_template

    tpl = load_template(Path(path))
    sources = [tpl.get_xml()]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [tpl.get_part_xml(part) for _, part in tpl.get_headers_footers(uri)]
    found: set[tuple] = set()
    for source in sources:
        try:
            # patch_xml: docxtpl internal; its version is bounded in pyproject.toml
            found |= _printed_paths(jinja_env().parse(tpl.patch_xml(source)))
        except Exception:  # a template that does not parse fails when rendered, not here
            continue
    return tuple(sorted(found, key=str))


def printed_paths(template: Path) -> tuple[tuple, ...]:
    """The context paths a template prints unconditionally (prepared once per template)."""
    template = Path(template)
    return _paths(str(template), hashlib.sha1(template.read_bytes()).hexdigest())


def values_at(context: dict, path: tuple) -> list[str]:
    """The printable values at ``path`` in ``context`` (strings and numbers), as text."""
    items: list = [context]
    for step in path:
        following: list = []
        for item in items:
            if step == EACH:
                if isinstance(item, (list, tuple)):
                    following += item
            elif isinstance(item, dict) and step in item:
                following.append(item[step])
            elif not isinstance(item, dict) and hasattr(item, str(step)):
                following.append(getattr(item, str(step)))
        items = following
    return [
        str(v)
        for v in items
        if isinstance(v, (str, int, float))
        and not isinstance(v, bool)
        and not hasattr(v, "__html__")
    ]


def document_text(data: bytes) -> str:
    """The text of a .docx's body, headers, footers, footnotes and core properties."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return _text(archive.read(name) for name in archive.namelist() if _TEXT_PARTS.match(name))


def parts_text(parts) -> str:
    """The text of rendered zip members (``gongwen.render.docxzip.Member``, deflated or stored)."""
    return _text(m.data for _, m in parts if _TEXT_PARTS.match(m.name))


def _text(blobs) -> str:
    chunks: list[str] = []
    for blob in blobs:
        xml = blob.decode("utf-8", errors="replace")
        chunks += (html.unescape(m) for m in _TEXT.findall(xml))
    return "".join(chunks)


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def message(name: str, where: str, field: str, value: str) -> str:
    """What the user reads when ``value`` of ``field`` is missing from document ``name``."""
    shown = value if len(value) <= 40 else value[:40] + "……"
    return (
        f"{where + '：' if where else ''}生成的公文 {name} 中找不到字段「{field}」的值"
        f"“{shown}”，内容可能在写入时丢失或被截断，未写入任何文件。"
        "请检查该值是否含有特殊字符，或模板中该标签的位置。"
    )


def verify_text(
    paths: Iterable[tuple], context: dict, text: str, name: str = "", where: str = ""
) -> None:
    """Raise ReadbackError when a value at one of ``paths`` in ``context`` is not in ``text``.

    The error carries ``field`` and ``value`` so a caller that knows the document can name it.
    """
    text = _squeeze(text)
    for path in paths:
        for value in values_at(context, path):
            squeezed = _squeeze(value)
            if squeezed and squeezed not in text:
                field = ".".join(str(s) for s in path if s != EACH)
                error = ReadbackError(message(name, where, field, value))
                error.field, error.value = field, value
                raise error


def verify_document(template: Path, context: dict, data: bytes, name: str, where: str = "") -> None:
    """Raise ReadbackError when a value ``template`` prints from ``context`` is not in ``data``."""
    paths = printed_paths(template)
    if not paths:
        return
    try:
        text = document_text(data)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ReadbackError(
            f"{where + '：' if where else ''}生成的公文 {name} 无法读回（{type(exc).__name__}），"
            "文件可能已损坏，未写入任何文件。"
        ) from None
    verify_text(paths, context, text, name, where)
