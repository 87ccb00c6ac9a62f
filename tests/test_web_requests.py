"""gongwen serve, request by request (Starlette's TestClient): token, Host/Origin, uploads,
sessions, the problems page and annotated workbook, the check page, error pages."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from starlette.testclient import TestClient

from gongwen.cli import cli
from gongwen.web import app as web_app
from gongwen.web.annotate import ERROR_FILL, comment_size
from gongwen.web.app import create_app
from gongwen.web.jobs import UNEXPECTED, Jobs
from gongwen.web.security import SESSION_COOKIE, TOKEN_COOKIE

TOKEN = "test-token-0123456789abcdefghijklmnopqrstuv"
BASE = "http://127.0.0.1:8765"
ORIGIN = {"origin": BASE}


@pytest.fixture
def jobs(tmp_path) -> Jobs:
    return Jobs(tmp_path / "jobs")


def client_for(jobs: Jobs, **kwargs) -> TestClient:
    app = create_app(TOKEN, jobs=jobs, **kwargs)
    return TestClient(app, base_url=BASE, follow_redirects=False)


def signed_in(jobs: Jobs, **kwargs) -> TestClient:
    client = client_for(jobs, **kwargs)
    response = client.get(f"/?token={TOKEN}")
    assert response.status_code == 303
    return client


def finished(client: TestClient, location: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress = client.get(f"{location}/progress").json()
        if progress["state"] != "running":
            return progress
        time.sleep(0.2)
    raise AssertionError("job did not finish")


def upload_workbook(client: TestClient, path: Path, name: str = "我的工作簿.xlsx") -> str:
    with open(path, "rb") as f:
        response = client.post(
            "/build", files={"workbook": (name, f, "application/octet-stream")}, headers=ORIGIN
        )
    assert response.status_code == 303, response.text
    return response.headers["location"]


def test_no_token_wrong_token_foreign_host_and_foreign_origin_are_refused(jobs):
    client = client_for(jobs)
    response = client.get("/")
    assert response.status_code == 403 and "缺少访问令牌" in response.text
    assert client.get("/?token=wrong").status_code == 403
    assert "访问令牌不正确" in client.get("/?token=wrong").text
    response = client.get(f"/?token={TOKEN}", headers={"host": "evil.example:8765"})
    assert response.status_code == 403 and "主机名不是本机" in response.text

    client = signed_in(jobs)
    assert client.get("/").status_code == 200
    response = client.get("/", headers={"origin": "http://evil.example"})
    assert response.status_code == 403 and "来自其他网页" in response.text
    response = client.post(
        "/build", data={"example": "1"}, headers={"origin": "http://127.0.0.1:9"}
    )
    assert response.status_code == 403
    assert client.get("/static/style.css").status_code == 200
    assert client_for(jobs).get("/static/style.css").status_code == 403


def test_the_token_becomes_an_httponly_strict_cookie_and_leaves_the_url(jobs):
    client = client_for(jobs)
    response = client.get(f"/check?token={TOKEN}&x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/check?x=1"
    cookies = response.headers.get_list("set-cookie")
    token_cookie = next(c for c in cookies if c.startswith(f"{TOKEN_COOKIE}="))
    assert "HttpOnly" in token_cookie and "SameSite=strict" in token_cookie
    assert any(c.startswith(f"{SESSION_COOKIE}=") for c in cookies)
    page = client.get("/check")
    assert page.status_code == 200 and "检查已有公文" in page.text


def test_the_blank_workbook_is_the_init_workbook(jobs, tmp_path):
    client = signed_in(jobs)
    response = client.get("/blank")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    init = CliRunner().invoke(cli, ["init", str(tmp_path / "init.xlsx")])
    assert init.exit_code == 0, init.output
    same = load_workbook(tmp_path / "init.xlsx")
    assert book.sheetnames == same.sheetnames
    assert {"基本信息", "依据文件", "领导小组", "工作阶段", "村社区"} <= set(book.sheetnames)
    assert book["领导小组"]["A1"].comment.text == same["领导小组"]["A1"].comment.text


def test_a_broken_workbook_lists_every_cell_by_sheet_and_annotates_them(
    jobs, make_workbook, example_data
):
    example_data["村社区"][0]["户数"] = "很多"
    example_data["工作阶段"][1]["结束日期"] = "2024年13月1日"
    client = signed_in(jobs)
    location = upload_workbook(client, make_workbook(example_data))
    assert finished(client, location)["state"] == "problems"
    page = client.get(location).text
    assert "工作表「村社区」" in page and "工作表「工作阶段」" in page
    assert "村社区!C2" in page and "「户数」应为" in page and "很多" in page
    assert "工作阶段!C3" in page and "我的工作簿.xlsx" in page
    assert "Traceback" not in page

    response = client.get(f"{location}/annotated")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cell = book["村社区"]["C2"]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL)
    assert "村社区!C2" in cell.comment.text and "「户数」应为" in cell.comment.text
    width, height = comment_size(cell.comment.text)
    assert f"width:{width}px;height:{height}px" in comment_shapes(response.content)
    assert book["工作阶段"]["C3"].fill.fgColor.rgb.endswith(ERROR_FILL)
    assert book["村社区"]["C3"].comment is None  # only the problem cells are marked
    assert book["村社区"]["C3"].value == example_data["村社区"][1]["户数"]


def comment_shapes(xlsx: bytes) -> str:
    """The VML of every comment box in a workbook (where Excel reads their sizes)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))


def test_a_placeholder_found_by_the_build_check_is_a_problem_of_its_cell(
    jobs, make_workbook, example_data
):
    example_data["工作阶段"][1]["主要任务"] = "组织xx村开展隐患排查。"
    client = signed_in(jobs)
    location = upload_workbook(client, make_workbook(example_data))
    assert finished(client, location)["state"] == "problems"
    page = client.get(location).text
    assert "工作阶段!D3 第3字" in page and "GW103" in page
    book = load_workbook(io.BytesIO(client.get(f"{location}/annotated").content))
    assert "GW103" in book["工作阶段"]["D3"].comment.text


def test_comment_boxes_grow_with_their_text():
    assert comment_size("短") < comment_size("长" * 29)
    one_line = comment_size("字" * 30)
    three_lines = comment_size("字" * 90)
    assert three_lines[0] == one_line[0] and three_lines[1] > 2 * one_line[1] - 20


def test_an_upload_is_stored_under_its_own_name_never_the_one_sent(
    jobs, tmp_path, make_workbook, example_data
):
    example_data["村社区"][0]["户数"] = "很多"
    client = signed_in(jobs)
    location = upload_workbook(client, make_workbook(example_data), "../../逃出去.xlsx")
    finished(client, location)
    assert not (tmp_path / "逃出去.xlsx").exists()
    assert not list(tmp_path.rglob("逃出去*"))
    stored = [p.name for p in jobs.root.rglob("*.xlsx")]
    assert stored == ["workbook.xlsx"]
    assert "逃出去.xlsx" in client.get(location).text  # shown, by its name only


def test_uploads_over_the_limit_or_of_the_wrong_type_get_a_clear_message(jobs):
    client = signed_in(jobs, max_upload=64 * 1024)
    big = b"PK" + b"0" * (200 * 1024)
    response = client.post(
        "/build", files={"workbook": ("大.xlsx", big, "application/octet-stream")}, headers=ORIGIN
    )
    assert response.status_code == 413 and "上传的文件太大（上限 64 KB）" in response.text
    response = client.post(
        "/build", files={"workbook": ("名单.csv", b"a,b\n", "text/csv")}, headers=ORIGIN
    )
    assert response.status_code == 400 and "「名单.csv」不是 .xlsx 文件" in response.text
    response = client.post(
        "/build", files={"workbook": ("空.xlsx", b"", "application/octet-stream")}, headers=ORIGIN
    )
    assert response.status_code == 400 and "空文件" in response.text
    assert list(jobs.root.iterdir()) == []  # refused uploads leave nothing behind


def test_a_file_that_is_no_workbook_is_a_problem_without_an_annotated_copy(jobs, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("名称,户数\n", encoding="utf-8")
    client = signed_in(jobs)
    location = upload_workbook(client, fake, "fake.xlsx")
    assert finished(client, location)["state"] == "problems"
    page = client.get(location).text
    assert "CSV" in page or "另存为" in page
    assert client.get(f"{location}/annotated").status_code == 404


def test_another_browser_session_cannot_see_a_job(jobs, make_workbook, example_data):
    example_data["村社区"][0]["户数"] = "很多"
    owner = signed_in(jobs)
    location = upload_workbook(owner, make_workbook(example_data))
    finished(owner, location)
    other = signed_in(jobs)
    assert other.cookies[SESSION_COOKIE] != owner.cookies[SESSION_COOKIE]
    for path in (location, f"{location}/progress", f"{location}/annotated"):
        response = other.get(path)
        assert response.status_code == 404 and "找不到" in response.text
    assert owner.get(f"{location}/annotated").status_code == 200


def test_an_unexpected_error_gives_a_chinese_message_and_no_trace(jobs, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("internal detail /secret/path")

    monkeypatch.setattr(web_app.service, "build", boom)
    client = signed_in(jobs)
    response = client.post("/build", data={"example": "1"}, headers=ORIGIN)
    location = response.headers["location"]
    progress = finished(client, location)
    assert progress == {**progress, "state": "failed", "message": UNEXPECTED}
    page = client.get(location).text
    assert UNEXPECTED in page and "secret" not in page and "Traceback" not in page
    assert "internal detail" in caplog.text  # logged for whoever runs the server


def check_document(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("关于做好安全社区创建工作的通知")
    document.add_paragraph(
        "根据《重庆市人民政府关于加强安全社区建设的意见》（渝府发[2023]2号），结合实际制定本方案。"
    )
    document.add_paragraph("1、组织xx村开展隐患排查。")
    document.save(path)
    return path


def test_check_lists_findings_beside_their_paragraph_and_offers_the_fixed_copy(jobs, tmp_path):
    client = signed_in(jobs)
    source = check_document(tmp_path / "来文.docx")
    with open(source, "rb") as f:
        response = client.post(
            "/check",
            files={"document": ("来文.docx", f, "application/octet-stream")},
            headers=ORIGIN,
        )
    assert response.status_code == 303
    location = response.headers["location"]
    page = client.get(location).text
    assert "「来文.docx」的检查结果" in page
    rows = page.split('<tr class="')[1:]
    citation = next(r for r in rows if "渝府发[2023]2号" in r)
    assert "GW101" in citation and "第2段" in citation
    placeholder = next(r for r in rows if "组织xx村" in r)
    assert "GW103" in placeholder and "GW202" in placeholder and "第3段" in placeholder
    fixed = client.get(f"{location}/fixed.docx")
    assert fixed.status_code == 200
    assert "%EF%BC%88%E5%B7%B2%E4%BF%AE%E6%AD%A3%EF%BC%89" in fixed.headers["content-disposition"]
    text = [p.text for p in docx.Document(io.BytesIO(fixed.content)).paragraphs]
    assert "（渝府发〔2023〕2号）" in text[1]
    assert text[2].startswith("1.组织xx村")  # the placeholder is left for the user


def test_check_with_the_registry_workbook_compares_the_document_numbers(
    jobs, tmp_path, make_workbook, example_data
):
    registry = make_workbook(example_data)
    title = example_data["依据文件"][1]["标题"]
    number = example_data["依据文件"][1]["发文字号"]
    document = docx.Document()
    wrong = number.replace("2号", "5号")
    document.add_paragraph(f"根据《{title}》（{wrong}），制定本方案。")
    document.save(tmp_path / "方案.docx")
    client = signed_in(jobs)
    with open(tmp_path / "方案.docx", "rb") as d, open(registry, "rb") as r:
        response = client.post(
            "/check",
            files={"document": ("方案.docx", d, "x"), "registry": ("campaign.xlsx", r, "x")},
            headers=ORIGIN,
        )
    page = client.get(response.headers["location"]).text
    row = next(r for r in page.split('<tr class="')[1:] if wrong in r)
    assert "GW107" in row and number in row


def test_every_upload_and_result_is_removed_when_the_server_stops(
    jobs, make_workbook, example_data
):
    example_data["村社区"][0]["户数"] = "很多"
    with signed_in(jobs) as client:
        client.get(f"/?token={TOKEN}")
        location = upload_workbook(client, make_workbook(example_data))
        finished(client, location)
        assert any(jobs.root.rglob("workbook.xlsx"))
    assert not jobs.root.exists()


def test_the_checked_uploads_are_removed_once_checked(jobs, tmp_path):
    client = signed_in(jobs)
    source = check_document(tmp_path / "来文.docx")
    with open(source, "rb") as f:
        client.post("/check", files={"document": ("来文.docx", f, "x")}, headers=ORIGIN)
    assert [p.name for p in jobs.root.rglob("*.docx")] == ["document.fixed.docx"]


def test_an_upload_that_does_not_say_its_length_is_refused(jobs):
    client = signed_in(jobs)

    def chunks():
        yield b"--x\r\n"

    response = client.post(
        "/build",
        content=chunks(),
        headers={**ORIGIN, "content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 413 and "上传的文件太大" in response.text


def test_errors_in_a_request_become_a_chinese_page(jobs, monkeypatch):
    from gongwen.errors import OutputError

    def full(folder):
        raise OutputError("无法写入空白工作簿：磁盘已满。")

    monkeypatch.setattr(web_app.service, "blank_workbook", full)
    client = signed_in(jobs)
    response = client.get("/blank")
    assert response.status_code == 400 and "磁盘已满" in response.text

    def broken(folder):
        raise KeyError("internal")

    monkeypatch.setattr(web_app.service, "blank_workbook", broken)
    client = TestClient(create_app(TOKEN, jobs=jobs), base_url=BASE, raise_server_exceptions=False)
    client.get(f"/?token={TOKEN}")
    response = client.get("/blank")
    assert response.status_code == 500 and UNEXPECTED in response.text
    assert "KeyError" not in response.text and "Traceback" not in response.text


def test_old_jobs_and_their_files_expire_but_running_ones_stay(jobs):
    from gongwen.web.jobs import DONE, KEEP_SECONDS

    old = jobs.create("a" * 30, "build")
    busy = jobs.create("a" * 30, "build")
    fresh = jobs.create("a" * 30, "build")
    old.state = DONE
    (old.folder / "workbook.xlsx").write_bytes(b"x")
    now = old.created + KEEP_SECONDS + 1
    busy.created = old.created  # old too, but still running
    fresh.state, fresh.created = DONE, now - 10
    jobs.expire(now)
    assert jobs.get(old.id, "a" * 30) is None and not old.folder.exists()
    assert jobs.get(busy.id, "a" * 30) is busy and busy.folder.exists()
    assert jobs.get(fresh.id, "a" * 30) is fresh
    assert jobs.get(fresh.id, "b" * 30) is None  # another session


def test_the_host_given_to_serve_and_ipv6_localhost_are_accepted(jobs):
    client = TestClient(
        create_app(TOKEN, host="192.168.1.5", jobs=jobs), base_url=BASE, follow_redirects=False
    )
    for host in ("192.168.1.5:8765", "[::1]:8765", "localhost:8765"):
        response = client.get(f"/?token={TOKEN}", headers={"host": host})
        assert response.status_code == 303, host
    assert client.get(f"/?token={TOKEN}", headers={"host": "192.168.1.6:8765"}).status_code == 403


def test_a_damaged_docx_or_registry_gives_a_message_naming_it(jobs, tmp_path):
    client = signed_in(jobs)
    response = client.post(
        "/check", files={"document": ("坏的.docx", b"PK\x03\x04broken", "x")}, headers=ORIGIN
    )
    page = client.get(response.headers["location"]).text
    assert "未能完成" in page and "坏的.docx" in page and "Traceback" not in page

    source = check_document(tmp_path / "来文.docx")
    with open(source, "rb") as f:
        response = client.post(
            "/check",
            files={"document": ("来文.docx", f, "x"), "registry": ("登记表.xlsx", b"a,b\n", "x")},
            headers=ORIGIN,
        )
    page = client.get(response.headers["location"]).text
    assert "未能完成" in page and "另存为" in page
    assert "工作簿 登记表.xlsx 有 1 处问题" in page and str(jobs.root) not in page
    assert not list(jobs.root.rglob("registry.xlsx"))  # removed although the check failed


def test_the_shipped_example_is_built_with_its_documents_listed(jobs):
    from gongwen.web import service

    client = signed_in(jobs)
    response = client.post("/build", data={"example": "1"}, headers=ORIGIN)
    location = response.headers["location"]
    job = jobs.get(location.rsplit("/", 1)[1], client.cookies[SESSION_COOKIE])
    assert job.data["workbook"].read_bytes() == service.example_workbook().read_bytes()
    assert finished(client, location, timeout=300)["state"] == "done"
    page = client.get(location).text
    assert "静观镇的公文已生成" in page and "静观镇创建安全社区工作计划" in page
    docx = client.get(f"{location}/doc/0.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(f"{location}/doc/99.docx").status_code == 404
