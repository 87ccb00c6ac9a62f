"""The field contract as people read it: ``gongwen fields`` and the README's field tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gongwen.kinds.fields import LIST, Field, KindFields


def flat(fields: Sequence[Field], prefix: str = "") -> Iterator[tuple[str, Field]]:
    """(written name, field) for every field and member: ``phases[].name``,
    ``village_totals.count``."""
    for f in fields:
        name = prefix + f.name
        yield name, f
        if f.parts:
            yield from flat(f.parts, name + ("[]." if f.type == LIST else "."))


def _example(f: Field) -> str:
    return f"如“{f.example}”" if f.example else ""


def kind_text(contract: KindFields, template: str) -> str:
    """One kind's fields, one line each, for the terminal."""
    lines = [f"【{contract.kind}】模板 {template}"]
    for name, f in flat(contract.fields):
        depth = name.count(".")
        alias = f"（也可写 {{{{ {f.alias} }}}}）" if f.alias in contract.aliases else ""
        facts = "，".join(x for x in (f.type, f.meaning, _example(f)) if x)
        lines.append(f"{'  ' * (depth + 1)}{name}{alias}：{facts}；来自 {f.source}")
    for alias, why in contract.ambiguous:
        lines.append(f"  注：本种类不接受“{alias}”，因为{why}。")
    return "\n".join(lines)


def render_text(kinds: Sequence[str] = ()) -> str:
    """``gongwen fields [种类]``: the fields of the kinds named (all when none)."""
    from gongwen.kinds import KINDS

    chosen = [k for k in KINDS if not kinds or k.name in kinds]
    parts = [kind_text(k.contract, k.template) for k in chosen]
    usage = (
        "在模板中写 {{ 字段 }}；列表用 {%p for 项 in 列表 %}…{%p endfor %}，其中写 {{ 项.成员 }}"
        "（如 phases[].name 写作 {{ ph.name }}）；组写作 {{ 组.成员 }}。"
    )
    return "\n\n".join([usage, *parts]) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(contract: KindFields, fields: Sequence[Field]) -> list[str]:
    lines = [
        "| 字段 | 中文名 | 类型 | 含义 | 示例 | 来源 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, f in flat(fields):
        alias = f"`{{{{ {f.alias} }}}}`" if f.alias in contract.aliases else ""
        row = (f"`{name}`", alias, f.type, f.meaning, f.example, f.source)
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines


def readme_section() -> str:
    """The README's field tables: kinds with the same fields share one table; a kind with
    more fields than one shown before lists only the ones it adds."""
    from gongwen.kinds import KINDS
    from gongwen.kinds import kind as kind_named

    groups: list[tuple[list[str], KindFields]] = []
    for contract in (k.contract for k in KINDS):
        same = next((g for g in groups if g[1].fields == contract.fields), None)
        if same is not None and same[1].ambiguous == contract.ambiguous:
            same[0].append(contract.kind)
        else:
            groups.append(([contract.kind], contract))
    lines: list[str] = []
    shown: list[tuple[list[str], KindFields]] = []
    for kinds, contract in groups:
        templates = "、".join(f"`{kind_named(k).template}`" for k in kinds)
        lines += [f"#### {'、'.join(kinds)}（{templates}）", ""]
        base = next(
            (
                (names, c)
                for names, c in shown
                if len(c.fields) < len(contract.fields)
                and contract.fields[: len(c.fields)] == c.fields
            ),
            None,
        )
        fields = contract.fields
        if base is not None:
            lines += [f"{'、'.join(base[0])}的全部字段，另有：", ""]
            fields = contract.fields[len(base[1].fields) :]
        lines += _table(contract, fields)
        for alias, why in contract.ambiguous:
            lines += ["", f"本种类不接受中文名“{alias}”，因为{why}。"]
        lines.append("")
        shown.append((kinds, contract))
    return "\n".join(lines).rstrip() + "\n"


BEGIN = "<!-- 以下字段表由 scripts/write_field_list.py 依据各公文种类声明的字段生成，请勿手改 -->"
END = "<!-- 字段表结束 -->"


def with_section(readme: str) -> str:
    """``readme`` with the text between ``BEGIN`` and ``END`` replaced by the field tables."""
    head, begin, rest = readme.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError("README has no field-table markers")
    return f"{head}{BEGIN}\n\n{readme_section()}\n{END}{tail}"
