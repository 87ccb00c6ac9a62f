"""The README documents every command and opens with the two commands CI relies on."""

from __future__ import annotations

import re
from pathlib import Path

from gongwen.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def opening_commands() -> list[str]:
    block = re.search(r"```bash\n(.*?)```", README, re.DOTALL).group(1)
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_readme_opens_with_a_build_command_and_a_test_command():
    assert README.index("```bash") < README.index("## ")
    build, tests = opening_commands()
    assert build.endswith("gongwen build")
    assert "pip install" in build and "pip install" in tests
    assert tests.endswith("python -m pytest")


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, tests = opening_commands()
    assert tests in ci.splitlines()


def test_every_command_is_documented():
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", {})
        names = [f"gongwen {name} {sub}" for sub in subcommands] or [f"gongwen {name}"]
        for full in names:
            assert f"`{full}" in README, full


def test_ci_runs_ruff_before_the_tests():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    _, tests = opening_commands()
    [ruff] = [i for i, line in enumerate(lines) if "ruff check ." in line]
    assert "ruff format --check ." in lines[ruff]
    assert not lines[ruff].lstrip().startswith("#")
    assert ruff < lines.index(tests)
