"""Helpers of the hardening tests: editing a workbook's parts, reading what a build left."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from gongwen.cli import cli


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding the worksheet called ``sheet``."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return wb[sheet]._worksheet_path
    finally:
        wb.close()


def rewrite_parts(path: Path, edits: dict[str, Callable[[bytes], bytes]]) -> None:
    """Rewrite members of the zip at ``path`` in place (``{member: old bytes -> new bytes}``);
    a member not in the zip is added (its old bytes are empty)."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            edit = edits.get(info.filename)
            dst.writestr(info, edit(data) if edit else data)
        for name in sorted(set(edits) - {info.filename for info, _ in members}):
            dst.writestr(name, edits[name](b""))  # a member added
    path.write_bytes(buffer.getvalue())


def edit_sheet(path: Path, sheet: str, edit: Callable[[str], str]) -> None:
    """Rewrite the XML of worksheet ``sheet`` as text."""
    part = sheet_part(path, sheet)
    rewrite_parts(path, {part: lambda b: edit(b.decode("utf-8")).encode("utf-8")})


def cell_xml(xml: str, ref: str) -> re.Match:
    """The ``<c r="ref" ...>...</c>`` element of ``ref`` in a sheet's XML."""
    m = re.search(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml)
    assert m, f"no cell {ref}"
    return m


def replace_cell(xml: str, ref: str, new: str) -> str:
    m = cell_xml(xml, ref)
    return xml[: m.start()] + new + xml[m.end() :]


def files_under(folder: Path) -> list[Path]:
    """Every file and folder under ``folder`` (none when it does not exist)."""
    return sorted(folder.rglob("*")) if folder.exists() else []


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args))


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding ``streams`` in the root storage.

    Old Excel files (.xls, a ``Workbook`` stream) and password-protected .xlsx files
    (``EncryptionInfo`` and ``EncryptedPackage``) are such files. Streams are padded to the
    4096-byte mini-stream cutoff so every one lives in regular sectors.
    """
    sector = 512
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    datas = [(name, data.ljust(4096, b"\0")) for name, data in streams.items()]
    dir_entries = 1 + len(datas)
    dir_sectors = -(-dir_entries * 128 // sector)
    fat: list[int] = [fat_sector]  # sector 0: the FAT
    fat += [*range(2, 1 + dir_sectors), end]  # the directory chain, from sector 1
    starts = []
    body = b""
    for _, data in datas:
        first = len(fat)
        count = len(data) // sector
        starts.append(first)
        fat += [*range(first + 1, first + count), end]
        body += data
    assert len(fat) <= sector // 4, "one FAT sector only"
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if datas else free, free, end, 0)
    for i, ((name, data), start) in enumerate(zip(datas, starts, strict=True)):
        right = i + 2 if i + 1 < len(datas) else free  # a right-leaning chain of siblings
        directory += entry(name, 2, free, right, start, len(data))
    directory = directory.ljust(dir_sectors * sector, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIII", 0, 1, 1, 0)
        + struct.pack("<IIIII", 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + body
