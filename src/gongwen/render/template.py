"""A template prepared once and rendered many times: the one rendering path of every document.

``CompiledTemplate.load`` does, once per template, what docxtpl's ``render()`` does every
time: it opens the template (docxtpl / python-docx), takes the XML of the parts that carry
tags — the document body, headers and footers, footnotes, core properties — runs docxtpl's
own ``patch_xml`` on it (joining tags Word split across runs, ``{%p``/``{%tr``/``{%tc``…)
and compiles it in our sandboxed Jinja environment. ``render`` then, for one record, renders
those parts only, applies docxtpl's post-render steps to them (``resolve_listing`` when the
text has a ``\\n \\t \\a \\f``, ``fix_tables``, ``fix_docpr_ids``), runs the format engine's
post-render pass on the document part, and writes the .docx by copying every other part's
compressed bytes from the template unchanged.

The output is the same, part for part, as docxtpl's ``render(autoescape=True)`` followed by
``finish_document`` and ``save``, with two deliberate differences: core properties are
rendered without autoescape (docxtpl writes ``A&amp;B`` into a title), and footnotes are
rendered once (docxtpl renders them once per section, so a value's ``{{`` would be run in a
document with two sections).
"""

from __future__ import annotations

import copy
import functools
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from gongwen.charts.embed import figure_parts, figures_in, refuse_outside_body
from gongwen.errors import TemplateError
from gongwen.formatting import font_sets, punctuation
from gongwen.formatting.font_sets import FontSet
from gongwen.formatting.table_fit_xml import fit_tables_xml
from gongwen.render.docxzip import Member, pack, read_members
from gongwen.render.environment import jinja_env, load_template, template_error
from gongwen.render.template_location import (
    PARAGRAPH_MARK,
    lines_by_paragraph,
    word_paragraphs_marked,
)
from gongwen.render.template_parts import screen_template

# docxtpl's render_xml_part restores escaped braces after rendering.
_ESCAPED_BRACES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_LISTING = ("\n", "\t", "\a", "\f")  # docxtpl's resolve_listing turns these into Word XML
_TAG = re.compile(r"\{[{%#]|\{_[{%]|[}%]_\}")
_CORE_PROPS = ("author", "comments", "identifier", "language", "subject", "title")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CORE = "application/vnd.openxmlformats-package.core-properties+xml"

# finish(document_view) -> None: the format engine's pass over the rendered document.
Finish = Callable[..., None]

_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
_UNSURE = ("<w:tbl ", "<w:sdt", "<w:customXml", "<mc:")
_TABLES = re.compile(r"<w:tbl[ >].*?</w:tbl>", re.DOTALL)


def tables_settled(xml: str) -> bool:
    """Whether docxtpl's ``fix_tables`` would leave the rendered body ``xml`` as it is.

    It changes a table's grid when a row has more cells than the grid has columns, or when
    no row spans them all (a ``{%tc`` loop, ``colspan``, a table whose rows all went). This
    reads the text; a table it cannot read plainly (nested tables, content controls, spans
    written otherwise) counts as unsettled, so the tree is parsed and fixed.
    """
    if "<w:tbl" not in xml:
        return True
    if any(mark in xml for mark in _UNSURE):
        return False
    for chunk in xml.split("<w:tbl>")[1:]:
        end = chunk.find("</w:tbl>")
        if end < 0:  # a table inside this one
            return False
        table = chunk[:end]
        columns = table.count("<w:gridCol ") + table.count("<w:gridCol/>")
        widest = 0
        for row in table.split("</w:tr>")[:-1]:
            cells = row.count("<w:tc>") + row.count("<w:tc ") + row.count("<w:tc/>")
            if cells > columns:
                return False
            if "gridSpan" in row:
                spans = _SPAN.findall(row)
                if len(spans) != row.count("gridSpan"):
                    return False
                cells += sum(int(n) - 1 for n in spans)
            widest = max(widest, cells)
        if widest < columns:
            return False
    return True


class _Part:
    """One XML part's patched Jinja source, compiled once."""

    def __init__(self, template_name: str, name: str, xml: str, tpl) -> None:
        self.name = name
        self.tpl = tpl  # docxtpl's DocxTemplate, for its listing and table passes
        # docxtpl internal; its version is bounded in pyproject.toml
        patched = tpl.patch_xml(word_paragraphs_marked(xml))
        # Values in cells leave a table's shape alone; only a statement inside a table
        # ({%tr for %}, {%tc %}, {% if %}, colspan) can add or drop rows and cells.
        self.static_tables = tables_settled(xml) and not any(
            "{%" in table for table in _TABLES.findall(patched)
        )
        # Line n of the source is paragraph n - 1 as Word counts it, {%p %} paragraphs
        # included: each paragraph's mark becomes a Jinja comment holding the line breaks.
        source = lines_by_paragraph(patched)
        self.patched = PARAGRAPH_MARK.sub("", patched)
        try:
            self.template = jinja_env().from_string(source)
        except Exception as exc:
            raise template_error(template_name, exc) from None

    @functools.lru_cache(maxsize=4)  # noqa: B019 (one part per template, few marker sets)
    def has_any(self, markers: tuple[str, ...]) -> bool:
        """Whether the template's own text of this part holds any of ``markers``."""
        return any(m in self.patched for m in markers)

    def render(self, context: dict) -> str:
        xml = self.template.render(context)
        if "\n<w:p" in xml:  # docxtpl: re.sub(r"\n<w:p([ >])", r"<w:p\1")
            xml = xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")
        if "_" in xml:
            for escaped, brace in _ESCAPED_BRACES:
                xml = xml.replace(escaped, brace)
        if any(ch in xml for ch in _LISTING):
            xml = self.tpl.resolve_listing(xml)
        return xml


def _has_tags(tpl, xml: str) -> bool:
    """Whether rendering ``xml`` could change it (tags, escaped braces or listing characters)."""
    patched = tpl.patch_xml(xml)  # docxtpl internal; its version is bounded in pyproject.toml
    return bool(_TAG.search(patched)) or tpl.resolve_listing(patched) != patched


def document_view(root, styles) -> SimpleNamespace:
    """What the format engine reads of a python-docx Document, for a bare document part:
    ``.element`` (the ``w:document`` element) and ``.styles.element`` (``w:styles``)."""
    return SimpleNamespace(element=root, styles=SimpleNamespace(element=styles))


@dataclass
class CompiledTemplate:
    """A .docx template parsed, patched and compiled once; ``render`` makes one document."""

    name: str
    members: list[Member]
    tpl: object  # docxtpl's DocxTemplate (its pre- and post-processing passes)
    shell: object  # the w:document element with an empty w:body
    styles: object  # the w:styles element, read by the format engine
    body: _Part
    document_index: int
    headers_footers: list[tuple[int, _Part]] = field(default_factory=list)
    footnotes: list[tuple[int, _Part]] = field(default_factory=list)
    core: tuple[int, object, list[tuple[str, object]]] | None = None
    finish_markers: tuple[str, ...] = ()
    prefix: bytes = b""  # the document part's text before the body, and after it
    suffix: bytes = b""

    @functools.cached_property
    def namespaces(self) -> str:
        """The document element's xmlns declarations, as written in ``prefix``."""
        start = self.prefix.index(b"<w:document")
        head = self.prefix[start : self.prefix.index(b">", start)].decode("utf-8")
        return " ".join(re.findall(r'xmlns(?::[\w.-]+)?="[^"]*"', head))

    @classmethod
    def load(cls, path: Path, fonts: FontSet | None = None) -> CompiledTemplate:
        """Prepare the template at ``path``; with ``fonts``, its faces renamed to that set's."""
        from docx.opc.oxml import serialize_part_xml
        from docx.oxml import parse_xml
        from lxml import etree

        from gongwen.formatting import finish_markers
        from gongwen.formatting.style_names import style_table

        screen_template(path)  # macros, objects, external references: refused first
        tpl = load_template(path)  # a file that is no .docx is reported here
        members = read_members(path)
        if fonts is not None:
            try:
                members = font_sets.apply(members, fonts)
            except (etree.XMLSyntaxError, zlib.error) as exc:
                raise TemplateError(
                    f"模板 {path.name} 中有无法读取的部分（{exc}），无法改用{fonts.key}字体方案。"
                    "请在 Word/WPS 中打开后另存为 .docx。"
                ) from None
            tpl = load_template(path, pack(members))
        index = {"/" + m.name: i for i, m in enumerate(members)}
        part = tpl.docx.part
        root = copy.deepcopy(part.element)
        body = _Part(path.name, "body", tpl.get_xml(), tpl)
        root.replace(root.body, parse_xml(f'<w:body xmlns:w="{_W}"/>'))
        prefix, body_slot, suffix = serialize_part_xml(root).partition(b"<w:body/>")
        if not body_slot or b"<w:body/>" in suffix:
            raise TemplateError(
                f"模板 {path.name} 的正文结构无法识别，请在 Word/WPS 中另存后重试。"
            )
        compiled = cls(
            path.name,
            members,
            tpl,
            root,
            tpl.docx.styles.element,
            body,
            index[part.partname],
            # style name -> id
            finish_markers=finish_markers(
                {name: sid for sid, name in style_table(tpl.docx.styles.element).items()}
            ),
            prefix=prefix,
            suffix=suffix,
        )
        for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
            for _, hf in tpl.get_headers_footers(uri):
                xml = tpl.get_part_xml(hf)
                if _has_tags(tpl, xml):
                    compiled.headers_footers.append(
                        (index[hf.partname], _Part(path.name, hf.partname, xml, tpl))
                    )
        for p in part.package.iter_parts():
            if p.content_type == _FOOTNOTES:
                xml = p.blob.decode("utf-8")
                if _has_tags(tpl, xml):
                    compiled.footnotes.append((index[p.partname], _Part(path.name, "fn", xml, tpl)))
            elif p.content_type == _CORE and p.partname in index:
                compiled.core = _core_templates(path.name, index[p.partname], p.blob, etree)
        return compiled

    def render(self, context: dict, finish: Finish | None = None) -> bytes:
        """The finished .docx for ``context``; ``finish(document_view)`` runs before saving."""
        return self.assemble(self.render_parts(context, finish))

    def render_parts(self, context: dict, finish: Finish | None = None) -> list[tuple[int, Member]]:
        """The rendered parts for ``context``, as (index, zip member), for ``assemble``."""
        from jinja2.exceptions import TemplateError as JinjaError

        members = self.members
        try:
            at = self.document_index
            document = self._document_xml(context, finish)
            parts = [(at, members[at].with_data(document))]
            figures = figures_in(context)
            if figures:  # pictures the document shows: their parts and relations
                parts += figure_parts(members, at, document, context)
            for at, part in self.headers_footers:
                xml = part.render(context)
                if figures:
                    refuse_outside_body(self.name, figures, xml, "页眉或页脚")
                parts.append((at, members[at].with_data(_reserialize(xml))))
            if self.core is not None:
                at, element, props = self.core
                parts.append((at, members[at].with_data(_render_core(element, props, context))))
            for at, part in self.footnotes:
                xml = part.render(context)
                if figures:
                    refuse_outside_body(self.name, figures, xml, "脚注")
                parts.append((at, members[at].with_data(xml.encode("utf-8"))))
        except JinjaError as exc:
            raise template_error(self.name, exc) from None
        return parts

    def assemble(self, parts: list[tuple[int, Member]]) -> bytes:
        """The .docx: the template's members, with the rendered ones in their places (and
        new ones, such as a figure's image, at the indexes past the end, in order)."""
        members = list(self.members)
        for at, member in sorted(parts, key=lambda part: part[0]):
            if at < len(members):
                members[at] = member
            else:
                members.append(member)
        return pack(members)

    def _document_xml(self, context: dict, finish: Finish | None) -> bytes:
        """The document part: the rendered body in the template's w:document.

        The tree is parsed, fixed (docxtpl's fix_tables, fix_docpr_ids) and finished only when
        one of those could change it; otherwise the rendered text is written as it is.
        """
        body = self.body.render(context)
        if finish is not None:  # the format engine's table fitting, on the marked tables only
            body = fit_tables_xml(body, self.namespaces)
        # A marker is a quoted attribute value; values are escaped (a quote becomes &quot;),
        # so only the template's own text can carry one.
        marked = finish is not None and self.body.has_any(self.finish_markers)
        marked = marked and any(m in body for m in self.finish_markers)
        untouched = not marked and (finish is None or not punctuation.present(body))
        settled = self.body.static_tables or tables_settled(body)
        if untouched and "docPr" not in body and settled:
            return self.prefix + body.encode("utf-8") + self.suffix
        from docx.opc.oxml import serialize_part_xml

        # docxtpl's passes over the rendered body, on a parse that tolerates bad XML; fix_tables,
        # docx_ids_index and fix_docpr_ids are docxtpl internals (version bounded in pyproject.toml)
        tree = self.tpl.fix_tables(body)
        self.tpl.docx_ids_index = 1000
        self.tpl.fix_docpr_ids(tree)
        root = copy.deepcopy(self.shell)
        root.replace(root.body, tree)
        del tree  # look-ups from here on give python-docx's element classes
        if finish is not None:
            finish(document_view(root, self.styles))
        return serialize_part_xml(root)


def _reserialize(xml: str) -> bytes:
    """A rendered header or footer as python-docx writes it (docxtpl reloads it as a part)."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    return serialize_part_xml(parse_xml(xml.encode("utf-8")))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _core_templates(name: str, at: int, blob: bytes, etree):
    """Core properties that carry tags, compiled without autoescape (their text is escaped
    once, when the XML is written); None when none does."""
    from docx.opc.coreprops import CoreProperties
    from docx.oxml import parse_xml

    element = parse_xml(blob)
    props = CoreProperties(element)
    env = jinja_env().overlay(autoescape=False)
    compiled = []
    for prop in _CORE_PROPS:
        text = getattr(props, prop)
        if _TAG.search(text):
            try:
                compiled.append((prop, env.from_string(text)))
            except Exception as exc:
                raise template_error(name, exc) from None
    return (at, element, compiled) if compiled else None


def _render_core(element, props, context: dict) -> bytes:
    from docx.opc.coreprops import CoreProperties
    from docx.opc.oxml import serialize_part_xml

    element = copy.deepcopy(element)
    core = CoreProperties(element)
    for prop, template in props:
        setattr(core, prop, template.render(context))
    return serialize_part_xml(element)


@lru_cache(maxsize=32)
def _compiled(path: str, version: tuple[int, int, int], fonts: FontSet | None) -> CompiledTemplate:
    return CompiledTemplate.load(Path(path), fonts)


def compiled_template(path: Path, fonts: FontSet | None = None) -> CompiledTemplate:
    """The template at ``path``, prepared once per process (again when the file changes);
    with ``fonts``, its faces renamed to that set's (``gongwen.formatting.font_sets``)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        raise TemplateError(f"找不到模板文件 {path}。请检查 --templates 指定的文件夹。") from None
    version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return _compiled(str(path.resolve()), version, fonts)


def render_docx(path: Path, context: dict, finish=None, fonts: FontSet | None = None) -> bytes:
    """Render the template at ``path`` with ``context``; the finished .docx as bytes.

    The template is prepared once per process (``gongwen.render.template``); ``finish`` is the
    format engine's post-render pass, called with the rendered document part (``.element``,
    ``.styles.element``) before it is saved; ``fonts`` the font set to rename the faces to.
    """
    return compiled_template(Path(path), fonts).render(context, finish)
