"""The linear-time grouping and sorting helpers (kpitool.frames, flags.sources.groups) against
the plain pandas/numpy they replace: ties, missing values, unsorted categories, rows out of file
order, empty frames and a single row."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kpitool import flags
from kpitool.flags.sources import groups
from kpitool.frames import ColumnCodes, group_codes, repeated, sort_positions, stable_order

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("size", [
    pytest.param(1, id="one-value"), pytest.param(300, id="16-bit"),
    pytest.param(1 << 20, id="32-bit"), pytest.param(1 << 40, id="wide"),
])
@pytest.mark.parametrize("rows", [0, 1, 5000])
def test_stable_order_is_numpy_stable_argsort(size, rows):
    codes = RNG.integers(0, min(size, 40), rows) * (size // 40 or 1)  # many ties
    assert np.array_equal(stable_order(codes, size), np.argsort(codes, kind="stable"))


CATEGORIES = pd.CategoricalDtype(["b", "a", "c"])  # not in text order: codes follow it


@pytest.mark.parametrize("frame", [
    pytest.param(pd.DataFrame({"k": ["b", None, "a", "b", None], "d": [2, 1, 2, 2, 1]}),
                 id="text-with-missing"),
    pytest.param(pd.DataFrame({"k": pd.Series(["c", "a", None, "b", "a"], dtype=CATEGORIES),
                               "d": pd.to_datetime(["2026-04-02", None, "2026-04-01",
                                                    "2026-04-02", None])}),
                 id="category-and-dates"),
    pytest.param(pd.DataFrame({"k": ["x"], "d": [1.5]}), id="single-row"),
    pytest.param(pd.DataFrame({"k": pd.Series([], dtype=object), "d": pd.Series([], dtype=float)}),
                 id="empty"),
])
def test_group_codes_are_the_factorized_groups(frame):
    expected = np.zeros(len(frame), dtype=np.int64)
    for key in ("k", "d"):
        codes, uniques = pd.factorize(frame[key], sort=True, use_na_sentinel=True)
        codes = np.where(codes < 0, len(uniques), codes)
        expected = pd.factorize(expected * (len(uniques) + 1) + codes, sort=True)[0]
    assert group_codes(frame, ["k", "d"]).tolist() == expected.tolist()


@pytest.mark.parametrize("rows", [
    pytest.param([("b.xlsx", 3), ("a.xlsx", 9), ("b.xlsx", 2), ("a.xlsx", 9)], id="out-of-order"),
    pytest.param([("a.xlsx", 2), ("a.xlsx", 3), ("b.xlsx", 1)], id="in-order"),
    pytest.param([("a.xlsx", 2)], id="single-row"),
])
def test_sort_positions_is_a_stable_sort(rows):
    frame = pd.DataFrame(rows, columns=["_file", "_row"])
    expected = frame.sort_values(["_file", "_row"], kind="stable").index.to_numpy()
    assert sort_positions(frame, ["_file", "_row"]).tolist() == expected.tolist()


def test_groups_list_rows_in_file_order_when_the_frame_is_not():
    # sheet "Tháng 4" was read before "Tháng 10": file order is (file, sheet, row)
    worklogs = pd.DataFrame({"_file": ["w.xlsx"] * 5,
                             "_sheet": ["Tháng 4", "Tháng 4", "Tháng 10", "Tháng 10", "Tháng 4"],
                             "_row": [2, 3, 2, 3, 4]})
    sources = flags.Sources(worklogs)
    frame = pd.DataFrame({"staff_id": ["B", None, "A", "B", "B"], "_rowid": range(5)})
    found = groups(frame, ["staff_id"], sources)
    listed = [list(rows) for rows in found.rows()]
    assert listed == [[("w.xlsx", "Tháng 10", 2)],
                      [("w.xlsx", "Tháng 10", 3), ("w.xlsx", "Tháng 4", 2),
                       ("w.xlsx", "Tháng 4", 4)],
                      [("w.xlsx", "Tháng 4", 3)]]  # A, B, then the missing staff_id last
    assert found.first(frame, "staff_id").tolist() == ["A", "B", None]
    assert found.sizes.tolist() == [1, 3, 1]


def test_groups_of_no_rows():
    sources = flags.Sources(pd.DataFrame({"_file": ["w.xlsx"], "_sheet": ["s"], "_row": [2]}))
    found = groups(pd.DataFrame({"staff_id": pd.Series([], dtype=object), "_rowid": []}),
                   ["staff_id"], sources)
    assert len(found) == 0 and len(found.rows()) == 0


@pytest.mark.parametrize(("values", "wanted", "expected"), [
    pytest.param(["a", None, "b", "a"], {"a"}, [True, False, False, True], id="text"),
    pytest.param(pd.Series(["a", None, "c"], dtype=CATEGORIES), {"c", "z"},
                 [False, False, True], id="category"),
    pytest.param([], {"a"}, [], id="empty"),
])
def test_column_codes_where(values, wanted, expected):
    coded = ColumnCodes(pd.DataFrame({"k": pd.Series(values, dtype=getattr(
        values, "dtype", object))}))
    assert coded.where("k", wanted).tolist() == expected


@pytest.mark.parametrize("codes", [
    pytest.param(np.array([], dtype=np.int64), id="empty"),
    pytest.param(np.array([5], dtype=np.int64), id="single"),
    pytest.param(RNG.integers(0, 2**40, 200_000), id="wide-few-repeats"),
    pytest.param(np.concatenate([RNG.integers(0, 2**40, 100_000),
                                 np.arange(0, 16_777_213 * 40, 16_777_213)]),
                 id="same-bucket-not-repeated"),
    pytest.param(RNG.integers(0, 50_000, 100_000), id="many-repeats"),
])
def test_repeated_is_pandas_duplicated(codes):
    expected = pd.Series(codes).duplicated(keep=False).to_numpy()
    assert repeated(codes).tolist() == expected.tolist()
