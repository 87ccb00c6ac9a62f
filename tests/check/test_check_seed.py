"""The seed work plan (wrong brackets, placeholders, a space before 号, half-width brackets,
1、 headings, its body pasted twice): reported exactly, and fixed where a fix is certain."""

from __future__ import annotations

from collections import Counter

import docx
from check_docs import save, seed_document, seed_lines

from gongwen.check import check_docx, fix_docx

# paragraph (1-based; the title is 1) -> rules, for the first copy of the body (lines 6-23)
CITATIONS_1 = ["GW103", "GW111", "GW101", "GW103", "GW104"] + ["GW103"] * 5
CITATIONS_2 = ["GW111", "GW101", "GW103"]
FIRST_COPY = {
    6: CITATIONS_1 + CITATIONS_2,
    11: ["GW202"],
    12: ["GW202"],
    13: ["GW202"],
    14: ["GW202"],
    16: CITATIONS_1 + CITATIONS_2 + ["GW103"],
    20: ["GW103"],
    21: ["GW103"],
    22: ["GW103"],
    23: ["GW103"],
}
COPY_SHIFT = 18  # the body is pasted again from paragraph 24


def expected() -> Counter:
    out = Counter()
    for n, rules in FIRST_COPY.items():
        for rule in rules:
            out[(rule, n)] += 1
            out[(rule, n + COPY_SHIFT)] += 1
    out[("GW204", 24)] += 1
    return out


def test_seed_has_the_shape_the_test_assumes():
    lines = seed_lines()
    assert len(lines) == 41
    assert lines[5:23] == lines[23:41]


def test_seed_is_reported_with_exactly_its_problems(tmp_path):
    findings = check_docx(save(seed_document(), tmp_path / "seed.docx"))
    assert Counter((f.rule, f.paragraph) for f in findings) == expected()
    assert {f.part for f in findings} == {"word/document.xml"}


def test_seed_citation_details(tmp_path):
    findings = check_docx(save(seed_document(), tmp_path / "seed.docx"))
    first = [f for f in findings if f.paragraph == 6 and f.rule != "GW103"]
    text = seed_lines()[5]
    assert [(f.rule, f.offset, f.suggestion) for f in first] == [
        ("GW111", text.index("(渝府发"), "（渝府发〔20xx〕2号）"),
        ("GW101", text.index("[20xx]2"), "渝府发〔20xx〕2号"),
        ("GW104", text.index(" 号"), "渝府发〔20xx〕2号"),
        ("GW111", text.index("(北碚"), "（北碚安委办〔20xx〕8号）"),
        ("GW101", text.index("[20xx]8"), "北碚安委办〔20xx〕8号"),
    ]
    repeat = next(f for f in findings if f.rule == "GW204")
    assert "第24至41段" in repeat.message and "第6至23段" in repeat.message


def _run_formats(path):
    doc = docx.Document(path)
    return [
        [(r.font.size, r.font.bold, r._r.rPr.xml if r._r.rPr is not None else None) for r in p.runs]
        for p in doc.paragraphs
    ]


def test_fix_leaves_only_what_has_no_certain_fix(tmp_path):
    source = save(seed_document(), tmp_path / "seed.docx")
    fixed = fix_docx(source)
    assert fixed == tmp_path / "seed.fixed.docx"
    remaining = check_docx(fixed)
    assert {f.rule for f in remaining} == {"GW103", "GW204"}
    before = Counter(f.rule for f in check_docx(source))
    after = Counter(f.rule for f in remaining)
    assert after == Counter({"GW103": before["GW103"], "GW204": 1})
    text = docx.Document(fixed).paragraphs[5].text
    assert "（渝府发〔20xx〕2号）" in text and "（北碚安委办〔20xx〕8号）" in text
    assert docx.Document(fixed).paragraphs[10].text.startswith("1.基本概念")
    assert _run_formats(fixed) == _run_formats(source)


def test_fix_keeps_formatting_of_runs_split_inside_a_number(tmp_path):
    doc = seed_document()
    p = doc.add_paragraph()
    pieces = ["见《关于加强安全工作的意见》(渝府发", "[2024]", "2 ", "号)。"]
    for i, piece in enumerate(pieces):
        run = p.add_run(piece)
        run.bold = i % 2 == 1
    fixed = fix_docx(save(doc, tmp_path / "split.docx"))
    last = docx.Document(fixed).paragraphs[-1]
    assert last.text == "见《关于加强安全工作的意见》（渝府发〔2024〕2号）。"
    assert [r.bold for r in last.runs] == [False, True, False, True]
    assert [r.text for r in last.runs] == [
        "见《关于加强安全工作的意见》（渝府发",
        "〔2024〕",
        "2",
        "号）。",
    ]


def test_fix_writes_dates_in_full_and_leaves_a_day_that_does_not_exist(tmp_path):
    doc = seed_document()
    doc.add_paragraph("会议定于2024-3-1召开，材料于2024.12.05前报送，2024-2-30另行通知。")
    doc.add_paragraph("截至2024年 3月 1日，共排查隐患18处。")
    fixed = fix_docx(save(doc, tmp_path / "dates.docx"))
    texts = [p.text for p in docx.Document(fixed).paragraphs[-2:]]
    assert texts == [
        "会议定于2024年3月1日召开，材料于2024年12月5日前报送，2024-2-30另行通知。",
        "截至2024年3月1日，共排查隐患18处。",
    ]
