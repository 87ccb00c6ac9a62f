"""A LibreOffice kept running (unoserver) so PDFs and previews need no start-up per call.

Starting LibreOffice costs about a second and a fresh profile more; a running one converts a
document in a fraction of that. ``PdfService.start()`` runs unoserver's server with a Python
that can import LibreOffice's UNO bridge (``python3-uno`` on Debian, the ``python.exe`` in
LibreOffice's program folder on Windows) and records its port in a small state file, so every
gongwen process of the same user (``gongwen package`` in a terminal too) finds it through
``running()`` and converts through it. Where unoserver, UNO or the server is missing,
``running()`` is None and ``gongwen.packaging.pdf`` falls back to the batch ``soffice --convert-to``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

from gongwen.errors import RenderError

START_TIMEOUT = 60.0  # seconds allowed for LibreOffice and the server to come up
PING_TIMEOUT = 2.0  # seconds a state file's server has to answer before it is ignored
CONVERT_TIMEOUT = 120.0  # seconds allowed for one document
# the server: unoserver's own entry point, run by the Python that has UNO
SERVER_CODE = "import sys; from unoserver.server import main; sys.exit(main())"


def state_file() -> Path:
    """Where a running service records its port: one file per user in the temp folder."""
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"gongwen-pdf-service-{user}.json"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _imports_uno(python: str) -> bool:
    try:
        return (
            subprocess.run(
                [python, "-c", "import uno"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False


def uno_python(soffice: str | None = None) -> str | None:
    """A Python that can import LibreOffice's ``uno`` module, or None.

    This Python first, then the system's python3 (Debian's python3-uno), then the Python
    LibreOffice ships beside soffice (Windows, macOS).
    """
    candidates = [sys.executable, "/usr/bin/python3", shutil.which("python3")]
    if soffice:
        program = Path(soffice).resolve().parent
        candidates += [str(program / "python.exe"), str(program / "python")]
    for python in dict.fromkeys(c for c in candidates if c):
        if Path(python).is_file() and _imports_uno(python):
            return python
    return None


def _unoserver_path() -> str | None:
    """The folder holding the ``unoserver`` package, for the UNO Python's import path."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or spec.origin is None:
        return None
    return str(Path(spec.origin).parent.parent)


class ServiceClient:
    """Converts documents through a running server, one at a time (LibreOffice is serial)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._lock = threading.Lock()

    def ping(self, timeout: float = PING_TIMEOUT) -> bool:
        """Whether the server answers now."""
        previous = socket.getdefaulttimeout()
        try:
            socket.setdefaulttimeout(timeout)
            with xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}") as proxy:
                return bool(proxy.info())
        except (OSError, xmlrpc.client.Error):
            return False
        finally:
            socket.setdefaulttimeout(previous)

    def convert(self, source: Path, target: Path) -> None:
        """Write the PDF of ``source`` to ``target``; raise RenderError if it fails."""
        from unoserver.client import UnoClient

        client = UnoClient(server="127.0.0.1", port=str(self.port), host_location="local")
        try:
            with self._lock:
                # our documents have no index to update; skipping it saves a third of the time
                client.convert(
                    inpath=str(source), outpath=str(target), convert_to="pdf", update_index=False
                )
        except (OSError, xmlrpc.client.Error, RuntimeError) as exc:
            raise RenderError(f"LibreOffice 无法转换 {source.name}：{exc}") from exc


class PdfService:
    """One unoserver process with its LibreOffice, started and stopped by its owner."""

    def __init__(self, process: subprocess.Popen, client: ServiceClient, work: Path) -> None:
        self.process = process
        self.client = client
        self.work = work

    @property
    def port(self) -> int:
        return self.client.port

    @classmethod
    def start(cls, timeout: float = START_TIMEOUT) -> PdfService:
        """Start LibreOffice and unoserver; raise RenderError saying what is missing."""
        from gongwen.packaging.pdf import _environment, find_soffice

        soffice = find_soffice()
        package_dir = _unoserver_path()
        if package_dir is None:
            raise RenderError("未安装 unoserver（pip install unoserver），将逐次启动 LibreOffice。")
        python = uno_python(soffice)
        if python is None:
            raise RenderError(
                "找不到能使用 LibreOffice UNO 的 Python（Debian/Ubuntu：apt-get install "
                "python3-uno），将逐次启动 LibreOffice。"
            )
        work = Path(tempfile.mkdtemp(prefix="gongwen-unoserver-"))
        env = _environment(work, None)
        # LibreOffice's own temporary files go in the service's folder, removed at stop
        (work / "tmp").mkdir()
        for name in ("TMPDIR", "TMP", "TEMP"):
            env[name] = str(work / "tmp")
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_dir, env.get("PYTHONPATH", "")) if p
        )
        port, uno_port = _free_port(), _free_port()
        command = [
            python,
            "-c",
            SERVER_CODE,
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--uno-port",
            str(uno_port),
            "--executable",
            soffice,
            "--user-installation",
            str(work / "profile"),
            "--temp-dir",
            str(work / "tmp"),
            "--conversion-timeout",
            str(int(CONVERT_TIMEOUT)),
            "--quiet",
        ]
        log = open(work / "server.log", "wb")  # noqa: SIM115 - kept open for the server's life
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env
        )
        log.close()
        service = cls(process, ServiceClient(port), work)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if service.client.ping():
                service._publish()
                return service
            time.sleep(0.25)
        service.stop()
        raise RenderError(f"LibreOffice 服务未能在 {timeout:g} 秒内启动，将逐次启动 LibreOffice。")

    def _publish(self) -> None:
        data = {"port": self.port, "pid": self.process.pid}
        target = state_file()
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, target)

    def stop(self) -> None:
        """Stop the server and its LibreOffice; forget the state file if it is ours."""
        with contextlib.suppress(OSError, ValueError):
            if json.loads(state_file().read_text(encoding="utf-8")).get("port") == self.port:
                state_file().unlink()
        if self.process.poll() is None:
            self.process.terminate()  # unoserver passes it on to LibreOffice
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> PdfService:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def running() -> ServiceClient | None:
    """A client for the service another gongwen process started, if it answers; else None."""
    if importlib.util.find_spec("unoserver") is None:
        return None
    try:
        port = int(json.loads(state_file().read_text(encoding="utf-8"))["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    client = ServiceClient(port)
    return client if client.ping() else None
