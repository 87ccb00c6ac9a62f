"""Batch speed: docxtpl's naive loop against the compiled path, on 村社区档案 of N villages.

    python benchmarks/bench_batch.py [--rows N] [--sample S] [--memory-rows M]

Makes a workbook of N villages from the example data, then in one run measures documents/s
of: docxtpl's naive loop (load + render(autoescape) + save per row) on S rows; the compiled
path with 1 worker and with the default number; the floor (the same pre-rendered XML zipped
into each file). Every method writes its files to disk. Then ``gongwen build --only
村社区档案`` end to end on the N rows, and the peak memory of reading M rows and rendering and
writing every archive. Checks a sample of the outputs against docxtpl's text.
"""

from __future__ import annotations

import argparse
import copy
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

from gongwen.build import shipped_templates
from gongwen.formatting import finish_document
from gongwen.kinds import kind
from gongwen.kinds.context import campaign_context
from gongwen.output import StagedWrite
from gongwen.render.batch import default_jobs, render_batch
from gongwen.render.environment import jinja_env
from gongwen.render.template import compiled_template
from gongwen.workbook.reader import read_campaign
from gongwen.workbook.writer import write_workbook

KIND = "村社区档案"


def make_workbook(path: Path, rows: int) -> None:
    # the example campaign's facts live beside the scripts, outside the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from example_data import EXAMPLE

    data = copy.deepcopy(EXAMPLE)
    villages = data["村社区"]
    data["村社区"] = [
        {**villages[i % len(villages)], "名称": f"{villages[i % len(villages)]['名称']}{i + 1:05d}"}
        for i in range(rows)
    ]
    # villages' own totals, no per-phase rows: one summary (the last phase's) takes them
    data["村社区阶段数据"] = []
    data["阶段总结"] = data["阶段总结"][-1:]
    for summary in data["阶段总结"]:  # totals follow the villages when left empty
        summary.pop("排查隐患数", None)
        summary.pop("整改数", None)
    write_workbook(path, data)


def tasks_for(workbook: Path) -> list[tuple[Path, dict]]:
    campaign = read_campaign(workbook)
    k = kind(KIND)
    template = shipped_templates() / k.template
    return [(template, doc.context) for doc in k.documents(campaign, campaign_context(campaign))]


def naive(tasks, folder: Path) -> float:
    from docxtpl import DocxTemplate

    start = time.perf_counter()
    for i, (path, context) in enumerate(tasks):
        tpl = DocxTemplate(str(path))
        tpl.render(context, jinja_env=jinja_env(), autoescape=True)
        tpl.save(folder / f"{i:05d}.docx")
    return len(tasks) / (time.perf_counter() - start)


def ours(tasks, folder: Path, jobs: int) -> float:
    """Rendered as a build renders (every value read back) and written as a build writes."""
    start = time.perf_counter()
    names = [f"{i:05d}.docx" for i in range(len(tasks))]
    with StagedWrite(folder, names) as staging:
        documents = render_batch(tasks, finish_document, jobs=jobs, readback=True)
        for name, data in zip(names, documents, strict=True):
            staging.add(name, data)
        staging.commit()
    return len(tasks) / (time.perf_counter() - start)


def floor(tasks, folder: Path) -> float:
    """The same document part, rendered once, zipped with the template's other parts."""
    from gongwen.render.docxzip import pack

    path, context = tasks[0]
    compiled = compiled_template(path)
    xml = compiled._document_xml(context, finish_document)
    at = compiled.document_index
    start = time.perf_counter()
    names = [f"{i:05d}.docx" for i in range(len(tasks))]
    with StagedWrite(folder, names) as staging:
        for name in names:
            members = list(compiled.members)
            members[at] = members[at].with_data(xml)
            staging.add(name, pack(members))
        staging.commit()
    return len(tasks) / (time.perf_counter() - start)


def texts(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        out += [cell.text for row in table.rows for cell in row.cells]
    return out


def fresh(root: Path, name: str) -> Path:
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


MEMORY_SCRIPT = """
import resource, sys, tempfile
from pathlib import Path
from gongwen.build import build_to
out = Path(tempfile.mkdtemp(dir={out!r}))
result = build_to(Path({workbook!r}), out, only=[{kind!r}])
print(len(result), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=200, help="rows for the naive loop")
    parser.add_argument("--memory-rows", type=int, default=20000, help="0: skip")
    parser.add_argument(
        "--out",
        default="/dev/shm" if Path("/dev/shm").is_dir() else None,
        help="where every method writes its files (default: /dev/shm, memory-backed, so the "
        "figures measure the work of each method rather than the disk; name a folder on a "
        "disk to measure with it)",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gongwen-bench-", dir=args.out))
    try:
        run(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(args, root: Path) -> None:
    workbook = root / "villages.xlsx"
    make_workbook(workbook, args.rows)
    tasks = tasks_for(workbook)
    jobs = default_jobs()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {len(tasks)} 份{KIND}; files written to {root}")  # fmt: skip
    compiled_template(tasks[0][0])  # prepared once, as a build does before its batch

    sample = tasks[: args.sample]
    rate_naive = naive(sample, fresh(root, "naive"))
    rate_one = ours(tasks, fresh(root, "one"), 1)
    rate_many = ours(tasks, fresh(root, "many"), jobs)
    rate_floor = floor(tasks, fresh(root, "floor"))
    print(f"naive docxtpl ({len(sample)} rows)  {rate_naive:8.0f} documents/s")
    print(
        f"ours, 1 worker              {rate_one:8.0f} documents/s  {rate_one / rate_naive:5.1f}x naive"
    )
    print(f"ours, {jobs} workers             {rate_many:8.0f} documents/s  "
          f"{rate_many / rate_one:5.2f}x 1 worker")  # fmt: skip
    print(f"floor (pre-rendered XML)    {rate_floor:8.0f} documents/s  "
          f"ours at 1 worker is {rate_floor / rate_one:4.2f}x below it")  # fmt: skip

    checked = 0
    for i in range(0, len(sample), max(1, len(sample) // 20)):
        mine = (root / "one" / f"{i:05d}.docx").read_bytes()
        theirs = (root / "naive" / f"{i:05d}.docx").read_bytes()
        assert texts(mine) == texts(theirs), f"row {i + 1} differs from docxtpl"
        assert mine == (root / "many" / f"{i:05d}.docx").read_bytes()
        checked += 1
    print(f"checked {checked} documents: same text as docxtpl, same bytes with {jobs} workers")

    out = root / "build"
    gongwen = [sys.executable, "-m", "gongwen", "build", str(workbook), "-o", str(out)]
    start = time.perf_counter()
    done = subprocess.run([*gongwen, "--only", KIND], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        print(f"gongwen build failed:\n{done.stderr[-2000:]}")
    naive_seconds = len(tasks) / rate_naive
    print(f"gongwen build --only {KIND}, {len(tasks)} rows: {seconds:.2f} s, "
          f"{100 * seconds / naive_seconds:.1f}% of the naive loop's {naive_seconds:.0f} s")  # fmt: skip

    if args.memory_rows:
        big = root / "memory.xlsx"
        make_workbook(big, args.memory_rows)
        script = MEMORY_SCRIPT.format(out=str(root), workbook=str(big), kind=KIND)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        if done.returncode:
            print(f"memory run failed:\n{done.stderr[-2000:]}")
        else:
            files, parent, worker = map(int, done.stdout.split())
            print(f"peak memory, gongwen build --only {KIND} of {args.memory_rows} rows "
                  f"({files} files): {parent / 1024:.0f} MB in the main process, "
                  f"{worker / 1024:.0f} MB in the largest worker")  # fmt: skip


if __name__ == "__main__":
    main()
