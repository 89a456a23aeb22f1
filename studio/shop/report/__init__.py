"""The end-of-show report: the ledger as CSV, totals as CSV, a PNG chart, a PDF (chart and
per-product totals) and an HTML summary.

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

from studio.shop.database import default_data_folder
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import Show, to_us
from studio.shop.money_format import format_money
from studio.shop.report.chart import product_colour, render_chart
from studio.shop.report.pdf import report_pdf
from studio.shop.report.png import encode_png

__all__ = [
    "ReportFiles",
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
    ledger: Ledger, show_id: int, parent: Path, *, locale: str = "en_US"
) -> ReportFiles:
    """The show's report in a new folder of ``parent`` (see :func:`new_report_folder`)."""
    folder = new_report_folder(parent, ledger.show(show_id))
    return write_report(ledger, show_id, folder, locale=locale)


def choose_bucket_s(duration_s: int) -> int:
    """About 60 bars at most, in steps a person reads easily."""
    for bucket_s in (10, 30, 60, 120, 300, 600, 900, 1800, 3600):
        if duration_s / bucket_s <= 60:
            return bucket_s
    return 7200


def write_report(
    ledger: Ledger, show_id: int, folder: Path, *, locale: str = "en_US"
) -> ReportFiles:
    show = ledger.show(show_id)
    folder.mkdir(parents=True, exist_ok=True)
    entries = ledger.entries(show_id)
    totals = ledger.totals(show_id)
    files = ReportFiles(
        folder, folder / "ledger.csv", folder / "totals.csv", folder / "sales.png",
        folder / "summary.html", folder / "report.pdf",
    )  # fmt: skip

    with files.ledger_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entry", "time_utc", "product_id", "title", "sku", "variant", "quantity",
                         "unit_price", "total", "currency", "source", "external_id", "status",
                         "buyer"])  # fmt: skip
        for e in entries:
            writer.writerow([e.id, e.at.isoformat(), e.product_id, e.title, e.sku, e.variant,
                             e.quantity, str(e.unit_price.amount), str(e.total.amount),
                             e.unit_price.currency, e.source.value, e.external_id or "",
                             e.status.value, e.buyer])  # fmt: skip

    with files.totals_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["product_id", "title", "units_sold", "revenue", "currency", "waitlisted"])
        for t in totals.products:
            writer.writerow([t.product_id, t.title, t.units, str(t.revenue.amount),
                             t.revenue.currency, t.waitlisted_units])  # fmt: skip
        writer.writerow(["TOTAL", "", totals.units, str(totals.revenue.amount), show.currency, ""])

    start_us = to_us(show.started_at)
    last_us = max([to_us(e.at) for e in entries] + [start_us])
    featured = ledger.featured_intervals(show_id)
    last_us = max([last_us] + [to_us(f.end) for f in featured if f.end])
    bucket_s = choose_bucket_s(max((last_us - start_us) // 1_000_000, 1))
    buckets = ledger.sales_over_time(show_id, bucket_s)
    image = render_chart(buckets, bucket_s, featured, totals.products, start_us)
    files.chart_png.write_bytes(encode_png(image))
    files.report_pdf.write_bytes(report_pdf(show, totals, image, bucket_s, locale))

    rows = "\n".join(
        f'<tr><td><span style="background:rgb{product_colour(i)}">&nbsp;&nbsp;</span> '
        f"{html.escape(t.title)}</td><td>{t.units}</td>"
        f"<td>{html.escape(format_money(t.revenue, locale))}</td><td>{t.waitlisted_units}</td></tr>"
        for i, t in enumerate(totals.products)
    )
    files.summary_html.write_text(
        f"""<!doctype html><meta charset="utf-8"><title>{html.escape(show.name)}</title>
<h1>{html.escape(show.name)}</h1>
<p>Started {show.started_at.isoformat()} · {totals.units} units ·
{html.escape(format_money(totals.revenue, locale))}</p>
<img src="sales.png" alt="Sales over time ({bucket_s} s bars), featured products shaded">
<table><tr><th>Product</th><th>Units</th><th>Revenue</th><th>Waitlisted</th></tr>
{rows}
</table>
""",
        encoding="utf-8",
    )
    return files
