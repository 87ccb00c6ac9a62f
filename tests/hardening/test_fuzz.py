"""Fuzzing: any cell value through a build, and mutated workbooks through the reader."""

from __future__ import annotations

import copy
import datetime as dt
import io
import random
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from example_data import EXAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongwen.build import build_to
from gongwen.errors import GongwenError, WorkbookError
from gongwen.render.readback import document_text
from gongwen.workbook.reader import read_campaign
from gongwen.workbook.writer import write_workbook

_SPACES = " \t\r\n\u3000\u00a0"
# what Excel writes as _xHHHH_: characters XML 1.0 cannot hold, and a literal escape
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def excel_escape(text: str) -> str:
    """``text`` as Excel stores it in a cell."""
    text = _LITERAL_ESCAPE.sub(r"_x005F_\1", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(value=values)
def test_any_cell_value_gives_a_document_showing_it_or_a_clear_error(value):
    data = copy.deepcopy(EXAMPLE)
    data["村社区"][0]["危险源"] = excel_escape(value) if isinstance(value, str) else value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "campaign.xlsx"
        write_workbook(path, data)
        out = Path(folder) / "out"
        try:
            result = build_to(path, out, only=["村社区档案"])
        except GongwenError as error:
            assert error.message.strip()
            assert not out.exists() or not any(p.is_file() for p in out.rglob("*"))
            return
        shown = read_campaign(path).villages[0].hazard_sources
        if isinstance(value, str):
            assert shown == value.strip(_SPACES)
        first = next(b.path for b in result if b.path.suffix == ".docx")
        document = first.read_bytes()
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            assert archive.testzip() is None  # a sound zip
        text = _squeeze(document_text(document))
        assert _squeeze(shown or "无") in text


def _mutations(original: bytes, seed: int):
    rng = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    for _ in range(20):  # bit flips
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        yield bytes(data)
    for _ in range(10):  # truncations
        yield original[: rng.randrange(len(original))]
    for _ in range(15):  # entries swapped, dropped or garbled, in a valid zip
        chosen = list(members)
        a, b = rng.sample(range(len(chosen)), 2)
        action = rng.choice(["swap", "drop", "garble"])
        if action == "swap":
            chosen[a], chosen[b] = (chosen[a][0], chosen[b][1]), (chosen[b][0], chosen[a][1])
        elif action == "drop":
            del chosen[a]
        else:
            info, part = chosen[a]
            cut = rng.randrange(len(part) + 1)
            chosen[a] = (
                info,
                part[:cut] + bytes(rng.randrange(256) for _ in range(8)) + part[cut:],
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for info, part in chosen:
                z.writestr(info, part)
        yield buffer.getvalue()


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_workbooks_give_only_the_projects_own_errors(example_workbook, tmp_path, seed):
    original = example_workbook.read_bytes()
    outcomes = {"read": 0, "refused": 0}
    for n, data in enumerate(_mutations(original, seed)):
        path = tmp_path / f"mutant{n}.xlsx"
        path.write_bytes(data)
        try:
            read_campaign(path)
            outcomes["read"] += 1
        except WorkbookError as error:
            assert error.problems and all(p.message for p in error.problems)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0
