"""Matching cited titles with the registry: the normal form of a title, near-identical titles,
the spans already inside 书名号, and registry numbers of laws and standards."""

from __future__ import annotations

import difflib
import re

from gongwen.check.doc_numbers import find_numbers

SIMILAR_TITLE = 0.8  # difflib ratio above which a registered title is suggested for GW106
SAME_ENDING = 3  # characters at the end (the kind of document) a suggested title must share


def normalize_title(text: str) -> str:
    """A title for matching: no 《》, no spaces, full-width round brackets."""
    text = re.sub(r"[\s《》]+", "", text).replace("〈", "").replace("〉", "")
    return text.replace("(", "（").replace(")", "）")


def slightly_different(title: str, registered: str) -> bool:
    """Close titles where words were only left out, or only added, or one character changed,
    and which end alike: not two titles of one pattern for different places or subjects
    (浙江省…预案 and 国家…预案, 防洪法 and 消防法)."""
    if title[-SAME_ENDING:] != registered[-SAME_ENDING:]:
        return False
    matcher = difflib.SequenceMatcher(None, title, registered, autojunk=False)
    if matcher.ratio() < SIMILAR_TITLE:
        return False
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    kinds = {op[0] for op in changes}
    if kinds == {"insert", "delete"} and len(changes) == 2:  # words moved: 安全生产 → 生产安全
        moved = [title[i1:i2] or registered[j1:j2] for _, i1, i2, j1, j2 in changes]
        return moved[0] == moved[1]
    if kinds == {"replace"}:
        return (
            len(changes) == 1
            and changes[0][2] - changes[0][1] == 1 == changes[0][4] - changes[0][3]
        )
    return len(kinds) == 1


def is_statute_number(number: str) -> bool:
    """A 令/公告 or standard number: laws, regulations and standards are cited by title alone."""
    found = find_numbers(number.strip())
    return bool(found) and found[0].kind in ("decree", "standard")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "《〈":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "》〉" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans
