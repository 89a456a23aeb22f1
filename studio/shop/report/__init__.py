"""The end-of-show report: the ledger as CSV, totals as CSV, a PNG chart, a PDF (chart and
per-product totals) and an HTML summary.

The chart and the tables cover the show's own time (see :mod:`.show_time`) and key each
featured product by the same colour (see :mod:`.palette`). A featured product's row says where
it is in the show's recordings and links to its clip once that is in the folder (see
:mod:`.clip_links`); writing the report again after the clips are cut adds the links.

:func:`write_report` writes into a given folder; :func:`write_show_report` makes a new folder
naming the show and its date inside a parent (the recordings folder), never reusing an
earlier report's folder.
"""

from __future__ import annotations

import csv
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from studio.shop.database import default_data_folder
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import FeaturedInterval, Show, ShowTotals
from studio.shop.money_format import format_money
from studio.shop.report.chart import render_chart
from studio.shop.report.clip_links import FeaturedClip, featured_clips
from studio.shop.report.csv_cells import text_cell
from studio.shop.report.palette import ProductKey, hex_colour, product_keys
from studio.shop.report.pdf import report_pdf
from studio.shop.report.show_time import ShowWindow, format_show_time, local_clock, show_window

REPORT_PAGE = "summary.html"  # the report's page: a folder that holds one is a report folder

__all__ = [
    "REPORT_PAGE",
    "ReportFiles",
    "ShowWindow",
    "default_report_folder",
    "new_report_folder",
    "report_folder_name",
    "write_report",
    "write_show_report",
]


@dataclass(frozen=True)
class ReportFiles:
    folder: Path
    ledger_csv: Path
    totals_csv: Path
    chart_png: Path
    summary_html: Path
    report_pdf: Path

    @property
    def paths(self) -> list[Path]:
        """Every file written, the ledger first."""
        return [self.ledger_csv, self.totals_csv, self.chart_png, self.report_pdf,
                self.summary_html]  # fmt: skip


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "show"


def default_report_folder(show_id: int, name: str, data_folder: Path | None = None) -> Path:
    return (data_folder or default_data_folder()) / "reports" / f"{show_id}-{_slug(name)}"


def report_folder_name(show: Show) -> str:
    """``friday-night-2026-11-01-report``: the show's name and the local date it started
    (the date once only when the name has it already, as "Show 2026-11-01" does)."""
    date = show.started_at.astimezone().date().isoformat()
    slug = _slug(show.name)
    return f"{slug}-report" if date in slug else f"{slug}-{date}-report"


def new_report_folder(parent: Path, show: Show) -> Path:
    """Create and return a new report folder for ``show`` in ``parent``; when an earlier
    report has the name, the next free ``-2``, ``-3``… (an earlier report is never
    overwritten). Raises OSError when ``parent`` cannot be used."""
    parent.mkdir(parents=True, exist_ok=True)
    base = report_folder_name(show)
    names = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    while True:
        folder = parent / next(names)
        try:
            folder.mkdir()  # atomic: two reports at once never share a folder
        except FileExistsError:
            continue
        return folder


def write_show_report(
    ledger: Ledger,
    show_id: int,
    parent: Path,
    *,
    locale: str = "en_US",
    on_air: ShowWindow | None = None,
) -> ReportFiles:
    """The show's report in a new folder of ``parent`` (see :func:`new_report_folder`)."""
    folder = new_report_folder(parent, ledger.show(show_id))
    return write_report(ledger, show_id, folder, locale=locale, on_air=on_air)


def report_products(
    ledger: Ledger, totals: ShowTotals, featured: list[FeaturedInterval]
) -> list[ProductKey]:
    """The report's products with their colours: those sold (best first), then those
    featured without a sale (titled from the catalog, or their id once deleted)."""
    sold = [(t.product_id, t.title) for t in totals.products]
    shown = []
    for interval in featured:
        product = ledger.catalog.get(interval.product_id)
        shown.append((interval.product_id, product.title if product else interval.product_id))
    return product_keys([*sold, *shown])


def write_report(
    ledger: Ledger,
    show_id: int,
    folder: Path,
    *,
    locale: str = "en_US",
    on_air: ShowWindow | None = None,
) -> ReportFiles:
    """Write the report's files into ``folder``. ``on_air``: when the show went live and
    ended; by default the ledger show's own start and end once it has ended, else its first
    to last event."""
    show = ledger.show(show_id)
    if on_air is None and show.ended_at is not None:
        on_air = ShowWindow(show.started_at, show.ended_at)
    folder.mkdir(parents=True, exist_ok=True)
    entries = ledger.entries(show_id)
    totals = ledger.totals(show_id)
    files = ReportFiles(
        folder, folder / "ledger.csv", folder / "totals.csv", folder / "sales.png",
        folder / REPORT_PAGE, folder / "report.pdf",
    )  # fmt: skip

    with files.ledger_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entry", "time_utc", "product_id", "title", "sku", "variant", "quantity",
                         "unit_price", "total", "currency", "source", "external_id", "status",
                         "buyer"])  # fmt: skip
        for e in entries:
            writer.writerow([e.id, e.at.isoformat(), text_cell(e.product_id),
                             text_cell(e.title), text_cell(e.sku), text_cell(e.variant),
                             e.quantity, str(e.unit_price.amount), str(e.total.amount),
                             e.unit_price.currency, e.source.value, text_cell(e.external_id),
                             e.status.value, text_cell(e.buyer)])  # fmt: skip

    with files.totals_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product_id", "title", "units_sold", "revenue", "currency", "waitlisted"])
        for t in totals.products:
            writer.writerow([text_cell(t.product_id), text_cell(t.title), t.units,
                             str(t.revenue.amount),
                             t.revenue.currency, t.waitlisted_units])  # fmt: skip
        writer.writerow(["TOTAL", "", totals.units, str(totals.revenue.amount), show.currency, ""])

    featured = ledger.featured_intervals(show_id)
    window = show_window(entries, featured, on_air, fallback_start=show.started_at)
    keys = report_products(ledger, totals, featured)
    chart = render_chart(entries, featured, keys, window, show.currency, locale)
    files.chart_png.write_bytes(chart.png)
    in_window = {f.product_id for f in featured if window.clip(f) is not None}
    rows = [(key, key.product_id in in_window) for key in keys]
    clips = featured_clips(ledger, show_id, folder)
    units = "unit" if totals.units == 1 else "units"
    lines = [
        f"{_span_text(window)} · {totals.units} {units} · {format_money(totals.revenue, locale)}",
        "Units sold and revenue over the show; featured products shaded in their table colour.",
    ]
    files.report_pdf.write_bytes(
        report_pdf(show, totals, rows, chart.svg, lines, locale, clips=clips)
    )
    files.summary_html.write_text(
        _summary_html(show, totals, rows, lines[0], locale, clips), encoding="utf-8"
    )
    return files


def _span_text(window: ShowWindow) -> str:
    """``2026-11-01 18:00:00 to 18:30:00 (local time, 0:30:00)``."""
    date = window.start.astimezone().date().isoformat()
    length = format_show_time(window.duration_s)
    return f"{date} {local_clock(window.start)} to {local_clock(window.end)} (local time, {length})"


def _summary_html(
    show: Show,
    totals: ShowTotals,
    rows: list[tuple[ProductKey, bool]],
    span: str,
    locale: str,
    clips: dict[str, list[FeaturedClip]],
) -> str:
    by_id = {t.product_id: t for t in totals.products}
    zero = format_money(totals.revenue * 0, locale)
    # The recording column only when the show was recorded or its clips cut.
    recorded = any(c.times or c.clip for featured in clips.values() for c in featured)
    cells = []
    for key, was_featured in rows:
        swatch = (
            f'<span class="swatch" style="background:{hex_colour(key.band)};'
            f'border:2px solid {hex_colour(key.colour)}"></span>'
            if was_featured
            else '<span class="swatch"></span>'
        )
        total = by_id.get(key.product_id)
        units, waitlisted = (total.units, total.waitlisted_units) if total else (0, 0)
        revenue = format_money(total.revenue, locale) if total else zero
        featured = clips.get(key.product_id, [])
        title = html.escape(key.title)
        first_clip = next((c.clip for c in featured if c.clip), None)
        if first_clip is not None:
            title = f'<a href="{_href(first_clip)}">{title}</a>'
        recording = f"<td>{_recording_cell(featured)}</td>" if recorded else ""
        cells.append(
            f"<tr><td>{swatch} {title}</td><td>{units}</td>"
            f"<td>{html.escape(revenue)}</td><td>{waitlisted}</td>{recording}</tr>"
        )
    rows_html = "\n".join(cells)
    revenue_total = format_money(totals.revenue, locale)
    recording_head = "<th>In the recording</th>" if recorded else ""
    recording_foot = "<th></th>" if recorded else ""
    return f"""<!doctype html><meta charset="utf-8"><title>{html.escape(show.name)}</title>
<style>.swatch{{display:inline-block;width:0.8em;height:0.8em;box-sizing:border-box;
vertical-align:middle}} td{{padding:0 0.6em}}</style>
<h1>{html.escape(show.name)}</h1>
<p>{html.escape(span)}</p>
<img src="sales.png" alt="Units sold and revenue over the show, featured products shaded">
<table><tr><th>Product</th><th>Units</th><th>Revenue</th><th>Waitlisted</th>{recording_head}</tr>
{rows_html}
<tr><th>TOTAL</th><th>{totals.units}</th><th>{html.escape(revenue_total)}</th><th></th>{recording_foot}</tr>
</table>
"""


def _recording_cell(featured: list[FeaturedClip]) -> str:
    """Each time the product was on: ``at 00:12:34 in show.mkv · clip · vertical clip``,
    the clips linked (only those in the folder)."""
    lines = []
    for clip in featured:
        parts = [html.escape("at " + "; ".join(t.text for t in clip.times))] if clip.times else []
        if clip.clip is not None:
            parts.append(f'<a class="clip" href="{_href(clip.clip)}">clip</a>')
        if clip.vertical_clip is not None:
            parts.append(f'<a class="clip" href="{_href(clip.vertical_clip)}">vertical clip</a>')
        if parts:
            lines.append(" · ".join(parts))
    return "<br>".join(lines)


def _href(file_name: str) -> str:
    """A relative link to a file of the report folder, quoted for a URL and an attribute."""
    return html.escape(quote(file_name), quote=True)
