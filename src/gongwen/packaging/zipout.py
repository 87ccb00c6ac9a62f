"""Zip files whose bytes depend only on their content: for packages and for .docx parts.

Entries carry one fixed timestamp, fixed permissions and the UTF-8 name flag (0x800); a
package's entries are sorted by name. A path that is absolute or climbs out with ``..`` is
refused, on writing and on reading.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from lxml import etree

from gongwen.errors import OutputError

UTF8_FLAG = 0x800
FILE_MODE = 0o644
UNIX = 3  # ZipInfo.create_system: the same on every platform, so the bytes are too
DOCX_CORE = "docProps/core.xml"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def zip_time(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: midnight of ``day`` (zip cannot go before 1980)."""
    if day.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (day.year, day.month, day.day, 0, 0, 0)


def is_safe(name: str) -> bool:
    """Whether an entry name stays inside the folder it is extracted to."""
    path = PurePosixPath(name)
    return bool(
        name
        and "\\" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and not (path.parts and path.parts[0].endswith(":"))
    )


def _entry(name: str, day: dt.date) -> zipfile.ZipInfo:
    if not is_safe(name):
        raise OutputError(f"压缩包内的路径 {name} 不安全（含绝对路径或 ..），已拒绝写入。")
    info = zipfile.ZipInfo(name, zip_time(day))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = (0o100000 | FILE_MODE) << 16
    info.flag_bits |= UTF8_FLAG
    return info


def _write(entries: Iterable[tuple[str, bytes]], day: dt.date) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(_entry(name, day), data, compresslevel=9)
    return buffer.getvalue()


def deterministic_zip(files: Mapping[str, bytes], day: dt.date) -> bytes:
    """A zip of ``files`` ({entry name: bytes}), entries sorted, every one dated ``day``."""
    return _write(((name, files[name]) for name in sorted(files)), day)


def normalise_office(data: bytes, day: dt.date, author: str = "") -> bytes:
    """The same .docx/.xlsx with fixed zip timestamps and core properties dated ``day``.

    python-docx stamps each part with the time of saving; the core properties (创建/修改时间,
    作者) are set from the campaign, so the same workbook gives the same bytes. Part order is
    kept ([Content_Types].xml stays first).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = [
            (
                info.filename,
                _core_properties(src.read(info), day, author)
                if info.filename == DOCX_CORE
                else src.read(info),
            )
            for info in src.infolist()
        ]
    return _write(entries, day)


def _core_properties(xml: bytes, day: dt.date, author: str) -> bytes:
    root = etree.fromstring(xml)
    stamp = f"{day.isoformat()}T00:00:00Z"
    for tag in ("created", "modified"):
        element = root.find(f"{{{_DCTERMS}}}{tag}")
        if element is None:
            element = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}")
        element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        element.text = stamp
    values = {
        f"{{{_DC}}}creator": author,
        f"{{{_CP}}}lastModifiedBy": author,
        f"{{{_DC}}}description": "",
    }
    for tag, value in values.items():
        element = root.find(tag)
        if element is not None:
            element.text = value or None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_entries(data: bytes | str) -> tuple[dict[str, bytes], list[str]]:
    """The files of a zip ({name: bytes}) and the names of unsafe entries (not read)."""
    files: dict[str, bytes] = {}
    unsafe: list[str] = []
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            if not is_safe(info.filename):
                unsafe.append(info.filename)
                continue
            files[info.filename] = z.read(info)
    return files, unsafe
