"""The README's pictures of ``gongwen serve``: the browser tests, saving their screenshots in docs/.

    python scripts/screenshots.py

Runs tests/test_web_browser.py (Debian's chromium, LibreOffice) with GONGWEN_SCREENSHOTS
pointing at docs/, so the pictures show exactly the pages the tests check.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    env = {**os.environ, "GONGWEN_SCREENSHOTS": str(DOCS)}
    command = [sys.executable, "-m", "pytest", "-q", "tests/test_web_browser.py"]
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    from PIL import Image

    for picture in sorted(DOCS.glob("serve-*.png")):
        # 256 colours are plenty for pages of text and keep the repository small
        Image.open(picture).convert("RGB").quantize(256).save(picture, optimize=True)
        print(picture.relative_to(ROOT))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
