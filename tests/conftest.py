"""Shared fixtures: workbooks built in code from the example campaign's data."""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from example_data import EXAMPLE

from gongwen.workbook.writer import write_workbook

# The suite's own temporary folder, inherited by every process it starts: a LibreOffice
# service that the machine's user left running (its state file lives in the temporary folder)
# must not take over the conversions the tests make, and the tests' leftovers stay apart.
_SESSION_TMP = tempfile.mkdtemp(prefix="gongwen-tests-")
os.environ["TMPDIR"] = _SESSION_TMP
tempfile.tempdir = None
atexit.register(shutil.rmtree, _SESSION_TMP, ignore_errors=True)


@pytest.fixture
def example_data() -> dict:
    """A private copy of the example campaign's data, {sheet: [{column: value}]}, to change."""
    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def make_workbook(tmp_path: Path):
    """Write ``data`` as a workbook in tmp_path and return its path."""

    def make(data: dict, name: str = "campaign.xlsx", sheets=None) -> Path:
        path = tmp_path / name
        if sheets is None:
            write_workbook(path, data)
        else:
            write_workbook(path, data, sheets=sheets)
        return path

    return make


@pytest.fixture
def example_workbook(make_workbook, example_data) -> Path:
    """The example campaign written afresh to a temporary workbook."""
    return make_workbook(example_data)
