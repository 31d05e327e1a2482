"""`kpitool verify` and `kpitool diff` on real runs: an untouched run is reproduced (from its
folder, from elsewhere, from a copy); one edited input cell is named; a one-row change is
listed for exactly the people it moved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from kpitool.cli import app
from tests.xlsxbuild import valid_set, write_book

runner = CliRunner()


def _assessments(folder: Path) -> Path:
    return write_book(folder / "assessments.xlsx", {"Tiêu chí chung": [
        ["Mã cán bộ", "Kỳ đánh giá", "Điểm tiêu chí chung", "Kỷ luật", "Năng lực tổ chức",
         "Đoàn kết"],
        ["001", "2026-03", 28, "Không", 100, 100],
        ["007", "2026-03", 30, "Không", None, None],
        ["008", "2026-03", 25, "Không", None, None],
    ]})


def _score(worklogs: Path, out: Path | None = None) -> Path:
    args = ["score", str(worklogs), "--period", "2026-03"]
    result = runner.invoke(app, [*args, "--out", str(out)] if out else args)
    assert result.exit_code == 0, result.output
    return (out or worklogs.parent / "kpi-2026-03") / "kpi_2026-03.xlsx"


def _set_cell(path: Path, excel_row: int, header: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index(header) + 1
    sheet.cell(excel_row, column).value = value
    book.save(path)


@pytest.fixture()
def run(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    valid_set(folder)
    _assessments(folder)
    return _score(folder / "worklogs.xlsx")


def _verify(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["verify", *args, "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def test_untouched_run_is_reproduced(run: Path) -> None:
    code, doc = _verify(str(run))
    assert code == 0
    assert doc["reproduced"] is True
    assert sorted(i["kind"] for i in doc["inputs"]) == ["assessments", "catalog", "norms",
                                                        "worklogs"]
    assert all(i["matches"] for i in doc["inputs"]) and doc["rules"]["matches"]
    assert doc["difference_count"] == 0 and doc["sheets_compared"] == 5
    assert doc["cells_compared"] > 100


def test_reproduced_from_another_folder(run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorded paths are as given on the command line; from elsewhere the inputs are found
    beside the output, and the detail's file column still reads as recorded."""
    monkeypatch.chdir(run.parent.parent.parent)
    assert _verify(str(run.relative_to(run.parent.parent.parent)))[0] == 0


def test_given_inputs_copied_elsewhere(run: Path, tmp_path: Path) -> None:
    copies = tmp_path / "ban-sao"
    copies.mkdir()
    for name in ("catalog.xlsx", "norms.xlsx", "worklogs.xlsx", "assessments.xlsx"):
        shutil.copy(run.parent.parent / name, copies / f"x-{name}")
    code, doc = _verify(str(run), *(str(p) for p in sorted(copies.iterdir())))
    assert code == 0, doc
    assert {Path(i["found"]).name for i in doc["inputs"]} == {
        "x-catalog.xlsx", "x-norms.xlsx", "x-worklogs.xlsx", "x-assessments.xlsx"}


def test_one_edited_cell_is_named(run: Path) -> None:
    _set_cell(run.parent.parent / "worklogs.xlsx", 3, "Số lượng", 2)  # 007's T2: 1 → 2
    result = runner.invoke(app, ["verify", str(run)])
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert "✗ worklogs" in out and "worklogs.xlsx: SHA-256 khác bản ghi" in out
    for kind in ("catalog", "norms", "assessments"):
        assert f"✓ {kind}" in out
    assert "KẾT LUẬN: KHÔNG tái lập được kết quả" in out
    code, doc = _verify(str(run))
    assert code == 1 and doc["reproduced"] is False
    assert [i["kind"] for i in doc["inputs"] if not i["matches"]] == ["worklogs"]
    first = doc["differences"][0]
    # 007 converted 2 + 5.4 = 7.4 h; with 2 × T2: 2 + 10.8 = 12.8 h
    header = [c.value for c in openpyxl.load_workbook(run)["Xếp hạng"][1]]
    letter = get_column_letter(header.index("Giờ chuẩn quy đổi") + 1)
    assert (first["sheet"], first["cell"]) in {("Xếp hạng", f"{letter}{r}") for r in (2, 3, 4)}
    assert (first["recorded"], first["reproduced"]) == (7.4, 12.8)


def test_edited_output_is_not_reproduced(run: Path) -> None:
    book = openpyxl.load_workbook(run)
    sheet = book["Xếp hạng"]
    column = [c.value for c in sheet[1]].index("Tổng điểm") + 1
    sheet.cell(2, column).value = 99.5
    book.save(run)
    code, doc = _verify(str(run))
    assert code == 1
    assert all(i["matches"] for i in doc["inputs"])
    assert doc["difference_count"] == 1
    assert doc["differences"][0]["recorded"] == 99.5


@pytest.mark.parametrize(("damage", "code", "words"), [
    pytest.param("delete-catalog", 1, "Không tìm thấy tệp đầu vào", id="input-missing"),
    pytest.param("not-an-output", 1, "không phải bảng kết quả của kpitool score",
                 id="not-an-output"),
    pytest.param("no-file", 1, "Không tìm thấy tệp", id="output-missing"),
])
def test_cannot_verify(run: Path, damage: str, code: int, words: str) -> None:
    target = run
    if damage == "delete-catalog":
        (run.parent.parent / "catalog.xlsx").unlink()
    elif damage == "not-an-output":
        target = run.parent.parent / "norms.xlsx"
    else:
        target = run.with_name("khong-co.xlsx")
    result = runner.invoke(app, ["verify", str(target)])
    assert result.exit_code == code
    assert words in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_diff_lists_exactly_the_people_moved(run: Path, tmp_path: Path) -> None:
    """008's only row returned (Trả lại): 008 loses its row and its points; 001's D looks at
    totals below 50, which 008 had before (25 + 0.8) and still has: only 008 moves."""
    worklogs = run.parent.parent / "worklogs.xlsx"
    _set_cell(worklogs, 5, "Trạng thái", "Trả lại")
    second = _score(worklogs, tmp_path / "lan-2")
    result = runner.invoke(app, ["diff", str(run), str(second), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [(p["staff_id"], p["change"]) for p in doc["people"]] == [("008", "changed")]
    fields = doc["people"][0]["fields"]
    assert fields["rows"] == {"old": 1, "new": 0}
    assert fields["converted_hours"] == {"old": 2, "new": 0}
    assert set(fields) == {"rows", "converted_hours", "quantity_pct", "quality_pct",
                           "progress_pct", "task_score", "total"}
    assert [(i["kind"], i["file"], i["change"]) for i in doc["inputs"]] == [
        ("worklogs", "worklogs.xlsx", "changed")]
    assert doc["rules"]["changed"] is False
    shown = runner.invoke(app, ["diff", str(run), str(second), "--lang", "en"])
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.split())
    assert "1 people changed:" in text and "Input worklogs worklogs.xlsx: contents changed" in text


def test_diff_of_a_run_with_itself_and_other_rules(run: Path, tmp_path: Path) -> None:
    same = runner.invoke(app, ["diff", str(run), str(run), "--json"])
    assert json.loads(same.stdout)["people"] == [] and json.loads(same.stdout)["inputs"] == []
    other = tmp_path / "kh"
    result = runner.invoke(app, ["score", str(run.parent.parent / "worklogs.xlsx"), "--period",
                                 "2026-03", "--rules", "khanh-hoa", "--out", str(other)])
    assert result.exit_code == 0, result.output
    doc = json.loads(runner.invoke(app, ["diff", str(run), str(other / "kpi_2026-03.xlsx"),
                                         "--json"]).stdout)
    assert doc["rules"]["changed"] is True
    assert doc["rules"]["new"]["name"] == "khanh-hoa"
    changed = {p["staff_id"] for p in doc["people"]}
    assert "001" in changed  # the leader loses D, Đ and E under khanh-hoa


@pytest.mark.parametrize("options", [
    pytest.param(["--rules", "khanh-hoa"], id="khanh-hoa"),
    pytest.param(["--enforce-quota"], id="enforce-quota"),
    pytest.param(["--lang", "en"], id="english-workbook"),
])
def test_recorded_options_are_used_again(tmp_path: Path, options: list[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    valid_set(folder)
    _assessments(folder)
    result = runner.invoke(app, ["score", str(folder / "worklogs.xlsx"), "--period", "2026-03",
                                 *options])
    assert result.exit_code == 0, result.output
    code, doc = _verify(str(folder / "kpi-2026-03" / "kpi_2026-03.xlsx"))
    assert code == 0, doc
    assert doc["difference_count"] == 0


def test_custom_rules_need_the_file(run: Path, tmp_path: Path) -> None:
    rules = runner.invoke(app, ["rules", "show", "nd335"]).stdout
    custom = tmp_path / "rieng.toml"
    custom.write_text(rules.replace('name = "nd335"', 'name = "rieng"'), "utf-8")
    second = tmp_path / "lan-2"
    result = runner.invoke(app, ["score", str(run.parent.parent / "worklogs.xlsx"), "--period",
                                 "2026-03", "--rules", str(custom), "--out", str(second)])
    assert result.exit_code == 0, result.output
    refused = runner.invoke(app, ["verify", str(second / "kpi_2026-03.xlsx")])
    assert refused.exit_code == 1 and "--rules" in refused.output
    assert _verify(str(second / "kpi_2026-03.xlsx"), "--rules", str(custom))[0] == 0
    other = tmp_path / "khac.toml"
    other.write_text(rules.replace('name = "nd335"', 'name = "rieng"')
                     .replace("delay_deduction = 0.25", "delay_deduction = 0.3"), "utf-8")
    code, doc = _verify(str(second / "kpi_2026-03.xlsx"), "--rules", str(other))
    assert code == 1 and doc["rules"]["matches"] is False


def test_a_file_added_beside_the_inputs_is_named(tmp_path: Path) -> None:
    """A run scored without assessments; an assessments file put beside the worklogs later
    would be picked up when scoring again: verify names it and does not call the run
    reproduced."""
    folder = tmp_path / "in"
    folder.mkdir()
    valid_set(folder)
    output = _score(folder / "worklogs.xlsx")
    assert _verify(str(output))[0] == 0
    _assessments(folder)
    code, doc = _verify(str(output))
    assert code == 1
    assert [Path(p).name for p in doc["extra_inputs"]] == ["assessments.xlsx"]
    assert all(i["matches"] for i in doc["inputs"])
