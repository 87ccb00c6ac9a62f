"""The commands about templates: ``gongwen fields`` (the fields a template may use) and
``gongwen templates export|check``, added to the command line by ``gongwen.cli``."""

from __future__ import annotations

import click


def add_template_commands(cli: click.Group, group: type[click.Group], context: dict) -> None:
    """Add ``fields`` and the ``templates`` group to ``cli``; ``group`` is the class of
    command groups and ``context`` their settings."""

    @cli.command(context_settings=context)
    @click.argument("kinds", nargs=-1, metavar="[种类]...")
    def fields(kinds: tuple[str, ...]) -> None:
        """列出模板可用的字段（按公文种类）：字段名、中文名、类型、含义、示例和来源（工作表!项目）。

        不指定种类时列出全部种类，如 gongwen fields 工作计划。
        """
        from gongwen.build import select_kinds
        from gongwen.kinds.field_list import render_text

        select_kinds(kinds)  # an unknown kind is an error naming the known ones
        click.echo(render_text(kinds), nl=False)

    @cli.group(cls=group, context_settings=context)
    def templates() -> None:
        """管理公文模板：导出随附模板、检查自备模板，修改后用 gongwen build --templates 使用。"""

    @templates.command("export", context_settings=context)
    @click.argument("dest", type=click.Path(file_okay=False), metavar="文件夹")
    @click.option("--force", is_flag=True, help="覆盖文件夹中已存在的同名模板（默认不覆盖）。")
    def export_templates(dest: str, force: bool) -> None:
        """把随附的模板复制到指定文件夹（不存在时自动创建），已有同名文件时不覆盖。"""
        from gongwen.render.template_files import export_templates as run_export

        for path in run_export(dest, force=force):
            click.echo(f"已导出模板：{path}")

    @templates.command("check", context_settings=context)
    @click.argument("folder", type=click.Path(file_okay=False), metavar="文件夹")
    def check_templates(folder: str) -> None:
        """逐个检查文件夹中的模板：标签写法、字段名（给出最接近的字段）、for/if 是否成对。

        一次列出全部问题，写明模板、段落（按 Word 中的段落数）和该段文字。
        退出状态：0 没有问题；1 发现问题；2 无法检查。
        """
        from gongwen.render.template_check import check_template_folder
        from gongwen.render.template_files import template_folder

        found = check_template_folder(template_folder(folder))
        if not found:
            click.echo(f"文件夹 {folder} 中没有公文模板（文件名须与随附模板相同）。", err=True)
            click.get_current_context().exit(2)
        for name, problems in found.items():
            status = f"✗ {name}：{len(problems)} 处问题" if problems else f"✓ {name}"
            click.echo(status)
            for problem in problems:
                click.echo(f"    {problem}")
        if any(found.values()):
            click.get_current_context().exit(1)
