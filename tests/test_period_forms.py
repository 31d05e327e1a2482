"""One period parser for `--period` and the assessments' period column (issue 13, point 4).

`--period` took `2026-4` but not `4/2026`, `T4/2026`, `quý 2/2026`, which the assessments sheet
took; both now read every form through `kpitool.periodtext.period_key`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.errors import UsageError
from kpitool.io.coerce import to_period
from kpitool.scoring import parse_period

ROOT = Path(__file__).resolve().parent.parent
FORMS = [
    pytest.param("2026-04", "2026-04", id="iso-month"),
    pytest.param("4/2026", "2026-04", id="month-slash"),
    pytest.param("04/2026", "2026-04", id="month-zero"),
    pytest.param("T4/2026", "2026-04", id="T-month"),
    pytest.param("tháng 4/2026", "2026-04", id="thang-month"),
    pytest.param("Tháng 4 năm 2026", "2026-04", id="thang-nam"),
    pytest.param("thang 4/2026", "2026-04", id="without-accents"),
    pytest.param("2026-Q2", "2026-Q2", id="iso-quarter"),
    pytest.param("Q2/2026", "2026-Q2", id="Q-slash"),
    pytest.param("Q2-2026", "2026-Q2", id="Q-dash"),
    pytest.param("quý 2/2026", "2026-Q2", id="quy"),
    pytest.param("Quý II năm 2026", "2026-Q2", id="quy-roman"),
    pytest.param("2026-H1", "2026-H1", id="iso-half"),
    pytest.param("H2/2026", "2026-H2", id="H-slash"),
    pytest.param("6 tháng đầu năm 2026", "2026-H1", id="six-months"),
    pytest.param("2026", "2026", id="year"),
    pytest.param("năm 2026", "2026", id="nam-year"),
]
WRONG = [
    pytest.param("13/2026", id="month-13"), pytest.param("Q5/2026", id="quarter-5"),
    pytest.param("2026-H3", id="half-3"), pytest.param("tháng tư", id="words"),
    pytest.param("26-4", id="short-year"),
]


@pytest.mark.parametrize("written, key", FORMS)
def test_cli_and_sheet_read_the_same_forms(written: str, key: str) -> None:
    assert parse_period(written).key == key
    coerced = to_period(pd.Series([written], dtype="string"))
    assert coerced.values.tolist() == [key] and not coerced.bad.any()


@pytest.mark.parametrize("written", WRONG)
def test_cli_and_sheet_refuse_the_same_forms(written: str) -> None:
    with pytest.raises(UsageError):
        parse_period(written)
    assert to_period(pd.Series([written], dtype="string")).bad.tolist() == [True]


def test_score_takes_a_vietnamese_period(tmp_path: Path) -> None:
    for path in (ROOT / "examples" / "hac-thanh").glob("*.xlsx"):
        shutil.copy(path, tmp_path / path.name)
    result = CliRunner().invoke(app, ["score", str(tmp_path / "worklogs.xlsx"), "--period",
                                      "quý 1/2026", "--json", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["period"] == "2026-Q1"
