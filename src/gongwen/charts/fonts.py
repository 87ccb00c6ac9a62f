"""Finding a font with Chinese glyphs for the figures: the user's folder first, then the system's."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gongwen.errors import GongwenError

# Sans faces first: a figure's labels read best in a 黑体-like face. The Windows faces a user
# may bring with --fonts, then the free faces Debian installs (fonts-noto-cjk, fonts-wqy-zenhei).
PREFERRED = (
    "SimHei",
    "黑体",
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "FangSong",
    "仿宋_GB2312",
    "SimSun",
)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
# Characters every figure's labels use: a face without them draws empty boxes.
PROBE = "图自评分值隐患整改村社区阶段合格达标"


class FontMissing(GongwenError):
    """Raised when no font with Chinese glyphs is available to draw a figure."""


@dataclass(frozen=True)
class ChartFont:
    """The face a figure is drawn in: its family name as matplotlib knows it, and its file."""

    family: str
    path: str


def _covers(path: str, index: int) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        face = FT2Font(path, face_index=index)
    except (OSError, RuntimeError, TypeError):
        return False
    charmap = face.get_charmap()
    return all(ord(ch) in charmap for ch in PROBE)


def _boldness(entry) -> int:
    """How far a face is from the regular weight (400), for picking the regular one."""
    weight = entry.weight
    if isinstance(weight, str):
        weight = {"normal": 400, "regular": 400, "book": 400, "medium": 500}.get(weight, 700)
    return abs(int(weight) - 400)


@lru_cache(maxsize=8)
def _find(folder: str | None) -> ChartFont | None:
    from matplotlib import font_manager

    manager = font_manager.fontManager
    user_files: set[str] = set()
    if folder:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                try:
                    manager.addfont(str(path))
                    user_files.add(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue
    entries = sorted(
        manager.ttflist,
        key=lambda e: (e.fname not in user_files, e.fname, getattr(e, "index", 0)),
    )
    by_name: dict[str, list] = {}
    for entry in entries:
        if entry.style == "normal":
            by_name.setdefault(entry.name, []).append(entry)
    ranked = [name for name in PREFERRED if name in by_name]
    # an upright face from the user's folder that is not on the list, when it has the glyphs
    ranked += sorted(
        {e.name for e in entries if e.fname in user_files} & by_name.keys() - set(ranked)
    )
    ranked.sort(key=lambda n: not any(e.fname in user_files for e in by_name[n]))  # theirs first
    for name in ranked:
        for entry in sorted(by_name[name], key=_boldness):
            if _covers(entry.fname, getattr(entry, "index", 0)):
                return ChartFont(entry.name, entry.fname)
    return None


def find_cjk_font(fonts_dir: str | Path | None = None) -> ChartFont:
    """The face figures are drawn in; ``fonts_dir`` (``--fonts``) is searched first.

    Raises FontMissing, with what to install, when no face has the Chinese glyphs.
    """
    found = _find(str(Path(fonts_dir).resolve()) if fonts_dir else None)
    if found is None:
        raise FontMissing(
            "找不到含中文字形的字体，无法绘制图表，公文中未插入图。请安装开源中文字体"
            "（sudo apt-get install fonts-noto-cjk），或用 --fonts 指定含黑体等字体的文件夹。"
        )
    return found
