"""Write the shipped templates (templates/*.docx) from the GB/T 9704 format engine.

The templates are ordinary .docx files a secretary can open and edit in Word or WPS; this
script is how they were first made. Each ``scripts/template_*.py`` module defines ``NAME``
(the file name) and ``make()`` (a python-docx Document with docxtpl tags). Headings are
written without numbers: the format engine numbers them when a document is rendered.
Run: python scripts/make_templates.py [NAME ...]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "templates"


def builders():
    """(file name, make) for every scripts/template_*.py module."""
    for path in sorted(HERE.glob("template_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module.NAME, module.make


if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    for name, make in builders():
        if not wanted or name in wanted or name.removesuffix(".docx") in wanted:
            make().save(OUT / name)
            print(OUT / name)
