"""Documents converted while the package is still being made (gongwen.packaging.pdf_stream):
with LibreOffice kept running, each document is converted as soon as it is handed over;
without it, all in one batch when the PDFs are asked for. A failure names the documents."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfWriter

from gongwen.errors import RenderError
from gongwen.packaging import pdf, pdf_service
from gongwen.packaging.pdf_stream import PdfStream


def one_page_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FakeService:
    """Stands for the running LibreOffice: records what it converts, in order."""

    def __init__(self, refuse: str = "") -> None:
        self.converted: list[bytes] = []
        self.started = threading.Event()
        self.refuse = refuse

    def convert(self, source: Path, target: Path) -> None:
        self.started.set()
        self.converted.append(source.read_bytes())
        if self.refuse and self.refuse in source.name:
            raise RenderError("LibreOffice 无法转换")
        target.write_bytes(one_page_pdf())


@pytest.fixture
def service(monkeypatch) -> FakeService:
    fake = FakeService()
    monkeypatch.setattr(pdf_service, "running", lambda: fake)
    return fake


def test_with_the_service_a_document_is_converted_as_soon_as_it_is_handed_over(service, tmp_path):
    with PdfStream(tmp_path / "pdf") as stream:
        stream.add("a", "工作计划.docx", b"plan")
        # the first document is converted while the caller goes on (here: waits for it)
        assert service.started.wait(10), "nothing was converted before the PDFs were asked for"
        stream.add("b", "实施方案.docx", b"scheme")
        made = stream.pdfs()
    assert service.converted == [b"plan", b"scheme"]
    assert set(made) == {"a", "b"}
    assert all(pdf.pdf_page_count(p) == 1 for p in made.values())


def test_documents_of_the_same_name_in_two_folders_do_not_clash(service, tmp_path):
    with PdfStream(tmp_path / "pdf") as stream:
        stream.add("村社区档案/素心村.docx", "素心村.docx", b"one")
        stream.add("其他/素心村.docx", "素心村.docx", b"two")
        made = stream.pdfs()
    assert made["村社区档案/素心村.docx"] != made["其他/素心村.docx"]
    assert service.converted == [b"one", b"two"]


def test_a_failed_conversion_names_the_document_as_the_package_does(monkeypatch, tmp_path):
    fake = FakeService(refuse="实施方案")
    monkeypatch.setattr(pdf_service, "running", lambda: fake)
    with PdfStream(tmp_path / "pdf") as stream:
        stream.add("a", "工作计划.docx", b"plan")
        stream.add("b", "实施方案.docx", b"scheme")
        stream.name("b", "03-实施方案.docx")
        with pytest.raises(RenderError) as raised:
            stream.pdfs()
    assert "1 个文档未能转换为 PDF" in raised.value.message
    assert "03-实施方案.docx：LibreOffice 无法转换" in raised.value.message
    assert "0001-" not in raised.value.message  # not the stream's own copy


def test_an_unforeseen_error_in_a_conversion_fails_that_document_and_not_the_wait(
    monkeypatch, tmp_path
):
    fake = FakeService()
    real = fake.convert

    def broken(source, target):
        if "实施方案" in source.name:
            raise ValueError("坏的文档")
        real(source, target)

    fake.convert = broken
    monkeypatch.setattr(pdf_service, "running", lambda: fake)
    with PdfStream(tmp_path / "pdf") as stream:
        stream.add("a", "实施方案.docx", b"scheme")
        stream.add("b", "工作计划.docx", b"plan")
        with pytest.raises(RenderError) as raised:
            stream.pdfs()  # returns: the thread went on to the next document
    assert "实施方案.docx：转换时出错（坏的文档）" in raised.value.message
    assert fake.converted == [b"plan"]


def test_progress_counts_towards_what_the_caller_expects(service, tmp_path):
    calls = []
    with PdfStream(tmp_path / "pdf", progress=lambda d, t: calls.append((d, t))) as stream:
        stream.expected = 3
        stream.add("a", "a.docx", b"a")
        stream.add("b", "b.docx", b"b")
        stream.pdfs()
        stream.add("c", "c.docx", b"c")
        stream.pdfs()
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_closing_drops_what_is_still_queued(monkeypatch, tmp_path):
    release, under_way = threading.Event(), threading.Event()
    fake = FakeService()
    real = fake.convert

    def slow(source, target):
        under_way.set()
        release.wait(10)
        real(source, target)

    fake.convert = slow
    monkeypatch.setattr(pdf_service, "running", lambda: fake)
    stream = PdfStream(tmp_path / "pdf")
    for n in range(5):
        stream.add(str(n), f"{n}.docx", str(n).encode())
    assert under_way.wait(10)
    threading.Timer(0.2, release.set).start()  # the conversion under way ends meanwhile
    stream.close()  # an error or Ctrl-C in the caller: waits for it, drops the rest
    assert fake.converted == [b"0"]  # the one under way finished; the rest never started


def test_without_the_service_all_go_in_one_batch_when_asked_for(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_service, "running", lambda: None)
    batches = []

    def batch(paths, outdir, **kwargs):
        batches.append([Path(p).read_bytes() for p in paths])
        out = {}
        for p in paths:
            out[Path(p)] = Path(outdir) / f"{Path(p).stem}.pdf"
            out[Path(p)].write_bytes(one_page_pdf())
        return out

    monkeypatch.setattr(pdf, "convert_to_pdf", batch)
    with PdfStream(tmp_path / "pdf") as stream:
        stream.add("a", "a.docx", b"a")
        stream.add("b", "b.docx", b"b")
        assert batches == []  # nothing converted yet: one soffice start for all
        assert set(stream.pdfs()) == {"a", "b"}
    assert batches == [[b"a", b"b"]]


def test_with_the_users_fonts_the_running_service_is_not_used(service, monkeypatch, tmp_path):
    seen = {}

    def batch(paths, outdir, **kwargs):
        seen.update(kwargs)
        raise RenderError("以下文档不存在，无法转换为 PDF：\n  - " + str(paths[0]))

    monkeypatch.setattr(pdf, "convert_to_pdf", batch)
    with PdfStream(tmp_path / "pdf", fonts_dir=tmp_path) as stream:
        stream.add("a", "工作计划.docx", b"plan")
        stream.name("a", "02-工作计划.docx")
        with pytest.raises(RenderError) as raised:
            stream.pdfs()
    assert service.converted == []
    assert seen["fonts_dir"] == tmp_path
    assert raised.value.message.endswith("  - 02-工作计划.docx")


def test_the_package_counts_its_pdfs_against_all_it_will_convert(service, monkeypatch, tmp_path):
    """From the first PDF on, progress counts towards every document, the letter and the
    list: a bar never starts at a total of one."""
    from gongwen.packaging import closing_page, soffice
    from gongwen.packaging.package import make_package

    monkeypatch.setattr(closing_page, "_LAID_OUT", {})  # the notice laid out afresh
    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(soffice, "find_soffice", lambda: "soffice")
    calls = []
    result = make_package(None, tmp_path / "out", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(n, 16) for n in range(1, 17)]
    pdfs = sorted(p.name for p in result.folder.rglob("*.pdf"))
    assert len(pdfs) == 16 and "01-材料清单.pdf" in pdfs and "00-报送函.pdf" in pdfs
    # the documents' bytes as packaged went to LibreOffice (and 2 layouts of the notice)
    assert len(service.converted) == 18
    assert (result.folder / "02-工作计划.docx").read_bytes() in service.converted
