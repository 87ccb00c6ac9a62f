"""``gongwen serve`` as a user starts it: the URL with its token, LibreOffice started beside
it, everything stopped and removed at Ctrl+C; a port in use is a clear message."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import layout
from web_browser import free_port


def start(tmp_path: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "gongwen", "serve", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def read_until(process: subprocess.Popen, pattern: str, timeout: float = 90) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"{pattern!r} not printed; output: {''.join(seen)}")


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.libreoffice
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_its_token_url_and_cleans_up_when_stopped(tmp_path, stop):
    layout.require_soffice()
    port = free_port()
    process = start(tmp_path, port)
    try:
        url = read_until(process, r"http://127\.0\.0\.1:\d+/\?token=").strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/")
        assert refused.value.code == 403
        refused.value.close()
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with opener.open(url) as response:
            page = response.read().decode("utf-8")
        assert "用示例工作簿试一试" in page
        read_until(process, "LibreOffice 已就绪")
        assert list(tmp_path.glob("gongwen-pdf-service-*.json"))
        assert list(tmp_path.glob("gongwen-serve-*"))
        assert processes_mentioning(str(tmp_path / "gongwen-unoserver-"))
    finally:
        process.send_signal(stop)
        rest, _ = process.communicate(timeout=90)
    assert process.returncode == 0, rest
    assert "已停止，上传和生成的文件已删除。" in rest
    assert list(tmp_path.iterdir()) == []  # uploads, state file and LibreOffice profile gone
    deadline = time.monotonic() + 10
    while processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(str(tmp_path)) == []


def test_a_port_in_use_is_a_clear_message(tmp_path, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "TMPDIR": str(tmp_path)}
        result = subprocess.run(
            [sys.executable, "-m", "gongwen", "serve", "--no-browser", "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 2
    assert "端口可能已被占用" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
    assert "LibreOffice" not in result.stdout + result.stderr  # not started for nothing
    assert list(tmp_path.iterdir()) == []
