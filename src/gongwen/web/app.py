"""The web pages of ``gongwen serve``: a Starlette app whose routes are thin over ``service``."""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from gongwen.errors import CheckFailed, GongwenError, RenderError, WorkbookError
from gongwen.web import service
from gongwen.web.annotate import annotate
from gongwen.web.jobs import DONE, PROBLEMS, RUNNING, UNEXPECTED, Job, Jobs
from gongwen.web.security import (
    MAX_UPLOAD_BYTES,
    Guard,
    UploadError,
    save_upload,
    session_of,
    size_message,
    too_large,
)

log = logging.getLogger("gongwen.web")
HERE = resources.files("gongwen.web")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def create_app(
    token: str,
    host: str = "127.0.0.1",
    jobs: Jobs | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> Starlette:
    """The app; every request needs ``token`` (see ``security.Guard``); an uploaded file may
    have up to ``max_upload`` bytes."""
    limit_mb = max(1, max_upload // (1024 * 1024))
    jobs = jobs or Jobs()
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def page(request: Request, name: str, status: int = 200, **values) -> Response:
        return templates.TemplateResponse(request, name, values, status_code=status)

    def error_page(request: Request, message: str, status: int = 400) -> Response:
        return page(request, "error.html", status, message=message)

    def job_of(request: Request, kind: str | None = None) -> Job:
        job = jobs.get(request.path_params["job"], session_of(request))
        if job is None or (kind and job.kind != kind):
            raise HTTPException(404)
        return job

    async def index(request: Request) -> Response:
        return page(request, "index.html", step=1, limit=limit_mb)

    async def blank(request: Request) -> Response:
        job = jobs.create(session_of(request), "blank")
        data = service.blank_workbook(job.folder).read_bytes()
        jobs.remove(job)
        return _download(data, service.BLANK_WORKBOOK_NAME, XLSX)

    async def start_build(request: Request) -> Response:
        if too_large(request, max_upload):
            return error_page(request, size_message(max_upload), 413)
        form = await request.form()
        job = jobs.create(session_of(request), "build")
        try:
            if form.get("example"):
                source, shown = service.example_workbook(), service.example_workbook().name
                job.data["workbook"] = job.folder / "workbook.xlsx"
                job.data["workbook"].write_bytes(source.read_bytes())
            else:
                job.data["workbook"], shown = await save_upload(
                    form.get("workbook"),
                    job.folder,
                    "workbook.xlsx",
                    ".xlsx",
                    "填好的工作簿",
                    max_upload,
                )
        except UploadError as error:
            jobs.remove(job)
            return error_page(request, error.message, error.status)
        finally:
            await form.close()
        job.data["shown"] = shown
        job.data["names"] = {job.data["workbook"]: shown}
        jobs.run(job, _build)
        return RedirectResponse(f"/job/{job.id}", status_code=303)

    async def show_job(request: Request) -> Response:
        job = job_of(request)
        if job.state == RUNNING:
            return page(request, "progress.html", step=3 if job.kind != "check" else 4, job=job)
        if job.state == PROBLEMS:
            return page(request, "problems.html", step=2, job=job, **_grouped(job))
        if job.state != DONE:
            return page(request, "error.html", 200, message=job.message, job=job)
        name = {"build": "documents.html", "package": "package.html", "check": "checked.html"}
        return page(request, name[job.kind], step=4 if job.kind == "check" else 3, job=job)

    async def progress(request: Request) -> Response:
        return JSONResponse(job_of(request).as_progress())

    async def annotated(request: Request) -> Response:
        job = job_of(request, "build")
        data = job.data.get("annotated")
        if job.state != PROBLEMS or data is None:
            raise HTTPException(404)
        return _download(data, f"{Path(job.data['shown']).stem}（已标注问题）.xlsx", XLSX)

    def document(job: Job, request: Request) -> service.Document:
        built = job.data.get("built")
        n = request.path_params["n"]
        if job.state != DONE or built is None or not 0 <= n < len(built.documents):
            raise HTTPException(404)
        return built.documents[n]

    async def download(request: Request) -> Response:
        job = job_of(request, "build")
        doc = document(job, request)
        if request.path_params["ext"] == "pdf":
            if doc.pdf is None:
                raise HTTPException(404)
            return FileResponse(doc.pdf, filename=f"{doc.title}.pdf", media_type="application/pdf")
        return FileResponse(doc.path, filename=doc.path.name, media_type=DOCX)

    async def preview(request: Request) -> Response:
        job = job_of(request, "build")
        doc = document(job, request)
        page_no = request.path_params["page"]
        if doc.pdf is None or not 1 <= page_no <= doc.pages:
            raise HTTPException(404)
        cached = job.folder / "previews" / f"{request.path_params['n']}-{page_no}.png"
        if not cached.is_file():
            cached.parent.mkdir(exist_ok=True)
            cached.write_bytes(service.preview_png(doc.pdf, page_no))
        return FileResponse(cached, media_type="image/png")

    async def villages(request: Request) -> Response:
        job = job_of(request, "build")
        built = job.data.get("built")
        if job.state != DONE or built is None:
            raise HTTPException(404)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for d in built.documents:
                if d.in_batch:
                    z.write(d.path, d.relpath)
        return _download(out.getvalue(), f"{built.unit}村社区档案.zip", "application/zip")

    async def start_package(request: Request) -> Response:
        parent = job_of(request, "build")
        if parent.state != DONE:
            raise HTTPException(404)
        job = jobs.create(session_of(request), "package")
        job.data["workbook"] = job.folder / "workbook.xlsx"
        job.data["workbook"].write_bytes(parent.data["workbook"].read_bytes())
        job.data["parent"] = parent.id
        job.data["names"] = {job.data["workbook"]: parent.data["shown"]}
        jobs.run(job, _package)
        return RedirectResponse(f"/job/{job.id}", status_code=303)

    async def package_zip(request: Request) -> Response:
        job = job_of(request, "package")
        if job.state != DONE:
            raise HTTPException(404)
        path = job.data["zip"]
        return FileResponse(path, filename=path.name, media_type="application/zip")

    async def check_form(request: Request) -> Response:
        return page(request, "check.html", step=4, limit=limit_mb)

    async def start_check(request: Request) -> Response:
        if too_large(request, 2 * max_upload):
            return error_page(request, size_message(max_upload), 413)
        form = await request.form()
        job = jobs.create(session_of(request), "check")
        try:
            path, shown = await save_upload(
                form.get("document"),
                job.folder,
                "document.docx",
                ".docx",
                "要检查的公文",
                max_upload,
            )
            registry, registry_shown = None, ""
            upload = form.get("registry")
            if getattr(upload, "filename", ""):
                registry, registry_shown = await save_upload(
                    upload, job.folder, "registry.xlsx", ".xlsx", "依据文件工作簿", max_upload
                )
        except UploadError as error:
            jobs.remove(job)
            return error_page(request, error.message, error.status)
        finally:
            await form.close()
        job.data.update(document=path, registry=registry, shown=shown)
        job.data["names"] = {path: shown, registry: registry_shown} if registry else {path: shown}
        jobs.run(job, _check, background=False)
        return RedirectResponse(f"/job/{job.id}", status_code=303)

    async def fixed(request: Request) -> Response:
        job = job_of(request, "check")
        if job.state != DONE:
            raise HTTPException(404)
        name = f"{Path(job.data['shown']).stem}（已修正）.docx"
        return FileResponse(job.data["fixed"], filename=name, media_type=DOCX)

    async def not_found(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 404)
        text = (
            "找不到该页面或文件。文件只在生成它的浏览器中可见，且在数小时后删除；请从首页重新开始。"
        )
        return error_page(request, text, code if code >= 400 else 404)

    async def project_error(request: Request, exc: Exception) -> Response:
        return error_page(request, getattr(exc, "message", str(exc)), 400)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("request %s failed", request.url.path, exc_info=exc)
        return error_page(request, UNEXPECTED, 500)

    routes = [
        Route("/", index),
        Route("/blank", blank),
        Route("/build", start_build, methods=["POST"]),
        Route("/check", check_form),
        Route("/check", start_check, methods=["POST"]),
        Route("/job/{job}", show_job),
        Route("/job/{job}/progress", progress),
        Route("/job/{job}/annotated", annotated),
        Route("/job/{job}/doc/{n:int}.{ext:str}", download),
        Route("/job/{job}/preview/{n:int}/{page:int}.png", preview),
        Route("/job/{job}/villages.zip", villages),
        Route("/job/{job}/package", start_package, methods=["POST"]),
        Route("/job/{job}/package.zip", package_zip),
        Route("/job/{job}/fixed.docx", fixed),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: not_found,
            GongwenError: project_error,
            Exception: unexpected,
        },
        lifespan=_lifespan(jobs),
    )
    app.state.jobs = jobs
    app.add_middleware(Guard, token=token, host=host)
    return app


def _lifespan(jobs: Jobs):
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        jobs.close()  # every upload and result removed at exit

    return lifespan


def _download(data: bytes, filename: str, media_type: str) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename*=utf-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


def _build(job: Job) -> None:
    workbook = job.data["workbook"]
    try:
        built = service.build(
            workbook, job.folder / "out", job.progress("正在检查工作簿、生成公文")
        )
    except (WorkbookError, CheckFailed) as error:
        job.data["problems"] = service.workbook_problems(error, workbook)
        job.data["document_problems"] = (
            service.document_problems(error, workbook) if isinstance(error, CheckFailed) else []
        )
        try:  # nothing to mark when every problem is in the documents
            job.data["annotated"] = (
                annotate(workbook, job.data["problems"]) if job.data["problems"] else None
            )
        except GongwenError:
            job.data["annotated"] = None  # not a workbook openpyxl can open: nothing to mark
        job.state = PROBLEMS
        return
    job.data["built"] = built
    # every document's PDF, but of the village archives (thousands, maybe) only the first,
    # for its preview; the package has them all
    villages = [d for d in built.documents if d.in_batch and d.is_docx]
    shown = [d for d in built.documents if not d.in_batch] + villages[:1]
    try:
        service.to_pdf(shown, job.folder / "pdf", job.progress("正在转换 PDF、生成预览"))
    except RenderError as error:
        job.data["pdf_error"] = error.message


def _package(job: Job) -> None:
    path, text, ok = service.package(
        job.data["workbook"], job.folder / "package", job.progress("正在生成材料包、转换 PDF")
    )
    job.data.update(zip=path, verify=text, verified=ok)


def _check(job: Job) -> None:
    try:
        paragraphs, general, fixable, fixed = service.check_docx(
            job.data["document"], job.data["registry"], job.data["shown"]
        )
    finally:  # the uploads are not needed once checked: only the fixed copy stays
        for upload in (job.data["document"], job.data["registry"]):
            if upload is not None:
                upload.unlink(missing_ok=True)
    job.data.update(paragraphs=paragraphs, general=general, fixable=fixable, fixed=fixed)


def _grouped(job: Job) -> dict:
    """The workbook's problems grouped by sheet, for the problems page."""
    sheets: dict[str, list] = {}
    for p in job.data.get("problems", []):
        sheets.setdefault(p.sheet or "工作簿", []).append(p)
    return {"sheets": sheets}
