"""Findings rendered for people (one a line) and for machines (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from gongwen.check.findings import ERROR, RULES, WARNING, Finding


def location(f: Finding) -> str:
    """Part + paragraph (or table cell) + character: ``word/document.xml 第6段 第89字``.

    Worksheet cells read ``依据文件!B3 第5字``. Paragraphs and characters count from 1 here;
    the JSON ``offset`` is the 0-based character offset.
    """
    if f.paragraph is None and f.cell and not f.part.startswith("word/"):
        return f"{f.part}!{f.cell} 第{f.offset + 1}字"
    pieces = [f.part]
    if f.cell:
        pieces.append(f.cell)
    if f.paragraph is not None:
        pieces.append(f"第{f.paragraph}段")
        pieces.append(f"第{f.offset + 1}字")
    return " ".join(pieces)


def line(f: Finding) -> str:
    """``路径:位置: 规则 消息``, with the suggestion when there is one."""
    text = f"{f.path}:{location(f)}: {f.rule} {f.message}"
    if f.suggestion:
        text += f"（建议：{f.suggestion}）"
    return text


def summary(findings: Sequence[Finding], files: int | None = None) -> dict:
    severities = Counter(f.severity for f in findings)
    by_rule = Counter(f.rule for f in findings)
    out = {
        "total": len(findings),
        "errors": severities[ERROR],
        "warnings": severities[WARNING],
        "fixable": sum(1 for f in findings if f.fixable),
        "by_rule": {code: by_rule[code] for code in sorted(by_rule)},
    }
    if files is not None:
        out["files"] = files
    return out


def summary_text(findings: Sequence[Finding], files: int | None = None) -> str:
    s = summary(findings, files)
    checked = f"检查了 {files} 个文件，" if files is not None else ""
    if not findings:
        return f"{checked}未发现问题。"
    text = f"{checked}共发现 {s['total']} 处问题：错误 {s['errors']} 处，警告 {s['warnings']} 处"
    if s["fixable"]:
        text += f"；其中 {s['fixable']} 处可用 --fix 自动修正"
    rules = "，".join(f"{code} {n} 处" for code, n in s["by_rule"].items())
    return f"{text}。\n按规则：{rules}。"


def render_text(findings: Sequence[Finding], files: int | None = None) -> str:
    lines = [line(f) for f in findings]
    lines.append(summary_text(findings, files))
    return "\n".join(lines) + "\n"


def as_dict(f: Finding) -> dict:
    return {
        "path": f.path,
        "part": f.part,
        "paragraph": f.paragraph,
        "cell": f.cell,
        "offset": f.offset,
        "rule": f.rule,
        "severity": f.severity,
        "title": RULES[f.rule].title,
        "message": f.message,
        "suggestion": f.suggestion,
        "fixable": f.fixable,
    }


def render_json(findings: Sequence[Finding], files: int | None = None) -> str:
    data = {"findings": [as_dict(f) for f in findings], "summary": summary(findings, files)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
