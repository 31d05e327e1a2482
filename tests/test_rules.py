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
    assert nd335.nd335.rework_deduction == 0.25 and nd335.khanh_hoa is None
    assert dict(nd335.levels) == {"HTXSNV": 90.0, "HTTNV": 70.0, "HTNV": 50.0}
    assert nd335.quota_share == 0.2 and nd335.default_general_score is None
    assert nd335.sha256 == hashlib.sha256(ND335.encode()).hexdigest()
    kh = load_rules("khanh-hoa")
    assert kh.khanh_hoa.early_bonus_max == 0.10 and kh.khanh_hoa.late_deduction_max == 0.5
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
                     {"key": "khanh_hoa.rework_deduction"}, id="wrong-method-section"),
        pytest.param(_edit("# default_general_score = 30.0", "default_general_score = 31"),
                     "rules_out_of_range", {"key": "general.default_general_score"},
                     id="default-over-max"),
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
