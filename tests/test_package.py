"""gongwen package: the submission package a secretary sends to the district as it is.

Without PDFs (fast): the order and names of the entries, the covering letter's 附件说明 against
the 材料清单, the manifest's hashes, byte-identical zips on re-run, no overwriting without
--force, and a failure (an error found by the checks, a document that cannot be converted)
leaving no package and no temporary folder. With LibreOffice (one conversion of the whole
package, shared by the module): PDFs beside every document, page counts from the PDFs, the
fonts warning and the 附件说明's wrapped lines aligned in the PDF.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

import layout
from gongwen.cli import cli
from gongwen.formatting import ADDRESSEE, ATTACHMENT_NOTE, DATE, SIGNATURE, TITLE

PACKAGE = "静观镇安全社区创建材料-2024年12月31日"  # dated by the 申报日期
ZIP = f"{PACKAGE}.zip"
VILLAGES = ("静观场社区", "素心村", "万全村", "集真村", "塔坪村", "中华村", "双塘村", "石庙村")
NUMBERED = re.compile(r"^(\d\d)-(.+)$")


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def package(workbook: Path, outdir: Path, *options: str) -> dict[str, bytes]:
    """Run ``gongwen package`` and return the zip's entries {name: bytes}, in zip order."""
    result = run("package", workbook, "-o", outdir, *options)
    assert result.exit_code == 0, result.output + result.stderr
    with zipfile.ZipFile(outdir / ZIP) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def inside(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Entries relative to the package's folder."""
    assert all(name.startswith(f"{PACKAGE}/") for name in entries)
    return {name.removeprefix(f"{PACKAGE}/"): data for name, data in entries.items()}


def paragraphs(data: bytes, style: str) -> list:
    return [p for p in Document(io.BytesIO(data)).paragraphs if p.style.name == style]


def list_rows(data: bytes) -> list[list[str]]:
    """The 材料清单's table as text, header row first (line breaks written in are left out)."""
    from gongwen.formatting import paragraph_text

    table = Document(io.BytesIO(data)).tables[0]
    return [
        ["\n".join(paragraph_text(p._p) for p in cell.paragraphs) for cell in row.cells]
        for row in table.rows
    ]


@pytest.fixture
def no_pdf(tmp_path, example_workbook) -> dict[str, bytes]:
    return inside(package(example_workbook, tmp_path / "out", "--no-pdf"))


def leftovers(outdir: Path) -> list[str]:
    return sorted(p.name for p in outdir.iterdir()) if outdir.exists() else []


# --- the package's contents --------------------------------------------------------------------
def test_entries_are_numbered_in_order_with_the_archives_in_a_subfolder(no_pdf):
    names = list(no_pdf)
    assert names == sorted(names)
    top = [n for n in names if "/" not in n]
    numbered = [n for n in top if NUMBERED.match(n)]
    assert numbered[:4] == [
        "00-报送函.docx",
        "01-材料清单.docx",
        "02-工作计划.docx",
        "03-实施方案.docx",
    ]
    assert [int(NUMBERED.match(n).group(1)) for n in numbered] == list(range(len(numbered)))
    assert top[len(numbered) :] == ["manifest.json", "文件清单.txt", "检查报告.txt"]
    folders = {n.split("/")[0] for n in names if "/" in n}
    assert len(folders) == 1
    folder = folders.pop()
    assert NUMBERED.match(folder).group(2) == "村社区档案"
    assert int(folder[:2]) == len(numbered)  # numbered right after the top-level documents
    inner = {n.split("/", 1)[1] for n in names if "/" in n}
    assert inner == {f"{v}.docx" for v in VILLAGES} | {"村社区汇总表.xlsx"}
    assert not any(n.endswith(".pdf") for n in names)


def test_zip_entries_are_safe_utf8_and_dated_with_the_issue_date(tmp_path, example_workbook):
    package(example_workbook, tmp_path, "--no-pdf")
    with zipfile.ZipFile(tmp_path / ZIP) as z:
        infos = z.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    for info in infos:
        path = PurePosixPath(info.filename)
        assert not path.is_absolute() and ".." not in path.parts
        assert info.flag_bits & 0x800
        assert info.date_time == (2024, 3, 15, 0, 0, 0)


def test_documents_inside_are_dated_by_the_issue_date(no_pdf):
    for name in (n for n in no_pdf if n.endswith(".docx")):
        with zipfile.ZipFile(io.BytesIO(no_pdf[name])) as docx:
            assert {i.date_time for i in docx.infolist()} == {(2024, 3, 15, 0, 0, 0)}, name
        core = Document(io.BytesIO(no_pdf[name])).core_properties
        assert core.created.date().isoformat() == "2024-03-15", name
        assert core.modified.date().isoformat() == "2024-03-15", name
        assert core.author == "静观镇人民政府", name


def test_no_pdf_twice_gives_the_same_zip_bytes(tmp_path, example_workbook):
    first = tmp_path / "first"
    second = tmp_path / "second"
    package(example_workbook, first, "--no-pdf")
    package(example_workbook, second, "--no-pdf")
    assert (first / ZIP).read_bytes() == (second / ZIP).read_bytes()
    assert (first / PACKAGE / "manifest.json").read_bytes() == (
        second / PACKAGE / "manifest.json"
    ).read_bytes()


def test_covering_letter_is_addressed_to_the_district_office(no_pdf):
    letter = no_pdf["00-报送函.docx"]
    assert [p.text for p in paragraphs(letter, TITLE)] == ["关于报送静观镇创建安全社区材料的函"]
    assert [p.text for p in paragraphs(letter, ADDRESSEE)] == ["北碚区安全生产委员会办公室："]
    assert [p.text for p in paragraphs(letter, SIGNATURE)] == ["静观镇人民政府"]
    # dated the day the materials are sent (申报日期), not the campaign's 成文日期
    assert [p.text for p in paragraphs(letter, DATE)] == ["2024年12月31日"]


def test_attachment_note_lists_the_materials_of_the_list(no_pdf):
    notes = [p.text for p in paragraphs(no_pdf["00-报送函.docx"], ATTACHMENT_NOTE)]
    rows = list_rows(no_pdf["01-材料清单.docx"])
    assert rows[0] == ["序号", "材料名称", "文件名", "页数", "格式"]
    items = [(number, name) for number, name, *_ in rows[1:] if number.isdigit()]
    assert notes[0].startswith("附件：")
    listed = [re.fullmatch(r"(\d+)\.(.+)", n.removeprefix("附件：")).groups() for n in notes]
    assert listed == items
    assert [int(n) for n, _ in items] == list(range(1, len(items) + 1))
    assert items[0] == ("1", "静观镇创建安全社区工作计划")
    assert items[-1] == ("7", "静观镇村（社区）安全基本情况档案（8份）及村社区汇总表")
    assert not any(
        n.endswith(("。", "；", "，", ".")) for n in notes
    )  # no punctuation after a name


def test_attachment_note_wraps_under_the_first_character_of_each_name(no_pdf):
    """附件： two characters in; later numbers under the first; wrapped lines at the name."""
    char = 15.75
    # "1." in Times New Roman at 16 pt, each character condensed by 0.25 pt: 1/2 em + 1/4 em.
    number = (0.5 * 16 - 0.25) + (0.25 * 16 - 0.25)
    for i, p in enumerate(paragraphs(no_pdf["00-报送函.docx"], ATTACHMENT_NOTE)):
        fmt = p.paragraph_format
        first_line_at = fmt.left_indent.pt + fmt.first_line_indent.pt
        assert fmt.left_indent.pt == pytest.approx(5 * char + number, abs=0.05)
        assert first_line_at == pytest.approx((2 if i == 0 else 5) * char, abs=0.05)


def test_material_list_names_every_file_with_its_format(no_pdf):
    rows = list_rows(no_pdf["01-材料清单.docx"])[1:]
    files = {row[2]: row for row in rows}
    for name in no_pdf:
        stem = str(PurePosixPath(name).with_suffix(""))
        if (NUMBERED.match(name) and not name.startswith(("00-", "01-"))) or "/" in name:
            assert stem in files, name
    assert files["02-工作计划"][4] == "DOCX"
    archive = next(row for row in rows if row[2].endswith("村社区档案（文件夹）"))
    assert archive[4] == "DOCX、XLSX"  # the formats on one line
    summary = next(row for row in rows if row[2].endswith("/村社区汇总表"))
    assert summary[4] == "XLSX"
    assert summary[3] == "—"


def test_without_pdfs_page_counts_are_not_made_up(no_pdf):
    rows = list_rows(no_pdf["01-材料清单.docx"])
    assert {row[3] for row in rows[1:]} == {"—"}
    note = Document(io.BytesIO(no_pdf["01-材料清单.docx"])).paragraphs[-1].text
    assert "未生成 PDF" in note and "页数未统计" in note


def test_manifest_and_file_list_give_every_files_size_and_sha256(no_pdf):
    manifest = json.loads(no_pdf["manifest.json"])
    assert manifest["package"] == PACKAGE
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(no_pdf) - {"manifest.json"}
    text = no_pdf["文件清单.txt"].decode("utf-8")
    for path, data in no_pdf.items():
        if path == "manifest.json":
            continue
        digest = hashlib.sha256(data).hexdigest()
        assert listed[path]["size"] == len(data)
        assert listed[path]["sha256"] == digest
        if path != "文件清单.txt":  # the list cannot hold its own hash; the manifest does
            assert f"{path}\t{len(data)}\t{digest}\r\n" in text


def test_check_report_holds_the_remaining_warnings(tmp_path, example_data, make_workbook):
    example_data["工作阶段"][0]["主要任务"] += "认真学习《安全社区建设指南（试行）》。"
    entries = inside(package(make_workbook(example_data), tmp_path, "--no-pdf"))
    report = entries["检查报告.txt"].decode("utf-8")
    assert re.search(r"^02-工作计划\.docx:.* GW10\d .*《安全社区建设指南（试行）》", report, re.M)
    assert "错误 0 处" in report


# --- failures leave nothing behind -------------------------------------------------------------
def test_an_existing_package_is_not_overwritten_without_force(tmp_path, example_workbook):
    outdir = tmp_path / "out"
    package(example_workbook, outdir, "--no-pdf")
    zip_path = outdir / ZIP
    zip_path.write_bytes(b"the package already sent")

    result = run("package", example_workbook, "-o", outdir, "--no-pdf")
    assert result.exit_code == 2
    assert str(zip_path) in result.stderr and "--force" in result.stderr
    assert zip_path.read_bytes() == b"the package already sent"

    (outdir / PACKAGE / "extra.txt").write_text("old")
    assert run("package", example_workbook, "-o", outdir, "--no-pdf", "--force").exit_code == 0
    assert zipfile.is_zipfile(zip_path)
    assert not (outdir / PACKAGE / "extra.txt").exists()
    assert leftovers(outdir) == sorted([PACKAGE, ZIP])


def test_an_error_found_by_the_checks_stops_the_package(tmp_path, example_data, make_workbook):
    example_data["工作阶段"][0]["主要任务"] = "20xx年完成全镇安全隐患排查。"
    outdir = tmp_path / "out"
    result = run("package", make_workbook(example_data), "-o", outdir, "--no-pdf")
    assert result.exit_code == 1
    assert "20xx" in result.stderr and "GW103" in result.stderr
    assert leftovers(outdir) == []


def test_a_document_that_fails_to_convert_is_named_and_nothing_is_left(
    tmp_path, example_workbook, monkeypatch
):
    """The scheme is damaged on its way to LibreOffice: the real converter refuses it."""
    from gongwen.packaging import pdf

    real = pdf.convert_to_pdf

    def damaging(paths, outdir, **kwargs):
        for path in paths:
            if Path(path).name.endswith("实施方案.docx"):
                Path(path).write_bytes(b"not a zip")
        return real(paths, outdir, **kwargs)

    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", damaging)
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "keep.txt").write_text("mine")
    result = run("package", example_workbook, "-o", outdir)
    assert result.exit_code == 2
    assert "03-实施方案.docx" in result.stderr
    assert leftovers(outdir) == ["keep.txt"]


def test_fonts_folder_is_given_to_the_conversion(tmp_path, example_workbook, monkeypatch):
    from gongwen.errors import RenderError
    from gongwen.packaging import fonts, pdf

    seen = {}

    def converter(paths, outdir, **kwargs):
        seen.update(kwargs)
        raise RenderError("stop here")

    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", converter)
    monkeypatch.setattr(fonts, "substitutions", lambda fonts_dir=None: [])
    own = tmp_path / "我的字体"
    own.mkdir()
    result = run("package", example_workbook, "-o", tmp_path / "out", "--fonts", own)
    assert result.exit_code == 2
    assert Path(seen["fonts_dir"]) == own


# --- with LibreOffice: one conversion of the whole package ---------------------------------------
@pytest.fixture(scope="module")
def with_pdf(tmp_path_factory) -> tuple[dict[str, bytes], object, Path]:
    """The example packaged once with PDFs: (entries, the command's result, OUTDIR)."""
    import copy

    from example_data import EXAMPLE

    from gongwen.workbook.writer import write_workbook

    layout.require_soffice()
    folder = tmp_path_factory.mktemp("package")
    workbook = folder / "campaign.xlsx"
    write_workbook(workbook, copy.deepcopy(EXAMPLE))
    result = run("package", workbook, "-o", folder / "out")
    assert result.exit_code == 0, result.output + result.stderr
    with zipfile.ZipFile(folder / "out" / ZIP) as z:
        entries = {info.filename: z.read(info) for info in z.infolist()}
    return inside(entries), result, folder / "out"


@pytest.mark.libreoffice
def test_every_document_has_its_pdf_beside_it(with_pdf):
    entries, _, _ = with_pdf
    documents = [n for n in entries if n.endswith(".docx")]
    pdfs = [n for n in entries if n.endswith(".pdf")]
    assert sorted(n.removesuffix(".docx") for n in documents) == sorted(
        n.removesuffix(".pdf") for n in pdfs
    )
    names = list(entries)
    assert names[:4] == ["00-报送函.docx", "00-报送函.pdf", "01-材料清单.docx", "01-材料清单.pdf"]


@pytest.mark.libreoffice
def test_page_counts_in_the_list_are_those_of_the_pdfs(with_pdf):
    entries, _, _ = with_pdf
    rows = list_rows(entries["01-材料清单.docx"])[1:]
    pages = {
        name: len(PdfReader(io.BytesIO(data)).pages)
        for name, data in entries.items()
        if name.endswith(".pdf")
    }
    counted = 0
    for _, _, file, count, formats in rows[:-1]:
        if file.endswith("（文件夹）"):
            folder = file.removesuffix("（文件夹）")
            expected = sum(n for name, n in pages.items() if name.startswith(f"{folder}/"))
            assert count == str(expected), file
        elif formats == "XLSX":
            assert count == "—"
        else:
            assert formats == "DOCX、PDF"
            assert count == str(pages[f"{file}.pdf"]), file
            counted += pages[f"{file}.pdf"]
    assert rows[-1][3] == str(counted)
    assert counted == sum(n for name, n in pages.items() if not name.startswith(("00-", "01-")))
    assert "PDF" in Document(io.BytesIO(entries["01-材料清单.docx"])).paragraphs[-1].text


@pytest.mark.libreoffice
def test_manifest_hashes_the_pdfs_too_and_verify_passes(with_pdf):
    entries, _, outdir = with_pdf
    listed = {f["path"]: f["sha256"] for f in json.loads(entries["manifest.json"])["files"]}
    for name, data in entries.items():
        if name != "manifest.json":
            assert listed[name] == hashlib.sha256(data).hexdigest(), name
    result = run("verify", outdir / ZIP)
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.output


@pytest.mark.libreoffice
def test_substituted_fonts_are_named_in_a_warning(with_pdf):
    from gongwen.formatting.font_sets import DEFAULT, GB2312
    from gongwen.packaging.fonts import substitutions

    _, result, _ = with_pdf
    for name, face in substitutions(names=DEFAULT.chinese_faces):
        assert f"{name} → {face}" in result.stderr
    # only the faces of the font set the documents use
    assert GB2312.fangsong not in result.stderr
    if substitutions(names=DEFAULT.chinese_faces):
        assert "--fonts" in result.stderr


@pytest.mark.libreoffice
def test_wrapped_attachment_names_align_with_their_first_character_in_the_pdf(with_pdf, tmp_path):
    entries, _, _ = with_pdf
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(entries["00-报送函.pdf"])
    lines = layout.lines(pdf, 1)
    first = next(i for i, line in enumerate(lines) if line.text.startswith("附件"))
    label = lines[first]
    assert label.x0 == pytest.approx(28 + 2 * 15.75 * layout.MM_PER_PT, abs=0.5)
    name_x = next(g.x0 for g in label.glyphs if g.text == "静")
    end = next(i for i, line in enumerate(lines) if line.text == "静观镇人民政府")
    items = lines[first + 1 : end]
    numbered = [line for line in items if line.text[:1].isdigit()]
    wrapped = [line for line in items if not line.text[:1].isdigit()]
    assert len(numbered) == 6 and wrapped  # 2. to 7.; two names are long enough to wrap
    for line in numbered:
        assert line.x0 == pytest.approx(label.glyphs[3].x0, abs=0.5), line.text
    for line in [label, *numbered]:
        start = next(g.x0 for g in line.glyphs if g.text == "静")
        assert start == pytest.approx(name_x, abs=0.5), line.text
    for line in wrapped:
        assert line.x0 == pytest.approx(name_x, abs=0.5), line.text


@pytest.mark.libreoffice
def test_packaging_again_with_pdfs_gives_the_same_hashes(with_pdf, tmp_path):
    entries, _, outdir = with_pdf
    again = inside(package(outdir.parent / "campaign.xlsx", tmp_path / "again"))
    assert again["manifest.json"] == entries["manifest.json"]
    assert again == entries
    pdf = next(data for name, data in entries.items() if name.endswith(".pdf"))
    assert b"/CreationDate(D:20240315000000" in pdf  # dated by the 成文日期


def test_every_message_gives_the_same_file_count(example_workbook, tmp_path):
    out = tmp_path / "out"
    made = run("package", example_workbook, "-o", out, "--no-pdf")
    assert made.exit_code == 0, made.output
    files = [p for p in (out / PACKAGE).rglob("*") if p.is_file()]
    count = f"共 {len(files)} 个文件"
    assert f"已生成材料包：{out / ZIP}（{count}）" in made.output
    listing = (out / PACKAGE / "文件清单.txt").read_text(encoding="utf-8")
    assert f"材料包{count}（含本清单和 manifest.json）" in listing
    assert len(listing.splitlines()) - 5 == len(files) - 2  # one line per other file
    checked = run("verify", out / ZIP)
    assert f"{count}（含 manifest.json）" in checked.output


def test_what_the_workbook_reader_did_not_read_is_in_the_check_report(
    make_workbook, example_data, tmp_path
):
    from openpyxl import load_workbook

    path = make_workbook(example_data)
    wb = load_workbook(path)
    wb["村社区"]["P1"] = "负责人"
    wb["村社区"]["P2"] = "张三"
    wb.save(path)
    entries = inside(package(path, tmp_path / "out", "--no-pdf"))
    report = entries["检查报告.txt"].decode("utf-8")
    assert (
        "campaign.xlsx:村社区!P1: GW402 列「负责人」不是「村社区」表的列，其内容不会被读取"
        in report
    )
