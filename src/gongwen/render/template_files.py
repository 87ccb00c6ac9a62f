"""The template files: the shipped ones, a user's own folder (``--templates``), and exporting
the shipped ones as a starting point (``gongwen templates export``)."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from gongwen.errors import OutputError, TemplateError
from gongwen.kinds.registry import DocumentKind
from gongwen.output import write_files


def shipped_templates() -> Path:
    """The folder of the templates shipped with gongwen."""
    return Path(str(resources.files("gongwen.templates")))


def template_folder(templates: str | Path | None) -> Path:
    """The folder templates are taken from: the user's ``templates`` or the shipped one."""
    if templates is None:
        return shipped_templates()
    folder = Path(templates)
    if not folder.is_dir():
        raise TemplateError(
            f"模板文件夹 {folder} 不存在或不是文件夹。"
            "请检查 --templates 指定的路径；可用 gongwen templates export 导出随附模板。"
        )
    return folder


def check_templates(folder: Path, kinds: Iterable[DocumentKind]) -> None:
    """Every kind's template is a file in ``folder``; else one TemplateError naming them all."""
    missing = [k.template for k in kinds if not (folder / k.template).is_file()]
    if missing:
        raise TemplateError(
            f"模板文件夹 {folder} 中缺少模板：{'、'.join(missing)}，未生成任何文件。"
            "自备模板须与随附模板同名；可用 gongwen templates export 导出随附模板作为起点。"
        )


def export_templates(dest: str | Path, force: bool = False) -> list[Path]:
    """Copy the shipped templates into ``dest``; existing files only with ``force``.

    All or nothing: when one file exists (without ``force``) or cannot be written, none is.
    """
    source = shipped_templates()
    files = {
        p.name: p.read_bytes()
        for p in sorted(source.glob("*.docx"))
        if not p.name.startswith(("~$", "."))
    }
    existing = [str(Path(dest) / name) for name in files if (Path(dest) / name).exists()]
    if existing and not force:
        shown = "\n".join(f"  - {p}" for p in existing)
        raise OutputError(
            f"以下模板已存在，未做任何改动：\n{shown}\n"
            "如确需用随附模板覆盖，请加上 --force 重新运行；或另选一个文件夹。"
        )
    return write_files(dest, files, force=force)
