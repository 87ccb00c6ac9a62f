"""What keeps a local server local: the token, Host and Origin checks, upload limits.

A web page open in the same browser can send requests to 127.0.0.1, so every request must
carry the random token printed at start: in the URL once (``?token=…``), which answers with
an HttpOnly, SameSite=Strict cookie and a redirect to the same page without the token, and in
that cookie afterwards. The Host header must name this machine (against DNS rebinding) and an
Origin header, when sent, must be this server's own. Each browser session gets a random
session cookie; the pages show a session only its own work.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from gongwen.errors import GongwenError

TOKEN_COOKIE = "gongwen_token"
SESSION_COOKIE = "gongwen_session"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a campaign workbook or a 公文 is well under 1 MB
CHUNK_BYTES = 64 * 1024


class UploadError(GongwenError):
    """Raised when an upload is missing, of the wrong type or too large (HTTP ``status``)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def new_token() -> str:
    return secrets.token_urlsafe(32)


def host_name(header: str) -> str:
    """``127.0.0.1:8765`` → ``127.0.0.1``; ``[::1]:8765`` → ``::1``."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def refused(message: str) -> HTMLResponse:
    body = (
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>拒绝访问</title>'
        f'<body style="font-family:sans-serif;padding:2em"><h1>拒绝访问</h1><p>{message}</p>'
    )
    return HTMLResponse(body, status_code=403)


class Guard:
    """ASGI middleware: token, Host and Origin on every request; the session cookie."""

    def __init__(self, app: ASGIApp, token: str, host: str = "127.0.0.1") -> None:
        self.app = app
        self.token = token
        self.hosts = LOCAL_HOSTS | {host_name(host)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        response = self.screen(request)
        if response is not None:
            await response(scope, receive, send)
            return
        session = request.cookies.get(SESSION_COOKIE, "")
        if len(session) < 20:
            # a first request with the cookie token but no session: give it one and come back
            await self._with_cookies(request.url.path, request, new_session=True)(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})["session"] = session
        await self.app(scope, receive, send)

    def screen(self, request: Request) -> Response | None:
        """A refusal, or a redirect that sets the cookies, or None to go on."""
        host = request.headers.get("host", "")
        if host_name(host) not in self.hosts:
            return refused("请求的主机名不是本机。请用 gongwen serve 打印的地址打开本页。")
        origin = request.headers.get("origin")
        if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
            return refused("请求来自其他网页，已拒绝。请直接在 gongwen serve 打开的页面中操作。")
        given = request.query_params.get("token")
        if given is not None:
            if not secrets.compare_digest(given, self.token):
                return refused("访问令牌不正确。请用 gongwen serve 启动时打印的完整地址打开本页。")
            return self._with_cookies(
                request.url.path,
                request,
                new_session=SESSION_COOKIE not in request.cookies,
            )
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if not secrets.compare_digest(cookie, self.token):
            return refused(
                "缺少访问令牌。请用 gongwen serve 启动时打印的完整地址（含 ?token=…）打开本页。"
            )
        return None

    def _with_cookies(self, path: str, request: Request, new_session: bool) -> Response:
        """Redirect to ``path`` (other query parameters kept) setting the cookies."""
        query = {k: v for k, v in request.query_params.items() if k != "token"}
        target = path + (f"?{urlencode(query)}" if query else "")
        response = RedirectResponse(target, status_code=303)
        cookie = {"httponly": True, "samesite": "strict", "path": "/"}
        response.set_cookie(TOKEN_COOKIE, self.token, **cookie)
        if new_session:
            response.set_cookie(SESSION_COOKIE, secrets.token_urlsafe(24), **cookie)
        return response


def session_of(request: Request) -> str:
    return request.scope["state"]["session"]


def too_large(request: Request, limit: int = MAX_UPLOAD_BYTES) -> bool:
    """Whether the request is larger than ``limit``, or does not say (checked before reading
    it: browsers always send the length of a form)."""
    try:
        return int(request.headers["content-length"]) > limit + CHUNK_BYTES
    except (KeyError, ValueError):
        return True


def size_message(limit: int = MAX_UPLOAD_BYTES) -> str:
    shown = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return (
        f"上传的文件太大（上限 {shown}）。公文和工作簿通常不到 1 MB；"
        "请确认选对了文件，或删去工作簿中的图片后重新上传。"
    )


async def save_upload(
    upload: object,
    folder: Path,
    stored_name: str,
    suffix: str,
    what: str,
    limit: int = MAX_UPLOAD_BYTES,
) -> tuple[Path, str]:
    """Copy an uploaded file into ``folder`` as ``stored_name`` (never the name the browser
    sent); return its path and the sent name, for display only. UploadError when it is
    missing, does not end in ``suffix`` or is over ``limit`` bytes."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise UploadError(f"请选择要上传的{what}（{suffix} 文件）。")
    shown = Path(upload.filename.replace("\\", "/")).name[:120]
    if not shown.lower().endswith(suffix):
        raise UploadError(
            f"「{shown}」不是 {suffix} 文件。请上传{what}（用 Excel 或 WPS 另存为 {suffix}）。"
        )
    target = folder / stored_name
    size = 0
    with open(target, "wb") as out:
        while chunk := await upload.read(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise UploadError(size_message(limit), 413)
            out.write(chunk)
    if size == 0:
        target.unlink(missing_ok=True)
        raise UploadError(f"上传的「{shown}」是空文件。请重新选择{what}。")
    return target, shown


def remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
