"""gongwen: turn a campaign workbook into GB/T 9704-2012 official documents.

The library in five calls (README, 开发者说明)::

    campaign = gongwen.read_workbook(path)
    result = gongwen.build(campaign)            # in memory: result.files, path -> bytes
    gongwen.write(result, "outputs")
    findings = gongwen.check(["outputs"], registry=campaign)
    gongwen.package(campaign, "outputs", pdf=False)

The names load on first use (``gongwen.api``), so ``gongwen --help`` stays quick.
"""

from __future__ import annotations

import sys
from types import ModuleType

from gongwen.errors import CheckFailed, GongwenError, OutputError, WorkbookError
from gongwen.version import __version__

_API = ("BuildResult", "Document", "Skipped", "build", "check", "package", "read_workbook", "write")

__all__ = [
    *_API,
    "Campaign",
    "CheckFailed",
    "GongwenError",
    "OutputError",
    "WorkbookError",
    "__version__",
]


def __getattr__(name: str):
    if name in _API:
        from gongwen import api

        return getattr(api, name)
    if name == "Campaign":
        from gongwen.workbook.model import Campaign

        return Campaign
    raise AttributeError(f"module 'gongwen' has no attribute {name!r}")


class _Package(ModuleType):
    """The package, keeping ``gongwen.build`` and ``gongwen.check`` the API's functions.

    Importing the modules gongwen.build and gongwen.check would otherwise set those names to
    the modules; they stay importable by name (``from gongwen.check import check_docx``).
    """

    def __setattr__(self, name: str, value) -> None:
        if name in ("build", "check") and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
