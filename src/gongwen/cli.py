"""The command line: each command a few lines around a library call.

Heavy libraries (python-docx, lxml, openpyxl) are imported inside the commands, so that
``gongwen --help`` starts at once. Every GongwenError is turned into a Chinese message on
standard error and its exit code here, in one place.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from gongwen.cli_i18n import install as _install_chinese
from gongwen.cli_serve import add_serve_command
from gongwen.cli_templates import add_template_commands
from gongwen.errors import GongwenError
from gongwen.version import __version__

_install_chinese()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
BLANK_WORKBOOK = "安全社区创建.xlsx"


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
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: everything begun was undone on the way
            from gongwen.interrupts import INTERRUPTED_MESSAGE, exit_interrupted

            click.echo(INTERRUPTED_MESSAGE, err=True)
            exit_interrupted(ctx.exit)
        except GongwenError as error:
            findings = getattr(error, "findings", None)
            if findings:
                from gongwen.check.report import render_text

                click.echo(render_text(findings), nl=False, err=True)
            raise UserError(error) from None
        except OSError as error:  # one the library did not expect: said in Chinese, no traceback
            from gongwen.errors import os_error

            raise UserError(os_error(error)) from None


@click.group("gongwen", cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="gongwen")
def cli() -> None:
    """gongwen：用一个 Excel 工作簿生成符合 GB/T 9704-2012 的安全社区创建公文。

    \b
    常用流程：
      gongwen build                      用随附的示例工作簿生成全部公文
      gongwen build 我的工作簿.xlsx -o 输出  用自己的工作簿生成，写入“输出”文件夹
    """


# the font set of build and package, defined once
fonts_set_option = click.option(
    "--fonts-set",
    "fonts_set",
    type=click.Choice(["Windows", "GB2312"], case_sensitive=False),
    default=None,
    metavar="方案",
    help="字体方案：Windows（仿宋、楷体、黑体，标题宋体加粗，Windows 自带）或 GB2312"
    "（仿宋_GB2312、楷体_GB2312、方正小标宋简体）；不指定时用工作簿 基本信息 的“字体方案”，"
    "再没有则为 Windows。",
)


@cli.command(context_settings=CONTEXT)
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), metavar="[工作簿]")
@click.option(
    "-o",
    "--outdir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="输出文件夹；公文写入其中的“<单位名称>”子文件夹。",
)
@click.option("--force", is_flag=True, help="覆盖已存在的同名文件（默认不覆盖）。")
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="种类",
    help="只生成该种类的公文，可多次指定，如 --only 工作计划 --only 村社区档案（种类见 gongwen list）。",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False),
    metavar="文件夹",
    help="使用该文件夹中的自备模板代替随附模板（文件名须相同，可先用 gongwen templates export 导出）。",
)
@click.option("--strict", is_flag=True, help="检查发现的警告也视为错误，停止生成。")
@fonts_set_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="批量生成时使用的进程数（默认为处理器核数；少于 50 份时不另起进程）。",
)
def build(
    workbook: str | None,
    outdir: str,
    force: bool,
    only: tuple[str, ...],
    templates: str | None,
    strict: bool,
    jobs: int | None,
    fonts_set: str | None,
) -> None:
    """由工作簿生成公文（不指定时使用随附的示例工作簿）。

    先完整读取并校验工作簿，发现问题时一次列出全部问题（工作表!单元格），不写任何文件。
    工作簿缺少某种公文所需的可选工作表时，跳过该种公文并提示；用 --only 指定它时则报错。
    写入前检查工作簿文字和每份公文的引用、占位符、序号、日期和版式（同 gongwen check）：
    有错误时列出并停止，不写任何文件；警告照常列出，加 --strict 时也停止。
    """
    from gongwen.build import build_to as run_build

    with _progress_bar("正在生成公文") as progress:
        result = run_build(
            workbook,
            outdir,
            force=force,
            only=only,
            templates=templates,
            progress=progress,
            strict=strict,
            workers=jobs,
            fonts_set=fonts_set,
        )
    if result.warnings:
        from gongwen.check.report import render_text

        click.echo(render_text(result.warnings), nl=False, err=True)
    for built in result:
        click.echo(f"已生成 {built.kind}：{built.path}")
    for path in result.removed:
        click.echo(f"已删除上次生成、本次不再生成的文件：{path}")
    if result.stale:
        from gongwen.build_record import stale_note

        click.echo(stale_note(result.stale), err=True)
    for skipped in result.skipped:
        click.echo(
            f"提示：未生成「{skipped.kind}」：{skipped.reason}。如需生成，请补充后重新运行。",
            err=True,
        )


class _ProgressBar:
    """click's progress bar on standard error, started at the first report of progress."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextmanager
def _progress_bar(label: str):
    """A progress callback that draws a bar when standard error is a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _ProgressBar(label)
    try:
        yield bar
    finally:
        bar.close()


@cli.command("list", context_settings=CONTEXT)
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), metavar="[工作簿]")
@click.option(
    "--templates",
    type=click.Path(file_okay=False),
    metavar="文件夹",
    help="同时检查该文件夹中的自备模板（默认检查随附模板）。",
)
def list_kinds(workbook: str | None, templates: str | None) -> None:
    """列出全部公文种类、所用模板、所需工作表和列，以及工作簿是否具备（✓/✗）。

    不指定工作簿时检查随附的示例工作簿。
    """
    from gongwen.build import shipped_example
    from gongwen.kinds.catalog import describe_kinds, render_text

    path = workbook or shipped_example()
    click.echo(render_text(describe_kinds(path, templates), path), nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument(
    "path",
    required=False,
    default=BLANK_WORKBOOK,
    type=click.Path(dir_okay=False),
    metavar="[文件]",
)
def init(path: str) -> None:
    """生成空白工作簿（默认为当前文件夹中的 安全社区创建.xlsx），不覆盖已有文件。

    工作簿含全部工作表，列名带批注说明填写内容、格式和示例，枚举列有下拉选项；
    第一个工作表“填写说明”逐表逐列说明填法并给出示例，它不会被读取。各表从第 2 行起直接填写。
    """
    from gongwen.workbook.writer import write_blank_workbook

    written = write_blank_workbook(path)
    click.echo(f"已生成空白工作簿：{written}")
    click.echo(
        f"请参照“填写说明”表和列名批注，从第 2 行起填写各工作表，然后运行：gongwen build {written}"
    )


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
@click.option("--force", is_flag=True, help="与 --fix 同用：覆盖已存在的 .fixed.docx。")
def check(paths: tuple[str, ...], registry: str | None, fmt: str, fix: bool, force: bool) -> None:
    """检查 .docx 公文、.xlsx 工作簿或其所在文件夹中的引用、层次序数、日期和版式。

    退出状态：0 没有错误；1 发现错误；2 无法检查。
    """
    from gongwen.check import check_paths, collect_files, fix_docx
    from gongwen.check.report import render_json, render_text
    from gongwen.workbook.reader import read_registry

    basis = read_registry(registry) if registry else None
    files = collect_files(paths)
    findings = check_paths(files, basis)
    render = render_json if fmt == "json" else render_text
    click.echo(render(findings, len(files)), nl=False)
    if fix:
        for path in (f for f in files if f.suffix.lower() == ".docx"):
            fixed = fix_docx(path, force=force)
            shown = f"已另存修正稿：{fixed}" if fixed else f"没有可自动修正的问题，未另存：{path}"
            click.echo(shown, err=True)
    if any(f.severity == "error" for f in findings):
        click.get_current_context().exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("workbook", required=False, type=click.Path(dir_okay=False), metavar="[工作簿]")
@click.option(
    "-o",
    "--outdir",
    default="outputs",
    show_default=True,
    type=click.Path(file_okay=False),
    help="输出文件夹；材料包（.zip 和同名文件夹）写入其中。",
)
@click.option(
    "--no-pdf", "no_pdf", is_flag=True, help="只放 .docx，不生成 PDF（不需要 LibreOffice）。"
)
@click.option(
    "--fonts",
    "fonts_dir",
    type=click.Path(exists=True, file_okay=False),
    metavar="文件夹",
    help="生成 PDF 时使用该文件夹中的字体文件（仿宋_GB2312、方正小标宋简体等）。",
)
@click.option("--force", is_flag=True, help="覆盖已存在的同名材料包（默认不覆盖）。")
@fonts_set_option
def package(
    workbook: str | None,
    outdir: str,
    no_pdf: bool,
    fonts_dir: str | None,
    force: bool,
    fonts_set: str | None,
) -> None:
    """由工作簿生成报送区安委办的材料包（不指定时使用随附的示例工作簿）。

    \b
    材料包是“<单位名称>安全社区创建材料-<成文日期>”文件夹及同名 .zip，内含：
      00-报送函、01-材料清单、02 起的各项公文（.docx 和 .pdf）、村社区档案子文件夹、
      检查报告.txt、文件清单.txt 和 manifest.json（每个文件的大小和 SHA-256）。
    检查发现错误或任一文档无法转换为 PDF 时，不生成材料包。
    """
    from gongwen.packaging.package import make_package

    with _progress_bar("正在转换 PDF") as progress:
        result = make_package(
            workbook,
            outdir,
            pdf=not no_pdf,
            fonts_dir=fonts_dir,
            force=force,
            progress=progress,
            fonts_set=fonts_set,
        )
    for skipped in result.skipped:
        click.echo(f"提示：材料包中没有「{skipped.kind}」，{skipped.reason}。", err=True)
    if result.substitutions:
        faces = "；".join(f"{name} → {face}" for name, face in result.substitutions)
        click.echo(
            f"提示：本机没有公文所用的以下字体，PDF 中已用替代字体排版：{faces}。"
            "字形与正式字体略有不同；请安装这些字体，或用 --fonts 指定字体文件夹后重新生成"
            "（见 README“安装公文字体”）。",
            err=True,
        )
    if result.warnings:
        click.echo(
            f"提示：检查发现 {len(result.warnings)} 处警告，详见材料包中的检查报告.txt。", err=True
        )
    click.echo(f"已生成材料包：{result.zip_path}（共 {result.files} 个文件）")
    click.echo(f"同名文件夹：{result.folder}")


@cli.command(context_settings=CONTEXT)
@click.argument("package_path", type=click.Path(), metavar="材料包")
def verify(package_path: str) -> None:
    """按 manifest.json 逐个核对材料包（.zip 或文件夹）中每个文件的大小和 SHA-256。

    列出被修改、缺少和多出的文件。退出状态：0 全部一致；1 有不一致；2 无法校验。
    """
    from gongwen.packaging.manifest import verify as run_verify

    result = run_verify(package_path)
    click.echo(result.text(), nl=False)
    if not result.ok:
        click.get_current_context().exit(1)


add_template_commands(cli, Group, CONTEXT)
add_serve_command(cli, CONTEXT)


def main() -> None:
    """Entry point of the ``gongwen`` console script."""
    from gongwen.interrupts import stop_on_signals

    stop_on_signals()  # SIGTERM as Ctrl-C: LibreOffice and workers ended, temporary files gone
    cli.main(prog_name="gongwen")


if __name__ == "__main__":
    main()
