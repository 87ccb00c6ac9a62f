"""Rendering a .docx template with campaign values, safely.

Templates run in an immutable sandboxed Jinja environment with autoescape and StrictUndefined:
a value's ``&``, ``<`` or ``{{ 7*7 }}`` comes out verbatim, a template cannot reach Python
internals, and a field the workbook does not supply is an error naming it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from gongwen.errors import TemplateError, TemplateRenderError
from gongwen.render.filters import FILTERS
from gongwen.render.jinja_messages import chinese_message, runtime_reason


@lru_cache(maxsize=1)
def jinja_env():
    """The one Jinja environment every template is rendered in."""
    from jinja2 import StrictUndefined

    from gongwen.render.sandbox import BoundedSandbox

    # the immutable sandbox, bounded in size, loop steps and time (gongwen.render.sandbox)
    env = BoundedSandbox(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def template_error(name: str, exc: Exception) -> TemplateRenderError:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    from gongwen.render.sandbox import RenderLimitError
    from gongwen.render.template_location import where

    at = where(exc)  # 第 3 段“……”: the paragraph of the tag, when known
    pre = f"{at}：" if at else ""
    if isinstance(exc, RenderLimitError):
        return TemplateRenderError(
            f"模板 {name} 超出了渲染限制（{pre}{exc}），已停止渲染，未生成任何文件。"
            "请检查模板中的循环和重复、拼接运算。"
        )
    if isinstance(exc, SecurityError):
        return TemplateRenderError(
            f"模板 {name} 含有不安全的表达式（{pre}{exc}），已拒绝渲染，未生成任何文件。"
            "模板中只能使用工作簿提供的字段。"
        )
    if isinstance(exc, UndefinedError):
        m = _UNDEFINED.search(str(exc))
        field = (m.group(1) or m.group(2)) if m else str(exc)
        return TemplateRenderError(
            f"模板 {name} 使用了工作簿没有提供的字段「{field}」{f'（{at}）' if at else ''}，"
            "未生成任何文件。"
            "请检查模板中的标签拼写，或在工作簿中补充相应内容。"
        )
    if isinstance(exc, TemplateSyntaxError):
        return _template_own(
            f"模板 {name} 的标签写法有误（{pre}{chinese_message(exc.message or '')}），未生成任何文件。"
            "请在 Word/WPS 中检查 {{ }} 与 {% %} 是否成对、完整。"
        )
    return TemplateRenderError(
        f"模板 {name} 的表达式无法计算（{pre}{runtime_reason(exc)}），未生成任何文件。"
    )


def _template_own(message: str) -> TemplateRenderError:
    """An error of the template itself, whichever workbook row was being rendered."""
    error = TemplateRenderError(message)
    error.row_related = False
    return error


def load_template(path: Path, data: bytes | None = None):
    """A docxtpl template, or a TemplateError saying what is wrong with the file.

    ``data``: the file's bytes as changed in memory (its faces renamed), read instead."""
    import io

    from docxtpl import DocxTemplate

    if not path.is_file():
        raise TemplateError(f"找不到模板文件 {path}。请检查 --templates 指定的文件夹。")
    try:
        tpl = DocxTemplate(str(path) if data is None else io.BytesIO(data))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise TemplateError(
            f"模板 {path} 无法打开（{type(exc).__name__}），它不是有效的 .docx 文件。"
            "请在 Word/WPS 中打开后另存为 .docx。"
        ) from None
    return tpl
