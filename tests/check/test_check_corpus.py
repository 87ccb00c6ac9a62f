"""`gongwen check` on 30 published 公文 (tests/check/corpus): every finding is judged in
judgements.toml; precision (true findings / all findings) is at least 90 %, with and without a
registry, and a new false alarm or a lost true finding fails."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from corpus_docs import CORPUS, as_docx, corpus_lines, corpus_names, judgements, registry

from gongwen.check import check_docx

MIN_PRECISION = 0.9
QUOTE_CHARS = 20
MODES = ("plain", "registry")


def quote(text: str, offset: int) -> str:
    return text[offset : offset + QUOTE_CHARS].rstrip()


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> dict[str, Counter]:
    """{mode: Counter of (doc, rule, paragraph, quote)} over the whole corpus."""
    basis = registry(tmp_path_factory.mktemp("registry"))
    out = {}
    for mode in MODES:
        found: Counter = Counter()
        for name in corpus_names():
            lines = corpus_lines(name)
            basis_or_none = basis if mode == "registry" else None
            # the .docx is built here, not published: its page and fonts are not judged
            for f in check_docx(as_docx(lines), basis_or_none, name=name, format_rules=False):
                text = lines[f.paragraph - 1] if f.paragraph else ""
                found[(name, f.rule, f.paragraph, quote(text, f.offset))] += 1
        out[mode] = found
    return out


def judged(mode: str) -> dict[tuple, bool]:
    return {
        (j["doc"], j["rule"], j["paragraph"], j["quote"]): j["verdict"]
        for j in judgements()
        if j["mode"] in ("both", mode)
    }


def precision(mode: str) -> dict[str, tuple[int, int]]:
    """{rule: (true findings, all findings)} for one mode."""
    table: dict[str, list[int]] = {}
    for (_, rule, _, _), verdict in judged(mode).items():
        counts = table.setdefault(rule, [0, 0])
        counts[0] += verdict
        counts[1] += 1
    return {rule: (t, n) for rule, (t, n) in sorted(table.items())}


def test_corpus_size_and_sources():
    names = corpus_names()
    assert len(names) >= 20
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for name in names:
        row = next(line for line in sources.splitlines() if line.startswith(f"| {name} |"))
        assert re.search(r"https?://\S+", row), name
        assert sum(len(line) for line in corpus_lines(name)) >= 200, name


def test_every_judgement_has_a_verdict_and_a_reason():
    for j in judgements():
        assert isinstance(j["verdict"], bool) and j["reason"].strip(), j
        assert j["mode"] in ("both", *MODES), j
        text = corpus_lines(j["doc"])[j["paragraph"] - 1]
        assert j["quote"] in text, j


@pytest.mark.parametrize("mode", MODES)
def test_findings_are_exactly_the_judged_ones(findings, mode):
    found = findings[mode]
    assert all(n == 1 for n in found.values()), [k for k, n in found.items() if n > 1]
    new = set(found) - set(judged(mode))
    lost = set(judged(mode)) - set(found)
    assert not new, f"未判定的新发现（可能是误报）：{sorted(new)}"
    assert not lost, f"丢失的已判定发现：{sorted(lost)}"


@pytest.mark.parametrize("mode", MODES)
def test_precision_at_least_ninety_percent(mode):
    table = precision(mode)
    true = sum(t for t, _ in table.values())
    total = sum(n for _, n in table.values())
    assert total > 0
    assert true / total >= MIN_PRECISION, table


def test_measured_figures_are_in_the_readme():
    readme = (CORPUS.parents[2] / "README.md").read_text(encoding="utf-8")
    for mode, label in (("plain", "不带清单"), ("registry", "带清单")):
        table = precision(mode)
        true = sum(t for t, _ in table.values())
        total = sum(n for _, n in table.values())
        assert f"{label}：{true}/{total}" in readme
