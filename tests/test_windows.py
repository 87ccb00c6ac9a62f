"""Windows, simulated: no ``os.fork`` (a large batch spawns its workers, the side work runs
in process), no process groups, and LibreOffice found in Program Files rather than on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongwen.build import build
from gongwen.errors import RenderError
from gongwen.packaging import pdf, pdf_service
from gongwen.render import batch
from gongwen.render import side_process as sidework
from test_jobs import ROWS, many_villages  # noqa: F401 - the fixture is used below


@pytest.fixture
def no_fork(monkeypatch):
    monkeypatch.delattr(os, "fork")
    assert not sidework.can_fork()


def test_without_fork_the_side_work_runs_in_this_process(no_fork):
    parent = os.getpid()
    result = sidework.beside(lambda: os.getpid(), overlap=True)
    assert result() == parent


def test_without_fork_a_large_batch_spawns_its_workers_and_gives_the_same_files(
    tmp_path,
    many_villages,  # noqa: F811 - the fixture imported from test_jobs
    monkeypatch,
):
    forked = build(many_villages, only=["村社区档案"], jobs=2).files
    contexts = []
    real = batch.multiprocessing.get_context

    def spy(method=None):
        contexts.append(method)
        return real(method)

    monkeypatch.delattr(os, "fork")
    monkeypatch.setattr(batch.multiprocessing, "get_context", spy)
    spawned = build(many_villages, only=["村社区档案"], jobs=2).files
    assert contexts == ["spawn"]
    assert len(spawned) == len(forked) == ROWS + 1  # and the summary workbook
    assert list(spawned) == list(forked)  # the same files in the same order
    assert spawned == forked  # byte for byte


def fake_windows(monkeypatch, program_files: Path) -> Path:
    """sys.platform win32, nothing on PATH, LibreOffice in its usual folder."""
    soffice = program_files / "LibreOffice" / "program" / "soffice.exe"
    soffice.parent.mkdir(parents=True)
    soffice.write_text("")
    soffice.chmod(0o755)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ProgramFiles", str(program_files))
    return soffice


def test_soffice_is_found_in_program_files_when_not_on_path(monkeypatch, tmp_path):
    soffice = fake_windows(monkeypatch, tmp_path / "Program Files")
    assert pdf.find_soffice() == str(soffice)


def test_without_libreoffice_the_message_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "empty"))
    for name in ("ProgramW6432", "ProgramFiles(x86)"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RenderError) as info:
        pdf.find_soffice()
    assert "未找到 LibreOffice" in info.value.message and "--no-pdf" in info.value.message


def test_the_uno_python_beside_soffice_is_used_when_no_other_has_uno(monkeypatch, tmp_path):
    soffice = fake_windows(monkeypatch, tmp_path / "Program Files")
    bundled = soffice.parent / "python.exe"
    bundled.write_text("")
    monkeypatch.setattr(pdf_service, "_imports_uno", lambda python: python == str(bundled))
    assert pdf_service.uno_python(str(soffice)) == str(bundled)


def test_a_timed_out_soffice_is_killed_without_process_groups(monkeypatch):
    monkeypatch.delattr(os, "killpg")
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    started = time.monotonic()
    pdf._kill_group(process)
    assert process.returncode is not None and time.monotonic() - started < 10
