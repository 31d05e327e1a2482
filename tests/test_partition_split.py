"""`score()` is `finish([score_partition(everything)])`; scoring each top unit on its own and
then `finish` gives the same result as scoring everything at once (issue 15, step 1): every
frame of the result, cell by cell, and every flag with its source rows."""

from __future__ import annotations

import pandas as pd
import pytest

from kpitool.engine.dataset import agency_data, agency_of_staff
from kpitool.rules import load_rules
from kpitool.scoring import finish, parse_period, score, score_partition
from kpitool.scoring.pipeline import calendar_for
from tests.national import national, ward


def _flags(frame: pd.DataFrame) -> list[tuple]:
    return [(r["code"], r["staff_id"], r["unit_code"], r["cycle"], repr(r["params"]),
             [tuple(x) for x in r["rows"]]) for r in frame.to_dict("records")]


def by_agency(data, rules, period, enforce):
    cal = calendar_for(data, period)
    agencies = sorted(agency_of_staff(data).dropna().unique())
    parts = []
    for index, agency in enumerate(agencies):
        logs = data.worklogs[data.worklogs["staff_id"].map(agency_of_staff(data)) == agency]
        parts.append(score_partition(agency_data(data, agency, logs.reset_index(drop=True)),
                                     rules, period, cal, enforce, part=index))
    return finish(parts, rules, period, data.units, cal, enforce), len(parts)


@pytest.mark.parametrize(("agencies", "period", "enforce"), [
    (1, "2026-Q1", False),
    (3, "2026-Q1", False),
    (3, "2026-03", True),
    (4, "2026-01", False),
])
def test_each_agency_then_finish_equals_everything_at_once(agencies, period, enforce):
    data = ward() if agencies == 1 else national(agencies)
    rules, when = load_rules("nd335"), parse_period(period)
    whole = score(data, rules, when, enforce_quota=enforce)
    split, count = by_agency(data, rules, when, enforce)
    assert count == agencies
    for name in ("staff", "cycles", "detail", "units", "quota"):
        pd.testing.assert_frame_equal(getattr(split, name), getattr(whole, name), obj=name,
                                      check_categorical=False)
    assert _flags(split.flags) == _flags(whole.flags)
    assert len(whole.staff) == 32 * agencies
    # the agencies compete in one ranking: ranks run over everyone, not per agency
    assert whole.staff["rank_overall"].max() > 32 or agencies == 1


def test_a_partition_alone_is_not_the_whole():
    """The check can fail: one agency finished on its own ranks only its own staff."""
    data = national(3)
    rules, when = load_rules("nd335"), parse_period("2026-Q1")
    whole = score(data, rules, when)
    cal = calendar_for(data, when)
    logs = data.worklogs[data.worklogs["staff_id"].str.startswith("A1-")]
    alone = finish([score_partition(agency_data(data, "A1-HT-UB", logs.reset_index(drop=True)),
                                    rules, when, cal)], rules, when, data.units, cal)
    ranks = whole.staff.set_index("staff_id").loc[alone.staff["staff_id"], "rank_overall"]
    assert list(alone.staff["rank_overall"]) != list(ranks)
