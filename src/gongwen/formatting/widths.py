"""How wide text stands in body characters, for placing 署名, 成文日期 and the 版头."""

from __future__ import annotations


def is_full_width(ch: str) -> bool:
    """Whether ``ch`` takes a whole character: CJK, full-width forms, and the dash, ellipsis
    and quotes that Chinese text sets full width although Unicode counts them Latin."""
    return ord(ch) >= 0x2E80 or ch in "—…“”‘’"


def text_width(text: str) -> float:
    """Width of ``text`` in body characters: CJK and full-width forms 1, other characters 1/2."""
    return sum(1.0 if is_full_width(ch) else 0.5 for ch in text)
