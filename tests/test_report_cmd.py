"""`kpitool report`: the analysis functions on tiny frames, then the command end to end on the
examples (with hostile text planted) — the xlsx charts' ranges and the HTML in Chromium."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from kpitool import analysis
from kpitool.cli import app
from kpitool.scoring import Period
from tests.test_html_report import (
    CHANGED_STAFF,
    SCRIPT_NAME,
    SCRIPT_STAFF,
    Node,
    dump_dom,
    hostile_copy,
    rows,
    screenshot,
)

runner = CliRunner()
Q1 = Period(2026, "quarter", 1)


# --- analysis: pure functions on tiny frames ------------------------------------------------


def _months(*people: tuple[str, str, str, list[tuple[str, float | None, str | None]]]) -> pd.DataFrame:
    records = []
    for staff_id, name, unit, cycles in people:
        for cycle, total, level in cycles:
            records.append({"staff_id": staff_id, "full_name": name, "unit_code": unit,
                            "cycle": cycle, "assessed": total is not None or level is not None,
                            "total": total, "level": level})
    frame = pd.DataFrame.from_records(records)
    frame["level"] = frame["level"].astype("string")
    frame["total"] = frame["total"].astype("float64")
    return frame


@pytest.mark.parametrize(("people", "expected"), [
    pytest.param([("1", "An", "U", [("2026-01", 80.0, "HTTNV"), ("2026-02", 81.0, "HTTNV")])],
                 [], id="same-level"),
    pytest.param([("1", "An", "U", [("2026-01", 80.0, "HTTNV"), ("2026-02", 92.0, "HTXSNV")])],
                 [("1", "2026-01", "2026-02", "HTTNV", "HTXSNV", 1)], id="up"),
    pytest.param([("1", "An", "U", [("2026-01", 80.0, "HTTNV"), ("2026-02", 60.0, "HTNV"),
                                    ("2026-03", 40.0, "KHTNV")])],
                 [("1", "2026-01", "2026-02", "HTTNV", "HTNV", -1),
                  ("1", "2026-02", "2026-03", "HTNV", "KHTNV", -1)], id="down-twice"),
    pytest.param([("1", "An", "U", [("2026-01", 80.0, "HTTNV"), ("2026-02", None, None),
                                    ("2026-03", 91.0, "HTXSNV")])],
                 [("1", "2026-01", "2026-03", "HTTNV", "HTXSNV", 1)], id="across-a-month-unrated"),
    pytest.param([("2", "Bình", "V", [("2026-02", 95.0, "HTXSNV"), ("2026-01", 70.0, "HTTNV")]),
                  ("1", "An", "V", [("2026-01", 70.0, "HTTNV"), ("2026-02", 50.0, "HTNV")])],
                 [("1", "2026-01", "2026-02", "HTTNV", "HTNV", -1),
                  ("2", "2026-01", "2026-02", "HTTNV", "HTXSNV", 1)], id="name-order-any-row-order"),
])
def test_level_changes(people: list, expected: list) -> None:
    changes = analysis.level_changes(_months(*people))
    got = list(changes[["staff_id", "from_cycle", "to_cycle", "from_level", "to_level",
                        "direction"]].itertuples(index=False, name=None))
    assert got == expected


def test_monthly_levels_per_unit_and_overall() -> None:
    months = _months(("1", "An", "U", [("2026-01", 80.0, "HTTNV"), ("2026-02", 95.0, "HTXSNV")]),
                     ("2", "Bình", "U", [("2026-01", 60.0, "HTNV"), ("2026-02", None, None)]),
                     ("3", "Chi", "V", [("2026-01", 91.0, "HTXSNV"), ("2026-02", 45.5, "KHTNV")]))
    months.loc[(months["staff_id"] == "2") & (months["cycle"] == "2026-02"), "assessed"] = True
    table = analysis.monthly_levels(months)
    expected = pd.DataFrame({
        "cycle": ["2026-01", "2026-01", "2026-01", "2026-02", "2026-02", "2026-02"],
        "unit_code": ["U", "V", "*", "U", "V", "*"],
        "assessed_count": [2, 1, 3, 2, 1, 3],
        "scored_count": [2, 1, 3, 1, 1, 2],
        "mean_total": [70.0, 91.0, 77.0, 95.0, 45.5, 70.25],
        "HTXSNV": [0, 1, 1, 1, 0, 1], "HTTNV": [1, 0, 1, 0, 0, 0], "HTNV": [1, 0, 1, 0, 0, 0],
        "KHTNV": [0, 0, 0, 0, 1, 1], "no_level": [0, 0, 0, 1, 0, 1],
    })
    assert_frame_equal(table, expected, check_dtype=False)
    wide = analysis.trend_table(table)
    assert list(wide.columns) == ["cycle", "U", "V", "*"]
    assert wide["*"].tolist() == [77.0, 70.25]


def test_hours_per_day_marks_the_units_the_score_flags() -> None:
    units = pd.DataFrame({
        "unit_code": ["A", "B", "C", "D", "E", "F"], "unit_name": ["a", "b", "c", "d", "e", "f"],
        "staff_count": [1] * 6, "working_days": [20, 20, 20, 20, 20, 0],
        "declared_hours": [140.0, 142.0, 138.0, 141.0, 220.0, 0.0],
        "hours_per_working_day": [7.0, 7.1, 6.9, 7.05, 11.0, float("nan")],
    })
    staff = pd.DataFrame({"unit_code": list("ABCDEF"),
                          "converted_hours": [100.0, 120.0, 110.0, 105.0, 115.0, 0.0]})
    table = analysis.hours_per_day(staff, units, z_limit=1.9)
    assert table["unit_code"].tolist() == ["A", "B", "C", "D", "E", "F", "*"]
    assert table["outlier"].tolist() == [False, False, False, False, True, False, False]
    assert table.loc[4, "converted_per_day"] == 5.75 and table.loc[4, "hours_ratio"] == 1.91
    overall = table.iloc[-1]
    assert overall["working_days"] == 100 and overall["declared_per_day"] == 7.81


def test_tasks_top_and_unused() -> None:
    tasks = pd.DataFrame({"task_code": ["T1", "T2", "T3", "T4"], "task_name": ["a", "b", "c", "d"],
                          "task_group": ["A", "B", "C", "D"], "positions": [None, "P1", None, None],
                          "unit_code": [None, None, "U", None]})
    detail = pd.DataFrame({"task_code": ["T1", "T2", "T2", "T1", "T2"],
                           "staff_id": ["1", "1", "2", "3", "2"], "unit_code": ["U", "U", "V", "V", "V"],
                           "quantity": [1.0, 2.0, 1.0, 1.0, 1.0],
                           "converted_hours": [3.0, 4.0, 2.0, 1.0, 2.0]})
    top = analysis.top_tasks(detail, tasks, limit=5)
    assert top["task_code"].tolist() == ["T2", "T1"]
    assert top["converted_hours"].tolist() == [8.0, 4.0]
    assert top["converted_share"].tolist() == [66.67, 33.33]
    assert top["staff_using"].tolist() == [2, 2] and top["units_using"].tolist() == [2, 2]
    worklogs = pd.DataFrame({"task_code": ["T1", "T2", "T4"],
                             "date": pd.to_datetime(["2026-01-05", "2026-03-31", "2026-04-01"])})
    unused = analysis.unused_tasks(tasks, worklogs, Q1)
    assert unused["task_code"].tolist() == ["T3", "T4"]  # T4 only after the period
    assert unused.loc[0, "task_unit"] == "U"


def test_flags_by_kind_and_unit() -> None:
    flags = pd.DataFrame({"code": ["b", "a", "b", "b", "c"], "unit_code": ["U", "U", "V", "U", None]})
    table = analysis.flags_by_kind_and_unit(flags)
    assert table.columns.tolist() == ["code", "", "U", "V", "total"]
    assert table["code"].tolist() == ["b", "a", "c"]
    assert table["U"].tolist() == [2, 1, 0] and table["total"].tolist() == [3, 1, 1]


# --- the command end to end -----------------------------------------------------------------


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Node, openpyxl.Workbook]:
    folder = hostile_copy(tmp_path_factory.mktemp("ward") / "in")
    out = folder / "analysis"
    result = runner.invoke(app, ["report", str(folder / "worklogs.xlsx"), "--period", "2026-Q1",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "report_2026-Q1.html" in result.output and "report_2026-Q1.xlsx" in result.output
    page = out / "report_2026-Q1.html"
    dom = dump_dom(page, tmp_path_factory.mktemp("profile"))
    return page, dom, openpyxl.load_workbook(out / "report_2026-Q1.xlsx")


def _refs(chart: object) -> list[tuple[str, str, str]]:
    """(name, categories, values) formula of each series of an openpyxl chart."""
    out = []
    for series in chart.series:  # type: ignore[attr-defined]
        categories = series.cat.strRef or series.cat.numRef
        out.append((series.tx.strRef.f, categories.f, series.val.numRef.f))
    return out


def _cells(book: openpyxl.Workbook, ref: str) -> list:
    sheet, _, cells = ref.rpartition("!")
    sheet = book[sheet.strip("'")]
    found = sheet[cells.replace("$", "")]
    if isinstance(found, tuple):
        return [row[0].value if isinstance(row, tuple) else row.value for row in found]
    return [found.value]


def test_xlsx_sheets(reported: tuple[Path, Node, openpyxl.Workbook]) -> None:
    book = reported[2]
    assert book.sheetnames == ["Tổng hợp", "Theo tháng", "Giờ mỗi ngày", "Công việc",
                               "Việc không dùng", "Thay đổi xếp loại", "Cảnh báo", "Người duyệt"]
    summary = book["Tổng hợp"]
    assert summary["A1"].value == "PHÂN TÍCH KPI KỲ 2026-Q1"
    unused = [r[0] for r in book["Việc không dùng"].iter_rows(min_row=5, values_only=True)]
    assert unused == ["B17", "C12", "D09"]
    changes = list(book["Thay đổi xếp loại"].iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[3], r[4], r[6], r[9]) for r in changes] == [
        (CHANGED_STAFF, "2026-02", "2026-03", "Không hoàn thành nhiệm vụ", "▼ giảm")]


def test_xlsx_trend_chart_reads_the_month_table(
        reported: tuple[Path, Node, openpyxl.Workbook]) -> None:
    book = reported[2]
    sheet = book["Theo tháng"]
    assert len(sheet._charts) == 2
    line, mix = sheet._charts
    assert type(line).__name__ == "LineChart"
    header = [c.value for c in sheet[3]]
    units = [h for h in header[1:] if h]
    assert units == ["HT-DV", "HT-KT", "HT-QS", "HT-TT", "HT-UB", "HT-VP", "HT-VX", "Toàn bộ"]
    refs = _refs(line)
    assert len(refs) == len(units)
    for column, (name, categories, values) in enumerate(refs, start=2):
        letter = openpyxl.utils.get_column_letter(column)
        assert name == f"'Theo tháng'!${letter}$3"
        assert categories == "'Theo tháng'!$A$4:$A$6"
        assert values == f"'Theo tháng'!${letter}$4:${letter}$6"
    assert _cells(book, refs[0][1]) == ["2026-01", "2026-02", "2026-03"]
    overall = _cells(book, refs[-1][2])
    assert all(isinstance(v, float) and 50 < v < 100 for v in overall)
    assert type(mix).__name__ == "BarChart" and mix.grouping == "stacked"
    names = [_cells(book, name)[0] for name, _, _ in _refs(mix)]
    assert names == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                     "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]
    for _, categories, values in _refs(mix):
        assert _cells(book, categories) == ["2026-01", "2026-02", "2026-03"]
        assert all(isinstance(v, int) for v in _cells(book, values))


def test_xlsx_hours_tasks_and_flags_charts(reported: tuple[Path, Node, openpyxl.Workbook]) -> None:
    book = reported[2]
    (hours,) = book["Giờ mỗi ngày"]._charts
    refs = _refs(hours)
    assert [_cells(book, name)[0] for name, _, _ in refs] == ["Giờ khai / ngày",
                                                             "Giờ quy đổi / ngày"]
    codes = _cells(book, refs[0][1])
    assert codes == ["HT-DV", "HT-KT", "HT-QS", "HT-TT", "HT-UB", "HT-VP", "HT-VX"]  # no total row
    sheet = book["Giờ mỗi ngày"]
    table = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert _cells(book, refs[0][2]) == [table[c][6] for c in codes]
    assert [c for c in codes if table[c][10]] == ["HT-KT"]
    (tasks,) = book["Công việc"]._charts
    ((name, categories, values),) = _refs(tasks)
    assert _cells(book, name) == ["Giờ chuẩn quy đổi"]
    assert _cells(book, categories)[:3] == ["A03", "D10", "B14"]
    hours_values = _cells(book, values)
    assert len(hours_values) == 15 and hours_values == sorted(hours_values, reverse=True)
    (flags,) = book["Cảnh báo"]._charts
    ((name, categories, values),) = _refs(flags)
    assert _cells(book, name) == ["Cộng"]
    assert _cells(book, categories)[0] == "Khai quá số giờ trong ngày"
    assert _cells(book, values)[0] == 347


def test_report_page_in_chromium(reported: tuple[Path, Node, openpyxl.Workbook]) -> None:
    page, dom, book = reported
    assert dom.one("html").attrs["lang"] == "vi"
    assert dom.one("title").text == "PHÂN TÍCH KPI KỲ 2026-Q1"
    assert [" ".join(h.text.split()) for h in dom.all("h2")] == [
        "Diễn biến theo tháng", "Giờ tự khai và giờ chuẩn quy đổi mỗi ngày làm việc",
        "Công việc chiếm nhiều giờ quy đổi nhất", "Công việc không được dùng trong kỳ",
        "Cán bộ thay đổi mức xếp loại giữa các tháng", "Cảnh báo theo loại và theo đơn vị",
        "Số liệu duyệt và chấm điểm theo người duyệt và đơn vị", "Tệp đầu vào và mã kiểm tra"]
    assert len(dom.all("svg", "chart")) == 5
    assert dom.all("script") == [] and dom.all("img") == []
    trend = dom.one("table", "trend")
    assert trend.one("thead").one("tr").cells()[2:] == ["2026-01", "2026-02", "2026-03"]
    sheet = book["Theo tháng"]
    overall = [c.value for c in sheet["I"][3:6]]
    assert rows(trend)[-1][2:] == [f"{v:.2f}".replace(".", ",") for v in overall]
    outliers = [tr.cells()[0] for tr in dom.one("table", "hours").all("tr", "outlier")]
    assert outliers == ["HT-KT"]
    assert [r[0] for r in rows(dom.one("table", "unused"))] == ["B17", "C12", "D09"]
    assert "3 / 84" in dom.one("section", id="unused").text
    assert len(rows(dom.one("table", "tasks"))) == 15
    flags = {r[0]: r[-1] for r in rows(dom.one("table", "flagmatrix"))}
    assert flags["Khai quá số giờ trong ngày"] == "347"


def test_script_in_a_name_is_text_in_the_report(
        reported: tuple[Path, Node, openpyxl.Workbook], tmp_path: Path) -> None:
    page, dom, _ = reported
    assert dom.one("title").text == "PHÂN TÍCH KPI KỲ 2026-Q1"
    assert dom.all(id="pwned") == []
    changed = dom.one("table", "changes")
    assert [r[0] for r in rows(changed)] == [SCRIPT_STAFF]
    assert changed.one("td", "name").text == SCRIPT_NAME
    assert "▼ giảm" in rows(changed)[0][-1]
    assert SCRIPT_NAME not in page.read_text(encoding="utf-8")  # only escaped
    png = screenshot(page, tmp_path / "report.png", tmp_path / "profile", (1200, 2400))
    assert png.stat().st_size > 50_000


def test_report_in_english_under_quarterly_cycles(tmp_path: Path) -> None:
    """Quarterly cycles still give a month-by-month trend: each month is scored on its own."""
    rules = tmp_path / "quarter.toml"
    shown = runner.invoke(app, ["rules", "show", "nd335"])
    rules.write_text(shown.stdout.replace('cycle = "month"', 'cycle = "quarter"'), encoding="utf-8")
    assert 'cycle = "quarter"' in rules.read_text(encoding="utf-8")
    folder = Path(__file__).resolve().parent.parent / "examples" / "dong-son"
    result = runner.invoke(app, ["report", str(folder / "worklogs.xlsx"), "--rules", str(rules),
                                 "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "report_2026-Q1.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "KPI ANALYSIS, 2026-Q1" in html
    assert "Scoring cycle: quarter" in html
    book = openpyxl.load_workbook(tmp_path / "out" / "report_2026-Q1.xlsx")
    assert book.sheetnames[1] == "By month"
    assert [book["By month"].cell(r, 1).value for r in (4, 5, 6)] == ["2026-01", "2026-02",
                                                                      "2026-03"]
