"""gongwen serve in a real browser (Debian's chromium through Selenium), with LibreOffice kept
running: the example's documents and previews, the package and its verification, a broken
workbook and its annotated copy, a checked .docx, and requests refused without the token or
from another site. Screenshots go to GONGWEN_SCREENSHOTS (scripts/screenshots.py: docs/)
or a temporary folder."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

import layout
import web_browser as wb
from gongwen import read_workbook
from gongwen.packaging.manifest import verify
from gongwen.packaging.package import package_name
from gongwen.web import service
from gongwen.web.annotate import ERROR_FILL

pytestmark = [pytest.mark.libreoffice, pytest.mark.browser]
TOKEN = "browser-test-token-0123456789abcdefghijklmnop"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("GONGWEN_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def pdf_service():
    from gongwen.packaging.pdf_service import PdfService

    layout.require_soffice()
    with PdfService.start() as service:
        yield service


@pytest.fixture(scope="module")
def site(tmp_path_factory, pdf_service):
    with wb.running_server(TOKEN, tmp_path_factory.mktemp("jobs")) as base:
        yield base


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    if wb.find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver are required in CI")
        pytest.skip("chromium or chromedriver is not installed")
    driver = wb.chrome(downloads)
    yield driver
    driver.quit()


def clear(folder: Path) -> None:
    for p in folder.iterdir():
        p.unlink()


def test_example_workbook_gives_documents_previews_and_a_verified_package(
    browser, site, shots, downloads
):
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/?token={TOKEN}")
    assert "token" not in browser.current_url  # the token moved into a cookie
    assert "用示例工作簿试一试" in browser.page_source
    browser.find_element(By.ID, "workbook").send_keys(str(service.example_workbook()))
    assert "静观镇安全社区创建.xlsx" in browser.find_element(By.CSS_SELECTOR, ".chosen").text
    wb.full_page_screenshot(browser, shots / "serve-1-start.png")
    browser.find_element(By.ID, "upload").click()
    with contextlib.suppress(Exception):
        wb.wait_for(browser, "#progress", timeout=5)
        browser.save_screenshot(str(shots / "serve-progress.png"))
    wb.wait_for(browser, "section.document")
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "section.document h2")]
    assert any(t.startswith("静观镇创建安全社区工作计划") for t in titles)
    assert any(t.startswith("静观镇人民政府关于成立创建安全社区工作领导小组的通知") for t in titles)
    assert any(t.startswith("村社区档案") for t in titles)
    images = wb.wait_for_images(browser)
    assert images >= 10
    first = browser.find_element(By.CSS_SELECTOR, "img.preview")
    # an A4 page (595.3 × 841.9 points) at one pixel a point
    assert browser.execute_script("return arguments[0].naturalWidth", first) in (595, 596)
    assert browser.execute_script("return arguments[0].naturalHeight", first) in (841, 842)
    wb.full_page_screenshot(browser, shots / "serve-3-documents.png")

    clear(downloads)
    browser.find_element(By.ID, "villages").click()
    villages = wb.downloaded(downloads, ".zip")
    assert villages.name == "静观镇村社区档案.zip"
    with zipfile.ZipFile(villages) as z:
        names = z.namelist()
    assert "村社区档案/村社区汇总表.xlsx" in names and "村社区档案/静观场社区.docx" in names
    assert len([n for n in names if n.endswith(".docx")]) == 8

    clear(downloads)
    browser.find_element(By.ID, "package").click()
    expected = package_name(read_workbook(service.example_workbook())) + ".zip"
    verdict = wb.wait_for(browser, "#verify")
    assert f"校验通过：{expected}" in verdict.text and "manifest.json" in verdict.text
    assert "/tmp" not in verdict.text
    wb.full_page_screenshot(browser, shots / "serve-3-package.png")
    browser.find_element(By.ID, "package-zip").click()
    package = wb.downloaded(downloads, ".zip")
    assert package.name == expected
    result = verify(package)
    assert result.ok and result.checked > 30


def test_broken_workbook_lists_its_cells_and_gives_the_annotated_workbook(
    browser, site, shots, downloads, make_workbook, example_data
):
    from selenium.webdriver.common.by import By

    example_data["村社区"][2]["户数"] = "约三百"
    example_data["领导小组"][0]["小组职务"] = "组员"
    broken = make_workbook(example_data, "静观镇（待改）.xlsx")
    browser.get(f"{site}/?token={TOKEN}")
    browser.find_element(By.ID, "workbook").send_keys(str(broken))
    assert "静观镇（待改）.xlsx" in browser.find_element(By.CSS_SELECTOR, ".chosen").text
    browser.find_element(By.ID, "upload").click()
    wb.wait_for(browser, "table.problems")
    headings = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "section.sheet h2")]
    assert any(h.startswith("工作表「村社区」") for h in headings)
    assert any(h.startswith("工作表「领导小组」") for h in headings)
    cells = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "td.where")]
    assert "村社区!C4" in cells
    wb.full_page_screenshot(browser, shots / "serve-2-problems.png")

    clear(downloads)
    browser.find_element(By.ID, "annotated").click()
    annotated = wb.downloaded(downloads, ".xlsx")
    assert annotated.name == "静观镇（待改）（已标注问题）.xlsx"
    book = load_workbook(annotated)
    cell = book["村社区"]["C4"]
    assert cell.value == "约三百"
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL)
    assert "村社区!C4" in cell.comment.text and "「户数」应为" in cell.comment.text


def test_checking_a_docx_lists_findings_by_paragraph_and_gives_the_fixed_copy(
    browser, site, shots, downloads, tmp_path
):
    from selenium.webdriver.common.by import By

    document = docx.Document()
    document.add_paragraph("关于开展安全社区创建工作的通知")
    document.add_paragraph(
        "根据《重庆市人民政府关于加强安全生产基层基础突破年工作的实施意见》（渝府发[2023]2号），"
        "现就有关事项通知如下。"
    )
    document.add_paragraph("1、各村（社区）于20xx年3月底前完成隐患排查。")
    source = tmp_path / "来文.docx"
    document.save(source)
    browser.get(f"{site}/check?token={TOKEN}")
    wb.full_page_screenshot(browser, shots / "serve-4-check-form.png")
    browser.find_element(By.ID, "document").send_keys(str(source))
    browser.find_element(By.ID, "check").click()
    wb.wait_for(browser, "table.findings")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
    by_text = {r.find_element(By.CSS_SELECTOR, "td.text").text: r.text for r in rows}
    citation = next(v for k, v in by_text.items() if "渝府发[2023]2号" in k)
    assert "GW101" in citation
    placeholder = next(v for k, v in by_text.items() if "20xx" in k)
    assert "GW103" in placeholder and "GW202" in placeholder
    wb.full_page_screenshot(browser, shots / "serve-4-check.png")

    clear(downloads)
    browser.find_element(By.ID, "fixed").click()
    fixed = wb.downloaded(downloads, ".docx")
    text = [p.text for p in docx.Document(fixed).paragraphs]
    assert "（渝府发〔2023〕2号）" in text[1] and text[2].startswith("1.各村")


def responses(driver, url: str) -> list[int]:
    """Status codes of the responses the browser received for ``url``."""
    codes = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived":
            response = message["params"]["response"]
            if response["url"] == url:
                codes.append(response["status"])
    return codes


def foreign_site(target: str):
    """Another local web site whose page posts a form to gongwen (as an attacker's would)."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def attack(request):
        return HTMLResponse(
            f'<form id="f" method="post" action="{target}/build">'
            '<input name="example" value="1"></form>'
            "<script>document.getElementById('f').submit()</script>"
        )

    port = wb.free_port()
    server = uvicorn.Server(
        uvicorn.Config(Starlette(routes=[Route("/", attack)]), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/"


def test_without_the_token_or_from_another_site_requests_are_refused(
    site, downloads, shots, tmp_path
):
    from gongwen.web.security import TOKEN_COOKIE

    if wb.find_chromium() is None:
        pytest.skip("chromium or chromedriver is not installed")
    driver = wb.chrome(downloads, performance_log=True)
    try:
        driver.get(f"{site}/")
        assert "缺少访问令牌" in driver.page_source
        assert responses(driver, f"{site}/") == [403]
        wb.full_page_screenshot(driver, shots / "serve-refused.png")

        driver.get(f"{site}/?token={TOKEN}")
        assert driver.get_cookie(TOKEN_COOKIE)["httpOnly"] is True
        assert driver.get_cookie(TOKEN_COOKIE)["sameSite"] == "Strict"
        driver.get_log("performance")  # forget what came before
        server, page = foreign_site(site)
        try:
            driver.get(page)
            wb.wait_for(driver, "h1")
            assert "拒绝访问" in driver.page_source
            assert f"{site}/build" in driver.current_url
            assert responses(driver, f"{site}/build") == [403]
        finally:
            server.should_exit = True
    finally:
        driver.quit()


DROP = """
const [base64, name, target] = arguments;
const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
const data = new DataTransfer();
data.items.add(new File([bytes], name));
const zone = document.querySelector(target);
zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
const over = zone.classList.contains("over");
zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
return over;
"""


def test_a_workbook_dropped_on_the_page_is_uploaded(browser, site, make_workbook, example_data):
    import base64

    from selenium.webdriver.common.by import By

    example_data["工作阶段"][0]["结束日期"] = "2024年2月1日"  # before its start
    dropped = make_workbook(example_data, "拖进来的.xlsx")
    browser.get(f"{site}/?token={TOKEN}")
    data = base64.b64encode(dropped.read_bytes()).decode()
    assert browser.execute_script(DROP, data, "拖进来的.xlsx", "#drop") is True  # highlighted
    assert browser.find_element(By.CSS_SELECTOR, "#drop .chosen").text == "已选择：拖进来的.xlsx"
    browser.find_element(By.ID, "upload").click()
    wb.wait_for(browser, "table.problems")
    assert "拖进来的.xlsx" in browser.find_element(By.CSS_SELECTOR, "p.lead").text
    rows = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.problems tbody tr")]
    assert len(rows) == 1 and rows[0].startswith("工作阶段!")
    assert "「启动阶段」的结束日期 2024年2月1日 早于开始日期" in rows[0]
