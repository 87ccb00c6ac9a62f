"""The 发文字号 model: 机关代字〔年份〕序号号, 令 and 公告 numbers, standard numbers, and the
broken forms of a 发文字号 (wrong or missing brackets, 第/字, leading zeros, no 号, no serial).

Norm: 《党政机关公文处理工作条例》 第九条 (发文字号 = 机关代字 + 〔年份〕 + 发文顺序号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

YEAR_OPEN, YEAR_CLOSE = "〔", "〕"
OPENS = "〔[［(（【﹝〈<｛{"
CLOSES = "〕]］)）】﹞〉>｝}"
X = "xXＸｘ×"  # letters people type for "to be filled in"
_SP = r"[ \t\u3000]"
_CODE_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
CODE_MAX = 12
# Words that end the text before a 机关代字: "区安委办文件北碚安委办〔2024〕8号" → 北碚安委办.
_CODE_BOUNDARY = re.compile(
    r"文件|印发|转发|根据|依据|按照|参照|执行|落实|贯彻|结合|[的和及与或为是以据即于附见将号第]"
)
# Characters that cannot end a 机关代字 written without brackets (静府发202315号).
_NOT_CODE_END = "第号年月日共计约为至到和及等达了在是有"
# Before a 令/公告 number only sentence words end the issuing body (中华人民共和国主席令第13号).
_DECREE_BOUNDARY = re.compile(r"文件|印发|转发|根据|依据|按照|参照|[的及与或为是以据见号原]")
DECREE_CODE_MAX = 20

SERIAL = re.compile(
    rf"(?P<s0>{_SP}*)(?P<open>[{re.escape(OPENS)}])(?P<s1>{_SP}*)"
    rf"(?P<year>\d{{2,4}}(?![{X}\d])|\d{{0,2}}[{X}]{{2,4}})"
    rf"(?P<s2>{_SP}*)(?P<close>[{re.escape(CLOSES)}])"
    rf"(?P<mid>{_SP}*(?:字{_SP}*)?(?:第{_SP}*)?)"
    rf"(?P<num>\d+|[{X}]{{1,4}})?(?P<s3>{_SP}*)(?P<hao>号)?"
)
UNCLOSED = re.compile(
    r"(?P<open>[〔\[［【﹝])(?P<year>(?:19|20)\d\d)(?P<num>\d{1,4})(?P<hao>号)?(?![\d〕\]］】﹞])"
)
BARE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?<![{_NOT_CODE_END}])(?P<year>19[4-9]\d|20\d\d)(?P<num>\d{{1,4}})号"
)
DECREE = re.compile(r"(?:令|公告)第?(?:\d+|[〇零一二三四五六七八九十百]+)号")
STANDARD = re.compile(
    r"(?<![A-Za-z])(?:GB/[TZ]|GB|AQ/T|AQ|DB\d{2}(?:/T)?|[A-Z]{2}/T)"
    r"[ \t]*\d+(?:\.\d+)*[ \t]*[-—–－‑][ \t]*(?:19|20)\d\d(?!\d)"
)
SPACE_GROUPS = ("s0", "s1", "s2", "mid", "s3")  # the SERIAL groups that may hold spaces
_AFTER_MISSING_HAO = "）)，,。；;、：: \t\u3000"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_BRACKETS = str.maketrans({**dict.fromkeys(OPENS, YEAR_OPEN), **dict.fromkeys(CLOSES, YEAR_CLOSE)})
_DASHES = str.maketrans(dict.fromkeys("—–－‑", "-"))


@dataclass(frozen=True)
class DocNumber:
    """A number found in a paragraph: ``start`` is where its 机关代字 begins.

    ``kind`` is ``serial`` (机关代字〔年〕N号, right or broken), ``decree`` (国务院令第493号)
    or ``standard`` (GB/T 9704—2012). ``match`` is the serial part of a serial number (from
    the year bracket on). ``defects`` name what is broken in a serial number found without
    its year brackets (unclosed or missing); the defects of a bracketed one are read from
    ``match`` (``gongwen.check.number_rules``). ``suggestion`` is the one form that mends
    every defect (None when it cannot be known, e.g. a two-digit year).
    """

    text_of: str = field(repr=False)
    start: int
    end: int
    kind: str
    match: re.Match[str] | None = field(default=None, repr=False)
    defects: tuple[str, ...] = ()
    suggestion: str | None = None
    year: str = ""
    serial: str = ""

    @property
    def text(self) -> str:
        return self.text_of[self.start : self.end]

    @property
    def code(self) -> str:
        if self.match is None:
            return ""
        return self.text_of[self.start : self.match.start()]

    @property
    def normalized(self) -> str:
        return normalize_number(self.text)

    @property
    def has_placeholder(self) -> bool:
        return any(c in X for c in self.year + self.serial)


def normalize_number(text: str) -> str:
    """A number in the one form used for comparison: no spaces, 〔〕, ASCII digits and dashes."""
    text = re.sub(r"\s+", "", text).translate(_FULLWIDTH_DIGITS).translate(_DASHES)
    return text if STANDARD.fullmatch(text) else text.translate(_BRACKETS)


def code_start(
    text: str, end: int, limit: int = CODE_MAX, boundary: re.Pattern[str] = _CODE_BOUNDARY
) -> int:
    """Where the 机关代字 ending at ``end`` begins: scan back over letters, stopping at words
    that cannot be part of it."""
    start = end
    while start > 0 and end - start < limit and _CODE_CHAR.match(text[start - 1]):
        start -= 1
    cut = None
    for m in boundary.finditer(text, start, end):
        if m.end() < end:
            cut = m.end()
    return cut if cut is not None else start


def find_numbers(text: str) -> list[DocNumber]:
    """Every serial 发文字号 (right or broken), 令/公告 number and standard number in ``text``."""
    out: list[DocNumber] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in SERIAL.finditer(text):
        number = _serial(text, m)
        if number is not None:
            out.append(number)
            taken.append((number.start, number.end))
    for m in UNCLOSED.finditer(text):
        if free(m.start(), m.end()):
            number = _unclosed(text, m)
            if number is not None:
                out.append(number)
                taken.append((number.start, number.end))
    for m in BARE.finditer(text):
        start = code_start(text, m.start())
        if start < m.start() and free(start, m.end()):
            code = text[start : m.start()]
            good = f"{code}{YEAR_OPEN}{m.group('year')}{YEAR_CLOSE}{int(m.group('num'))}号"
            number = DocNumber(
                text, start, m.end(), "serial", None, ("年份没有六角括号〔〕",), good,
                m.group("year"), m.group("num"),
            )  # fmt: skip
            out.append(number)
            taken.append((start, m.end()))
    for pattern, kind in ((DECREE, "decree"), (STANDARD, "standard")):
        for m in pattern.finditer(text):
            start = (
                code_start(text, m.start(), DECREE_CODE_MAX, _DECREE_BOUNDARY)
                if kind == "decree"
                else m.start()
            )
            if free(start, m.end()) and (kind == "standard" or start < m.start()):
                out.append(DocNumber(text, start, m.end(), kind))
                taken.append((start, m.end()))
    return sorted(out, key=lambda n: n.start)


def _serial(text: str, m: re.Match[str]) -> DocNumber | None:
    start = code_start(text, m.start())
    if start == m.start():
        return None  # a 机关代字 is required
    num, hao = m.group("num"), m.group("hao")
    end = m.end()
    if num is None and hao is None:
        return None
    if hao is None:
        after = text[end : end + 1]
        if m.group("open") in "(（" or (after and after not in _AFTER_MISSING_HAO):
            return None
        end = m.end("num")
    year = m.group("year")
    good = None
    if num is not None and not (year.isdigit() and len(year) != 4):
        serial = str(int(num)) if num.isdigit() else num
        good = f"{text[start : m.start()]}{YEAR_OPEN}{year}{YEAR_CLOSE}{serial}号"
    return DocNumber(text, start, end, "serial", m, (), good, year, num or "")


def _unclosed(text: str, m: re.Match[str]) -> DocNumber | None:
    start = code_start(text, m.start())
    if start == m.start():
        return None
    code = text[start : m.start()]
    good = f"{code}{YEAR_OPEN}{m.group('year')}{YEAR_CLOSE}{int(m.group('num'))}号"
    defects = ["年份的六角括号没有闭合"]
    if m.group("hao") is None:
        defects.append("缺少“号”字")
    return DocNumber(
        text, start, m.end(), "serial", None, tuple(defects), good, m.group("year"), m.group("num")
    )


def fixed_number(number: DocNumber) -> str:
    """The number with only its certain fixes applied (bracket shape, spaces removed)."""
    m = number.match
    if m is None:
        return number.text
    mid = re.sub(r"\s+", "", m.group("mid"))
    hao = "号" if m.group("hao") else ""
    serial = m.group("num") or ""
    return f"{number.code}{YEAR_OPEN}{m.group('year')}{YEAR_CLOSE}{mid}{serial}{hao}"
