"""Figures in the built documents: placed by template fields, captioned, left out without a
font, drawn only when a template asks, and inside the type area of the PDF."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document

import gongwen
from gongwen import charts
from gongwen.build import shipped_example
from gongwen.charts.embed import EMU_PER_INCH, png_dpi
from gongwen.charts.fonts import FontMissing
from gongwen.render.template_files import shipped_templates

APPLICATION = "静观镇安全社区评定申报表.docx"
FIRST = "静观镇安全社区创建启动阶段工作总结.docx"
SECOND = "静观镇安全社区创建实施阶段工作总结.docx"
MEDIA = "word/media/gongwenFigure_{}.png"


@pytest.fixture(scope="module")
def campaign():
    return gongwen.read_workbook(shipped_example())


@pytest.fixture(scope="module")
def built(campaign):
    return gongwen.build(campaign, only=("评定申报表", "阶段总结")).files


def _paragraphs(data: bytes) -> list[tuple[str, str, bool]]:
    """(style name, text, holds a picture) of each body paragraph."""
    doc = Document(io.BytesIO(data))
    return [(p.style.name, p.text, bool(p._p.xpath(".//w:drawing"))) for p in doc.paragraphs]


def _names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def _read(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def test_the_application_shows_its_figure_with_a_caption(built, campaign):
    data = built[APPLICATION]
    png = _read(data, MEDIA.format("self_evaluation"))
    assert png == charts.self_evaluation_png(campaign)
    assert png_dpi(png) == pytest.approx((300, 300), abs=0.01)
    paragraphs = _paragraphs(data)
    at = next(i for i, (_, _, picture) in enumerate(paragraphs) if picture)
    assert paragraphs[at][0] == "图"
    assert paragraphs[at + 1][:2] == ("表格标题", "图1\u3000各要素自评分与分值")
    assert paragraphs[at + 2][1] == "三、申报意见"
    rels = _read(data, "word/_rels/document.xml.rels").decode()
    assert (
        'Id="gongwenFigure_self_evaluation" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/image" Target="media/gongwenFigure_self_evaluation.png"'
    ) in rels
    assert 'Extension="png" ContentType="image/png"' in _read(data, "[Content_Types].xml").decode()


def test_the_picture_prints_150_mm_wide_at_its_pixels(built):
    xml = _read(built[APPLICATION], "word/document.xml").decode()
    cx, cy = (int(v) for v in re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml).groups())
    mm = 25.4 / EMU_PER_INCH
    assert cx * mm == pytest.approx(150, abs=0.2)  # within the 156 mm type area
    assert cy * mm == pytest.approx(30 + 6.2 * 12, abs=0.2)
    assert 'descr="各要素自评分与分值"' in xml  # the alternative text


def test_a_summary_numbers_its_figures_in_document_order(built):
    first = [(s, t) for s, t, _ in _paragraphs(built[FIRST]) if t.startswith("图")]
    assert first == [
        ("表格标题", "图1\u3000各村（社区）隐患排查整改情况")
    ]  # one phase: no progress
    assert MEDIA.format("hazards") in _names(built[FIRST])
    assert MEDIA.format("progress") not in _names(built[FIRST])
    second = [t for s, t, _ in _paragraphs(built[SECOND]) if t.startswith("图")]
    assert second == [
        "图1\u3000各村（社区）隐患排查整改情况",
        "图2\u3000各阶段累计隐患排查整改情况",
    ]
    assert sum(p for _, _, p in _paragraphs(built[SECOND])) == 2


def test_two_builds_give_identical_documents(built, campaign):
    again = gongwen.build(gongwen.read_workbook(shipped_example()), only=("评定申报表", "阶段总结"))
    assert again.files == built


def test_the_checker_finds_no_error_in_documents_with_figures(built):
    from gongwen.check import check_docx

    for name in (APPLICATION, SECOND):
        assert [f for f in check_docx(built[name], (), name=name) if f.severity == "error"] == []


def test_without_a_cjk_font_the_build_warns_and_leaves_the_figures_out(monkeypatch, campaign):
    def missing(fonts_dir=None):
        raise FontMissing("找不到含中文字形的字体，无法绘制图表，公文中未插入图。")

    monkeypatch.setattr("gongwen.charts.figures.find_cjk_font", missing)
    result = gongwen.build(campaign, only=("评定申报表", "阶段总结"))
    warnings = [f for f in result.findings if f.rule == "GW401"]
    assert [(w.path, w.severity) for w in warnings] == [
        (f"静观镇/{FIRST}", "warning"),
        (f"静观镇/{APPLICATION}", "warning"),
    ]
    assert "找不到含中文字形的字体" in warnings[0].message
    for name, data in result.files.items():
        assert not any(n.startswith("word/media/") for n in _names(data)), name
        texts = [t for _, t, _ in _paragraphs(data)]
        assert not any(t.startswith("图1") for t in texts)
        assert "三、申报意见" in texts or "三、存在问题" in texts  # the rest is there


def test_archives_draw_no_figure_unless_their_template_asks(monkeypatch, campaign, tmp_path):
    drawn: list[str] = []
    real = charts.figures.hazards_png

    def counting(campaign, fonts_dir=None, upto=None):
        drawn.append("hazards")
        return real(campaign, fonts_dir, upto)

    monkeypatch.setattr("gongwen.charts.figures.hazards_png", counting)
    plain = gongwen.build(campaign, only=("村社区档案",))
    assert drawn == []
    assert not any("word/media/" in n for d in plain.files.values() for n in _names(d))

    # a user's own archive template that places the hazards figure
    folder = tmp_path / "templates"
    folder.mkdir()
    doc = Document(str(shipped_templates() / "村社区档案.docx"))
    doc.add_paragraph("{{ figure_hazards }}")
    doc.save(str(folder / "村社区档案.docx"))
    own = gongwen.build(campaign, only=("村社区档案",), templates=folder)
    assert drawn == ["hazards"]  # once for the whole batch
    archives = [d for rel, d in own.files.items() if rel.endswith(".docx")]
    assert len(archives) == len(campaign.villages)
    png = charts.hazards_png(campaign)
    assert all(_read(d, MEDIA.format("hazards")) == png for d in archives)


@pytest.mark.libreoffice
def test_figures_sit_in_the_type_area_of_the_pdf(built, tmp_path):
    import pdfplumber

    from gongwen.packaging.pdf import convert_to_pdf

    paths = []
    for name in (APPLICATION, SECOND):
        path = tmp_path / name
        path.write_bytes(built[name])
        paths.append(path)
    pdfs = convert_to_pdf(paths, tmp_path / "pdf")
    mm = 25.4 / 72
    expected = {APPLICATION: ["图1"], SECOND: ["图1", "图2"]}
    for path in paths:
        found = []
        with pdfplumber.open(pdfs[path.resolve()]) as pdf:
            for page in pdf.pages:
                lines = page.extract_text_lines()
                for image in page.images:
                    x0, x1 = image["x0"] * mm, image["x1"] * mm
                    top, bottom = image["top"] * mm, image["bottom"] * mm
                    assert x0 >= 28 - 0.5 and x1 <= 184 + 0.5, (path.name, x0, x1)
                    assert top >= 37 - 0.5 and bottom <= 262 + 0.5, (path.name, top, bottom)
                    assert x1 - x0 == pytest.approx(150, abs=1)
                    assert (x0 + x1) / 2 == pytest.approx(106, abs=1)  # centred on the type area
                    caption = next(
                        line for line in lines if line["top"] * mm >= bottom - 0.5
                    )  # the first line below the picture
                    assert caption["top"] * mm - bottom < 12
                    found.append(caption["text"].split()[0][:2])
        assert found == expected[path.name], path.name


def test_a_figure_in_a_footer_is_refused_by_name(campaign, tmp_path):
    from gongwen.errors import TemplateRenderError

    folder = tmp_path / "templates"
    folder.mkdir()
    doc = Document(str(shipped_templates() / "评定申报表.docx"))
    doc.sections[0].footer.paragraphs[0].add_run("{{ figure_self_evaluation }}")
    doc.save(str(folder / "评定申报表.docx"))
    with pytest.raises(TemplateRenderError) as error:
        gongwen.build(campaign, only=("评定申报表",), templates=folder)
    assert "页眉或页脚中使用了图字段「figure_self_evaluation」" in error.value.message
    assert "图只能放在正文中" in error.value.message


def test_a_figure_by_its_chinese_name_is_drawn_and_stored_once(campaign, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    doc = Document(str(shipped_templates() / "评定申报表.docx"))
    doc.add_paragraph("{{ 自评图 }}")  # the shipped template prints figure_self_evaluation too
    doc.save(str(folder / "评定申报表.docx"))
    data = gongwen.build(campaign, only=("评定申报表",), templates=folder).files[APPLICATION]
    assert sum(picture for _, _, picture in _paragraphs(data)) == 2
    media = [n for n in _names(data) if n.startswith("word/media/")]
    assert media == [MEDIA.format("self_evaluation")]
    rels = _read(data, "word/_rels/document.xml.rels").decode()
    assert rels.count('Id="gongwenFigure_self_evaluation"') == 1
    xml = _read(data, "word/document.xml").decode()
    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(ids) == 2 and len(set(ids)) == 2  # one picture id each
