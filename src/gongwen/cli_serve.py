"""``gongwen serve``, the local web page, added to the command line by ``gongwen.cli``."""

from __future__ import annotations

import click


def add_serve_command(cli: click.Group, context: dict) -> None:
    """Add ``serve`` to ``cli``; ``context`` is the commands' settings."""

    @cli.command(context_settings=context)
    @click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        metavar="地址",
        help="监听的地址（只供本机使用）。",
    )
    @click.option(
        "--port",
        default=8765,
        show_default=True,
        type=click.IntRange(1, 65535),
        metavar="端口",
        help="监听的端口（1–65535）。",
    )
    @click.option("--no-browser", "no_browser", is_flag=True, help="不自动打开浏览器。")
    def serve(host: str, port: int, no_browser: bool) -> None:
        """在本机打开网页版：上传工作簿、查看问题、预览和下载公文、检查已有公文。

        启动时打印含访问令牌的地址；按 Ctrl+C 停止，上传和生成的文件随即删除。
        """
        from gongwen.web.server import serve as run_serve

        run_serve(host, port, open_browser=not no_browser, say=click.echo)
