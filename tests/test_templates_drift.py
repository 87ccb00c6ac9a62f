"""Drawing the templates again gives templates/*.docx, part for part, byte for byte."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gongwen.kinds import KINDS, TEMPLATE_DRAWERS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"


def test_every_shipped_template_has_a_drawer():
    shipped = sorted(p.name for p in TEMPLATES.glob("*.docx"))
    assert shipped == sorted(TEMPLATE_DRAWERS)
    assert {k.template for k in KINDS} <= set(TEMPLATE_DRAWERS)
    assert len(shipped) == 8


@pytest.mark.parametrize("name", sorted(TEMPLATE_DRAWERS))
def test_a_drawn_template_is_the_shipped_one(name):
    buffer = io.BytesIO()
    TEMPLATE_DRAWERS[name]().save(buffer)
    drawn = zipfile.ZipFile(buffer)
    shipped = zipfile.ZipFile(TEMPLATES / name)
    assert drawn.namelist() == shipped.namelist()
    for part in shipped.namelist():
        assert drawn.read(part) == shipped.read(part), f"{name}: {part}"


def test_the_script_writes_every_template(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_templates.py"), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(done.stdout.splitlines()) == 8
    for shipped in TEMPLATES.glob("*.docx"):
        drawn, ours = zipfile.ZipFile(tmp_path / shipped.name), zipfile.ZipFile(shipped)
        assert drawn.namelist() == ours.namelist()
        assert all(drawn.read(n) == ours.read(n) for n in ours.namelist()), shipped.name
