"""The end-of-show report: the ledger as CSV, totals as CSV, a PNG chart, a PDF (chart and
per-product totals) and an HTML summary."""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

from studio.shop.database import default_data_folder
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import to_us
from studio.shop.money_format import format_money
from studio.shop.report.chart import product_colour, render_chart
from studio.shop.report.pdf import report_pdf
from studio.shop.report.png import encode_png

__all__ = ["ReportFiles", "default_report_folder", "write_report"]


@dataclass(frozen=True)
class ReportFiles:
    folder: Path
    ledger_csv: Path
    totals_csv: Path
    chart_png: Path
    summary_html: Path
    report_pdf: Path


def default_report_folder(show_id: int, name: str, data_folder: Path | None = None) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "show"
    return (data_folder or default_data_folder()) / "reports" / f"{show_id}-{slug}"


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
