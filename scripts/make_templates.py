"""Write the shipped templates (templates/*.docx) from the GB/T 9704 format engine.

The templates are ordinary .docx files a secretary can open and edit in Word or WPS; this
script is how they were first made. Each kind's module in ``gongwen.kinds`` draws its template
(``draw_template()``: a python-docx Document with docxtpl tags). Headings are written without
numbers: the format engine numbers them when a document is rendered.
Run: python scripts/make_templates.py [-o FOLDER] [NAME ...] (FOLDER: templates/ by default)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gongwen.kinds import TEMPLATE_DRAWERS

OUT = Path(__file__).resolve().parents[1] / "templates"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    wanted = set(args.names)
    for name, draw in TEMPLATE_DRAWERS.items():
        if not wanted or name in wanted or name.removesuffix(".docx") in wanted:
            draw().save(args.out / name)
            print(args.out / name)
