"""The implementation scheme (实施方案) made from the workbook."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from docx_content import (
    effective_font,
    error_findings,
    paragraphs,
    table_cells,
    table_width,
    tables,
)
from gongwen.build import build_to

SECTIONS = [
    "一、指导思想",
    "二、工作目标",
    "三、组织机构",
    "四、实施步骤",
    "五、任务分工",
    "六、工作要求",
    "七、保障措施",
]


@pytest.fixture
def scheme(tmp_path, make_workbook, example_data):
    def make(data=example_data):
        path = make_workbook(data)
        [doc] = build_to(path, tmp_path / "out", only=["实施方案"], force=True)
        return doc.path, path

    return make


def test_titled_and_named_after_the_unit(scheme, tmp_path):
    path, _ = scheme()
    assert path == tmp_path / "out" / "静观镇" / "静观镇创建安全社区实施方案.docx"
    assert paragraphs(path)[0] == "静观镇创建安全社区实施方案"


def test_the_seven_sections_come_numbered_in_order(scheme):
    path, _ = scheme()
    text = paragraphs(path)
    positions = [text.index(h) for h in SECTIONS]
    assert positions == sorted(positions)


def test_it_cites_the_basis_documents_in_force(scheme, example_data):
    path, _ = scheme()
    intro = paragraphs(path)[2]
    assert intro.startswith("为深入贯彻落实北碚区安全社区创建工作部署")
    for doc in example_data["依据文件"]:
        cited = f"《{doc['标题']}》" in intro
        assert cited == (doc["状态"] == "现行")
    assert "《重庆市安全社区建设评定标准（试行）》（渝安办发〔2023〕21号）" in intro


def test_the_leading_group_is_listed_by_role(scheme):
    path, _ = scheme()
    text = paragraphs(path)
    assert "组长：田河堰（镇党委副书记、镇长）" in text
    assert "副组长：刘建国（镇党委副书记）、赵文华（副镇长）" in text
    members = next(p for p in text if p.startswith("成员："))
    assert members.startswith("成员：王强（镇综治办主任）、孙丽（镇安监办主任）")
    assert "办公室设在镇综治办，由王强同志兼任办公室主任" in "".join(text)


def test_every_phase_with_its_dates_and_tasks(scheme, example_data):
    path, _ = scheme()
    text = paragraphs(path)
    steps = text[text.index("四、实施步骤") : text.index("五、任务分工")]
    assert steps[1] == "创建工作分四个阶段实施，即：启动阶段、实施阶段、评定阶段、总结阶段。"
    assert [p for p in steps if p.startswith("（")] == [
        "（一）启动阶段（2024年3月1日至2024年4月30日）",
        "（二）实施阶段（2024年5月1日至2024年11月30日）",
        "（三）评定阶段（2024年12月1日至2024年12月20日）",
        "（四）总结阶段（2024年12月21日至2024年12月31日）",
    ]
    for row in example_data["工作阶段"]:
        assert row["主要任务"] in steps


def test_the_task_table_maps_each_element_to_its_lead(scheme, example_data):
    example_data["任务分工"][7]["牵头单位"] = "静观派出所、镇交巡警中队"
    path, _ = scheme(example_data)
    [table] = tables(path)
    assert table[0] == ["序号", "要素", "牵头单位", "责任人", "主要工作内容"]
    assert table[1:] == [
        [str(row["要素序号"]), row["要素"], row["牵头单位"], row["责任人"], row["工作内容"]]
        for row in example_data["任务分工"]
    ]
    assert table[8][2] == "静观派出所、镇交巡警中队"


def test_the_task_table_fits_the_type_area_in_fangsong(scheme):
    path, _ = scheme()
    [table] = Document(path).tables
    assert table_width(table).mm <= 156 + 0.01
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) in ("1", "true", None)
    for _, r, paragraph in table_cells(path):
        font, size = effective_font(paragraph)
        assert size == 14
        if r > 0:
            assert font == "仿宋"


def test_signed_by_the_issuer_on_the_date(scheme):
    path, _ = scheme()
    assert paragraphs(path)[-2:] == ["静观镇人民政府", "2024年3月15日"]


def test_the_checker_finds_no_errors(scheme):
    path, workbook = scheme()
    assert error_findings(path, workbook) == []
