"""The top-level templates/ folder holds what `kpitool init` writes, current with the schemas.

templates/generate.py is run into a temporary folder and every sheet of every workbook is
compared with the committed one: cell values, comments, data validations, merged cells.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest

from kpitool.schemas import WORKBOOKS

FOLDER = Path(__file__).resolve().parent.parent / "templates"


def contents(path: Path) -> dict[str, dict[str, object]]:
    """Per sheet: every non-empty cell, comment, data validation and merged range."""
    book = openpyxl.load_workbook(path)
    out: dict[str, dict[str, object]] = {}
    for sheet in book.worksheets:
        out[sheet.title] = {
            "cells": {c.coordinate: c.value for row in sheet.iter_rows() for c in row
                      if c.value is not None},
            "comments": {c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row
                         if c.comment is not None},
            "validations": sorted((str(v.sqref), v.type, v.formula1, v.formula2)
                                  for v in sheet.data_validations.dataValidation),
            "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        }
    return out


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("templates_generate", FOLDER / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("templates")
    module.generate(out)
    return out


def test_folder_holds_the_four_workbooks_and_a_readme() -> None:
    assert sorted(p.name for p in FOLDER.glob("*.xlsx")) == sorted(
        f"{book.key}.xlsx" for book in WORKBOOKS)
    assert "kpitool init" in (FOLDER / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("book", [book.key for book in WORKBOOKS])
def test_committed_template_is_current(book: str, regenerated: Path) -> None:
    committed = contents(FOLDER / f"{book}.xlsx")
    fresh = contents(regenerated / f"{book}.xlsx")
    assert committed == fresh, f"templates/{book}.xlsx is stale: run python templates/generate.py"
    assert any(sheet["validations"] for sheet in committed.values())


def test_comparison_sees_a_changed_label(tmp_path: Path) -> None:
    """A header changed in the committed copy would be caught."""
    changed = tmp_path / "worklogs.xlsx"
    book = openpyxl.load_workbook(FOLDER / "worklogs.xlsx")
    book.worksheets[0]["A1"] = "changed"
    book.save(changed)
    assert contents(changed) != contents(FOLDER / "worklogs.xlsx")
