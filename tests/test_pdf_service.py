"""LibreOffice kept running (unoserver): found by every gongwen process through its state
file, used by convert_to_pdf and so by gongwen package, and the batch soffice otherwise."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image

import layout
from gongwen.build import build_to
from gongwen.cli import cli
from gongwen.errors import RenderError
from gongwen.packaging import pdf, pdf_service
from gongwen.packaging.manifest import verify
from gongwen.web import service as web_service

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def running_service():
    layout.require_soffice()
    with pdf_service.PdfService.start() as service:
        yield service


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("built")
    result = build_to(None, out, only=["领导小组通知", "实施方案"])
    return [b.path for b in result]


def no_batch(*args, **kwargs):
    raise AssertionError("the batch soffice was started although the service is up")


def text_of(path: Path) -> list[str]:
    with pdfplumber.open(path) as document:
        return [page.extract_text() for page in document.pages]


def test_the_service_converts_the_same_pages_as_the_batch(
    running_service, documents, tmp_path, monkeypatch
):
    client = pdf_service.running()
    assert client is not None and client.port == running_service.port
    state = json.loads(pdf_service.state_file().read_text(encoding="utf-8"))
    assert state["port"] == running_service.port

    batch = pdf.convert_to_pdf(documents, tmp_path / "batch", fonts_dir=tmp_path)  # not service
    monkeypatch.setattr(pdf, "_run_soffice", no_batch)
    calls = []
    served = pdf.convert_to_pdf(
        documents, tmp_path / "served", progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(1, 2), (2, 2)]
    for source in documents:
        assert served[source.resolve()].parent == tmp_path / "served"
        assert text_of(served[source.resolve()]) == text_of(batch[source.resolve()])
    notice = next(p for p in documents if "通知" in p.name)
    assert "静观镇人民政府文件" in text_of(served[notice.resolve()])[0].replace(" ", "")


def test_the_server_is_the_script_that_opens_documents_hidden(running_service):
    command = Path(f"/proc/{running_service.process.pid}/cmdline").read_bytes().split(b"\0")
    assert command[1].decode() == str(pdf_service.SERVER_SCRIPT)
    script = pdf_service.SERVER_SCRIPT.read_text(encoding="utf-8")
    assert 'PropertyValue(Name="Hidden", Value=True)' in script
    assert "converter.UnoConverter.__init__ = open_hidden" in script


def test_gongwen_package_uses_the_running_service(running_service, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "_run_soffice", no_batch)
    result = CliRunner().invoke(cli, ["package", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    package = next(tmp_path.glob("*.zip"))
    checked = verify(package)
    assert checked.ok
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(list(folder.rglob("*.pdf"))) >= 8
    # every document of the package, the letter and the list too, has its PDF beside it
    documents = {p.with_suffix("") for p in folder.rglob("*.docx")}
    assert {p.with_suffix("") for p in folder.rglob("*.pdf")} == documents
    assert len(documents) == 16


def test_a_preview_shows_the_red_masthead_of_the_notice(running_service, documents, tmp_path):
    docs = [
        web_service.Document("领导小组通知", p.stem, p.name, p)
        for p in documents
        if "通知" in p.name
    ]
    web_service.to_pdf(docs, tmp_path)
    assert docs[0].pages >= 2
    image = Image.open(io.BytesIO(web_service.preview_png(docs[0].pdf, 1))).convert("RGB")
    width, height = image.size
    assert (width, height) in {(595, 842), (596, 842)}

    def red(box) -> int:
        crop = image.crop(box)
        pixels = (crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height))
        return sum(1 for r, g, b in pixels if r > 180 and g < 80 and b < 80)

    # the 发文机关标志 and the red rule sit in the top third; nothing red below the middle
    assert red((0, 0, width, height // 3)) > 2000
    assert red((0, height // 2, width, height)) == 0


def test_with_the_users_fonts_the_batch_is_used(running_service, documents, tmp_path, monkeypatch):
    used = []
    real = pdf._run_soffice

    def spy(*args, **kwargs):
        used.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf, "_run_soffice", spy)
    pdf.convert_to_pdf(documents[:1], tmp_path / "out", fonts_dir=tmp_path)
    assert used == [[documents[0].resolve()]]


def test_a_stale_state_file_is_ignored(tmp_path, monkeypatch):
    state = tmp_path / "state.json"
    monkeypatch.setattr(pdf_service, "state_file", lambda: state)
    assert pdf_service.running() is None
    state.write_text(json.dumps({"port": layout_free_port(), "pid": 1}), encoding="utf-8")
    assert pdf_service.running() is None
    state.write_text("not json", encoding="utf-8")
    assert pdf_service.running() is None


def test_a_state_file_others_could_write_is_not_trusted(running_service, tmp_path, monkeypatch):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"port": running_service.port}), encoding="utf-8")
    monkeypatch.setattr(pdf_service, "state_file", lambda: state)
    state.chmod(0o644)
    assert pdf_service.running() is not None
    state.chmod(0o666)
    assert pdf_service.running() is None


def test_libreoffice_does_not_outlive_a_server_that_was_killed(tmp_path, monkeypatch):
    layout.require_soffice()
    monkeypatch.setattr(pdf_service, "state_file", lambda: tmp_path / "state.json")
    service = pdf_service.PdfService.start()
    soffice = service._soffice_pid(wait=10)
    assert soffice is not None and pdf_service._is_ours(soffice, service.work)
    service.process.kill()  # as on Windows: the server ends, its LibreOffice does not
    service.process.wait()
    assert Path(f"/proc/{soffice}").exists()
    service.stop()
    deadline = time.monotonic() + 10
    while living(str(service.work)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert living(str(service.work)) == []  # neither oosplash nor soffice.bin


def living(text: str) -> list[int]:
    """Processes (not zombies) whose command line mentions ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "status").read_text()
        except OSError:
            continue
        if text in cmdline and "zombie" not in state:
            found.append(int(entry.name))
    return found


def layout_free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_after_stop_the_state_file_is_gone_and_the_batch_is_used(documents, tmp_path, monkeypatch):
    layout.require_soffice()
    state = tmp_path / "state.json"
    monkeypatch.setattr(pdf_service, "state_file", lambda: state)
    service = pdf_service.PdfService.start()
    assert json.loads(state.read_text(encoding="utf-8"))["port"] == service.port
    service.stop()
    assert not state.exists() and not service.work.exists()
    assert service.process.poll() is not None
    assert pdf_service.running() is None
    made = pdf.convert_to_pdf(documents[:1], tmp_path / "out")
    assert pdf.pdf_page_count(made[documents[0].resolve()]) >= 1


def test_without_a_uno_python_the_service_says_so(monkeypatch):
    layout.require_soffice()
    monkeypatch.setattr(pdf_service, "uno_python", lambda soffice=None: None)
    with pytest.raises(RenderError) as info:
        pdf_service.PdfService.start()
    assert "python3-uno" in info.value.message


def test_gongwen_package_converts_while_it_is_still_rendering(
    running_service, tmp_path, monkeypatch
):
    """The first document goes to LibreOffice as soon as it is rendered, not after the last."""
    import threading

    from gongwen.packaging import pdf_stream

    events: list[str] = []
    converting = threading.Event()
    real_convert, real_add = pdf_service.ServiceClient.convert, pdf_stream.PdfStream.add

    def convert(self, source, target):
        events.append(f"转换 {source.name}")
        converting.set()
        return real_convert(self, source, target)

    def add(self, key, name, data):
        events.append(f"交付 {name}")
        real_add(self, key, name, data)
        converting.wait(30)  # LibreOffice starts on it while the build goes on

    monkeypatch.setattr(pdf_service.ServiceClient, "convert", convert)
    monkeypatch.setattr(pdf_stream.PdfStream, "add", add)
    monkeypatch.setattr(pdf, "_run_soffice", no_batch)
    result = CliRunner().invoke(cli, ["package", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert events[:2] == [
        "交付 静观镇创建安全社区工作计划.docx",
        "转换 0000-静观镇创建安全社区工作计划.docx",
    ]
    handed = [e for e in events if e.startswith("交付")]
    assert len(handed) == 16 and handed[-1] == "交付 01-材料清单.docx"
    assert verify(next(tmp_path.glob("*.zip"))).ok
