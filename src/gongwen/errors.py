"""Everything a user can cause, as one exception hierarchy.

Core code raises these and never prints or exits; ``gongwen.cli`` turns them into a message on
standard error and the exit code the class carries. Messages are written for the user, in
Simplified Chinese, and say what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class GongwenError(Exception):
    """Base of every error the user can cause; carries its exit code."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Errors travel back from worker processes; a subclass's own __init__ arguments are
        # not kept by Exception, so an error is rebuilt from its message and attributes.
        return (_restore, (type(self), self.message, self.__dict__))


def _restore(cls: type[GongwenError], message: str, state: dict) -> GongwenError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, located precisely (``工作阶段!C3``)."""

    where: str
    message: str
    rule: str = ""  # a warning's check rule (GW401 …), for reporting it as a finding

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class WorkbookError(GongwenError):
    """Raised when the workbook cannot be opened or read, or its contents are invalid.

    Collects every problem found so the user can fix them all in one pass.
    """

    def __init__(self, path: str, problems: Iterable[Problem | str], hint: str = "") -> None:
        self.path = str(path)
        self.problems = [p if isinstance(p, Problem) else Problem("", p) for p in problems]
        self.hint = hint
        lines = [f"工作簿 {self.path} 有 {len(self.problems)} 处问题，未生成任何文件："]
        lines += [f"  - {p}" for p in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class TemplateError(GongwenError):
    """Raised when a template is missing, unreadable, unsafe or needs data the workbook lacks."""


class KindError(GongwenError):
    """Raised when ``--only`` names a document kind that does not exist."""


class TemplateRenderError(TemplateError):
    """Raised when a template fails while rendering one document's values (not on loading):
    a batch names the workbook row it was rendering when the row's values may be the cause
    (``row_related``), not for a mistake of the template itself."""

    row_related = True


class OutputExistsError(GongwenError):
    """Raised when an output file exists and ``--force`` was not given."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.paths = [str(p) for p in paths]
        shown = "\n".join(f"  - {p}" for p in self.paths[:20])
        more = f"\n  ……共 {len(self.paths)} 个" if len(self.paths) > 20 else ""
        super().__init__(
            f"以下文件已存在，未做任何改动：\n{shown}{more}\n"
            "如确需覆盖，请加上 --force 重新运行；或用 -o 指定另一个输出文件夹。"
        )


class OutputError(GongwenError):
    """Raised when an output file cannot be written (permissions, full disk, unsafe name)."""


class RenderError(GongwenError):
    """Raised when a document cannot be rendered or an external renderer fails."""


class CheckFailed(GongwenError):
    """Raised when a build's checks found errors (or, with ``--strict``, warnings).

    Carries the findings; the CLI lists them before the message. Nothing was written.
    """

    exit_code = 1

    def __init__(self, findings: list, strict: bool = False) -> None:
        self.findings = findings
        what = "问题" if strict else "错误"
        super().__init__(
            f"检查发现 {len(findings)} 处{what}（见上），未写入任何文件。"
            "请按提示改正工作簿或模板后重新运行。"
        )


class FontSetError(GongwenError):
    """A font set (--fonts-set, 字体方案) that gongwen does not know."""


# What the operating system said, in the user's language (its own words are English).
_OS_REASONS = {
    "EROFS": "文件系统是只读的",
    "EACCES": "没有权限",
    "EPERM": "没有权限（操作不被允许）",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "ENOENT": "文件或文件夹不存在",
    "EEXIST": "文件已存在",
    "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一项不是文件夹",
    "ENAMETOOLONG": "文件名太长",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "EIO": "磁盘读写出错",
    "EMFILE": "同时打开的文件太多",
    "ENFILE": "同时打开的文件太多",
    "ENOTEMPTY": "文件夹不是空的",
    "EXDEV": "不能跨磁盘移动",
    "EFBIG": "文件太大",
    "EINVAL": "文件名或参数无效",
    "ELOOP": "链接层数太多",
    "ESTALE": "网络文件已失效",
    "ETIMEDOUT": "操作超时",
}


def os_reason(exc: OSError) -> str:
    """The reason of an OSError in Chinese, by its errno (Read-only file system -> 文件系统是只读的)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if getattr(exc, "winerror", None) == 32:  # ERROR_SHARING_VIOLATION
        return "文件正被其他程序占用（如在 Word、WPS 或 Excel 中打开着），请先关闭"
    return f"操作系统错误 {name or exc.errno}" if exc.errno else "操作系统错误"


def os_error(error: OSError) -> OutputError:
    """An OSError nothing expected, as an error the user can read (in Chinese, no traceback)."""
    where = f"{error.filename}：" if error.filename else ""
    return OutputError(f"无法读写文件（{where}{os_reason(error)}）。请检查路径、权限和磁盘空间。")
