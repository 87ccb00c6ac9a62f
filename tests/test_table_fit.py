"""Column fitting without LibreOffice: measuring, unbreakable pieces, and the widths written."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Mm

from gongwen.formatting import (
    TableCell,
    add_table,
    add_table_row,
    fit_tables,
    mark_fitted,
    new_document,
)
from gongwen.formatting import gbt9704 as std
from gongwen.formatting.column_fit import (
    Column,
    balanced_lines,
    break_lines,
    min_em,
    pieces,
    share_width,
    text_em,
    wrap,
)

TYPE_AREA_TWIPS = std.TYPE_AREA_WIDTH.twips


def test_tokens_dates_and_short_texts_are_unbreakable():
    # a number stays with the character before it (LibreOffice breaks neither) and the 。 after
    assert [p for p, _, _ in pieces("联系电话13983012003。")][-1] == "话13983012003。"
    # a date is one piece, with the room LibreOffice puts between digits and characters
    date = "2024年12月10日"
    assert [p for p, _, _ in pieces(f"申报日期：{date}")][-1] == date
    assert abs(min_em(f"申报日期：{date}") - (text_em(date) + 6 * 0.25)) < 1e-9  # 6 script changes
    assert len(pieces("自评分")) == 1  # up to four characters: one piece
    # opening punctuation joins what follows, closing punctuation what precedes
    assert [p for p, _, _ in pieces("面积（平方公里）")] == ["面", "积", "（平", "方", "公", "里）"]


def test_latin_is_measured_at_its_widest_face():
    # Times New Roman digits are 1/2 em; DejaVu Serif's 0.64 em is what a width must hold
    assert abs(text_em("13983012003") - 11 * 0.64) < 1e-9


def test_file_names_break_only_after_a_slash_or_hyphen():
    name = "08-村社区档案/塔坪村"
    assert [p for p, _, _ in pieces(name)] == ["08-", "村社区档案/", "塔坪村"]
    assert break_lines(name, 7.5) == ["08-村社区档案/", "塔坪村"]
    # a part longer than six characters (a title) may break inside
    assert len(pieces("05-静观镇安全社区创建启动阶段工作总结")) > 3


def test_balanced_lines_leave_no_lone_last_character():
    assert wrap("安全促进项目", 5.2) == [5.0, 1.0]
    assert balanced_lines("安全促进项目", 5.2) == ["安全促", "进项目"]


def test_share_width_keeps_every_piece_whole_and_fills_the_total():
    columns = [
        Column((("序号",), ("1",)), stretch=False),
        Column((("联系电话",), ("13983012003",)), stretch=False),
        Column((("内容",), ("很长的一段工作内容" * 6,)), stretch=True),
    ]
    widths = share_width(columns, 26.0)
    assert abs(sum(widths) - 26.0) < 1e-6
    assert widths[1] >= text_em("13983012003")
    assert widths[0] >= 2.0
    assert widths[2] == max(widths)  # the rest goes to the column with the text


def _document(marked: bool, long_text: str = "组织开展事故与伤害风险辨识"):
    document = new_document()
    table = add_table(document, (Mm(30), Mm(30), Mm(96)))
    if marked:
        mark_fitted(table, stretch=(3,))
    add_table_row(table, [TableCell(t) for t in ("序号", "联系电话", "主要工作内容")])
    add_table_row(table, [TableCell("1"), TableCell("13983012003"), TableCell(long_text)])
    add_table_row(table, [TableCell("合计", span=2), TableCell("")])
    return document, table


def _grid(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_a_marked_table_gets_fitted_widths_with_grid_and_cells_equal():
    document, table = _document(marked=True)
    fit_tables(document)
    grid = _grid(table)
    assert sum(grid) == TYPE_AREA_TWIPS
    assert grid[2] == max(grid) and grid[0] < Mm(30).twips
    for row in table._tbl.tr_lst:
        at = 0
        for tc in row.tc_lst:
            span = tc.grid_span
            width = int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
            assert width == sum(grid[at : at + span])
            at += span
        assert row.trPr.find(qn("w:cantSplit")) is not None  # rows kept whole
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    assert int(tbl_w.get(qn("w:w"))) == TYPE_AREA_TWIPS


def test_a_row_taller_than_a_page_may_split():
    document, table = _document(marked=True, long_text="很长的一段工作内容。" * 200)
    fit_tables(document)
    rows = table._tbl.tr_lst
    assert rows[1].trPr.find(qn("w:cantSplit")) is None
    assert rows[0].trPr.find(qn("w:cantSplit")) is not None


def test_a_table_without_the_mark_keeps_its_widths():
    document, table = _document(marked=False)
    before = _grid(table)
    fit_tables(document)
    assert _grid(table) == before == [Mm(30).twips, Mm(30).twips, Mm(96).twips]


def test_a_batch_table_fitted_on_its_text_is_fitted_as_when_parsed(example_workbook):
    """The archive's table, fitted on the XML text (the batch's way), gets the widths, row
    properties and text that parsing and fitting it gives."""
    import re

    from lxml import etree

    from gongwen.formatting.table_fit import fit_table
    from gongwen.formatting.table_fit_xml import _fit_text, fit_tables_xml
    from gongwen.kinds import kind
    from gongwen.kinds.context import campaign_context
    from gongwen.render.template import compiled_template
    from gongwen.render.template_files import shipped_templates
    from gongwen.workbook.reader import read_campaign

    campaign = read_campaign(example_workbook)
    template = compiled_template(shipped_templates() / "村社区档案.docx")
    for document in kind("村社区档案").documents(campaign, campaign_context(campaign)):
        body = template.body.render(document.context)
        start, end = body.index("<w:tbl>"), body.index("</w:tbl>") + len("</w:tbl>")
        table = body[start:end]
        assert _fit_text(table) is not None  # the text way, not the parsing fallback
        by_text = fit_tables_xml(body, template.namespaces)[start:]
        parsed = etree.fromstring(f"<w:wrap {template.namespaces}>{table}</w:wrap>".encode())
        by_parsing = fit_table(parsed[0])
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', by_text)]
        assert widths == by_parsing and sum(widths) == TYPE_AREA_TWIPS
        cells = [int(w) for w in re.findall(r'<w:tcW w:w="(\d+)"', by_text)]
        parsed_cells = [int(tc_w.get(qn("w:w"))) for tc_w in parsed[0].iter(qn("w:tcW"))]
        assert cells == parsed_cells
