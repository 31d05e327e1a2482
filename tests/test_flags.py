"""Flags of SPEC §4: each code raised on a tiny case with the rows behind it, and not on its
passing twin."""

from __future__ import annotations

import pytest

from kpitool.flags import FLAG_CODES, message
from kpitool.messages import MESSAGES
from kpitool.rules import load_rules, parse_rules, preset_text
from kpitool.scoring import Period, score
from tests.factories import log_row, make_input, staff_row

APRIL = Period(2026, "month", 4)
POSITIONS = [{"position_code": "CV", "position_name": "Chuyên viên", "position_group": "CMNV",
              "is_leader": False},
             {"position_code": "TP", "position_name": "Trưởng phòng", "position_group": "LDQL",
              "is_leader": True}]
NORMS = [{"task_code": "T1", "norm_hours": 2, "complexity": 1}]


def run(worklogs, staff=None, general=None, units=None, enforce=False, rules=None):
    staff = staff or [staff_row("L", "Trần Văn Lâm", position_code="TP"),
                      staff_row("A", "Nguyễn Văn An", supervisor_id="L"),
                      staff_row("B", "Lê Thị Bích", supervisor_id="L")]
    general = general if general is not None else [
        {"staff_id": s["staff_id"], "period": "2026-04", "general_score": 30,
         "org_ability": 100, "unity": 100} for s in staff]
    data = make_input(units=units or [{"unit_code": "U1", "unit_name": "Phòng 1"}],
                      positions=POSITIONS, staff=staff, norms=NORMS, worklogs=worklogs,
                      general=general)
    return score(data, rules or load_rules("nd335"), APRIL, enforce_quota=enforce)


def ok(staff_id="A", date="2026-04-01", **extra):
    """A row whose declared hours match its converted hours (2 h, norm 2 h)."""
    return log_row(staff_id, date, hours=extra.pop("hours", 2), approver_id=extra.pop(
        "approver_id", "L" if staff_id != "L" else "GD"), **extra)


CASES = [
    pytest.param("flag_hours_over_day", [ok(hours=5), ok(hours=4, task_code="T1",
                                                          output_ref="x")], [2, 3],
                 id="over-8h"),
    pytest.param("flag_full_days", [ok(hours=8, quantity=4), ok(date="2026-04-02", hours=8,
                                                                quantity=4)], [2, 3],
                 id="always-8h"),
    pytest.param("flag_hours_ratio", [ok(hours=6)], [2], id="ratio-3"),
    pytest.param("flag_weekend_work", [ok(date="2026-04-04")], [2], id="saturday"),
    pytest.param("flag_holiday_work", [ok(date="2026-04-30")], [2], id="reunification-day"),
    pytest.param("flag_missing_output_ref", [ok(output_ref=None)], [2], id="no-output"),
    pytest.param("flag_duplicate_rows", [ok(output_ref="CV-1"), ok(output_ref="CV-1")], [2, 3],
                 id="duplicate"),
    pytest.param("flag_pending_at_close", [ok(status="pending", completed_on=None)], [2],
                 id="pending"),
    pytest.param("flag_approver_self", [ok(approver_id="A")], [2], id="self-approved"),
    pytest.param("flag_approver_not_in_chain", [ok(approver_id="B")], [2], id="peer-approved"),
    pytest.param("flag_approver_missing", [ok(approver_id=None)], [2], id="no-approver"),
    pytest.param("flag_norm_missing", [ok(task_code="T9")], [2], id="no-norm"),
    pytest.param("flag_quality_missing", [ok(quality=None)], [2], id="no-quality"),
    pytest.param("flag_quality_not_in_rules", [ok(quality="excellent")], [2],
                 id="excellent-undefined"),
]


@pytest.mark.parametrize(("code", "worklogs", "rows"), CASES)
def test_row_flags(code, worklogs, rows):
    result = run(worklogs)
    found = result.flags[result.flags["code"] == code]
    assert len(found) == 1, result.flags[["code", "staff_id"]]
    flag = found.iloc[0]
    assert flag["staff_id"] == "A" and flag["unit_code"] == "U1" and flag["cycle"] == "2026-04"
    assert [row for _, _, row in flag["rows"]] == rows
    assert flag["rows"][0][:2] == ("worklogs.xlsx", "Nhật ký")
    for lang in ("vi", "en"):
        assert "{" not in message(flag, lang)
    assert code in result.staff.set_index("staff_id").loc["A", "flags"]


def test_clean_row_raises_no_flag():
    result = run([ok(), ok("B"), ok("L", approver_id="GD")])
    assert result.flags.empty, result.flags[["code", "staff_id"]]


def test_head_of_unit_may_be_approved_from_outside():
    result = run([ok("L", approver_id="DIRECTOR")])
    assert "flag_approver_not_in_chain" not in set(result.flags["code"])


@pytest.mark.parametrize(
    ("general", "code"),
    [
        pytest.param([{"staff_id": "L", "period": "2026-04", "general_score": 30, "unity": 100},
                      {"staff_id": "A", "period": "2026-04", "general_score": 30},
                      {"staff_id": "B", "period": "2026-04", "general_score": 30}],
                     "flag_missing_leader_assessment", id="leader-no-org-ability"),
        pytest.param([{"staff_id": "L", "period": "2026-Q2", "general_score": 30,
                       "org_ability": 100, "unity": 100},
                      {"staff_id": "B", "period": "2026-04", "general_score": 30}],
                     "flag_missing_general_score", id="no-general-score"),
        pytest.param([{"staff_id": "L", "period": "2026-Q2", "general_score": 30,
                       "org_ability": 100, "unity": 100},
                      {"staff_id": "A", "period": "2026-04", "general_score": 30,
                       "discipline": True},
                      {"staff_id": "B", "period": "2026-04", "general_score": 30}],
                     "flag_discipline", id="discipline"),
    ],
)
def test_assessment_flags(general, code):
    result = run([ok(), ok("B"), ok("L", approver_id="GD")], general=general)
    found = result.flags[result.flags["code"] == code]
    assert len(found) == 1
    who = found.iloc[0]["staff_id"]
    staff = result.staff.set_index("staff_id").loc[who]
    if code != "flag_discipline":
        assert staff["total"] != staff["total"]  # NaN: never filled with a default
    else:
        assert staff["level"] == "KHTNV"


def test_not_assessed_is_listed_without_score():
    staff = [staff_row("L", "Trần Văn Lâm", position_code="TP"),
             staff_row("A", "Nguyễn Văn An", supervisor_id="L", end_date="2026-03-31")]
    result = run([ok("L", approver_id="GD")], staff=staff)
    a = result.staff.set_index("staff_id").loc["A"]
    assert not a["assessed"] and a["flags"] == ["flag_not_assessed"]
    assert a["task_score"] != a["task_score"]


def test_unit_hours_outlier():
    units = [{"unit_code": f"U{i}", "unit_name": f"Phòng {i}"} for i in range(7)]
    staff = [staff_row(f"S{i}", f"Người {i}", unit_code=f"U{i}") for i in range(7)]
    logs = [log_row(f"S{i}", "2026-04-01", hours=2, approver_id="GD") for i in range(6)]
    logs += [log_row("S6", f"2026-04-{d:02d}", hours=8, approver_id="GD", quantity=4)
             for d in (1, 2, 3, 6, 7, 8)]
    general = [{"staff_id": f"S{i}", "period": "2026-04", "general_score": 30} for i in range(7)]
    result = run(logs, staff=staff, general=general, units=units)
    found = result.flags[result.flags["code"] == "flag_unit_hours_outlier"]
    assert found["unit_code"].tolist() == ["U6"] and found["staff_id"].isna().all()


def test_quota_flags():
    staff = [staff_row(s, f"Người {s}") for s in ("A", "B", "C")]
    logs = [ok(s, quantity=80, hours=8) for s in ("A", "B")] + [ok("C", quantity=60, hours=8)]
    general = [{"staff_id": s, "period": "2026-04", "general_score": 30} for s in "ABC"]
    # nd335 checks the quota for years only; these rules check months too
    monthly = parse_rules(preset_text("nd335").replace('periods = ["year"]',
                                                       'periods = ["month"]').encode())
    assert "flag_quota_breach" not in set(run(logs, staff=staff, general=general).flags["code"])
    result = run(logs, staff=staff, general=general, rules=monthly)
    breach = result.flags[result.flags["code"] == "flag_quota_breach"]
    assert breach.iloc[0]["params"]["excellent"] == 2 and breach.iloc[0]["unit_code"] == "U1"
    group = result.flags[result.flags["code"] == "flag_quota_breach_group"]
    assert group.iloc[0]["params"]["group"] == "CMNV"
    enforced = run(logs, staff=staff, general=general, enforce=True, rules=monthly)
    assert enforced.staff["level"].tolist() == ["HTTNV", "HTTNV", "HTTNV"]
    assert enforced.staff["rank_overall"].tolist() == [1, 1, 3]


def test_every_flag_code_has_both_messages():
    for code in FLAG_CODES:
        assert set(MESSAGES[code]) == {"vi", "en"}
