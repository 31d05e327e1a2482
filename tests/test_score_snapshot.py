"""`kpitool score --json` on both example wards equals the stored copy (issue 10).

The copies in tests/snapshots/ were written before the scoring core was restructured; a fresh
run must give the same document apart from what issue 10 changes on purpose:
  * `staff[].level_label` is gone (point 3: levels are keys; labels only when rendering);
  * the decimal separator inside flag messages (point 4: numbers in Vietnamese flag texts take a
    comma), so messages are compared with "9.8" and "9,8" read alike; with the comma, a range
    "[0,5, 2]" became "[0,5; 2]", so the separator inside brackets is read alike too.
Paths are made independent of where the test runs: inputs by file name, outputs relative to the
output folder. Regenerate only for an intended change: `python -m tests.test_score_snapshot`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kpitool.cli import app

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
WARDS = ("hac-thanh", "dong-son")
DROPPED_STAFF_FIELDS = ("level_label",)
DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
RANGE_SEPARATOR = re.compile(r"(?<=\[)([^\]]*?); ")


def score_json(ward: str, folder: Path) -> dict[str, Any]:
    """The `--json` document of the ward, scored in `folder`, with portable paths."""
    for path in (ROOT / "examples" / ward).glob("*.xlsx"):
        shutil.copy(path, folder / path.name)
    out = folder / "out"
    result = CliRunner().invoke(app, ["score", str(folder / "worklogs.xlsx"), "--json",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    for item in payload["inputs"]:
        item["path"] = Path(item["path"]).name
    payload["outputs"] = [Path(p).relative_to(out).as_posix() for p in payload["outputs"]]
    for flag in payload["flags"]:
        for row in flag["rows"]:
            row["file"] = Path(row["file"]).name
    return payload


def comparable(payload: dict[str, Any]) -> dict[str, Any]:
    """The document without the fields issue 10 changes on purpose."""
    out = json.loads(json.dumps(payload))
    for person in out["staff"]:
        for name in DROPPED_STAFF_FIELDS:
            person.pop(name, None)
    for flag in out["flags"]:
        flag["message"] = RANGE_SEPARATOR.sub(r"\1, ", DECIMAL.sub(".", flag["message"]))
    return out


@pytest.mark.parametrize("ward", WARDS)
def test_score_json_as_stored(ward: str, tmp_path: Path) -> None:
    stored = json.loads((SNAPSHOTS / f"score-{ward}.json").read_text(encoding="utf-8"))
    fresh = score_json(ward, tmp_path)
    assert len(fresh["staff"]) == len(stored["staff"]) > 0
    assert comparable(fresh) == comparable(stored)


def test_comparison_sees_a_changed_number(tmp_path: Path) -> None:
    """The comparison is not blind: one total changed by 0.01 makes the documents differ."""
    stored = json.loads((SNAPSHOTS / "score-hac-thanh.json").read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(stored))
    changed["staff"][0]["total"] = round(changed["staff"][0]["total"] + 0.01, 2)
    assert comparable(changed) != comparable(stored)
    relabelled = json.loads(json.dumps(stored))
    relabelled["staff"][0]["level_label"] = "Excellent"
    assert comparable(relabelled) == comparable(stored)


def main() -> None:
    """Rewrite the stored copies from a fresh run (an intended change only)."""
    import tempfile

    for ward in WARDS:
        with tempfile.TemporaryDirectory() as folder:
            payload = score_json(ward, Path(folder))
        target = SNAPSHOTS / f"score-{ward}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(target, file=sys.stderr)


if __name__ == "__main__":
    main()
