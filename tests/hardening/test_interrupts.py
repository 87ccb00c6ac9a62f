"""Stopping a real run: SIGTERM, Ctrl-C (SIGINT to the whole group) and kill -9 leave no
worker or LibreOffice process, no temporary folder, no partial output and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_tools import files_under
from test_races import villages_workbook

from gongwen.output_journal import JOURNAL


def processes() -> dict[int, tuple[str, int, str]]:
    """Every live process: pid -> (state, process group, command line)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            command = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            found[int(entry)] = (fields[0], int(fields[2]), command)
    return found


def in_group(group: int) -> list[int]:
    return [pid for pid, (_, pgrp, _) in processes().items() if pgrp == group]


def gone_within(predicate, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def start_build(workbook: Path, out: Path) -> subprocess.Popen:
    """A real build of a batch in 2 worker processes, in a process group of its own."""
    run = subprocess.Popen(
        [sys.executable, "-m", "gongwen", "build", str(workbook), "-o", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(in_group(run.pid)) < 3 or not (out / JOURNAL).exists():  # workers at work
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return run


@pytest.fixture
def big_workbook(make_workbook, example_data) -> Path:
    return villages_workbook(make_workbook, example_data, 1500)


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_a_stopped_build_ends_its_workers_and_leaves_nothing(tmp_path, big_workbook, how):
    out = tmp_path / "out"
    run = start_build(big_workbook, out)
    if how == "SIGTERM":
        run.send_signal(signal.SIGTERM)
    else:  # a terminal's Ctrl-C reaches every process of the foreground group
        os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert "已中断：本次运行已停止，未完成的输出和临时文件已删除，原有文件未改动。" in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert gone_within(lambda: in_group(run.pid) == [])
    assert files_under(out) == []


def test_workers_end_when_their_parent_is_killed_9(tmp_path, big_workbook):
    run = start_build(big_workbook, tmp_path / "out")
    workers = [pid for pid in in_group(run.pid) if pid != run.pid]
    assert workers
    run.send_signal(signal.SIGKILL)
    run.communicate()
    assert gone_within(lambda: not set(workers) & set(processes()))


@pytest.mark.libreoffice
@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_a_stopped_package_ends_libreoffice_and_removes_its_temporary_folders(
    tmp_path, example_workbook, how
):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "gongwen", "package", str(example_workbook), "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )

    def converting() -> list[int]:  # LibreOffice started for this run (its profile is ours)
        return [pid for pid, (_, _, cmd) in processes().items() if str(temporary) in cmd]

    deadline = time.monotonic() + 300
    while not converting():
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    if how == "SIGTERM":
        run.send_signal(signal.SIGTERM)
    else:
        os.killpg(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert "已中断" in stderr and "Traceback" not in stderr
    assert gone_within(lambda: converting() == [])
    assert list(temporary.glob("gongwen-pdf-*")) == []
    assert files_under(out) == []


def test_ctrl_c_while_workers_start_is_raised_when_they_have_started():
    """Ctrl-C during the start of the worker pool is not lost, only held to its end; the
    children are ended at once all the same."""
    from gongwen import interrupts

    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    interrupts.stop_on_signals()
    try:
        reached_the_end = False
        with pytest.raises(KeyboardInterrupt), interrupts.held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler has run: nothing raised in the middle
            assert interrupts.stopping()
            reached_the_end = True
        assert reached_the_end
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        interrupts._stopping.clear()
