"""The corpus of published 公文 (tests/check/corpus): each text as a .docx, and the registry
workbook the corpus tests check it against."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from pathlib import Path

import docx
from openpyxl import Workbook

from gongwen.workbook.reader import read_registry

CORPUS = Path(__file__).parent / "corpus"
D = dt.date

# The registry (依据文件) the corpus is checked against: some of the documents it cites, with
# their published numbers; dates the checker does not read are given as the year's first day.
# 《国家突发公共事件总体应急预案》 is superseded by 《国家突发事件总体应急预案》 (2025).
REGISTRY_ROWS = (
    ("中华人民共和国安全生产法", "", "全国人民代表大会常务委员会", D(2021, 6, 10), "现行"),
    ("中华人民共和国突发事件应对法", "", "全国人民代表大会常务委员会", D(2024, 6, 28), "现行"),
    ("中华人民共和国消防法", "", "全国人民代表大会常务委员会", D(2021, 4, 29), "现行"),
    ("生产安全事故报告和调查处理条例", "国务院令第493号", "国务院", D(2007, 4, 9), "现行"),
    ("生产安全事故应急条例", "国务院令第708号", "国务院", D(2019, 2, 17), "现行"),
    ("生产安全事故应急预案管理办法", "应急管理部令第2号", "应急管理部", D(2019, 7, 11), "现行"),
    (
        "国务院关于特大安全事故行政责任追究的规定",
        "国务院令第302号",
        "国务院",
        D(2001, 4, 21),
        "现行",
    ),
    ("国务院关于深化预算管理制度改革的决定", "国发〔2014〕45号", "国务院", D(2014, 9, 26), "现行"),
    (
        "国务院办公厅关于认真抓好今冬明春安全生产工作的通知",
        "国办发明电〔2005〕32号",
        "国务院办公厅",
        D(2005, 1, 1),
        "现行",
    ),
    (
        "国务院安委会办公室关于认真吸取近期事故教训切实加强消防和道路交通安全生产工作的紧急通知",
        "安委办明电〔2014〕1号",
        "国务院安委会办公室",
        D(2014, 1, 1),
        "现行",
    ),
    (
        "甘肃省生产安全事故应急预案",
        "甘政办发〔2013〕172号",
        "甘肃省人民政府办公厅",
        D(2013, 1, 1),
        "现行",
    ),
    (
        "全市安全隐患大检查大整改2014年春季行动工作方案",
        "公安委办字〔2014〕4号",
        "公主岭市安全生产委员会办公室",
        D(2014, 1, 1),
        "现行",
    ),
    (
        "荥阳市气象灾害应急预案",
        "荥政办〔2015〕67号",
        "荥阳市人民政府办公室",
        D(2015, 11, 16),
        "现行",
    ),
    (
        "北仑区生产安全事故应急预案",
        "仑政办〔2018〕96号",
        "宁波市北仑区人民政府办公室",
        D(2018, 11, 15),
        "现行",
    ),
    (
        "楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知",
        "",
        "楚雄州人民政府",
        D(2003, 12, 5),
        "废止",
    ),
    ("国家突发公共事件总体应急预案", "", "国务院", D(2006, 1, 8), "废止"),
)
HEADER = ("标题", "发文字号", "发文机关", "发布日期", "状态")


def corpus_names() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.txt"))


def corpus_lines(name: str) -> list[str]:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def as_docx(lines: list[str]) -> bytes:
    """One paragraph a line, in python-docx's default document."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def registry_workbook(path: Path, rows=REGISTRY_ROWS) -> Path:
    """A workbook with only the 依据文件 sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "依据文件"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def registry(tmp_path: Path, rows=REGISTRY_ROWS):
    """The registry as ``gongwen check --registry`` reads it."""
    return read_registry(registry_workbook(tmp_path / "依据文件.xlsx", rows))


def judgements() -> list[dict]:
    with open(CORPUS / "judgements.toml", "rb") as fh:
        return tomllib.load(fh)["finding"]
