"""Charts of the HTML reports: matplotlib figures saved as inline SVG.

Text stays text in the SVG (`svg.fonttype = none`): it can be searched, selected and read by
a screen reader, and Vietnamese diacritics are real characters. Layout is measured with
DejaVu Sans (shipped with matplotlib, it has every Vietnamese letter); the SVG asks for DejaVu
Sans first and falls back to the viewer's sans-serif fonts. Mathtext is off, so a `$` in a
unit name is just a dollar sign. matplotlib escapes the text it writes.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

LEVEL_COLOURS = {"HTXSNV": "#2E7D32", "HTTNV": "#2F6DB5", "HTNV": "#E0A100", "KHTNV": "#C62828",
                 "no_level": "#B0B0B0"}
ACCENT = "#1F4E78"
ALERT = "#C62828"
DECLARED = "#5B9BD5"
CONVERTED = "#A5A5A5"
MAX_ROWS = 40  # bars in one horizontal chart; the table beside it has every row
FONT_STACK = "'DejaVu Sans', 'Noto Sans', 'Segoe UI', Arial, sans-serif"

_RC: Any = {  # matplotlib types rc keys as literals; these are checked by matplotlib itself
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "legend.frameon": False,
    "legend.fontsize": 8,
    "svg.hashsalt": "kpitool",
}


@contextlib.contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(_RC):
        yield


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


_HEAD = re.compile(r"^.*?(<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


def to_svg(figure: Any, label: str, salt: str) -> str:
    """The figure as an `<svg>` element to inline, without the XML prologue and metadata.

    The SVG keeps its size (so text keeps its size); the page's CSS lets it shrink to fit.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _METADATA.sub("", _HEAD.sub(r"\1", buffer.getvalue(), count=1), count=1)
    head, _, rest = svg.partition(">")
    from markupsafe import escape

    head += f' class="chart" role="img" aria-label="{escape(label)}"'
    svg = head + ">" + rest
    return svg.replace("'DejaVu Sans'", FONT_STACK).strip()


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float, lang: str, decimals: int = 2) -> str:
    shown = f"{value:,.{decimals}f}"
    if lang == "vi":
        shown = shown.replace(",", " ").replace(".", ",").replace(" ", ".")
    return shown


def level_bars(labels: Sequence[str], levels: Sequence[str], counts: Sequence[int],
               title: str, lang: str) -> str:
    """Staff per level: one horizontal bar per level, with its count and share."""
    with _style():
        figure = _figure(6.6, 0.5 + 0.42 * len(levels))
        axes = figure.add_subplot()
        positions = list(range(len(levels)))[::-1]
        total = sum(counts) or 1
        axes.barh(positions, counts, color=[LEVEL_COLOURS[lv] for lv in levels], height=0.62)
        axes.set_yticks(positions, labels)
        for y, count in zip(positions, counts, strict=True):
            axes.annotate(f"{count} ({_number(100 * count / total, lang, 1)}%)", (count, y),
                          xytext=(4, 0), textcoords="offset points", va="center")
        axes.set_xlim(0, max(max(counts, default=0), 1) * 1.25)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_title(title, loc="left")
        return to_svg(figure, title, "levels")


def unit_comparison(names: Sequence[str], means: Sequence[float | None],
                    mix: Mapping[str, Sequence[int]], level_labels: Mapping[str, str],
                    titles: tuple[str, str, str], lang: str) -> str:
    """Per unit: mean total (left) and the share of each level (right), one row per unit."""
    count = len(names)
    with _style():
        figure = _figure(7.2, 1.0 + 0.3 * max(count, 2))
        left, right = figure.subplots(1, 2, sharey=True, width_ratios=[1, 1.25])
        positions = list(range(count))[::-1]
        values = [m if m is not None else 0.0 for m in means]
        left.barh(positions, values, color=ACCENT, height=0.62)
        for y, mean in zip(positions, means, strict=True):
            if mean is not None:
                left.annotate(_number(mean, lang), (mean, y), xytext=(3, 0),
                              textcoords="offset points", va="center", fontsize=8)
        left.set_yticks(positions, [_short(n, 34) for n in names])
        left.set_xlim(0, 115)
        left.set_title(titles[1], loc="left")
        totals = [sum(mix[level][i] for level in mix) or 1 for i in range(count)]
        start = [0.0] * count
        for level, counts in mix.items():
            shares = [100 * c / t for c, t in zip(counts, totals, strict=True)]
            right.barh(positions, shares, left=start, color=LEVEL_COLOURS[level], height=0.62,
                       label=level_labels[level])
            start = [s + v for s, v in zip(start, shares, strict=True)]
        right.set_xlim(0, 100)
        right.set_title(titles[2], loc="left")
        figure.legend(loc="outside lower center", ncol=2)
        return to_svg(figure, titles[0], "units")


def trend_lines(months: Sequence[str], series: Mapping[str, Sequence[float | None]], overall: str,
                title: str, ylabel: str) -> str:
    """Mean total per month: one line per unit, the overall line thick and dark."""
    with _style():
        figure = _figure(7.2, 3.6)
        axes = figure.add_subplot()
        x = list(range(len(months)))
        for name, values in series.items():
            points = [v if v is not None else float("nan") for v in values]
            if name == overall:
                axes.plot(x, points, color="#111111", linewidth=2.6, marker="o", label=name,
                          zorder=3)
            else:
                axes.plot(x, points, linewidth=1.3, marker="o", markersize=3.5, label=_short(name, 30))
        axes.set_xticks(x, list(months))
        axes.set_ylabel(ylabel)
        axes.grid(axis="y", color="#DDDDDD")
        axes.set_title(title, loc="left")
        axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7)
        return to_svg(figure, title, "trend")


def level_mix_panels(months: Sequence[str], panels: Mapping[str, Mapping[str, Sequence[int]]],
                     level_labels: Mapping[str, str], title: str) -> str:
    """Level mix per month: one small panel per unit (and overall), stacked counts per month."""
    names = list(panels)
    columns = 4 if len(names) > 4 else max(len(names), 1)
    rows = -(-len(names) // columns)
    with _style():
        figure = _figure(7.2, 0.9 + 1.55 * rows)
        grid = figure.subplots(rows, columns, squeeze=False)
        x = list(range(len(months)))
        for index, axes in enumerate(grid.flat):
            if index >= len(names):
                axes.set_visible(False)
                continue
            name = names[index]
            bottom = [0] * len(months)
            for level, counts in panels[name].items():
                axes.bar(x, counts, bottom=bottom, color=LEVEL_COLOURS[level], width=0.7,
                         label=level_labels[level])
                bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
            axes.set_xticks(x, [m[-2:] for m in months], fontsize=7)
            axes.tick_params(axis="y", labelsize=7)
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_title(_short(name, 22), fontsize=8, loc="left")
        handles, labels = grid.flat[0].get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncol=2)
        figure.suptitle(title, x=0.0, ha="left", fontsize=10, fontweight="bold")
        return to_svg(figure, title, "mix")


def hours_bars(names: Sequence[str], declared: Sequence[float | None],
               converted: Sequence[float | None], outliers: Sequence[bool],
               labels: tuple[str, str, str, str], day_hours: float, lang: str) -> str:
    """Declared and converted hours per working day per unit; outlier units marked ⚠ in red."""
    count = len(names)
    with _style():
        figure = _figure(7.2, 1.1 + 0.42 * max(count, 2))
        axes = figure.add_subplot()
        positions = [float(i) for i in range(count)][::-1]
        dvalues = [d if d is not None else 0.0 for d in declared]
        cvalues = [c if c is not None else 0.0 for c in converted]
        from matplotlib.patches import Patch

        axes.barh([p + 0.2 for p in positions], dvalues, height=0.38,
                  color=[ALERT if o else DECLARED for o in outliers])
        axes.barh([p - 0.2 for p in positions], cvalues, height=0.38, color=CONVERTED)
        axes.axvline(day_hours, color="#333333", linestyle="--", linewidth=0.9)
        axes.annotate(_number(day_hours, lang, 0) + " h", (day_hours, 1.0),
                      xycoords=("data", "axes fraction"), xytext=(3, -10),
                      textcoords="offset points", fontsize=7.5)
        ticks = [("⚠ " if o else "") + _short(n, 34) for n, o in zip(names, outliers, strict=True)]
        axes.set_yticks(positions, ticks)
        for tick, outlier in zip(axes.get_yticklabels(), outliers, strict=True):
            if outlier:
                tick.set_color(ALERT)
                tick.set_fontweight("bold")
        axes.set_title(labels[0], loc="left")
        handles = [Patch(color=DECLARED, label=labels[1]), Patch(color=CONVERTED, label=labels[2])]
        if any(outliers):
            handles.append(Patch(color=ALERT, label="⚠ " + labels[3]))
        figure.legend(handles=handles, loc="outside lower center", ncol=len(handles))
        return to_svg(figure, labels[0], "hours")


def task_bars(names: Sequence[str], hours: Sequence[float], title: str, lang: str) -> str:
    """Converted hours per task, most first."""
    count = len(names)
    with _style():
        figure = _figure(7.2, 0.8 + 0.3 * max(count, 2))
        axes = figure.add_subplot()
        positions = list(range(count))[::-1]
        axes.barh(positions, hours, color=ACCENT, height=0.62)
        axes.set_yticks(positions, [_short(n, 52) for n in names])
        for y, value in zip(positions, hours, strict=True):
            axes.annotate(_number(value, lang, 1), (value, y), xytext=(3, 0),
                          textcoords="offset points", va="center", fontsize=7.5)
        axes.set_xlim(0, max(max(hours, default=0), 1) * 1.15)
        axes.set_title(title, loc="left")
        return to_svg(figure, title, "tasks")


def flag_bars(names: Sequence[str], counts: Sequence[int], title: str) -> str:
    """Flags per kind, most frequent first."""
    count = len(names)
    with _style():
        figure = _figure(7.2, 0.8 + 0.3 * max(count, 2))
        axes = figure.add_subplot()
        positions = list(range(count))[::-1]
        axes.barh(positions, counts, color="#E07B39", height=0.62)
        axes.set_yticks(positions, [_short(n, 52) for n in names])
        for y, value in zip(positions, counts, strict=True):
            axes.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points",
                          va="center", fontsize=7.5)
        axes.set_xlim(0, max(max(counts, default=0), 1) * 1.15)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_title(title, loc="left")
        return to_svg(figure, title, "flags")
