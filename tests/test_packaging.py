"""What the wheel ships: every package of the source tree, the templates and the example."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_source_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    source = {
        ".".join(init.parent.relative_to(ROOT / "src").parts)
        for init in (ROOT / "src").rglob("__init__.py")
    }
    assert source <= listed
    assert {"gongwen.templates", "gongwen.inputs"} <= listed


def test_the_wheel_carries_the_templates_and_the_example(tmp_path):
    import shutil
    import subprocess
    import sys

    # built from a copy without the working tree's build/ folder, whose stale files setuptools
    # would otherwise pack into the wheel
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "outputs", "*.egg-info", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
    )
    [wheel] = tmp_path.glob("gongwen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (ROOT / "templates").glob("*.docx")}
    assert templates and {f"gongwen/templates/{t}" for t in templates} <= names
    assert "gongwen/inputs/静观镇安全社区创建.xlsx" in names
    assert "gongwen/check/__init__.py" in names
    assert "gongwen/kinds/work_plan.py" in names
    # the example campaign's facts serve only scripts and tests
    assert not [n for n in names if n.endswith("example_data.py")]


def test_libraries_whose_internals_are_used_have_an_upper_bound():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    bounds = {d.split(">")[0].split("<")[0]: d for d in config["project"]["dependencies"]}
    # docxtpl: patch_xml, fix_tables, docx_ids_index (render/); click: its gettext (cli_i18n)
    for name in ("docxtpl", "click"):
        assert "<" in bounds[name], bounds[name]
