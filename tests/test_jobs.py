"""Batches in worker processes: the same files in the same order, errors at their own row."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from campaign_data import many_villages as numbered_villages
from campaign_data import refresh_phase_rows
from gongwen.cli import cli
from gongwen.errors import TemplateError
from gongwen.formatting import finish_document, new_document
from gongwen.render.batch import IN_PROCESS_BELOW, render_batch
from gongwen.workbook.reader import read_campaign

ROWS = IN_PROCESS_BELOW + 10  # enough for the workers to be used


@pytest.fixture
def many_villages(make_workbook, example_data):
    return make_workbook(numbered_villages(example_data, ROWS, digits=3))


def build_files(workbook, out, jobs: int) -> list[tuple[str, bytes]]:
    args = ["build", str(workbook), "-o", str(out), "--only", "村社区档案", "--jobs", str(jobs)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.endswith(".docx")]
    paths = [line.split("：", 1)[1] for line in lines]
    return [(Path(p).name, Path(p).read_bytes()) for p in paths]


def test_one_job_and_two_give_the_same_files_in_the_same_order(tmp_path, many_villages):
    one = build_files(many_villages, tmp_path / "one", 1)
    two = build_files(many_villages, tmp_path / "two", 2)
    assert len(one) == ROWS
    assert [name for name, _ in one][:2] == ["静观场社区001.docx", "素心村002.docx"]
    assert one == two


def row_template(path):
    document = new_document()
    document.add_paragraph("{{ name }}：{{ facts.households }}户")
    document.save(path)
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_row_k_is_raised_at_row_k(tmp_path, jobs):
    path = row_template(tmp_path / "档案.docx")
    tasks = [(path, {"name": f"村{i}", "facts": {"households": i}}) for i in range(ROWS)]
    k = ROWS - 7
    tasks[k] = (path, {"name": f"村{k}", "facts": {}})
    made = []
    with pytest.raises(TemplateError) as info:
        for data in render_batch(tasks, finish_document, jobs=jobs):
            made.append(data)
    assert len(made) == k
    assert "模板 档案.docx 使用了工作簿没有提供的字段「households」" in str(info.value)


def test_a_build_names_the_row_of_a_template_error(tmp_path, many_villages):
    templates = tmp_path / "templates"
    templates.mkdir()
    document = new_document()
    # only the second village lacks the value the template asks for
    document.add_paragraph(
        '{{ village.name }}{{ {"素心村002": none}.get(village.name, {"x": "。"}).x }}'
    )
    document.save(templates / "村社区档案.docx")
    args = ["build", str(many_villages), "-o", str(tmp_path / "out"), "--only", "村社区档案"]
    result = CliRunner().invoke(cli, [*args, "--templates", str(templates), "--jobs", "2"])
    assert result.exit_code != 0
    where = read_campaign(many_villages).villages[1].where or "村社区!A3"
    assert f"{where}：模板 村社区档案.docx" in result.output
    assert not (tmp_path / "out").exists()


def test_a_batch_checks_its_workbook_while_rendering_and_still_writes_nothing_on_error(
    make_workbook, example_data, tmp_path
):
    villages = example_data["村社区"]
    example_data["村社区"] = [
        {**villages[i % len(villages)], "名称": f"村{i + 1:03d}"} for i in range(ROWS)
    ]
    example_data["村社区"][41]["重点场所"] = "xx村小学"  # a placeholder, row 43
    for summary in example_data.get("阶段总结", []):  # totals follow the villages
        summary.pop("排查隐患数", None)
        summary.pop("整改数", None)
    refresh_phase_rows(example_data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(make_workbook(example_data)), "-o", str(out), "--only", "村社区档案"]
    )
    assert result.exit_code == 1
    assert ":村社区!H43 第1字: GW103" in result.output
    assert not out.exists() or not any(out.rglob("*"))


def test_a_batch_writes_the_summary_made_beside_it(many_villages, tmp_path):
    from openpyxl import load_workbook

    CliRunner().invoke(cli, ["build", str(many_villages), "-o", str(tmp_path), "-j", "2"])
    summary = tmp_path / "静观镇" / "村社区档案" / "村社区汇总表.xlsx"
    rows = list(load_workbook(summary).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == ROWS + 1 and rows[-1][0] == "合计"
