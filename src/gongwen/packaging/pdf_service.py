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
# LibreOffice's PDF export settings, given: its default (images kept at their resolution), but
# named, documents with figures convert in four fifths of the time, to the same pixels
EXPORT_OPTIONS = ["ReduceImageResolution=false"]
# the server: unoserver's entry point, documents opened hidden, run by the Python that has UNO
SERVER_SCRIPT = Path(__file__).with_name("uno_server.py")


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
                    inpath=str(source),
                    outpath=str(target),
                    convert_to="pdf",
                    update_index=False,
                    filter_options=EXPORT_OPTIONS,
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
        from gongwen.packaging.soffice import environment, find_soffice

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
        env = environment(work, None)
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
            str(SERVER_SCRIPT),
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
            "--libreoffice-pid-file",
            str(work / "soffice.pid"),
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
        # unoserver records LibreOffice's pid two seconds after it starts answering
        soffice = self._soffice_pid(wait=3.0 if self.process.poll() is None else 0.0)
        if self.process.poll() is None:
            self.process.terminate()  # unoserver passes it on to LibreOffice (not on Windows)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if soffice is not None and _is_ours(soffice, self.work):
            _end(soffice)
        shutil.rmtree(self.work, ignore_errors=True)

    def _soffice_pid(self, wait: float = 0.0) -> int | None:
        """LibreOffice's pid as unoserver recorded it, waiting up to ``wait`` seconds."""
        deadline = time.monotonic() + wait
        while True:
            with contextlib.suppress(OSError, ValueError):
                return int((self.work / "soffice.pid").read_text(encoding="ascii").strip())
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.1)

    def __enter__(self) -> PdfService:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _end(pid: int, timeout: float = 10.0) -> None:
    """End LibreOffice if it outlived its server (Windows: terminating a process does not
    reach its children)."""
    import signal

    deadline = time.monotonic() + timeout
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGTERM)
        while time.monotonic() < deadline:
            os.kill(pid, 0)  # raises once the process is gone
            time.sleep(0.1)
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))


def _is_ours(pid: int, work: Path) -> bool:
    """Whether ``pid`` is still the LibreOffice started with a profile in ``work`` (where
    /proc tells; elsewhere the recorded pid is trusted)."""
    cmdline = Path("/proc") / str(pid) / "cmdline"
    if not Path("/proc/self/cmdline").exists():
        return True
    try:
        return str(work) in cmdline.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False


def _trusted(path: Path) -> bool:
    """A state file another user could not have planted: ours, not writable by others."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the temp folder is the user's own
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def running() -> ServiceClient | None:
    """A client for the service another gongwen process started, if it answers; else None."""
    if importlib.util.find_spec("unoserver") is None:
        return None
    path = state_file()
    try:
        if not _trusted(path):
            return None
        port = int(json.loads(path.read_text(encoding="utf-8"))["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    client = ServiceClient(port)
    return client if client.ping() else None
