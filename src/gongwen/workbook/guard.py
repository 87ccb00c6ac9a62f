"""Looking at a workbook file before any parser touches it.

A clerk's file may be empty, cut short, a CSV or an old ``.xls`` renamed, protected by a
password, or made to hurt the reader (a zip bomb, an XML bomb, an external entity). Each is
told apart here from the file's first bytes and its zip directory, and refused with its own
message, before openpyxl parses a single part:

- the zip's declared sizes are checked first: no part above ``MAX_PART_BYTES`` uncompressed,
  no more than ``MAX_TOTAL_BYTES`` in all, no large part compressed more than ``MAX_RATIO``
  times (Python's zip reader never inflates a part beyond its declared size, so the declared
  sizes bound what is read);
- every part is then read once to check its CRC (a damaged file gets one message);
- an XML part that declares a DTD (``<!DOCTYPE``/``<!ENTITY``) is refused: Excel and WPS
  never write one, and entities are how XML bombs and external entities work.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path

from gongwen.errors import WorkbookError, os_reason

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
MAX_PART_BYTES = 100 * 1024 * 1024  # one part, uncompressed
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # all parts, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, for parts above RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
PROLOG_BYTES = 64 * 1024  # how much of an XML part is read to find its root element

SAVE_AS = "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。"
_ROOT = re.compile(rb"<[A-Za-z_]")  # the first element: after it no DTD may appear
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse(path: Path, problem: str, hint: str = SAVE_AS) -> WorkbookError:
    return WorkbookError(str(path), [f"无法作为 .xlsx 工作簿打开：{problem}"], hint)


def _looks_like_text(head: bytes) -> bool:
    """Whether the file's start reads as text (a CSV or a text file renamed .xlsx)."""
    if not head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return False


def _ole(path: Path) -> WorkbookError:
    """An OLE compound file: a password-protected .xlsx or an old .xls (or another old file)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            encrypted = ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
            old_excel = ole.exists("Workbook") or ole.exists("Book")
    except Exception:  # olefile raises many kinds for a damaged compound file
        encrypted = old_excel = False
    if encrypted:
        return _refuse(
            path,
            "工作簿设置了打开密码（已加密），无法读取",
            "请在 Excel 或 WPS 中用密码打开，去掉密码（文件→信息→保护工作簿→用密码进行加密，"
            "清空密码）后另存为 .xlsx 再试。",
        )
    if old_excel:
        return _refuse(
            path,
            "这是旧版 Excel 97-2003 工作簿（.xls），只是扩展名写成了 .xlsx"
            if path.suffix.lower() == ".xlsx"
            else "这是旧版 Excel 97-2003 工作簿（.xls）；gongwen 只读取 .xlsx 工作簿",
            "请在 Excel 或 WPS 中打开后“另存为”，保存类型选“Excel 工作簿 (*.xlsx)”再试。",
        )
    return _refuse(path, "这是旧版 Office 格式的文件，不是 .xlsx 工作簿")


def _prolog_problem(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """Why the XML part ``info`` is refused (a DTD or entity declaration), or None."""
    with archive.open(info) as fh:
        head = fh.read(PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: look at it as UTF-8 bytes
        head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    root = _ROOT.search(head)
    prolog = head[: root.start()] if root else head
    if _DTD.search(prolog) or (root is None and b"<!" in head):
        return (
            f"部件 {info.filename} 含有 DTD/实体声明（XML 炸弹或外部实体的写法），"
            "Excel 和 WPS 不会生成这样的文件，已拒绝读取"
        )
    return None


LOCK_PREFIX = "~$"  # Excel's (and WPS's) owner file beside a workbook open for editing
LIBREOFFICE_LOCK_PREFIX = ".~lock."  # LibreOffice's: ``.~lock.名称.xlsx#``
LIBREOFFICE_LOCK_SUFFIX = "#"


def _lock_files(path: Path) -> tuple[tuple[Path, str], ...]:
    """The lock files Excel/WPS and LibreOffice put beside ``path`` while it is open, each
    with the programs that write it."""
    return (
        (path.with_name(LOCK_PREFIX + path.name), "Excel 或 WPS"),
        (
            path.with_name(LIBREOFFICE_LOCK_PREFIX + path.name + LIBREOFFICE_LOCK_SUFFIX),
            "LibreOffice",
        ),
    )


def _is_lock_file(name: str) -> bool:
    return name.startswith(LOCK_PREFIX) or (
        name.startswith(LIBREOFFICE_LOCK_PREFIX) and name.endswith(LIBREOFFICE_LOCK_SUFFIX)
    )


def _refuse_open_in_excel(path: Path) -> None:
    """The workbook is open in Excel, WPS or LibreOffice (its lock file ``~$名称.xlsx`` or
    ``.~lock.名称.xlsx#`` is beside it), or the path is such a lock file: what is read may not
    be what the clerk sees."""
    if _is_lock_file(path.name):
        raise WorkbookError(
            str(path),
            ["这是 Excel、WPS 或 LibreOffice 打开工作簿时生成的临时锁定文件，不是工作簿本身"],
            f"请指定不带“{LOCK_PREFIX}”或“{LIBREOFFICE_LOCK_PREFIX}”的那个工作簿文件。",
        )
    for lock, programs in _lock_files(path):
        if lock.exists():
            raise WorkbookError(
                str(path),
                [
                    f"工作簿正在 {programs} 中打开（旁边有锁定文件 {lock.name}），"
                    "未保存的修改不会被读取"
                ],
                "请先保存并关闭该工作簿，再重新运行；如已关闭，可删除该锁定文件。",
            )


def inspect_workbook_file(path: str | Path) -> None:
    """Raise WorkbookError when the file at ``path`` is not a safe, intact .xlsx to parse."""
    path = Path(path)
    _refuse_open_in_excel(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe would hang, a device read forever
            raise _refuse(
                path,
                "它不是普通文件（而是管道、设备或文件夹）",
                "请指定保存在磁盘上的 .xlsx 工作簿文件。",
            )
        size = info.st_size
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise _refuse(path, f"无法读取该文件（{os_reason(exc)}）", "请检查文件权限。") from None
    if size == 0:
        raise _refuse(path, "文件是空的（0 字节）", "请重新保存或重新复制该工作簿后再试。")
    if head.startswith(OLE_MAGIC):
        raise _ole(path)
    if not head.startswith(ZIP_MAGIC):
        if _looks_like_text(head):
            what = (
                "这是文本文件（如 CSV），只是扩展名写成了 .xlsx"
                if path.suffix.lower() == ".xlsx"
                else f"这是文本文件（{path.suffix or '无扩展名'}，如 CSV），不是 Excel 工作簿；"
                "gongwen 只读取 .xlsx 工作簿"
            )
            raise _refuse(
                path, what, "请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿 (*.xlsx)”再试。"
            )
        raise _refuse(path, "不是 .xlsx 工作簿（文件内容不是 Excel 格式）")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(
            path,
            "文件不完整或已损坏（可能在下载或复制时被截断）",
            "请重新下载或复制该工作簿；仍不行时请在 Excel 或 WPS 中打开后另存为 .xlsx。",
        ) from None
    with archive:
        _check_archive(path, archive)


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(path, "这是 zip 压缩包，但不是 Excel 工作簿（如 .docx 或其他文件改了扩展名）")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > MAX_PART_BYTES
            or total > MAX_TOTAL_BYTES
            or (info.file_size > RATIO_FROM and ratio > MAX_RATIO)
        ):
            raise _refuse(
                path,
                f"部件 {info.filename} 解压后达 {info.file_size:,} 字节（压缩比 {ratio:,.0f} 倍），"
                "超出工作簿的合理大小（疑似“压缩炸弹”），已拒绝读取",
                "请确认文件来源；正常的工作簿请删除无关内容后另存为 .xlsx 再试。",
            )
    damaged = _refuse(
        path,
        "文件已损坏（压缩数据校验失败）",
        "请重新下载或复制该工作簿；仍不行时请在 Excel 或 WPS 中打开后另存为 .xlsx。",
    )
    try:
        if archive.testzip() is not None:
            raise damaged
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
                problem = _prolog_problem(archive, info)
                if problem:
                    raise _refuse(path, problem, "请确认文件来源，在 Excel 或 WPS 中另存后再试。")
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        raise damaged from None
