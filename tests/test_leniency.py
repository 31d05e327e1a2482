"""The leniency view of `kpitool report`: a tiny dataset on real files where one approver of
six approves everything; the figures are worked out by hand and only that approver (and their
unit) is marked, in the library result, the workbook and the page (in Chromium)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.leniency import z_scores
from kpitool.pipeline import run_score
from tests.test_html_report import dump_dom, rows
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D, write_book

runner = CliRunner()
APPROVERS = [f"A{i}" for i in range(1, 7)]  # A6 is the lenient one
LENIENT = "A6"


def _dataset(folder: Path) -> Path:
    """Six units U1–U6 under UB, each with its head Ai (approver) and two staff Si1, Si2.

    Every staff member logs five rows of 10 × T1 (w = 20 h) in March 2026. Under A1–A5 one of
    the five is returned and one approved row was reworked once; A6 approves all five with no
    rework. General scores: 24 under A1–A5, 30 under A6.

    Per approver: A1–A5 approve 8 of 10 rows (80 %), 2 of the 8 reworked (25 %);
    A6 approves 10 of 10 (100 %), none reworked (0 %). Over the six approvers the approval rate
    has mean 83.33 and population standard deviation 7.454: z(A6) = 16.67 / 7.454 = 2.236 > 2,
    z(A1..A5) = −0.447; the rework rate mirrors it (z(A6) = −2.236).
    General % = 80 (A1–A5) and 100 (A6).
    """
    units = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"], ["UB", "UBND phường", None]]
    staff = [["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Mã vị trí", "Mã người duyệt",
              "Loại cán bộ"]]
    logs = [WORKLOG_HEADER]
    general = [["Mã cán bộ", "Kỳ đánh giá", "Điểm tiêu chí chung", "Kỷ luật"]]
    n = 0
    for i, approver in enumerate(APPROVERS, start=1):
        units.append([f"U{i}", f"Phòng {i}", "UB"])
        staff.append([approver, f"Trưởng phòng Số {i}", f"U{i}", "CV", None, "Công chức"])
        lenient = approver == LENIENT
        for j in (1, 2):
            sid = f"S{i}{j}"
            staff.append([sid, f"Chuyên viên {i}{j}", f"U{i}", "CV", approver, "Công chức"])
            general.append([sid, "2026-03", 30 if lenient else 24, "Không"])
            for day in range(2, 7):
                n += 1
                status = "Trả lại" if (not lenient and day == 6) else "Đã duyệt"
                done = D(2026, 3, day)
                logs.append([n, done, sid, "T1", "Soạn công văn", 10, 2, None, done,
                             f"{n}/UBND", status, "Đạt", approver,
                             1 if (not lenient and day == 2) else 0])
    write_book(folder / "catalog.xlsx", {
        "Đơn vị": units,
        "Vị trí việc làm": [["Mã vị trí", "Tên vị trí việc làm", "Nhóm vị trí", "Lãnh đạo"],
                            ["CV", "Chuyên viên", "CMNV", "Không"]],
        "Danh mục công việc": CATALOG["Danh mục công việc"][:2],
        "Cán bộ": staff,
    })
    write_book(folder / "norms.xlsx", {"Định mức": NORMS["Định mức"][:2]})
    write_book(folder / "worklogs.xlsx", {"Nhật ký": [[*WORKLOG_HEADER, "Số lần bị trả lại"],
                                                      *logs[1:]]})
    write_book(folder / "assessments.xlsx", {"Tiêu chí chung": general})
    return folder / "worklogs.xlsx"


@pytest.fixture(scope="module")
def worklogs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _dataset(tmp_path_factory.mktemp("lenient"))


def test_figures_hand_checked(worklogs: Path) -> None:
    from kpitool.analysis import analyse

    run = run_score([worklogs], {}, "2026-03", "nd335")
    lenient = analyse(run.result, run.data.tasks, run.data.worklogs).leniency
    assert lenient is not None
    table = lenient.approvers.set_index("approver_id")
    assert table.index.tolist() == APPROVERS
    strict = table.loc["A1"]
    assert (strict["people"], strict["rows_approved"], strict["rows_returned"],
            strict["approval_rate"], strict["rework_rate"], strict["general_pct"]) == (
        2, 8, 2, 80.0, 25.0, 80.0)
    easy = table.loc[LENIENT]
    assert (easy["people"], easy["rows_approved"], easy["rows_returned"],
            easy["approval_rate"], easy["rework_rate"], easy["general_pct"]) == (
        2, 10, 0, 100.0, 0.0, 100.0)
    assert (easy["z_approval_rate"], easy["z_rework_rate"]) == (2.24, -2.24)
    assert strict["z_approval_rate"] == -0.45
    assert table.loc["A1", "full_name"] == "Trưởng phòng Số 1"
    marked = {a: found for a, found in table["outliers"].items() if found}
    assert list(marked) == [LENIENT]
    assert {"approval_rate", "rework_rate"} <= set(marked[LENIENT])
    assert "failed_rate" not in marked[LENIENT]  # all rows pass: no spread, no z
    assert len(table.loc[LENIENT, "rows"]) == 10 and len(table.loc["A1", "rows"]) == 10
    assert table.loc["A1", "rows"][0] == (str(worklogs), "Nhật ký", 2)
    units = lenient.units.set_index("unit_code")
    assert [u for u, found in units["outliers"].items() if found] == ["U6"]


@pytest.mark.parametrize(("values", "expected"), [
    pytest.param([80, 80, 80, 80, 80, 100], [-0.447, -0.447, -0.447, -0.447, -0.447, 2.236],
                 id="one-far-of-six"),
    pytest.param([80, 80, 80, 80, 100], [-0.5, -0.5, -0.5, -0.5, 2.0], id="of-five-z-is-2"),
    pytest.param([5, 5, 5], [None, None, None], id="all-equal"),
    pytest.param([7, None], [None, None], id="one-known"),
])
def test_z_rule(values: list, expected: list) -> None:
    z = z_scores(pd.Series(values, dtype="float64")).round(3)
    assert [None if pd.isna(v) else v for v in z] == expected


def test_report_sheet_and_page(worklogs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", str(worklogs), "--period", "2026-03",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "report_2026-03.xlsx", read_only=True)
    sheet = list(book["Người duyệt"].iter_rows(values_only=True))
    assert sheet[0][0] == "Số liệu duyệt và chấm điểm theo người duyệt và đơn vị"
    assert "không phải nhận xét về người nào" in sheet[1][0]
    header = sheet[4]
    assert header[:6] == ("Người duyệt", "Họ và tên người duyệt", "Đơn vị của người duyệt",
                          "Số người có dòng được duyệt", "Dòng đã duyệt", "Dòng trả lại")
    body = {row[0]: dict(zip(header, row, strict=True)) for row in sheet[5:11]}
    assert list(body) == APPROVERS
    flagged = {a: r["Số liệu lệch xa (|z| > ngưỡng)"] for a, r in body.items()
               if r["Số liệu lệch xa (|z| > ngưỡng)"]}
    assert list(flagged) == [LENIENT]
    assert flagged[LENIENT].startswith("⚠ Tỷ lệ duyệt (%), Tỷ lệ dòng bị trả lại sửa (%)")
    assert body[LENIENT]["Tỷ lệ duyệt (%)"] == 100 and body["A3"]["Tỷ lệ duyệt (%)"] == 80
    assert body["A2"]["Các dòng liên quan"].startswith("worklogs.xlsx › Nhật ký › 12; ")
    page = out / "report_2026-03.html"
    dom = dump_dom(page, tmp_path / "profile")
    section = dom.one("section", id="leniency")
    marked = [r[0] for r in rows(section.one("table", "approver"))
              if r[0] and r[0] in APPROVERS]
    assert marked == APPROVERS
    outliers = [tr.cells()[0] for tr in section.one("table", "approver").all("tr", "outlier")]
    assert outliers == [LENIENT]
    assert [tr.cells()[0] for tr in section.one("table", "unit").all("tr", "outlier")] == ["U6"]
