"""Templates: `kpitool init` blank workbooks and `kpitool template worklogs`, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.data import InputData, InputFile
from kpitool.errors import OutputError, UsageError
from kpitool.io.readers import empty_frame, read_inputs
from kpitool.issues import column_letter
from kpitool.schemas import SHEETS, WORKBOOKS, WORKLOGS
from kpitool.schemas.templates import (
    DATA_ROWS,
    LISTS_SHEET,
    worklog_choices,
    write_blank_templates,
    write_worklog_template,
)

runner = CliRunner()
GUIDE = {"vi": "Hướng dẫn", "en": "Guide"}
LAST = DATA_ROWS


# --------------------------------------------------------------------------------------------
# helpers


def frame(key: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """A canonical frame of one sheet kind (the readers' dtypes), from a few dict rows."""
    base = empty_frame(SHEETS[key])
    body = pd.DataFrame(rows)
    body["_file"], body["_sheet"], body["_row"] = f"{key}.xlsx", key, range(2, len(body) + 2)
    for column in base.columns:
        if column not in body:
            body[column] = pd.Series(None, index=body.index, dtype=base.dtypes[column])
    return body[list(base.columns)].astype(base.dtypes.to_dict())


def sample_data() -> InputData:
    """Units VP and TP; VP has 007 (CV, CMNV) and 008 (LD, LĐQL); TP has 101 (KT, CMDC).

    Tasks: T01 open to all · T02 for LD only · T03 for KT only (no one in VP) · T04 for unit
    TP only · T05 open but without a norm · T06 for CV and LD in unit VP.
    """
    data = InputData(**{key: empty_frame(sheet) for key, sheet in SHEETS.items()})
    data.units = frame("units", [{"unit_code": "VP", "unit_name": "Văn phòng"},
                                 {"unit_code": "TP", "unit_name": "Phòng Tư pháp"}])
    data.positions = frame("positions", [
        {"position_code": "CV", "position_name": "Chuyên viên", "position_group": "CMNV",
         "is_leader": False},
        {"position_code": "LD", "position_name": "Chánh văn phòng", "position_group": "LDQL",
         "is_leader": True},
        {"position_code": "KT", "position_name": "Kế toán", "position_group": "CMDC",
         "is_leader": False},
    ])
    data.staff = frame("staff", [
        {"staff_id": "007", "full_name": "Nguyễn Văn An", "unit_code": "VP", "position_code": "CV",
         "supervisor_id": "008", "staff_type": "cong_chuc"},
        {"staff_id": "008", "full_name": "Trần Thị Bình", "unit_code": "VP", "position_code": "LD",
         "staff_type": "cong_chuc"},
        {"staff_id": "101", "full_name": "Lê Văn Cường", "unit_code": "TP", "position_code": "KT",
         "staff_type": "vien_chuc"},
    ])
    data.tasks = frame("tasks", [
        {"task_code": "T01", "task_name": "Soạn công văn", "task_group": "B"},
        {"task_code": "T02", "task_name": "Chỉ đạo, điều hành", "task_group": "A",
         "positions": "LD"},
        {"task_code": "T03", "task_name": "Báo cáo tài chính", "task_group": "B",
         "positions": "KT"},
        {"task_code": "T04", "task_name": "Chứng thực bản sao", "task_group": "C",
         "unit_code": "TP"},
        {"task_code": "T05", "task_name": "Việc chưa có định mức", "task_group": "D"},
        {"task_code": "T06", "task_name": "Tổng hợp báo cáo tuần", "task_group": "C",
         "positions": "CV,LD", "unit_code": "VP"},
    ])
    data.norms = frame("norms", [
        {"task_code": "T01", "position_group": "*", "norm_hours": 2.0, "complexity": 1},
        {"task_code": "T01", "position_group": "LDQL", "norm_hours": 1.5, "complexity": 1},
        {"task_code": "T02", "position_group": "*", "norm_hours": 3.0, "complexity": 2},
        {"task_code": "T03", "position_group": "*", "norm_hours": 4.0, "complexity": 1},
        {"task_code": "T04", "position_group": "*", "norm_hours": 0.5, "complexity": 1},
        {"task_code": "T06", "position_group": "*", "norm_hours": 1.0, "complexity": 1,
         "effective_to": pd.Timestamp("2025-12-31")},
        {"task_code": "T06", "position_group": "*", "norm_hours": 1.25, "complexity": 1,
         "effective_from": pd.Timestamp("2026-01-01")},
    ])
    return data


def validations(sheet: Worksheet) -> dict[str, object]:
    """sqref → data validation."""
    return {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}


def column_format(sheet: Worksheet, letter: str) -> str | None:
    """The number format of a whole column (openpyxl groups equal neighbours into one range)."""
    index = openpyxl.utils.column_index_from_string(letter)
    for dim in sheet.column_dimensions.values():
        if dim.min and dim.max and dim.min <= index <= dim.max:
            return dim.number_format
    return None


def defined_range(book: openpyxl.Workbook, name: str) -> list[object]:
    """The values a defined name points at."""
    ((sheet_name, ref),) = book.defined_names[name].destinations
    return [row[0].value for row in book[sheet_name][ref.replace("$", "")]]


def header(sheet: Worksheet) -> list[object]:
    return [cell.value for cell in sheet[1]]


@pytest.fixture
def few_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cover 200 rows instead of DATA_ROWS: 15,000 lookup formulas take a while to write."""
    monkeypatch.setattr("kpitool.schemas.templates.DATA_ROWS", 200)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The blank templates in both languages, written once."""
    folders = {}
    for lang in ("vi", "en"):
        folder = tmp_path_factory.mktemp(f"init-{lang}")
        write_blank_templates(folder, lang=lang, general_max=30.0,
        leader_values=(100.0, 50.0))
        folders[lang] = folder
    return folders


@pytest.fixture(scope="module")
def unit_template(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The worklogs template of unit VP, Vietnamese."""
    out = tmp_path_factory.mktemp("tpl") / "nhat-ky-VP.xlsx"
    write_worklog_template(sample_data(), "VP", out, as_of=dt.date(2026, 3, 1))
    return openpyxl.load_workbook(out)


# --------------------------------------------------------------------------------------------
# kpitool init


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_workbooks_have_every_sheet_and_header(blank: dict[str, Path], lang: str) -> None:
    for book in WORKBOOKS:
        workbook = openpyxl.load_workbook(blank[lang] / f"{book.key}.xlsx")
        assert workbook.sheetnames == [s.label(lang) for s in book.sheets] + [GUIDE[lang]]
        assert workbook.active.title == book.sheets[0].label(lang)
        for kind in book.sheets:
            sheet = workbook[kind.label(lang)]
            assert header(sheet) == [c.label(lang) for c in kind.columns]
            assert sheet.freeze_panes == "A2"
            assert sheet["A1"].font.b
            assert sheet.max_row == 1  # no styled blank rows for the readers to wade through


def test_headers_by_language(blank: dict[str, Path]) -> None:
    vi = openpyxl.load_workbook(blank["vi"] / "worklogs.xlsx")["Nhật ký"]
    en = openpyxl.load_workbook(blank["en"] / "worklogs.xlsx")["worklogs"]
    assert header(vi)[:4] == ["Ngày thực hiện", "Mã cán bộ", "Mã công việc", "Nội dung công việc"]
    assert header(en)[:4] == ["date", "staff_id", "task_code", "description"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_column_has_a_prompt_on_header_and_data_rows(
    blank: dict[str, Path], lang: str
) -> None:
    for book in WORKBOOKS:
        workbook = openpyxl.load_workbook(blank[lang] / f"{book.key}.xlsx")
        for kind in book.sheets:
            found = validations(workbook[kind.label(lang)])
            for i, column in enumerate(kind.columns):
                letter = column_letter(i)
                for ref in (f"{letter}1", f"{letter}2:{letter}{LAST}"):
                    rule = found[ref]
                    assert rule.showInputMessage, ref
                    assert rule.promptTitle == column.label(lang)[:32]
                    assert rule.prompt == column.help(lang)


@pytest.mark.parametrize(
    ("lang", "sheet", "key", "kind", "formula1", "formula2"),
    [
        pytest.param("vi", "worklogs", "status", "list", '"Đã duyệt,Chờ duyệt,Trả lại"', None,
                     id="status-vi"),
        pytest.param("en", "worklogs", "status", "list", '"approved,pending,returned"', None,
                     id="status-en"),
        pytest.param("vi", "worklogs", "quality", "list", '"Đạt,Không đạt,Xuất sắc"', None,
                     id="quality"),
        pytest.param("vi", "positions", "position_group", "list", '"LĐQL,CMNV,CMDC,HTPV"', None,
                     id="position-group"),
        pytest.param("vi", "positions", "is_leader", "list", '"Có,Không"', None, id="yes-no"),
        pytest.param("en", "general", "discipline", "list", '"yes,no"', None, id="yes-no-en"),
        pytest.param("vi", "tasks", "task_group", "list", '"A,B,C,D"', None, id="task-group"),
        pytest.param("vi", "staff", "staff_type", "list",
                     '"Cán bộ,Công chức,Viên chức,Hợp đồng"', None, id="staff-type"),
        pytest.param("vi", "norms", "position_group", "list", '"LĐQL,CMNV,CMDC,HTPV,*"', None,
                     id="norm-group-any"),
        pytest.param("vi", "calendar", "kind", "list", '"Nghỉ,Làm bù"', None, id="day-kind"),
        pytest.param("vi", "general", "org_ability", "list", '"50,100"', None, id="allowed"),
        pytest.param("vi", "general", "general_score", "decimal", "0", "30", id="decimal-range"),
        pytest.param("vi", "general", "g1_1", "decimal", "0", "5", id="form01-item-max-5"),
        pytest.param("en", "general", "g3_4", "decimal", "0", "2.5", id="form01-item-max-2.5"),
        pytest.param("vi", "general", "self_level", "list",
                     '"Hoàn thành xuất sắc nhiệm vụ,Hoàn thành tốt nhiệm vụ,Hoàn thành nhiệm vụ,'
                     'Không hoàn thành nhiệm vụ"', None, id="self-level"),
        pytest.param("vi", "norms", "complexity", "whole", "1", "10", id="whole-range"),
        pytest.param("vi", "worklogs", "rework_count", "whole", "0", "100", id="whole-from-zero"),
        pytest.param("vi", "worklogs", "hours", "custom", "AND(ISNUMBER(F2),F2>0,F2<=24)", None,
                     id="exclusive-minimum"),
        pytest.param("vi", "norms", "norm_hours", "custom",
                     "AND(ISNUMBER(C2),C2>0,C2<=10000)", None, id="norm-hours"),
        pytest.param("vi", "worklogs", "date", "date", "1", "73415", id="date"),
        pytest.param("vi", "staff", "end_date", "date", "1", "73415", id="optional-date"),
        pytest.param("vi", "staff", "staff_id", None, None, None, id="id-free-text"),
    ],
)
def test_data_validation_by_column(
    blank: dict[str, Path], lang: str, sheet: str, key: str, kind: str | None,
    formula1: str | None, formula2: str | None,
) -> None:
    kind_of_sheet = SHEETS[sheet]
    book = next(b for b in WORKBOOKS if kind_of_sheet in b.sheets)
    workbook = openpyxl.load_workbook(blank[lang] / f"{book.key}.xlsx")
    letter = column_letter(kind_of_sheet.keys.index(key))
    rule = validations(workbook[kind_of_sheet.label(lang)])[f"{letter}2:{letter}{LAST}"]
    assert (rule.type, rule.formula1, rule.formula2) == (kind, formula1, formula2)
    if kind is not None:
        assert rule.allow_blank and rule.showErrorMessage and rule.error


@pytest.mark.parametrize(
    ("kind", "number_format"),
    [("id", "@"), ("text", "@"), ("period", "@"), ("codes", "@"), ("date", "d/m/yyyy"),
     ("integer", "0")],
)
def test_number_formats_by_column_kind(
    blank: dict[str, Path], kind: str, number_format: str
) -> None:
    checked = 0
    for book in WORKBOOKS:
        workbook = openpyxl.load_workbook(blank["vi"] / f"{book.key}.xlsx")
        for sheet_kind in book.sheets:
            for i, column in enumerate(sheet_kind.columns):
                if column.kind == kind:
                    sheet = workbook[sheet_kind.label("vi")]
                    assert column_format(sheet, column_letter(i)) == number_format, column.key
                    checked += 1
    assert checked


def test_column_widths_fit_the_labels(blank: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(blank["vi"] / "catalog.xlsx")["Vị trí việc làm"]
    for i, column in enumerate(SHEETS["positions"].columns):
        index = i + 1
        dim = next(d for d in sheet.column_dimensions.values() if d.min <= index <= d.max)
        assert dim.width >= len(column.vi)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_guide_explains_every_sheet_and_column(blank: dict[str, Path], lang: str) -> None:
    for book in WORKBOOKS:
        guide = openpyxl.load_workbook(blank[lang] / f"{book.key}.xlsx")[GUIDE[lang]]
        rows = list(guide.iter_rows(values_only=True))
        by_key = {(row[0], row[2]): row for row in rows if row[2]}
        for sheet in book.sheets:
            for column in sheet.columns:
                row = by_key[(sheet.label(lang), column.key)]
                assert row[1] == column.label(lang)
                assert row[5] == column.help(lang)
                assert row[3] and row[4]
    guide = openpyxl.load_workbook(blank["vi"] / "worklogs.xlsx")["Hướng dẫn"]
    rows = {row[2]: row for row in guide.iter_rows(values_only=True) if row[2]}
    assert rows["status"][4] == "Đã duyệt / Chờ duyệt / Trả lại"
    assert rows["staff_id"][3] == "Bắt buộc"
    assert rows["quality"][3] == "Có cột, được để trống"
    assert rows["quantity"][3] == "Không bắt buộc"
    assert rows["quantity"][4] == "số > 0 và ≤ 100000; mặc định: 1"
    assert rows["hours"][4] == "số > 0 và ≤ 24"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "norms.xlsx").write_bytes(b"mine")
    with pytest.raises(UsageError) as caught:  # the command line asks for it: exit code 2
        write_blank_templates(tmp_path, general_max=30.0,
        leader_values=(100.0, 50.0))
    assert caught.value.code == "output_exists"
    assert "norms.xlsx" in caught.value.render()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["norms.xlsx"]
    assert (tmp_path / "norms.xlsx").read_bytes() == b"mine"


def test_init_force_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "norms.xlsx").write_bytes(b"mine")
    written = write_blank_templates(tmp_path / ".", lang="en", force=True, general_max=30.0,
        leader_values=(100.0, 50.0))
    assert [p.name for p in written] == [f"{b.key}.xlsx" for b in WORKBOOKS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert openpyxl.load_workbook(tmp_path / "norms.xlsx").sheetnames[0] == "norms"


def test_init_creates_the_folder(tmp_path: Path) -> None:
    write_blank_templates(tmp_path / "a" / "b", general_max=30.0,
        leader_values=(100.0, 50.0))
    assert (tmp_path / "a" / "b" / "catalog.xlsx").is_file()


def test_init_into_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x")
    with pytest.raises(OutputError) as caught:
        write_blank_templates(tmp_path / "taken", general_max=30.0,
        leader_values=(100.0, 50.0))
    assert caught.value.code == "cannot_write"


def fill_rows(path: Path, rows_by_sheet: dict[int, list[list[object]]]) -> None:
    book = openpyxl.load_workbook(path)
    for index, rows in rows_by_sheet.items():
        for row in rows:
            book.worksheets[index].append(row)
    book.save(path)


ENGLISH_VALUES = {"Không": "no", "Có": "yes", "LĐQL": "LDQL", "Công chức": "cong_chuc",
                  "Viên chức": "vien_chuc", "Nghỉ": "off", "Đã duyệt": "approved",
                  "Chờ duyệt": "pending", "Đạt": "pass"}


def fill_blank_inputs(folder: Path, lang: str = "vi") -> None:
    """A few rows in each of the five blank templates; English keys for --lang en."""
    D = dt.datetime

    def _fill(path: Path, rows_by_sheet: dict[int, list[list[object]]]) -> None:
        if lang == "en":
            rows_by_sheet = {
                index: [[ENGLISH_VALUES.get(v, v) if isinstance(v, str) else v for v in row]
                        for row in rows]
                for index, rows in rows_by_sheet.items()
            }
        fill_rows(path, rows_by_sheet)

    _fill(folder / "catalog.xlsx", {
        0: [["VP", "Văn phòng", None], ["TP", "Phòng Tư pháp", None]],
        1: [["CV", "Chuyên viên", "CMNV", "Không"], ["LD", "Chánh văn phòng", "LĐQL", "Có"]],
        2: [["T01", "Soạn công văn", "B", "văn bản", "Công văn", None, None],
            ["T02", "Chỉ đạo, điều hành", "A", "việc", None, "LD", None],
            ["T04", "Chứng thực bản sao", "C", "hồ sơ", None, None, "TP"]],
        3: [["008", "Trần Thị Bình", "VP", "LD", None, "Công chức", None, None],
            ["007", "Nguyễn Văn An", "VP", "CV", "008", "Công chức", D(2020, 1, 1), None],
            ["101", "Lê Văn Cường", "TP", "CV", None, "Viên chức", None, None]],
    })
    _fill(folder / "norms.xlsx", {
        0: [["T01", "*", 2, 1, None, None], ["T01", "LĐQL", 1.5, 1, None, None],
            ["T02", None, 3, 2, D(2026, 1, 1), None], ["T04", "*", 0.5, 1, None, None]],
        1: [[D(2026, 3, 9), "Nghỉ", "Nghỉ bù"]],
        2: [["007", D(2026, 3, 16), D(2026, 3, 17), "Nghỉ phép năm"]],
    })
    _fill(folder / "worklogs.xlsx", {
        0: [[D(2026, 3, 2), "007", "T01", "Soạn công văn", 1, 2, None, D(2026, 3, 2), "12/VP",
             "Đã duyệt", "Đạt", 0, None, "008", None],
            [D(2026, 3, 3), "008", "T02", None, None, 3.5, D(2026, 3, 5), None, None,
             "Chờ duyệt", None, None, None, None, "Họp giao ban"]],
    })
    _fill(folder / "assessments.xlsx", {0: [["007", "2026-03", 25, "Không", None, None],
                                            ["008", "2026-Q1", 27.5, "Không", 100, 50]]})
    _fill(folder / "assignments.xlsx", {0: [["GV-1", "007", "T01", 3, D(2026, 3, 2),
                                             D(2026, 3, 31), None]]})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_blank_templates_filled_in_read_back_without_errors(tmp_path: Path, lang: str) -> None:
    paths = write_blank_templates(tmp_path, lang=lang, general_max=30.0,
        leader_values=(100.0, 50.0))
    fill_blank_inputs(tmp_path, lang)
    data, issues = read_inputs(paths)
    assert [i for i in issues if i.severity == "error"] == []
    assert list(data.staff["staff_id"]) == ["008", "007", "101"]
    assert list(data.worklogs["status"]) == ["approved", "pending"]
    assert list(data.general["org_ability"].isna()) == [True, False]
    assert list(data.assignments["quantity"]) == [3.0]
    assert list(data.assignments["deadline"]) == [pd.Timestamp(2026, 3, 31)]
    assert {f.kind for f in data.files} == {"catalog", "norms", "worklogs", "assessments",
                                            "assignments"}


# --------------------------------------------------------------------------------------------
# choosing staff and tasks for a unit


def test_choices_for_a_unit_are_exactly_its_staff_and_their_tasks() -> None:
    choices = worklog_choices(sample_data(), "VP", as_of=dt.date(2026, 3, 1))
    assert [s[:2] for s in choices.staff] == [("007", "Nguyễn Văn An"), ("008", "Trần Thị Bình")]
    # T03: another position only · T04: another unit only · T05: no norm
    assert [t[0] for t in choices.tasks] == ["T01", "T02", "T06"]
    profile = {staff_id: p for staff_id, _, p in choices.staff}
    assert choices.norms == {
        f"{profile['007']}|T01": 2.0,  # CMNV falls back to the norm for any group
        f"{profile['007']}|T06": 1.25,  # the norm in force on as_of
        f"{profile['008']}|T01": 1.5,  # LĐQL has its own norm
        f"{profile['008']}|T02": 3.0,
        f"{profile['008']}|T06": 1.25,
    }


def test_choices_use_the_norm_in_force_on_the_day() -> None:
    choices = worklog_choices(sample_data(), "VP", as_of=dt.date(2025, 6, 1))
    assert choices.norms["1|T06"] == 1.0


def test_choices_without_unit_cover_every_unit() -> None:
    choices = worklog_choices(sample_data(), None, as_of=dt.date(2026, 3, 1))
    assert [s[0] for s in choices.staff] == ["007", "008", "101"]
    assert [t[0] for t in choices.tasks] == ["T01", "T02", "T03", "T04", "T06"]
    assert "1|T04" not in choices.norms and "3|T04" in choices.norms


@pytest.mark.parametrize(
    ("unit", "code"),
    [pytest.param("XX", "unknown_unit", id="unknown-unit"),
     pytest.param("EMPTY", "unit_without_staff", id="unit-without-staff")],
)
def test_choices_refuse_a_unit_without_staff(unit: str, code: str) -> None:
    data = sample_data()
    data.units = pd.concat([data.units, frame("units", [{"unit_code": "EMPTY",
                                                         "unit_name": "Chưa có người"}])])
    with pytest.raises(UsageError) as caught:
        worklog_choices(data, unit)
    assert caught.value.code == code
    if code == "unknown_unit":
        assert caught.value.params["allowed"] == "EMPTY, TP, VP"


def test_choices_refuse_a_unit_whose_staff_may_log_nothing() -> None:
    data = sample_data()
    data.norms = data.norms[data.norms["task_code"] == "T03"]
    with pytest.raises(UsageError) as caught:
        worklog_choices(data, "VP")
    assert caught.value.code == "no_allowed_tasks"


# --------------------------------------------------------------------------------------------
# the worklogs template of one unit


def test_unit_template_sheets_and_defined_names(unit_template: openpyxl.Workbook) -> None:
    assert unit_template.sheetnames == ["Nhật ký", "Hướng dẫn", LISTS_SHEET]
    assert unit_template[LISTS_SHEET].sheet_state == "hidden"
    assert unit_template["Nhật ký"].sheet_state == "visible"
    assert defined_range(unit_template, "kpi_staff_ids") == ["007", "008"]
    assert defined_range(unit_template, "kpi_staff_names") == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert defined_range(unit_template, "kpi_task_codes") == ["T01", "T02", "T06"]
    assert defined_range(unit_template, "kpi_task_names") == [
        "Soạn công văn", "Chỉ đạo, điều hành", "Tổng hợp báo cáo tuần"]
    keys = defined_range(unit_template, "kpi_norm_keys")
    assert dict(zip(keys, defined_range(unit_template, "kpi_norm_hours"), strict=True)) == {
        "1|T01": 2, "1|T06": 1.25, "2|T01": 1.5, "2|T02": 3, "2|T06": 1.25}


def test_unit_template_dropdowns_use_the_hidden_lists(unit_template: openpyxl.Workbook) -> None:
    sheet = unit_template["Nhật ký"]
    labels = header(sheet)
    assert labels[:6] == ["Ngày thực hiện", "Mã cán bộ", "Họ và tên", "Mã công việc",
                          "Tên công việc", "Định mức (giờ)"]
    assert labels[6:] == [c.vi for c in WORKLOGS.columns[3:]]
    found = validations(sheet)
    staff, task = found[f"B2:B{LAST}"], found[f"D2:D{LAST}"]
    assert (staff.type, staff.formula1) == ("list", "kpi_staff_ids")
    assert (task.type, task.formula1) == ("list", "kpi_task_codes")
    assert staff.errorStyle in (None, "stop") and staff.error
    status = found[f"M2:M{LAST}"]
    assert status.formula1 == '"Đã duyệt,Chờ duyệt,Trả lại"'
    assert found[f"I2:I{LAST}"].formula1 == f"AND(ISNUMBER(I2),I2>0,I2<={24})"
    assert sheet.freeze_panes == "A2"
    assert column_format(sheet, "B") == "@"


def test_unit_template_lookup_columns_are_locked_grey_formulas(
    unit_template: openpyxl.Workbook,
) -> None:
    sheet = unit_template["Nhật ký"]
    assert sheet.protection.sheet
    for row in (2, LAST):
        name, task_name, norm = sheet[f"C{row}"], sheet[f"E{row}"], sheet[f"F{row}"]
        assert name.value == (f'=IF(B{row}="","",IFERROR(INDEX(kpi_staff_names,'
                              f'MATCH(B{row},kpi_staff_ids,0)),""))')
        assert task_name.value.startswith(f'=IF(D{row}="","",IFERROR(INDEX(kpi_task_names,')
        assert f'INDEX(kpi_staff_profiles,MATCH(B{row},kpi_staff_ids,0))&"|"&D{row}' in norm.value
        assert norm.value.endswith('"Không áp dụng cho cán bộ này"))')
        for cell in (name, task_name, norm):
            assert cell.protection.locked
            assert cell.fill.fgColor.rgb == "FFE7E6E6"
    assert sheet[f"C{LAST + 1}"].value is None
    for letter in ("A", "B", "D", "G", "M"):
        dim = next(d for d in sheet.column_dimensions.values()
                   if d.min <= openpyxl.utils.column_index_from_string(letter) <= d.max)
        assert dim.protection.locked is False, letter


@pytest.mark.usefixtures("few_rows")
def test_unit_template_english(tmp_path: Path) -> None:
    out = write_worklog_template(sample_data(), "VP", tmp_path / "vp.xlsx", lang="en")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["worklogs", "Guide", LISTS_SHEET]
    assert header(book["worklogs"])[:6] == ["date", "staff_id", "full_name", "task_code",
                                            "task_name", "norm_hours"]
    assert book["worklogs"]["F2"].value.endswith('"Not allowed for this staff member"))')


@pytest.mark.usefixtures("few_rows")
def test_catalog_text_is_never_a_formula(tmp_path: Path) -> None:
    data = sample_data()
    data.staff.loc[0, "full_name"] = '=HYPERLINK("http://evil.example","x")'
    out = write_worklog_template(data, "VP", tmp_path / "vp.xlsx")
    lists = openpyxl.load_workbook(out)[LISTS_SHEET]
    assert lists["B2"].data_type == "s"
    assert lists["B2"].value == '=HYPERLINK("http://evil.example","x")'


@pytest.mark.usefixtures("few_rows")
def test_template_refuses_existing_output_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "vp.xlsx"
    out.write_bytes(b"mine")
    with pytest.raises(UsageError) as caught:
        write_worklog_template(sample_data(), "VP", out)
    assert caught.value.code == "output_exists" and out.read_bytes() == b"mine"
    write_worklog_template(sample_data(), "VP", out, force=True)
    assert openpyxl.load_workbook(out).sheetnames[0] == "Nhật ký"


@pytest.mark.usefixtures("few_rows")
def test_template_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    data = sample_data()
    catalog = tmp_path / "catalog.xlsx"
    catalog.write_bytes(b"catalog")
    data.files = [InputFile(catalog, "catalog", "0" * 64)]
    with pytest.raises(OutputError) as caught:
        write_worklog_template(data, "VP", tmp_path / "." / "catalog.xlsx", force=True)
    assert caught.value.code == "output_is_input"
    assert catalog.read_bytes() == b"catalog"


def test_template_wants_an_xlsx_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        write_worklog_template(sample_data(), "VP", tmp_path / "vp.xls")
    assert caught.value.code == "output_not_xlsx"


# --------------------------------------------------------------------------------------------
# command line


def test_cli_init_then_refuses_then_forces(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "mau")])
    assert result.exit_code == 0, result.output
    assert "catalog.xlsx" in result.output
    assert sorted(p.name for p in (tmp_path / "mau").iterdir()) == [
        "assessments.xlsx", "assignments.xlsx", "catalog.xlsx", "norms.xlsx", "worklogs.xlsx"]
    again = runner.invoke(app, ["init", str(tmp_path / "mau")], env={"COLUMNS": "200"})
    assert again.exit_code == 2  # a usage error: the command line asks to write over files
    assert "catalog.xlsx" in again.output and "--force" in again.output
    forced = runner.invoke(app, ["init", str(tmp_path / "mau"), "--force", "--lang", "en"])
    assert forced.exit_code == 0, forced.output
    assert openpyxl.load_workbook(tmp_path / "mau" / "catalog.xlsx").sheetnames[0] == "units"


def test_cli_init_bad_lang_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--lang", "fr"])
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    write_blank_templates(tmp_path, general_max=30.0,
        leader_values=(100.0, 50.0))
    fill_blank_inputs(tmp_path)
    return tmp_path / "catalog.xlsx", tmp_path / "norms.xlsx"


def _template_args(catalog: Path, norms: Path, out: Path, *more: str) -> list[str]:
    return ["template", "worklogs", "--catalog", str(catalog), "--norms", str(norms),
            "-o", str(out), *more]


@pytest.mark.usefixtures("few_rows")
def test_cli_template_for_a_unit(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "nhat-ky-VP.xlsx"
    result = runner.invoke(app, _template_args(*inputs, out, "--unit", "VP"))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert defined_range(book, "kpi_staff_ids") == ["008", "007"]
    assert defined_range(book, "kpi_task_codes") == ["T01", "T02"]
    again = runner.invoke(app, _template_args(*inputs, out, "--unit", "VP"))
    assert again.exit_code == 2  # usage: the output exists and --force is not given
    forced = runner.invoke(app, _template_args(*inputs, out, "--unit", "TP", "--force"))
    assert forced.exit_code == 0, forced.output
    assert defined_range(openpyxl.load_workbook(out), "kpi_task_codes") == ["T01", "T04"]


@pytest.mark.parametrize(
    ("args", "exit_code", "shown"),
    [
        pytest.param(["--unit", "XX"], 2, "TP, VP", id="unknown-unit"),
        pytest.param(["--lang", "fr"], 2, "--lang", id="bad-lang"),
    ],
)
def test_cli_template_usage_errors(
    inputs: tuple[Path, Path], tmp_path: Path, args: list[str], exit_code: int, shown: str
) -> None:
    result = runner.invoke(app, _template_args(*inputs, tmp_path / "t.xlsx", *args),
                           env={"COLUMNS": "200"})
    assert result.exit_code == exit_code
    assert shown in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_cli_template_unknown_kind(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    args = _template_args(*inputs, tmp_path / "t.xlsx")
    args[1] = "norms"
    result = runner.invoke(app, args)
    assert result.exit_code == 2


def test_cli_template_never_writes_over_an_input(inputs: tuple[Path, Path]) -> None:
    catalog, norms = inputs
    before = norms.read_bytes()
    result = runner.invoke(app, _template_args(catalog, norms, norms, "--force"))
    assert result.exit_code == 1
    assert norms.read_bytes() == before


def test_cli_template_missing_input_file(tmp_path: Path) -> None:
    result = runner.invoke(app, _template_args(tmp_path / "nope.xlsx", tmp_path / "nope2.xlsx",
                                               tmp_path / "t.xlsx"), env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "nope.xlsx" in result.output


def test_cli_template_stops_on_input_errors(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    catalog, norms = inputs
    fill_rows(catalog, {1: [["XX", "Vị trí lạ", "không có nhóm này", "Có"]]})
    result = runner.invoke(app, _template_args(catalog, norms, tmp_path / "t.xlsx"),
                           env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "bad_enum" in result.output
    assert not (tmp_path / "t.xlsx").exists()


@pytest.mark.usefixtures("few_rows")
def test_unit_template_filled_in_reads_back_without_errors(
    inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "vp.xlsx"
    assert runner.invoke(app, _template_args(*inputs, out, "--unit", "VP")).exit_code == 0
    book = openpyxl.load_workbook(out)
    sheet = book["Nhật ký"]
    labels = header(sheet)
    row = {"Ngày thực hiện": dt.datetime(2026, 3, 3), "Mã cán bộ": "007", "Mã công việc": "T01",
           "Số giờ thực hiện": 2, "Ngày hoàn thành": dt.datetime(2026, 3, 3),
           "Sản phẩm đầu ra": "13/VP", "Trạng thái": "Đã duyệt", "Chất lượng": "Đạt"}
    for label, value in row.items():
        sheet.cell(2, labels.index(label) + 1, value)
    book.save(out)
    data, issues = read_inputs([*inputs, out])
    assert [i for i in issues if i.severity == "error"] == []
    assert len(data.worklogs) == 1
    assert data.worklogs.loc[0, "staff_id"] == "007"
    assert data.worklogs.loc[0, "_row"] == 2


def test_python_dash_m_init(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kpitool", "init", str(tmp_path), "--lang", "en"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "assessments.xlsx").is_file()
