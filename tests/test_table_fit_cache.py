"""Widths decided once per shape of text: a table whose texts read the same to the fitting
(``layout_key``) gets the widths it would get decided afresh."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongwen.formatting import gbt9704 as std
from gongwen.formatting import table_fit
from gongwen.formatting.column_fit import layout_key
from gongwen.formatting.table_fit import _decide_widths, widths_for

_ALPHABET = "村社区名称联系电话人口户数面积镇（）：，。、“”0123456789.-/ABCDXaeilm "
_TEXT = st.text(alphabet=_ALPHABET, max_size=40)


def _table(columns: int, rows: list[list[str]]) -> list[list[tuple[str, ...]]]:
    return [[(row[c],) if row[c] else () for row in rows] for c in range(columns)]


def test_texts_of_the_same_shape_share_a_key_and_others_do_not():
    assert layout_key("素心村00002") == layout_key("万全村00003")
    assert layout_key("13983012002") == layout_key("13983012009")
    assert layout_key("1180") != layout_key("960")  # one digit more is wider
    assert layout_key("村") != layout_key("社区")
    # same widths, but a lone last character is looked for only in a text of 3+ characters
    assert layout_key("户数") != layout_key("户数。")


def test_archives_differing_in_names_and_numbers_of_the_same_shape_share_their_widths():
    labels = ["名称", "户数（户）", "联系人", "联系电话"]

    def archive(name: str, households: str, phone: str) -> list[list[tuple[str, ...]]]:
        return _table(
            4, [[labels[0], name, labels[1], households], [labels[2], "陈晓燕", labels[3], phone]]
        )

    table_fit._DECIDED.clear()
    first = widths_for(archive("静观场社区00001", "2140", "13983012001"), "伸展列：2")
    assert len(table_fit._DECIDED) == 1
    second_texts = archive("静观场社区00002", "3460", "13983012002")
    second = widths_for(second_texts, "伸展列：2")
    assert len(table_fit._DECIDED) == 1  # decided once
    assert second == first == _decide_widths(second_texts, "伸展列：2")
    assert sum(second) == std.TYPE_AREA_WIDTH.twips
    widths_for(archive("静观场社区00003", "21400", "13983012003"), "伸展列：2")
    assert len(table_fit._DECIDED) == 2  # a wider number is decided anew


@settings(max_examples=60, deadline=None)
@given(
    columns=st.integers(min_value=1, max_value=4),
    cells=st.lists(_TEXT, min_size=4, max_size=24),
    stretch=st.sampled_from(["", "伸展列：1", "伸展列：2、3"]),
)
def test_a_remembered_decision_is_the_one_made_afresh(columns, cells, stretch):
    rows = [cells[i : i + columns] for i in range(0, len(cells) - columns + 1, columns)]
    texts = _table(columns, rows)
    # the same table with every digit changed: the same shape, decided from the first
    other = _table(
        columns, [[t.translate(str.maketrans("0123456789", "9876543210")) for t in r] for r in rows]
    )
    widths_for(texts, stretch)
    assert widths_for(other, stretch) == _decide_widths(other, stretch)
    assert widths_for(texts, stretch) == _decide_widths(texts, stretch)
