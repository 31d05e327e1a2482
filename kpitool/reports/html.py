"""The HTML reports: jinja2 templates from `reports/templates/`, autoescaped, charts inline as SVG.

`kpi_<period>.html` (written by `kpitool score`) is built from the same document as `--json`
(`payload.score_payload`), so the two never disagree. The page needs no network: CSS is
inline, charts are inline SVG, and there is no script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from kpitool import __version__
from kpitool.data import InputFile
from kpitool.errors import OutputError
from kpitool.flags.kinds import SEVERITY_ORDER
from kpitool.io.atomic import atomic_path
from kpitool.messages import MESSAGES, text
from kpitool.reports import formatting
from kpitool.reports.payload import LEVELS, plain, score_payload
from kpitool.scoring import ScoreResult

FLAG_ROWS_SHOWN = 100  # per kind; the xlsx Flags sheet has every flag


def template_dir() -> Path:
    """Where the templates are: `templates/` beside this module (package data)."""
    folder = Path(__file__).resolve().parent / "templates"
    if not (folder / "base.html.j2").is_file():
        raise OutputError("templates_missing", folder=str(folder))
    return folder


@cache
def environment(folder: Path | None = None) -> Any:
    """The jinja2 environment: autoescape always on, undefined names are errors."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder or template_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = formatting.number
    env.filters["input_kind"] = formatting.input_kind
    return env


def labels(lang: str) -> Any:
    """`t.code` or `t('code', **params)` in templates: the message catalog in `lang`."""

    class Labels:
        def __getattr__(self, code: str) -> str:
            if code not in MESSAGES:  # jinja probes its own names; a typo fails as undefined
                raise AttributeError(code)
            return text(code, lang)

        def __call__(self, code: str, **params: object) -> str:
            return text(code, lang, **params)

    return Labels()


def render(template: str, lang: str, **context: Any) -> str:
    """Render one template with the catalog (`t`), the language and the context."""
    return environment().get_template(template).render(t=labels(lang), lang=lang, **context)


def write_html(html: str, path: Path) -> Path:
    """Write a page atomically, as UTF-8."""
    with atomic_path(path) as temp:
        temp.write_text(html, encoding="utf-8")
    return path


STREAM_PIECES = 500  # template pieces joined before each write of a streamed page


def stream_html(template: str, lang: str, path: Path, **context: Any) -> Path:
    """Render one template straight into `path` (atomically, as UTF-8), a few hundred pieces
    at a time: a national page lists hundreds of thousands of people, and the whole text
    with its millions of pieces would be held at once by `render`."""
    stream = environment().get_template(template).stream(t=labels(lang), lang=lang, **context)
    stream.enable_buffering(STREAM_PIECES)
    with atomic_path(path) as temp, temp.open("w", encoding="utf-8") as out:
        stream.dump(out)
    return path


def meta(result: ScoreResult, lang: str, title: str) -> dict[str, Any]:
    """Title, agency, period, rules and when: the header, the date line and the footer."""
    units = result.units
    tops = units.loc[units["unit_code"] == units["top_unit_code"], "unit_name"].dropna().unique()
    today = dt.date.today()
    return {
        "title": title,
        "agency": str(tops[0]) if len(tops) == 1 else None,  # several agencies: left blank
        "date_line": text("html_date_line", lang, day=today.day, month=today.month,
                          year=today.year),
        "period": result.period.key,
        "rules_name": result.rules.name,
        "rules_sha256": result.rules.sha256,
        "cycle": formatting.cycle_kind(result.rules.cycle, lang),
        "generated": dt.datetime.now().strftime("%d/%m/%Y %H:%M"),
        "version": __version__,
    }


def level_rows(counts: dict[str, int], lang: str) -> list[dict[str, Any]]:
    rated = sum(counts.values())
    return [{"level": lv, "label": formatting.level(lv, lang), "count": counts[lv],
             "share": 100 * counts[lv] / rated if rated else 0.0} for lv in LEVELS]


def flag_groups(flags: list[dict], counts: dict[str, int], names: dict[str, str],
                lang: str) -> list[dict[str, Any]]:
    """The flags of the payload grouped by kind, the high ones (coverage) first, then the most
    frequent first.

    Args:
        flags: the flags shown (the payload's, cut to the first rows of each kind).
        counts: how many flags of each kind there are in all.
    """
    groups: dict[str, list[dict]] = defaultdict(list)
    for flag in flags:
        groups[flag["code"]].append(flag)
    out = []
    rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
    for code, items in sorted(groups.items(), key=lambda kv: (
            rank[kv[1][0]["severity"]], -counts[kv[0]], kv[0])):
        rows = [{**item, "full_name": names.get(item["staff_id"] or "", "")} for item in items]
        out.append({"code": code, "kind": formatting.flag_kind(code, lang),
                    "severity": items[0]["severity"],
                    "severity_label": formatting.severity(items[0]["severity"], lang),
                    "count": counts[code], "rows": rows, "more": counts[code] - len(rows)})
    return out


def _shown(values: Iterable[Any], show: Callable[[Any], Any],
           cache: dict[Any, Any] | None = None) -> list[Any]:
    """Each value of a column as the page shows it, each distinct value worked out once (in
    `cache`, kept across calls when given)."""
    cache = {} if cache is None else cache
    out = []
    for value in values:
        if value not in cache:
            cache[value] = show(value)
        out.append(cache[value])
    return out


RANKING_CHUNK = 20_000  # people whose ranking cells are made at a time, as the page is written


def ranking_rows(staff: pd.DataFrame, lang: str) -> Iterator[tuple[Any, ...]]:
    """The cells of the ranking table, one tuple per person as the page is written: the
    columns are built a chunk of people at a time (a country's ranking is never held whole as
    Python values), numbers and labels worked out once per distinct value, the level cell by
    the template's macro once per distinct (level, capped, reason)."""
    cell = environment().get_template("macros.html.j2").module.level_cell
    capped = text("col_level_capped_by_unit", lang)

    def number(value: Any) -> str:
        return formatting.number(plain(value), lang)

    def rank(value: Any) -> Any:
        shown = plain(value)
        return shown if shown is not None else "—"

    def level_cell(key: tuple[Any, Any, Any]) -> Any:
        code, is_capped, reason = key
        return cell(code, formatting.level(code, lang), is_capped,
                    formatting.not_classified(reason, lang), capped)

    numbers = ("basis_hours", "capacity_hours", "assigned_hours", "task_score",
               "general_score", "total")
    caches: dict[str, dict[Any, Any]] = defaultdict(dict)
    for start in range(0, len(staff), RANKING_CHUNK):
        part = staff.iloc[start:start + RANKING_CHUNK]
        keys = zip(*(_shown(part[c], plain, caches[c]) for c in (
            "level", "level_capped_by_unit", "not_classified")), strict=True)
        columns = [
            _shown(part["rank_overall"], rank), _shown(part["rank_in_unit"], rank),
            [plain(v) for v in part["staff_id"]], [plain(v) for v in part["full_name"]],
            _shown(part["unit_code"], plain, caches["unit_code"]),
            [formatting.basis(plain(b), plain(a), lang) for b, a in zip(
                part["basis"], part["assessed"], strict=True)],
            *(_shown(part[c], number) for c in numbers),  # many distinct: a chunk's own
            _shown(keys, level_cell, caches["level_cell"]),
            [len(codes) for codes in part["flags"]],
        ]
        yield from zip(*columns, strict=True)


def score_page(result: ScoreResult, files: list[InputFile], lang: str, xlsx_name: str) -> str:
    """`kpi_<period>.html`: the whole page as text."""
    return render("score.html.j2", lang, **_score_context(result, files, lang, xlsx_name))


def _score_context(result: ScoreResult, files: list[InputFile], lang: str,
                   xlsx_name: str) -> dict[str, Any]:
    """What `score.html.j2` shows; the ranking's rows are made as the page is written."""
    from kpitool.reports import charts

    # The JSON document, with only the flags shown (writing every flag's message costs seconds
    # in a province; the workbook lists them all).
    counts = result.flag_counts()
    shown_flags = result.flags.groupby("code", sort=False).head(FLAG_ROWS_SHOWN)
    payload = score_payload(dataclasses.replace(result, flags=shown_flags), files, lang,
                            staff=False)
    levels = level_rows(payload["levels"], lang)
    level_chart = charts.level_bars([r["label"] for r in levels], list(LEVELS),
                                  [r["count"] for r in levels], text("html_levels_chart", lang),
                                  lang)
    units = sorted(payload["units"], key=lambda u: (-(u["mean_total"] or -1), u["unit_code"]))
    shown = units[: charts.MAX_ROWS]
    mix = {lv: [u[lv] for u in shown] for lv in LEVELS}
    unit_chart = charts.unit_comparison(
        [f"{u['unit_code']} · {u['unit_name'] or ''}".strip(" ·") for u in shown],
        [u["mean_total"] for u in shown], mix,
        formatting.level_names(LEVELS, lang),
        (text("html_units_chart", lang), text("col_mean_total", lang),
         text("html_level_mix", lang)), lang)
    staff = result.staff
    # the names of the people whose flags are shown
    named = staff[staff["staff_id"].isin(shown_flags["staff_id"].dropna().unique())]
    names = dict(zip([plain(v) for v in named["staff_id"]],
                     [plain(v) or "" for v in named["full_name"]], strict=True))
    return {
        "meta": meta(result, lang, text("report_title", lang, period=result.period.key)),
        "doc": payload,
        "counts": {"staff": len(staff),
                   "assessed": sum(bool(plain(a)) for a in staff["assessed"]),
                   "flags": result.flag_total},
        "levels": levels, "level_chart": level_chart,
        "units": payload["units"], "unit_chart": unit_chart,
        "units_more": len(units) - len(shown),
        "quota": [{**q, "duty_group": formatting.enum_value("duty_group", q["duty_group"], lang)}
                  for q in payload["quota"]],
        "quota_share": 100 * result.rules.quota_share,
        "quota_checked": result.period.kind in result.rules.quota_periods,
        "staff": ranking_rows(staff, lang),
        "flag_groups": flag_groups(payload["flags"], counts, names, lang),
        "xlsx_name": xlsx_name, "levels_order": LEVELS,
    }


def write_score_html(result: ScoreResult, files: list[InputFile], path: Path, lang: str) -> Path:
    """Write `kpi_<period>.html` atomically."""
    return stream_html("score.html.j2", lang, path,
                       **_score_context(result, files, lang, path.with_suffix(".xlsx").name))


def _markup(svg: str) -> Any:
    """An SVG made by matplotlib in `charts` (it escapes its text), marked safe for the template."""
    from markupsafe import Markup

    return Markup(svg)  # noqa: S704 - produced by matplotlib, not by a user
