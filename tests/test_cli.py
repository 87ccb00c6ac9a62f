"""The command line: what a secretary types and what she reads back."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from gongwen.cli import cli

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_build_without_a_workbook_uses_the_shipped_example(run, tmp_path):
    result = run("build", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    plan = tmp_path / "静观镇" / "静观镇创建安全社区工作计划.docx"
    assert plan.is_file()
    assert f"已生成 工作计划：{plan}" in result.output


def test_an_existing_file_is_not_overwritten_without_force(run, tmp_path, example_workbook):
    assert run("build", example_workbook, "-o", tmp_path).exit_code == 0
    plan = tmp_path / "静观镇" / "静观镇创建安全社区工作计划.docx"
    plan.write_bytes(b"the secretary's own edits")

    result = run("build", example_workbook, "-o", tmp_path)

    assert result.exit_code == 2
    assert "错误：以下文件已存在，未做任何改动：" in result.output
    assert f"  - {plan}" in result.output
    assert "如确需覆盖，请加上 --force 重新运行" in result.output
    assert plan.read_bytes() == b"the secretary's own edits"

    result = run("build", example_workbook, "-o", tmp_path, "--force")
    assert result.exit_code == 0
    assert plan.read_bytes().startswith(b"PK")


def test_a_bad_workbook_gets_one_message_and_no_output(run, tmp_path, make_workbook, example_data):
    example_data["工作阶段"][0]["开始日期"] = "三月"
    example_data["村社区"][0]["名称"] = None
    out = tmp_path / "out"
    result = run("build", make_workbook(example_data), "-o", out)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].startswith("错误：工作簿 ") and lines[0].endswith(
        "有 2 处问题，未生成任何文件："
    )
    assert (
        "  - 工作阶段!B2：「开始日期」应为日期（如 2024年3月1日 或 2024-3-1），现为“三月”" in lines
    )
    assert "  - 村社区!A2：「名称」不能为空" in lines
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_workbook_is_named(run, tmp_path):
    result = run("build", tmp_path / "无此文件.xlsx", "-o", tmp_path)
    assert result.exit_code == 2
    assert f"错误：工作簿 {tmp_path / '无此文件.xlsx'} 有 1 处问题" in result.output
    assert "找不到该文件" in result.output


def test_every_command_and_option_has_chinese_help(run):
    main_help = run("--help").output
    assert main_help.startswith("用法： gongwen [选项] 命令 [参数]...")
    for name, command in cli.commands.items():
        assert CJK.search(command.help or ""), name
        for param in command.params:
            if param.param_type_name == "option":
                assert CJK.search(param.help or ""), f"{name} {param.name}"
        assert "选项" in run(name, "--help").output


def test_an_unknown_option_is_explained_in_chinese(run):
    result = CliRunner().invoke(cli, ["build", "--bogus"])
    assert result.exit_code == 2
    assert "错误：没有选项 '--bogus'。" in result.output


def test_help_starts_without_loading_the_document_libraries():
    code = (
        "import sys; from gongwen.cli import main; sys.argv=['gongwen','--help'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'lxml', 'openpyxl', 'docxtpl') if m in sys.modules]\n"
        "print('LOADED', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "LOADED []" in out.stdout


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "gongwen", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "gongwen，版本 0.1.0"
