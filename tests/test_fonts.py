"""Fonts: the Windows faces the documents name resolve to installed faces under our config."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

import layout
from gongwen.formatting.font_sets import WINDOWS
from gongwen.packaging import fonts, pdf

# Windows name -> (family fontconfig gives, style, font name embedded in the PDF)
EXPECTED = {
    "仿宋_GB2312": ("Noto Serif CJK SC", "Regular", "NotoSerifCJK"),
    "仿宋": ("Noto Serif CJK SC", "Regular", "NotoSerifCJK"),
    "方正小标宋简体": ("Noto Serif CJK SC", "Bold", "NotoSerifCJK"),
    "黑体": ("Noto Sans CJK SC", "Regular", "NotoSansCJK"),
    "楷体_GB2312": ("AR PL UKai CN", "Book", "UKai"),
    "楷体": ("AR PL UKai CN", "Book", "UKai"),
    "宋体": ("Noto Serif CJK SC", "Regular", "NotoSerifCJK"),
}
DEJAVU_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


@pytest.fixture(autouse=True)
def _fontconfig() -> None:
    if shutil.which("fc-match") is None:
        if os.environ.get("CI"):
            pytest.fail("fontconfig (fc-match) is required in CI but was not found")
        pytest.skip("fontconfig (fc-match) is not installed")


@pytest.fixture
def user_fonts(tmp_path: Path) -> Path:
    """A folder holding one font whose family is 仿宋_GB2312 (DejaVu Serif renamed)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not Path(DEJAVU_SERIF).exists():
        pytest.skip("fonts-dejavu is not installed")
    font = ttlib.TTFont(DEJAVU_SERIF)
    names = font["name"]
    names.removeNames(platformID=1)  # Mac Roman records cannot hold Chinese
    for name_id in (1, 4, 16):
        names.removeNames(nameID=name_id)
        names.setName("仿宋_GB2312", name_id, 3, 1, 0x409)
    names.removeNames(nameID=6)
    names.setName("GongwenTestFangSong", 6, 3, 1, 0x409)
    folder = tmp_path / "我的字体 & more"
    folder.mkdir()
    font.save(folder / "fangsong.ttf")
    return folder


# --- The configuration ----------------------------------------------------------------------


def test_config_includes_the_system_config_and_binds_every_name_strongly() -> None:
    root = ET.fromstring(fonts.config_xml().split("\n", 2)[2])
    assert root.find("include").text == "/etc/fonts/fonts.conf"
    assert root.find("include").get("ignore_missing") == "yes"
    bound = {
        m.find("test/string").text: m.find("edit[@name='family']/string").text
        for m in root.iter("match")
    }
    for name, (family, _, _) in EXPECTED.items():
        assert bound[name] == family
    assert all(e.get("binding") == "strong" for e in root.iter("edit"))


def test_the_env_points_fontconfig_at_one_reused_file(tmp_path: Path) -> None:
    env = fonts.fontconfig_env(directory=tmp_path)
    assert set(env) == {"FONTCONFIG_FILE"}
    assert Path(env["FONTCONFIG_FILE"]).read_text(encoding="utf-8") == fonts.config_xml()
    assert fonts.fontconfig_env(directory=tmp_path) == env
    assert len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_windows_name_resolves_to_its_free_face(name: str) -> None:
    family, style, _ = EXPECTED[name]
    families, found_style = fonts.resolve(name)
    assert families[0] == family
    assert found_style == style


def test_substitutions_name_every_windows_face_and_its_stand_in() -> None:
    assert sorted(fonts.substitutions()) == sorted(
        [
            ("仿宋_GB2312", "Noto Serif CJK SC"),
            ("仿宋", "Noto Serif CJK SC"),
            ("方正小标宋简体", "Noto Serif CJK SC Bold"),
            ("黑体", "Noto Sans CJK SC"),
            ("楷体_GB2312", "AR PL UKai CN"),
            ("楷体", "AR PL UKai CN"),
            ("宋体", "Noto Serif CJK SC"),
        ]
    )


def test_substitutions_of_one_font_set_name_only_its_faces() -> None:
    assert fonts.substitutions(names=WINDOWS.chinese_faces) == [
        ("仿宋", "Noto Serif CJK SC"),
        ("楷体", "AR PL UKai CN"),
        ("黑体", "Noto Sans CJK SC"),
        ("宋体", "Noto Serif CJK SC"),
    ]


# --- The user's own fonts (--fonts DIR) -----------------------------------------------------


def test_a_face_in_the_user_folder_is_used_and_not_aliased(user_fonts: Path) -> None:
    assert fonts.provided_families(user_fonts) == {"仿宋_GB2312"}
    assert "仿宋_GB2312" not in fonts.aliases(user_fonts)
    assert fonts.resolve("仿宋_GB2312", user_fonts)[0][0] == "仿宋_GB2312"


def test_the_user_face_also_serves_its_other_names(user_fonts: Path) -> None:
    assert fonts.aliases(user_fonts)["仿宋"] == ("仿宋_GB2312", False)
    assert fonts.resolve("仿宋", user_fonts)[0][0] == "仿宋_GB2312"


def test_substitutions_leave_out_what_the_user_folder_provides(user_fonts: Path) -> None:
    found = dict(fonts.substitutions(user_fonts))
    assert "仿宋_GB2312" not in found
    assert found["仿宋"] == "仿宋_GB2312"
    assert found["黑体"] == "Noto Sans CJK SC"


# --- In the PDF -----------------------------------------------------------------------------


def faces_docx(path: Path) -> Path:
    """One paragraph per Windows face, each starting with the face's name."""
    doc = Document()
    for face in EXPECTED:
        run = doc.add_paragraph().add_run(f"{face}安全社区")
        run.font.size = Pt(16)
        rpr = run._r.get_or_add_rPr()
        rfonts = OxmlElement("w:rFonts")
        for attribute in ("ascii", "hAnsi", "eastAsia"):
            rfonts.set(qn(f"w:{attribute}"), face)
        rpr.insert(0, rfonts)
    doc.save(path)
    return path


@pytest.mark.libreoffice
def test_libreoffice_embeds_the_stand_in_faces(tmp_path: Path) -> None:
    layout.require_soffice()
    docx = faces_docx(tmp_path / "字体.docx")
    result = pdf.convert_to_pdf([docx], tmp_path / "out")[docx.resolve()]
    lines = layout.lines(result, page=1)
    assert len(lines) == len(EXPECTED)
    for line, (face, (_, style, embedded)) in zip(lines, EXPECTED.items(), strict=True):
        assert line.text.replace(" ", "").startswith(face)
        assert embedded in line.font, (face, line.font)
        assert ("Bold" in line.font) == (style == "Bold"), (face, line.font)


@pytest.mark.libreoffice
def test_libreoffice_uses_the_user_folder(tmp_path: Path, user_fonts: Path) -> None:
    layout.require_soffice()
    docx = faces_docx(tmp_path / "字体.docx")
    result = pdf.convert_to_pdf([docx], tmp_path / "out", fonts_dir=user_fonts)[docx.resolve()]
    fangsong = layout.lines(result, page=1)[0]
    # The renamed Latin face draws the Latin part of "仿宋_GB2312"; CJK falls back.
    assert "GongwenTestFangSong" in {g.font for g in fangsong.glyphs}
    heiti = layout.lines(result, page=1)[3]
    assert "NotoSansCJK" in heiti.font
