"""Fonts for PDF output: map the Windows faces the documents name onto installed ones.

The documents name the faces Word and WPS use on Windows (仿宋_GB2312, 方正小标宋简体, 黑体, …).
A Linux machine lacks them, and without help fontconfig maps 仿宋 to a sans face. This module
writes a fontconfig configuration that includes the system one, adds the user's own font
folder (``--fonts DIR``) if given, and binds every Windows name the folder does not provide to
a free face from Debian (fonts-noto-cjk, fonts-arphic-ukai) with a strong binding, so the
alias wins over fontconfig's language-based choice. LibreOffice asks fontconfig for a missing
family before its own substitution table, so the PDFs use these faces.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gongwen.formatting.font_sets import FONT_SETS, GB2312, WINDOWS

SYSTEM_CONFIG = "/etc/fonts/fonts.conf"
NOTO_SERIF = "Noto Serif CJK SC"
NOTO_SANS = "Noto Sans CJK SC"
UKAI = "AR PL UKai CN"

# How to install the free faces, for messages.
INSTALL_HINT = "apt-get install fonts-noto-cjk fonts-arphic-ukai"


@dataclass(frozen=True)
class FaceGroup:
    """Names of one Windows face and the free face that stands in for all of them."""

    names: tuple[str, ...]  # the first ones are the names documents use, then English aliases
    substitute: str
    bold: bool = False


# Names within a group stand in for each other: a user folder providing 仿宋_GB2312 also
# serves 仿宋. Names after the Chinese ones are the English family names of the same faces.
FACE_GROUPS: tuple[FaceGroup, ...] = (
    FaceGroup(
        (
            GB2312.fangsong,
            WINDOWS.fangsong,
            "FangSong_GB2312",
            "FangSong",
            "华文仿宋",
            "STFangsong",
        ),
        NOTO_SERIF,
    ),
    # 方正小标宋 is a heavy Song face; the bold Noto Serif weight is the nearest free match.
    FaceGroup((GB2312.title, "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"), NOTO_SERIF, True),
    FaceGroup((GB2312.heiti, "SimHei"), NOTO_SANS),
    FaceGroup((GB2312.kaiti, WINDOWS.kaiti, "KaiTi_GB2312", "KaiTi", "华文楷体", "STKaiti"), UKAI),
    FaceGroup((GB2312.songti, "SimSun", "新宋体", "NSimSun"), NOTO_SERIF),
)

# The names reported by :func:`substitutions`: those the documents of either font set use.
WINDOWS_FONTS: tuple[str, ...] = tuple(
    dict.fromkeys(f for s in FONT_SETS.values() for f in s.chinese_faces)
)


def cache_dir() -> Path:
    """The folder where generated configurations are kept (created if missing)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for candidate in (Path(base) / "gongwen", Path(tempfile.gettempdir()) / f"gongwen-{_uid()}"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError("no writable cache folder")


def _uid() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "user"


def provided_families(fonts_dir: str | os.PathLike[str]) -> set[str]:
    """Every family name (all languages) of the font files in ``fonts_dir``, recursively."""
    fc_scan = shutil.which("fc-scan")
    if fc_scan is None:
        return set()
    result = subprocess.run(
        [fc_scan, "--format", "%{[]family{%{family}\n}}", os.fspath(fonts_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    return {line.strip() for line in result.stdout.splitlines() if line.strip()}


def aliases(fonts_dir: str | os.PathLike[str] | None = None) -> dict[str, tuple[str, bool]]:
    """Each Windows name not provided by ``fonts_dir`` -> (face to use, force bold)."""
    provided = provided_families(fonts_dir) if fonts_dir is not None else set()
    result: dict[str, tuple[str, bool]] = {}
    for group in FACE_GROUPS:
        own = [name for name in group.names if name in provided]
        for name in group.names:
            if name in provided:
                continue
            # Prefer the user's own face of the same group (仿宋 -> their 仿宋_GB2312).
            result[name] = (own[0], False) if own else (group.substitute, group.bold)
    return result


def config_xml(fonts_dir: str | os.PathLike[str] | None = None) -> str:
    """The text of a fontconfig configuration with the aliases (see the module docstring)."""
    root = ET.Element("fontconfig")
    ET.SubElement(root, "description").text = "gongwen: Windows CJK face names -> installed faces"
    ET.SubElement(root, "include", ignore_missing="yes").text = SYSTEM_CONFIG
    if fonts_dir is not None:
        ET.SubElement(root, "dir").text = os.path.abspath(os.fspath(fonts_dir))
    for name, (face, bold) in aliases(fonts_dir).items():
        match = ET.SubElement(root, "match", target="pattern")
        test = ET.SubElement(match, "test", name="family", qual="any", compare="eq")
        ET.SubElement(test, "string").text = name
        if bold:
            weight = ET.SubElement(match, "edit", name="weight", mode="assign", binding="strong")
            ET.SubElement(weight, "const").text = "bold"
        edit = ET.SubElement(match, "edit", name="family", mode="prepend", binding="strong")
        ET.SubElement(edit, "string").text = face
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n' + body + "\n"
    )


def write_config(
    fonts_dir: str | os.PathLike[str] | None = None, directory: str | os.PathLike[str] | None = None
) -> Path:
    """Write the configuration into ``directory`` (default: :func:`cache_dir`); return its path.

    The file name is derived from the content, so repeated calls reuse one file.
    """
    text = config_xml(fonts_dir)
    folder = Path(directory) if directory is not None else cache_dir() / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = folder / f"fonts-{digest}.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    return path


def fontconfig_env(
    fonts_dir: str | os.PathLike[str] | None = None, directory: str | os.PathLike[str] | None = None
) -> dict[str, str]:
    """Environment variables that make a child process (soffice, fc-match) use the aliases."""
    return {"FONTCONFIG_FILE": os.fspath(write_config(fonts_dir, directory))}


def resolve(name: str, fonts_dir: str | os.PathLike[str] | None = None) -> tuple[list[str], str]:
    """What fontconfig gives for family ``name`` under the configuration: (families, style)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return [], ""
    env = {**os.environ, **fontconfig_env(fonts_dir)}
    result = subprocess.run(
        [
            fc_match,
            "--format",
            "%{[]family{%{family}\n}}\t%{style[0]}",
            f"{_escape(name)}:lang=zh-cn",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    families_text, _, style = result.stdout.partition("\t")
    return [f for f in families_text.splitlines() if f], style.strip()


def _escape(name: str) -> str:
    """Escape the characters fontconfig's pattern syntax gives a meaning (``-`` ``:`` ``,``)."""
    return "".join("\\" + c if c in "\\-:," else c for c in name)


def substitutions(
    fonts_dir: str | os.PathLike[str] | None = None, names: Sequence[str] = WINDOWS_FONTS
) -> list[tuple[str, str]]:
    """(Windows name, face used instead) for every one of ``names`` (default: the faces of
    both font sets) the PDFs will not get as itself.

    ``fc-match`` decides, under the configuration; a face is written "Family Style" when its
    style is not the regular one (``Noto Serif CJK SC Bold``).
    """
    result = []
    for name in names:
        families, style = resolve(name, fonts_dir)
        if name in families:
            continue
        face = families[0] if families else "?"
        if style and style.lower() not in ("regular", "book", "normal"):
            face = f"{face} {style}"
        result.append((name, face))
    return result
