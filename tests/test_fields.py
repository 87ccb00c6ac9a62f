"""The field contract matches the values each kind of document really receives."""

from __future__ import annotations

import pytest

from docx_content import paragraphs
from fields_tools import word_template
from gongwen.build import build_to, shipped_example
from gongwen.kinds import KINDS, kind_fields
from gongwen.kinds.context import campaign_context
from gongwen.kinds.fields import GROUP, LIST, PARAGRAPHS, Field
from gongwen.workbook.reader import read_campaign


def _mismatches(fields: tuple[Field, ...], value: dict, path: str = "") -> list[str]:
    """Keys given but not declared, declared but not given, and lists/groups of the wrong
    shape, throughout ``value``."""
    out = []
    declared = {f.name: f for f in fields}
    out += [f"{path}{k}: provided, not declared" for k in value if k not in declared]
    for name, f in declared.items():
        where = f"{path}{name}"
        if name not in value:
            out.append(f"{where}: declared, not provided")
            continue
        v = value[name]
        if f.type == GROUP:
            out += _mismatches(f.parts, v, f"{where}.")
        elif f.type == LIST:
            assert isinstance(v, list), where
            for item in v:
                out += _mismatches(f.parts, item, f"{where}[].")
        elif f.type == PARAGRAPHS:
            assert isinstance(v, list) and all(isinstance(s, str) for s in v), where
        else:
            assert not f.parts and not isinstance(v, dict | list), where
    return out


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_receives_exactly_its_declared_fields(kind):
    campaign = read_campaign(shipped_example())
    documents = kind.documents(campaign, campaign_context(campaign))
    assert documents
    for doc in documents:
        assert _mismatches(kind_fields(kind.name).fields, doc.context) == []


def test_every_kind_has_a_contract_and_every_field_is_described():

    def described(f: Field) -> bool:
        leaf = f.type not in (GROUP, LIST)
        return bool(f.meaning and f.source and (f.example or not leaf)) and all(
            described(p) for p in f.parts
        )

    for contract in (k.contract for k in KINDS):
        assert all(described(f) for f in contract.fields), contract.kind


def test_aliases_are_unambiguous_within_a_kind():
    for contract in (k.contract for k in KINDS):
        names = [f.name for f in contract.fields]
        aliases = list(contract.aliases)
        assert len(aliases) == len(set(aliases)), contract.kind
        assert not set(aliases) & set(names)
    assert kind_fields("工作计划").aliases["联系人"] == "contact"
    assert "成文日期" not in kind_fields("阶段总结").aliases  # summary.date or date
    assert kind_fields("阶段总结").aliases["单位名称"] == "unit"


def test_a_template_may_use_the_chinese_names_of_fields(tmp_path):
    own = word_template(
        tmp_path / "own" / "工作计划.docx",
        [
            "{{ 单位名称 }}工作计划",
            "联系人：{{ 联系人 }}，联系电话：{{ 联系电话 }}",
            "{{ 成文日期 }}",
        ],
    )
    result = build_to(shipped_example(), tmp_path / "out", templates=own.parent, only=["工作计划"])
    [plan] = list(result)
    assert paragraphs(plan.path) == [
        "静观镇工作计划",
        "联系人：王强，联系电话：023-68221536",
        "2024年3月15日",
    ]


def test_the_readme_lists_every_field_of_every_kind_as_the_contract_declares():
    from pathlib import Path

    from gongwen.kinds.field_list import flat, with_section

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert readme == with_section(readme), "run python scripts/write_field_list.py"
    section = readme[readme.index("## 自定义模板") :]
    section = section[: section.index("\n## ", 1)]
    for contract in (k.contract for k in KINDS):
        assert "#### " in section and contract.kind in section
        for name, _ in flat(contract.fields):
            assert f"`{name}`" in section, (contract.kind, name)


def test_gongwen_fields_prints_a_kinds_fields_in_chinese():
    from click.testing import CliRunner

    from gongwen.cli import cli

    result = CliRunner().invoke(cli, ["fields", "村社区档案"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[2] == "【村社区档案】模板 村社区档案.docx"
    assert (
        "  unit（也可写 {{ 单位名称 }}）：文本，单位名称（镇、街道），如“静观镇”；来自 基本信息!单位名称"
        in lines
    )
    assert "    village.rate：文本，整改率，如“94.4%”；来自 村社区!隐患数、已整改数" in lines
    assert "【工作计划】" not in result.output
    everything = CliRunner().invoke(cli, ["fields"]).output
    assert all(f"【{kind.name}】" in everything for kind in KINDS)
    assert (
        "  注：本种类不接受“成文日期”，因为本份总结的成文日期是 summary.date，发文的成文日期是 date。"
        in everything
    )
    wrong = CliRunner().invoke(cli, ["fields", "通知"])
    assert wrong.exit_code == 2 and "没有公文种类「通知」" in wrong.output
