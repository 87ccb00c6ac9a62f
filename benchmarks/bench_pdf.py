"""PDF speed: ``gongwen package`` against one plain soffice batch, and a page preview.

    python benchmarks/bench_pdf.py [--rounds N]

In one run, N rounds of, side by side:
- ``gongwen package`` (the command, as a user runs it) with LibreOffice kept running
  (gongwen.pdf_service, started once before the rounds, as ``gongwen serve`` does);
- the same command with no service (the batch soffice fallback: two soffice processes with
  fresh profiles per conversion round);
- one plain ``soffice --headless --convert-to pdf`` over the same .docx files (those of the
  package), with a fresh profile, as a user would run it by hand.
Then, with the service up, the preview of a 6-page document (the 实施方案): its PDF through
the service and every page rendered to PNG, as ``gongwen serve`` shows it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gongwen.build import build_to
from gongwen.packaging.pdf import pdf_page_count
from gongwen.packaging.pdf_service import PdfService, running
from gongwen.packaging.soffice import environment, find_soffice
from gongwen.web import service as web_service

GONGWEN = [sys.executable, "-m", "gongwen"]


def timed(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def package_once(out: Path) -> tuple[float, list[Path]]:
    seconds = timed([*GONGWEN, "package", "-o", str(out)])
    folder = next(p for p in out.iterdir() if p.is_dir())
    return seconds, sorted(folder.rglob("*.docx"))


def plain_batch(docs: list[Path], work: Path) -> float:
    """One soffice call over every document, fresh profile, fonts as gongwen sets them."""
    soffice = find_soffice()
    env = environment(work, None)
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work / "pdf"),
        *map(str, docs),
    ]
    seconds = timed(command, env)
    made = list((work / "pdf").glob("*.pdf"))
    assert len(made) == len(docs), "soffice did not convert every document"
    return seconds


def preview(scheme: Path, work: Path) -> tuple[float, int]:
    started = time.perf_counter()
    doc = web_service.Document("实施方案", scheme.stem, scheme.name, scheme)
    web_service.to_pdf([doc], work)
    for page in range(1, doc.pages + 1):
        web_service.preview_png(doc.pdf, page)
    return time.perf_counter() - started, doc.pages


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s（{min(values):.2f}–{max(values):.2f}）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    served: list[float] = []
    fallback: list[float] = []
    plain: list[float] = []
    previews: list[float] = []
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        service = PdfService.start()
        startup = time.perf_counter() - started
        try:
            scheme = next(
                b.path
                for b in build_to(None, root / "built", only=["实施方案"])
                if b.kind == "实施方案"
            )
            for n in range(args.rounds):
                assert running() is not None
                seconds, docs = package_once(root / f"served-{n}")
                served.append(seconds)
                plain.append(plain_batch(docs, root / f"plain-{n}"))
                ratios.append(served[-1] / plain[-1])
                seconds, pages = preview(scheme, root / f"preview-{n}")
                previews.append(seconds)
            count = len(docs)
        finally:
            service.stop()
        for n in range(args.rounds):
            assert running() is None
            fallback.append(package_once(root / f"fallback-{n}")[0])
        pdfs = sum(1 for _ in (root / "served-0").rglob("*.pdf"))
        pages_total = sum(pdf_page_count(p) for p in (root / "served-0").rglob("*.pdf"))

    print(f"{platform.machine()}, {os.cpu_count()} 核, Python {platform.python_version()}")
    print(
        f"材料包：{count} 个 .docx → {pdfs} 个 PDF，共 {pages_total} 页；每项 {args.rounds} 轮（中位数与范围）"
    )
    print(f"LibreOffice 服务启动：{startup:.2f} s（gongwen serve 启动时一次）")
    print(f"一次 soffice --convert-to pdf（同样 {count} 个文件）：{spread(plain)}")
    print(f"gongwen package，LibreOffice 服务已启动：{spread(served)}")
    print(
        f"  与 soffice 的比值：{statistics.median(ratios):.2f}×"
        f"（{min(ratios):.2f}–{max(ratios):.2f}，目标 ≤ 1.3×）"
    )
    print(f"gongwen package，无服务（逐次启动 soffice）：{spread(fallback)}")
    print(f"6 页文档（实施方案，{pages} 页）的预览，服务已启动：{spread(previews)}（目标 < 2 s）")


if __name__ == "__main__":
    main()
