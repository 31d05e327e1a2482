"""Fuzzing (issue 6, part 6): random workbooks, mutated workbooks and garbage bytes.

The tool must either read (and score) them or report issues: never crash with anything but a
KpiToolError, never print internal_error, never hang. Example counts are bounded and derandomised
so that the suite runs the same way in CI, in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitool.errors import KpiToolError
from kpitool.io.readers import read_inputs
from kpitool.messages import MESSAGES
from tests.hardening import invoke, plain
from tests.rawxlsx import sheet_parts, write_raw_book
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, write_book

FUZZ = settings(max_examples=40, deadline=20_000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CHEAP = settings(FUZZ, max_examples=150)  # for tests that refuse or read a file in milliseconds
CRASH = plain(MESSAGES["internal_error"]["en"].split("(", 1)[0])

# text that XML can carry: no surrogates, no control characters other than tab and newline
xml_text = st.text(st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"),
                   max_size=30)
risky_text = st.sampled_from(["=1+1", "+cmd", "-1+1", "@SUM(1)", "\t=1", "#N/A", "NaN", "inf",
                              "-inf", "1e999", "1.234,5", "2,5", "007", "", " ", "Đã duyệt",
                              "Chờ duyệt", "Trả lại", "Đạt", "Không đạt", "Xuất sắc", "approved",
                              "31/2/2026", "3/4/2026", "2026-03-05", "9999-12-31", "0001-01-01",
                              "1/1/1899", "T1", "T2", "T3", "001", "007", "008", "ZZZ"])
numbers = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from([0, 0.5, 1, 2, 8, 24, 25, -1]))
dates = st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 12, 31)).map(
    lambda d: d.strftime("%d/%m/%Y"))
march = st.integers(1, 31).map(lambda d: f"{d}/3/2026")
cell = st.one_of(st.none(), xml_text, risky_text, numbers, dates, march, st.booleans())


def worklog_rows(draw: st.DrawFn) -> list[list[object]]:
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(WORKLOG_HEADER) + 2),
                         min_size=0, max_size=25))
    return [WORKLOG_HEADER, *rows]


@st.composite
def worklog_tables(draw: st.DrawFn) -> list[list[object]]:
    return worklog_rows(draw)


@given(rows=worklog_tables())
@FUZZ
def test_random_worklogs_are_scored_or_reported(rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write_book(base / "catalog.xlsx", CATALOG)
        write_book(base / "norms.xlsx", NORMS)
        logs = write_raw_book(base / "worklogs.xlsx", "Nhật ký", sheet_parts(rows))
        result = invoke("score", str(logs), "--out", str(base / "out"), "--period", "2026-03",
                        "--lang", "en")
        assert result.exit_code in (0, 1, 2), result.output
        assert CRASH not in plain(result.output), result.output
        if result.exit_code == 0:
            assert (base / "out" / "kpi_2026-03.xlsx").exists()


@given(rows=worklog_tables(), sep=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1258", "utf-16"]))
@FUZZ
def test_random_worklog_csv_is_read_or_reported(rows: list[list[object]], sep: str,
                                                encoding: str) -> None:
    text = "\n".join(sep.join("" if v is None else str(v).replace(sep, " ").replace("\n", " ")
                              for v in row) for row in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "nhat-ky.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        try:
            read_inputs([path])
        except KpiToolError as exc:
            assert exc.exit_code in (1, 2) and exc.code in MESSAGES


@given(data=st.binary(max_size=4096),
       suffix=st.sampled_from([".xlsx", ".csv", ".parquet", ".xls", ".xlsm"]),
       prefix=st.sampled_from([b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"), b"PAR1",
                               b"\xef\xbb\xbf"]))
@CHEAP
def test_garbage_bytes_are_refused_cleanly(data: bytes, suffix: str, prefix: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"rac{suffix}"
        path.write_bytes(prefix + data)
        try:
            read_inputs([path])
        except KpiToolError as exc:
            assert exc.code in MESSAGES


_VALID: dict[str, bytes] = {}


def valid_workbook() -> bytes:
    if "book" not in _VALID:
        with tempfile.TemporaryDirectory() as folder:
            path = write_book(Path(folder) / "w.xlsx", {"Nhật ký": [WORKLOG_HEADER, [
                1, dt.datetime(2026, 3, 2), "007", "T1", "Làm việc", 1, 2, None,
                dt.datetime(2026, 3, 2), "1/UBND", "Đã duyệt", "Đạt", "001"]]})
            _VALID["book"] = path.read_bytes()
    return _VALID["book"]


@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1,
                     max_size=8),
       truncate=st.one_of(st.none(), st.integers(0, 10**6)))
@CHEAP
def test_mutated_workbooks_are_read_or_refused_cleanly(cuts: list[tuple[int, int]],
                                                       truncate: int | None) -> None:
    data = bytearray(valid_workbook())
    for where, byte in cuts:
        data[where % len(data)] = byte
    if truncate is not None:
        data = data[: truncate % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.xlsx"
        path.write_bytes(bytes(data))
        try:
            read_inputs([path])
        except KpiToolError as exc:
            assert exc.code in MESSAGES
