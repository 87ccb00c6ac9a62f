"""``check --fix`` writes as a build does: staged, whole, never through a link, never over an
existing copy without --force, and nothing at all when there is nothing to fix."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import pytest
from hardening_tools import run_cli

sys.path.insert(0, str(Path(__file__).parents[1] / "check"))
from check_docs import save, seed_document

from gongwen.check import fix_docx
from gongwen.errors import OutputError, OutputExistsError


def test_a_link_placed_where_the_copy_goes_is_refused_not_followed(tmp_path):
    source = save(seed_document(), tmp_path / "seed.docx")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "seed.fixed.docx").symlink_to(victim)
    for force in (False, True):
        with pytest.raises((OutputError, OutputExistsError)):
            fix_docx(source, force=force)
    assert victim.read_text() == "precious"
    assert (tmp_path / "seed.fixed.docx").is_symlink()


def test_an_existing_copy_is_kept_without_force_and_replaced_whole_with_it(tmp_path):
    source = save(seed_document(), tmp_path / "seed.docx")
    target = tmp_path / "seed.fixed.docx"
    target.write_bytes(b"an earlier copy")
    result = run_cli("check", "--fix", str(source))
    assert result.exit_code == 2
    assert "以下文件已存在" in result.output and "--force" in result.output
    assert target.read_bytes() == b"an earlier copy"
    result = run_cli("check", "--fix", "--force", str(source))
    assert result.exit_code == 1  # the findings of the original remain
    assert f"已另存修正稿：{target}" in result.output
    assert "（渝府发〔20xx〕2号）" in docx.Document(target).paragraphs[5].text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.docx", "seed.fixed.docx"]


def test_nothing_to_fix_writes_nothing(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于做好安全社区创建工作的通知")
    source = save(document, tmp_path / "clean.docx")
    assert fix_docx(source) is None
    result = run_cli("check", "--fix", str(source))
    assert f"没有可自动修正的问题，未另存：{source}" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.docx"]
