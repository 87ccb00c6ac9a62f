"""Side work: done in a forked process beside the rendering, or at once."""

from __future__ import annotations

import os

import pytest

from gongwen.errors import WorkbookError
from gongwen.render.side_process import beside


@pytest.mark.parametrize("overlap", [True, False])
def test_the_result_comes_back(overlap):
    parent = os.getpid()
    result = beside(lambda: ("done", os.getpid()), overlap=overlap)
    value, pid = result()
    assert value == "done"
    assert (pid != parent) is overlap


@pytest.mark.parametrize("overlap", [True, False])
def test_an_error_is_raised_where_the_result_is_asked_for(overlap):
    def work():
        raise WorkbookError("测试.xlsx", ["缺少项目"])

    if overlap:
        result = beside(work, overlap=True)
        with pytest.raises(WorkbookError) as info:
            result()
    else:
        with pytest.raises(WorkbookError) as info:
            beside(work, overlap=False)
    assert "缺少项目" in str(info.value)


def test_every_error_of_the_project_survives_the_trip_between_processes():
    import pickle

    from gongwen.errors import CheckFailed, OutputExistsError, Problem

    for error in (
        WorkbookError("测试.xlsx", [Problem("村社区!A3", "名称不能为空")]),
        OutputExistsError(["/tmp/a.docx"]),
        CheckFailed([], strict=True),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error) and copy.exit_code == error.exit_code
        assert copy.__dict__ == error.__dict__
