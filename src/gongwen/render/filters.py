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


NAME_WIDTH = 3  # characters a name takes in a 名单 (王　强, 田河堰)


def pad_name(name: str, width: int = NAME_WIDTH) -> str:
    """A name in a 名单, ``width`` characters wide so the 职务 after it align.

    A two-character name keeps its middle 全角 space (王强 -> 王　强); a name shorter than
    ``width`` (the longest name in the list, at least 3) is filled out with 全角 spaces after
    it: with 欧阳建国 in the list, 田河堰 -> 田河堰　 and 王强 -> 王　强　.
    """
    name = str(name)
    if len(name) == 2:
        name = f"{name[0]}\u3000{name[1]}"
    return name + "\u3000" * max(0, width - len(name))


def name_width(names) -> int:
    """The width of a 名单's names: its longest name, at least NAME_WIDTH."""
    return max([NAME_WIDTH, *(len(str(n)) for n in names)])


FILTERS = {"cn": cn, "cite_list": cite_list, "cjoin": join, "pad_name": pad_name}
