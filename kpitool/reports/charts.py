"""Charts of the HTML reports, as inline SVG.

The score report's two bar charts are laid out here (`bar_chart`: plain numbers and strings)
and drawn by `templates/charts.svg.j2`, which escapes their text: horizontal bars need no
plotting library, and `kpitool score` stays clear of matplotlib's second of import and layout.
The analysis report's charts (lines, panels) are matplotlib figures saved as SVG.

Text stays text in the SVG (`svg.fonttype = none` for matplotlib): it can be searched,
selected and read by a screen reader, and Vietnamese diacritics are real characters. Layout is
measured with DejaVu Sans (shipped with matplotlib, it has every Vietnamese letter); the SVG
asks for DejaVu Sans first and falls back to the viewer's sans-serif fonts. Mathtext is off, so
a `$` in a unit name is just a dollar sign. matplotlib escapes the text it writes.
"""

from __future__ import annotations

import contextlib
import io
import math
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
FONT_SIZE = 9.0
CHAR_WIDTH = 0.6  # DejaVu Sans' mean advance in em over Vietnamese text; label room errs wide
ROW_HEIGHT = 24.0  # points per bar row
BAR_SHARE = 0.62  # of a row, the bar's thickness
LEGEND_ROW = 14.0

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


def nice_ticks(top: float, integer: bool = False, most: int = 8) -> list[float]:
    """Round tick values from 0 up to `top`: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0]
    raw = top / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in ((1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10))
                if m * power >= raw)
    step = max(step, 1) if integer else step
    return [i * step for i in range(int(top / step + 1e-9) + 1)]


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _tick_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def bar_chart(label: str, rows: Sequence[str], panels: Sequence[Mapping[str, Any]],
              width: float, legend: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """The layout of a horizontal bar chart, for `templates/charts.svg.j2` to draw.

    Args:
        label: what a screen reader says for the whole chart.
        rows: one label per bar row, top to bottom.
        panels: side by side, sharing the rows; each has a `title`, the axis end `top`,
            `ticks`, a `share` of the width, `bars` (per row, a list of `(start, length,
            colour)`) and `notes` (per row, the text written after the bar, or None).
        legend: `(colour, text)` swatches under the chart, two to a line.
    Returns:
        Plain numbers and strings in points (the SVG's user unit); the template escapes text.
    """
    gutter = max((_text_width(r) for r in rows), default=0.0) + 10
    plot_top = 24.0
    axis_y = plot_top + ROW_HEIGHT * max(len(rows), 1)
    gap = 22.0
    room = width - gutter - 8 - gap * (len(panels) - 1)
    total_share = sum(p["share"] for p in panels)
    bar_height = ROW_HEIGHT * BAR_SHARE
    drawn, x0 = [], gutter
    for panel in panels:
        span = room * panel["share"] / total_share
        scale = span / panel["top"]
        bars, notes = [], []
        for index, (segments, note) in enumerate(zip(panel["bars"], panel["notes"], strict=True)):
            y = plot_top + index * ROW_HEIGHT + (ROW_HEIGHT - bar_height) / 2
            end = x0
            for start, length, colour in segments:
                if length > 0:
                    bars.append({"x": round(x0 + start * scale, 2), "y": round(y, 2),
                                 "w": round(length * scale, 2), "h": round(bar_height, 2),
                                 "fill": colour})
                end = max(end, x0 + (start + length) * scale)
            if note is not None:
                notes.append({"x": round(end + 3, 2), "y": round(y + bar_height / 2, 2),
                              "text": note})
        drawn.append({"x": round(x0, 2), "w": round(span, 2), "title": panel["title"],
                      "ticks": [{"x": round(x0 + t * scale, 2), "text": _tick_text(t)}
                                for t in panel["ticks"]],
                      "bars": bars, "notes": notes})
        x0 += span + gap
    legend_top = axis_y + 30
    column = (width - gutter) / 2
    swatches = [{"x": round(gutter + (i % 2) * column, 2),
                 "y": round(legend_top + (i // 2) * LEGEND_ROW, 2), "fill": colour, "text": text}
                for i, (colour, text) in enumerate(legend)]
    height = legend_top + LEGEND_ROW * -(-len(legend) // 2) + (0 if legend else -12)
    return {"label": label, "width": width, "height": round(height, 2), "font": FONT_STACK,
            "font_size": FONT_SIZE, "top": plot_top, "axis_y": round(axis_y, 2),
            "label_x": round(gutter - 6, 2),
            "rows": [{"y": round(plot_top + (i + 0.5) * ROW_HEIGHT, 2), "text": r}
                     for i, r in enumerate(rows)],
            "panels": drawn, "legend": swatches}


def level_bars(labels: Sequence[str], levels: Sequence[str], counts: Sequence[int],
               title: str, lang: str) -> dict[str, Any]:
    """Staff per level: one horizontal bar per level, with its count and share."""
    total = sum(counts) or 1
    top = max(max(counts, default=0), 1) * 1.25
    return bar_chart(title, labels, [{
        "title": title, "top": top, "ticks": nice_ticks(top, integer=True), "share": 1.0,
        "bars": [[(0, count, LEVEL_COLOURS[level])] for level, count in zip(levels, counts,
                                                                              strict=True)],
        "notes": [f"{count} ({_number(100 * count / total, lang, 1)}%)" for count in counts],
    }], width=480)


def unit_comparison(names: Sequence[str], means: Sequence[float | None],
                    mix: Mapping[str, Sequence[int]], level_labels: Mapping[str, str],
                    titles: tuple[str, str, str], lang: str) -> dict[str, Any]:
    """Per unit: mean total (left) and the share of each level (right), one row per unit."""
    count = len(names)
    totals = [sum(mix[level][i] for level in mix) or 1 for i in range(count)]
    stacks: list[list[tuple[float, float, str]]] = [[] for _ in range(count)]
    for i in range(count):
        start = 0.0
        for level, counts in mix.items():
            share = 100 * counts[i] / totals[i]
            stacks[i].append((start, share, LEVEL_COLOURS[level]))
            start += share
    return bar_chart(titles[0], [_short(n, 34) for n in names], [
        {"title": titles[1], "top": 115, "ticks": [0, 25, 50, 75, 100], "share": 1.0,
         "bars": [[(0, m or 0.0, ACCENT)] for m in means],
         "notes": [None if m is None else _number(m, lang) for m in means]},
        {"title": titles[2], "top": 100, "ticks": [0, 20, 40, 60, 80, 100], "share": 1.25,
         "bars": stacks, "notes": [None] * count},
    ], width=560, legend=[(LEVEL_COLOURS[level], level_labels[level]) for level in mix])


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
        axes.set_ylim(0, 100)  # the whole scale: a zoomed axis makes small changes look large
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
