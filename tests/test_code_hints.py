"""An unknown code gets a hint (issue 13 point 5): the staff ID Excel stripped of its zeros, a
task code in the wrong case, a close spelling; none when nothing is close. Through the CLI on
real files, in Vietnamese and English."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D, worklog_row, write_book

runner = CliRunner()


def _inputs(folder: Path, staff: str, task: str) -> Path:
    catalog = copy.deepcopy(CATALOG)
    catalog["Danh mục công việc"].append(["B01", "Tiếp công dân", "B", "lượt", "Sổ", None, None])
    norms = copy.deepcopy(NORMS)
    norms["Định mức"].append(["B01", "*", 1, 1])
    write_book(folder / "catalog.xlsx", catalog)
    write_book(folder / "norms.xlsx", norms)
    return write_book(folder / "worklogs.xlsx", {"Nhật ký": [
        WORKLOG_HEADER, worklog_row(1, D(2026, 3, 2), staff, task)]})


@pytest.mark.parametrize(("staff", "task", "cell", "value", "vi", "en"), [
    pytest.param("7", "B01", "C2", "7", "có phải '007' không? (Excel đã bỏ các số 0 ở đầu",
                 "did you mean '007'? (Excel dropped the leading zeros", id="zeros-dropped"),
    pytest.param("007", "b01", "D2", "b01", "có phải 'B01' không? (chỉ khác chữ hoa",
                 "did you mean 'B01'? (it differs only in upper and lower case", id="case"),
    pytest.param("007", "B01X", "D2", "B01X", "có phải 'B01' không? (mã gần giống nhất)",
                 "did you mean 'B01'? (the closest code)", id="close-spelling"),
    pytest.param("999", "B01", "C2", "999", None, None, id="nothing-close"),
])
def test_unknown_code_suggests_the_close_match(tmp_path: Path, staff: str, task: str, cell: str,
                                               value: str, vi: str | None,
                                               en: str | None) -> None:
    logs = _inputs(tmp_path, staff, task)
    for lang, expected in (("vi", vi), ("en", en)):
        result = runner.invoke(app, ["validate", str(logs), "--json", "--lang", lang])
        assert result.exit_code == 1
        errors = [i for i in json.loads(result.stdout)["issues"] if i["severity"] == "error"]
        assert [(i["cell"], i["value"]) for i in errors] == [(cell, value)]
        if expected is None:
            assert errors[0]["code"] == "unknown_code"
            assert "'007'" not in errors[0]["message"] and "B01'?" not in errors[0]["message"]
        else:
            assert errors[0]["code"] == "unknown_code_close"
            assert expected in errors[0]["message"]
    scored = runner.invoke(app, ["score", str(logs)], env={"COLUMNS": "300"})
    assert scored.exit_code == 1
    assert (vi is None) or vi.split(" (")[0] in " ".join(scored.stderr.split())
