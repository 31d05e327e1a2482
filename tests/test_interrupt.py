"""Nothing lost, one error path (issue 6, parts 4 and 5).

A real `kpitool score` process is stopped in the middle of writing a workbook (SIGTERM, SIGINT,
an exception): no half-written file may be left and the previous outputs must stay as they were.
A crash prints a short panel, never a traceback (unless --debug) and never local variables.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hardening import invoke, plain
from tests.xlsxbuild import valid_set

ROOT = Path(__file__).resolve().parent.parent
SLOW_WRITER = """
import sys, time
import xlsxwriter.workbook

def slow_close(self):
    with open(self.filename, "wb") as half:
        half.write(b"PK\\x03\\x04 half a workbook")
    print("WRITING", self.filename, flush=True)
    time.sleep(60)

xlsxwriter.workbook.Workbook.close = slow_close
sys.argv = ["kpitool", *sys.argv[1:]]
from kpitool.cli import main
main()
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A valid input set already scored once into out/: (worklogs, out, the outputs' bytes)."""
    logs = valid_set(tmp_path)[2]
    out = tmp_path / "out"
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03")
    assert result.exit_code == 0, result.output
    before = snapshot(out)
    assert len([name for name in before if name.endswith(".xlsx")]) == 4  # report and 3 units
    return logs, out, before


@pytest.mark.parametrize(("sig", "exit_code"), [
    pytest.param(signal.SIGTERM, 143, id="sigterm"),
    pytest.param(signal.SIGINT, 130, id="sigint"),
])
def test_killed_mid_write_leaves_previous_outputs_intact(
        scored: tuple[Path, Path, dict[str, bytes]], sig: int, exit_code: int) -> None:
    logs, out, before = scored
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, "score", str(logs), "--out", str(out),
         "--period", "2026-03", "--lang", "en"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "COLUMNS": "300"})
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("WRITING"), (line, process.stderr.read())  # type: ignore[union-attr]
        half = Path(line.split(" ", 1)[1].strip())
        assert half.parent.name.startswith(".out.kpitool-tmp-") and half.exists()
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == exit_code, stderr
    assert "Stopped on request" in plain(stderr) and "Traceback" not in stderr
    assert not half.parent.exists()
    assert not list(out.parent.glob(".out.kpitool-tmp-*"))
    assert snapshot(out) == before


def test_exception_mid_write_leaves_previous_outputs_intact(
        scored: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    logs, out, before = scored
    import xlsxwriter.workbook

    def broken_close(self: object) -> None:
        Path(self.filename).write_bytes(b"PK\x03\x04 half")  # type: ignore[attr-defined]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", broken_close)
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03", "--lang", "en")
    assert result.exit_code == 1
    assert "Unexpected error in kpitool (RuntimeError)" in plain(result.output)
    assert not list(out.rglob("*.tmp"))
    assert snapshot(out) == before


def test_new_outputs_replace_old_ones_whole(scored: tuple[Path, Path, dict[str, bytes]]) -> None:
    logs, out, before = scored
    result = invoke("score", str(logs), "--out", str(out), "--period", "2026-03", "--lang", "en")
    assert result.exit_code == 0
    after = snapshot(out)
    assert after.keys() == before.keys()
    import openpyxl

    for name in after:
        if name.endswith(".xlsx"):
            openpyxl.load_workbook(out / name).close()  # each one a complete workbook


def test_out_pointing_at_an_input_file_is_refused(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    before = snapshot(tmp_path)
    for target in (logs, catalog):
        result = invoke("score", str(logs), "--out", str(target), "--lang", "en")
        assert result.exit_code == 1
        assert f"Refusing to write over input file {target}" in plain(result.output)
    assert snapshot(tmp_path) == before


def test_out_folder_holding_an_input_with_an_output_name_is_refused(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    clash = out / "kpi_2026-03.xlsx"
    clash.write_bytes(logs.read_bytes())
    before = snapshot(tmp_path)
    result = invoke("score", str(clash), "--catalog", str(catalog), "--norms", str(norms),
                    "--out", str(out), "--period", "2026-03", "--lang", "en")
    assert result.exit_code == 1
    assert f"Refusing to write over input file {clash}" in plain(result.output)
    assert snapshot(tmp_path) == before


def test_out_pointing_at_another_file_is_refused(tmp_path: Path) -> None:
    logs = valid_set(tmp_path)[2]
    other = tmp_path / "ghi-chu.txt"
    other.write_text("không phải thư mục")
    result = invoke("score", str(logs), "--out", str(other), "--lang", "en")
    assert result.exit_code == 1
    assert f"Cannot write {other} (not a folder)" in plain(result.output)
    assert other.read_text() == "không phải thư mục"


def test_annotate_and_template_refuse_to_overwrite_an_input(tmp_path: Path) -> None:
    catalog, norms, logs = valid_set(tmp_path)
    before = snapshot(tmp_path)
    result = invoke("template", "worklogs", "--catalog", str(catalog), "--norms", str(norms),
                    "-o", str(norms), "--force", "--lang", "en")
    assert result.exit_code == 1 and "Refusing to write over input file" in plain(result.output)
    from kpitool.errors import OutputError
    from kpitool.reports.annotate import annotate_workbook
    with pytest.raises(OutputError) as refused:
        annotate_workbook(logs, [], logs, "en")
    assert refused.value.code == "output_is_input"
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------------------------
# one error path

CRASHER = """
import sys
import kpitool.pipeline

def crash(*args, **kwargs):
    secret_name = "Nguyễn Thị Bí Mật, CCCD 001234567890"
    raise RuntimeError("boom")

kpitool.pipeline.run_score = crash
sys.argv = ["kpitool", *sys.argv[1:]]
from kpitool.cli import main
main()
"""


def run_crasher(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CRASHER, *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "COLUMNS": "300"})


def test_crash_prints_a_panel_and_no_locals(tmp_path: Path) -> None:
    logs = valid_set(tmp_path)[2]
    done = run_crasher("score", str(logs), "--lang", "en")
    assert done.returncode == 1
    assert "Unexpected error in kpitool (RuntimeError)" in plain(done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert "Bí Mật" not in done.stderr + done.stdout


def test_debug_shows_the_traceback_but_no_locals(tmp_path: Path) -> None:
    logs = valid_set(tmp_path)[2]
    done = run_crasher("score", str(logs), "--debug")
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "RuntimeError: boom" in done.stderr
    assert "Bí Mật" not in done.stderr + done.stdout


def test_debug_shows_the_traceback_of_a_kpitool_error(tmp_path: Path) -> None:
    path = tmp_path / "nhat-ky.xlsx"
    path.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "kpitool", "validate", str(path), "--debug"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "InputFileError: empty_file" in done.stderr
    quiet = subprocess.run([sys.executable, "-m", "kpitool", "validate", str(path)],
                           capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert "trống (0 byte)" in quiet.stderr


def test_output_piped_into_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    """`kpitool score … | head`: the reader closes the pipe; kpitool stops quietly with 0 and
    every file is written."""
    paths = valid_set(tmp_path)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kpitool", "score", str(paths[2]), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parent.parent)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # nobody reads: every write to stdout finds a closed pipe
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert "BrokenPipe" not in errors and "Lỗi" not in errors, errors
    assert (out / "kpi_2026-03.xlsx").exists()
