"""Jinja filters the templates use for Chinese official text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gongwen.formatting.numbering import chinese_numeral


def cn(n: int) -> str:
    """4 -> 四."""
    return chinese_numeral(int(n))


def cite_list(documents: Iterable[Mapping]) -> str:
    """Cite documents as 《A》（文号）、《B》（文号）和《C》.

    GB/T 15834: titles in 书名号 standing side by side take no 顿号 between them, unless a
    bracketed note (the 发文字号) follows a title, when the 顿号 is used. The last is joined
    with 和.
    """
    docs = list(documents)
    out = ""
    for i, doc in enumerate(docs):
        if i:
            if i == len(docs) - 1:
                out += "和"
            elif docs[i - 1].get("doc_number"):
                out += "、"
        out += doc["citation"]
    return out


def join(values: Iterable, sep: str = "、") -> str:
    return sep.join(str(v) for v in values)


def pad_name(name: str) -> str:
    """王强 -> 王　强: a two-character name spaced to the width of three, as name lists align."""
    name = str(name)
    return f"{name[0]}\u3000{name[1]}" if len(name) == 2 else name


FILTERS = {"cn": cn, "cite_list": cite_list, "cjoin": join, "pad_name": pad_name}
