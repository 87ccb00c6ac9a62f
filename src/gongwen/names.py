"""File names from workbook values, safe on Windows and Linux: the one place they are made.

Every file and folder a build or a package writes is named by ``safe_filename`` (a village's
archive, the unit's folder, every document's title, the package), so a value from a cell can
neither leave the output folder nor make a name that Windows, WPS or a zip tool would refuse
or show differently from what it is.
"""

from __future__ import annotations

import re
import unicodedata

# Windows forbids these in names; "/" and "\" would also leave the folder.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
# device names Windows reserves, with any extension and trailing spaces ("CON .txt"); the
# superscript digits count as digits there (COM¹)
_DIGITS = "0123456789¹²³"
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"}
    | {f"COM{d}" for d in _DIGITS}
    | {f"LPT{d}" for d in _DIGITS}
)
# 255 bytes is the limit of most file systems; UTF-8 Chinese takes 3 bytes a character, and
# the extension (".docx", ".pdf") and a temporary prefix need room too.
MAX_NAME_BYTES = 200
# the longest path most systems accept, in bytes (Linux PATH_MAX)
MAX_PATH_BYTES = 4095


def _visible(name: str) -> str:
    """Without format characters: zero-width spaces and joiners, bidirectional overrides
    (which show ``exe.docx`` as ``xcod.exe``), soft hyphens, byte-order marks."""
    return "".join(c for c in name if unicodedata.category(c) != "Cf")


def safe_filename(value: object) -> str:
    """``value`` made into one safe path component (no extension); "" when nothing is left.

    Invisible format characters go, forbidden characters (and control characters such as a
    newline) become "_", leading and trailing spaces and trailing dots go, reserved device
    names get a "_" prefix, and the name is cut to ``MAX_NAME_BYTES`` bytes of UTF-8.
    """
    name = unicodedata.normalize("NFC", _visible(str(value)))
    name = _FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if name in {"", ".", ".."} or not name.strip("_"):
        return ""
    if name.split(".")[0].rstrip(" ").upper() in _RESERVED:
        name = "_" + name
    name = name.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
    return name.rstrip(". ")


def file_name(title: object, suffix: str) -> str:
    """A document's file name from its title: ``safe_filename(title) + suffix``."""
    return safe_filename(title) + suffix


def name_key(name: str) -> str:
    """The form two names take when a file system would treat them as the same file.

    Windows compares names without case by a one-to-one upper-case table (NTFS's), so
    ``ABC村`` and ``abc村`` are one file there but ``ß村`` and ``SS村`` are two: ``ß`` has no
    one-character capital. Names are compared in NFC, as macOS stores them.
    """
    name = unicodedata.normalize("NFC", name)
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in name)
