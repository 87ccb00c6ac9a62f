"""Jinja's syntax error messages in Chinese, for a secretary reading them beside Word."""

from __future__ import annotations

import re

_QUOTES = "‘’“”"

# (pattern of Jinja's message, the Chinese message; {0}… are the pattern's groups)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), m)
    for p, m in (
        (r"^unexpected '\}'", "多了一个“}}”，或“{{{{”与“}}}}”没有成对"),
        (r"^unexpected '\{'", "多了一个“{{”，标签中不能再写“{{”"),
        (r"^unexpected '%'", "多了一个“%”，“{{%”与“%}}”应成对"),
        (r"^unexpected char '(.)'", "标签中有不能识别的字符“{0}”"),
        (r"^unexpected end of template", "标签不完整，没有写完就结束了"),
        (
            r"innermost block that needs to be closed is '(\w+)'",
            "“{0}”没有对应的结尾，缺少“{{% end{0} %}}”",
        ),
        (r"^Encountered unknown tag '(\w+)'", "不认识的标签“{0}”"),
        (r"^expected token 'in', got", "for 语句应写作“{{% for 项 in 列表 %}}”，缺少 in"),
        (
            r"^expected token 'end of print statement', got '(.*)'",
            "“{0}”处多了内容：一个标签中只能写一个字段或表达式",
        ),
        (
            r"^expected token 'end of statement block', got '(.*)'",
            "“{0}”处多了内容，请检查语句写法",
        ),
        (r"^expected token '(.*)', got '(.*)'", "此处应为“{0}”，却是“{1}”"),
        (r"^expected name or number", "“.”后面应是字段名"),
        (r"^unexpected '(.*)'", "不应出现“{0}”"),
        (r"^tag name expected", "“{{%”后面应是 for、if 等语句"),
        (r"^Expected an expression, got '(.*)'", "此处应是字段名或表达式，却是“{0}”"),
    )
)


def chinese_message(message: str, tag: str = "") -> str:
    """Jinja's ``message`` about ``tag`` in Chinese; unknown ones keep Jinja's text after a
    Chinese lead."""
    if any(q in tag for q in _QUOTES):
        return "标签中有中文引号（‘’“”），请改为英文引号（' 或 \"），可在 Word 中关闭“自动套用格式”的引号替换"
    for pattern, chinese in _MESSAGES:
        m = pattern.search(message)
        if m:
            return chinese.format(*m.groups())
    return f"标签写法有误（{message}）"


_RUNTIME = {
    "ZeroDivisionError": "除数为 0",
    "TypeError": "值的类型不能这样运算（如文字和数字相加）",
    "ValueError": "值不合要求",
    "KeyError": "找不到该项",
    "IndexError": "序号超出范围",
    "OverflowError": "数值太大",
    "RecursionError": "嵌套太深",
}


def runtime_reason(exc: BaseException) -> str:
    """What a failing expression did, by the kind of Python error behind it."""
    text = str(exc)
    for name, words in _RUNTIME.items():
        if text.startswith(f"{name}:") or type(exc).__name__ == name:
            return words
    return "表达式无法计算"
