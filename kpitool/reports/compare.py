"""`kpitool compare`: `compare_<period>.xlsx`, `compare_<period>.html` and the `--json` document,
all three from one `kpitool.compare.Comparison`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from kpitool import __version__
from kpitool.compare import PEOPLE_COLUMNS, QUOTA_COLUMNS, UNIT_COLUMNS, Comparison
from kpitool.io.atomic import atomic_path
from kpitool.messages import text
from kpitool.reports import formatting
from kpitool.reports.payload import LEVELS, records
from kpitool.reports.xlsxout import Book, Col

PEOPLE = (
    Col("staff_id", "text", 10), Col("full_name", "text", 24), Col("unit_code", "text", 10),
    Col("total_a", "number"), Col("total_b", "number"), Col("delta", "number"),
    Col("level_a", "text", 28), Col("level_b", "text", 28), Col("direction_text", "text", 14),
    Col("reason", "text", 26), Col("reason_delta", "number"),
)
UNITS = (
    Col("unit_code", "text", 10), Col("unit_name", "text", 34), Col("assessed_count", "int"),
    Col("mean_total_a", "number"), Col("mean_total_b", "number"), Col("mean_delta", "number"),
    *(Col(f"{lv}_{side}", "int", 11) for side in ("a", "b") for lv in LEVELS),
)
QUOTA = (
    Col("top_unit_code", "text", 12), *(Col(f"{k}_{side}", "int", 11) for side in ("a", "b")
                                        for k in ("excellent", "good", "allowed")),
    Col("breach_a", "bool"), Col("breach_b", "bool"), Col("quota_change", "text", 18),
)


def _words(people: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The people table with its keys turned into words for the workbook."""
    def level(value: Any) -> str | None:
        return text(f"level_{value}", lang) if isinstance(value, str) else None

    def direction(value: Any) -> str | None:
        if pd.isna(value):
            return None
        return {1: text("analysis_up", lang), -1: text("analysis_down", lang)}.get(int(value))

    return people.assign(
        level_a=[level(v) for v in people["level_a"]],
        level_b=[level(v) for v in people["level_b"]],
        direction_text=[direction(v) for v in people["direction"]],
        reason=[text(f"term_{v}", lang) if isinstance(v, str) else None for v in people["reason"]],
    )


def _summary_rows(comparison: Comparison, lang: str) -> list[tuple[str, Any]]:
    counts = comparison.summary()
    return [
        (text("compare_rules_a", lang), f"{comparison.rules_a.name} · SHA-256 "
                                        f"{comparison.rules_a.sha256}"),
        (text("compare_rules_b", lang), f"{comparison.rules_b.name} · SHA-256 "
                                        f"{comparison.rules_b.sha256}"),
        (text("compare_up", lang), counts["up"]),
        (text("compare_down", lang), counts["down"]),
        (text("compare_same", lang), counts["same"]),
        (text("compare_unknown", lang), counts["unknown"]),
        (text("compare_changed_total", lang), counts["changed_total"]),
        ("kpitool", __version__),
        (text("ui_generated", lang), dt.datetime.now().strftime("%d/%m/%Y %H:%M")),
    ]


def write_compare_xlsx(comparison: Comparison, period: str, files: list, path: Path,
                       lang: str) -> Path:
    """Summary, the largest movers, everyone, units, the quota, each on its own sheet."""
    people = _words(comparison.people, lang)
    movers = _words(comparison.movers, lang)
    quota = comparison.quota.assign(quota_change=[
        text(f"compare_{c}", lang) if c else None for c in comparison.quota["change"]])
    with atomic_path(path) as temp:
        book = Book(temp, lang)
        sheet = book.sheet(text("sheet_summary", lang))
        sheet.write_string(0, 0, text("compare_title", lang, period=period), book.fmt["title"])
        items = _summary_rows(comparison, lang)
        summary = pd.DataFrame({"item": [i for i, _ in items],
                                "value": [str(v) for _, v in items]})
        nxt = book.table(sheet, summary, (Col("item", "text", 40), Col("value", "text", 90)),
                         first_row=2, freeze=False)
        inputs = pd.DataFrame({"path": [str(f.path) for f in files],
                               "kind": [formatting.input_kind(f.kind, lang) for f in files],
                               "sha256": [f.sha256 for f in files]})
        nxt = book.table(sheet, inputs, (Col("path", "text", 40), Col("kind", "text", 14),
                                         Col("sha256", "text", 70)),
                         first_row=nxt + 1, freeze=False)
        sheet.write_string(nxt + 1, 0, text("compare_reason_note", lang))
        sheet = book.sheet(text("sheet_compare_movers", lang))
        book.table(sheet, movers, PEOPLE)
        sheet = book.sheet(text("sheet_compare_people", lang))
        book.table(sheet, people, PEOPLE)
        book.table(book.sheet(text("sheet_units", lang)), comparison.units, UNITS)
        book.table(book.sheet(text("sheet_quota", lang)), quota, QUOTA)
        book.close()
    return path


def compare_page(comparison: Comparison, period: str, files: list, lang: str,
                 xlsx_name: str) -> str:
    """`compare_<period>.html`: the whole page as text."""
    from kpitool.reports.html import render

    rules = f"A = {comparison.rules_a.name} · B = {comparison.rules_b.name}"
    meta = {"title": text("compare_title", lang, period=period), "period": period,
            "rules_name": rules, "rules_sha256": comparison.rules_b.sha256,
            "cycle": text(f"html_cycle_{comparison.rules_b.cycle}", lang),
            "generated": dt.datetime.now().strftime("%d/%m/%Y %H:%M"), "version": __version__,
            "agency": None}  # a comparison of rules, not a document of one agency
    words = {lv: text(f"level_{lv}", lang) for lv in LEVELS}
    counts = comparison.summary()
    return render(
        "compare.html.j2", lang, meta=meta, counts=counts, levels_order=LEVELS,
        level_labels=words, rules_a=comparison.rules_a, rules_b=comparison.rules_b,
        movers=records(comparison.movers), people=records(comparison.people),
        units=records(comparison.units), quota=records(comparison.quota),
        inputs=[{"path": str(f.path), "kind": f.kind, "sha256": f.sha256} for f in files],
        xlsx_name=xlsx_name,
    )


def compare_payload(comparison: Comparison, period: str, files: list) -> dict[str, Any]:
    """The `--json` document of `kpitool compare` (keys only, no words)."""
    return {
        "period": period,
        "kpitool_version": __version__,
        "rules_a": {"name": comparison.rules_a.name, "sha256": comparison.rules_a.sha256},
        "rules_b": {"name": comparison.rules_b.name, "sha256": comparison.rules_b.sha256},
        "inputs": [{"path": str(f.path), "kind": f.kind, "sha256": f.sha256} for f in files],
        "summary": comparison.summary(),
        "movers": records(comparison.movers, PEOPLE_COLUMNS),
        "people": records(comparison.people, PEOPLE_COLUMNS),
        "units": records(comparison.units, UNIT_COLUMNS),
        "quota": records(comparison.quota, QUOTA_COLUMNS),
    }


def write_compare_outputs(comparison: Comparison, period: str, files: list, folder: Path,
                          inputs: list[Path], lang: str) -> list[Path]:
    """`compare_<period>.xlsx` and `compare_<period>.html`, each written atomically."""
    from kpitool.io.atomic import refuse_inputs
    from kpitool.reports.html import write_html

    xlsx = folder / f"compare_{period}.xlsx"
    html = xlsx.with_suffix(".html")
    for target in (xlsx, html):
        refuse_inputs(target, [*inputs, *(f.path for f in files)])
    return [write_compare_xlsx(comparison, period, files, xlsx, lang),
            write_html(compare_page(comparison, period, files, lang, xlsx.name), html)]
