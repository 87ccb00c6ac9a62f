"""Files that are not a sound .xlsx: each refused with its own message, before parsing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hardening_tools import compound_file, files_under, rewrite_parts, run_cli

from gongwen.build import build_to
from gongwen.errors import WorkbookError
from gongwen.workbook.reader import read_campaign

SAVE_AS = "请在 Excel 或 WPS 中打开后另存为“Excel 工作簿 (*.xlsx)”再试。"


def refused(path: Path) -> WorkbookError:
    with pytest.raises(WorkbookError) as info:
        read_campaign(path)
    return info.value


def one_problem(path: Path) -> tuple[str, str]:
    error = refused(path)
    [problem] = error.problems
    return problem.message, error.hint


def test_an_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert one_problem(path) == (
        "无法作为 .xlsx 工作簿打开：文件是空的（0 字节）",
        "请重新保存或重新复制该工作簿后再试。",
    )


def test_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "图片.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert one_problem(path) == (
        "无法作为 .xlsx 工作簿打开：不是 .xlsx 工作簿（文件内容不是 Excel 格式）",
        SAVE_AS,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_renamed(tmp_path, encoding):
    path = tmp_path / "名单.xlsx"
    path.write_bytes("名称,户数\n静观村,2140\n".encode(encoding))
    assert one_problem(path) == (
        "无法作为 .xlsx 工作簿打开：这是文本文件（如 CSV），只是扩展名写成了 .xlsx",
        "请在 Excel 或 WPS 中打开该文件，另存为“Excel 工作簿 (*.xlsx)”再试。",
    )


def test_a_truncated_workbook(tmp_path, example_workbook):
    path = tmp_path / "截断.xlsx"
    path.write_bytes(example_workbook.read_bytes()[: example_workbook.stat().st_size // 2])
    message, hint = one_problem(path)
    assert message == "无法作为 .xlsx 工作簿打开：文件不完整或已损坏（可能在下载或复制时被截断）"
    assert hint.startswith("请重新下载或复制该工作簿")


def test_a_damaged_part_is_caught_by_its_checksum(tmp_path, example_workbook):
    data = bytearray(example_workbook.read_bytes())
    with zipfile.ZipFile(example_workbook) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # flip a byte in the middle of the part's compressed data
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[offset + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "损坏.xlsx"
    path.write_bytes(bytes(data))
    message, _ = one_problem(path)
    assert message == "无法作为 .xlsx 工作簿打开：文件已损坏（压缩数据校验失败）"


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("旧表.xlsx", "这是旧版 Excel 97-2003 工作簿（.xls），只是扩展名写成了 .xlsx"),
        ("旧表.xls", "这是旧版 Excel 97-2003 工作簿（.xls）；gongwen 只读取 .xlsx 工作簿"),
    ],
)
def test_a_real_xls_renamed_or_not_says_save_as_xlsx(tmp_path, name, what):
    path = tmp_path / name
    path.write_bytes(compound_file({"Workbook": b"\x09\x08" + b"\0" * 200}))
    assert one_problem(path) == (
        f"无法作为 .xlsx 工作簿打开：{what}",
        "请在 Excel 或 WPS 中打开后“另存为”，保存类型选“Excel 工作簿 (*.xlsx)”再试。",
    )


def test_a_password_protected_workbook_says_remove_the_password(tmp_path, example_workbook):
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = io.BytesIO()
    with open(example_workbook, "rb") as fh:
        msoffcrypto.OOXMLFile(fh).encrypt("静观123", encrypted)
    path = tmp_path / "加密.xlsx"
    path.write_bytes(encrypted.getvalue())
    message, hint = one_problem(path)
    assert message == "无法作为 .xlsx 工作簿打开：工作簿设置了打开密码（已加密），无法读取"
    assert hint.startswith("请在 Excel 或 WPS 中用密码打开，去掉密码")
    assert hint.endswith("后另存为 .xlsx 再试。")


def test_an_encrypted_compound_file_built_by_hand_is_told_apart_from_xls(tmp_path):
    path = tmp_path / "加密2.xlsx"
    path.write_bytes(compound_file({"EncryptionInfo": b"\4\0\4\0", "EncryptedPackage": b"x"}))
    assert "设置了打开密码" in one_problem(path)[0]


def test_another_zip_renamed(tmp_path):
    path = tmp_path / "文档.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert one_problem(path)[0] == (
        "无法作为 .xlsx 工作簿打开：这是 zip 压缩包，但不是 Excel 工作簿（如 .docx 或其他文件改了扩展名）"
    )


BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE sst [
<!ENTITY a "ha">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&i;</t></si></sst>"""

EXTERNAL_ENTITY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">
<si><t>&secret;</t></si></sst>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "xxe"])
def test_xml_bombs_and_external_entities_are_refused(tmp_path, example_workbook, xml, monkeypatch):
    rels = "xl/_rels/workbook.xml.rels"
    shared = (
        '<Relationship Id="rIdSST" Target="sharedStrings.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    rewrite_parts(
        example_workbook,
        {
            "xl/sharedStrings.xml": lambda _: xml.encode("utf-8"),
            rels: lambda b: b.replace(b"</Relationships>", shared.encode()),
        },
    )
    parsed = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: parsed.append(a))
    message, _ = one_problem(example_workbook)
    assert message == (
        "无法作为 .xlsx 工作簿打开：部件 xl/sharedStrings.xml 含有 DTD/实体声明（XML 炸弹或外部实体的写法），"
        "Excel 和 WPS 不会生成这样的文件，已拒绝读取"
    )
    assert parsed == []


def test_openpyxl_itself_parses_with_defusedxml():
    # the second line of defence: even past our check, openpyxl refuses entity declarations
    import defusedxml.ElementTree
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse
    with pytest.raises(defusedxml.EntitiesForbidden):
        list(functions.iterparse(io.BytesIO(BILLION_LAUGHS.encode("utf-8"))))


def _bomb(path: Path, size: int) -> None:
    """A workbook with an extra part of ``size`` zero bytes (compresses ~1000 times)."""
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/zeros.bin", "w") as fh,
    ):
        for _ in range(size // len(chunk)):
            fh.write(chunk)


def test_a_zip_bomb_is_refused_by_its_ratio_before_parsing(example_workbook, monkeypatch):
    _bomb(example_workbook, 8 * 1024 * 1024)
    parsed = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: parsed.append(a))
    message, _ = one_problem(example_workbook)
    assert message.startswith(
        "无法作为 .xlsx 工作簿打开：部件 xl/media/zeros.bin 解压后达 8,388,608 字节（压缩比 "
    )
    assert message.endswith("倍），超出工作簿的合理大小（疑似“压缩炸弹”），已拒绝读取")
    assert parsed == []


def test_a_huge_declared_size_is_refused_without_inflating(example_workbook, monkeypatch):
    import gongwen.workbook.guard as guard

    monkeypatch.setattr(guard, "MAX_PART_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(guard, "MAX_RATIO", 10**9)
    _bomb(example_workbook, 3 * 1024 * 1024)
    assert "解压后达 3,145,728 字节" in one_problem(example_workbook)[0]


def test_a_bad_file_through_the_cli_exits_2_with_one_message_and_writes_nothing(tmp_path):
    path = tmp_path / "旧表.xlsx"
    path.write_bytes(compound_file({"Workbook": b"\0" * 10}))
    out = tmp_path / "out"
    result = run_cli("build", str(path), "-o", str(out))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"错误：工作簿 {path} 有 1 处问题，未生成任何文件：",
        "  - 无法作为 .xlsx 工作簿打开：这是旧版 Excel 97-2003 工作簿（.xls），只是扩展名写成了 .xlsx",
        "请在 Excel 或 WPS 中打开后“另存为”，保存类型选“Excel 工作簿 (*.xlsx)”再试。",
    ]
    assert "Traceback" not in result.output
    assert files_under(out) == []


def test_build_refuses_before_writing(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    with pytest.raises(WorkbookError):
        build_to(path, tmp_path / "out")
    assert files_under(tmp_path / "out") == []
