"""Issue 11, the arithmetic: each departure from Decree 335, pass and fail side by side, on real
workbooks written by the tests; the golden assigned-basis month of docs/scoring.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpitool.rules import preset_text
from kpitool.scoring import explain
from tests.decree_books import D, general, log, score_set

# --- the golden assigned-work month (docs/scoring.md, "A month on assigned work") ---------

ASSIGNMENTS = [
    {"assignment_id": "GV1", "staff_id": "A", "task_code": "T1", "quantity": 20,
     "deadline": D(2026, 4, 30)},
    {"assignment_id": "GV2", "staff_id": "A", "task_code": "T2", "quantity": 5,
     "deadline": D(2026, 4, 30)},
    {"assignment_id": "GV3", "staff_id": "B", "task_code": "T1", "quantity": 10,
     "deadline": D(2026, 4, 30)},
    {"assignment_id": "GV4", "staff_id": "B", "task_code": "T2", "quantity": 10,
     "deadline": D(2026, 4, 20)},
]
GOLDEN_LOGS = [
    log("A", "T1", 20, assignment_id="GV1"),
    log("A", "T2", 5, D(2026, 4, 7), rework_count=1, assignment_id="GV2",
        objective_cause="Có"),
    log("A", "T3", 4, D(2026, 4, 8)),
    log("A", "T2", 2, D(2026, 4, 21), assignment_id="GV4"),
    log("B", "T1", 10, assignment_id="GV3"),
    log("B", "T2", 6, D(2026, 4, 9), rework_count=1, assignment_id="GV4"),
    log("L", "T1", 40, approver_id="GD"),
]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory):
    return score_set(tmp_path_factory.mktemp("golden"), worklogs=GOLDEN_LOGS,
                     general=general("A", "L", score=27) + general("B", score=24),
                     assignments=ASSIGNMENTS)


def test_golden_assigned_month(golden) -> None:
    staff = golden.result.staff.set_index("staff_id")
    columns = ["basis", "basis_hours", "capacity_hours", "assigned_hours", "quantity_pct",
               "quality_pct", "progress_pct", "leader_d", "task_score", "general_score",
               "total", "level"]
    got = {s: [None if v != v else v for v in staff.loc[s, columns].tolist()]
           for s in ("A", "B", "L")}
    nan = None
    assert got == {
        # A: P = 20×2 + 5×4×1.2 = 64; a = 40 + 24 + 12 + 9.6 = 85.6; b the same (the rework
        # of GV2 waived); c = 85.6 − 9.6×0.25 = 83.2 (GV4 delivered a day late) → 133.75,
        # 133.75, 130 %; task score 70 × 397.5 / 300 = 92.75, capped at 70.
        "A": ["assigned", 64.0, 160.0, 64.0, 133.75, 133.75, 130.0, nan, 70.0, 27.0, 97.0,
              "HTXSNV"],
        # B: P = 10×2 + 10×4×1.2 = 68 (GV4 stays hers though A delivered two of its ten);
        # a = 20 + 28.8 = 48.8, b = 20 + 28.8×0.75 = 41.6, c = 48.8 → 71.76, 61.18, 71.76 %;
        # task 70 × 204.7059 / 300 = 47.76.
        "B": ["assigned", 68.0, 160.0, 68.0, 71.76, 61.18, 71.76, nan, 47.76, 24.0, 71.76,
              "HTTNV"],
        # L: no assignment while others have some: capacity 160 h; 80 converted hours → 50 %;
        # D 100 (A and B both at 50 points or more); 70 × (150 + 300) / 600 = 52.5.
        "L": ["capacity", 160.0, 160.0, nan, 50.0, 50.0, 50.0, 100.0, 52.5, 27.0, 79.5, "HTTNV"],
    }
    assert "flag_no_assignments" in staff.loc["L", "flags"]
    assert "flag_no_assignments" not in staff.loc["A", "flags"]
    assert not any(i.code == "no_assignments_sheet" for i in golden.issues)


def test_golden_explain_shows_deliveries(golden) -> None:
    story = explain(golden.result, "A")
    rows = {(r["task_code"], r["assignment_id"]): r for r in story["rows"]}
    assert rows[("T1", "GV1")]["delivers"] == "own"
    assert rows[("T3", None)]["delivers"] == "ad_hoc"
    assert rows[("T2", "GV4")]["delivers"] == "taken_over"
    assert rows[("T2", "GV4")]["assignment_owner"] == "B"
    waived = rows[("T2", "GV2")]
    assert waived["objective_cause"] is True and waived["quality_points"] == 24.0
    assert story["cycles"][0]["assigned_hours"] == 64.0
    assert story["cycles"][0]["capacity_hours"] == 160.0


# --- row 1: the basis -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "assignments", "basis", "quantity_pct", "notice"),
    [
        pytest.param("nd335", ASSIGNMENTS, "assigned", 133.75, False, id="assigned-P"),
        pytest.param("khanh-hoa", ASSIGNMENTS, "capacity", None, False,
                     id="capacity-rules-ignore-P"),
        pytest.param("nd335", None, "capacity", 53.5, True, id="no-sheet-capacity-and-notice"),
    ],
)
def test_basis(tmp_path: Path, rules, assignments, basis, quantity_pct, notice) -> None:
    logs = GOLDEN_LOGS[:4] if assignments else [
        {k: v for k, v in row.items() if k != "assignment_id"} for row in GOLDEN_LOGS[:4]]
    run = score_set(tmp_path, rules=rules, worklogs=logs, general=general("A") + general("L"),
                    assignments=assignments)
    person = run.result.staff.set_index("staff_id").loc["A"]
    assert person["basis"] == basis
    if quantity_pct is not None:
        # 85.6 / 160 = 53.5 % against the capacity
        assert person["quantity_pct"] == quantity_pct
    assert [i.code for i in run.issues if i.code == "no_assignments_sheet"] == \
        (["no_assignments_sheet"] if notice else [])
    assert bool(person["assigned_hours"] == 64.0) is (assignments is not None)


# --- row 2: only the 70-point criterion is capped ----------------------------------------


@pytest.mark.parametrize(
    ("cap_line", "quantity_pct", "task_score"),
    [
        pytest.param("", 133.75, 70.0, id="decree-percentages-uncapped"),
        pytest.param("percent_cap = 100.0\n", 100.0, 70.0, id="old-cap-100"),
    ],
)
def test_percent_cap(tmp_path: Path, cap_line, quantity_pct, task_score) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(preset_text("nd335").replace("delay_deduction = 0.25\n",
                                                  f"delay_deduction = 0.25\n{cap_line}"),
                     encoding="utf-8")
    run = score_set(tmp_path / "in", rules=str(rules), worklogs=GOLDEN_LOGS[:4],
                    general=general("A") + general("L"), assignments=ASSIGNMENTS)
    person = run.result.staff.set_index("staff_id").loc["A"]
    assert (person["quantity_pct"], person["task_score"]) == (quantity_pct, task_score)


def test_extra_work_makes_up_for_a_shortfall(tmp_path: Path) -> None:
    # B is assigned A's two lines (P = 64); she does 30 of T1 (60 h) and her 5 of T2 (24 h)
    # fail quality: a = 84 → 131.25 %, b = 60 → 93.75 %, c = 84 → 131.25 %
    logs = [log("B", "T1", 30), log("B", "T2", 5, quality="Không đạt")]
    args = {"worklogs": logs, "general": general("B", score=24),
            "assignments": [dict(a, staff_id="B") for a in ASSIGNMENTS[:2]]}
    uncapped = score_set(tmp_path / "a", **args).result.staff.set_index("staff_id").loc["B"]
    rules = tmp_path / "r.toml"
    rules.write_text(preset_text("nd335").replace(
        "delay_deduction = 0.25\n", "delay_deduction = 0.25\npercent_cap = 100.0\n"), "utf-8")
    capped = score_set(tmp_path / "b", rules=str(rules), **args).result.staff.set_index(
        "staff_id").loc["B"]
    # the decree: 70 × 356.25 / 300 = 83.13, capped at 70 — the extra T1 makes up for T2
    assert (uncapped["quantity_pct"], uncapped["quality_pct"], uncapped["task_score"]) == \
        (131.25, 93.75, 70.0)
    # each percentage capped at 100: 70 × 293.75 / 300 = 68.54
    assert (capped["quantity_pct"], capped["quality_pct"], capped["task_score"]) == \
        (100.0, 93.75, 68.54)


# --- row 3: leader D by the subordinate's points ------------------------------------------


@pytest.mark.parametrize(
    ("subordinate", "leader_d"),
    [
        pytest.param({"score": 28, "discipline": "Có"}, 100.0,
                     id="disciplined-with-high-points-D-100"),
        pytest.param({"score": 0}, 50.0, id="points-below-50-D-50"),
    ],
)
def test_leader_d_by_points(tmp_path: Path, subordinate, leader_d) -> None:
    # A: 80 converted hours of 160 → 50 % → task 35; with 28 general → 63; with 0 → 35 < 50
    logs = [log("A", "T1", 40), log("L", "T1", 40, approver_id="GD")]
    run = score_set(tmp_path, worklogs=logs,
                    general=general("A", **subordinate) + general("L"))
    staff = run.result.staff.set_index("staff_id")
    assert staff.loc["L", "leader_d"] == leader_d
    if subordinate.get("discipline") == "Có":
        assert staff.loc["A", "level"] == "KHTNV"


# --- row 4: objective cause ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "quality_points", "progress_points"),
    [
        pytest.param("Có", 40.0, 40.0, id="confirmed-not-deducted"),
        pytest.param("Không", 20.0, 30.0, id="not-confirmed-deducted"),
    ],
)
def test_objective_cause(tmp_path: Path, cause, quality_points, progress_points) -> None:
    row = log("A", "T1", 20, D(2026, 4, 6), rework_count=2, deadline=D(2026, 4, 3),
              objective_cause=cause)
    run = score_set(tmp_path, worklogs=[row], general=general("A"))
    detail = run.result.detail.iloc[0]
    # w = 40; two reworks → 0.5; one working day late → 0.75
    assert (detail["quality_points"], detail["progress_points"]) == (quality_points,
                                                                     progress_points)


# --- the outputs: JSON, ranked workbook, unit workbook ------------------------------------


def test_outputs_carry_the_basis_and_the_reasons(tmp_path: Path) -> None:
    import json

    import openpyxl
    from typer.testing import CliRunner

    from kpitool.cli import app
    from tests.decree_books import write_set

    paths = write_set(tmp_path / "in", worklogs=GOLDEN_LOGS, assignments=ASSIGNMENTS,
                      general=general("A", "L", score=27) + general("B", score=24))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["score", str(paths[2]), "--period", "2026-04",
                                      "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    people = {s["staff_id"]: s for s in json.loads(result.stdout)["staff"]}
    assert {k: people["A"][k] for k in ("basis", "basis_hours", "capacity_hours",
                                        "assigned_hours", "not_classified",
                                        "level_capped_by_unit")} == {
        "basis": "assigned", "basis_hours": 64.0, "capacity_hours": 160.0,
        "assigned_hours": 64.0, "not_classified": None, "level_capped_by_unit": False}
    assert people["L"]["basis"] == "capacity" and people["L"]["assigned_hours"] is None
    for book, sheet_name in ((out / "kpi_2026-04.xlsx", "Xếp hạng"), (out / "units" / "VP.xlsx",
                                                                       "Xếp hạng")):
        sheet = openpyxl.load_workbook(book)[sheet_name]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        head_at = next(i for i, r in enumerate(rows) if "Cơ sở so sánh" in r)
        head = rows[head_at]
        by_id = {r[head.index("Mã cán bộ")]: r for r in rows[head_at + 1:]
                 if r[head.index("Mã cán bộ")] in people}
        assert by_id["A"][head.index("Cơ sở so sánh")] == "việc được giao (P)"
        assert by_id["A"][head.index("Giờ được giao (P)")] == 64
        assert by_id["L"][head.index("Cơ sở so sánh")] == "thời gian làm việc (S)"
        assert by_id["L"][head.index("Giờ được giao (P)")] is None
        assert by_id["L"][head.index("Thời gian làm việc (S, giờ)")] == 160
