"""Running the page: uvicorn on 127.0.0.1, the token URL, LibreOffice kept running beside it."""

from __future__ import annotations

import logging
import signal
import threading
import time
import webbrowser
from collections.abc import Callable

from gongwen.errors import GongwenError, RenderError
from gongwen.web.jobs import Jobs
from gongwen.web.security import new_token

log = logging.getLogger("gongwen.web")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def page_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


class PdfServiceStarter:
    """Starts the LibreOffice service in a thread, so the page is up at once; stops it."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.service = None
        self.thread = threading.Thread(target=self._start, name="gongwen-pdf-service", daemon=True)

    def _start(self) -> None:
        from gongwen.web import service

        try:
            self.service = service.start_pdf_service()
        except RenderError as error:
            self.say(f"提示：{error.message}")
        else:
            self.say("LibreOffice 已就绪，预览和 PDF 将更快生成。")

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        if self.thread.ident is None:  # never started: the page did not come up
            return
        self.thread.join(timeout=90)
        if self.service is not None:
            self.service.stop()


def _interrupt(number, frame) -> None:
    raise KeyboardInterrupt


def _stop_on_termination() -> dict:
    """Make SIGTERM and SIGHUP (a closed terminal) end the server as Ctrl+C does, cleaning up.

    uvicorn handles them while it runs and raises them again once it has shut down; with the
    default handler the process would then die before removing the uploads and stopping
    LibreOffice. Returns the handlers replaced."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {number: signal.signal(number, _interrupt) for number in numbers}


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the page until interrupted; every upload and result is removed at exit."""
    import uvicorn

    from gongwen.web.app import create_app

    token = new_token()
    jobs = Jobs()
    app = create_app(token, host=host, jobs=jobs)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    url = page_url("127.0.0.1" if host in ("0.0.0.0", "::") else host, port, token)
    starter = PdfServiceStarter(say)

    def announce() -> None:
        """Once the server listens: print the address, open the browser."""
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            say(
                f"gongwen 页面已启动，请在浏览器中打开（地址含访问令牌，请勿转发给他人）：\n  {url}"
            )
            say("关闭本窗口或按 Ctrl+C 停止。")
            starter.start()
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, name="gongwen-announce", daemon=True).start()
    previous = _stop_on_termination()
    try:
        try:
            server.run()
        except SystemExit:  # uvicorn exits when it cannot bind
            server.started = False
        except KeyboardInterrupt:  # uvicorn passes Ctrl+C on once it has shut down
            pass
        if not server.started:
            raise GongwenError(
                f"无法在 {host}:{port} 上启动网页（端口可能已被占用），请用 --port 换一个端口。"
            )
    finally:
        jobs.close()
        starter.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    say("已停止，上传和生成的文件已删除。")
