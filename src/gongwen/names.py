"""File names from workbook values, safe on Windows and Linux."""

from __future__ import annotations

import re
import unicodedata

# Windows forbids these in names; "/" and "\" would also leave the folder.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
# 255 bytes is the limit of most file systems; UTF-8 Chinese takes 3 bytes a character, and
# the extension (".docx", ".pdf") and a temporary prefix need room too.
MAX_NAME_BYTES = 200


def safe_filename(value: str) -> str:
    """``value`` made into one safe path component (no extension); "" when nothing is left.

    Forbidden characters become "_", trailing dots and spaces go, reserved device names get a
    "_" prefix, and the name is cut to ``MAX_NAME_BYTES`` bytes of UTF-8.
    """
    name = unicodedata.normalize("NFC", value)
    name = _FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if name in {"", ".", ".."} or not name.strip("_"):
        return ""
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name.rstrip(". ")


def name_key(name: str) -> str:
    """The form two names take when a file system would treat them as the same file."""
    return unicodedata.normalize("NFC", name).casefold()
