"""Charts of totals show the whole 0–100 scale (issue 13, point 8): an axis that started at 84
made a two-point change look like a collapse."""

from __future__ import annotations

import re

import pytest

from kpitool.reports import charts


@pytest.mark.parametrize("values", [
    pytest.param([84.0, 86.5, 85.0], id="high-and-close"),
    pytest.param([12.0, 55.0, None], id="low-with-a-gap"),
])
def test_trend_axis_runs_from_0_to_100(values: list[float | None]) -> None:
    svg = charts.trend_lines(["2026-01", "2026-02", "2026-03"], {"Chung": values}, "Chung",
                             "Điểm bình quân", "Điểm")
    ticks = {int(t) for t in re.findall(r">\s*(\d+)\s*</text>", svg)}
    assert {0, 100} <= ticks, sorted(ticks)
