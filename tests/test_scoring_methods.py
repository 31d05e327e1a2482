"""Scoring methods come from one registry (issue 10 point 1): a third one is one module and one
`register()` call; a method the registry does not know is refused by name."""

from __future__ import annotations

import dataclasses
import math

import pytest

from kpitool.rules import RulesError, load_rules, parse_rules
from kpitool.scoring import Period, registry, score
from tests import toy_method
from tests.golden import golden_data

APRIL = Period(2026, "month", 4)


@pytest.fixture
def toy():
    """The toy method registered for one test."""
    registry.register(toy_method.METHOD)
    yield parse_rules(toy_method.toy_preset(), source="toy-hours.toml")
    registry.unregister("toy-hours")


def test_shipped_methods_are_found_in_their_modules() -> None:
    assert set(registry.shipped()) == {"nd335", "khanh-hoa"}
    assert set(registry.methods()) == {"nd335", "khanh-hoa"}
    for name in ("nd335", "khanh-hoa"):
        assert registry.method_of(load_rules(name)).name == name


def test_toy_method_scores_through_the_whole_pipeline(toy) -> None:
    result = score(golden_data(), toy, APRIL)
    staff = result.staff.set_index("staff_id")
    task_max = toy.task_max
    checked = 0
    for staff_id, row in staff.iterrows():
        if row["is_leader"] or not row["assessed"]:
            continue
        share = min(100.0, 100.0 * row["converted_hours"] / row["basis_hours"])
        assert row["quantity_pct"] == pytest.approx(share, abs=0.01), staff_id
        assert row["task_score"] == pytest.approx(task_max * share / 100, abs=0.01), staff_id
        assert math.isnan(row["quality_pct"]) and math.isnan(row["kpi_pct"])
        checked += 1
    assert checked >= 5
    assert staff["level"].notna().any() and staff["rank_overall"].notna().any()
    ranked = result.staff.dropna(subset=["rank_overall"])
    assert ranked["rank_overall"].is_monotonic_increasing
    assert result.detail["quantity_points"].equals(result.detail["converted_hours"])
    assert result.detail["quality_points"].isna().all()


def test_toy_method_differs_from_nd335(toy) -> None:
    toy_totals = score(golden_data(), toy, APRIL).staff.set_index("staff_id")["task_score"]
    nd335_totals = score(golden_data(), load_rules("nd335"), APRIL).staff.set_index(
        "staff_id")["task_score"]
    assert not toy_totals.equals(nd335_totals)  # S1's rework and delays no longer count


@pytest.mark.parametrize(("method", "known"), [("toy-hours", False), ("nd335", True)])
def test_a_method_the_registry_does_not_know_is_refused(method: str, known: bool) -> None:
    rules = dataclasses.replace(load_rules("nd335"), method=method)
    if known:
        assert registry.method_of(rules).name == method
    else:
        with pytest.raises(RulesError) as caught:
            score(golden_data(), rules, APRIL)
        assert caught.value.code == "rules_bad_value"
        assert "toy-hours" in str(caught.value.params)


def test_a_rules_file_for_a_method_is_checked_by_its_own_keys() -> None:
    """The toy's rules file loads only while the toy is registered, and its own table is
    checked against the keys the method declares."""
    with pytest.raises(RulesError) as unknown:
        parse_rules(toy_method.toy_preset())
    assert unknown.value.code == "rules_bad_value"  # not registered: an unknown method
    registry.register(toy_method.METHOD)
    try:
        rules = parse_rules(toy_method.toy_preset())
        assert rules.method == "toy-hours" and rules.method_params == {"cap": 100.0}
        wrong = toy_method.toy_preset().replace(b"cap = 100.0", b"kap = 100.0")
        with pytest.raises(RulesError) as caught:
            parse_rules(wrong)
        assert caught.value.code == "rules_unknown_key" and caught.value.params["key"] == \
            "toy_hours.kap"
    finally:
        registry.unregister("toy-hours")
