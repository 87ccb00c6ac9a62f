"""Drive ``gongwen serve`` in a real browser: the server in a thread, Debian's chromium.

Used by the browser tests and by ``scripts/screenshots.py`` (the README's pictures), so both
walk the same pages the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 900)
WAIT = 120  # seconds a page may take (PDFs of a whole campaign)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(token: str, root: Path) -> Iterator[str]:
    """``gongwen serve``'s app under uvicorn in a thread on a free port; yields its base URL."""
    import uvicorn

    from gongwen.web.app import create_app
    from gongwen.web.jobs import Jobs

    port = free_port()
    app = create_app(token, jobs=Jobs(root))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def find_chromium() -> tuple[str, str] | None:
    browser = next((p for p in CHROMIUM if os.access(p, os.X_OK)), None)
    driver = CHROMEDRIVER if os.access(CHROMEDRIVER, os.X_OK) else shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def chrome(downloads: Path, performance_log: bool = False):
    """A headless Chromium that saves downloads in ``downloads`` without asking; with
    ``performance_log`` its network events (status codes) can be read back."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = find_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def wait_for(driver, css: str, timeout: float = WAIT):
    """The first element matching ``css`` once it is on the page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def wait_for_images(driver, timeout: float = WAIT) -> int:
    """Wait until every preview image on the page has loaded; return how many there are."""
    deadline = time.monotonic() + timeout
    script = (
        "var imgs=[...document.querySelectorAll('img.preview')];"
        "imgs.forEach(i=>i.loading='eager');"
        "return [imgs.length, imgs.filter(i=>i.complete&&i.naturalWidth>0).length];"
    )
    while time.monotonic() < deadline:
        total, loaded = driver.execute_script(script)
        if total and loaded == total:
            return total
        time.sleep(0.3)
    raise AssertionError("preview images did not load")


def downloaded(folder: Path, suffix: str, timeout: float = WAIT) -> Path:
    """The file ending in ``suffix`` the browser saved in ``folder``, once it is complete."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        partial = [p for p in folder.iterdir() if p.suffix == ".crdownload"]
        if done and not partial:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}")


def full_page_screenshot(driver, path: Path) -> None:
    """A screenshot of the whole page, not just the window."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WINDOW[0], min(max(WINDOW[1], height), 4000))
    time.sleep(0.2)
    driver.save_screenshot(str(path))
    driver.set_window_size(*WINDOW)
