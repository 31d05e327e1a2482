"""A progress line on a terminal; nothing of it on a pipe or with --json."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

WARD = Path(__file__).resolve().parent.parent / "examples" / "hac-thanh"


def _on_terminal(args: list[str]) -> str:
    pid, fd = pty.fork()
    if pid == 0:  # the child: kpitool on a pseudo-terminal
        os.execvp(sys.executable, [sys.executable, "-m", "kpitool", *args])
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return output.decode(errors="replace")


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    args = ["score", str(WARD / "worklogs.xlsx"), "--out", str(tmp_path / "a")]
    shown = _on_terminal(args)
    assert "Đang đọc" in shown and "Đang chấm điểm" in shown and "tệp kết quả" in shown
    piped = subprocess.run([sys.executable, "-m", "kpitool", *args[:-1], str(tmp_path / "b")],
                           capture_output=True, text=True, check=True)
    assert "Đang đọc" not in piped.stderr + piped.stdout


def test_no_progress_with_json_on_a_terminal(tmp_path: Path) -> None:
    shown = _on_terminal(["score", str(WARD / "worklogs.xlsx"), "--out", str(tmp_path / "a"),
                          "--json"])
    assert "Đang đọc" not in shown
    assert shown.lstrip().startswith("{")


def test_report_shows_progress_and_a_summary(tmp_path: Path) -> None:
    """`kpitool report` printed no summary and no progress (issue 13, point 8)."""
    args = ["report", str(WARD / "worklogs.xlsx"), "--period", "2026-Q1", "--out",
            str(tmp_path / "a")]
    shown = _on_terminal(args)
    assert "Đang đọc" in shown and "Đang chấm điểm" in shown
    piped = subprocess.run([sys.executable, "-m", "kpitool", *args[:-1], str(tmp_path / "b")],
                           capture_output=True, text=True, check=True)
    out = " ".join(piped.stdout.split())
    assert "Đang đọc" not in piped.stderr + piped.stdout
    assert "Kỳ 2026-Q1 — quy tắc nd335: 32 cán bộ, 32 được đánh giá." in out
    assert "7 đơn vị, trong đó 1 đơn vị khai giờ cao bất thường" in out
