"""Inputs found however the officer gives them (issue 13 point 2): files in any order, `*.xlsx`,
a folder, `.`; each file recognised by its sheets; every missing companion named at once.
Through the CLI on real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import CATALOG, valid_set, write_book

runner = CliRunner()
INPUT_NAMES = {"catalog.xlsx", "norms.xlsx", "worklogs.xlsx"}


def _ward(folder: Path) -> Path:
    """The valid set, with what an officer's folder also holds: a lock file Excel left and an
    earlier run's outputs (in kpi-2026-03/, and one copied beside the inputs)."""
    folder.mkdir(parents=True, exist_ok=True)
    valid_set(folder)
    (folder / "~$worklogs.xlsx").write_bytes(b"\x00" * 165)
    result = runner.invoke(app, ["score", str(folder / "worklogs.xlsx")])
    assert result.exit_code == 0, result.output
    shutil.copy(folder / "kpi-2026-03" / "kpi_2026-03.xlsx", folder / "kpi_2026-03.xlsx")
    return folder


@pytest.mark.parametrize("given", [
    pytest.param(lambda f: sorted(str(p) for p in f.glob("*.xlsx")), id="star-xlsx"),
    pytest.param(lambda f: [str(f / "worklogs.xlsx"), str(f / "catalog.xlsx"),
                            str(f / "norms.xlsx")], id="worklogs-catalog-norms"),
    pytest.param(lambda f: [str(f / "norms.xlsx"), str(f / "catalog.xlsx"),
                            str(f / "worklogs.xlsx")], id="companions-first"),
    pytest.param(lambda f: [f"{f}/"], id="folder"),
    pytest.param(lambda f: ["."], id="dot"),
])
def test_score_finds_inputs_however_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          given) -> None:
    folder = _ward(tmp_path / "phuong")
    monkeypatch.chdir(folder)
    out = tmp_path / "ket-qua"
    result = runner.invoke(app, ["score", *given(folder), "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {Path(i["path"]).name for i in payload["inputs"]} == INPUT_NAMES
    assert {p["staff_id"] for p in payload["staff"]} == {"001", "007", "008"}
    ranking = openpyxl.load_workbook(out / "kpi_2026-03.xlsx")["Xếp hạng"]
    assert ranking.max_row == 4  # header and the three staff


def test_outputs_go_beside_the_worklogs_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "phuong"
    folder.mkdir()
    valid_set(folder)
    result = runner.invoke(app, ["score", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "kpi-2026-03" / "kpi_2026-03.xlsx").is_file()
    assert not (tmp_path / "kpi-2026-03").exists()


@pytest.mark.parametrize("command", [
    pytest.param(["explain", "008"], id="explain"),
    pytest.param(["report"], id="report"),
    pytest.param(["validate"], id="validate"),
])
def test_every_command_takes_a_folder(tmp_path: Path, command: list[str]) -> None:
    folder = _ward(tmp_path / "phuong")
    result = runner.invoke(app, [*command, str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output


def test_a_workbook_not_recognised_is_reported_not_skipped(tmp_path: Path) -> None:
    folder = _ward(tmp_path / "phuong")
    write_book(folder / "ghi-chu.xlsx", {"Sheet1": [["Họp giao ban thứ Hai"]]})
    result = runner.invoke(app, ["score", str(folder), "--json"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "ghi-chu.xlsx" in result.stderr and "unknown_workbook" in result.stderr
    assert "kpi_2026-03.xlsx" not in result.stderr and "~$" not in result.stderr


@pytest.mark.parametrize(("keep", "extra", "lines"), [
    pytest.param({"worklogs.xlsx"}, False,
                 ["• không có tệp danh mục (catalog);", "• không có tệp định mức (norms);"],
                 id="catalog-and-norms-missing"),
    pytest.param(set(), False, ["• không có tệp nhật ký (worklogs);",
                                "• không có tệp danh mục (catalog);",
                                "• không có tệp định mức (norms);"], id="empty-folder"),
    pytest.param({"worklogs.xlsx", "catalog.xlsx"}, True,
                 ["• không có tệp định mức (norms);",
                  "• nhiều tệp danh mục (catalog): catalog-2.xlsx, catalog.xlsx;"],
                 id="norms-missing-two-catalogs"),
])
def test_every_missing_companion_is_named_at_once(tmp_path: Path, keep: set[str], extra: bool,
                                                  lines: list[str]) -> None:
    folder = tmp_path / "phuong"
    folder.mkdir()
    for path in valid_set(folder):
        if path.name not in keep:
            path.unlink()
    if extra:
        write_book(folder / "catalog-2.xlsx", CATALOG)
    given = [str(folder / "worklogs.xlsx")] if "worklogs.xlsx" in keep else [str(folder)]
    result = runner.invoke(app, ["score", *given], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    shown = [line.strip("│ ").strip() for line in result.stderr.splitlines()]
    assert [line for line in shown if line.startswith("•")] == lines
    assert any(line.startswith("→") and "--norms TỆP" in line for line in shown) == (
        "• không có tệp định mức (norms);" in lines)
