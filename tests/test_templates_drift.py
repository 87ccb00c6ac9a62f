"""Drawing the templates again gives templates/*.docx, part for part, byte for byte."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gongwen.kinds import KINDS, TEMPLATE_DRAWERS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


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
