"""The flags package: checks that declare their columns, the registry of flag kinds, and flag
numbers written for the reader's language."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest

from kpitool import flags, workcalendar
from kpitool.flags.kinds import RegistryError, check_registry
from kpitool.messages import MESSAGES, text
from kpitool.numbers import number
from kpitool.rules import load_rules
from tests.test_flags import ok, run

PRESETS = Path(flags.__file__).parent.parent / "rules"


def inputs() -> flags.FlagInputs:
    """Two worklog rows of one person on one day: 5 + 4.5 declared hours."""
    dated = pd.DataFrame({"staff_id": ["A", "A"], "unit_code": ["U1", "U1"], "_rowid": [0, 1],
                          "date": pd.to_datetime(["2026-04-01", "2026-04-01"]),
                          "hours": [5.0, 4.5]})
    sources = flags.Sources(pd.DataFrame({"_file": ["w.xlsx"] * 2, "_sheet": ["Nhật ký"] * 2,
                                          "_row": [2, 3]}))
    empty = pd.DataFrame()
    return flags.FlagInputs(
        period="2026-04", rules=load_rules("nd335"),
        calendar=workcalendar.build_calendar(None, 2026, 2026), staff=empty, pairs=empty,
        dated=dated, detail=empty, cycles=empty, period_table=empty, units=empty, quota=empty,
        sources=sources)


def over_day(declared: tuple[str, ...], read: str) -> flags.Check:
    """A toy check declaring `declared` of `dated` and reading `read`: one flag per row."""

    def toy(given: flags.FlagInputs) -> list[dict]:
        return [{"code": "flag_hours_over_day", "severity": "warning", "staff_id": "A",
                 "unit_code": "U1", "cycle": given.period, "params": {"hours": value},
                 "rows": flags.NO_ROWS} for value in given.dated[read]]

    return flags.Check("toy", toy, {"dated": declared})


@pytest.mark.parametrize(("declared", "read", "error"), [
    pytest.param(("hours",), "hours", None, id="declared-and-present"),
    pytest.param(("hours", "minutes"), "hours", "needs column 'minutes' of 'dated'",
                 id="declared-but-missing"),
    pytest.param(("staff_id",), "hours", "hours", id="read-but-undeclared"),
])
def test_a_check_gets_exactly_the_columns_it_declares(declared, read, error):
    check = over_day(declared, read)
    if error is None:
        found = flags.collect(inputs(), [check])
        assert found["params"].tolist() == [{"hours": 5.0}, {"hours": 4.5}]
        return
    with pytest.raises((flags.CheckColumnError, KeyError)) as caught:
        flags.collect(inputs(), [check])
    assert error in str(caught.value)
    if isinstance(caught.value, flags.CheckColumnError):  # named at once, with its check
        assert (caught.value.check, caught.value.frame, caught.value.column) == (
            "toy", "dated", "minutes")


def test_a_real_check_runs_on_the_columns_it_declares():
    found = flags.collect(inputs(), [one for one in flags.CHECKS if one.name == "daily_hours"])
    assert found["code"].tolist() == ["flag_hours_over_day"]
    assert found.iloc[0]["params"] == {"date": "1/4/2026", "hours": 9.5, "limit": 8.0}
    assert list(found.iloc[0]["rows"]) == [("w.xlsx", "Nhật ký", 2), ("w.xlsx", "Nhật ký", 3)]


def test_every_check_declares_only_frames_of_flag_inputs():
    with pytest.raises(flags.CheckColumnError, match="not a frame"):
        flags.check(worklogs=("staff_id",))
    assert {name for one in flags.CHECKS for name in one.columns} <= set(flags.checks.FRAMES)


@pytest.mark.parametrize(("kinds", "error"), [
    pytest.param(flags.KINDS, None, id="the-registry"),
    pytest.param((flags.FlagKind("flag_toy", "warning"),), "message flag_toy has no vi and en",
                 id="no-message"),
    pytest.param((flags.FlagKind("flag_discipline", "warning"),
                  flags.FlagKind("flag_discipline", "notice")), "registered twice", id="twice"),
    pytest.param((flags.FlagKind("flag_discipline", "error"),), "severity 'error'",  # type: ignore[arg-type]
                 id="bad-severity"),
])
def test_registry_entries_are_checked(kinds, error):
    if error is None:
        check_registry(kinds)
        return
    with pytest.raises(RegistryError, match=error):
        check_registry(kinds)


def _toml_has(document: dict, dotted: str) -> bool:
    node = document
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


@pytest.mark.parametrize("preset", ["nd335.toml", "khanh-hoa.toml"])
def test_registry_thresholds_are_keys_of_the_rules(preset):
    document = tomllib.loads((PRESETS / preset).read_text(encoding="utf-8"))
    thresholds = {key for kind in flags.KINDS for key in kind.thresholds}
    assert thresholds and all(_toml_has(document, key) for key in thresholds), thresholds
    assert not _toml_has(document, "flags.no_such_threshold")


def test_registry_gives_severity_order_and_labels():
    assert flags.FLAG_CODES == tuple(kind.code for kind in flags.KINDS)
    assert flags.KIND["flag_quota_demoted"].severity == "notice"
    assert all(kind.label in MESSAGES for kind in flags.KINDS)


@pytest.mark.parametrize(("value", "vi", "en"), [
    pytest.param(9.5, "9,5", "9.5", id="decimal"),
    pytest.param(8.0, "8", "8", id="whole"),
    pytest.param(1234.25, "1.234,25", "1,234.25", id="grouped"),
    pytest.param(0.125, "0,125", "0.125", id="every-digit-kept"),
    pytest.param(-0.5, "-0,5", "-0.5", id="negative"),
    pytest.param(float("inf"), "∞", "∞", id="infinite"),
    pytest.param(float("nan"), "", "", id="missing"),
])
def test_number_per_language(value, vi, en):
    assert (number(value, "vi"), number(value, "en")) == (vi, en)


@pytest.mark.parametrize(("code", "worklogs", "vi", "en"), [
    pytest.param("flag_hours_over_day", [ok(hours=5), ok(hours=4.5, output_ref="x")],
                 "Khai 9,5 giờ trong ngày 1/4/2026, quá 8 giờ.",
                 "9.5 hours declared on 1/4/2026, more than 8.", id="over-day"),
    pytest.param("flag_hours_ratio", [ok(hours=6.5)],
                 "Giờ khai (6,5) lệch xa giờ chuẩn quy đổi (2): tỉ lệ 3,25, ngoài [0,5; 2].",
                 "Declared hours (6.5) far from converted hours (2): ratio 3.25, outside [0.5, 2].",
                 id="ratio"),
    pytest.param("flag_missing_output_ref", [ok(output_ref=None)],
                 "1 dòng nhật ký thiếu sản phẩm đầu ra.",
                 "1 worklog row(s) without an output reference.", id="count-only"),
])
def test_flag_numbers_are_data_written_per_language(code, worklogs, vi, en):
    flag = run(worklogs).flags.set_index("code").loc[code]
    numbers = [v for v in flag["params"].values() if not isinstance(v, str)]
    assert numbers and all(isinstance(v, int | float) for v in numbers)
    assert (flags.message(flag.to_dict() | {"code": code}, "vi"),
            flags.message(flag.to_dict() | {"code": code}, "en")) == (vi, en)
    assert text(code, "en", **flag["params"]) == en


def test_a_tally_lists_each_persons_kinds_as_the_ordered_flags_do():
    """Counted flags (`Tally`) give each person's kinds in the order of `ordered` (severity,
    then the registry), each once, and add up across tallies that share people; a flag of
    no person is counted, not listed."""
    high, warning = "flag_no_worklogs", "flag_hours_ratio"
    notice = next(k.code for k in flags.KINDS if k.severity == "notice")
    one = pd.DataFrame({"code": [warning, notice, warning, "flag_unit_no_worklogs"],
                        "staff_id": ["A", "A", "B", None]})
    two = pd.DataFrame({"code": [high, notice], "staff_id": ["A", "C"]})
    tally = flags.Tally.of(one).add(flags.Tally.of(two))
    assert tally.counts == {warning: 2, notice: 2, "flag_unit_no_worklogs": 1, high: 1}
    listed = flags.kinds_listed(tally.kinds).to_dict()
    assert listed == {"A": [high, warning, notice], "B": [warning], "C": [notice]}
    frame = flags.ordered([pd.concat([one, two]).assign(
        severity=lambda f: f["code"].map(lambda c: flags.KIND[c].severity),
        unit_code="U1", cycle="2026-04", params=None, rows=None)])
    firsts = frame.dropna(subset=["staff_id"]).groupby("staff_id", sort=False)["code"].unique()
    assert {s: list(c) for s, c in firsts.items()} == listed
