"""The example dataset in examples/: reproducible from examples/generate.py, and as described.

The generator is run into a temporary folder and every cell of every sheet is compared with the
committed workbooks; then the counts and the deliberate flaws listed in examples/README.md are
checked on the committed files. That they validate clean is tested in
tests/test_examples_validate.py.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WARDS = ("hac-thanh", "dong-son")
BOOKS = ("catalog", "norms", "worklogs", "assessments")
Q1 = (dt.datetime(2026, 1, 1), dt.datetime(2026, 3, 31))


def load_generator():
    spec = importlib.util.spec_from_file_location("examples_generate", EXAMPLES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


def cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def table(path: Path, sheet: str) -> list[dict[str, object]]:
    """Rows under the header (the row whose first cell is STT), keyed by header label."""
    rows = cells(path)[sheet]
    start = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    header = rows[start]
    return [dict(zip(header, row, strict=True)) for row in rows[start + 1:]]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    load_generator().generate(out)
    return out


@pytest.mark.parametrize(("ward", "book"), [
    *((ward, book) for ward in WARDS for book in BOOKS), ("dong-son", "assignments")])
def test_generator_reproduces_committed_files(regenerated: Path, ward: str, book: str) -> None:
    committed = cells(EXAMPLES / ward / f"{book}.xlsx")
    fresh = cells(regenerated / ward / f"{book}.xlsx")
    assert list(fresh) == list(committed)
    for sheet, rows in committed.items():
        assert fresh[sheet] == rows, f"{ward}/{book}.xlsx, sheet {sheet} differs"


def test_counts_and_coverage() -> None:
    staff = [row for ward in WARDS for row in table(EXAMPLES / ward / "catalog.xlsx", "Cán bộ")]
    assert 55 <= len(staff) <= 70
    assert len({row["Mã cán bộ"] for row in staff}) == len(staff)
    for ward in WARDS:
        catalog = EXAMPLES / ward / "catalog.xlsx"
        tasks = table(catalog, "Danh mục công việc")
        assert 75 <= len(tasks) <= 90
        assert {row["Nhóm"] for row in tasks} == {"A", "B", "C", "D"}
        positions = {row["Mã vị trí"]: row for row in table(catalog, "Vị trí việc làm")}
        held = {positions[row["Mã vị trí"]]["Nhóm vị trí"]
                for row in table(catalog, "Cán bộ")}
        assert held == {"LĐQL", "CMNV", "CMDC", "HTPV"}
        logs = table(EXAMPLES / ward / "worklogs.xlsx", "Nhật ký")
        assert 4000 <= len(logs) <= 8000
        assert all(Q1[0] <= row["Ngày thực hiện"] <= Q1[1] for row in logs)
        assert {row["Trạng thái"] for row in logs} == {"Đã duyệt", "Chờ duyệt", "Trả lại"}


def test_names_and_ids_are_text() -> None:
    staff = table(EXAMPLES / "hac-thanh" / "catalog.xlsx", "Cán bộ")
    assert staff[6]["Mã cán bộ"] == "007"
    for row in staff:
        name = row["Họ và tên"]
        assert unicodedata.normalize("NFC", name) == name and len(name.split()) >= 3
    logs = table(EXAMPLES / "hac-thanh" / "worklogs.xlsx", "Nhật ký")
    assert all(isinstance(row["Mã cán bộ"], str) for row in logs)


def daily_hours(logs: list[dict[str, object]]) -> Counter:
    hours: Counter = Counter()
    for row in logs:
        hours[(row["Mã cán bộ"], row["Ngày thực hiện"])] += row["Số giờ thực hiện"]
    return hours


def test_deliberate_flaws_are_present() -> None:
    """Each flaw of examples/README.md, where it says it is."""
    ht = table(EXAMPLES / "hac-thanh" / "worklogs.xlsx", "Nhật ký")
    ds = table(EXAMPLES / "dong-son" / "worklogs.xlsx", "Nhật ký")
    ht_days = daily_hours(ht)
    # 006 declares exactly 8.0 h on at least 80 % of the days
    days_006 = [h for (who, _), h in ht_days.items() if who == "006"]
    assert sum(h == 8.0 for h in days_006) >= 0.8 * len(days_006)
    # DS26 declares 12 h on 11/2/2026
    assert daily_hours(ds)[("DS26", dt.datetime(2026, 2, 11))] == 12.0
    # Tết duty on 18/2 (012) and a Saturday on 7/3 (DS17)
    assert any(r["Mã cán bộ"] == "012" and r["Ngày thực hiện"] == dt.datetime(2026, 2, 18)
               for r in ht)
    assert any(r["Mã cán bộ"] == "DS17" and r["Ngày thực hiện"] == dt.datetime(2026, 3, 7)
               for r in ds)
    # five rows of 022 without an output reference
    assert [r["Mã cán bộ"] for r in ht if r["Sản phẩm đầu ra"] is None] == ["022"] * 5
    # one duplicated row of 028
    keys = Counter((r["Mã cán bộ"], r["Ngày thực hiện"], r["Mã công việc"], r["Sản phẩm đầu ra"])
                   for r in ht)
    assert [key[0] for key, n in keys.items() if n > 1] == ["028"]
    # three rows approved by their own author (020)
    assert [r["Mã cán bộ"] for r in ht if r["Người duyệt"] == r["Mã cán bộ"]] == ["020"] * 3
    # rows still pending at the close of the quarter
    assert sum(r["Trạng thái"] == "Chờ duyệt" and r["Ngày thực hiện"] >= dt.datetime(2026, 3, 30)
               for r in ht) > 50
    # HT-KT staff average more than 9 h a day
    kt = {"013", "014", "015", "016", "017", "018"}
    kt_days = [h for (who, _), h in ht_days.items() if who in kt]
    assert sum(kt_days) / len(kt_days) > 9
    # one disciplined month, one missing monthly assessment per ward
    general = table(EXAMPLES / "dong-son" / "assessments.xlsx", "Tiêu chí chung")
    assert [(r["Mã cán bộ"], r["Kỳ đánh giá"]) for r in general if r["Kỷ luật"] == "Có"] == [
        ("DS33", "2026-02")]
    assert ("DS11", "2026-02") not in {(r["Mã cán bộ"], r["Kỳ đánh giá"]) for r in general}


def test_assigned_work_of_one_month_in_one_ward() -> None:
    """Đông Sơn's March has assignments (the assigned basis); Hạc Thành has none (capacity)."""
    assert not (EXAMPLES / "hac-thanh" / "assignments.xlsx").exists()
    given = table(EXAMPLES / "dong-son" / "assignments.xlsx", "Giao việc")
    assert len({row["Mã giao việc"] for row in given}) == len(given) > 100
    assert {row["Hạn hoàn thành"] for row in given} == {dt.datetime(2026, 3, 31)}
    assert all(row["Số lượng"] > 0 for row in given)
    owner = {row["Mã giao việc"]: row["Mã cán bộ"] for row in given}
    ds = table(EXAMPLES / "dong-son" / "worklogs.xlsx", "Nhật ký")
    linked = [r for r in ds if r["Mã giao việc"]]
    assert all(r["Ngày thực hiện"].month == 3 for r in linked)
    # one row taken over from a colleague, rows of ad-hoc work, one objective cause
    assert [(r["Mã cán bộ"], owner[r["Mã giao việc"]]) for r in linked
            if owner[r["Mã giao việc"]] != r["Mã cán bộ"]] == [("DS08", "DS09")]
    assert any(r["Ngày thực hiện"].month == 3 and not r["Mã giao việc"] and
               r["Mã cán bộ"] != "DS31" for r in ds)
    assert len([r for r in ds if r["Nguyên nhân khách quan"] == "Có"]) == 1
    assert "DS31" not in set(owner.values())

