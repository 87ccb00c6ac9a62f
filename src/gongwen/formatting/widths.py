"""How wide text stands in body characters, for placing 署名, 成文日期 and the 版头."""

from __future__ import annotations


def text_width(text: str) -> float:
    """Width of ``text`` in body characters: CJK and full-width forms 1, other characters 1/2."""
    return sum(0.5 if ord(ch) < 0x2E80 and ch not in "—…“”‘’" else 1.0 for ch in text)
