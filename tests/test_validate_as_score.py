"""`validate worklogs.xlsx` finds the companions as `score` does, says which checks it skipped
for lack of one, and lists the flags `score` would raise as warnings, exit code unchanged by
them (issue 13 point 3). Through the CLI on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import WORKLOG_HEADER, D, valid_set, worklog_row, write_book

runner = CliRunner()


def _validate(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["validate", *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def _row(n: int, day: object, staff: str, task: str, hours: object = 2, status: str = "Đã duyệt",
         quality: str | None = "Đạt", approver: str = "001") -> list[object]:
    row = worklog_row(n, day, staff, task, hours, status)
    row[-2], row[-1] = quality, approver
    return row


FLAGGED = [  # 007 approves their own row, works 9 h on 3 March, leaves one row pending and
    # one without a quality
    _row(1, D(2026, 3, 2), "007", "T1", approver="007"),
    _row(2, D(2026, 3, 3), "007", "T2", hours=9),
    _row(3, D(2026, 3, 4), "007", "T1", status="Chờ duyệt"),
    _row(4, D(2026, 3, 5), "007", "T1", quality=None),
    _row(5, D(2026, 3, 3), "001", "T3", hours=3, approver=""),
    _row(6, D(2026, 3, 3), "008", "T1"),
]


@pytest.mark.parametrize(("rows", "kinds"), [
    pytest.param(None, {"Tự duyệt", "Giờ khai lệch xa giờ quy đổi"}, id="valid-set"),
    pytest.param(FLAGGED, {"Tự duyệt", "Khai quá số giờ trong ngày", "Còn Chờ duyệt khi hết kỳ",
                           "Thiếu người duyệt", "Thiếu chất lượng"},
                 id="self-approval-9h-pending-blank-quality"),
])
def test_flags_are_listed_as_warnings(tmp_path: Path, rows: list | None, kinds: set[str]) -> None:
    valid_set(tmp_path)
    if rows is not None:
        write_book(tmp_path / "worklogs.xlsx", {"Nhật ký": [WORKLOG_HEADER, *rows]})
    code, report = _validate(str(tmp_path / "worklogs.xlsx"))
    assert code == 0 and report["valid"] is True
    flags = [i for i in report["issues"] if i["code"] in ("flag_warning", "flag_notice")]
    assert kinds <= {i["message"].split(":")[0] for i in flags}
    assert {(i["code"], i["severity"]) for i in flags} <= {("flag_warning", "warning"),
                                                           ("flag_notice", "notice")}
    text = runner.invoke(app, ["validate", str(tmp_path / "worklogs.xlsx")],
                         env={"COLUMNS": "200"})
    assert text.exit_code == 0
    warnings = sum(1 for i in report["issues"] if i["severity"] == "warning")
    assert f"không có lỗi; {warnings} cảnh báo cần xem" in text.stdout


def test_companions_beside_the_worklogs_are_checked(tmp_path: Path) -> None:
    valid_set(tmp_path)
    write_book(tmp_path / "worklogs.xlsx", {"Nhật ký": [
        WORKLOG_HEADER, worklog_row(1, D(2026, 3, 2), "7", "b01")]})
    code, report = _validate(str(tmp_path / "worklogs.xlsx"))
    assert code == 1
    unknown = [(i["cell"], i["value"]) for i in report["issues"]
               if i["code"] in ("unknown_code", "unknown_code_close")]
    assert unknown == [("C2", "7"), ("D2", "b01")]


@pytest.mark.parametrize(("present", "notices"), [
    pytest.param({"catalog.xlsx", "norms.xlsx"}, set(), id="both-beside"),
    pytest.param({"catalog.xlsx"}, {"norms_not_given", "flags_not_checked"}, id="no-norms"),
    pytest.param(set(), {"catalog_not_given", "norms_not_given", "flags_not_checked"},
                 id="alone"),
])
def test_checks_skipped_are_named(tmp_path: Path, present: set[str], notices: set[str]) -> None:
    for path in valid_set(tmp_path):
        if path.name != "worklogs.xlsx" and path.name not in present:
            path.unlink()
    code, report = _validate(str(tmp_path / "worklogs.xlsx"))
    assert code == 0
    found = {i["code"] for i in report["issues"] if i["severity"] == "notice"}
    assert found - {"companion_not_found"} == notices  # assessments are never beside here
    assert any(i["code"] == "companion_not_found" and "assessments" in i["message"]
               for i in report["issues"])
    english = runner.invoke(app, ["validate", str(tmp_path / "worklogs.xlsx"), "--json",
                                  "--lang", "en"])
    messages = " ".join(i["message"] for i in json.loads(english.stdout)["issues"])
    assert "đánh giá" not in messages and "Không" not in messages


def test_invalid_data_says_flags_come_after_the_errors(tmp_path: Path) -> None:
    valid_set(tmp_path)
    write_book(tmp_path / "worklogs.xlsx", {"Nhật ký": [
        WORKLOG_HEADER, worklog_row(1, "31/2/2026", "007", "T1"), *FLAGGED[:1]]})
    code, report = _validate(str(tmp_path / "worklogs.xlsx"))
    assert code == 1
    codes = [i["code"] for i in report["issues"]]
    assert "flags_after_errors" in codes and "flag_warning" not in codes
