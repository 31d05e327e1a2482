"""Form 01's ten general items in the assessments (issue 11 row 9): range, all-or-none, sum."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kpitool.pipeline import run_score
from kpitool.rules import load_rules
from kpitool.schemas.assessments import GENERAL, GENERAL_ITEMS
from kpitool.validation import validate
from tests.xlsxbuild import valid_set, write_book

ITEM_LABELS = [vi for _, vi, _, _ in GENERAL_ITEMS]
HEADER = ["Mã cán bộ", "Kỳ đánh giá", "Điểm tiêu chí chung", "Kỷ luật", *ITEM_LABELS,
          "Điểm tự chấm", "Tự xếp loại"]
# columns: A staff, B period, C general, D discipline, E..N the ten items, O self score, P level
FULL = [5, 4.5, 2.5, 2.5, 2, 2.5, 2, 2.5, 2.5, 2]  # sums to 28


def assessments(folder: Path, rows: list[list[object]]) -> list[Path]:
    paths = valid_set(folder)
    book = write_book(folder / "assessments.xlsx", {"Tiêu chí chung": [HEADER, *rows]})
    return [*paths, book]


def row(general: object = None, items: list[object] | None = None, self_score: object = None,
        level: object = None) -> list[object]:
    return ["007", "2026-03", general, "Không", *(items or [None] * 10), self_score, level]


def found(issues) -> set[tuple[str, str]]:
    return {(i.code, i.cell) for i in issues if i.severity == "error"}


def with_blanks(*letters: str) -> list[object]:
    items: list[object] = list(FULL)
    for letter in letters:
        items[ord(letter) - ord("E")] = None
    return items


@pytest.mark.parametrize(
    ("assessment", "expected", "general_score"),
    [
        pytest.param(row(items=FULL), set(), 28.0, id="items-only-summed"),
        pytest.param(row(general=28, items=FULL), set(), 28.0, id="items-and-equal-total"),
        pytest.param(row(general=25), set(), 25.0, id="total-only"),
        pytest.param(row(general=27, items=FULL), {("general_items_sum", "C2")}, 27.0,
                     id="total-differs"),
        pytest.param(row(items=FULL, self_score=29), {("general_items_sum", "O2")}, 28.0,
                     id="self-score-differs"),
        pytest.param(row(items=with_blanks("F", "M")),
                     {("general_item_blank", "F2"), ("general_item_blank", "M2")}, None,
                     id="two-items-blank"),
        pytest.param(row(general=20, items=with_blanks("E")), {("general_item_blank", "E2")}, 20.0,
                     id="one-blank-never-zero"),
        pytest.param(row(items=[5, 5, 3, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5]),
                     {("out_of_range", "G2")}, None, id="item-above-max"),
        pytest.param(row(items=[-1, 5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5]),
                     {("out_of_range", "E2")}, None, id="item-below-zero"),
        pytest.param(row(general=31), {("general_over_max", "C2")}, 31.0, id="total-above-rules-max"),
        pytest.param(row(general=30), set(), 30.0, id="total-at-rules-max"),
        pytest.param(row(general=25, self_score=31), {("general_over_max", "O2")}, 25.0,
                     id="self-score-above-max"),
    ],
)
def test_general_items(tmp_path: Path, assessment: list[object], expected: set[tuple[str, str]],
                       general_score: float | None) -> None:
    data, issues = validate(assessments(tmp_path, [assessment]), rules=load_rules("nd335"))
    assert found(issues) == expected
    if general_score is not None:
        assert data.general["general_score"].tolist() == [general_score]


def test_blank_item_message_names_the_cell_and_the_fix(tmp_path: Path) -> None:
    _, issues = validate(assessments(tmp_path, [row(items=with_blanks("H"))]), rules=load_rules("nd335"))
    (issue,) = [i for i in issues if i.code == "general_item_blank"]
    assert (issue.sheet, issue.cell, issue.column) == ("Tiêu chí chung", "H2", ITEM_LABELS[3])
    assert "9 tiêu chí khác" in issue.message("vi") and "không được tính là 0" in issue.message("vi")
    assert "Enter this item's points" in issue.message("en")


def test_sum_message_gives_the_sum_in_each_language(tmp_path: Path) -> None:
    items = [5, 4.5, 2.5, 2.5, 2, 2.5, 2, 2.5, 2.5, 1.5]  # 27.5
    _, issues = validate(assessments(tmp_path, [row(general=27, items=items)]), rules=load_rules("nd335"))
    (issue,) = [i for i in issues if i.code == "general_items_sum"]
    assert "27,5" in issue.message("vi") and "27.5" in issue.message("en")


@pytest.mark.parametrize(
    ("written", "key", "error"),
    [
        pytest.param("Hoàn thành tốt nhiệm vụ", "HTTNV", False, id="vietnamese-label"),
        pytest.param("htxsnv", "HTXSNV", False, id="key-any-case"),
        pytest.param("Loại A", None, True, id="unknown-level"),
    ],
)
def test_self_level(tmp_path: Path, written: str, key: str | None, error: bool) -> None:
    data, issues = validate(assessments(tmp_path, [row(general=25, level=written)]),
                            rules=load_rules("nd335"))
    assert (("bad_enum", "P2") in found(issues)) is error
    if not error:
        assert data.general["self_level"].tolist() == [key]


def test_maxima_of_the_items_follow_the_decree() -> None:
    maxima = [GENERAL.column(key).max for key, *_ in GENERAL_ITEMS]
    assert maxima == [5, 5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5] and sum(maxima) == 30


def test_scoring_sees_the_sum_of_the_items(tmp_path: Path) -> None:
    paths = assessments(tmp_path, [row(items=FULL)])
    run = run_score(paths[2:3], {"catalog": paths[0], "norms": paths[1],
                                 "assessments": paths[3]}, "2026-03", "nd335")
    staff = run.result.staff.set_index("staff_id")
    assert staff.loc["007", "general_score"] == 28.0


def test_the_rules_maximum_reaches_validate_and_the_template(tmp_path: Path) -> None:
    import openpyxl
    from typer.testing import CliRunner

    from kpitool.cli import app
    from kpitool.rules import preset_text
    from tests.test_templates import validations

    rules = tmp_path / "rules.toml"
    rules.write_text(preset_text("nd335").replace("max_points = 30.0", "max_points = 20.0", 1),
                     encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["init", str(tmp_path / "tpl"), "--rules", str(rules)])
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(tmp_path / "tpl" / "assessments.xlsx")["Tiêu chí chung"]
    (rule,) = [v for key, v in validations(sheet).items() if key.startswith("C2:")]
    assert (rule.formula1, rule.formula2) == ("0", "20")
    paths = assessments(tmp_path, [row(general=25)])
    assert runner.invoke(app, ["validate", *map(str, paths)]).exit_code == 0
    done = runner.invoke(app, ["validate", *map(str, paths), "--rules", str(rules), "--json"])
    assert done.exit_code == 1
    assert "general_over_max" in done.stdout


@pytest.mark.parametrize("values, org_ability, wrong", [
    pytest.param((100.0, 50.0), 50, False, id="decree-50"),
    pytest.param((100.0, 50.0), 70, True, id="decree-70-refused"),
    pytest.param((100.0, 60.0), 60, False, id="own-rules-60"),
    pytest.param((100.0, 60.0), 50, True, id="own-rules-50-refused"),
])
def test_leader_values_come_from_the_rules(tmp_path: Path, values: tuple[float, float],
                                           org_ability: float, wrong: bool) -> None:
    """A leader's Đ and E take the rules' two values of a leader criterion, not a fixed 50/100
    (issue 10 point 6)."""
    rules = dataclasses.replace(load_rules("nd335"), subordinates_ok=values[0],
                                subordinates_not_ok=values[1])
    paths = valid_set(tmp_path)
    book = write_book(tmp_path / "assessments.xlsx", {"Tiêu chí chung": [
        [*HEADER, "Năng lực tổ chức"], [*row(general=27), org_ability]]})
    _, issues = validate([*paths, book], rules=rules)
    assert found(issues) == ({("not_allowed_value", "Q2")} if wrong else set())
