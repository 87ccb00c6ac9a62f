"""The materials of a submission package: numbered file names, the 材料清单 and 报送函 values.

Each document a build wrote becomes one material, numbered from 02 (00 is the covering letter,
01 the list): ``02-工作计划.docx``. A kind writing several documents at the top of the unit's
folder (the phase summaries) gives one material per document, named by its title. Documents
written into a subfolder (the village archives, with their summary workbook) stay together as
one material: the folder ``NN-村社区档案/`` with the files inside under their own names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from gongwen.kinds import kind as document_kind
from gongwen.workbook.model import Campaign

COVER_LETTER = "00-报送函"
MATERIAL_LIST = "01-材料清单"
FIRST_NUMBER = 2  # the file-name number of the first material
NOT_COUNTED = "—"  # 页数 when no PDF was made
FORMATS = {".docx": "DOCX", ".pdf": "PDF", ".xlsx": "XLSX"}


@dataclass
class MaterialFile:
    """One file of a material: its path in the package, title, bytes and pages."""

    relpath: str  # "02-工作计划.docx", "07-村社区档案/素心村.docx"
    title: str
    data: bytes
    pages: int | None = None  # from its PDF
    source: str = ""  # the build's path of the document ("工作计划.docx"), its PDF's key

    @property
    def is_document(self) -> bool:
        return self.relpath.lower().endswith(".docx")

    @property
    def stem(self) -> str:
        """The path without its extension: how the list names the file."""
        return str(PurePosixPath(self.relpath).with_suffix(""))


@dataclass
class Material:
    """One item of the 材料清单 and of the letter's 附件说明."""

    number: int  # 1, 2, … as in 附件：1.
    name: str
    files: list[MaterialFile] = field(default_factory=list)
    folder: str = ""  # "07-村社区档案" when the material is a folder of files

    @property
    def pages(self) -> int | None:
        counted = [f.pages for f in self.files if f.is_document]
        return None if any(p is None for p in counted) else sum(counted)  # type: ignore[arg-type]


def _prefix(number: int) -> str:
    return f"{number + FIRST_NUMBER - 1:02d}"


def assemble(campaign: Campaign, documents: Sequence) -> list[Material]:
    """The materials, in build order, from a build's documents (kind, title, relpath, data)."""
    by_kind: dict[str, list] = {}
    for item in documents:
        by_kind.setdefault(item.kind, []).append(item)
    materials: list[Material] = []
    folders: dict[str, Material] = {}
    for kind_name, items in by_kind.items():
        top = [i for i in items if len(PurePosixPath(i.relpath).parts) == 1]
        for item in items:
            rel = PurePosixPath(item.relpath)
            if len(rel.parts) == 1:
                number = len(materials) + 1
                base = kind_name if len(top) == 1 else rel.stem
                name = f"{_prefix(number)}-{base}{rel.suffix}"
                material = Material(number, item.title)
                materials.append(material)
            else:
                sub = rel.parts[0]
                material = folders.get(sub)
                if material is None:
                    number = len(materials) + 1
                    material = Material(number, "", folder=f"{_prefix(number)}-{sub}")
                    folders[sub] = material
                    materials.append(material)
                name = PurePosixPath(material.folder, *rel.parts[1:]).as_posix()
            material.files.append(MaterialFile(name, item.title, item.data, source=item.relpath))
        for material in folders.values():
            if not material.name:
                material.name = _folder_name(campaign, kind_name, material)
    return materials


def _folder_name(campaign: Campaign, kind_name: str, material: Material) -> str:
    """静观镇村（社区）安全基本情况档案（8份）及村社区汇总表."""
    try:
        title = document_kind(kind_name).title(campaign)
    except KeyError:
        title = material.folder.split("-", 1)[1]
    documents = sum(1 for f in material.files if f.is_document)
    others = [f.title for f in material.files if not f.is_document]
    return f"{title}（{documents}份）" + (f"及{'、'.join(others)}" if others else "")


def formats(file: MaterialFile, pdf: bool) -> list[str]:
    """DOCX and PDF for a document when PDFs are made; else its own format."""
    suffix = PurePosixPath(file.relpath).suffix.lower()
    own = FORMATS.get(suffix, suffix.lstrip(".").upper())
    return [own, FORMATS[".pdf"]] if pdf and file.is_document else [own]


def _formats_cell(names: Sequence[str]) -> str:
    """The formats on one line, "DOCX、PDF"; the column is fitted to hold them whole."""
    return "、".join(dict.fromkeys(names))


def _pages(value: int | None, applies: bool = True) -> str:
    if not applies:
        return NOT_COUNTED
    return NOT_COUNTED if value is None else str(value)


def list_rows(materials: Sequence[Material], pdf: bool) -> list[dict[str, str]]:
    """The rows of the 材料清单 table: 序号, 材料名称, 文件名, 页数, 格式."""
    rows = []
    for m in materials:
        if not m.folder:
            f = m.files[0]
            rows.append(
                {
                    "number": str(m.number),
                    "name": m.name,
                    "file": f.stem,
                    "pages": _pages(f.pages, f.is_document),
                    "format": _formats_cell(formats(f, pdf)),
                }
            )
            continue
        parts = [name for f in m.files for name in formats(f, pdf)]
        rows.append(
            {
                "number": str(m.number),
                "name": m.name,
                "file": f"{m.folder}（文件夹）",
                "pages": _pages(m.pages),
                "format": _formats_cell(parts),
            }
        )
        for i, f in enumerate(m.files, start=1):
            rows.append(
                {
                    "number": f"{m.number}-{i}",
                    "name": f.title,
                    "file": f.stem,
                    "pages": _pages(f.pages, f.is_document),
                    "format": _formats_cell(formats(f, pdf)),
                }
            )
    return rows


def total_pages(materials: Sequence[Material]) -> str:
    pages = [m.pages for m in materials]
    return NOT_COUNTED if any(p is None for p in pages) else str(sum(pages))  # type: ignore[misc]


def recipient(campaign: Campaign) -> str:
    """The 主送机关 of the covering letter: the district's safety committee office."""
    return f"{campaign.info.parent_unit}安全生产委员会办公室"


def letter_values(campaign: Campaign, materials: Sequence[Material]) -> dict:
    """The values the covering letter's template adds to the campaign's: dated the day the
    materials are sent (申报日期), not the campaign's start."""
    from gongwen.kinds.context import submission_date
    from gongwen.workbook.dates import format_date

    return {
        "date": format_date(submission_date(campaign)),
        "recipient": recipient(campaign),
        "attachments": [{"number": m.number, "name": m.name} for m in materials],
    }


def list_values(materials: Sequence[Material], pdf: bool) -> dict:
    """The values the 材料清单's template adds to the campaign's."""
    note = (
        "注：页数为各文件 PDF 版的页数；同名的 .docx 与 .pdf 内容相同。"
        if pdf
        else f"注：本次未生成 PDF，页数未统计（记为“{NOT_COUNTED}”）；页数以生成的 PDF 为准。"
    )
    return {
        "materials": list_rows(materials, pdf),
        "total_pages": total_pages(materials),
        "pages_note": note,
    }
