"""A large workbook loaded by a child process while the parent checks it (kpitool.io.preload)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import kpitool.io.preload as preload
from kpitool.errors import InputFileError
from kpitool.io.readers import read_inputs
from tests.test_hostile import corners
from tests.xlsxbuild import WORKLOG_HEADER, D, worklog_row, write_book


def worklog_book(path: Path) -> Path:
    rows = [worklog_row(n, D(2026, 3, 1 + n % 20), f"{n % 7:03d}", "T1") for n in range(1, 40)]
    write_book(path, {"Nhật ký": [WORKLOG_HEADER, *rows], "Ghi chú": [["x"]]})
    return path


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def read(path: Path) -> tuple[pd.DataFrame, list]:
    data, issues = read_inputs([path])
    return data.worklogs, [(i.code, i.cell) for i in issues]


def test_child_loaded_sheets_read_exactly_as_loaded_here(tmp_path: Path, temp_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = worklog_book(tmp_path / "w.xlsx")
    here = read(path)
    used = []
    tables = preload.Preload.tables

    def spy(self: preload.Preload, count: int) -> list | None:
        result = tables(self, count)
        used.append(result is not None)
        return result

    monkeypatch.setattr(preload, "PRELOAD_BYTES", 0)
    monkeypatch.setattr(preload.Preload, "tables", spy)
    child = read(path)
    assert used == [True]
    pd.testing.assert_frame_equal(child[0], here[0])
    assert child[1] == here[1]
    assert len(child[0]) == 39
    assert list(temp_dir.iterdir()) == []  # the child's files are gone


def test_a_failing_child_changes_nothing(tmp_path: Path, temp_dir: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = worklog_book(tmp_path / "w.xlsx")
    here = read(path)
    monkeypatch.setattr(preload, "PRELOAD_BYTES", 0)
    monkeypatch.setattr(preload, "_child", lambda *args: os._exit(3))
    pd.testing.assert_frame_equal(read(path)[0], here[0])
    assert list(temp_dir.iterdir()) == []


def test_hostile_workbook_refused_and_the_child_stopped(tmp_path: Path, temp_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = corners(tmp_path / "corners.xlsx")
    monkeypatch.setattr(preload, "PRELOAD_BYTES", 0)
    with pytest.raises(InputFileError) as caught:
        read_inputs([path])
    assert caught.value.code == "sheet_too_large"
    assert list(temp_dir.iterdir()) == []
    with pytest.raises(ChildProcessError):
        os.wait()  # no child left behind, not even a zombie
