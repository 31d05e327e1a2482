"""The rules file: presets, validation naming the bad key, checksums."""

from __future__ import annotations

import hashlib

import pytest

from kpitool.rules import RulesError, load_rules, parse_rules, preset_names, preset_text

ND335 = preset_text("nd335")


def test_presets():
    assert preset_names() == ["nd335", "khanh-hoa"]
    nd335 = load_rules()
    assert nd335.name == "nd335" and nd335.method == "nd335" and nd335.cycle == "month"
    assert dict(nd335.complexity) == {1: 1.0, 2: 1.2, 3: 1.5}
    assert nd335.method_params["rework_deduction"] == 0.25 and "kpi_cap" not in nd335.method_params
    assert dict(nd335.levels) == {"HTXSNV": 90.0, "HTTNV": 70.0, "HTNV": 50.0}
    assert nd335.quota_share == 0.2 and nd335.default_general_score is None
    assert nd335.sha256 == hashlib.sha256(ND335.encode()).hexdigest()
    kh = load_rules("khanh-hoa")
    assert kh.method_params["early_bonus_max"] == 0.10
    assert kh.method_params["late_deduction_max"] == 0.5
    assert dict(kh.weights) == {"kpi": 1.0}


def test_load_from_path(tmp_path):
    path = tmp_path / "my-rules.toml"
    path.write_text(ND335.replace('name = "nd335"\n', ""), encoding="utf-8")
    rules = load_rules(path)
    assert rules.name == "my-rules" and rules.source == str(path)
    assert rules.toml_text == path.read_text(encoding="utf-8")


def _edit(old: str, new: str) -> bytes:
    assert old in ND335
    return ND335.replace(old, new, 1).encode()


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        pytest.param(_edit('cycle = "month"', 'cycle = "week"'), "rules_bad_value",
                     {"key": "cycle", "allowed": "month, quarter"}, id="bad-cycle"),
        pytest.param(_edit('method = "nd335"', 'method = "abc"'), "rules_bad_value",
                     {"key": "method", "allowed": "nd335, khanh-hoa"}, id="bad-method"),
        pytest.param(_edit("hours_per_day = 8.0", "hours_per_dai = 8.0"), "rules_unknown_key",
                     {"key": "hours_per_dai"}, id="typo-key"),
        pytest.param(_edit("rework_deduction = 0.25\n", ""), "rules_missing_key",
                     {"key": "nd335.rework_deduction"}, id="missing-key"),
        pytest.param(_edit("rework_deduction = 0.25", 'rework_deduction = "x"'),
                     "rules_bad_type", {"key": "nd335.rework_deduction"}, id="text-number"),
        pytest.param(_edit("excellent_share_of_good = 0.2", "excellent_share_of_good = 2"),
                     "rules_out_of_range", {"key": "quota.excellent_share_of_good"},
                     id="share-over-one"),
        pytest.param(_edit("HTTNV = 70.0", "HTTNV = 95.0"), "rules_bad_order",
                     {"key": "levels"}, id="levels-order"),
        pytest.param(_edit("1 = 1.0", "one = 1.0"), "rules_bad_value",
                     {"key": "complexity.one"}, id="complexity-level"),
        pytest.param(_edit("quantity = 1.0,", "speed = 1.0,"), "rules_unknown_key",
                     {"key": "task_score.weights.speed"}, id="unknown-criterion"),
        pytest.param(_edit("[nd335]", "[khanh_hoa]"), "rules_unknown_key",
                     {"key": "khanh_hoa"}, id="wrong-method-section"),
        pytest.param(_edit("# default_general_score = 30.0", "default_general_score = 31"),
                     "rules_out_of_range", {"key": "general.default_general_score"},
                     id="default-over-max"),
        pytest.param(_edit('basis = "assigned"', 'basis = "planned"'), "rules_bad_value",
                     {"key": "basis", "allowed": "assigned, capacity"}, id="bad-basis"),
        pytest.param(_edit('basis = "assigned"\n', ""), "rules_missing_key", {"key": "basis"},
                     id="basis-missing"),
        pytest.param(_edit("min_months_in_year = 6", "min_months_in_year = 6.5"),
                     "rules_bad_type", {"key": "min_months_in_year"}, id="months-not-integer"),
        pytest.param(_edit("min_months_in_year = 6", "min_months_in_year = 13"),
                     "rules_out_of_range", {"key": "min_months_in_year"}, id="months-over-12"),
        pytest.param(_edit('periods = ["year"]', 'periods = ["decade"]'), "rules_bad_value",
                     {"key": "quota.periods"}, id="quota-period-unknown"),
        pytest.param(_edit('periods = ["year"]', 'periods = "year"'), "rules_bad_type",
                     {"key": "quota.periods"}, id="quota-periods-not-a-list"),
        pytest.param(_edit('staff_types = ["can_bo",', 'staff_types = ["intern",'),
                     "rules_bad_value", {"key": "staff_types"}, id="staff-type-unknown"),
        pytest.param(_edit("excellent_share_of_good = 0.2", "excellent_share_of_good = 0.3"),
                     "rules_out_of_range", {"key": "quota.excellent_share_of_good"},
                     id="share-over-25-percent"),
        pytest.param(_edit("delay_deduction = 0.25\n", "delay_deduction = 0.25\npercent_cap = 0\n"),
                     "rules_out_of_range", {"key": "nd335.percent_cap"}, id="percent-cap-zero"),
        pytest.param(b"cycle = [", "rules_bad_toml", {}, id="not-toml"),
        pytest.param(b"\xff\xfe", "rules_bad_toml", {}, id="not-utf8"),
    ],
)
def test_invalid_rules_name_the_key(data, code, params):
    with pytest.raises(RulesError) as caught:
        parse_rules(data, source="bad.toml")
    assert caught.value.code == code
    assert params.items() <= caught.value.params.items()
    message = caught.value.render("en")
    assert params.get("key", "") in message and "{" not in message


@pytest.mark.parametrize(
    ("data", "check"),
    [
        pytest.param(ND335.encode(), lambda r: r.method_params["percent_cap"] is None,
                     id="percent-cap-absent-is-none"),
        pytest.param(_edit("delay_deduction = 0.25\n",
                           "delay_deduction = 0.25\npercent_cap = 100.0\n"),
                     lambda r: r.method_params["percent_cap"] == 100.0, id="percent-cap-100-as-before"),
        pytest.param(_edit("excellent_share_of_good = 0.2", "excellent_share_of_good = 0.25"),
                     lambda r: r.quota_share == 0.25, id="share-granted-25"),
        pytest.param(_edit('periods = ["year"]', 'periods = ["half", "year"]'),
                     lambda r: r.quota_periods == ("half", "year"), id="quota-half-and-year"),
        pytest.param(_edit('staff_types = ["can_bo", "cong_chuc", "vien_chuc", "hop_dong"]',
                           'staff_types = ["cong_chuc"]'),
                     lambda r: r.staff_types == ("cong_chuc",), id="civil-servants-only"),
        pytest.param(_edit('basis = "assigned"', 'basis = "capacity"'),
                     lambda r: r.basis == "capacity", id="capacity-basis"),
    ],
)
def test_new_decree_keys_accepted(data, check):
    assert check(parse_rules(data, source="ok.toml"))


def test_preset_decree_keys():
    nd335, kh = load_rules("nd335"), load_rules("khanh-hoa")
    assert (nd335.basis, kh.basis) == ("assigned", "capacity")
    assert nd335.min_months_in_year == 6 and nd335.quota_periods == ("year",)
    assert nd335.staff_types == ("can_bo", "cong_chuc", "vien_chuc", "hop_dong")
    assert kh.quota_periods == ("month", "quarter", "half", "year")


def test_unknown_preset():
    with pytest.raises(RulesError) as caught:
        load_rules("nd999")
    assert "nd335" in caught.value.render("vi")


def test_rules_are_frozen():
    rules = load_rules()
    with pytest.raises(AttributeError):
        rules.cycle = "quarter"
    with pytest.raises(TypeError):
        rules.complexity[4] = 2.0
