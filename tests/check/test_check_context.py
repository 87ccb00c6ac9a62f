"""Why a document is named: sentences from published 公文 that issue, forward, repeal, replace
or refer back to a document get no registry findings (GW105, GW106, GW108); plain citations do."""

from __future__ import annotations

import datetime as dt

import pytest
from check_docs import para

from gongwen.check import context
from gongwen.check.citations import check_citations, find_citations
from gongwen.workbook.model import BasisDocument

PLAN = BasisDocument(
    "北仑区生产安全事故应急预案",
    "仑政办〔2015〕12号",  # an earlier plan of the same title, replaced in 2018
    "宁波市北仑区人民政府办公室",
    dt.date(2015, 3, 1),
    "现行",
)
OLD = BasisDocument(
    "楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知",
    "",
    "楚雄州人民政府",
    dt.date(2003, 12, 5),
    "废止",
)
NATIONAL = BasisDocument("国家突发公共事件总体应急预案", "", "国务院", dt.date(2006, 1, 8), "废止")
FORWARDED = BasisDocument(
    "国务院办公厅关于认真抓好今冬明春安全生产工作的通知",
    "国办发明电〔2005〕32号",
    "国务院办公厅",
    dt.date(2005, 1, 1),
    "废止",
)
RULE = BasisDocument(
    "生产安全事故报告和调查处理条例", "国务院令第493号", "国务院", dt.date(2007, 4, 9), "现行"
)
REGISTRY = (PLAN, OLD, NATIONAL, FORWARDED, RULE)


def rules(*texts: str, registry=REGISTRY) -> list[tuple[str, int]]:
    paragraphs = [para(t, n=i) for i, t in enumerate(texts, start=1)]
    return [(f.rule, f.paragraph) for f in check_citations(paragraphs, "a.docx", registry)]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("《北仑区生产安全事故应急预案》已经区政府研究同意，现印发给你们，请遵照执行。", "issued"),
        (
            "经市政府同意，现将《兴城市突发水污染事件应急预案》印发给你们，请认真遵照执行。",
            "issued",
        ),
        ("经研究，制定《山福镇突发公共事件总体应急预案（修订）》，现印发给你们。", "issued"),
        ("《许昌市生产安全事故应急预案》已经市政府同意，现印发你们，请认真贯彻执行。", "issued"),
        (
            "区民政局制定的《嘉定区自然灾害救助应急预案》已经区政府研究同意，现转发给你们。",
            "forwarded",
        ),
        (
            "现将《国务院安委会办公室关于认真吸取近期事故教训切实加强消防和道路交通安全生产工作的"
            "紧急通知》（安委办明电〔2014〕1号）转发给你们。",
            "forwarded",
        ),
        (
            "公主岭市安委会办公室转发《国务院安委会办公室关于认真吸取近期事故教训切实加强消防和道路"
            "交通安全生产工作的紧急通知》的通知",
            "forwarded",
        ),
        (
            "2003年12月5日印发的《楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知》同时废止。",
            "repealed",
        ),
        (
            "自本通知印发之日起，《北仑区生产安全事故应急预案》（仑政办〔2015〕12号）停止执行。",
            "repealed",
        ),
        ("《甲办法》（甲发〔2010〕1号）和《乙办法》予以废止。", "repealed"),
        (
            "经县政府研究同意，现将《于都县应急责任落实全覆盖工作方案》《于都县安全风险识别全覆盖"
            "工作方案》印发给你们，请认真抓好贯彻落实。",
            "issued",
        ),
        ("根据《甲县安全生产职责规定》要求，现将《乙方案》印发给你们。", "cited"),
        ("一、深刻认识《意见》出台的重大意义", "back-reference"),
        ("因《北仑区生产安全事故应急预案》已废止，各单位不再按其执行。", "repealed"),
        ("本《办法》自印发之日起施行。", "back-reference"),
        ("上述《通知》要求各地开展排查。", "back-reference"),
        ("遵照省委、省政府领导指示，现将两个《通报》转发给你们。", "back-reference"),
        ("依据《中华人民共和国安全生产法》《国家安全生产事故灾难应急预案》制定本预案。", "cited"),
    ],
)
def test_sentence_context(text, why):
    first = find_citations(text)[0]
    assert context.citation_context(text, first.start, first.end, first.title) == why


def test_issuing_notice_names_its_plan_without_registry_findings():
    title = "宁波市北仑区人民政府办公室关于印发北仑区生产安全事故应急预案的通知"
    body = "《北仑区生产安全事故应急预案》已经区政府研究同意，现印发给你们，请遵照执行。"
    # the new plan has the old plan's title: its 文号 must not be asked for (GW105)
    assert (
        rules(title, body, "北仑区生产安全事故应急预案", "按照《北仑区生产安全事故应急预案》执行")
        == []
    )


def test_issuing_title_broken_over_lines_is_the_documents_own():
    lines = ("荥阳市人民政府办公室", "关于印发北仑区生产安全事故应急预案的", "通 知")
    assert rules(*lines) == []


def test_a_revised_plan_issued_again_is_the_documents_own():
    text = (
        "决定对《楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知》进行修订，现将修订后的"
        "《楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知》印发给你们。"
    )
    assert rules(text) == []


def test_repealing_sentence_is_not_a_citation_of_a_repealed_document():
    text = "2003年12月5日印发的《楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知》同时废止。"
    assert rules(text) == []
    # cited as a basis, the same document is reported as repealed
    basis = "依据《楚雄州人民政府关于印发〈楚雄彝族自治州地震应急预案〉的通知》制定本预案。"
    assert rules(basis) == [("GW108", 1)]


def test_forwarding_a_document_skips_registry_rules_but_keeps_the_number_check():
    text = (
        "经省政府同意，现将《国务院办公厅关于认真抓好今冬明春安全生产工作的通知》"
        "（国办发明电[2005]32号）转发给你们。"
    )
    assert rules(text) == [("GW101", 1)]
    wrong = text.replace("[2005]32号", "〔2005〕23号")
    assert rules(wrong) == [("GW107", 1)]


def test_alias_and_back_reference():
    text = (
        "为认真学习宣传贯彻《中共中央办公厅国务院办公厅关于进一步加强矿山安全生产工作的意见》"
        "（以下简称《意见》），推动矿山安全高质量发展。"
    )
    # the full title is cited (not registered: GW106); the alias and its later uses are not
    assert rules(text, "一、深刻认识《意见》出台的重大意义", "本《办法》自印发之日起施行。") == [
        ("GW106", 1)
    ]


def test_attachment_line_names_the_documents_own_title():
    body = "根据绍兴县人民政府办公室《关于进一步加强近期安全生产工作的通知》（绍县政办发〔2008〕148号）精神。"
    attached = "附：绍兴县人民政府办公室《关于进一步加强近期安全生产工作的通知》"
    assert rules(body, attached) == []
    assert rules(body) == [("GW106", 1)]


def test_regulation_cited_by_title_alone_needs_no_decree_number():
    assert rules("依据《生产安全事故报告和调查处理条例》制定本预案。") == []
    text = "（5）《生产安全事故报告和调查处理条例》（国务院令第493号）"
    assert rules(text) == []
    assert rules(text.replace("493", "394")) == [("GW107", 1)]


def test_decree_number_with_a_note_in_the_brackets():
    registry = (
        BasisDocument(
            "生产安全事故应急预案管理办法",
            "应急管理部令第2号",
            "应急管理部",
            dt.date(2019, 7, 11),
            "现行",
        ),
    )
    text = "9.《生产安全事故应急预案管理办法》（原国家安全生产监督管理总局令第88号，应急管理部令第2号修改）"
    assert rules(text, registry=registry) == []


def test_title_broken_over_two_paragraphs_is_one_citation():
    first = "     依据《中华人民共和国安全生产法》、《国务院"
    second = "  关于进一步加强安全生产工作的决定》等规定，制定本预案。"
    assert rules(first, second, registry=None) == []
    found = check_citations([para(first, n=7), para(second, n=8)], "a.docx", REGISTRY)
    assert [(f.rule, f.paragraph, f.offset) for f in found] == [
        ("GW106", 7, first.index("《中华")),
        ("GW106", 7, first.index("《国务院")),
    ]
    assert "《国务院关于进一步加强安全生产工作的决定》" in found[1].message
    # a 《 left open with nothing closing it in the next paragraph is still reported
    assert rules(first, "等规定，制定本预案。", registry=None) == [("GW110", 1)]


def test_registered_title_without_book_title_marks():
    text = "依据国家突发公共事件总体应急预案和有关法律法规，制定本预案。"
    found = check_citations([para(text)], "a.docx", REGISTRY)
    assert [(f.rule, f.offset) for f in found] == [("GW112", 2)]
    assert found[0].suggestion == "《国家突发公共事件总体应急预案》"
    assert rules("国家突发公共事件总体应急预案") == []  # a title line of the document itself


def test_attachment_note_names_registered_titles_without_marks():
    lines = [
        "附件：1.国家突发公共事件总体应急预案",
        "2.北仑区生产安全事故应急预案",
        "依据北仑区生产安全事故应急预案执行。",
    ]
    found = check_citations([para(t, n=i) for i, t in enumerate(lines, 1)], "a.docx", REGISTRY)
    assert [(f.rule, f.paragraph) for f in found] == [("GW112", 3)]


def test_slightly_wrong_title_gets_a_suggestion():
    f = check_citations([para("按照《北仑区安全生产事故应急预案》执行")], "a.docx", REGISTRY)
    assert [(x.rule, x.suggestion) for x in f] == [("GW106", "《北仑区生产安全事故应急预案》")]
    # the 文号 names the registered document even when the title differs more
    text = "按照《北仑区生产安全应急工作预案》（仑政办〔2015〕12号）执行"
    f = check_citations([para(text)], "a.docx", REGISTRY)
    assert [(x.rule, x.suggestion) for x in f] == [("GW106", "《北仑区生产安全事故应急预案》")]
    # titles of one pattern for another place are different documents: no suggestion
    text = "依据《浙江省突发公共事件总体应急预案》"
    f = check_citations([para(text)], "a.docx", REGISTRY)
    assert [(x.rule, x.suggestion) for x in f] == [("GW106", None)]


def test_worksheet_cells_are_not_read_across():
    from gongwen.check import check_texts

    found = check_texts(
        [("依据文件!A2", "依据《国务院"), ("依据文件!A3", "关于进一步加强安全生产工作的决定》")]
    )
    assert sorted(f.rule for f in found) == ["GW110", "GW110"]
