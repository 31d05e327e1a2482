"""Text from the inputs shown in the terminal as it is, and cut when long (issue 14, 11 and 13).

rich reads `[red]`, `[/]` and `[link=…]` as markup: a cell or a path holding them was shown
changed, or stopped the command with a traceback or `internal_error`.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hardening import invoke, plain
from tests.rawxlsx import sheet_parts, write_raw_book
from tests.xlsxbuild import CATALOG, WORKLOG_HEADER, valid_set, worklog_row, write_book

ROOT = Path(__file__).resolve().parent.parent


def csv_worklog(path: Path, hours: str) -> Path:
    """A one-row worklog CSV whose hours cell holds `hours` (not a number: an error there)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(WORKLOG_HEADER)
        writer.writerow(worklog_row(1, "2/3/2026", "007", "T1", hours=hours))
    return path


@pytest.mark.parametrize("value", ["[red]A99", "[/red]A99", "[/]", "[link=file:///etc]x[/link]",
                                   "[bold]Mã[/bold]", "A99 giờ"])
def test_markup_in_a_cell_is_shown_literally(tmp_path: Path, value: str) -> None:
    path = csv_worklog(tmp_path / "nhat-ky.csv", value)
    for command in (["validate", str(path)], ["score", str(path), "--catalog",
                                              str(valid_set(tmp_path)[0])]):
        result = invoke(*command, "--lang", "en")
        assert result.exit_code == 1, result.output
        assert "Unexpected error" not in result.output and "Traceback" not in result.output
        assert f"{value}" in plain(result.output), result.output


@pytest.mark.parametrize("name", ["[red]nhat-ky.xlsx", "[link=x]a.xlsx", "[dim]/b[bold].xlsx"])
def test_markup_in_a_path_is_shown_literally(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(b"")
    result = invoke("validate", str(path), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert str(path) in plain(result.output), result.output


def test_markup_in_a_staff_name_scores(tmp_path: Path) -> None:
    catalog, _, logs = valid_set(tmp_path)
    staff = [list(row) for row in CATALOG["Cán bộ"]]
    staff[2][1] = "[/b]Trần [red]Thị Bình"
    write_book(catalog, {**CATALOG, "Cán bộ": staff})
    result = invoke("score", str(logs), "--out", str(tmp_path / "out"), "--lang", "en")
    assert result.exit_code == 0, result.output
    explained = invoke("explain", "007", str(logs), "--lang", "en")
    assert explained.exit_code == 0, explained.output
    assert "[/b]Trần [red]Thị Bình" in plain(explained.output)


def test_a_ten_megabyte_cell_is_cut_and_does_not_hang(tmp_path: Path) -> None:
    huge = "X" * 10_000_000
    row = worklog_row(1, "2/3/2026", "007", "T1", hours=huge)
    path = write_raw_book(tmp_path / "nhat-ky.xlsx", "Nhật ký", sheet_parts([WORKLOG_HEADER, row]))
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kpitool", "validate", str(path), "--lang", "en"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    took = time.monotonic() - began
    assert done.returncode == 1, done.stderr[-2000:]
    assert took < 30, took
    assert len(done.stdout) < 20_000, len(done.stdout)
    assert "X" * 20 in done.stdout and "…" in done.stdout


def test_a_long_value_is_kept_whole_in_json(tmp_path: Path) -> None:
    """Cutting is for the terminal only: the JSON report keeps the value as it is."""
    value = "Y" * 5_000
    path = csv_worklog(tmp_path / "nhat-ky.csv", value)
    result = invoke("validate", str(path), "--json", "--lang", "en")
    assert value in result.output


def piped(*args: str) -> subprocess.CompletedProcess[str]:
    """`kpitool ARGS` with its output into pipes and no COLUMNS: as in `… > log.txt`."""
    return subprocess.run([sys.executable, "-m", "kpitool", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env={"PATH": "/usr/bin:/bin"})


def test_a_long_path_written_into_a_pipe_stays_on_one_line(tmp_path: Path) -> None:
    """A pipe or a log file has no width: the path of a written file is one line, whole, to
    be copied (rich wrapped it at 80 columns, cutting it in the middle of a name)."""
    deep = tmp_path / ("thu-muc-rat-dai-" * 4) / ("bieu-mau-" * 4)
    assert len(str(deep / "catalog.xlsx")) > 120
    done = piped("init", str(deep))
    assert done.returncode == 0, done.stderr[-2000:]
    written = sorted(deep.glob("*.xlsx"))
    assert len(written) == 5
    for path in written:
        lines = [line for line in done.stdout.splitlines() if str(path) in line]
        assert len(lines) == 1, done.stdout


def test_a_score_summary_into_a_pipe_keeps_paths_and_messages_whole(tmp_path: Path) -> None:
    """`kpitool score … > log.txt`: the written files' paths and the notices are one line each,
    as they are in the terminal's words, not cut at 80 columns; the tables keep their frame."""
    out = tmp_path / ("ket-qua-cham-diem-quy-mot-" * 3) / "kpi"
    done = piped("score", str(ROOT / "examples" / "hac-thanh" / "worklogs.xlsx"), "--out",
                 str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    report = out / "kpi_2026-Q1.xlsx"
    assert report.is_file() and len(str(report)) > 100
    assert [line.strip() for line in lines if str(report) in line] == [str(report)]
    notice = [line for line in lines if line.startswith("Không có sheet Giao việc")]
    assert len(notice) == 1 and notice[0].endswith("để chấm theo việc được giao."), done.stdout
    assert any(line.startswith("┏") for line in lines)  # a table, framed as before


def test_problems_and_errors_into_a_pipe_name_a_long_path_whole(tmp_path: Path) -> None:
    """`kpitool validate … > log.txt`: each problem's message is one line of its table, the
    path in it and in the table's title whole; an error that stops a command is two plain
    lines ("Lỗi: …", "→ …") instead of a framed panel."""
    missing = tmp_path / ("khong-co-tep-nay-" * 6) / "nhat-ky.xlsx"
    done = piped("validate", str(missing))
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert any(line.startswith(f"Tệp {missing} ") for line in lines), done.stdout
    found = [line for line in lines if f"Không tìm thấy tệp {missing}." in line]
    assert len(found) == 1 and "file_not_found" in found[0], done.stdout

    refused = piped("score", str(missing), "--bogus")
    assert refused.returncode == 2
    errors = [line for line in refused.stderr.splitlines() if line.startswith(("Lỗi:", "→"))]
    assert errors == ["Lỗi: Không có tùy chọn --bogus.",
                      "→ Gõ lệnh kèm --help để xem các tùy chọn. (Có phải: --out?)"], \
        refused.stderr
    assert "╭" not in refused.stderr
