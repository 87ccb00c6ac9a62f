"""``gongwen check``: text and JSON output, exit codes, --fix, --registry; and the renderers."""

from __future__ import annotations

import json

from check_docs import gongwen_document, save, seed_document
from click.testing import CliRunner

from gongwen.check.findings import RULES, Finding
from gongwen.check.report import line, render_json, render_text
from gongwen.cli import cli


def test_rule_table_is_complete():
    codes = set(RULES)
    assert {f"GW1{n:02d}" for n in range(1, 12)} <= codes
    assert {f"GW20{n}" for n in range(1, 5)} <= codes
    assert {f"GW3{n:02d}" for n in range(1, 13)} <= codes
    assert all(r.severity in ("error", "warning") and r.title for r in RULES.values())
    assert {c for c, r in RULES.items() if r.fixable} == {
        "GW101",
        "GW104",
        "GW111",
        "GW202",
        "GW203",
    }


def test_text_line_format():
    f = Finding("a.docx", "word/document.xml", 6, 92, "GW101", "error", "消息", "建议", None)
    assert line(f) == "a.docx:word/document.xml 第6段 第93字: GW101 消息（建议：建议）"
    cell = Finding(
        "a.docx", "word/document.xml", 1, 0, "GW103", "error", "消息", None, "表1 行2 列3"
    )
    assert line(cell) == "a.docx:word/document.xml 表1 行2 列3 第1段 第1字: GW103 消息"
    sheet = Finding("b.xlsx", "依据文件", None, 4, "GW101", "error", "消息", None, "B3")
    assert line(sheet) == "b.xlsx:依据文件!B3 第5字: GW101 消息"
    assert render_text([]) == "未发现问题。\n"
    assert "错误 1 处，警告 0 处" in render_text([f], files=1)


def test_json_shape():
    f = Finding("a.docx", "word/document.xml", 6, 92, "GW101", "error", "消息", None, None)
    data = json.loads(render_json([f], files=1))
    assert set(data["findings"][0]) >= {
        "path",
        "part",
        "paragraph",
        "offset",
        "rule",
        "severity",
        "message",
        "suggestion",
    }
    assert data["findings"][0]["suggestion"] is None
    assert data["summary"]["errors"] == 1 and data["summary"]["files"] == 1


def test_cli_clean_document_exits_0(tmp_path):
    path = save(gongwen_document(), tmp_path / "ok.docx")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "检查了 1 个文件，未发现问题。\n"


def test_cli_seed_exits_1_with_one_line_per_finding(tmp_path):
    path = save(seed_document(), tmp_path / "seed.docx")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{path}:word/document.xml 第6段 第89字: GW111 " in "\n".join(lines)
    assert lines[-2].startswith("检查了 1 个文件，共发现 71 处问题：错误 50 处，警告 21 处")


def test_cli_json(tmp_path):
    path = save(seed_document(), tmp_path / "seed.docx")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert len(data["findings"]) == data["summary"]["total"] == 71


def test_cli_fix(tmp_path):
    path = save(seed_document(), tmp_path / "seed.docx")
    result = CliRunner().invoke(cli, ["check", "--fix", str(path)])
    assert result.exit_code == 1
    assert (tmp_path / "seed.fixed.docx").exists()
    again = CliRunner().invoke(
        cli, ["check", "--format", "json", str(tmp_path / "seed.fixed.docx")]
    )
    rules = {f["rule"] for f in json.loads(again.output)["findings"]}
    assert rules == {"GW103", "GW204"}


def test_cli_cannot_run_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "none.docx")])
    assert result.exit_code == 2
    assert "不存在" in result.output
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"x")
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 2
    assert "不是有效的 Word 文档" in result.output


def test_cli_registry(tmp_path, example_workbook):
    doc = gongwen_document()
    doc.add_paragraph("依据《重庆市安全社区建设管理办法（试行）》（渝安办〔2010〕30号）。")
    path = save(doc, tmp_path / "a.docx")
    result = CliRunner().invoke(cli, ["check", "--registry", str(example_workbook), str(path)])
    assert "GW108" in result.output
    assert result.exit_code == 1


def test_cli_help_is_chinese():
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "退出状态" in result.output and "--registry" in result.output


def test_cli_refuses_a_zip_bomb_workbook_before_parsing_it(tmp_path, example_workbook, monkeypatch):
    import zipfile

    with (
        zipfile.ZipFile(example_workbook, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/zeros.bin", "w") as fh,
    ):
        for _ in range(8):
            fh.write(b"\0" * (1024 * 1024))
    parsed = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: parsed.append(a))
    result = CliRunner().invoke(cli, ["check", str(example_workbook)])
    assert result.exit_code == 2
    assert "xl/media/zeros.bin" in result.output and "压缩炸弹" in result.output
    assert parsed == []
