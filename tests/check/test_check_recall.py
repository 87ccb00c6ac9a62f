"""Recall: mistakes of each class injected into the published 公文 of the corpus are found
(at least 95 % of each class), each at the paragraph it was put in."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from check_docs import para
from corpus_docs import corpus_lines, corpus_names, registry

from gongwen.check import context
from gongwen.check.citations import (
    check_citations,
    find_citations,
    normalize_number,
    normalize_title,
)
from gongwen.check.decimal_numbers import DECIMAL_HEADING
from gongwen.check.structure import check_structure, heading_of, label_for

MIN_RECALL = 0.95
SERIAL = re.compile(r"〔(\d{4})〕(\d+)号")
Lines = list[str]
# an injection: (document, paragraph index, changed lines)
Case = tuple[str, int, Lines]


def _serial_sites() -> Iterator[tuple[str, int, re.Match[str]]]:
    for name in corpus_names():
        for i, line in enumerate(corpus_lines(name)):
            for m in SERIAL.finditer(line):
                yield name, i, m


def _replace(lines: Lines, i: int, start: int, end: int, new: str) -> Lines:
    out = list(lines)
    out[i] = out[i][:start] + new + out[i][end:]
    return out


def wrong_brackets() -> Iterator[Case]:
    shapes = ("[]", "【】", "（）", "﹝﹞", "〔]")
    for n, (name, i, m) in enumerate(_serial_sites()):
        lines = corpus_lines(name)
        o, c = shapes[n % len(shapes)]
        new = f"{o}{m.group(1)}{c}{m.group(2)}号"
        yield name, i, _replace(lines, i, m.start(), m.end(), new)


def di() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        new = f"〔{m.group(1)}〕第{m.group(2)}号"
        yield name, i, _replace(corpus_lines(name), i, m.start(), m.end(), new)


def leading_zero() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        new = f"〔{m.group(1)}〕0{m.group(2)}号"
        yield name, i, _replace(corpus_lines(name), i, m.start(), m.end(), new)


def missing_hao() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        yield name, i, _replace(corpus_lines(name), i, m.end() - 1, m.end(), "")


def unclosed_bracket() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        yield name, i, _replace(corpus_lines(name), i, m.start(1) + 4, m.start(1) + 5, "")


def no_brackets() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        new = f"{m.group(1)}{m.group(2)}号"
        yield name, i, _replace(corpus_lines(name), i, m.start(), m.end(), new)


def blank_serial() -> Iterator[Case]:
    for name, i, m in _serial_sites():
        yield name, i, _replace(corpus_lines(name), i, m.start(2), m.end(2), "  ")


def placeholder() -> Iterator[Case]:
    for name in corpus_names():
        lines = corpus_lines(name)
        for pattern, token in (
            (r"(?<!\d)(?:19|20)\d\d(?=年)", "20xx"),
            (r"(?<![\d年])[\u4e00-\u9fff]{2}(?=市)", "xx"),
        ):
            for i, line in enumerate(lines):
                m = re.search(pattern, line)
                if m:
                    yield name, i, _replace(lines, i, m.start(), m.end(), token)
                    break


def unpaired_title_mark() -> Iterator[Case]:
    for name in corpus_names():
        lines = corpus_lines(name)
        for i, line in enumerate(lines):
            for citation in find_citations(line)[:1]:
                yield name, i, _replace(lines, i, citation.end - 1, citation.end, "")


def heading_order() -> Iterator[Case]:
    """A heading or list item numbered one too far: 二、 → 三、, （二） → （三）, 2. → 3.,
    1.2 → 1.3 (decimal headings)."""
    for name in corpus_names():
        lines = corpus_lines(name)
        previous: dict[int, int] = {}
        for i, line in enumerate(lines):
            decimal = DECIMAL_HEADING.match(line)
            if decimal and not decimal.group().strip().endswith(("1", "１")):
                m = re.search(r"\d+$", decimal.group())
                bumped = str(int(m.group()) + 1)
                at = decimal.start() + m.start()
                yield name, i, _replace(lines, i, at, at + len(m.group()), bumped)
                continue
            heading = heading_of(line)
            if heading is None or decimal:
                continue
            if heading.number == previous.get(heading.level, 0) + 1 > 1:
                wrong = label_for(heading.level, heading.number + 1)
                label = wrong if heading.level in (2, 4) else wrong[:-1]
                end = heading.start + len(heading.label)
                yield name, i, _replace(lines, i, heading.start, end, label)
            previous[heading.level] = heading.number
            for deeper in range(heading.level + 1, 5):
                previous.pop(deeper, None)


CLASSES: dict[str, tuple[Callable[[], Iterator[Case]], str]] = {
    "年份括号错误": (wrong_brackets, "GW101"),
    "文号含第": (di, "GW102"),
    "序号前导零": (leading_zero, "GW102"),
    "缺“号”字": (missing_hao, "GW102"),
    "六角括号未闭合": (unclosed_bracket, "GW102"),
    "年份无括号": (no_brackets, "GW102"),
    "序号空白": (blank_serial, "GW102"),
    "占位符": (placeholder, "GW103"),
    "书名号不配对": (unpaired_title_mark, "GW110"),
    "层次序数错乱": (heading_order, "GW201"),
}


def found_at(lines: Lines, basis, name: str) -> Counter:
    """The text rules' findings on the lines as body paragraphs, as the .docx reader gives them
    (the corpus test runs the same rules through real .docx files)."""
    paragraphs = [para(line, n=n) for n, line in enumerate(lines, start=1)]
    findings = check_citations(paragraphs, name, basis) + check_structure(paragraphs, name)
    return Counter((f.rule, f.paragraph) for f in findings)


def recall(cases: list[tuple[str, int, Lines]], rule: str, basis=None) -> tuple[int, int]:
    baseline: dict[str, Counter] = {}
    hits = 0
    for name, i, lines in cases:
        if name not in baseline:
            baseline[name] = found_at(corpus_lines(name), basis, name)
        after = found_at(lines, basis, name)
        hits += after[(rule, i + 1)] > baseline[name][(rule, i + 1)]
    return hits, len(cases)


@pytest.mark.parametrize("label", list(CLASSES))
def test_injected_mistakes_are_found(label):
    make, rule = CLASSES[label]
    cases = list(make())
    assert len(cases) >= 10, label
    hits, total = recall(cases, rule)
    assert hits / total >= MIN_RECALL, f"{label}: {hits}/{total}"


def _registered_citations(basis) -> Iterator[tuple[str, int, object]]:
    """Registered documents cited as a basis (not issued, forwarded or repealed here)."""
    titles = {normalize_title(d.title): d for d in basis}
    for name in corpus_names():
        for i, line in enumerate(corpus_lines(name)):
            for citation in find_citations(line):
                entry = titles.get(normalize_title(citation.title))
                why = context.citation_context(line, citation.start, citation.end, citation.title)
                if entry is not None and why == context.CITED:
                    yield name, i, (citation, entry)


def test_wrong_number_against_the_registry(tmp_path):
    """A registered document cited with another number than the registered one (GW107)."""
    basis = registry(tmp_path)
    cases = []
    for name, i, (citation, entry) in _registered_citations(basis):
        if citation.number is None or not entry.doc_number:
            continue
        registered = normalize_number(entry.doc_number)
        number = next((n for n in citation.numbers if n.normalized == registered), None)
        if number is None:
            continue
        m = re.search(r"\d+(?=号)", number.text)
        wrong = str(int(m.group()) + 1)
        start = number.start + m.start()
        lines = corpus_lines(name)
        cases.append((name, i, _replace(lines, i, start, start + len(m.group()), wrong)))
    hits, total = recall(cases, "GW107", basis)
    assert total >= 5 and hits / total >= MIN_RECALL, f"{hits}/{total}"


def test_repealed_document_cited(tmp_path):
    """A cited registered document marked 废止 in the registry (GW108)."""
    basis = registry(tmp_path)
    cases = 0
    hits = 0
    for name, i, (_, entry) in _registered_citations(basis):
        if not entry.in_force:
            continue
        repealed = tuple(dataclasses.replace(d, status="废止") if d is entry else d for d in basis)
        lines = corpus_lines(name)
        before = found_at(lines, basis, name)
        after = found_at(lines, repealed, name)
        cases += 1
        hits += after[("GW108", i + 1)] > before[("GW108", i + 1)]
    assert cases >= 10 and hits / cases >= MIN_RECALL, f"{hits}/{cases}"
