"""The command line in the user's language, and the same exit codes everywhere (issue 13, point 9).

The parser's own words (usage line, section titles, help option, errors) come from the message
catalog; usage errors exit 2 in every command, invalid data 1, also through a closed pipe.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from kpitool.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "hac-thanh"
runner = CliRunner()
COMMANDS = (["validate"], ["init"], ["template"], ["score"], ["explain"], ["report"],
            ["rules"], ["rules", "show"], ["rules", "check"], ["compare"], ["verify"],
            ["diff"])
ENGLISH_PARSER_WORDS = ("Usage:", "Options:", "Arguments:", "Commands:", "Show this message",
                        "[required]", "default:", "<list[Path]>", "<path>", "<str>", "[OPTIONS]")
NOT_ENGLISH = re.compile(r"[^\x00-\x7F→…·]")  # any letter outside ASCII: Vietnamese left in


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "100"})
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_vietnamese_by_default(command: list[str]) -> None:
    code, shown = run(*command, "--help")
    assert code == 0
    assert "Cách dùng: kpitool" in shown and "Hiện hướng dẫn này rồi thoát." in shown
    for word in ENGLISH_PARSER_WORDS:
        assert word not in shown, word


@pytest.mark.parametrize("command", [c for c in COMMANDS if c != ["rules"]], ids=" ".join)
def test_help_english_has_nothing_vietnamese(command: list[str]) -> None:
    code, shown = run(*command, "--help", "--lang", "en")
    assert code == 0
    assert "Usage: kpitool" in shown and "Show this help and exit." in shown
    assert not NOT_ENGLISH.findall(shown), NOT_ENGLISH.findall(shown)


@pytest.mark.parametrize("command, args, vi, en", [
    pytest.param(["score"], ["--nosuch"], "Không có tùy chọn --nosuch",
                 "No such option: --nosuch", id="unknown-option"),
    pytest.param(["score"], [], "Thiếu TỆP", "Missing FILE", id="missing-argument"),
    pytest.param(["score"], ["x.xlsx", "--period"], "Tùy chọn --period cần một giá trị",
                 "Option --period needs a value", id="option-without-value"),
    pytest.param([], ["scor"], "Không có lệnh 'scor'", "", id="unknown-command"),
    pytest.param(["rules", "check"], ["a.toml", "b.toml"], "Thừa tham số: b.toml",
                 "Unexpected extra arguments: b.toml", id="extra-argument"),
])
def test_parser_errors_in_the_language_exit_2(command: list[str], args: list[str], vi: str,
                                              en: str) -> None:
    code, shown = run(*command, *args)
    assert code == 2 and vi in shown and "Usage" not in shown and "Error:" not in shown
    if not command:  # no command, so no --lang to read: the default language
        return
    code, shown = run(*command, "--lang", "en", *args)
    assert code == 2 and en in shown
    assert not NOT_ENGLISH.findall(shown.replace("─", "").replace("│", "").replace("╭", "")
                                   .replace("╮", "").replace("╰", "").replace("╯", ""))


@pytest.fixture
def ward(tmp_path: Path) -> Path:
    folder = tmp_path / "ward"
    shutil.copytree(EXAMPLES, folder)
    return folder


def test_usage_errors_exit_2_in_every_command(ward: Path) -> None:
    assert run("init", str(ward))[0] == 2  # the four files are there already
    assert run("rules", "show", "abc")[0] == 2
    assert run("score", str(ward / "worklogs.xlsx"), "--rules", "no-such-rules")[0] == 2
    existing = ward / "existing.xlsx"
    existing.write_bytes(b"")
    code, _ = run("template", "worklogs", "--catalog", str(ward / "catalog.xlsx"), "--norms",
                  str(ward / "norms.xlsx"), "-o", str(existing))
    assert code == 2


def test_invalid_data_exits_1_through_a_closed_pipe(ward: Path) -> None:
    """`kpitool validate … | head -1` on invalid data still exits 1 (it exited 0)."""
    book = openpyxl.load_workbook(ward / "worklogs.xlsx")
    sheet = book.worksheets[0]
    for row in range(8, 400):  # under the title block and the header row
        sheet.cell(row=row, column=2, value="32/1/2026")  # 400 bad dates: a long table
    book.save(ward / "worklogs.xlsx")
    files = [str(ward / f"{n}.xlsx") for n in ("catalog", "norms", "worklogs", "assessments")]
    process = subprocess.Popen([sys.executable, "-m", "kpitool", "validate", *files],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # the reader had enough, as `head -1` does
    assert process.wait(timeout=120) == 1


@pytest.mark.parametrize("args, code, expected", [
    pytest.param(["score", "{ward}/worklogs.xlsx", "--json", "--out", "{ward}/out"], 0,
                 "Phạm Thị Mai", id="score"),
    pytest.param(["explain", "028", "{ward}/worklogs.xlsx", "--json"], 0, "Phạm Thị Mai",
                 id="explain"),
    pytest.param(["validate", "{ward}/catalog.xlsx", "{ward}/rules.toml", "--json"], 1,
                 "Tệp", id="validate"),
])
def test_json_keeps_vietnamese_letters(ward: Path, args: list[str], code: int,
                                       expected: str) -> None:
    (ward / "rules.toml").write_text("not a workbook")
    done = subprocess.run([sys.executable, "-m", "kpitool",
                           *(a.format(ward=ward) for a in args)], capture_output=True, timeout=300)
    assert done.returncode == code, done.stderr.decode()
    shown = done.stdout.decode("utf-8")
    assert "\\u" not in shown and expected in shown
