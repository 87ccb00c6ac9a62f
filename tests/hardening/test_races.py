"""Other processes at work on the output folder: a folder swapped for a link mid-build, a
second run at the same time, and ``kill -9`` at any point of a ``--force`` commit."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hardening_tools import files_under

import gongwen.output as output
from campaign_data import many_villages
from gongwen.build import build_to
from gongwen.build_record import RECORD_NAME
from gongwen.errors import OutputError
from gongwen.output import locked_output
from gongwen.output_journal import JOURNAL
from gongwen.output_tree import CheckedTree

ARCHIVES = Path("静观镇") / "村社区档案"


def villages_workbook(make_workbook, example_data, rows: int) -> Path:
    return make_workbook(many_villages(example_data, rows))


def gongwen(*args: str) -> list[str]:
    return [sys.executable, "-m", "gongwen", *args]


# --- 1. a folder swapped for a link while a large build runs --------------------------------

SWAPPER = textwrap.dedent(
    """
    import os, sys, time
    folder, aside, evil, stop = sys.argv[1:]
    swaps = 0
    while not os.path.exists(stop):
        try:
            if os.path.isdir(folder) and not os.path.islink(folder):
                os.rename(folder, aside)
                os.symlink(evil, folder)
                time.sleep(0.002)
                os.unlink(folder)
                os.rename(aside, folder)
                swaps += 1
        except OSError:
            pass
    print(swaps)
    """
)


def test_a_folder_swapped_for_a_link_during_a_large_build_receives_nothing(
    tmp_path, make_workbook, example_data
):
    """A real process swaps 静观镇/村社区档案 for a link to another folder again and again
    while 3,000 village files are written: not one file reaches the link's target."""
    workbook = villages_workbook(make_workbook, example_data, 3000)
    out, evil, stop = tmp_path / "out", tmp_path / "elsewhere", tmp_path / "stop"
    evil.mkdir()
    folder = out / ARCHIVES
    swapper = subprocess.Popen(
        [sys.executable, "-c", SWAPPER, str(folder), str(tmp_path / "aside"), str(evil), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            result = build_to(workbook, out, only=["村社区档案"])
        except OutputError as error:
            result = None
            # the link met when the folder was opened
            assert "被换成了链接" in str(error), str(error)
    finally:
        stop.touch()
        swaps = int(swapper.communicate(timeout=60)[0])
    assert swaps > 0  # the swapper did swap while the build ran
    assert list(evil.iterdir()) == []
    if result is not None:
        assert not folder.is_symlink()
        written = [p for p in files_under(out) if p.is_file()]
        assert len(result) == 3001
        assert len(written) == len(result) + 1  # and the build record, in the same commit
        assert (out / "静观镇" / RECORD_NAME).is_file()
        assert all(p.resolve().is_relative_to(out.resolve()) for p in written)


def _swap_before_commit(monkeypatch, folder: Path, aside: Path, evil: Path) -> None:
    real = output.StagedWrite.commit

    def commit(self, *args, **kwargs):
        os.rename(folder, aside)
        os.symlink(evil, folder)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(output.StagedWrite, "commit", commit)


def test_a_folder_swapped_between_staging_and_commit_still_gets_nothing_through_the_link(
    tmp_path, example_workbook, example_data, monkeypatch
):
    out, evil = tmp_path / "out", tmp_path / "elsewhere"
    evil.mkdir()
    _swap_before_commit(monkeypatch, out / ARCHIVES, tmp_path / "aside", evil)
    result = build_to(example_workbook, out)
    assert list(evil.iterdir()) == []
    # every archive went into the folder that was opened, wherever it was moved
    archives = list((tmp_path / "aside").iterdir())
    assert len(archives) == len(example_data["村社区"]) + 1  # and the 村社区汇总表
    # the build record went in with them, through the same handles, and names them
    record = json.loads((out / "静观镇" / RECORD_NAME).read_text(encoding="utf-8"))
    recorded = record["kinds"][ARCHIVES.name]
    assert sorted(recorded) == sorted(f"{ARCHIVES.name}/{p.name}" for p in archives)
    assert sum(len(files) for files in record["kinds"].values()) == len(result)


def test_without_directory_handles_each_move_is_checked_just_before_it(
    tmp_path, example_workbook, monkeypatch
):
    """The portable path (Windows has no dir_fd): the swap is found before the move."""
    out, evil = tmp_path / "out", tmp_path / "elsewhere"
    evil.mkdir()
    monkeypatch.setattr(output, "open_tree", CheckedTree)
    _swap_before_commit(monkeypatch, out / ARCHIVES, tmp_path / "aside", evil)
    with pytest.raises(OutputError) as info:
        build_to(example_workbook, out)
    assert "静观镇/村社区档案 在写入过程中被换成了链接或移出了输出文件夹" in str(info.value)
    assert list(evil.iterdir()) == []


# --- 5. two runs into one folder at the same time -------------------------------------------


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)


HELD_BUILD = textwrap.dedent(
    """
    import os, sys, time
    import gongwen.output as output
    from gongwen.cli import main

    held, go = sys.argv[1:3]
    commit = output.StagedWrite.commit

    def held_commit(self, *args):  # the files are staged and the folder is locked: wait here
        open(held, "w").close()
        while not os.path.exists(go):
            time.sleep(0.01)
        return commit(self, *args)

    output.StagedWrite.commit = held_commit
    sys.argv = ["gongwen", *sys.argv[3:]]
    main()
    """
)


@pytest.mark.parametrize("second", ["build", "package"])
def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path, example_workbook, second):
    """Two real processes: the first builds (held just before it commits, its files staged);
    the second, a build or a package into the same folder, is refused with a message and
    changes nothing; the first then finishes, and a third run goes ahead."""
    out, held, go = tmp_path / "out", tmp_path / "held", tmp_path / "go"
    first = subprocess.Popen(
        [sys.executable, "-c", HELD_BUILD, str(held), str(go), "build", str(example_workbook),
         "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    _wait_for(held, first)
    args = ["build", str(example_workbook), "-o", str(out), "--force"]
    if second == "package":
        args = ["package", str(example_workbook), "-o", str(out), "--no-pdf", "--force"]
    refused = subprocess.run(gongwen(*args), capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2
    assert refused.stderr.startswith(
        f"错误：输出文件夹 {out} 正被另一个 gongwen 运行（生成或打包）使用，本次运行已停止"
    )
    assert "Traceback" not in refused.stderr
    go.touch()
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    built = sorted(p.name for p in (out / "静观镇").iterdir())
    assert "静观镇创建安全社区工作计划.docx" in built and "村社区档案" in built
    # the folder is free again: a third run goes ahead
    again = subprocess.run(gongwen(*args), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr


# --- 6. kill -9 at random points of a --force commit ----------------------------------------


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in files_under(folder) if p.is_file()
    }


def _journal_state(out: Path) -> str | None:
    try:
        return json.loads((out / JOURNAL).read_bytes())["state"]
    except (OSError, ValueError, KeyError):
        return None


def test_kill_9_at_random_points_of_a_forced_commit_never_loses_or_mixes_a_file(
    tmp_path, make_workbook, example_data
):
    workbook = villages_workbook(make_workbook, example_data, 120)
    build_to(workbook, tmp_path / "reference", only=["村社区档案"])
    new = _contents(tmp_path / "reference")  # builds are byte-identical
    out = tmp_path / "out"
    rng = random.Random(16)
    args = gongwen(
        "build", str(workbook), "-o", str(out), "--only", "村社区档案", "-j", "1", "--force"
    )
    outcomes = {"old": 0, "new": 0, "mixed": 0, "cut mid-commit": 0}
    for attempt in range(20):
        # every file old again: "old <name>", so each is either wholly old or wholly new
        old = {rel: b"old " + rel.encode() for rel in new}
        for rel, data in old.items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt % 3 == 0:  # anywhere in the run
            time.sleep(rng.uniform(0.3, 2.5))
        else:  # while the files are being moved into place
            deadline = time.monotonic() + 120
            while _journal_state(out) != "moving" and run.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.004))
        run.send_signal(signal.SIGKILL)
        run.wait()
        if _journal_state(out) == "moving":
            outcomes["cut mid-commit"] += 1
        # the next run settles what the killed one left before anything else
        if attempt % 4 == 0:  # a whole run: it settles, then finds the files exist
            settled = subprocess.run(
                gongwen("build", str(workbook), "-o", str(out), "--only", "村社区档案"),
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert settled.returncode == 2 and "以下文件已存在" in settled.stderr, settled.stderr
        else:  # what every run does first
            with locked_output(out):
                pass
        after = _contents(out)
        assert after.keys() == new.keys(), attempt  # no file lost, none left over
        assert all(after[rel] in (old[rel], new[rel]) for rel in after), attempt
        assert not [p for p in files_under(out) if p.name.startswith(".~gongwen")]
        # the documents of one commit together, and the build record (.gongwen-build.json)
        # with them: it is written in the same commit
        assert any(rel.endswith(RECORD_NAME) for rel in after)
        kinds = {("new" if after[rel] == new[rel] else "old") for rel in after}
        outcomes["mixed" if len(kinds) == 2 else kinds.pop()] += 1
    # never a mix: a commit cut short is rolled back whole, a finished one kept whole
    assert outcomes["mixed"] == 0, outcomes
    assert outcomes["old"] > 0 and outcomes["cut mid-commit"] > 0, outcomes
    print("kill -9 outcomes:", outcomes)
