"""Page images of the documents a workbook makes: build, convert to PDF, render each page.

    python scripts/preview.py [工作簿] [-o 文件夹] [--only 种类]… [-r 分辨率]

Builds the workbook (the shipped example by default) in memory, converts each .docx of the
chosen kinds (all but the village archives by default) to PDF with LibreOffice, the way
``gongwen package`` does, and renders every page with pdftoppm into
``文件夹/<文件名>-<页>.png`` (default ``outputs/preview``, 60 dpi), for looking at a change.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import gongwen
from gongwen.packaging.pdf import convert_to_pdf

DEFAULT_KINDS = ("工作计划", "实施方案", "领导小组通知", "阶段总结", "评定申报表")


def preview(
    workbook: str | None, outdir: Path, kinds: tuple[str, ...], resolution: int
) -> list[Path]:
    """The page images written, in document order."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("需要 pdftoppm（poppler-utils）：sudo apt-get install poppler-utils")
    result = gongwen.build(workbook, only=kinds)
    outdir.mkdir(parents=True, exist_ok=True)
    images: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="gongwen-preview-") as work:
        docs = []
        for d in result.documents:
            if d.relpath.endswith(".docx") and "/" not in d.relpath:
                path = Path(work) / d.relpath
                path.write_bytes(d.data)
                docs.append(path)
        pdfs = convert_to_pdf(docs, Path(work) / "pdf")
        for doc in docs:
            pdf = pdfs[doc.resolve()]  # convert_to_pdf keys its PDFs by resolved path
            for old in outdir.glob(f"{doc.stem}-*.png"):
                old.unlink()
            prefix = outdir / doc.stem
            subprocess.run(
                ["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(prefix)], check=True
            )
            images += sorted(outdir.glob(f"{doc.stem}-*.png"))
    return images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成各公文的页面图像（PDF→PNG），便于查看排版")
    parser.add_argument("workbook", nargs="?", help="工作簿（默认随附示例）")
    parser.add_argument("-o", "--out", default="outputs/preview", help="图像文件夹")
    parser.add_argument("--only", action="append", default=[], help="公文种类，可重复")
    parser.add_argument("-r", "--resolution", type=int, default=60, help="分辨率（dpi）")
    args = parser.parse_args(argv)
    kinds = tuple(args.only) or DEFAULT_KINDS
    for image in preview(args.workbook, Path(args.out), kinds, args.resolution):
        print(image)
    return 0


if __name__ == "__main__":
    sys.exit(main())
