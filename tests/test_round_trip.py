"""A document re-saved by LibreOffice keeps its text, fonts, sizes and spacing.

Secretaries pass files through other programs; LibreOffice is the one that runs here. Each
kind is converted ``soffice --convert-to docx`` and compared with the original paragraph by
paragraph, character by character: the effective East Asian face, size, character spacing
and line spacing (resolved through the style chain as Word does). LibreOffice drops
``w:hint``; the shared punctuation (“”‘’—…·) must still name the Chinese face for the Latin
scripts, so Word keeps drawing it in 仿宋 rather than Times New Roman.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from example_data import EXAMPLE
from lxml import etree

from gongwen.build import build_to
from gongwen.check.styles import StyleSheet, child_attr, first
from gongwen.formatting.font_sets import DEFAULT, GB2312
from gongwen.formatting.punctuation import SHARED
from gongwen.workbook.writer import write_workbook
from layout import require_soffice

pytestmark = pytest.mark.libreoffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _fonts(attr: str):
    return child_attr("rFonts", attr)


def characters(path: Path) -> list[tuple[str, list[tuple]]]:
    """(text, [(char, east asian face, latin face, size, spacing) …]) of every paragraph
    with text, in document order, the paragraph's line spacing first in each tuple list."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        sheet = StyleSheet(etree.fromstring(z.read("word/styles.xml")))
    out = []
    for p in body.iter(w("p")):
        if any(a.tag == MC_FALLBACK for a in p.iterancestors()):
            continue  # the VML copy of the 版记: readers take one or the other
        chars = []
        for r in p.iter(w("r")):
            if next(r.iterancestors(w("p"))) is not p:
                continue  # a run of a paragraph inside a text box in this one
            levels = sheet.run_levels(p, r)
            props = (
                first(levels, _fonts("eastAsia"))[0],
                first(levels, _fonts("ascii"))[0],
                first(levels, child_attr("sz", "val"))[0],
                first(levels, child_attr("spacing", "val"))[0] or "0",
            )
            for t in r.iter(w("t")):
                chars += [(ch, *props) for ch in t.text or ""]
        text = "".join(c[0] for c in chars)
        if text.strip():
            levels = sheet.paragraph_levels(p)
            line = (
                first(levels, child_attr("spacing", "line"))[0],
                first(levels, child_attr("spacing", "lineRule"))[0],
            )
            out.append((text, [line, *chars]))
    return out


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> list[tuple[Path, Path]]:
    """(original, re-saved by LibreOffice) for one document of every kind."""
    soffice = require_soffice()
    root = tmp_path_factory.mktemp("round_trip")
    workbook = root / "campaign.xlsx"
    write_workbook(workbook, EXAMPLE)
    built = build_to(workbook, root / "built")
    originals = {}
    for item in built:  # one of each kind (the first village's archive)
        if item.path.suffix == ".docx":
            originals.setdefault(item.kind, item.path)
    gb2312 = build_to(workbook, root / "gb2312", only=["工作计划"], fonts_set=GB2312.key)
    originals["工作计划 GB2312"] = next(iter(gb2312)).path
    # one soffice call per folder of distinct names (starting LibreOffice costs seconds)
    batches: dict[Path, list[Path]] = {}
    pairs = []
    for kind, path in originals.items():
        target = root / ("resaved-gb2312" if kind.endswith("GB2312") else "resaved")
        batches.setdefault(target, []).append(path)
        pairs.append((path, target / path.name))
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    for target, paths in batches.items():
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{root}/profile", "--headless",
             "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
             str(target), *map(str, paths)],
            check=True, capture_output=True, timeout=300, env=env,
        )  # fmt: skip
    for path, resaved in pairs:
        assert resaved.exists(), path
    return pairs


def test_a_libreoffice_round_trip_keeps_text_fonts_sizes_and_spacing(round_trip):
    assert len(round_trip) == 7  # six kinds and the work plan in the GB2312 set
    for original, resaved in round_trip:
        before, after = characters(original), characters(resaved)
        assert [t for t, _ in after] == [t for t, _ in before], original.name
        for (text, props_before), (_, props_after) in zip(before, after, strict=True):
            line_before, *chars_before = props_before
            line_after, *chars_after = props_after
            assert line_after == line_before, (original.name, text)
            assert [c[:2] + c[3:] for c in chars_after] == [c[:2] + c[3:] for c in chars_before], (
                original.name,
                text,
            )


def test_punctuation_keeps_the_chinese_face_after_the_round_trip(round_trip):
    seen = 0
    for original, resaved in round_trip:
        chinese = {DEFAULT.fangsong, GB2312.fangsong, DEFAULT.heiti, DEFAULT.kaiti, GB2312.kaiti}
        for _, (_, *chars) in characters(resaved):
            for ch, east_asia, latin, *_ in chars:
                if ch in SHARED:
                    seen += 1
                    assert latin == east_asia and east_asia in chinese, (original.name, ch)
    assert seen > 10  # the plan's and scheme's “安全社区” quotes, the cited titles' —
