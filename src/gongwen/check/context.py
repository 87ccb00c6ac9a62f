"""Why a document is named: the sentence around a 《title》 tells whether it is cited as a basis,
or issued, forwarded, repealed or referred back to (then the registry rules do not apply)."""

from __future__ import annotations

import re

CITED = "cited"
ISSUED = "issued"  # 《××应急预案》已经区政府研究同意，现印发给你们
FORWARDED = "forwarded"  # 现将《…》（…）转发给你们; 转发《…》的通知
REPEALED = "repealed"  # 《…》（…）同时废止 / 停止执行 / 予以废止
BACK_REFERENCE = "back-reference"  # 《通知》, 本《办法》, 上述《…》, 以下简称《意见》
ALIAS = "alias"  # the short name being defined: （以下简称《意见》）

# Names of a kind of document: cited alone they point back to a document named before.
GENERIC_TITLES = frozenset(
    [
        "通知",
        "通报",
        "方案",
        "实施方案",
        "工作方案",
        "意见",
        "实施意见",
        "指导意见",
        "办法",
        "实施办法",
        "预案",
        "应急预案",
        "条例",
        "决定",
        "规定",
        "规划",
        "纲要",
        "细则",
        "实施细则",
        "标准",
        "指南",
        "要求",
        "计划",
        "工作计划",
        "报告",
        "请示",
        "批复",
        "函",
        "公告",
        "通告",
        "决议",
        "纪要",
        "章程",
        "制度",
        "规则",
        "守则",
        "导则",
        "清单",
        "目录",
        "措施",
        "若干措施",
        "行动方案",
        "管理办法",
        "工作要点",
        "要点",
        "行动计划",
    ]
)
_SENTENCE_END = "。！？；!?;\n"
_BACK_PREFIX = re.compile(r"(?:本|该|上述|前述|此|这|两个|三个|各|以上)\s*$")
_ALIAS_PREFIX = re.compile(r"简称\s*$")
_ISSUE_VERB = re.compile(
    r"(?:印发|印送|下发|转发|发)(?:给)?(?:你们|各)|现予(?:印发|公布|发布)|予以(?:印发|公布)"
)
_TITLE_VERB = re.compile(r"(?:关于)?(?:印发|转发|发布|公布)\s*$")
_REPEAL = re.compile(
    r"^(?:\s*[（(][^）)]*[）)])?"
    r"(?:\s*[、和及与]\s*《[^》]*》(?:\s*[（(][^）)]*[）)])?)*"
    r"\s*(?:均|也|亦|已经|已|现已|同时|即行|予以|一并|自行)*\s*(?:废止|停止执行|不再执行|失效|作废)"
)
_BRACKETED = r"(?:\s*[（(][^）)]*[）)])?"
# Titles listed one after another, each with its number: 《甲》（…）、《乙》和《丙》
_TITLE_LIST = re.compile(rf"{_BRACKETED}(?:\s*[、和及与]?\s*《[^《》]*》{_BRACKETED})*")
_REPEAL_BEFORE = re.compile(r"(?:废止|停止执行|不再执行)\s*$")
_ISSUED_IN_TITLE = (
    re.compile(r"关于(?:印发|转发)《?(?P<title>[^《》]+?)》?的(?:通知|函|\s*$)"),
    re.compile(r"转发(?P<title>[^《》]*?关于[^《》]+?的(?:通知|意见|决定|通报))(?:的通知)?\s*$"),
)


def _sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The parts of the sentence holding ``text[start:end]`` before and after it."""
    left = max((text.rfind(c, 0, start) for c in _SENTENCE_END), default=-1)
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(rights) if rights else len(text)
    return text[left + 1 : start], text[end:right]


def citation_context(text: str, start: int, end: int, title: str) -> str:
    """What the 《title》 at ``text[start:end]`` (书名号 included) is there for."""
    before, after = _sentence(text, start, end)
    bare = re.sub(r"\s+", "", title)
    if _ALIAS_PREFIX.search(before):
        return ALIAS
    if _BACK_PREFIX.search(before) or bare in GENERIC_TITLES:
        return BACK_REFERENCE
    if _REPEAL.match(after) or _REPEAL_BEFORE.search(before):
        return REPEALED
    if _TITLE_VERB.search(before) and re.match(r"\s*的(?:通知|函)", after):
        return FORWARDED if "转发" in before[-6:] else ISSUED
    rest = after[_TITLE_LIST.match(after).end() :]  # 现将《甲》《乙》《丙》印发给你们
    verb = _ISSUE_VERB.search(rest)
    if verb and "《" not in rest[: verb.start()]:
        return FORWARDED if "转发" in verb.group() else ISSUED
    return CITED


_ATTACHMENT_LINE = re.compile(r"^\s*附(?:件)?\s*\d*\s*[：:]")


def attached_titles(text: str) -> list[str]:
    """Titles named on an attachment line (附件：《…》, 附：…《…》): sent with the document."""
    if not _ATTACHMENT_LINE.match(text):
        return []
    return re.findall(r"《([^《》]+)》", text)


def issued_titles(text: str) -> list[str]:
    """Titles a 印发/转发 notice's own title names, with or without 书名号:
    “××关于印发××应急预案的通知” → ``××应急预案``."""
    return [m.group("title") for pattern in _ISSUED_IN_TITLE for m in pattern.finditer(text)]
