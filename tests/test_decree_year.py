"""Issue 11, the year's rules (Decree 335 Art. 11.1, 17.3, 20.5, 20.6) and the scope (Art. 2,
28), pass and fail side by side, on real workbooks written by the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from kpitool.rules import preset_text
from tests.decree_books import POSITIONS, STAFF, UNITS, D, general, log, score_set

EXCELLENT, GOOD = 100, 60  # T1 per month: 200 h (over any month's capacity) or 120 h


def monthly(staff_id: str, quantity: float, months: range = range(1, 13),
            approver: str = "GD") -> list[dict]:
    return [log(staff_id, "T1", quantity, D(2026, m, 15), approver_id=approver) for m in months]


def person(staff_id: str, position: str = "CV", unit: str = "VP", **more: Any) -> dict:
    return {"staff_id": staff_id, "full_name": f"Nguyễn Văn {staff_id}", "unit_code": unit,
            "position_code": position, "supervisor_id": None, "staff_type": "Công chức",
            **more}


def levels(run) -> dict[str, Any]:
    staff = run.result.staff.set_index("staff_id")
    return {s: None if pd.isna(level) else level for s, level in staff["level"].items()}


def value(x: Any) -> Any:
    return None if pd.isna(x) else x


# --- row 5: under 6 months employed in the year → not classified -------------------------


@pytest.mark.parametrize(
    ("start", "reason", "level"),
    [
        pytest.param(D(2026, 9, 1), "short_employment", None, id="4-months-not-classified"),
        pytest.param(D(2026, 6, 1), None, "HTXSNV", id="7-months-classified"),
        pytest.param(D(2026, 7, 1), None, "HTXSNV", id="exactly-6-months-classified"),
    ],
)
def test_months_employed_in_the_year(tmp_path: Path, start, reason, level) -> None:
    staff = [person("X", start_date=start)]
    run = score_set(tmp_path, period="2026", staff=staff,
                    worklogs=monthly("X", EXCELLENT, range(start.month, 13)),
                    general=general("X", period="2026"))
    x = run.result.staff.set_index("staff_id").loc["X"]
    assert (value(x["not_classified"]), levels(run)["X"]) == (reason, level)
    assert x["total"] == 95.0  # the mean of the months employed, kept for Form 02
    assert (value(x["rank_overall"]) is None) is (reason is not None)


def test_months_rule_is_for_years_only(tmp_path: Path) -> None:
    staff = [person("X", start_date=D(2026, 9, 1))]
    run = score_set(tmp_path, period="2026-09", staff=staff, worklogs=monthly("X", 100, range(9, 10)),
                    general=general("X", period="2026-09"))
    assert levels(run)["X"] == "HTXSNV"


# --- row 6: half-year and year are means of their months --------------------------------


def test_half_year_is_the_mean_of_six_months(tmp_path: Path) -> None:
    run = score_set(tmp_path, period="2026-H1", staff=[person("X")],
                    worklogs=monthly("X", GOOD, range(1, 7)),
                    general=general("X", period="2026-H1", score=25))
    cycles = run.result.cycles
    assert cycles["cycle"].tolist() == [f"2026-0{m}" for m in range(1, 7)]
    assert cycles["general_score"].tolist() == [25.0] * 6  # the half-year's assessment
    x = run.result.staff.set_index("staff_id").loc["X"]
    assert x["cycles_assessed"] == 6
    assert x["total"] == pytest.approx(round(cycles["total"].mean(), 2), abs=0.01)
    assert x["capacity_hours"] == cycles["capacity_hours"].sum()


# --- row 7: the excellent quota per unit and per duty group, each unit's share ------------

DUTY_POSITIONS = [
    *POSITIONS,
    {"position_code": "MC", "position_name": "Chuyên viên một cửa", "position_group": "CMNV",
     "is_leader": "Không", "duty_group": "Một cửa"},
]


def quota_case(tmp_path: Path, share: float | None, enforce: bool = False,
               mc_good: int = 1):
    """VP: A excellent and `mc_good` good in duty group Một cửa (MC); C, D, E, F good (CV)."""
    units = [dict(UNITS[0], excellent_share=share), UNITS[1]]
    staff = [person("A", "MC"), *(person(f"M{i}", "MC") for i in range(mc_good)),
             *(person(s) for s in "CDEF")]
    logs = monthly("A", EXCELLENT) + [row for s in staff[1:] for row in monthly(
        s["staff_id"], GOOD)]
    return score_set(tmp_path, period="2026", staff=staff, units=units,
                     positions=DUTY_POSITIONS, worklogs=logs, enforce_quota=enforce,
                     general=general(*(s["staff_id"] for s in staff), period="2026"))


def quota_rows(run) -> dict[str, tuple]:
    q = run.result.quota
    return {("(unit)" if pd.isna(g) else g): (e, good, allowed, bool(b))
            for g, e, good, allowed, b in zip(q["duty_group"].astype(object), q["excellent"],
                                              q["good"], q["allowed"], q["breach"], strict=True)}


def test_duty_group_over_quota_inside_a_unit_within_it(tmp_path: Path) -> None:
    run = quota_case(tmp_path, None)
    assert quota_rows(run) == {"(unit)": (1, 5, 1, False), "CMNV": (0, 4, 0, False),
                               "Một cửa": (1, 1, 0, True)}
    codes = set(run.result.flags["code"])
    assert "flag_quota_breach_group" in codes and "flag_quota_breach" not in codes
    enforced = quota_case(tmp_path / "e", None, enforce=True)
    assert levels(enforced)["A"] == "HTTNV"


def test_duty_group_within_quota(tmp_path: Path) -> None:
    run = quota_case(tmp_path, None, mc_good=5)
    assert quota_rows(run)["Một cửa"] == (1, 5, 1, False)
    assert levels(run)["A"] == "HTXSNV"


@pytest.mark.parametrize(
    ("share", "allowed", "breach"),
    [
        pytest.param(25, 1, False, id="unit-granted-25"),
        pytest.param(None, 0, True, id="default-20"),
    ],
)
def test_unit_share(tmp_path: Path, share, allowed, breach) -> None:
    # the Một cửa group: A excellent, M0–M3 good → 25 % of 4 = 1, 20 % of 4 = 0
    run = quota_case(tmp_path, share, mc_good=4)
    assert quota_rows(run)["Một cửa"] == (1, 4, allowed, breach)
    assert run.result.quota["share"].iloc[0] == (share or 20)


def test_quota_not_checked_for_a_month_under_nd335(tmp_path: Path) -> None:
    units = [UNITS[0], UNITS[1]]
    staff = [person("A", "MC"), person("M0", "MC")]
    run = score_set(tmp_path, period="2026-03", staff=staff, units=units,
                    positions=DUTY_POSITIONS,
                    worklogs=monthly("A", EXCELLENT, range(3, 4)) + monthly("M0", GOOD, range(3, 4)),
                    general=general("A", "M0", period="2026-03"))
    q = run.result.quota
    assert not q["checked"].any() and not q["breach"].any()
    assert q["excellent"].iloc[0] == 1 and q["allowed"].iloc[0] == 0


# --- row 8: a unit's head is not classified above the unit's own level --------------------


@pytest.mark.parametrize(
    ("org_level", "level", "capped"),
    [
        pytest.param("Hoàn thành tốt nhiệm vụ", "HTTNV", True, id="head-above-unit-lowered"),
        pytest.param("Hoàn thành xuất sắc nhiệm vụ", "HTXSNV", False, id="unit-excellent"),
        pytest.param(None, "HTXSNV", False, id="no-unit-level"),
    ],
)
def test_head_capped_by_unit_level(tmp_path: Path, org_level, level, capped) -> None:
    units = [dict(UNITS[0], org_level=org_level), UNITS[1]]
    run = score_set(tmp_path, period="2026", units=units, staff=STAFF,
                    worklogs=monthly("L", EXCELLENT) + monthly("A", EXCELLENT, approver="L"),
                    general=general("L", "A", "B", period="2026"))
    staff = run.result.staff.set_index("staff_id")
    assert (levels(run)["L"], bool(staff.loc["L", "level_capped_by_unit"])) == (level, capped)
    # A is not a head: never capped
    assert (levels(run)["A"], bool(staff.loc["A", "level_capped_by_unit"])) == ("HTXSNV", False)


# --- row 10: the scope ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "b_reason", "d_of_l"),
    [
        pytest.param('["cong_chuc"]', "out_of_scope", 100.0, id="contract-staff-out-of-scope"),
        pytest.param('["cong_chuc", "hop_dong"]', None, 50.0, id="contract-staff-in-scope"),
    ],
)
def test_staff_types_scope(tmp_path: Path, types, b_reason, d_of_l) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(preset_text("nd335").replace(
        'staff_types = ["can_bo", "cong_chuc", "vien_chuc", "hop_dong"]',
        f"staff_types = {types}"), encoding="utf-8")
    staff = [*STAFF[:2], dict(STAFF[2], staff_type="Hợp đồng")]
    # B did little: 10 h of 160 → her total is below 50, which lowers L's D only in the scope
    run = score_set(tmp_path / "in", rules=str(rules), staff=staff,
                    worklogs=[log("L", "T1", 80, approver_id="GD"), log("A", "T1", 80),
                              log("B", "T1", 5)],
                    general=general("L", "A", "B"))
    people = run.result.staff.set_index("staff_id")
    assert value(people.loc["B", "not_classified"]) == b_reason
    assert people.loc["L", "leader_d"] == d_of_l
    assert (levels(run)["B"] is None) is (b_reason is not None)


@pytest.mark.parametrize(
    ("text", "key", "months"),
    [
        pytest.param("2026-H1", "2026-H1", 6, id="first-half"),
        pytest.param("2026-h2", "2026-H2", 6, id="second-half-lower-case"),
        pytest.param("2026", "2026", 12, id="year"),
        pytest.param("2026-H3", None, None, id="no-third-half"),
        pytest.param("2026-H", None, None, id="half-without-number"),
    ],
)
def test_half_year_periods(text, key, months) -> None:
    from kpitool.errors import UsageError
    from kpitool.io.coerce import to_period
    from kpitool.scoring import parse_period

    coerced = to_period(pd.Series([text], dtype="string"))
    if key is None:
        with pytest.raises(UsageError):
            parse_period(text)
        assert coerced.bad.tolist() == [True]
        return
    period = parse_period(text)
    assert (period.key, len(period.months())) == (key, months)
    assert coerced.values.tolist() == [key] and coerced.bad.tolist() == [False]
