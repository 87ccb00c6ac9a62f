"""Shared fixtures: workbooks built in code from the example campaign's data."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from example_data import EXAMPLE

from gongwen.workbook.writer import write_workbook


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
