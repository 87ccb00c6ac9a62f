"""Finding LibreOffice's soffice (on PATH or in its install folder) and its environment."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from gongwen.errors import RenderError
from gongwen.packaging import fonts

SOFFICE_CANDIDATES = ("soffice", "libreoffice")
SOFFICE_FALLBACK_PATHS = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
# LibreOffice's usual install folder on Windows, under each Program Files folder
WINDOWS_SOFFICE = ("LibreOffice", "program", "soffice.exe")
WINDOWS_PROGRAM_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
INSTALL_HINT = (
    "请先安装 LibreOffice 和中文字体，例如（Debian/Ubuntu）：\n"
    "  sudo apt-get install --no-install-recommends libreoffice-writer-nogui "
    "fonts-noto-cjk fonts-arphic-ukai fonts-wqy-zenhei\n"
    "或加上 --no-pdf 只生成 .docx 文件。"
)


def find_soffice() -> str:
    """The path of LibreOffice's ``soffice``; raises :class:`RenderError` if it is missing."""
    for name in SOFFICE_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in _fallback_paths():
        if os.access(path, os.X_OK):
            return path
    raise RenderError(f"未找到 LibreOffice（soffice），无法生成 PDF。\n{INSTALL_HINT}")


def _fallback_paths() -> list[str]:
    """Where LibreOffice usually is when it is not on PATH (which Windows' installer skips)."""
    if sys.platform != "win32":
        return list(SOFFICE_FALLBACK_PATHS)
    folders = [os.environ.get(name) for name in WINDOWS_PROGRAM_FOLDERS]
    folders += ["C:\\Program Files", "C:\\Program Files (x86)"]
    return [os.path.join(f, *WINDOWS_SOFFICE) for f in dict.fromkeys(f for f in folders if f)]


def environment(work: Path, fonts_dir: str | os.PathLike[str] | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(fonts.fontconfig_env(fonts_dir, work / "fontconfig"))
    # soffice reads non-ASCII file names through the locale: make sure it is a UTF-8 one.
    locale = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or ""
    if "utf-8" not in locale.lower() and "utf8" not in locale.lower():
        env["LC_ALL"] = "C.UTF-8"
    return env
