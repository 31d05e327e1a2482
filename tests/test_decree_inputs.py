"""Issue 11, inputs: the assignments sheet and the new optional columns, on real workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitool.validation import validate
from tests.xlsxbuild import (
    CATALOG,
    NORMS,
    WORKLOG_HEADER,
    D,
    valid_set,
    worklog_row,
    write_book,
)

ASSIGNMENT_HEADER = ["Mã giao việc", "Mã cán bộ", "Mã công việc", "Số lượng", "Ngày giao",
                     "Hạn hoàn thành", "Ghi chú"]


def found(issues, severity: str = "error") -> set[tuple[str, str, str]]:
    return {(Path(i.file).name, i.code, i.cell) for i in issues if i.severity == severity}


def with_assignments(tmp_path: Path, rows: list[list[object]]) -> list[Path]:
    paths = valid_set(tmp_path)
    book = write_book(tmp_path / "assignments.xlsx", {"Giao việc": [ASSIGNMENT_HEADER, *rows]})
    return [*paths, book]


GOOD = ["GV-1", "007", "T2", 3, D(2026, 3, 2), D(2026, 3, 31), None]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([GOOD], set(), id="valid"),
        pytest.param([GOOD, ["GV-2", "007", "T1", "1,5", None, D(2026, 3, 20), None]], set(),
                     id="valid-decimal-comma-and-no-assigned-on"),
        pytest.param([GOOD, [None, "007", "T1", 1, None, D(2026, 3, 20), None],
                      [None, "008", "T1", 1, None, D(2026, 3, 20), None]], set(),
                     id="ids-optional"),
        pytest.param([["GV-1", "999", "T1", 1, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "unknown_code", "B2")}, id="unknown-staff"),
        pytest.param([["GV-1", "007", "T9", 1, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "unknown_code", "C2")}, id="unknown-task"),
        pytest.param([["GV-1", "007", "T3", 1, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "task_not_allowed_position", "C2"),
                      ("assignments.xlsx", "no_norm_on_date", "C2")},
                     id="task-not-allowed-for-the-person"),
        pytest.param([["GV-1", "008", "T2", 1, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "task_not_allowed_position", "C2"),
                      ("assignments.xlsx", "task_not_allowed_unit", "C2"),
                      ("assignments.xlsx", "no_norm_on_date", "C2")},
                     id="task-of-another-unit"),
        pytest.param([["GV-1", "007", "T1", 0, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "out_of_range", "D2")}, id="quantity-zero"),
        pytest.param([["GV-1", "007", "T1", -2, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "out_of_range", "D2")}, id="quantity-negative"),
        pytest.param([GOOD, ["GV-1", "007", "T1", 1, None, D(2026, 3, 20), None]],
                     {("assignments.xlsx", "duplicate_key", "A3")}, id="id-repeated"),
        pytest.param([["GV-1", "007", "T1", 1, None, None, None]],
                     {("assignments.xlsx", "required_value", "F2")}, id="deadline-missing"),
    ],
)
def test_assignments_sheet_checked(tmp_path: Path, rows, expected) -> None:
    data, issues = validate(with_assignments(tmp_path, rows))
    assert found(issues) == expected
    if not expected:
        assert len(data.assignments) == len(rows)


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        pytest.param(D(2026, 3, 31), set(), id="norm-in-force-on-the-deadline"),
        pytest.param(D(2026, 4, 30), {("assignments.xlsx", "no_norm_on_date", "C2")},
                     id="no-norm-on-the-deadline"),
    ],
)
def test_assignment_needs_a_norm_on_its_deadline(tmp_path: Path, deadline, expected) -> None:
    paths = with_assignments(tmp_path, [["GV-1", "007", "T1", 2, None, deadline, None]])
    norms = [[*NORMS["Định mức"][0], "Hiệu lực đến"],
             *[[*row, D(2026, 4, 15) if row[0] == "T1" else None]
               for row in NORMS["Định mức"][1:]]]
    write_book(paths[1], {"Định mức": norms})
    _, issues = validate(paths)
    assert found(issues) == expected


LOG_HEADER = [*WORKLOG_HEADER, "Mã giao việc", "Nguyên nhân khách quan"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(["GV-1", "Có"], set(), id="known-assignment-objective-cause"),
        pytest.param([None, "Không"], set(), id="ad-hoc-row"),
        pytest.param(["GV-9", None], {("worklogs.xlsx", "unknown_code_close", "N2")},
                     id="unknown-assignment"),  # GV-1 is close: the message suggests it
        pytest.param(["XYZ-77", None], {("worklogs.xlsx", "unknown_code", "N2")},
                     id="unknown-assignment-nothing-close"),
        pytest.param(["GV-1", "hình như"], {("worklogs.xlsx", "bad_enum", "O2")},
                     id="objective-cause-not-yes-no"),
    ],
)
def test_worklog_assignment_and_objective_cause(tmp_path: Path, extra, expected) -> None:
    paths = with_assignments(tmp_path, [GOOD])
    write_book(paths[2], {"Nhật ký": [LOG_HEADER,
                                      [*worklog_row(1, D(2026, 3, 2), "007", "T2"), *extra]]})
    data, issues = validate(paths)
    assert found(issues) == expected
    if not expected:
        ids = data.worklogs["assignment_id"]
        assert ids.astype(object).where(ids.notna(), None).tolist() == [extra[0]]
        assert data.worklogs["objective_cause"].tolist() == [extra[1] == "Có"]


def test_worklog_assignment_id_without_assignments_sheet_is_an_error(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    write_book(paths[2], {"Nhật ký": [LOG_HEADER,
                                      [*worklog_row(1, D(2026, 3, 2), "007", "T2"), "GV-1", None]]})
    _, issues = validate(paths)
    assert found(issues) == {("worklogs.xlsx", "unknown_code", "N2")}


UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Xếp loại của đơn vị",
               "Tỷ lệ xuất sắc tối đa (%)"]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        pytest.param(["Hoàn thành tốt nhiệm vụ", 25], set(), id="granted-25"),
        pytest.param(["HTXSNV", None], set(), id="level-key-share-blank"),
        pytest.param([None, "20"], set(), id="share-as-text"),
        pytest.param([None, 30], {("catalog.xlsx", "out_of_range", "E2")}, id="share-above-25"),
        pytest.param([None, -1], {("catalog.xlsx", "out_of_range", "E2")}, id="share-negative"),
        pytest.param(["Khá", None], {("catalog.xlsx", "bad_enum", "D2")}, id="unknown-level"),
    ],
)
def test_unit_level_and_excellent_share(tmp_path: Path, unit, expected) -> None:
    paths = valid_set(tmp_path)
    units = [UNIT_HEADER, ["UB", "UBND phường", None, *unit],
             *[[*row, None, None] for row in CATALOG["Đơn vị"][2:]]]
    write_book(paths[0], {**CATALOG, "Đơn vị": units})
    data, issues = validate(paths)
    assert found(issues) == expected
    if not expected:
        share = data.units["excellent_share"].iloc[0]
        assert (None if share != share else share) == (float(unit[1]) if unit[1] else None)


@pytest.mark.parametrize(
    ("row", "notices"),
    [
        pytest.param(0, set(), id="share-on-the-top-unit"),
        pytest.param(1, {("excellent_share_not_top", "E3")}, id="share-on-a-sub-unit-unused"),
    ],
)
def test_excellent_share_on_a_sub_unit_is_a_notice(tmp_path: Path, row, notices) -> None:
    paths = valid_set(tmp_path)
    units = [UNIT_HEADER, *[[*r, None, 25 if i == row else None]
                            for i, r in enumerate(CATALOG["Đơn vị"][1:])]]
    write_book(paths[0], {**CATALOG, "Đơn vị": units})
    _, issues = validate(paths)
    assert found(issues) == set()
    assert {(i.code, i.cell) for i in issues if i.code == "excellent_share_not_top"} == notices


def test_duty_group_read_and_descriptive_columns_optional(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    positions = [[*CATALOG["Vị trí việc làm"][0], "Nhóm nhiệm vụ tương đồng"],
                 *[[*row, "Một cửa" if row[0] == "CV" else None]
                   for row in CATALOG["Vị trí việc làm"][1:]]]
    tasks = [[row[i] for i in (0, 1, 2, 5, 6)] for row in CATALOG["Danh mục công việc"]]
    staff = [row[:5] for row in CATALOG["Cán bộ"]]
    write_book(paths[0], {**CATALOG, "Vị trí việc làm": positions, "Danh mục công việc": tasks,
                          "Cán bộ": staff})
    data, issues = validate(paths)
    assert found(issues) == set()
    notices = {(i.code, i.column) for i in issues if i.severity == "notice"}
    assert notices == {("descriptive_column_missing", "Đơn vị tính"),
                       ("descriptive_column_missing", "Loại sản phẩm đầu ra"),
                       ("descriptive_column_missing", "Loại cán bộ")}
    assert data.positions.set_index("position_code")["duty_group"].to_dict()["CV"] == "Một cửa"
    assert data.staff["staff_type"].isna().all()


def test_assignments_sheet_inside_the_worklogs_workbook(tmp_path: Path) -> None:
    paths = valid_set(tmp_path)
    write_book(paths[2], {"Nhật ký": [WORKLOG_HEADER, worklog_row(1, D(2026, 3, 2), "007", "T2")],
                          "Giao việc": [ASSIGNMENT_HEADER, GOOD]})
    data, issues = validate(paths)
    assert found(issues) == set()
    assert data.assignments["assignment_id"].tolist() == ["GV-1"]
