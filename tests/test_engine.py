"""`kpitool partition` and `kpitool score DATASET/ --engine local|dask` (issue 15): the per-staff
JSON of both engines equals the single-machine run of the same rows, on the examples and on a
generated multi-agency set; a chain that crosses agencies and a bad partition are reported by
agency and file while the other agencies are still written. Every engine test has a timeout,
so that a worker loop fails instead of hanging."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.messages import text
from kpitool.reports.formatting import flag_message
from tests.national import ROOT, national, write_national

COMPARED = ("staff", "flags", "units", "quota", "levels", "period")


def run(*args: str) -> tuple[int, str, str]:
    """The command in this process, except a Dask run: in its own process, so that no Dask
    thread lives on in the test process (a later test that forks would hang on its locks)."""
    argv = [str(a) for a in args]
    if "dask" in argv:
        done = subprocess.run([sys.executable, "-m", "kpitool", *argv], capture_output=True,
                              text=True, timeout=200)
        return done.returncode, done.stdout, done.stderr
    result = CliRunner().invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def companions(paths: dict[str, Path]) -> list[str]:
    return [f"--{kind}={paths[kind]}" for kind in ("catalog", "norms", "assessments",
                                                    "assignments") if kind in paths]


def example(folder: Path, ward: str) -> tuple[dict[str, Path], list[Path]]:
    for path in (ROOT / "examples" / ward).glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    paths = {p.stem: p for p in folder.glob("*.xlsx")}
    return paths, [paths.pop("worklogs")]


def generated(folder: Path, agencies: int) -> tuple[dict[str, Path], list[Path]]:
    paths = write_national(national(agencies), folder)
    logs = [paths.pop(k) for k in sorted(paths) if k.startswith("worklogs")]
    return paths, logs


def single_and_dataset(folder: Path, paths: dict[str, Path], logs: list[Path],
                       held: bool = True) -> tuple[dict, Path]:
    """The single-machine run's JSON, and the dataset of the same rows: with `held`, the
    assessments (and assignments) written into it by agency; else given to `score` only
    (moved away from the worklogs, beside which `partition` would find them)."""
    if not held:
        (folder / "elsewhere").mkdir()
        paths["assessments"] = paths["assessments"].rename(
            folder / "elsewhere" / paths["assessments"].name)
    code, out, err = run("score", *logs, *companions(paths), "--json", "--out", folder / "single")
    assert code == 0, err
    dataset = folder / "dataset"
    code, _, err = run("partition", *logs, *companions(
        {k: v for k, v in paths.items() if held or k != "assessments"}), "--out", dataset)
    assert code == 0, err
    return json.loads(out), dataset


@pytest.mark.timeout(240)
@pytest.mark.parametrize(("source", "held"), [("hac-thanh", False), ("dong-son", True),
                                              ("generated", True)])
def test_engines_equal_the_single_machine_run(tmp_path, source, held):
    paths, logs = generated(tmp_path, 3) if source == "generated" else example(tmp_path, source)
    single, dataset = single_and_dataset(tmp_path, paths, logs, held)
    agencies = sorted(p.name for p in dataset.glob("agency=*"))
    assert len(agencies) == (3 if source == "generated" else 1)
    assert sorted(p.name for p in dataset.glob("_general/agency=*")) == (agencies if held else [])
    for engine in ("local", "dask"):
        out = tmp_path / f"out-{engine}"
        # the dataset's own assessments: not given again (local), or given again, the same
        # file (dask); without them in the dataset, given to score
        given = {k: v for k, v in paths.items()
                 if not held or engine == "dask" or k in ("catalog", "norms")}
        code, stdout, err = run("score", dataset, "--engine", engine, *companions(given),
                                "--json", "--out", out)
        assert code == 0, err
        payload = json.loads(stdout)
        for key in COMPARED:
            assert payload[key] == single[key], (engine, key)
        # the assessments are named among the inputs, read from the dataset or not
        assert payload["inputs"] == [f for f in single["inputs"] if f["kind"] != "worklogs"]
        assert payload["failed"] == []
        staff = pd.read_parquet(out / "staff")
        assert sorted(staff["agency"].astype(str).unique()) == [a.split("=")[1] for a in agencies]
        by_id = staff.set_index("staff_id")
        for person in single["staff"]:
            row = by_id.loc[person["staff_id"]]
            rank = row["rank_overall"]
            assert (None if pd.isna(rank) else int(rank)) == person["rank_overall"]
            assert list(row["flags"]) == person["flags"]
        assert (out / f"kpi_{single['period']}.xlsx").is_file()
        assert (out / f"kpi_{single['period']}.html").is_file()


@pytest.mark.timeout(120)
def test_the_agencies_compete_in_one_ranking(tmp_path):
    paths, logs = generated(tmp_path, 3)
    single, dataset = single_and_dataset(tmp_path, paths, logs)
    code, stdout, err = run("score", dataset, "--engine", "local", *companions(paths), "--json",
                            "--out", tmp_path / "out", "--unit-workbooks")
    assert code == 0, err
    ranks = [p["rank_overall"] for p in json.loads(stdout)["staff"] if p["rank_overall"]]
    assert max(ranks) > 32  # more than one agency's staff in the one ranking
    books = sorted((tmp_path / "out" / "units").glob("*.xlsx"))
    assert len(books) == 3 * 7
    # the unit workbooks show each person's cycles (kept for them only)
    months = _sheet(books[0], text("sheet_months", "vi"))
    assert len(months[0]) > 2 and len(months) > 1
    assert all(isinstance(v, float | int) for row in months[1:] for v in row[2:] if v is not None)
    assert any(v is not None for row in months[1:] for v in row[2:])


def test_without_unit_workbooks_no_cycle_rows_are_held_and_nothing_else_changes(tmp_path):
    from kpitool.engine.runner import score_dataset

    paths, logs = generated(tmp_path, 2)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    given = {k: paths.get(k) for k in ("catalog", "norms", "assessments", "assignments")}
    kept = score_dataset(dataset, given, None, "nd335", "local", out=tmp_path / "kept").result
    lean = score_dataset(dataset, given, None, "nd335", "local", out=tmp_path / "lean",
                         keep_cycles=False).result
    assert len(kept.cycles) > len(kept.staff) > 0  # several cycles a person
    assert len(lean.cycles) == 0 and list(lean.cycles.columns) == list(kept.cycles.columns)
    for name in ("staff", "units", "quota"):
        assert_frame_equal(getattr(lean, name), getattr(kept, name))
    keys = ["code", "severity", "staff_id", "unit_code", "cycle"]
    assert_frame_equal(lean.flags[keys], kept.flags[keys])


def test_a_chain_that_crosses_agencies_is_an_error_naming_the_staff(tmp_path):
    data = national(2)
    staff = data.staff.copy()
    staff.loc[staff["staff_id"] == "A1-005", "supervisor_id"] = "004"
    data.staff = staff
    paths = write_national(data, tmp_path)
    code, _, err = run("partition", paths["worklogs-0"], paths["worklogs-1"], "--catalog",
                       paths["catalog"], "--out", tmp_path / "dataset", "--lang", "en")
    assert code == 1
    assert "A1-005" in err and "004" in err and "another agency" in err
    assert not (tmp_path / "dataset").exists()


def test_partition_refuses_an_existing_folder(tmp_path):
    paths, logs = example(tmp_path, "hac-thanh")
    (tmp_path / "dataset").mkdir()
    code, _, err = run("partition", *logs, "--catalog", paths["catalog"], "--out",
                       tmp_path / "dataset", "--lang", "en")
    assert code == 1 and "already exists" in err


def test_partition_takes_a_folder_and_finds_the_companions_in_it(tmp_path):
    paths, logs = example(tmp_path, "hac-thanh")
    code, out, err = run("partition", tmp_path, "--out", tmp_path / "dataset", "--lang", "en")
    assert code == 0, err
    rows = pq.read_table(tmp_path / "dataset").num_rows
    assert rows > 1_000  # so that the count below is written with a thousands separator
    assert f"{rows:,} worklog rows" in out
    # the same dataset as with every file named
    code, _, err = run("partition", *logs, *companions(
        {k: v for k, v in paths.items() if k != "assessments"}), "--out", tmp_path / "named")
    assert code == 0, err
    assert_frame_equal(pq.read_table(tmp_path / "dataset").to_pandas(),
                       pq.read_table(tmp_path / "named").to_pandas())
    # two norms files beside the worklogs: which one is meant is asked, not guessed
    shutil.copy(paths["norms"], tmp_path / "norms-copy.xlsx")
    code, _, err = run("partition", tmp_path / "worklogs.xlsx", "--out", tmp_path / "two",
                       "--lang", "en")
    assert code == 2 and "norms-copy.xlsx" in err and not (tmp_path / "two").exists()
    (tmp_path / "norms-copy.xlsx").unlink()
    # without a catalog anywhere, it is named as missing
    paths["catalog"].unlink()
    code, _, err = run("partition", tmp_path / "worklogs.xlsx", "--out", tmp_path / "none",
                       "--lang", "en")
    assert code == 2 and "catalog" in err and not (tmp_path / "none").exists()


def _break(dataset: Path, agency: str, how: str) -> Path:
    """One file of `agency` made unreadable, or a row of it invalid: a worklog row's task
    unknown, or (how 'assessment') a general score over the rules' maximum of 30."""
    sheet = "_general/" if how.endswith(("assessment", "stranger")) else ""
    files = sorted((dataset / f"{sheet}agency={agency}").rglob("*.parquet"))
    target = files[-1]
    if how.startswith("unreadable"):
        target.write_bytes(b"not parquet")
    else:
        table = pq.read_table(target).to_pandas()
        column, value = {"assessment": ("general_score", 99.0),
                         "stranger": ("staff_id", "NO-SUCH-STAFF")}.get(
                             how, ("task_code", "NO-SUCH-TASK"))
        table.loc[table.index[0], column] = value
        table.to_parquet(target, index=False)
    return target


@pytest.mark.timeout(240)
@pytest.mark.parametrize(("engine", "how", "skip", "scored"), [
    ("local", "unreadable", False, 2),
    ("dask", "unreadable", False, 2),
    ("local", "invalid", False, 2),
    ("local", "invalid", True, 3),
    ("dask", "invalid", True, 3),
    ("dask", "unreadable-assessment", False, 2),
    ("local", "assessment", False, 2),
    ("dask", "assessment", True, 3),
    ("local", "stranger", False, 2),
])
def test_a_bad_partition_is_reported_by_agency_and_file(tmp_path, engine, how, skip, scored):
    paths, logs = generated(tmp_path, 3)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    broken = _break(dataset, "A1-HT-UB", how)
    out = tmp_path / "out"
    given = {k: v for k, v in paths.items() if k in ("catalog", "norms")}
    code, stdout, err = run("score", dataset, "--engine", engine, *companions(given), "--json",
                            "--out", out, "--lang", "en", *(["--skip-invalid"] if skip else []))
    payload = json.loads(stdout)
    staff = pd.read_parquet(out / "staff")
    assert staff["agency"].astype(str).nunique() == scored
    assert not list(out.glob(".*"))  # no partial result, no staging folder left behind
    expected = {"invalid": "unknown_code", "assessment": "general_over_max",
                "stranger": "unknown_code"}.get(how, "partition_unreadable")
    if scored == 3:
        assert code == 0
        assert [i["code"] for i in payload["skipped"]] == [expected]
        assert payload["failed"] == []
        issue = payload["skipped"][0]
    else:
        assert code == 1
        failed, issue = payload["failed"]
        assert failed["code"] == "partition_failed"
        assert "A1-HT-UB" in failed["message"] and "A1-HT-UB" in err
        assert "A1-HT-UB" not in set(staff["agency"].astype(str))
        assert issue["code"] == expected
    if how == "assessment":  # named by its cell in the assessments workbook, not the dataset
        assert issue["file"] == str(paths["assessments"]) and issue["cell"][0] == "D"
        assert issue["value"] == "99"
    elif how == "stranger":  # an assessment of no one of the agency: not silently left out
        assert issue["file"] == str(paths["assessments"]) and issue["cell"][0] == "B"
        assert issue["value"] == "NO-SUCH-STAFF"
    elif how.startswith("unreadable"):
        assert str(broken) in issue["file"]
    elif scored == 2:
        assert str(broken) in failed["file"]


def test_engine_needs_a_dataset_folder_and_a_known_engine(tmp_path):
    paths, logs = example(tmp_path, "hac-thanh")
    code, _, err = run("score", *logs, "--engine", "local", "--lang", "en")
    assert code == 2 and "dataset folder" in err
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    code, _, err = run("score", dataset, "--engine", "spark", *companions(paths), "--lang", "en")
    assert code == 2 and "local, dask" in err



@pytest.mark.timeout(300)
def test_a_worker_killed_mid_run_changes_nothing(tmp_path):
    """A worker process dies while it scores an agency: the Nanny starts a new one, the
    scheduler runs the task again, and the outputs equal those of the local engine."""
    paths, logs = generated(tmp_path, 4)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    code, stdout, err = run("score", dataset, "--engine", "local", *companions(paths), "--json",
                            "--out", tmp_path / "local")
    assert code == 0, err
    local = json.loads(stdout)
    folder = tmp_path / "cluster"
    folder.mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "killed_worker.py"), folder, "--",
                           dataset, *companions(paths), "--json", "--out", tmp_path / "dask"],
                          capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr
    key, state = (folder / "killed").read_text(encoding="utf-8").split()
    assert key.startswith("score_agency") and state == "executing"
    assert len(set((folder / "workers").read_text(encoding="utf-8").split())) == 3
    payload = json.loads(done.stdout)
    for key in COMPARED:
        assert payload[key] == local[key], key
    for table in ("staff", "flags"):
        assert_frame_equal(pd.read_parquet(tmp_path / "dask" / table),
                           pd.read_parquet(tmp_path / "local" / table))


def _sheet(path: Path, name: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_flags_keep_every_source_row_while_the_run_keeps_their_first(tmp_path, engine):
    """Without --json the run keeps only each flag's first source rows (what a workbook shows):
    flags/ still has every row of every flag, and the flags sheet reads as the single run's."""
    paths, logs = generated(tmp_path, 3)
    single, dataset = single_and_dataset(tmp_path, paths, logs)
    out = tmp_path / "out"
    code, _, err = run("score", dataset, "--engine", engine, *companions(paths), "--out", out)
    assert code == 0, err
    flags = pd.read_parquet(out / "flags")
    assert len(flags) == len(single["flags"])

    def key(flag: dict) -> tuple:
        return (flag["code"], flag["staff_id"], flag["unit_code"], flag["cycle"],
                json.dumps(flag["rows"], ensure_ascii=False))

    found = [key({**record, "staff_id": None if pd.isna(record["staff_id"]) else record["staff_id"],
                  "cycle": None if pd.isna(record["cycle"]) else record["cycle"],
                  "rows": [dict(r) for r in record["rows"]]})
             for record in flags.to_dict("records")]
    assert sorted(found, key=str) == sorted(map(key, single["flags"]), key=str)
    assert max(len(f["rows"]) for f in single["flags"]) > 20  # some flag shows "… (+N)"
    name = text("sheet_flags", "vi")
    period = single["period"]
    assert _sheet(out / f"kpi_{period}.xlsx", name) == _sheet(
        tmp_path / "single" / f"kpi_{period}.xlsx", name)


def test_a_flags_first_rows_read_as_all_of_them_in_the_workbook_and_all_go_to_parquet():
    """`heads` keeps each flag's first rows (and their count) from a small Sources of those rows
    only; the workbook text is that of the whole flag; `source_rows_array` codes every row."""
    import numpy as np

    from kpitool.engine.flagsout import heads, source_rows_array
    from kpitool.flags import SourceRows, Sources
    from kpitool.reports.rowtexts import rows_texts

    logs = pd.DataFrame({"_file": ["b.xlsx"] * 30 + ["a.csv"] * 10,
                         "_sheet": ["Nhật ký"] * 30 + ["a.csv"] * 10,
                         "_row": list(range(2, 32)) + list(range(2, 12))})
    sources = Sources(logs)
    full = [SourceRows(sources, np.arange(25)[::-1]),       # more rows than a workbook shows
            SourceRows(sources, np.array([31, 5, 39])),     # two files
            SourceRows(None, np.empty(0, dtype=np.int64)),  # a flag without rows
            [("c.xlsx", "Sheet", 7)]]                       # rows given as tuples
    flags = pd.DataFrame({"code": ["x"] * len(full), "rows": pd.Series(full, dtype=object)})
    cut = heads(flags, limit=20)
    assert [len(r) for r in cut["rows"]] == [25, 3, 0, 1]
    assert [list(r) for r in cut["rows"]] == [list(r)[:20] for r in full]
    # the rows the heads name, once each (row id 5 is in both), not the 40 of the partition
    assert len(cut["rows"][0].sources.rows) == 22
    assert rows_texts(cut["rows"]) == rows_texts(full)
    assert "(+5)" in rows_texts(cut["rows"])[0]
    coded = source_rows_array(flags["rows"]).to_pylist()
    assert coded == [[{"file": f, "sheet": s, "row": r} for f, s, r in rows] for rows in full]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("passed", ["first", "last"])
def test_with_many_flags_the_run_keeps_only_those_its_report_shows(tmp_path, monkeypatch,
                                                                   passed):
    """Past the flags the summary workbook lists, the client keeps only the first flags of
    each kind (what the HTML report shows) and counts the others: the report shows the same
    flags, whole, as a run that keeps every flag; every person's kinds and the counts of
    each kind are the same; every flag is in flags/; the outputs say how many there are.
    The limit is passed by the first agency, or only by the last (the agencies received
    before it, kept whole on disk until then, are cut then). No partial is left on disk."""
    import kpitool.engine.runner as runner
    import kpitool.reports.html as html
    from kpitool.engine.runner import score_dataset, write_dataset_outputs

    paths, logs = generated(tmp_path, 3)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    monkeypatch.setattr(runner, "FLAG_ROWS_SHOWN", 2)
    monkeypatch.setattr(html, "FLAG_ROWS_SHOWN", 2)
    given = {k: paths.get(k) for k in ("catalog", "norms", "assessments", "assignments")}
    by_agency: list[int] = []  # each agency's flags, as they come

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = score_agency(*args, **kwargs)
        by_agency.append(len(result.partial.flags))
        return result

    score_agency = runner.score_agency
    monkeypatch.setattr(runner, "score_agency", counted)
    whole = score_dataset(dataset, given, None, "nd335", "local", out=tmp_path / "whole",
                          keep_flags=True)
    everything = whole.result.flags
    assert len(by_agency) == 3 and min(by_agency) > 5
    monkeypatch.setattr(runner, "DETAIL_XLSX_LIMIT",
                        5 if passed == "first" else sum(by_agency) - 1)
    thin = score_dataset(dataset, given, None, "nd335", "local", out=tmp_path / "thin")
    for run in (whole, thin):
        assert sorted(p.name for p in run.folder.iterdir()) == ["flags"]
    assert whole.result.flags_elsewhere == {}
    assert len(thin.result.flags) < len(everything) / 5  # most are counted, not held
    assert thin.result.flag_total == len(everything)
    assert thin.result.flag_counts() == {str(k): int(v) for k, v in
                                         everything["code"].value_counts().items()}
    assert_frame_equal(thin.result.staff, whole.result.staff)
    assert thin.result.staff["flags"].map(len).sum() > len(thin.result.staff)
    # what the report shows: the first two of each kind, the same flags, whole
    mine = thin.result.flags.groupby("code", sort=False).head(2).reset_index(drop=True)
    theirs = everything.groupby("code", sort=False).head(2).reset_index(drop=True)
    keys = ["code", "severity", "staff_id", "unit_code", "cycle"]
    assert_frame_equal(mine[keys], theirs[keys])
    assert list(mine["params"]) == list(theirs["params"])
    assert [list(r) for r in mine["rows"]] == [list(r) for r in theirs["rows"]]
    assert [len(r) for r in mine["rows"]] == [len(r) for r in theirs["rows"]]
    # held: at most the first two of each kind in each of the 3 agencies (and the few that
    # compare agencies, from the finishing step)
    assert (thin.result.flags.groupby("code").size() <= 3 * 2 + 1).all()
    # the rows kept are held by a `Sources` of the kept flags' rows only, not of every flag's
    by_sources: dict[int, tuple[Any, set[int]]] = {}
    for rows in thin.result.flags["rows"]:
        if getattr(rows, "sources", None) is not None:
            by_sources.setdefault(id(rows.sources), (rows.sources, set()))[1].update(
                rows.ids.tolist())
    assert by_sources
    for sources, ids in by_sources.values():
        assert len(sources.rows) == len(ids)
    written = write_dataset_outputs(thin, "vi")
    on_disk = pq.read_table(thin.flags).to_pandas()
    assert len(on_disk) == len(everything)
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    for flag in theirs.to_dict("records"):
        message = flag_message(flag["code"], flag["params"], "vi")
        assert escape(message, quote=False) in page, message
    book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx"),
                                  read_only=True)
    summary = [c for row in book[text("sheet_summary", "vi")].iter_rows(values_only=True)
               for c in row]
    assert summary[summary.index(text("ui_flag_count", "vi")) + 1] == len(everything)


def test_more_people_than_a_sheet_holds_the_ranking_is_in_staff_only(tmp_path, monkeypatch):
    """A country has more civil servants than an Excel sheet has rows: the summary workbook's
    ranking then says where the whole ranking is (staff/, every person) instead of being cut
    at the sheet's last row; with one row more, every person is listed."""
    import kpitool.engine.runner as runner
    from kpitool.engine.runner import score_dataset, write_dataset_outputs

    paths, logs = generated(tmp_path, 2)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    given = {k: paths.get(k) for k in ("catalog", "norms", "assessments", "assignments")}
    people = None
    for room, out in ((0, "many"), (1, "fits")):
        run = score_dataset(dataset, given, None, "nd335", "local", out=tmp_path / out)
        people = len(run.result.staff)
        monkeypatch.setattr(runner, "SHEET_ROWS", people + room)
        written = write_dataset_outputs(run, "vi")
        book = openpyxl.load_workbook(next(p for p in written if p.suffix == ".xlsx"),
                                      read_only=True)
        rows = list(book[text("sheet_ranking", "vi")].iter_rows(values_only=True))
        book.close()
        assert len(pd.read_parquet(tmp_path / out / "staff")) == people
        if room == 0:
            assert len(rows) == 1 and "staff/" in rows[0][0] and str(people) in rows[0][0]
        else:
            assert len(rows) == people + 1
            assert {r[2] for r in rows[1:]} == set(run.result.staff["staff_id"])


def test_partition_finds_in_each_file_what_validating_everything_finds(tmp_path):
    """`kpitool partition` checks each worklog file against the companions of the agencies
    its rows are of (with other agencies' approvers and the assignments it names), not the
    whole country's: the issues of its rows are those of validating every file at once."""
    from kpitool.engine.dataset import partition_files
    from kpitool.errors import InvalidDataError
    from kpitool.validation import validate

    data = national(3)
    logs = data.worklogs.copy()
    for column in ("staff_id", "task_code", "approver_id"):
        logs[column] = logs[column].astype("string")
    first = logs.index[logs["_file"].str.contains("worklogs-1")]
    logs.loc[first[0], "staff_id"] = "NOBODY"           # unknown person
    logs.loc[first[1], "task_code"] = "NO-TASK"         # unknown task
    heads = set(data.staff.loc[data.staff["supervisor_id"].isna(), "staff_id"])
    first = [at for at in first if logs.loc[at, "staff_id"] not in heads]
    # approved by someone of another agency (known: no issue), by no one known (an issue)
    logs.loc[first[2], "approver_id"] = str(logs.loc[first[2], "approver_id"]).replace("A1-", "A2-")
    logs.loc[first[3], "approver_id"] = "NO-ONE"        # unknown approver
    logs.loc[first[4], "hours"] = 23.5                   # over 24 hours that day, with others
    paths = write_national(dataclasses.replace(data, worklogs=logs), tmp_path)
    files = [paths.pop(k) for k in sorted(paths) if k.startswith("worklogs")]
    companions = [paths[k] for k in ("catalog", "norms") if k in paths]

    def key(issue) -> tuple:
        return (Path(issue.file).name, issue.sheet, issue.row, issue.code, issue.severity)

    everything = {key(i) for i in validate([*files, *companions])[1]
                  if i.file in {str(f) for f in files}}
    assert {code for _, _, _, code, severity in everything if severity == "error"} >= {
        "unknown_code", "hours_over_24"}  # the changes above are errors to find
    with pytest.raises(InvalidDataError) as raised:
        partition_files(files, companions, tmp_path / "dataset")
    errors = {key(i) for i in raised.value.issues}
    assert errors == {k for k in everything if k[4] == "error"}
    # every severity, file by file, as `partition_files` checks them
    from kpitool.engine.dataset import _file_inputs, agency_of_staff
    from kpitool.io.readers import read_inputs
    from kpitool.validation import cross_checks

    base, _ = read_inputs(companions)
    agency = agency_of_staff(base)
    found = set()
    for path in files:
        read, issues = read_inputs([path])
        found |= {key(i) for i in issues}
        found |= {key(i) for i in cross_checks(_file_inputs(base, agency, read.worklogs))
                  if i.file == str(path)}
    assert found == everything
    assert "unknown_approver" in {k[3] for k in everything}


def test_datasets_are_written_in_the_order_of_their_rows(tmp_path):
    """Arrow's dataset writer puts rows past its first batch (131,072) in any order unless told
    to keep it: two runs of one national score then differed in the order of staff/ (seen at
    200,000 staff). The per-staff dataset is written in the order of its rows."""
    from kpitool.engine.runner import _write_parquet

    rows = 300_000
    frame = pd.DataFrame({"agency": [f"D{i % 100:02d}" for i in range(rows)],
                          "staff_id": [f"{i:06d}" for i in range(rows)]})
    read = []
    for n in range(3):
        _write_parquet(frame, tmp_path / f"staff{n}")
        read.append(pd.read_parquet(tmp_path / f"staff{n}")["staff_id"].tolist())
    assert read[0] == read[1] == read[2]
    assert read[0] == frame.sort_values("agency", kind="stable")["staff_id"].tolist()


def test_each_agency_s_own_companions_are_cut_once_as_agency_data_cuts_them(tmp_path):
    """A Dask task carries its own agency's companions (`AgencySlices`), not the country's:
    the same rows, in the same order, as `agency_data` finds for that agency, and every
    assessment in exactly one agency."""
    from kpitool.engine.dataset import AgencySlices, agency_data, agency_of_staff
    from kpitool.io.readers import read_inputs

    paths, _ = generated(tmp_path, 3)
    base, _ = read_inputs([paths[k] for k in ("catalog", "norms", "assessments")])
    agencies = sorted(set(agency_of_staff(base)))
    assert len(agencies) == 3 and len(base.general) > 0
    slices = AgencySlices(base)
    for agency in agencies:
        own, expected = slices(agency), agency_data(base, agency, base.worklogs)
        for name in ("units", "staff", "leave", "general", "assignments"):
            assert_frame_equal(getattr(own, name), getattr(expected, name))
        assert 0 < len(own.general) < len(base.general)
        assert own.tasks is base.tasks and own.norms is base.norms
    assert sum(len(slices(a).general) for a in agencies) == len(base.general)
    assert len(slices("NO-SUCH-AGENCY").staff) == 0


@pytest.mark.timeout(300)
def test_a_row_approved_in_another_agency_is_known_on_every_engine(tmp_path):
    """Each Dask task knows the country's staff (sent to each worker once), so a row approved
    by someone of another agency is checked as on the local engine and a single run."""
    data = national(3)
    logs = data.worklogs.copy()
    logs["approver_id"] = logs["approver_id"].astype("string")
    heads = set(data.staff.loc[data.staff["supervisor_id"].isna(), "staff_id"])
    first = [at for at in logs.index[logs["_file"].str.contains("worklogs-1")]
             if logs.loc[at, "staff_id"] not in heads]
    moved = str(logs.loc[first[0], "approver_id"]).replace("A1-", "A2-")
    assert moved != logs.loc[first[0], "approver_id"] and moved in set(data.staff["staff_id"])
    logs.loc[first[0], "approver_id"] = moved
    paths = write_national(dataclasses.replace(data, worklogs=logs), tmp_path)
    files = [paths.pop(k) for k in sorted(paths) if k.startswith("worklogs")]
    single, dataset = single_and_dataset(tmp_path, paths, files)
    for engine in ("local", "dask"):
        code, stdout, err = run("score", dataset, "--engine", engine, *companions(paths),
                                "--json", "--out", tmp_path / engine)
        assert code == 0, err
        payload = json.loads(stdout)
        assert payload["failed"] == [] and payload["skipped"] == []
        for key in COMPARED:
            assert payload[key] == single[key], (engine, key)
    flagged = [f for f in single["flags"] if f["code"] == "flag_approver_not_in_chain"]
    assert any(moved in json.dumps(f, ensure_ascii=False) for f in flagged)


_WORKER_CALLBACKS = """
import json
import dask
from kpitool.engine.runner import _client

if __name__ == "__main__":
    with _client(None) as client:
        found = client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    print(json.dumps({"workers": list(found.values()),
                      "after": dask.config.get("distributed.worker.profile.enabled")}))
"""


@pytest.mark.timeout(120)
def test_the_cluster_kpitool_starts_has_no_profiler_on_its_workers(tmp_path):
    """Dask's workers sample their stack every 10 ms and keep a call tree a second for a
    dashboard; the cluster kpitool starts has no dashboard, and the trees grew each worker all
    run long (about 2 MB an agency scored, docs/scale.md). Its workers run without it, and
    the setting is this cluster's only: the process's Dask configuration is as it was."""
    script = tmp_path / "callbacks.py"
    script.write_text(_WORKER_CALLBACKS, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=100, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(found["workers"]) == 2
    for callbacks in found["workers"]:
        assert "heartbeat" in callbacks  # the worker's own periodic work still runs
        assert "profile" not in callbacks and "profile-cycle" not in callbacks
    assert found["after"] is True


@pytest.mark.timeout(240)
def test_dask_shows_on_a_terminal_how_many_agencies_are_scored(tmp_path):
    """The client says, as the agencies complete, how many of how many are scored (on a
    terminal only, as every progress line)."""
    from tests.test_progress import _on_terminal

    paths, logs = generated(tmp_path, 3)
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    shown = _on_terminal(["score", str(dataset), "--engine", "dask", *companions(paths),
                          "--out", str(tmp_path / "dask")])
    assert "Đã chấm điểm 3/3 cơ quan" in shown, shown[-2000:]
    shown = _on_terminal(["score", str(dataset), "--engine", "dask", *companions(paths),
                          "--out", str(tmp_path / "en"), "--lang", "en"])
    assert "3 of 3 agencies scored" in shown and "cơ quan" not in shown


def test_the_dataset_s_assessments_read_by_agency_are_those_of_the_files(tmp_path):
    """`kpitool partition` writes the assessments and assignments by agency into the dataset;
    each agency reads back exactly its rows of the files, typed as a read of the files types
    them (the client, which did not read them, holds none)."""
    from kpitool.engine.dataset import (
        agency_data,
        agency_of_staff,
        partitions,
        read_meta,
        with_own_companions,
    )
    from kpitool.engine.runner import score_dataset
    from kpitool.validation import validate

    paths, logs = generated(tmp_path, 3)
    whole, _ = validate([paths[k] for k in ("catalog", "norms", "assessments")])
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    catalog, _ = validate([paths["catalog"], paths["norms"]])
    found = partitions(dataset, read_meta(dataset)["period"][:4] + "-12")
    assert {p.agency for p in found} == set(agency_of_staff(whole))
    for partition in found:
        own = with_own_companions(partition, catalog)
        assert dict(partition.companions).keys() == {"general"}
        expected = agency_data(whole, partition.agency, whole.worklogs)
        assert len(own.general) > 0
        assert_frame_equal(own.general, expected.general)
    run = score_dataset(dataset, {"catalog": paths["catalog"], "norms": paths["norms"]}, None,
                        "nd335", "local", out=tmp_path / "out")
    assert run.data.general.empty
    assert [f.kind for f in run.data.files] == ["catalog", "norms", "assessments"]


def test_score_refuses_another_file_for_what_the_dataset_holds(tmp_path):
    paths, logs = example(tmp_path, "dong-son")
    _, dataset = single_and_dataset(tmp_path, paths, logs)
    assert (dataset / "_assignments").is_dir() and (dataset / "_general").is_dir()
    other = tmp_path / "other.xlsx"
    book = openpyxl.load_workbook(paths["assignments"])
    book.active.title = book.active.title  # the same sheets, another file (other bytes)
    book.properties.title = "another"
    book.save(other)
    code, _, err = run("score", dataset, "--engine", "local", "--catalog", paths["catalog"],
                       "--norms", paths["norms"], "--assignments", other, "--out",
                       tmp_path / "out", "--lang", "en")
    assert code == 2, err
    flat = re.sub(r"[\s│╭╮╰╯─]+", "", err)  # the panel wraps the long paths
    assert "alreadyholdstheassignmentsfile" in flat
    assert str(other).replace(" ", "") in flat and str(paths["assignments"]) in flat
    assert not (tmp_path / "out").exists()
    # a file that is not there is said to be missing, not to be another file
    code, _, err = run("score", dataset, "--engine", "local", "--catalog", paths["catalog"],
                       "--norms", paths["norms"], "--assignments", tmp_path / "gone.xlsx",
                       "--out", tmp_path / "out", "--lang", "en")
    assert code == 1 and "file_not_found" in err and "already holds" not in err
    assert not (tmp_path / "out").exists()
