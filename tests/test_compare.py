"""`kpitool compare`: a hand-checked case on real files, the pure quota comparison, and the two
presets on the examples checked against two separate `kpitool score` runs."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from kpitool.cli import app
from kpitool.compare import compare_quota
from tests.xlsxbuild import CATALOG, NORMS, WORKLOG_HEADER, D, write_book

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _row(n: int, staff: str, quantity: int, deadline: object, done: object,
         quality: str = "Đạt") -> list[object]:
    return [n, done, staff, "T1", "Soạn công văn", quantity, 2, deadline, done, f"{n}/UBND",
            "Đã duyệt", quality, "001"]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """March 2026: 22 working days, capacity S = 176 h; T1 is 2 h, complexity 1 (w = 2 × qty).

    - 007: 80 × T1 due Tue 10/3, done Thu 12/3 (L = 2): w = 160.
      nd335: A = B = 100·160/176 = 90.909, C = 100·160·0.75/176 = 68.182,
      task = 70·250/300 = 58.333, total 88.33 (HTTNV).
      khanh-hoa: credited 160·0.9 = 144, KPI 81.818, task 57.273, total 87.27 (HTTNV).
      Δ = −1.06; the term that fell most: quantity, 70/3·0.90909 = 21.21 → 0.
    - 008: 88 × T1 due Fri 13/3, done Tue 10/3 (L = −3): w = 176, general 20.
      nd335: A = B = C = 100, task 70, total 90 (HTXSNV).
      khanh-hoa: credited 176·1.06, KPI 106 capped at 100, task 70, total 90. Δ = 0.
    - 009: 40 × T1 Đạt and 40 × T1 Không đạt, on time: w = 80 + 80.
      nd335: A = C = 90.909, B = 45.455, task = 70·227.27/300 = 53.03, total 83.03 (HTTNV).
      khanh-hoa: credited 80, KPI 45.455, task 31.818, total 61.82 (HTNV). Δ = −21.21, down.
    - 001 (leader, no rows): nd335 task = 70·(0+0+0+D 100+Đ 100+E 100)/600 = 35, total 65
      (HTNV; every subordinate ≥ 50); khanh-hoa KPI 0, total 30 (KHTNV). Δ = −35, down;
      the term that fell most: D, 70·100/600 = 11.67.
    """
    folder = tmp_path_factory.mktemp("compare")
    catalog = {**CATALOG, "Cán bộ": [*CATALOG["Cán bộ"],
                                      ["009", "Phạm Thị Dung", "VP", "CV", "001", "Công chức"]]}
    write_book(folder / "catalog.xlsx", catalog)
    write_book(folder / "norms.xlsx", NORMS)
    write_book(folder / "worklogs.xlsx", {"Nhật ký": [
        WORKLOG_HEADER,
        _row(1, "007", 80, D(2026, 3, 10), D(2026, 3, 12)),
        _row(2, "008", 88, D(2026, 3, 13), D(2026, 3, 10)),
        _row(3, "009", 40, None, D(2026, 3, 16)),
        _row(4, "009", 40, None, D(2026, 3, 17), quality="Không đạt"),
    ]})
    write_book(folder / "assessments.xlsx", {"Tiêu chí chung": [
        ["Mã cán bộ", "Kỳ đánh giá", "Điểm tiêu chí chung", "Kỷ luật", "Năng lực tổ chức",
         "Đoàn kết"],
        ["001", "2026-03", 30, "Không", 100, 100],
        ["007", "2026-03", 30, "Không", None, None],
        ["008", "2026-03", 20, "Không", None, None],
        ["009", "2026-03", 30, "Không", None, None],
    ]})
    return folder


@pytest.fixture(scope="module")
def compared(small: Path) -> dict:
    result = runner.invoke(app, ["compare", str(small / "worklogs.xlsx"), "--rules", "nd335",
                                 "--rules", "khanh-hoa", "--period", "2026-03", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_movers_hand_checked(compared: dict) -> None:
    movers = [(m["staff_id"], m["total_a"], m["total_b"], m["delta"], m["level_a"],
               m["level_b"], m["direction"], m["reason"], m["reason_delta"])
              for m in compared["movers"]]
    assert movers == [
        ("001", 65.0, 30.0, -35.0, "HTNV", "KHTNV", -1, "leader_d", -11.67),
        ("009", 83.03, 61.82, -21.21, "HTTNV", "HTNV", -1, "quantity_pct", -21.21),
        ("007", 88.33, 87.27, -1.06, "HTTNV", "HTTNV", 0, "quantity_pct", -21.21),
    ]
    assert compared["summary"] == {"up": 0, "down": 2, "same": 2, "unknown": 0,
                                   "changed_total": 3}
    unchanged = next(p for p in compared["people"] if p["staff_id"] == "008")
    assert (unchanged["total_a"], unchanged["total_b"], unchanged["delta"],
            unchanged["reason"]) == (90.0, 90.0, 0.0, None)


def test_units_hand_checked(compared: dict) -> None:
    units = {u["unit_code"]: u for u in compared["units"]}
    vp = units["VP"]  # 008 (90 → 90) and 009 (83.03 → 61.82)
    assert (vp["mean_total_a"], vp["mean_total_b"], vp["mean_delta"]) == (86.52, 75.91, -10.61)
    assert (vp["HTXSNV_a"], vp["HTTNV_a"], vp["HTNV_a"]) == (1, 1, 0)
    assert (vp["HTXSNV_b"], vp["HTTNV_b"], vp["HTNV_b"]) == (1, 0, 1)
    assert (units["UB"]["KHTNV_a"], units["UB"]["KHTNV_b"]) == (0, 1)


def test_variant_of_one_rule_names_the_term(small: Path, tmp_path: Path) -> None:
    """Doubling the delay deduction (0.25 → 0.5) moves only 007's progress term:
    C = 100·160·0.5/176 = 45.455, task = 70·(90.909·2 + 45.455)/300 = 53.03, Δ = −5.30."""
    rules = runner.invoke(app, ["rules", "show", "nd335"]).stdout
    variant = tmp_path / "cham-tre-gap-doi.toml"
    variant.write_text(rules.replace('name = "nd335"', 'name = "cham-tre"')
                       .replace("delay_deduction = 0.25", "delay_deduction = 0.5"), "utf-8")
    result = runner.invoke(app, ["compare", str(small / "worklogs.xlsx"), "--rules", "nd335",
                                 "--rules", str(variant), "--period", "2026-03", "--json",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    movers = json.loads(result.stdout)["movers"]
    assert [(m["staff_id"], m["delta"], m["reason"], m["reason_delta"]) for m in movers] == [
        ("007", -5.3, "progress_pct", -5.3)]


def test_workbook_and_page(small: Path, compared: dict) -> None:
    xlsx, html = (Path(p) for p in compared["outputs"])
    assert xlsx.name == "compare_2026-03.xlsx" and html.name == "compare_2026-03.html"
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["Tổng hợp", "Thay đổi nhiều nhất", "Cán bộ", "Theo đơn vị",
                               "Tỷ lệ xuất sắc"]
    rows = list(book["Thay đổi nhiều nhất"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Mã cán bộ", "Họ và tên", "Mã đơn vị", "Tổng điểm (A)",
                           "Tổng điểm (B)", "Chênh lệch (B − A)")
    assert rows[1] == ("001", "Nguyễn Văn An", "UB", 65, 30, -35, "Hoàn thành nhiệm vụ",
                       "Không hoàn thành nhiệm vụ", "▼ giảm", "Cấp dưới (D)", -11.67)
    assert rows[3][8] is None and rows[3][9] == "Số lượng (A%)"
    assert len(rows) == 4
    page = html.read_text("utf-8")
    assert page.count('<tr data-staff="009">') == 2  # among the movers and in the full list
    assert 'data-count="down"><th>Xuống mức thấp hơn</th><td class="n">2</td>' in page


@pytest.mark.parametrize(("rules", "code"), [
    pytest.param(["nd335"], 2, id="one-rule-set"),
    pytest.param(["nd335", "khanh-hoa", "nd335"], 2, id="three-rule-sets"),
    pytest.param(["nd335", "khong-co"], 2, id="unknown-preset"),
])
def test_usage_errors(small: Path, rules: list[str], code: int) -> None:
    args = [a for r in rules for a in ("--rules", r)]
    result = runner.invoke(app, ["compare", str(small / "worklogs.xlsx"), *args])
    assert result.exit_code == code
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("a", "b", "change"), [
    pytest.param((1, 10, False), (3, 10, True), "gained", id="gained"),
    pytest.param((3, 10, True), (2, 10, False), "lost", id="lost"),
    pytest.param((3, 10, True), (4, 10, True), "", id="still-breached"),
    pytest.param((1, 10, False), (2, 10, False), "", id="never-breached"),
])
def test_quota_change(a: tuple, b: tuple, change: str) -> None:
    def quota(excellent: int, good: int, breach: bool) -> pd.DataFrame:
        return pd.DataFrame({"top_unit_code": ["UB"], "excellent": [excellent], "good": [good],
                             "allowed": [good // 5], "breach": [breach], "demoted": [[]]})

    table = compare_quota(quota(*a), quota(*b))
    assert table["change"].tolist() == [change]
    assert table[["excellent_a", "excellent_b"]].iloc[0].tolist() == [a[0], b[0]]


def test_presets_on_the_examples_agree_with_two_score_runs(tmp_path: Path) -> None:
    """Every level move compare reports is the move two separate `kpitool score` runs show."""
    ward = EXAMPLES / "hac-thanh"
    common = [str(ward / "worklogs.xlsx"), "--period", "2026-Q1", "--json"]
    runs = {}
    for rules in ("nd335", "khanh-hoa"):
        result = runner.invoke(app, ["score", *common, "--rules", rules,
                                     "--out", str(tmp_path / rules)])
        assert result.exit_code == 0, result.output
        runs[rules] = {s["staff_id"]: s for s in json.loads(result.stdout)["staff"]}
    result = runner.invoke(app, ["compare", *common, "--rules", "nd335", "--rules", "khanh-hoa",
                                 "--out", str(tmp_path / "compare")])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    order = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    moved = {sid: order.index(a["level"]) - order.index(runs["khanh-hoa"][sid]["level"])
             for sid, a in runs["nd335"].items()
             if a["level"] and runs["khanh-hoa"][sid]["level"]
             and a["level"] != runs["khanh-hoa"][sid]["level"]}
    reported = {p["staff_id"]: p["direction"] for p in doc["people"] if p["direction"]}
    assert reported == {sid: (1 if step > 0 else -1) for sid, step in moved.items()}
    assert reported  # the khanh-hoa preset drops the leaders' D, Đ, E: leaders move down
    deltas = sorted(((round(runs["khanh-hoa"][s]["total"] - runs["nd335"][s]["total"], 2), s)
                     for s in runs["nd335"] if runs["nd335"][s]["total"] is not None),
                    key=lambda x: (-abs(x[0]), x[1]))
    assert [m["staff_id"] for m in doc["movers"]] == [s for _, s in deltas[:10]]
    assert all(abs(m["delta"] - d) < 0.011 for m, (d, _) in zip(doc["movers"], deltas,
                                                                 strict=False))


def test_page_in_chromium_and_english(small: Path, tmp_path: Path) -> None:
    from tests.test_html_report import dump_dom, rows

    result = runner.invoke(app, ["compare", str(small / "worklogs.xlsx"), "--rules", "nd335",
                                 "--rules", "khanh-hoa", "--period", "2026-03", "--lang", "en",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "0 up a level, 2 down a level, 2 unchanged; 3 with a different total." in " ".join(
        result.stdout.split())
    dom = dump_dom(tmp_path / "compare_2026-03.html", tmp_path / "profile")
    assert dom.one("html").attrs["lang"] == "en"
    movers = rows(dom.one("table", "movers"))
    assert [r[0] for r in movers] == ["001", "009", "007"]
    assert movers[1][3:] == ["83.03", "61.82", "-21.21", "Good", "Completed", "▼ down",
                             "Quantity (A%)", "-21.21"]
    # units KT, UB, VP; in VP, Vietnamese name order: Cường before Dung
    assert [r[0] for r in rows(dom.one("table", "people"))] == ["007", "001", "008", "009"]
    assert dom.all("script") == []
    book = openpyxl.load_workbook(tmp_path / "compare_2026-03.xlsx", read_only=True)
    assert book.sheetnames == ["Summary", "Largest movers", "People", "Units", "Excellent quota"]
    table = list(book["Largest movers"].iter_rows(values_only=True))
    assert table[0][3:] == ("Total (A)", "Total (B)", "Change (B − A)", "Level (A)", "Level (B)",
                            "Level direction", "Reason (the term that moved most)",
                            "Points that term moved")
    assert table[2][6:10] == ("Good", "Completed", "▼ down", "Quantity (A%)")
