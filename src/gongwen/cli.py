"""The command line: each command a few lines around a library call.

Heavy libraries (python-docx, lxml, openpyxl) are imported inside the commands, so that
``gongwen --help`` starts at once. Every GongwenError is turned into a Chinese message on
standard error and its exit code here, in one place.
"""

from __future__ import annotations

import click

from gongwen import __version__
from gongwen.cli_i18n import install as _install_chinese
from gongwen.errors import GongwenError

_install_chinese()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A GongwenError on its way to the terminal."""

    def __init__(self, error: GongwenError) -> None:
        super().__init__(error.message)
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


class Command(click.Command):
    """A command whose usage line speaks Chinese."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """Translates the project's errors into messages and exit codes for every command."""

    command_class = Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GongwenError as error:
            raise UserError(error) from None


@click.group("gongwen", cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="gongwen")
def cli() -> None:
    """gongwen：用一个 Excel 工作簿生成符合 GB/T 9704-2012 的安全社区创建公文。

    \b
    常用流程：
      gongwen build                      用随附的示例工作簿生成全部公文
      gongwen build 我的工作簿.xlsx -o 输出  用自己的工作簿生成，写入“输出”文件夹
    """


@cli.command(context_settings=CONTEXT)
@click.argument("workbook", required=False, type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--outdir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="输出文件夹；公文写入其中的“<单位名称>”子文件夹。",
)
@click.option("--force", is_flag=True, help="覆盖已存在的同名文件（默认不覆盖）。")
def build(workbook: str | None, outdir: str, force: bool) -> None:
    """由工作簿 WORKBOOK 生成公文（不指定时使用随附的示例工作簿）。

    先完整读取并校验工作簿，发现问题时一次列出全部问题（工作表!单元格），不写任何文件。
    """
    from gongwen.build import build as run_build

    for built in run_build(workbook, outdir, force=force):
        click.echo(f"已生成 {built.kind}：{built.path}")


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="路径...")
@click.option(
    "--registry", type=click.Path(dir_okay=False), help="用工作簿的“依据文件”表核对引用。"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 每行一处问题；json 供程序读取。",
)
@click.option("--fix", is_flag=True, help="另存 <文件名>.fixed.docx，只做确定无误的修正。")
def check(paths: tuple[str, ...], registry: str | None, fmt: str, fix: bool) -> None:
    """检查 .docx 公文、.xlsx 工作簿或其所在文件夹中的引用、层次序数、日期和版式。

    退出状态：0 没有错误；1 发现错误；2 无法检查。
    """
    from gongwen.check import check_paths, collect_files, fix_docx
    from gongwen.check.report import render_json, render_text
    from gongwen.workbook import read_registry

    basis = read_registry(registry) if registry else None
    files = collect_files(paths)
    findings = check_paths(files, basis)
    render = render_json if fmt == "json" else render_text
    click.echo(render(findings, len(files)), nl=False)
    if fix:
        for path in (f for f in files if f.suffix.lower() == ".docx"):
            click.echo(f"已另存修正稿：{fix_docx(path)}", err=True)
    if any(f.severity == "error" for f in findings):
        click.get_current_context().exit(1)


def main() -> None:
    """Entry point of the ``gongwen`` console script."""
    cli.main(prog_name="gongwen")


if __name__ == "__main__":
    main()
