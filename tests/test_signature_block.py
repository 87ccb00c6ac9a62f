"""The 署名 and the 成文日期 stand on one page, as LibreOffice lays them out."""

from __future__ import annotations

import pytest

import layout
from gongwen.build import build_to
from gongwen.formatting import DATE, SIGNATURE, finish_document, new_document
from gongwen.packaging.pdf import convert_to_pdf

pytestmark = pytest.mark.libreoffice

NAME = "静观镇人民政府"
DATE_TEXT = "2024年3月15日"
LINES_PER_PAGE = 22


def pages_of(pdf, *texts: str) -> list[int]:
    """The page of the first body line reading each of ``texts`` (spaces ignored)."""
    found = {}
    for page in range(1, layout.page_count(pdf) + 1):
        for line in layout.body_lines(pdf, page):
            found.setdefault(line.text.replace(" ", ""), page)
    return [found[t] for t in texts]


def signed_document(path, body_lines: int):
    """``body_lines`` one-line paragraphs, a blank line, then 署名 and 成文日期."""
    document = new_document()
    for i in range(body_lines):
        document.add_paragraph(f"正文第{i + 1}行。")
    document.add_paragraph("")
    document.add_paragraph(NAME, style=SIGNATURE)
    document.add_paragraph(DATE_TEXT, style=DATE)
    finish_document(document)
    document.save(path)
    return path


def test_the_signature_follows_its_date_to_the_next_page(tmp_path):
    # 20 lines of body and the blank line leave the 22nd line for the 署名, none for the date:
    # the 署名 goes over with it. With 19 both fit; with 21 both go over anyway.
    layout.require_soffice()
    documents = {n: signed_document(tmp_path / f"正文{n}行.docx", n) for n in (19, 20, 21)}
    pdfs = convert_to_pdf(list(documents.values()), tmp_path / "pdf")
    found = {
        n: pages_of(pdfs[d.resolve()], f"正文第{n}行。", NAME, DATE_TEXT)
        for n, d in documents.items()
    }
    assert found == {19: [1, 1, 1], 20: [1, 2, 2], 21: [1, 2, 2]}
    # the body before still fills its page: only the 署名 moved
    pdf = pdfs[documents[20].resolve()]
    assert len(layout.body_lines(pdf, 1)) == 20


def test_signature_and_date_share_a_page_in_every_kind_with_a_signature(tmp_path):
    layout.require_soffice()
    kinds = ["工作计划", "实施方案", "领导小组通知", "阶段总结"]
    documents = [b.path for b in build_to(None, tmp_path / "docx", only=kinds)]
    pdfs = convert_to_pdf(documents, tmp_path / "pdf")
    assert len(pdfs) == 5  # two 阶段总结
    for pdf in pdfs.values():
        texts = [
            (page, line.text.replace(" ", ""))
            for page in range(1, layout.page_count(pdf) + 1)
            for line in layout.body_lines(pdf, page)
        ]
        signed = [i for i, (_, t) in enumerate(texts) if t == "静观镇人民政府"]
        assert signed, pdf.name
        name_page, date_line = texts[signed[-1]][0], texts[signed[-1] + 1]
        assert date_line[1].startswith("2024年") and date_line[1].endswith("日"), pdf.name
        assert date_line[0] == name_page, pdf.name
