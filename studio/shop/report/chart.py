"""The report's sales chart, drawn with matplotlib: cumulative units sold (left axis) and
revenue (right axis, in the show's currency) over the show's own time (h:mm:ss from its
start), the featured products as bands in their report colours, and a legend.

One figure gives both the PNG of the report folder (Agg) and an SVG that the PDF draws as
vector paths and text (see :mod:`studio.render.report_pdf`). Only matplotlib's Figure and
its Agg and SVG canvases are used, never pyplot: no GUI backend and no global figure state,
so it runs headless and on a worker thread. matplotlib is imported on the first chart, so the
studio's start does not pay for it.

Product titles come from strangers' catalogs: they are flattened to one line, shortened for
the legend, and never parsed as mathtext (a ``$`` in "2 for $30" stays a dollar sign).
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.shop.ledger_model import EntryStatus, FeaturedInterval, LedgerEntry
from studio.shop.money import Money, minor_digits
from studio.shop.money_format import format_money
from studio.shop.report.palette import ProductKey, hex_colour
from studio.shop.report.show_time import (
    ShowWindow,
    format_show_time,
    local_clock,
    time_ticks_s,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_IN, PLOT_HEIGHT_IN, LEGEND_ROW_IN, DPI = 9.6, 4.2, 0.3, 100  # the PNG is 960 px wide
UNITS_COLOUR, REVENUE_COLOUR = "#1f3a93", "#222222"
LABEL_CHARS = 40  # a legend entry longer than this is shortened with "…"
# About this many characters of 10 pt DejaVu (with the legend's keys) fill the figure's width.
LEGEND_ROW_CHARS = 120
FONT_FAMILY = "DejaVu Sans"  # shipped with matplotlib, so the PNG looks the same everywhere
# rcParams for every chart: no mathtext in any label, text kept as text in the SVG (the PDF
# draws it with Qt's fonts, which shape right-to-left scripts), ids that do not change.
RC: dict[str, Any] = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "liveshop-report",
    "font.family": FONT_FAMILY,
    "font.size": 10,
}
_matplotlib_lock = threading.Lock()  # rc_context changes matplotlib's global rcParams


@dataclass(frozen=True)
class ChartImages:
    png: bytes
    svg: bytes


@dataclass(frozen=True)
class SalesSteps:
    """Cumulative sold units and revenue (minor units) after each moment, in show seconds;
    starts at 0 and ends at the window's end."""

    times_s: list[float]
    units: list[int]
    revenue_minor: list[int]


def sales_steps(entries: Sequence[LedgerEntry], window: ShowWindow) -> SalesSteps:
    times, units, revenue = [0.0], [0], [0]
    for entry in sorted(entries, key=lambda e: e.at):
        if entry.status is not EntryStatus.SOLD:
            continue
        times.append(min(max(window.elapsed_s(entry.at), 0.0), window.axis_span_s))
        units.append(units[-1] + entry.quantity)
        revenue.append(revenue[-1] + entry.total.minor_units)
    times.append(window.axis_span_s)
    units.append(units[-1])
    revenue.append(revenue[-1])
    return SalesSteps(times, units, revenue)


def one_line_label(title: str, limit: int | None = LABEL_CHARS) -> str:
    """``title`` on one line (control characters and runs of spaces made single spaces),
    shortened to ``limit`` characters (None: any length)."""
    flat = re.sub(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", title).strip() or "(untitled)"
    if limit is None or len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + "…"


def render_chart(
    entries: Sequence[LedgerEntry],
    featured: Sequence[FeaturedInterval],
    keys: Sequence[ProductKey],
    window: ShowWindow,
    currency: str,
    locale: str = "en_US",
) -> ChartImages:
    """The chart as PNG and SVG bytes (see the module's note)."""
    import matplotlib

    with _matplotlib_lock, matplotlib.rc_context(RC), warnings.catch_warnings():  # type: ignore[arg-type]
        # A title with emoji or a script DejaVu lacks: matplotlib draws a box and warns once
        # per glyph; the PDF (drawn by Qt) has its own font fallback.
        warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
        figure = _figure(entries, featured, keys, window, currency, locale)
        return ChartImages(png=_print(figure, "png"), svg=_print(figure, "svg"))


def _print(figure: Figure, kind: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.BytesIO()
    if kind == "png":
        FigureCanvasAgg(figure).print_png(buffer)
    else:
        FigureCanvasSVG(figure).print_svg(buffer)
    return buffer.getvalue()


def _figure(
    entries: Sequence[LedgerEntry],
    featured: Sequence[FeaturedInterval],
    keys: Sequence[ProductKey],
    window: ShowWindow,
    currency: str,
    locale: str,
) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    by_id = {key.product_id: key for key in keys}
    bands = [
        (by_id[interval.product_id], span)
        for interval in featured
        if interval.product_id in by_id and (span := window.clip(interval)) is not None
    ]
    shown = list(dict.fromkeys(key for key, _ in bands))  # legend order: first featured first
    labels = ["Units sold (left axis)", "Revenue (right axis)"]
    labels += [f"Featured: {one_line_label(key.title)}" for key in shown]
    # As many columns as the longest entry lets fit: the legend never runs off the figure.
    columns = min(max(LEGEND_ROW_CHARS // (max(map(len, labels)) + 8), 1), 3)
    legend_rows = -(-len(labels) // columns)
    figure = Figure(
        figsize=(WIDTH_IN, PLOT_HEIGHT_IN + LEGEND_ROW_IN * legend_rows),
        dpi=DPI,
        layout="constrained",
        facecolor="white",
    )
    units_axes = figure.add_subplot()
    revenue_axes = units_axes.twinx()
    span_s = window.axis_span_s

    for key, (start_s, end_s) in bands:
        units_axes.axvspan(start_s, end_s, facecolor=hex_colour(key.band), edgecolor="none",
                           zorder=0)  # fmt: skip
        # A strip of the full colour along the top names the band even where it is narrow.
        units_axes.axvspan(start_s, end_s, ymin=0.97, ymax=1.0, facecolor=hex_colour(key.colour),
                           edgecolor="none", zorder=0)  # fmt: skip

    steps = sales_steps(entries, window)
    scale = 10 ** minor_digits(currency)
    revenue_major = [minor / scale for minor in steps.revenue_minor]
    units_axes.step(steps.times_s, steps.units, where="post", color=UNITS_COLOUR, linewidth=2.2,
                    zorder=3)  # fmt: skip
    revenue_axes.step(steps.times_s, revenue_major, where="post", color=REVENUE_COLOUR,
                      linewidth=1.4, linestyle=(0, (5, 3)), zorder=3)  # fmt: skip

    units_axes.set_xlim(0, span_s)
    ticks = time_ticks_s(span_s)
    units_axes.set_xticks(ticks, [format_show_time(t) for t in ticks])
    units_axes.set_xlabel(
        f"Show time (h:mm:ss from the start, {local_clock(window.start)} local time)"
    )
    units_axes.set_ylim(0, max(steps.units[-1] * 1.08, 1))
    units_axes.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    units_axes.set_ylabel("Units sold (cumulative)", color=UNITS_COLOUR)
    units_axes.tick_params(axis="y", colors=UNITS_COLOUR)
    units_axes.grid(True, color="#d0d0d0", linewidth=0.6, zorder=1)
    units_axes.set_axisbelow(True)

    revenue_axes.set_ylim(0, max(revenue_major[-1] * 1.08, 1.0))

    def money_tick(value: float, _position: Any) -> str:
        return format_money(Money.from_minor(round(value * scale), currency), locale)

    revenue_axes.yaxis.set_major_formatter(FuncFormatter(money_tick))
    revenue_axes.set_ylabel(f"Revenue (cumulative, {currency})", color=REVENUE_COLOUR)

    units_axes.set_title(
        f"Sales during the show, {local_clock(window.start)} to {local_clock(window.end)}",
        loc="left",
    )
    handles: list[Any] = [
        Line2D([], [], color=UNITS_COLOUR, linewidth=2.2),
        Line2D([], [], color=REVENUE_COLOUR, linewidth=1.4, linestyle=(0, (5, 3))),
    ]
    handles += [
        Patch(facecolor=hex_colour(key.band), edgecolor=hex_colour(key.colour)) for key in shown
    ]
    figure.legend(handles, labels, loc="outside lower center", ncols=columns, frameon=False)
    return figure
